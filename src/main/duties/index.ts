// The integration duties (DESIGN.md "What the app does at the join"): derivation of work from the replica,
// and the outbox handlers that know how each kind of command ends.
import type Database from 'better-sqlite3';
import type { KindHandler } from '../sync/outbox';
import { CREDIT_KIND, creditHandler, deriveCreditPushes } from './credit';
import { APPROVAL_KIND, DECIDE_KIND, OVERRIDE_KIND, approvalHandler, decideHandler, overrideHandler } from './decisions';
import { DEALER_STATUS_KIND, dealerStatusHandler, deriveDealerStatus, detectDelays, readPolicy, settleReviews } from './dealerStatus';
import { PHONE_ORDER_KIND, phoneOrderHandler } from './phoneOrder';
import { STAFF_CANCEL_KIND, staffCancelHandler } from '../features/orders/cancelOrder';
import {
  DMS_CANCEL_KIND,
  FULFIL_KIND,
  HANDOVER_KIND,
  deriveDmsCancellations,
  deriveHandovers,
  dmsCancelHandler,
  fulfilHandler,
  handoverHandler,
} from './handover';

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
  [DEALER_STATUS_KIND]: dealerStatusHandler,
  [APPROVAL_KIND]: approvalHandler,
  [OVERRIDE_KIND]: overrideHandler,
  [DECIDE_KIND]: decideHandler,
  [PHONE_ORDER_KIND]: phoneOrderHandler,
  [DMS_CANCEL_KIND]: dmsCancelHandler,
  // Staff cancel orders from the order queues (issue 10).
  [STAFF_CANCEL_KIND]: staffCancelHandler,
};

export interface DerivedDuties {
  /** Outbox items and review items added. */
  added: number;
  /** DMS orders still queued for dealer-status derivation (the engine runs again soon when > 0). */
  dealerStatusBacklog: number;
}

/**
 * Looks at the replica and enqueues whatever the join needs now; one transaction, idempotent.
 * `detectDelays`: look at the clock for late orders too; only while the DMS replica is caught up, so a desk
 * that was offline does not call an order late that the DMS dispatched meanwhile.
 */
export function deriveDuties(
  sqlite: Database.Database,
  now: Date,
  settings: DutySettings = defaultDutySettings,
  options: { detectDelays?: boolean } = {},
): DerivedDuties {
  return sqlite
    .transaction(() => {
      let added = 0;
      let dealerStatusBacklog = 0;
      if (settings.creditPush) added += deriveCreditPushes(sqlite, now);
      if (settings.handover) added += deriveHandovers(sqlite, now) + deriveDmsCancellations(sqlite, now);
      if (settings.dealerStatus) {
        const policy = readPolicy(sqlite);
        const derived = deriveDealerStatus(sqlite, now, policy);
        added += derived.added;
        dealerStatusBacklog = derived.remaining;
        if (options.detectDelays) added += detectDelays(sqlite, now, policy);
        added += settleReviews(sqlite, now);
      }
      return { added, dealerStatusBacklog };
    })
    .immediate();
}
