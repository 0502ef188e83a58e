// Duty 5: phone orders placed on the platform (channel phone, a client_reference fixed when the draft was
// made). The outbox item is written with the draft's submission; a resend after an ambiguous outcome or a
// long outage first looks the order up by (account, client_reference), and the platform's
// duplicate-client-reference guard turns a second placement into an adoption of the first.
import type Database from 'better-sqlite3';
import type { Platform } from '../../shared/contracts';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';

export const PHONE_ORDER_KIND = 'platform.createOrder';

/** Enqueue a phone order; call inside the transaction that marks the draft submitted. Returns the outbox id. */
export function enqueuePhoneOrder(sqlite: Database.Database, input: Platform.OrderInput, createdBy: string, now: Date): number {
  return enqueue(
    sqlite,
    {
      target: 'platform',
      kind: PHONE_ORDER_KIND,
      entityKey: `phone-order:${input.account_id}:${input.client_reference}`,
      // The client_reference is unique per account: the key is too, so a double submit is one item.
      idempotencyKey: `phone-order:${input.account_id}:${input.client_reference}`,
      method: 'POST',
      path: '/orders',
      payload: input,
      createdBy,
    },
    now,
  ).id;
}

async function findPlaced(item: OutboxItem, ctx: OutboxContext): Promise<Resolution | 'absent'> {
  const input = item.payload as Platform.OrderInput;
  const got = await ctx.platform.getOrderByReference(input.account_id, input.client_reference);
  if (got.kind === 'ok') return { status: 'delivered', result: got.body, message: 'found already placed' };
  if (got.kind === 'business' && got.status === 404) return 'absent';
  return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up the phone order: ${got.kind}`, ambiguous: true };
}

export const phoneOrderHandler: KindHandler = {
  lookup: findPlaced,
  async interpret(item, outcome, ctx) {
    if (outcome.kind === 'conflict' && outcome.problem.code === 'duplicate-client-reference') {
      const found = await findPlaced(item, ctx);
      return found === 'absent'
        ? { status: 'conflict', message: 'The platform says this reference is taken, but the order cannot be found.' }
        : found;
    }
    if (outcome.kind === 'business' && outcome.problem.code === 'idempotency-key-reused') {
      const found = await findPlaced(item, ctx);
      return found === 'absent' ? null : found;
    }
    // price-mismatch and the other placement rules fall to the default: failed, with the platform's message
    // (and its `expected` prices in the stored problem) so inside sales can fix the draft and retry.
    return null;
  },
};
