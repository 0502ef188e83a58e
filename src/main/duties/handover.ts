// Duty 2: cleared orders -> DMS, then the platform order -> in_fulfillment with the DMS order id.
// Keys are deterministic (`handover:<platform order>`, `fulfil:<platform order>`), and the DMS's
// duplicate-order guard makes a hand-over by another desk an adoption, never a second order.
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import type { HttpOutcome } from '../connectors/http';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';
import { enc, integrationStaff, replicaOrder } from './common';

export const HANDOVER_KIND = 'dms.createOrder';
export const DMS_CANCEL_KIND = 'dms.cancelOrder';
const cancellableInDms = new Set<Dms.OrderStatus>(['open', 'allocated', 'partially_allocated', 'backordered', 'picking']);
export const FULFIL_KIND = 'platform.fulfil';

const cleared = new Set<Platform.OrderStatus>(['received', 'approved']);

export function handoverBody(order: Platform.Order, dealerCode: string): Dms.OrderInput {
  return {
    platform_order_id: order.id,
    platform_order_number: order.number,
    dealer_code: dealerCode,
    lines: order.lines.map((l) => ({ line_no: l.line_no, sku: l.sku, qty: l.qty, unit_price: l.unit_price, tax_rate_bp: l.tax_rate_bp })),
    requested_delivery_date: order.requested_delivery_date ?? null,
    warehouse_hint: null,
    credit_override_id: order.status === 'approved' ? (order.decision?.reference ?? null) : null,
    notes: order.notes ?? null,
  };
}

function enqueueFulfil(sqlite: Database.Database, orderId: string, dmsOrderId: string, version: number, now: Date): boolean {
  const body: Platform.TransitionInput = { to: 'in_fulfillment', by: integrationStaff, dms_order_id: dmsOrderId };
  return enqueue(
    sqlite,
    {
      target: 'platform',
      kind: FULFIL_KIND,
      entityKey: `order:${orderId}`,
      idempotencyKey: `fulfil:${orderId}`,
      method: 'POST',
      path: `/orders/${enc(orderId)}/transitions`,
      payload: body,
      ifMatch: version,
      createdBy: 'system',
    },
    now,
  ).inserted;
}

/** Cancels the DMS order of a platform order the dealer cancelled after the hand-over (shared key per DMS order). */
export function enqueueDmsCancel(
  sqlite: Database.Database,
  platformOrderId: string,
  dmsOrderId: string,
  version: number | null,
  now: Date,
): boolean {
  const body: Dms.CancelInput = { reason: 'Cancelled by the dealer on the platform', by: integrationStaff };
  return enqueue(
    sqlite,
    {
      target: 'dms',
      kind: DMS_CANCEL_KIND,
      // Its own queue: a cancellation the warehouse can no longer honour (a visible conflict) must not hold
      // back the order's later dealer-status publications.
      entityKey: `cancel:${platformOrderId}`,
      idempotencyKey: `dms-cancel:${dmsOrderId}`,
      method: 'POST',
      path: `/orders/${enc(dmsOrderId)}/cancel`,
      payload: body,
      ifMatch: version,
      createdBy: 'system',
    },
    now,
  ).inserted;
}

/** Platform orders cancelled after their hand-over, whose DMS order can still be cancelled. */
export function deriveDmsCancellations(sqlite: Database.Database, now: Date): number {
  const rows = sqlite
    .prepare(
      `SELECT o.id AS platform_order_id, d.id AS dms_order_id, d.version
       FROM platform_orders o JOIN dms_orders d ON d.platform_order_id = o.id
       WHERE o.status = 'cancelled' AND d.status IN ('open', 'allocated', 'partially_allocated', 'backordered', 'picking')`,
    )
    .all() as { platform_order_id: string; dms_order_id: string; version: number }[];
  let added = 0;
  for (const r of rows) if (enqueueDmsCancel(sqlite, r.platform_order_id, r.dms_order_id, r.version, now)) added++;
  return added;
}

/**
 * Routing of hand-overs (DESIGN.md duty 2): automatic by default; the setting `duties.handover` can send
 * chosen channels, or orders with notes or price overrides, through a "to confirm" queue first.
 */
export interface HandoverRouting {
  confirmChannels: Platform.Order['channel'][];
  confirmWithNotes: boolean;
  confirmWithPriceOverride: boolean;
}

export const HANDOVER_SETTING = 'duties.handover';
export const defaultHandoverRouting: HandoverRouting = { confirmChannels: [], confirmWithNotes: false, confirmWithPriceOverride: false };

export function readHandoverRouting(sqlite: Database.Database): HandoverRouting {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(HANDOVER_SETTING) as string | undefined;
  if (!raw) return defaultHandoverRouting;
  const v = JSON.parse(raw) as Partial<HandoverRouting>;
  return {
    confirmChannels: Array.isArray(v.confirmChannels) ? v.confirmChannels : [],
    confirmWithNotes: v.confirmWithNotes === true,
    confirmWithPriceOverride: v.confirmWithPriceOverride === true,
  };
}

/** Why an order waits for a person before the hand-over, or null when it goes automatically. */
export function confirmReason(order: Platform.Order, routing: HandoverRouting): string | null {
  if (routing.confirmChannels.includes(order.channel)) return `channel ${order.channel}`;
  if (routing.confirmWithNotes && order.notes) return 'the order has notes';
  if (routing.confirmWithPriceOverride && order.lines.some((l) => l.price_override_reason)) return 'a line has a price override';
  return null;
}

export function enqueueHandover(
  sqlite: Database.Database,
  order: Platform.Order,
  dealerCode: string,
  createdBy: string,
  now: Date,
): { id: number; inserted: boolean } {
  return enqueue(
    sqlite,
    {
      target: 'dms',
      kind: HANDOVER_KIND,
      entityKey: `order:${order.id}`,
      idempotencyKey: `handover:${order.id}`,
      method: 'POST',
      path: '/orders',
      payload: handoverBody(order, dealerCode),
      createdBy,
    },
    now,
  );
}

/** Staff confirm a queued hand-over; call inside the audit transaction. */
export function confirmHandover(sqlite: Database.Database, orderId: string, staffId: string, now: Date): { outboxId: number } {
  const row = sqlite
    .prepare(
      `SELECT o.raw, a.code FROM handover_confirmations h JOIN platform_orders o ON o.id = h.order_id
       LEFT JOIN platform_accounts a ON a.id = o.account_id WHERE h.order_id = ? AND h.state = 'open'`,
    )
    .get(orderId) as { raw: string; code: string | null } | undefined;
  if (!row) throw new Error('This order is not waiting for confirmation.');
  const order = JSON.parse(row.raw) as Platform.Order;
  if (!cleared.has(order.status)) throw new Error(`The order is ${order.status}; it can no longer be handed over.`);
  if (!row.code) throw new Error("The dealer's account has not arrived yet; try again after the next sync.");
  const { id } = enqueueHandover(sqlite, order, row.code, staffId, now);
  sqlite
    .prepare("UPDATE handover_confirmations SET state = 'confirmed', decided_by = ?, decided_at = ? WHERE order_id = ?")
    .run(staffId, now.toISOString(), orderId);
  return { outboxId: id };
}

export interface HandoverConfirmation {
  orderId: string;
  reason: string;
  state: 'open' | 'confirmed';
  createdAt: string;
}

export function listHandoverConfirmations(sqlite: Database.Database, state: 'open' | 'confirmed', limit = 200): HandoverConfirmation[] {
  return (
    sqlite
      .prepare('SELECT order_id, reason, state, created_at FROM handover_confirmations WHERE state = ? ORDER BY created_at LIMIT ?')
      .all(state, limit) as {
      order_id: string;
      reason: string;
      state: 'open' | 'confirmed';
      created_at: string;
    }[]
  ).map((r) => ({ orderId: r.order_id, reason: r.reason, state: r.state, createdAt: r.created_at }));
}

/** Enqueues hand-overs for cleared orders, and the platform transition for orders already in the DMS. */
export function deriveHandovers(sqlite: Database.Database, now: Date): number {
  const routing = readHandoverRouting(sqlite);
  const queued = sqlite.prepare('INSERT OR IGNORE INTO handover_confirmations (order_id, reason, state, created_at) VALUES (?, ?, ?, ?)');
  const waiting = sqlite.prepare('SELECT state FROM handover_confirmations WHERE order_id = ?').pluck();
  const rows = sqlite
    .prepare(
      `SELECT o.id, o.version, o.raw, a.code AS dealer_code, d.id AS dms_order_id
       FROM platform_orders o
       LEFT JOIN platform_accounts a ON a.id = o.account_id
       LEFT JOIN dms_orders d ON d.platform_order_id = o.id
       WHERE o.status IN ('received', 'approved') AND o.dms_order_id IS NULL`,
    )
    .all() as { id: string; version: number; raw: string; dealer_code: string | null; dms_order_id: string | null }[];
  let added = 0;
  for (const r of rows) {
    if (r.dms_order_id) {
      if (enqueueFulfil(sqlite, r.id, r.dms_order_id, r.version, now)) added++;
      continue;
    }
    if (!r.dealer_code) continue; // the account has not arrived yet; the next pass picks it up
    const order = JSON.parse(r.raw) as Platform.Order;
    const reason = confirmReason(order, routing);
    if (reason) {
      // Waits for a person; once confirmed, the confirmation itself enqueued the hand-over.
      if (waiting.get(r.id) === undefined && queued.run(r.id, reason, 'open', now.toISOString()).changes > 0) added++;
      continue;
    }
    if (enqueueHandover(sqlite, order, r.dealer_code, 'system', now).inserted) added++;
  }
  return added;
}

function platformOrderIdOf(item: OutboxItem): string {
  return (item.payload as Dms.OrderInput).platform_order_id;
}

async function findHandedOver(item: OutboxItem, ctx: OutboxContext): Promise<Resolution | 'absent'> {
  const found = await ctx.dms.getOrderByPlatformOrder(platformOrderIdOf(item));
  if (found.kind === 'ok') return { status: 'delivered', result: found.body, message: 'found already handed over' };
  if (found.kind === 'business' && found.status === 404) return 'absent';
  return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up the hand-over: ${found.kind}`, ambiguous: true };
}

export const handoverHandler: KindHandler = {
  prepare(item, ctx) {
    const orderId = platformOrderIdOf(item);
    const existing = ctx.sqlite.prepare('SELECT raw FROM dms_orders WHERE platform_order_id = ?').pluck().get(orderId) as
      string | undefined;
    if (existing) return { status: 'delivered', result: JSON.parse(existing) as unknown, message: 'already in the DMS' };
    const order = replicaOrder(ctx.sqlite, orderId);
    if (order && !cleared.has(order.status) && !order.fulfillment?.dms_order_id) {
      return { status: 'discarded', message: `no longer to hand over: the order is ${order.status}` };
    }
    return null;
  },
  lookup: findHandedOver,
  async interpret(item, outcome: HttpOutcome<unknown>, ctx) {
    if (outcome.kind === 'conflict' && outcome.problem.code === 'duplicate-order') {
      // Another desk (or an earlier attempt under another key) handed it over: adopt that order.
      const existingId = outcome.problem.extensions.existing_order_id;
      if (typeof existingId === 'string') {
        const got = await ctx.dms.getOrder(existingId);
        return {
          status: 'delivered',
          result: got.kind === 'ok' ? got.body : { id: existingId },
          message: 'adopted the existing DMS order',
        };
      }
      const found = await findHandedOver(item, ctx);
      return found === 'absent' ? null : found;
    }
    if (outcome.kind === 'business' && outcome.problem.code === 'idempotency-key-reused') {
      const found = await findHandedOver(item, ctx);
      return found === 'absent'
        ? {
            status: 'failed',
            message: 'The hand-over key was used with different content and no DMS order exists; retry after checking the order.',
          }
        : found;
    }
    return null;
  },
  onDelivered(item, result, ctx) {
    const dmsOrderId = (result as { id?: unknown } | null)?.id;
    const orderId = platformOrderIdOf(item);
    const order = replicaOrder(ctx.sqlite, orderId);
    if (typeof dmsOrderId !== 'string' || !order) return;
    if (order.fulfillment?.dms_order_id) return;
    enqueueFulfil(ctx.sqlite, orderId, dmsOrderId, order.version, ctx.now());
  },
};

function orderIdFromPath(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

/** After a conflict on the transition: re-read the order and decide whether our transition still applies. */
async function reconsiderFulfil(item: OutboxItem, ctx: OutboxContext): Promise<Resolution> {
  const wanted = (item.payload as Platform.TransitionInput).dms_order_id;
  const got = await ctx.platform.getOrder(orderIdFromPath(item));
  if (got.kind !== 'ok') return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the order: ${got.kind}` };
  const order = got.body;
  if (order.fulfillment?.dms_order_id === wanted) return { status: 'delivered', result: order, message: 'already in fulfilment' };
  if (cleared.has(order.status))
    return { status: 'resend', ifMatch: order.version, message: `order moved to version ${order.version}; sending again` };
  if (order.status === 'cancelled' && wanted) {
    // The dealer cancelled after the DMS took the order: undo the hand-over instead (its own outbox item,
    // which ends as a visible conflict if the warehouse has already dispatched).
    enqueueDmsCancel(ctx.sqlite, order.id, wanted, null, ctx.now());
    return { status: 'discarded', message: `The dealer cancelled the order; cancelling DMS order ${wanted} instead.` };
  }
  return {
    status: 'conflict',
    message: `The order is now ${order.status}; it was handed to the DMS as ${wanted}. Check both systems.`,
    result: order,
  };
}

export const fulfilHandler: KindHandler = {
  prepare(item, ctx) {
    const order = replicaOrder(ctx.sqlite, orderIdFromPath(item));
    const wanted = (item.payload as Platform.TransitionInput).dms_order_id;
    if (!order) return null;
    if (order.fulfillment?.dms_order_id === wanted) return { status: 'delivered', result: order, message: 'already in fulfilment' };
    if (cleared.has(order.status) && item.ifMatch !== null && order.version > item.ifMatch) return { ifMatch: order.version };
    return null;
  },
  async lookup(item, ctx) {
    const got = await ctx.platform.getOrder(orderIdFromPath(item));
    if (got.kind === 'ok' && got.body.fulfillment?.dms_order_id === (item.payload as Platform.TransitionInput).dms_order_id) {
      return { status: 'delivered', result: got.body };
    }
    return 'absent';
  },
  async interpret(item, outcome, ctx) {
    if (outcome.kind === 'conflict' && outcome.problem.code !== 'idempotency-key-in-flight') return reconsiderFulfil(item, ctx);
    if (outcome.kind === 'business' && outcome.status === 428)
      return {
        status: 'resend',
        ifMatch: replicaOrder(ctx.sqlite, orderIdFromPath(item))?.version ?? null,
        message: 'precondition required',
      };
    return null;
  },
};

function dmsOrderIdFromPath(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

export const dmsCancelHandler: KindHandler = {
  async prepare(item, ctx) {
    // Always act on the DMS order as it is now: the warehouse may have moved on since this was queued.
    const got = await ctx.dms.getOrder(dmsOrderIdFromPath(item));
    if (got.kind !== 'ok')
      return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the DMS order: ${got.kind}` };
    if (got.body.status === 'cancelled') return { status: 'delivered', result: got.body, message: 'already cancelled in the DMS' };
    if (!cancellableInDms.has(got.body.status)) {
      return {
        status: 'conflict',
        message: `The dealer cancelled, but the DMS order is already ${got.body.status}; arrange a return with the dealer.`,
        result: got.body,
      };
    }
    return { ifMatch: got.body.version };
  },
  async interpret(item, outcome, ctx) {
    if (outcome.kind !== 'conflict' || outcome.problem.code === 'idempotency-key-in-flight') return null;
    const got = await ctx.dms.getOrder(dmsOrderIdFromPath(item));
    if (got.kind !== 'ok')
      return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the DMS order: ${got.kind}` };
    if (got.body.status === 'cancelled') return { status: 'delivered', result: got.body };
    if (cancellableInDms.has(got.body.status))
      return { status: 'resend', ifMatch: got.body.version, message: 'DMS order moved; cancelling again' };
    return {
      status: 'conflict',
      message: `The dealer cancelled, but the DMS order is already ${got.body.status}; arrange a return with the dealer.`,
      result: got.body,
    };
  },
};
