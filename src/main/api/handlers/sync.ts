// sync.status, answered by whichever SyncStatusProvider is installed (the sync engine installs its own).
import type Database from 'better-sqlite3';
import type { SyncStatusView } from '../../../shared/api/contract';
import type { BackendServices, Handlers, SyncStatusProvider } from '../types';

type SyncHandlers = Pick<Handlers, 'sync.status'>;

export function syncHandlers(services: BackendServices): SyncHandlers {
  return { 'sync.status': () => services.syncStatusProvider().status() };
}

/** Outbox and quarantine counts straight from the local tables (the engine's provider may reuse this). */
export function readQueueCounts(sqlite: Database.Database): Pick<SyncStatusView, 'outbox' | 'quarantine'> {
  const outbox = sqlite
    .prepare(
      `SELECT
         sum(status IN ('pending', 'in_flight')) AS pending,
         sum(status = 'failed') AS failed,
         sum(status = 'conflict') AS conflict,
         min(CASE WHEN status IN ('pending', 'in_flight') THEN created_at END) AS oldestPendingAt
       FROM outbox WHERE status IN ('pending', 'in_flight', 'failed', 'conflict')`,
    )
    .get() as { pending: number | null; failed: number | null; conflict: number | null; oldestPendingAt: string | null };
  const quarantine = (sqlite.prepare('SELECT count(*) AS n FROM quarantine WHERE resolved_at IS NULL').get() as { n: number }).n;
  return {
    outbox: {
      pending: outbox.pending ?? 0,
      failed: outbox.failed ?? 0,
      conflict: outbox.conflict ?? 0,
      oldestPendingAt: outbox.oldestPendingAt,
    },
    quarantine,
  };
}

export const notConfiguredMessage =
  'No endpoints are configured yet. Demo data arrives with the reference servers; until then the desk is empty.';

/** Until the sync engine installs its provider: nothing is connected, and the banner says why it is empty. */
export function defaultSyncStatusProvider(sqlite: Database.Database): SyncStatusProvider {
  return {
    status: () => ({
      sources: (['platform', 'dms'] as const).map((system) => ({
        system,
        state: 'not_configured' as const,
        lastSuccessAt: null,
        lagEvents: null,
        message: notConfiguredMessage,
      })),
      ...readQueueCounts(sqlite),
    }),
    mode: () => ({ mode: 'demo', modeMessage: `Demo mode. ${notConfiguredMessage}` }),
  };
}
