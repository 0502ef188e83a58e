// Duty 3: the push path of credit decisions. A controller's approval is recorded on the platform order;
// when the approvals satisfy the authority policy, a DMS credit override is recorded, then the order moves
// to `approved` (reference = override id). A rejection moves it to `rejected`. Every decision is re-checked
// at the moment of sending: if the order or the account moved since the controller looked, it is not sent.
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import { evaluateAuthority, type AuthorityDecision, type AuthorityPolicy, type HoldFacts } from '../../shared/credit/authority';
import { officeTimeWords } from '../../shared/credit/words';
import { ApiFailure } from '../../shared/api/errors';
import { readAuthorityPolicy, readCreditSettings } from '../features/credit/policy';
import { enqueue, retryItem, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';
import { enc, integrationStaff, replicaOrder } from './common';
import { DEALER_STATUS_KIND } from './dealerStatus';

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

/** The policy in force is the admin's (setting credit.authorityPolicy), read at the moment of deciding. */
export function authorityFor(order: Platform.Order, account: AccountFacts | undefined, policy: AuthorityPolicy): AuthorityDecision {
  return evaluateAuthority(
    holdFacts(order, account),
    order.approvals.map((a) => ({ staffId: a.by.id, role: a.role })),
    policy,
  );
}

/**
 * Why an order is no longer on credit hold, exactly: the dealer or a person cancelled it, or someone
 * (here or on another desk) decided it first, with when. `myId` is the person asking.
 */
export function whyNotOnHold(sqlite: Database.Database, order: Platform.Order, myId: string | null): string {
  const offset = readCreditSettings(sqlite).calendar.utcOffsetMinutes;
  const at = (iso: string) => officeTimeWords(iso, offset);
  if (order.status === 'cancelled') {
    const c = order.cancellation;
    const why = c?.reason ? ` ("${c.reason}")` : '';
    if (!c?.at) return 'The order was cancelled; nothing was sent.';
    if (c.by?.type === 'dealer') return `The dealer cancelled this order at ${at(c.at)}${why}; nothing was sent.`;
    return `${c.by?.id === myId ? 'You' : (c.by?.name ?? 'Someone')} cancelled this order at ${at(c.at)}${why}; nothing was sent.`;
  }
  const d = order.decision;
  if (d?.outcome && d.at) {
    const byId = d.by?.id ?? null;
    const here = byId !== null && sqlite.prepare('SELECT 1 FROM staff WHERE id = ?').pluck().get(byId) === 1;
    const who =
      byId === myId
        ? 'You'
        : byId === integrationStaff.id
          ? 'The integration'
          : `${d.by?.name ?? 'Someone'}${here ? '' : ' on another desk'}`;
    const code = d.outcome === 'rejected' && d.reason_code ? ` (reason: ${d.reason_code})` : '';
    return `${who} already ${d.outcome} this order at ${at(d.at)}${code}; yours was not sent.`;
  }
  return `The order is ${order.status.replace('_', ' ')}, no longer on credit hold; nothing was sent.`;
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
    authority: authorityFor(order, account, readAuthorityPolicy(sqlite)),
  };
}

/** The re-check: the decision is refused when what the controller looked at has moved. */
function recheck(
  sqlite: Database.Database,
  orderId: string,
  seenOrderVersion: number,
  seenAccountVersion: number | null | undefined,
  myId: string | null = null,
): { order: Platform.Order; account: AccountFacts | undefined } {
  const order = replicaOrder(sqlite, orderId);
  if (!order) throw new ApiFailure('not_found', 'This order is not in the desk yet; wait for the next sync.');
  // What happened to the order comes first: a cancellation or a decision elsewhere also moved its version.
  if (order.status !== 'credit_hold') throw new ApiFailure('conflict', whyNotOnHold(sqlite, order, myId));
  if (order.version !== seenOrderVersion) {
    const names = order.approvals.map((a) => a.by.name).join(', ');
    throw new ApiFailure(
      'conflict',
      `The order changed since you opened it (version ${seenOrderVersion} → ${order.version}; approvals now: ${names || 'none'}). Nothing was sent; review it again before deciding.`,
    );
  }
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
  const { order, account } = recheck(sqlite, input.orderId, input.seenOrderVersion, input.seenAccountVersion, staff.id);
  const role = staff.roles.includes('credit_manager')
    ? 'credit_manager'
    : staff.roles.includes('credit_controller')
      ? 'credit_controller'
      : null;
  if (!role) throw new ApiFailure('forbidden', 'Only credit controllers and credit managers approve holds.');
  if (order.approvals.some((a) => a.by.id === staff.id))
    throw new ApiFailure('conflict', 'You have already approved this order; a second approval must come from someone else.');
  const body: Platform.ApprovalInput = { by: { id: staff.id, name: staff.name }, role, ...(input.note ? { note: input.note } : {}) };
  const { id, inserted } = enqueueDecision(
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
  const after = evaluateAuthority(
    holdFacts(order, account),
    [...order.approvals.map((a) => ({ staffId: a.by.id, role: a.role })), { staffId: staff.id, role }],
    readAuthorityPolicy(sqlite),
  );
  return { outboxId: id, stillNeeded: after.missing };
}

export function rejectHold(
  sqlite: Database.Database,
  staff: DeciderStaff,
  input: {
    orderId: string;
    seenOrderVersion: number;
    seenAccountVersion?: number | null;
    reasonCode: string;
    reason: string;
    /** Published to the dealer once the platform confirms the rejection (see decideHandler.onDelivered). */
    dealerMessage?: string | null;
  },
  now: Date,
): DecisionReceipt {
  const { order } = recheck(sqlite, input.orderId, input.seenOrderVersion, input.seenAccountVersion, staff.id);
  const body: Platform.TransitionInput = {
    to: 'rejected',
    by: { id: staff.id, name: staff.name },
    reason: input.reason,
    reason_code: input.reasonCode,
  };
  const { id, inserted } = enqueueDecision(
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
  if (input.dealerMessage) {
    const publication: Platform.DealerStatusInput = {
      status: 'rejected',
      message: input.dealerMessage,
      published_by: { id: staff.id, name: staff.name },
    };
    sqlite
      .prepare(
        `INSERT INTO credit_rejection_messages (order_id, body, staff_id, created_at, outbox_id) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT(order_id) DO UPDATE SET body = excluded.body, staff_id = excluded.staff_id, created_at = excluded.created_at, outbox_id = NULL`,
      )
      .run(order.id, JSON.stringify(publication), staff.id, now.toISOString());
  } else {
    sqlite.prepare('DELETE FROM credit_rejection_messages WHERE order_id = ? AND outbox_id IS NULL').run(order.id);
  }
  return { outboxId: id, stillNeeded: null };
}

/**
 * Enqueues a person's decision under its deterministic key. A key whose earlier command was stopped (a
 * conflict, a refusal, a discard) is sent again with today's version and body, so a controller can decide
 * again after reviewing what changed; one still on its way is left alone (inserted: false).
 */
function enqueueDecision(sqlite: Database.Database, input: Parameters<typeof enqueue>[1], now: Date): { id: number; inserted: boolean } {
  const existing = sqlite.prepare('SELECT id, status FROM outbox WHERE idempotency_key = ?').get(input.idempotencyKey) as
    { id: number; status: string } | undefined;
  if (!existing || !['failed', 'conflict', 'discarded'].includes(existing.status)) return enqueue(sqlite, input, now);
  if (existing.status === 'discarded') sqlite.prepare("UPDATE outbox SET status = 'conflict' WHERE id = ?").run(existing.id);
  // retryItem picks a fresh send key when the server stored the earlier refusal under this one.
  retryItem(sqlite, existing.id, now);
  sqlite
    .prepare('UPDATE outbox SET payload = ?, if_match = ?, last_error = NULL, created_by = ? WHERE id = ?')
    .run(
      JSON.stringify(input.payload),
      input.ifMatch === undefined || input.ifMatch === null ? null : String(input.ifMatch),
      input.createdBy,
      existing.id,
    );
  return { id: existing.id, inserted: true };
}

function orderIdFromPath(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

/** Describes a 412/409 for the controller: what the order looks like now. */
async function whatChanged(item: OutboxItem, ctx: OutboxContext, what: string): Promise<Resolution> {
  const got = await ctx.platform.getOrder(orderIdFromPath(item));
  if (got.kind !== 'ok') return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `re-reading the order: ${got.kind}` };
  const o = got.body;
  if (o.status !== 'credit_hold')
    return { status: 'conflict', message: `${what} was not recorded. ${whyNotOnHold(ctx.sqlite, o, item.createdBy)}`, result: o };
  return {
    status: 'conflict',
    message: `${what} was not recorded: the order changed since it was decided (version ${o.version}, approvals: ${o.approvals.map((a) => a.by.name).join(', ') || 'none'}). Review it again.`,
    result: o,
  };
}

/** When the approvals on `order` satisfy the policy: record the override (then the transition follows). */
function overrideIfSatisfied(ctx: OutboxContext, order: Platform.Order): void {
  if (order.status !== 'credit_hold') return;
  const account = accountFacts(ctx.sqlite, order.account_id);
  const authority = authorityFor(order, account, readAuthorityPolicy(ctx.sqlite));
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
    if (order && order.status !== 'credit_hold')
      return { status: 'conflict', message: `Approval not sent. ${whyNotOnHold(ctx.sqlite, order, item.createdBy)}`, result: order };
    if (order && item.ifMatch !== null && order.version !== item.ifMatch) {
      return {
        status: 'conflict',
        message: `Approval not sent: the order changed since it was reviewed (version ${order.version}, approvals: ${order.approvals.map((a) => a.by.name).join(', ') || 'none'}). Review it again.`,
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
        return { status: 'conflict', message: `Rejection not sent. ${whyNotOnHold(ctx.sqlite, replica, item.createdBy)}`, result: replica };
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
      return { status: 'conflict', message: `Approval not sent. ${whyNotOnHold(ctx.sqlite, order, null)}`, result: order };
    const authority = authorityFor(order, accountFacts(ctx.sqlite, order.account_id), readAuthorityPolicy(ctx.sqlite));
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
        authorityFor(got.body, accountFacts(ctx.sqlite, got.body.account_id), readAuthorityPolicy(ctx.sqlite)).satisfied
      ) {
        return { status: 'resend', ifMatch: got.body.version, message: 'order moved; still approved under the policy, sending again' };
      }
    }
    return whatChanged(item, ctx, body.to === 'approved' ? 'The approval' : 'The rejection');
  },
  onDelivered(item, result, ctx) {
    const body = item.payload as Platform.TransitionInput;
    if (body.to !== 'rejected') return;
    const orderId = orderIdFromPath(item);
    const message = ctx.sqlite
      .prepare('SELECT body, staff_id, outbox_id FROM credit_rejection_messages WHERE order_id = ?')
      .get(orderId) as { body: string; staff_id: string; outbox_id: number | null } | undefined;
    if (!message || message.outbox_id !== null) return;
    // Only the person whose rejection the platform recorded speaks to the dealer about it.
    const decidedBy = (result as Platform.Order | null)?.decision?.by?.id;
    if (decidedBy && decidedBy !== message.staff_id) return;
    const { id } = ctx.enqueue({
      target: 'platform',
      kind: DEALER_STATUS_KIND,
      entityKey: `order:${orderId}`,
      // A person's own words: sent as written, once per order.
      idempotencyKey: `dealer-status-adhoc:${orderId}:rejection`,
      method: 'POST',
      path: `/orders/${enc(orderId)}/dealer-status`,
      payload: JSON.parse(message.body) as unknown,
      createdBy: message.staff_id,
    });
    ctx.sqlite.prepare('UPDATE credit_rejection_messages SET outbox_id = ? WHERE order_id = ?').run(id, orderId);
  },
};
