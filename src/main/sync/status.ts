// Sync status read straight from the desk's tables, so it is the same whether an engine runs in this
// process (the UI's sync.status), in a worker, or not at all (`npm run desk -- status`).
import type Database from 'better-sqlite3';
import type { SyncStatusView } from '../../shared/api/contract';
import { ensureSyncTables } from './replica';
import { readQueueCounts } from '../api/handlers/sync';

export type SourceStatus = SyncStatusView['sources'][number];

interface SourceRow {
  source: 'platform' | 'dms';
  last_success_at: string | null;
  last_error: string | null;
  last_error_at: string | null;
  feed_cursor: string | null;
  snapshot_state: string | null;
  lag_events: number | null;
  state: string | null;
  message: string | null;
}

export function readSourceStatus(sqlite: Database.Database): SourceStatus[] {
  ensureSyncTables(sqlite);
  const rows = sqlite
    .prepare(
      `SELECT c.source, c.last_success_at, c.last_error, c.last_error_at, c.feed_cursor, c.snapshot_state, f.lag_events, f.state, f.message
       FROM sync_cursors c LEFT JOIN sync_feed_state f ON f.source = c.source`,
    )
    .all() as SourceRow[];
  return (['platform', 'dms'] as const).map((system) => {
    const r = rows.find((x) => x.source === system);
    if (!r) return { system, state: 'not_configured', lastSuccessAt: null, lagEvents: null, message: 'never synced' };
    const state = (['idle', 'syncing', 'offline', 'paused', 'error'] as const).find((s) => s === r.state) ?? 'idle';
    return {
      system,
      state,
      lastSuccessAt: r.last_success_at,
      lagEvents: r.snapshot_state ? null : r.lag_events,
      message: r.message ?? (r.snapshot_state ? 'taking a snapshot' : null),
    };
  });
}

export function readSyncStatus(sqlite: Database.Database): SyncStatusView {
  return { sources: readSourceStatus(sqlite), ...readQueueCounts(sqlite) };
}
