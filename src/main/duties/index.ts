// The integration duties (DESIGN.md "What the app does at the join"): derivation of work from the replica,
// and the outbox handlers that know how each kind of command ends.
import type Database from 'better-sqlite3';
import type { KindHandler } from '../sync/outbox';
import { CREDIT_KIND, creditHandler, deriveCreditPushes } from './credit';
import { FULFIL_KIND, HANDOVER_KIND, deriveHandovers, fulfilHandler, handoverHandler } from './handover';

export interface DutySettings {
  creditPush: boolean;
  handover: boolean;
  dealerStatus: boolean;
}

export const defaultDutySettings: DutySettings = { creditPush: true, handover: true, dealerStatus: true };

export const dutyHandlers: Record<string, KindHandler> = {
  [CREDIT_KIND]: creditHandler,
  [HANDOVER_KIND]: handoverHandler,
  [FULFIL_KIND]: fulfilHandler,
};

/** Looks at the replica and enqueues whatever the join needs now; one transaction, idempotent. */
export function deriveDuties(sqlite: Database.Database, now: Date, settings: DutySettings = defaultDutySettings): number {
  return sqlite.transaction(() => {
    let added = 0;
    if (settings.creditPush) added += deriveCreditPushes(sqlite, now);
    if (settings.handover) added += deriveHandovers(sqlite, now);
    return added;
  })();
}
