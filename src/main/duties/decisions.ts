// Duty 3: the push path of credit decisions. A controller's approval is recorded on the platform order;
// when the approvals satisfy the authority policy, a DMS credit override is recorded, then the order moves
// to `approved` (reference = override id). A rejection moves it to `rejected`. Every decision is re-checked
// at the moment of sending: if the order or the account moved since the controller looked, it is not sent.
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import { evaluateAuthority, type AuthorityDecision, type HoldFacts } from '../../shared/credit/authority';
import { ApiFailure } from '../../shared/api/errors';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';
import { enc, replicaOrder } from './common';

export const APPROVAL_KIND = 'platform.addApproval';
export const OVERRIDE_KIND = 'dms.createCreditOverride';
export const DECIDE_KIND = 'platform.decide';

export interface DeciderStaff {
  id: string;
  name: string;
  roles: readonly string[];
}

interface AccountFacts {
  dealerCode: string;
  dmsVersion: number | null;
  oldestOverdueDays: number;
  blocked: boolean;
}

function accountFacts(sqlite: Database.Database, accountId: string): AccountFacts | undefined {
  return sqlite
    .prepare(
      `SELECT a.code AS dealerCode, d.version AS dmsVersion, coalesce(d.oldest_overdue_days, 0) AS oldestOverdueDays, coalesce(d.blocked, 0) AS blocked
       FROM platform_accounts a LEFT JOIN dms_accounts d ON d.dealer_code = a.code WHERE a.id = ?`,
    )
    .get(accountId) as AccountFacts | undefined;
}

export function holdFacts(order: Platform.Order, account: AccountFacts | undefined): HoldFacts {
  return {
    creditLimit: order.credit_check.credit_limit,
    exposure: order.credit_check.exposure,
    // The DMS is the authority on overdue and blocking; the order's reasons cover what the platform saw.
    oldestOverdueDays: account?.oldestOverdueDays ?? 0,
    blocked: Boolean(account?.blocked) || order.credit_check.reasons.includes('account_blocked'),
    reasons: order.credit_check.reasons,
  };
}

export function authorityFor(order: Platform.Order, account: AccountFacts | undefined): AuthorityDecision {
  return evaluateAuthority(
    holdFacts(order, account),
    order.approvals.map((a) => ({ staffId: a.by.id, role: a.role })),
  );
}

export interface CreditHoldView {
  orderId: string;
  orderVersion: number;
  status: Platform.OrderStatus;
  dmsAccountVersion: number | null;
  authority: AuthorityDecision;
}

export function creditHoldView(sqlite: Database.Database, orderId: string): CreditHoldView {
  const order = replicaOrder(sqlite, orderId);
  if (!order) throw new ApiFailure('not_found', 'This order is not in the desk yet; wait for the next sync.');
  const account = accountFacts(sqlite, order.account_id);
  return {
    orderId,
    orderVersion: order.version,
    status: order.status,
    dmsAccountVersion: account?.dmsVersion ?? null,
    authority: authorityFor(order, account),
  };
}

/** The re-check: the decision is refused when what the controller looked at has moved. */
function recheck(
  sqlite: Database.Database,
  orderId: string,
  seenOrderVersion: number,
  seenAccountVersion: number | null | undefined,
): { order: Platform.Order; account: AccountFacts | undefined } {
  const order = replicaOrder(sqlite, orderId);
  if (!order) throw new ApiFailure('not_found', 'This order is not in the desk yet; wait for the next sync.');
  if (order.version !== seenOrderVersion) {
    throw new ApiFailure(
      'conflict',
      `The order changed since you looked (now ${order.status}, ${order.approvals.length} approval(s), total ${order.total}). Review it again before deciding.`,
    );
  }
  if (order.status !== 'credit_hold') throw new ApiFailure('conflict', `The order is ${order.status}, no longer on credit hold.`);
  const account = accountFacts(sqlite, order.account_id);
  if (seenAccountVersion !== undefined && seenAccountVersion !== null && account?.dmsVersion !== seenAccountVersion) {
    throw new ApiFailure(
      'conflict',
      "The dealer's account changed since you looked (a payment, an invoice or the limit). Review the exposure again before deciding.",
    );
  }
  return { order, account };
}

export interface DecisionReceipt {
  outboxId: number;
  /** What the policy still needs after this approval lands (null when it will be satisfied). */
  stillNeeded: string | null;
}

/** Records one staff member's approval (through the outbox). Call inside the audit transaction. */
export function approveHold(
  sqlite: Database.Database,
  staff: DeciderStaff,
  input: { orderId: string; seenOrderVersion: number; seenAccountVersion?: number | null; note?: string },
  now: Date,
): DecisionReceipt {
  const { order, account } = recheck(sqlite, input.orderId, input.seenOrderVersion, input.seenAccountVersion);
  const role = staff.roles.includes('credit_manager')
    ? 'credit_manager'
    : staff.roles.includes('credit_controller')
      ? 'credit_controller'
      : null;
  if (!role) throw new ApiFailure('forbidden', 'Only credit controllers and credit managers approve holds.');
  if (order.approvals.some((a) => a.by.id === staff.id))
    throw new ApiFailure('conflict', 'You have already approved this order; a second approval must come from someone else.');
  const body: Platform.ApprovalInput = { by: { id: staff.id, name: staff.name }, role, ...(input.note ? { note: input.note } : {}) };
  const { id, inserted } = enqueue(
    sqlite,
    {
      target: 'platform',
      kind: APPROVAL_KIND,
      entityKey: `order:${order.id}`,
      idempotencyKey: `approval:${order.id}:${staff.id}`,
      method: 'POST',
      path: `/orders/${enc(order.id)}/approvals`,
      payload: body,
      ifMatch: order.version,
      createdBy: staff.id,
    },
    now,
  );
  if (!inserted) throw new ApiFailure('conflict', 'Your approval of this order is already on its way.');
  const after = evaluateAuthority(holdFacts(order, account), [
    ...order.approvals.map((a) => ({ staffId: a.by.id, role: a.role })),
    { staffId: staff.id, role },
  ]);
  return { outboxId: id, stillNeeded: after.missing };
}

export function rejectHold(
  sqlite: Database.Database,
  staff: DeciderStaff,
  input: { orderId: string; seenOrderVersion: number; reasonCode: string; reason: string },
  now: Date,
): DecisionReceipt {
  const { order } = recheck(sqlite, input.orderId, input.seenOrderVersion, undefined);
  const body: Platform.TransitionInput = {
    to: 'rejected',
    by: { id: staff.id, name: staff.name },
    reason: input.reason,
    reason_code: input.reasonCode,
  };
  const { id, inserted } = enqueue(
    sqlite,
    {
      target: 'platform',
      kind: DECIDE_KIND,
      entityKey: `order:${order.id}`,
      idempotencyKey: `decision:${order.id}`,
      method: 'POST',
      path: `/orders/${enc(order.id)}/transitions`,
      payload: body,
      ifMatch: order.version,
      createdBy: staff.id,
    },
    now,
  );
  if (!inserted) throw new ApiFailure('conflict', 'A decision on this order is already on its way.');
  return { outboxId: id, stillNeeded: null };
}

function orderIdFromPath(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

/** Describes a 412/409 for the controller: what the order looks like now. */
async function whatChanged(item: OutboxItem, ctx: OutboxContext, what: string): Promise<Resolution> {
  const got = await ctx.platform.getOrder(orderIdFromPath(item));
  if (got.kind !== 'ok') return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the order: ${got.kind}` };
  const o = got.body;
  return {
    status: 'conflict',
    message: `${what} was not sent: the order changed since it was decided (now ${o.status}, version ${o.version}, ${o.approvals.length} approval(s)). Review it again.`,
    result: o,
  };
}

/** When the approvals on `order` satisfy the policy: record the override (then the transition follows). */
function overrideIfSatisfied(ctx: OutboxContext, order: Platform.Order): void {
  if (order.status !== 'credit_hold') return;
  const account = accountFacts(ctx.sqlite, order.account_id);
  const authority = authorityFor(order, account);
  if (!authority.satisfied || !account) return;
  const notes = order.approvals.map((a) => a.note).filter((n): n is string => !!n);
  const body: Dms.CreditOverrideInput = {
    dealer_code: account.dealerCode,
    platform_order_id: order.id,
    amount: authority.excess,
    approved_by: order.approvals.slice(-3).map((a) => ({ id: a.by.id, name: a.by.name })),
    reason: notes.length > 0 ? notes.join(' / ').slice(0, 1000) : `Approved by credit control (${authority.tier})`,
    hold_reasons: [...order.credit_check.reasons],
    valid_until: null,
  };
  ctx.enqueue({
    target: 'dms',
    kind: OVERRIDE_KIND,
    entityKey: `order:${order.id}`,
    idempotencyKey: `override:${order.id}`,
    method: 'POST',
    path: '/credit-overrides',
    payload: body,
    createdBy: 'system',
  });
}

export const approvalHandler: KindHandler = {
  prepare(item, ctx) {
    const order = replicaOrder(ctx.sqlite, orderIdFromPath(item));
    const by = (item.payload as Platform.ApprovalInput).by.id;
    if (order?.approvals.some((a) => a.by.id === by)) return { status: 'delivered', result: order, message: 'approval already recorded' };
    if (order && item.ifMatch !== null && order.version !== item.ifMatch) {
      return {
        status: 'conflict',
        message: `Approval not sent: the order changed since it was reviewed (now ${order.status}, version ${order.version}). Review it again.`,
        result: order,
      };
    }
    return null;
  },
  async lookup(item, ctx) {
    const got = await ctx.platform.getOrder(orderIdFromPath(item));
    if (got.kind !== 'ok')
      return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up the approval: ${got.kind}`, ambiguous: true };
    const by = (item.payload as Platform.ApprovalInput).by.id;
    return got.body.approvals.some((a) => a.by.id === by) ? { status: 'delivered', result: got.body } : 'absent';
  },
  async interpret(item, outcome, ctx) {
    if (outcome.kind === 'conflict' && outcome.problem.code === 'duplicate-approval') {
      const got = await ctx.platform.getOrder(orderIdFromPath(item));
      return { status: 'delivered', result: got.kind === 'ok' ? got.body : null, message: 'approval already recorded' };
    }
    if (outcome.kind === 'conflict' && outcome.problem.code !== 'idempotency-key-in-flight') return whatChanged(item, ctx, 'The approval');
    return null;
  },
  onDelivered(_item, result, ctx) {
    const order = result as Platform.Order | null;
    if (order && typeof order === 'object' && Array.isArray(order.approvals)) overrideIfSatisfied(ctx, order);
  },
};

export const overrideHandler: KindHandler = {
  prepare(item, ctx) {
    const orderId = (item.payload as Dms.CreditOverrideInput).platform_order_id;
    const existing = ctx.sqlite.prepare('SELECT raw FROM dms_credit_overrides WHERE platform_order_id = ?').pluck().get(orderId) as
      string | undefined;
    if (existing) return { status: 'delivered', result: JSON.parse(existing) as unknown, message: 'override already recorded' };
    const order = replicaOrder(ctx.sqlite, orderId);
    if (order && order.status !== 'credit_hold')
      return { status: 'conflict', message: `Override not recorded: the order is now ${order.status}.`, result: order };
    return null;
  },
  interpret(_item, outcome) {
    if (outcome.kind === 'conflict' && outcome.problem.code === 'duplicate-override') {
      const id = outcome.problem.extensions.existing_override_id;
      return {
        status: 'delivered',
        result: { id, platform_order_id: (_item.payload as Dms.CreditOverrideInput).platform_order_id },
        message: 'adopted the existing override',
      };
    }
    return null;
  },
  onDelivered(item, result, ctx) {
    const overrideId = (result as { id?: unknown } | null)?.id;
    const orderId = (item.payload as Dms.CreditOverrideInput).platform_order_id;
    const order = replicaOrder(ctx.sqlite, orderId);
    if (typeof overrideId !== 'string' || !order) return;
    const last = order.approvals[order.approvals.length - 1];
    const by = last ? { id: last.by.id, name: last.by.name } : { id: 'dealer-desk', name: 'Dealer Desk integration' };
    const body: Platform.TransitionInput = {
      to: 'approved',
      by,
      reason: (item.payload as Dms.CreditOverrideInput).reason,
      reference: overrideId,
    };
    ctx.enqueue({
      target: 'platform',
      kind: DECIDE_KIND,
      entityKey: `order:${orderId}`,
      idempotencyKey: `decision:${orderId}`,
      method: 'POST',
      path: `/orders/${enc(orderId)}/transitions`,
      payload: body,
      // The approvals moved the version; the transition acts on the latest one the desk knows.
      ifMatch: order.version,
      createdBy: 'system',
    });
  },
};

export const decideHandler: KindHandler = {
  async prepare(item, ctx) {
    const body = item.payload as Platform.TransitionInput;
    const replica = replicaOrder(ctx.sqlite, orderIdFromPath(item));
    if (replica?.status === body.to) return { status: 'delivered', result: replica, message: `already ${body.to}` };
    if (body.to !== 'approved') {
      if (replica && replica.status !== 'credit_hold')
        return { status: 'conflict', message: `Rejection not sent: the order is now ${replica.status}.`, result: replica };
      if (replica && item.ifMatch !== null && replica.version !== item.ifMatch) {
        return {
          status: 'conflict',
          message: `Rejection not sent: the order changed since it was reviewed (version ${replica.version}). Review it again.`,
          result: replica,
        };
      }
      return null;
    }
    // An approval derived by the desk is re-checked against the order as the platform holds it now: the
    // replica may not have seen the last approvals yet, and the policy must hold at the moment of sending.
    const got = await ctx.platform.getOrder(orderIdFromPath(item));
    if (got.kind !== 'ok')
      return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the order before approving: ${got.kind}` };
    const order = got.body;
    if (order.status === 'approved') return { status: 'delivered', result: order, message: 'already approved' };
    if (order.status !== 'credit_hold')
      return { status: 'conflict', message: `Approval not sent: the order is now ${order.status}.`, result: order };
    const authority = authorityFor(order, accountFacts(ctx.sqlite, order.account_id));
    if (!authority.satisfied)
      return {
        status: 'conflict',
        message: `Approval not sent: ${authority.missing ?? 'the policy is no longer satisfied'}.`,
        result: order,
      };
    return { ifMatch: order.version };
  },
  async lookup(item, ctx) {
    const got = await ctx.platform.getOrder(orderIdFromPath(item));
    if (got.kind !== 'ok')
      return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up the decision: ${got.kind}`, ambiguous: true };
    return got.body.status === (item.payload as Platform.TransitionInput).to ? { status: 'delivered', result: got.body } : 'absent';
  },
  async interpret(item, outcome, ctx) {
    if (outcome.kind !== 'conflict' || outcome.problem.code === 'idempotency-key-in-flight') return null;
    const body = item.payload as Platform.TransitionInput;
    if (body.to === 'approved' && outcome.status === 412) {
      const got = await ctx.platform.getOrder(orderIdFromPath(item));
      if (
        got.kind === 'ok' &&
        got.body.status === 'credit_hold' &&
        authorityFor(got.body, accountFacts(ctx.sqlite, got.body.account_id)).satisfied
      ) {
        return { status: 'resend', ifMatch: got.body.version, message: 'order moved; still approved under the policy, sending again' };
      }
    }
    return whatChanged(item, ctx, body.to === 'approved' ? 'The approval' : 'The rejection');
  },
};
