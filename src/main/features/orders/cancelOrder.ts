// Staff cancel a platform order (the order queues' bulk "Cancel orders", issue 10): a transition to
// `cancelled` with a reason code, one outbox item per order. The platform's state machine is the guard:
// only received, credit_hold and approved orders can be cancelled, so an order the dealer cancelled
// meanwhile, or one already handed to the DMS, ends as a visible conflict saying who did what.
import type Database from 'better-sqlite3';
import type { Platform } from '../../../shared/contracts';
import { backoffDelay } from '../../sync/backoff';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../../sync/outbox';
import { enc, replicaOrder } from '../../duties/common';

export const STAFF_CANCEL_KIND = 'platform.cancelOrder';
const cancellable = new Set<Platform.OrderStatus>(['received', 'credit_hold', 'approved']);

export interface StaffCancelInput {
  orderId: string;
  /** The version the person saw when they chose to cancel. */
  version: number;
  staff: Platform.Staff;
  reasonCode: string;
  reason: string;
}

/**
 * Queues the cancellation; call inside the transaction of its audit entry. The key names the version the
 * person saw, so a double submit is one command, and a later decision on a changed order is a new one.
 * Its own entity queue: a conflict here must not hold back the order's other commands.
 */
export function enqueueStaffCancel(sqlite: Database.Database, input: StaffCancelInput, now: Date): { id: number; inserted: boolean } {
  const body: Platform.TransitionInput = { to: 'cancelled', by: input.staff, reason_code: input.reasonCode, reason: input.reason };
  return enqueue(
    sqlite,
    {
      target: 'platform',
      kind: STAFF_CANCEL_KIND,
      entityKey: `staff-cancel:${input.orderId}`,
      idempotencyKey: `staff-cancel:${input.orderId}:v${input.version}`,
      method: 'POST',
      path: `/orders/${enc(input.orderId)}/transitions`,
      payload: body,
      ifMatch: input.version,
      createdBy: input.staff.id,
    },
    now,
  );
}

function orderIdOf(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

const minute = (at: string) => `${at.slice(0, 16).replace('T', ' ')} UTC`;

/** What the order says now, against this cancellation: done, still to send, or a conflict in words. */
function judge(item: OutboxItem, order: Platform.Order): Resolution | { ifMatch: number } {
  const me = (item.payload as Platform.TransitionInput).by.id;
  if (order.status === 'cancelled') {
    const by = order.cancellation?.by;
    if (by?.id === me && by.type === 'staff') return { status: 'delivered', result: order, message: 'already cancelled' };
    const who = by ? (by.type === 'dealer' ? `the dealer${by.name ? ` (${by.name})` : ''}` : (by.name ?? 'someone else')) : 'someone else';
    const when = order.cancellation?.at ? ` at ${minute(order.cancellation.at)}` : '';
    const why = order.cancellation?.reason ? `: “${order.cancellation.reason}”` : '';
    return { status: 'conflict', message: `Already cancelled by ${who}${when}${why}. Nothing was sent.`, result: order };
  }
  if (!cancellable.has(order.status)) {
    const hint =
      order.status === 'in_fulfillment' ? ' It has been handed to the DMS: ask the warehouse to cancel it there, or arrange a return.' : '';
    return {
      status: 'conflict',
      message: `The order is ${order.status.replace('_', ' ')} now and can no longer be cancelled on the platform.${hint}`,
      result: order,
    };
  }
  return { ifMatch: order.version };
}

async function reRead(item: OutboxItem, ctx: OutboxContext): Promise<Resolution> {
  const got = await ctx.platform.getOrder(orderIdOf(item));
  if (got.kind !== 'ok') return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the order: ${got.kind}` };
  const verdict = judge(item, got.body);
  if ('status' in verdict) return verdict;
  return { status: 'resend', ifMatch: verdict.ifMatch, message: `order moved to version ${verdict.ifMatch}; cancelling again` };
}

export const staffCancelHandler: KindHandler = {
  prepare(item, ctx) {
    const order = replicaOrder(ctx.sqlite, orderIdOf(item));
    if (!order) return null;
    const verdict = judge(item, order);
    if ('status' in verdict) return verdict;
    // Still cancellable at a newer version (an approval was added, ...): the person's decision holds.
    return item.ifMatch !== null && verdict.ifMatch > item.ifMatch ? { ifMatch: verdict.ifMatch } : null;
  },
  async lookup(item, ctx) {
    const got = await ctx.platform.getOrder(orderIdOf(item));
    if (got.kind !== 'ok')
      return {
        status: 'retry',
        delayMs: backoffDelay(item.attempts),
        message: `looking up the cancellation: ${got.kind}`,
        ambiguous: true,
      };
    if (got.body.status !== 'cancelled') return 'absent';
    const verdict = judge(item, got.body);
    return 'status' in verdict ? verdict : 'absent';
  },
  async interpret(item, outcome, ctx) {
    if (outcome.kind === 'conflict' && outcome.problem.code !== 'idempotency-key-in-flight') return reRead(item, ctx);
    if (outcome.kind === 'business' && outcome.status === 428) return reRead(item, ctx);
    if (outcome.kind === 'business' && outcome.problem.code === 'idempotency-key-reused') {
      // Another desk sent this key with another person's name: whatever it did is what happened.
      const verdict = await reRead(item, ctx);
      return verdict.status === 'resend'
        ? { status: 'failed', message: 'Another desk sent this cancellation differently and the order is not cancelled; cancel it again.' }
        : verdict;
    }
    return null;
  },
};
