// The durable queue behind dealer-visible status (issue 9): a replica observer that, in the same transaction
// as the page that changed a DMS order, records that the order's dealer status must be derived (and, for
// the order timeline, when the order reached its status). The
// derivation (deriveDealerStatus) drains the queue in the same transaction as the publications and review
// items it creates. Nothing depends on an in-memory list of recent changes: a snapshot (first start, or
// after a 410 `cursor-expired`), a restart or a kill -9 between a page and the derivation loses nothing.
import type Database from 'better-sqlite3';
import type { ReplicaObserverFactory } from '../sync/observers';

/** Setting (hours, a number): how much DMS history the first start looks at. */
export const CATCH_UP_SETTING = 'dealerStatus.catchUpHours';
/** The first start derives dealer status for DMS orders changed in the last 72 hours; older history stays as it is. */
export const defaultCatchUpHours = 72;

export type QueueReason = 'feed' | 'snapshot' | 'catch-up';

/** The catch-up window in hours, from the setting when an admin set a valid one. */
export function readCatchUpHours(sqlite: Database.Database): number {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(CATCH_UP_SETTING) as string | undefined;
  if (raw === undefined) return defaultCatchUpHours;
  const hours = Number(JSON.parse(raw));
  return Number.isFinite(hours) && hours >= 0 ? hours : defaultCatchUpHours;
}

/** Whether this replica has ever completed a DMS snapshot (before that, every row it holds is history). */
function dmsSnapshotCompleted(sqlite: Database.Database): boolean {
  return sqlite.prepare("SELECT snapshot_completed_at IS NOT NULL FROM sync_cursors WHERE source = 'dms'").pluck().get() === 1;
}

/**
 * Queues the DMS orders changed within the catch-up window before `now` (by the DMS's own `updated_at`).
 * Runs at the end of the first snapshot, inside its last transaction. Returns how many were queued.
 */
export function queueCatchUp(sqlite: Database.Database, now: Date, hours = readCatchUpHours(sqlite)): number {
  const since = new Date(now.getTime() - hours * 3_600_000).toISOString();
  return sqlite
    .prepare(
      `INSERT INTO dealer_status_queue (dms_order_id, reason, queued_at)
       SELECT id, 'catch-up', ? FROM dms_orders WHERE updated_at >= ?
       ON CONFLICT(dms_order_id) DO NOTHING`,
    )
    .run(now.toISOString(), since).changes;
}

/**
 * The observer. Until the replica's first DMS snapshot has completed, rows are history and are not queued
 * one by one; the end of that snapshot queues the catch-up window in one statement. From then on every
 * written DMS order is queued: feed pages, and re-snapshots after a 410 (whose rows are exactly the changes
 * this desk missed while its cursor expired). The version guard means a replayed or unchanged row is not
 * written, so it is not queued again.
 */
export const dealerStatusQueueObserver: ReplicaObserverFactory = (sqlite, source, now) => {
  if (source !== 'dms') return null;
  let firstSnapshotDone = dmsSnapshotCompleted(sqlite);
  const put = sqlite.prepare(
    `INSERT INTO dealer_status_queue (dms_order_id, reason, queued_at) VALUES (?, ?, ?)
     ON CONFLICT(dms_order_id) DO UPDATE SET attempts = 0, last_error = NULL`,
  );
  // Statuses only move forward, so the first row per (order, status) is when this replica saw it reached.
  const seenStatus = sqlite.prepare(
    'INSERT INTO dms_order_status_history (dms_order_id, status, version, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  return {
    resourceTypes: ['order'],
    after(_type, id, data, _previous, snapshot) {
      if (!firstSnapshotDone || data === null) return;
      put.run(id, snapshot ? 'snapshot' : 'feed', now().toISOString());
      const { status, version, updated_at: updatedAt } = data;
      if (typeof status === 'string' && typeof version === 'number')
        seenStatus.run(id, status, version, typeof updatedAt === 'string' ? updatedAt : now().toISOString());
    },
    snapshotFinished(types) {
      if (!types.includes('order')) return;
      if (!firstSnapshotDone) queueCatchUp(sqlite, now());
      firstSnapshotDone = true;
    },
  };
};
