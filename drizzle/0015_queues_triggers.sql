-- Hand-written (drizzle-kit generate --custom). Order queues (issue 10): the tallies and linked facts the
-- queues read are kept by a replica observer (src/main/features/orders/queueObserver.ts) as the sync engine
-- writes rows. Deletions are the exception: a snapshot's clean-up deletes rows in one statement, behind the
-- observers' back, so the database itself follows deletions here. (Only DELETE triggers: an INSERT or
-- UPDATE trigger on these tables would cost every upsert a statement journal, measured at about half the
-- price of the row itself.)
CREATE TRIGGER `order_tallies_ad` AFTER DELETE ON `platform_orders`
BEGIN
  UPDATE order_tallies SET n = n - 1 WHERE status = OLD.status AND channel = OLD.channel;
  UPDATE order_region_tallies SET n = n - 1
  WHERE region = coalesce((SELECT region FROM platform_accounts WHERE id = OLD.account_id), '') AND status = OLD.status AND channel = OLD.channel;
  DELETE FROM order_drift WHERE order_id = OLD.id;
  -- Should the order come back (a re-snapshot, then the feed), its DMS order and publications are still here.
  INSERT OR IGNORE INTO order_links_waiting (order_id)
    SELECT OLD.id WHERE EXISTS (SELECT 1 FROM dms_orders WHERE platform_order_id = OLD.id)
      OR EXISTS (SELECT 1 FROM platform_dealer_statuses WHERE order_id = OLD.id);
END;
--> statement-breakpoint
-- An account gone: its orders are counted under no region, as before it arrived.
CREATE TRIGGER `order_region_tallies_account_ad` AFTER DELETE ON `platform_accounts`
BEGIN
  UPDATE order_region_tallies SET n = n - (
    SELECT count(*) FROM platform_orders o WHERE o.account_id = OLD.id AND o.status = order_region_tallies.status AND o.channel = order_region_tallies.channel
  ) WHERE region = OLD.region;
  INSERT INTO order_region_tallies (region, status, channel, n)
    SELECT '', status, channel, count(*) FROM platform_orders WHERE account_id = OLD.id GROUP BY status, channel
    ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `dms_orders_linked_ad` AFTER DELETE ON `dms_orders`
BEGIN
  UPDATE platform_orders SET
    dms_status = (
      SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
      ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
    ),
    delivered_late_at = (
      SELECT max(s.delivered_at) FROM dms_shipments s WHERE s.order_id = (
        SELECT d.id FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
        ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
      ) AND s.eta < substr(s.delivered_at, 1, 10)
    )
  WHERE id = OLD.platform_order_id;
END;
--> statement-breakpoint
CREATE TRIGGER `platform_dealer_statuses_linked_ad` AFTER DELETE ON `platform_dealer_statuses`
BEGIN
  UPDATE platform_orders SET dealer_status = (
    SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1
  ) WHERE id = OLD.order_id;
END;
--> statement-breakpoint
-- Backfill for a replica synced before this migration (drift is found as rows next change).
INSERT INTO order_tallies (status, channel, n) SELECT status, channel, count(*) FROM platform_orders GROUP BY status, channel;
--> statement-breakpoint
INSERT INTO order_region_tallies (region, status, channel, n)
  SELECT coalesce(a.region, ''), o.status, o.channel, count(*) FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id
  GROUP BY 1, 2, 3;
--> statement-breakpoint
UPDATE platform_orders SET dms_status = (
  SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
  ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
) WHERE EXISTS (SELECT 1 FROM dms_orders d WHERE d.platform_order_id = platform_orders.id);
--> statement-breakpoint
UPDATE platform_orders SET delivered_late_at = (
  SELECT max(s.delivered_at) FROM dms_shipments s WHERE s.order_id = (
    SELECT d.id FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
    ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
  ) AND s.eta < substr(s.delivered_at, 1, 10)
) WHERE EXISTS (SELECT 1 FROM dms_orders d WHERE d.platform_order_id = platform_orders.id);
--> statement-breakpoint
UPDATE platform_orders SET dealer_status = (
  SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1
) WHERE EXISTS (SELECT 1 FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id);
