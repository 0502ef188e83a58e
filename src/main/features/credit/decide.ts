// Decisions from the credit desk (issue 8): each approval or rejection is re-checked against today's figures
// (what the person saw must still be true, else nothing is sent and the conflict says exactly what moved),
// enqueued through the push path (src/main/duties/decisions.ts) and audited with the exposure snapshot the
// person saw, all in one transaction. Bulk decisions run hold by hold, each in its own transaction.
import type Database from 'better-sqlite3';
import type { BulkDecisionResult, CreditDecisionReceipt } from '../../../shared/api/features/credit';
import { ApiFailure } from '../../../shared/api/errors';
import { renderDealerMessage } from '../../../shared/credit/holds';
import { snapshotChanges, officeTimeWords, type ExposureSnapshot } from '../../../shared/credit/words';
import type { AuditLog, Actor } from '../../services/audit';
import { replicaOrder } from '../../duties/common';
import { approveHold, rejectHold, whyNotOnHold } from '../../duties/decisions';
import { currentSnapshot, holdDetail } from './holds';
import { readCreditSettings } from './policy';

export interface Decider {
  id: string;
  name: string;
  roles: readonly string[];
}

interface Seen {
  orderId: string;
  seenOrderVersion: number;
  seenAccountVersion?: number | null | undefined;
  seen?: ExposureSnapshot | undefined;
}

/**
 * Refuses a decision whose facts moved since the person looked, saying what moved: the order left credit
 * hold (who cancelled or decided it, when), approvals arrived, or the account's figures changed.
 */
function precheck(sqlite: Database.Database, me: Decider, input: Seen): ExposureSnapshot {
  const order = replicaOrder(sqlite, input.orderId);
  if (!order) throw new ApiFailure('not_found', 'This order is not in the desk yet; wait for the next sync.');
  if (order.status !== 'credit_hold') throw new ApiFailure('conflict', whyNotOnHold(sqlite, order, me.id));
  const now = currentSnapshot(sqlite, input.orderId, me);
  const seen = input.seen;
  if (!seen) return now;
  const changes = snapshotChanges(seen, now);
  if (changes.length === 0 && seen.orderVersion === now.orderVersion && seen.dmsAccountVersion === now.dmsAccountVersion) return now;
  const offset = readCreditSettings(sqlite).calendar.utcOffsetMinutes;
  const newApprovals = order.approvals
    .slice(Math.min(seen.approvals, order.approvals.length))
    .map((a) => `${a.by.id === me.id ? 'you' : a.by.name} approved it at ${officeTimeWords(a.at, offset)}`);
  const what = [...newApprovals, ...changes.filter((c) => !c.startsWith('approvals went'))];
  throw new ApiFailure(
    'conflict',
    `Changed since you opened it: ${what.join('; ') || 'the order or the account was updated'}. Nothing was sent; review the new figures, then decide again.`,
  );
}

function reasonOf(sqlite: Database.Database, code: string) {
  const reason = readCreditSettings(sqlite).rejectionReasons.find((r) => r.code === code);
  if (!reason)
    throw new ApiFailure('validation', 'Pick one of the rejection reasons your admin set up.', [
      { path: 'reasonCode', message: 'Not one of the listed reasons.' },
    ]);
  return reason;
}

export function approveFromDesk(
  sqlite: Database.Database,
  audit: AuditLog,
  actor: Actor | null,
  me: Decider,
  input: Seen & { note?: string | undefined },
  now: Date,
): CreditDecisionReceipt {
  return sqlite
    .transaction(() => {
      const atDecision = precheck(sqlite, me, input);
      const receipt = approveHold(
        sqlite,
        me,
        {
          orderId: input.orderId,
          seenOrderVersion: input.seenOrderVersion,
          seenAccountVersion: input.seen ? input.seen.dmsAccountVersion : input.seenAccountVersion,
          ...(input.note ? { note: input.note } : {}),
        },
        now,
      );
      audit.append({
        actor,
        action: 'credit.approve',
        subject: `order:${input.orderId}`,
        detail: {
          orderId: input.orderId,
          note: input.note ?? null,
          stillNeeded: receipt.stillNeeded,
          outboxId: receipt.outboxId,
          seen: input.seen ?? { orderVersion: input.seenOrderVersion, dmsAccountVersion: input.seenAccountVersion ?? null },
          atDecision,
        },
      });
      return receipt;
    })
    .immediate();
}

export function rejectFromDesk(
  sqlite: Database.Database,
  audit: AuditLog,
  actor: Actor | null,
  me: Decider,
  input: Seen & { reasonCode: string; reason: string; dealerMessage?: string | null | undefined },
  now: Date,
): CreditDecisionReceipt {
  return sqlite
    .transaction(() => {
      const reason = reasonOf(sqlite, input.reasonCode);
      const atDecision = precheck(sqlite, me, input);
      const receipt = rejectHold(
        sqlite,
        me,
        {
          orderId: input.orderId,
          seenOrderVersion: input.seenOrderVersion,
          seenAccountVersion: input.seen ? input.seen.dmsAccountVersion : input.seenAccountVersion,
          reasonCode: reason.code,
          reason: input.reason,
          dealerMessage: input.dealerMessage ?? null,
        },
        now,
      );
      audit.append({
        actor,
        action: 'credit.reject',
        subject: `order:${input.orderId}`,
        detail: {
          orderId: input.orderId,
          reasonCode: reason.code,
          reason: input.reason,
          dealerMessage: input.dealerMessage ?? null,
          outboxId: receipt.outboxId,
          seen: input.seen ?? { orderVersion: input.seenOrderVersion, dmsAccountVersion: input.seenAccountVersion ?? null },
          atDecision,
        },
      });
      return receipt;
    })
    .immediate();
}

function refusal(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  throw error;
}

/**
 * Bulk approval: each selected hold is approved only when this person's approval completes it (within their
 * authority); any other hold gets a line saying what it still needs, and nothing is sent for it.
 */
export function bulkApprove(
  sqlite: Database.Database,
  audit: AuditLog,
  actor: Actor | null,
  me: Decider,
  holds: readonly { orderId: string; seen: ExposureSnapshot }[],
  note: string | undefined,
  now: Date,
): BulkDecisionResult[] {
  return holds.map(({ orderId, seen }) => {
    let orderNumber: string | null = null;
    try {
      const detail = holdDetail(sqlite, orderId, me, now);
      orderNumber = detail.row.orderNumber;
      if (detail.status === 'credit_hold' && detail.row.myPart !== 'can_complete') {
        const message =
          detail.row.myPart === 'approved'
            ? 'You have already approved it; it still needs ' + (detail.row.missing ?? 'nothing more') + '.'
            : `Beyond your authority in bulk: it needs ${detail.row.missing ?? 'another approval'}. Open it to add your approval.`;
        return { orderId, orderNumber, outcome: 'skipped', message };
      }
      approveFromDesk(
        sqlite,
        audit,
        actor,
        me,
        { orderId, seenOrderVersion: seen.orderVersion, seen, ...(note ? { note: `${note} (bulk)` } : { note: 'Approved in bulk' }) },
        now,
      );
      return {
        orderId,
        orderNumber,
        outcome: 'sent',
        message: 'Approval sent; the desk records the DMS override and approves it once the platform confirms.',
      };
    } catch (error) {
      return { orderId, orderNumber, outcome: 'refused', message: refusal(error) };
    }
  });
}

export function bulkReject(
  sqlite: Database.Database,
  audit: AuditLog,
  actor: Actor | null,
  me: Decider,
  input: {
    holds: readonly { orderId: string; seen: ExposureSnapshot }[];
    reasonCode: string;
    reason: string;
    publishDealerMessage: boolean;
  },
  now: Date,
): BulkDecisionResult[] {
  const reason = reasonOf(sqlite, input.reasonCode);
  return input.holds.map(({ orderId, seen }) => {
    let orderNumber: string | null = null;
    try {
      const order = replicaOrder(sqlite, orderId);
      orderNumber = order?.number ?? null;
      const dealerName = order
        ? ((sqlite.prepare('SELECT name FROM platform_accounts WHERE id = ?').pluck().get(order.account_id) as string | undefined) ?? '')
        : '';
      const dealerMessage =
        input.publishDealerMessage && reason.dealerMessage && order
          ? renderDealerMessage(reason.dealerMessage, { orderNumber: order.number, dealerName })
          : null;
      rejectFromDesk(
        sqlite,
        audit,
        actor,
        me,
        { orderId, seenOrderVersion: seen.orderVersion, seen, reasonCode: reason.code, reason: input.reason, dealerMessage },
        now,
      );
      return {
        orderId,
        orderNumber,
        outcome: 'sent',
        message: dealerMessage ? 'Rejection sent; the dealer is told once it lands.' : 'Rejection sent.',
      };
    } catch (error) {
      return { orderId, orderNumber, outcome: 'refused', message: refusal(error) };
    }
  });
}
