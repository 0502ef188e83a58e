-- Hand-written. Credit hold desk (issue 8): fill platform_orders.dealer_waiting for orders already in the
-- replica (the marker is the first line of the notes, src/shared/dealerWaiting.ts), and record the holds
-- already there as quiet arrivals, so the first notification is for a hold that arrives after this upgrade.
UPDATE platform_orders SET dealer_waiting = 1
  WHERE has_notes = 1 AND substr(json_extract(raw, '$.notes'), 1, 16) = '[dealer-waiting]';--> statement-breakpoint
INSERT OR IGNORE INTO credit_hold_arrivals (order_id, quiet, seen_at)
  SELECT id, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM platform_orders WHERE status = 'credit_hold' ORDER BY placed_at;
