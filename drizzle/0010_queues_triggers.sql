-- Hand-written (drizzle-kit generate --custom). Order queues (issue 10): the tallies and linked statuses
-- the queues read are kept by a replica observer (src/main/features/orders/queueObserver.ts) as the sync
-- engine writes rows. Deletions are the exception: a snapshot's clean-up deletes rows in one statement,
-- behind the observers' back, so the database itself follows deletions here. (Only DELETE triggers: an
-- INSERT or UPDATE trigger on these tables would cost every upsert a statement journal, measured at about
-- half the price of the row itself.)
CREATE TRIGGER `order_tallies_ad` AFTER DELETE ON `platform_orders`
BEGIN
  UPDATE order_tallies SET n = n - 1 WHERE status = OLD.status AND channel = OLD.channel;
  UPDATE order_account_tallies SET n = n - 1 WHERE account_id = OLD.account_id AND status = OLD.status AND channel = OLD.channel;
  DELETE FROM order_drift WHERE order_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER `dms_orders_status_ad` AFTER DELETE ON `dms_orders`
BEGIN
  UPDATE platform_orders SET dms_status = (
    SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
    ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
  ) WHERE id = OLD.platform_order_id;
END;
--> statement-breakpoint
CREATE TRIGGER `platform_dealer_statuses_ad` AFTER DELETE ON `platform_dealer_statuses`
BEGIN
  UPDATE platform_orders SET dealer_status = (
    SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1
  ) WHERE id = OLD.order_id;
END;
--> statement-breakpoint
-- Backfill for a replica synced before this migration.
INSERT INTO order_tallies (status, channel, n) SELECT status, channel, count(*) FROM platform_orders GROUP BY status, channel;
--> statement-breakpoint
INSERT INTO order_account_tallies (account_id, status, channel, n)
  SELECT account_id, status, channel, count(*) FROM platform_orders GROUP BY account_id, status, channel;
--> statement-breakpoint
UPDATE platform_orders SET dms_status = (
  SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
  ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
) WHERE EXISTS (SELECT 1 FROM dms_orders d WHERE d.platform_order_id = platform_orders.id);
--> statement-breakpoint
UPDATE platform_orders SET dealer_status = (
  SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1
) WHERE EXISTS (SELECT 1 FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id);
