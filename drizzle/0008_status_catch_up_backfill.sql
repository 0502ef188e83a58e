-- Dealer-visible status (issue 9): on a desk that had already synced before the durable queue existed,
-- changes that reached it through a snapshot (first start, or after a 410) or were lost to a crash were
-- never derived. Queue the DMS orders changed in the last 72 hours (the first-start catch-up window), so the
-- derivation looks at them once; older history stays as it is. A fresh desk has no rows here: its first
-- snapshot queues its own catch-up window when it completes.
INSERT OR IGNORE INTO `dealer_status_queue` (`dms_order_id`, `reason`, `queued_at`)
SELECT `id`, 'catch-up', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `dms_orders`
WHERE `updated_at` >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-72 hours')
  AND EXISTS (SELECT 1 FROM `sync_cursors` WHERE `source` = 'dms' AND `snapshot_completed_at` IS NOT NULL);
