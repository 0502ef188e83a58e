// The credit desk's reads (issue 8): the hold queue, one hold's exposure and history, the stale-decision
// flags, this desk's decisions on their way, and new-hold arrivals. Everything is computed from the replica
// on demand, so every desk derives the same flags from the same facts; screens get rows already shaped.
import type Database from 'better-sqlite3';
import type {
  CreditSettingsView,
  DealerHistoryView,
  ExposureView,
  HoldArrivalsView,
  HoldDetailView,
  HoldQueueView,
  HoldRowView,
  LocalDecisionView,
  PastHoldView,
} from '../../../shared/api/features/credit';
import type { Platform } from '../../../shared/contracts';
import { evaluateAuthority, tierRequirement, type HoldFacts } from '../../../shared/credit/authority';
import {
  holdReasons,
  holdSlaTargetMinutes,
  inAmountBand,
  myPartIn,
  renderDealerMessage,
  waitingForSecond,
  type AmountBand,
  type HoldReason,
} from '../../../shared/credit/holds';
import type { ExposureSnapshot, StaleChange } from '../../../shared/credit/words';
import { DEALER_WAITING_MARKER, hasDealerWaiting } from '../../../shared/dealerWaiting';
import { ApiFailure } from '../../../shared/api/errors';
import { APPROVAL_KIND, DECIDE_KIND, OVERRIDE_KIND } from '../../duties/decisions';
import { DEALER_STATUS_KIND } from '../../duties/dealerStatus';
import { readCreditSettings } from './policy';

/** The platform's own overdue rule at placement (contract: oldest_overdue_days > 60 holds the order). */
const PLATFORM_OVERDUE_DAYS = 60;

/** Statements prepared once per connection: the queue re-reads on every replica change. */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = prepared.get(sqlite);
  if (!cache) {
    cache = new Map();
    prepared.set(sqlite, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = sqlite.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

export interface DeskStaff {
  id: string;
  roles: readonly string[];
}

interface BaseRow {
  id: string;
  number: string;
  version: number;
  status: string;
  account_id: string;
  currency: string;
  total: number;
  placed_at: string;
  channel: string;
  held_at: string;
  credit_limit: number;
  credit_exposure: number;
  hold_reasons: string;
  dealer_waiting: number;
  updated_at: string | null;
  code: string | null;
  name: string | null;
  region: string | null;
  dms_version: number | null;
  dms_limit: number | null;
  dms_blocked: number | null;
  dms_oldest: number | null;
}

/** Which orders a read covers: the whole queue, or one order whatever its status. */
type Scope = { kind: 'queue' } | { kind: 'order'; orderId: string };

function scopeSql(scope: Scope): { where: string; params: string[] } {
  return scope.kind === 'queue' ? { where: `o.status = 'credit_hold'`, params: [] } : { where: 'o.id = ?', params: [scope.orderId] };
}

function reasonsOf(csv: string): HoldReason[] {
  return csv
    .split(',')
    .filter((r): r is HoldReason => (holdReasons as readonly string[]).includes(r))
    .sort((a, b) => holdReasons.indexOf(a) - holdReasons.indexOf(b));
}

/** The authority facts of a hold, exactly as the push path evaluates them (decisions.ts `holdFacts`). */
function factsOf(r: BaseRow): HoldFacts {
  const reasons = r.hold_reasons === '' ? [] : r.hold_reasons.split(',');
  return {
    creditLimit: r.credit_limit,
    exposure: r.credit_exposure,
    oldestOverdueDays: r.dms_oldest ?? 0,
    blocked: r.dms_blocked === 1 || reasons.includes('account_blocked'),
    reasons,
  };
}

interface ApprovalRow {
  order_id: string;
  by_id: string;
  by_name: string;
  role: string;
  at: string;
  note: string | null;
}

const decisionKinds = [APPROVAL_KIND, OVERRIDE_KIND, DECIDE_KIND, DEALER_STATUS_KIND];

interface OutboxRow {
  id: number;
  entity_key: string;
  kind: string;
  status: LocalDecisionView['status'];
  last_error: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  payload: string;
}

function localDecision(r: OutboxRow): LocalDecisionView {
  let what: LocalDecisionView['what'] = 'approval';
  if (r.kind === OVERRIDE_KIND) what = 'override';
  else if (r.kind === DEALER_STATUS_KIND) what = 'dealer_message';
  else if (r.kind === DECIDE_KIND) what = (JSON.parse(r.payload) as { to?: string }).to === 'rejected' ? 'reject' : 'approve';
  return {
    outboxId: r.id,
    what,
    status: r.status,
    message: r.last_error,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The stale-decision flags of the orders in scope: what changed in the dealer's account since the hold. */
function staleChanges(sqlite: Database.Database, scope: Scope, rows: readonly BaseRow[]): Map<string, StaleChange[]> {
  const { where, params } = scopeSql(scope);
  const out = new Map<string, StaleChange[]>(rows.map((r) => [r.id, []]));
  // Payments the DMS received after the platform's check (both systems' clocks, compared as instants). The
  // day prefix (timestamps are UTC, contracts/README.md) lets the (dealer, received_at) index skip history.
  const payments = stmt(
    sqlite,
    `SELECT o.id AS order_id, substr(o.credit_checked_at, 1, 10) AS held_day, p.amount, p.received_at, p.reference, p.raw
     FROM platform_orders o JOIN platform_accounts a ON a.id = o.account_id
     JOIN dms_payments p ON p.dealer_code = a.code AND p.received_at >= substr(o.credit_checked_at, 1, 10)
     WHERE ${where} AND julianday(p.received_at) > julianday(o.credit_checked_at) ORDER BY p.received_at`,
  ).all(...params) as { order_id: string; held_day: string; amount: number; received_at: string; reference: string | null; raw: string }[];
  const invoice = stmt(sqlite, 'SELECT number, due_date, outstanding FROM dms_invoices WHERE id = ?');
  const paidInvoices = new Map<string, StaleChange[]>();
  for (const p of payments) {
    out.get(p.order_id)?.push({ kind: 'payment', at: p.received_at, amount: p.amount, reference: p.reference });
    // What the payment cleared: invoices already due when the order was held are "an older invoice paid".
    const allocations = (JSON.parse(p.raw) as { allocations?: { invoice_id?: unknown }[] }).allocations ?? [];
    for (const a of allocations) {
      if (typeof a.invoice_id !== 'string') continue;
      const i = invoice.get(a.invoice_id) as { number: string; due_date: string; outstanding: number } | undefined;
      if (!i || i.due_date >= p.held_day) continue;
      const list = paidInvoices.get(p.order_id) ?? [];
      if (!list.some((c) => c.kind === 'invoice_paid' && c.invoiceNumber === i.number))
        list.push({ kind: 'invoice_paid', at: p.received_at, invoiceNumber: i.number, dueDate: i.due_date, outstanding: i.outstanding });
      paidInvoices.set(p.order_id, list);
    }
  }
  for (const r of rows) {
    const changes = out.get(r.id);
    if (!changes || r.dms_version === null) continue;
    const reasons = r.hold_reasons.split(',');
    // Without a credit position the platform knew no limit and no block: nothing to compare with.
    if (reasons.includes('no_credit_position')) continue;
    if (r.dms_limit !== null && r.dms_limit !== r.credit_limit) changes.push({ kind: 'limit', from: r.credit_limit, to: r.dms_limit });
    const blockedThen = reasons.includes('account_blocked');
    const blockedNow = r.dms_blocked === 1;
    if (blockedNow && !blockedThen) changes.push({ kind: 'blocked' });
    if (!blockedNow && blockedThen) changes.push({ kind: 'unblocked' });
    if (reasons.includes('overdue') && (r.dms_oldest ?? 0) <= PLATFORM_OVERDUE_DAYS)
      changes.push({ kind: 'overdue_cleared', oldestOverdueDays: r.dms_oldest ?? 0 });
  }
  for (const [orderId, list] of paidInvoices) out.get(orderId)?.push(...list);
  return out;
}

function baseRows(sqlite: Database.Database, scope: Scope): BaseRow[] {
  const { where, params } = scopeSql(scope);
  return stmt(
    sqlite,
    `SELECT o.id, o.number, o.version, o.status, o.account_id, o.currency, o.total, o.placed_at, o.channel, o.credit_checked_at AS held_at,
              o.credit_limit, o.credit_exposure, o.hold_reasons, o.dealer_waiting, o.updated_at,
              a.code, a.name, a.region,
              d.version AS dms_version, d.credit_limit AS dms_limit, d.blocked AS dms_blocked, d.oldest_overdue_days AS dms_oldest
       FROM platform_orders o
       LEFT JOIN platform_accounts a ON a.id = o.account_id
       LEFT JOIN dms_accounts d ON d.dealer_code = a.code
       WHERE ${where}
       ORDER BY o.dealer_waiting DESC, o.placed_at, o.id`,
  ).all(...params) as BaseRow[];
}

function enrich(
  sqlite: Database.Database,
  scope: Scope,
  rows: BaseRow[],
  me: DeskStaff,
  settings: CreditSettingsView = readCreditSettings(sqlite),
): HoldRowView[] {
  const { where, params } = scopeSql(scope);
  const approvals = new Map<string, ApprovalRow[]>();
  for (const a of stmt(
    sqlite,
    `SELECT p.order_id, p.by_id, p.by_name, p.role, p.at, p.note FROM platform_orders o
       JOIN platform_order_approvals p ON p.order_id = o.id WHERE ${where} ORDER BY p.order_id, p.seq`,
  ).all(...params) as ApprovalRow[]) {
    approvals.set(a.order_id, [...(approvals.get(a.order_id) ?? []), a]);
  }
  const pending = new Map<string, LocalDecisionView>();
  for (const item of stmt(
    sqlite,
    `SELECT id, entity_key, kind, status, last_error, created_by, created_at, updated_at, payload FROM outbox
       WHERE entity_key IN (SELECT 'order:' || o.id FROM platform_orders o WHERE ${where})
         AND kind IN (?, ?, ?)
       ORDER BY id DESC`,
  ).all(...params, APPROVAL_KIND, OVERRIDE_KIND, DECIDE_KIND) as OutboxRow[]) {
    const orderId = item.entity_key.slice('order:'.length);
    // The latest decision command decides what the row says: on its way, stopped, or nothing (delivered).
    if (pending.has(orderId) || pending.has(`done:${orderId}`)) continue;
    if (['pending', 'in_flight', 'failed', 'conflict'].includes(item.status)) pending.set(orderId, localDecision(item));
    else pending.set(`done:${orderId}`, localDecision(item));
  }
  const stale = staleChanges(sqlite, scope, rows);
  return rows.map((r) => {
    const facts = factsOf(r);
    const recorded = (approvals.get(r.id) ?? []).map((a) => ({ staffId: a.by_id, role: a.role }));
    const authority = evaluateAuthority(facts, recorded, settings.policy);
    const reasons = reasonsOf(r.hold_reasons);
    return {
      orderId: r.id,
      orderNumber: r.number,
      orderVersion: r.version,
      accountId: r.account_id,
      dealerCode: r.code,
      dealerName: r.name,
      region: r.region,
      currency: r.currency,
      total: r.total,
      excess: r.credit_limit > 0 ? Math.max(0, r.credit_exposure - r.credit_limit) : 0,
      reasons,
      placedAt: r.placed_at,
      heldAt: r.held_at,
      channel: r.channel,
      dealerWaiting: r.dealer_waiting === 1,
      approvals: (approvals.get(r.id) ?? []).map((a) => ({ staffId: a.by_id, name: a.by_name, role: a.role, at: a.at })),
      tier: authority.tier,
      satisfied: authority.satisfied,
      missing: authority.missing,
      myPart: myPartIn(facts, recorded, me, settings.policy),
      waitingForSecond: waitingForSecond(authority.tier, authority.satisfied, new Set(recorded.map((a) => a.staffId)).size),
      stale: stale.get(r.id) ?? [],
      pending: pending.get(r.id) ?? null,
      slaTargetMinutes: holdSlaTargetMinutes(reasons, settings.slaTargets),
    };
  });
}

function lastPulls(sqlite: Database.Database): { platform: string | null; dms: string | null } {
  const rows = stmt(sqlite, 'SELECT source, last_success_at FROM sync_cursors').all() as {
    source: string;
    last_success_at: string | null;
  }[];
  return {
    platform: rows.find((r) => r.source === 'platform')?.last_success_at ?? null,
    dms: rows.find((r) => r.source === 'dms')?.last_success_at ?? null,
  };
}

export interface HoldQueueFilter {
  reasons?: HoldReason[] | undefined;
  regions?: string[] | undefined;
  bands?: AmountBand[] | undefined;
  mine?: 'needs_my_approval' | 'waiting_for_second' | null | undefined;
}

/** The hold queue: every order on credit hold, dealer-waiting first, then oldest first; filters applied. */
export function holdQueue(sqlite: Database.Database, me: DeskStaff, filter: HoldQueueFilter = {}): HoldQueueView {
  const settings = readCreditSettings(sqlite);
  const all = enrich(sqlite, { kind: 'queue' }, baseRows(sqlite, { kind: 'queue' }), me, settings);
  const rows = all.filter(
    (r) =>
      (!filter.reasons?.length || r.reasons.some((x) => filter.reasons?.includes(x))) &&
      (!filter.regions?.length || (r.region !== null && filter.regions.includes(r.region))) &&
      (!filter.bands?.length || filter.bands.some((b) => inAmountBand(r.total, b))) &&
      (filter.mine !== 'needs_my_approval' || r.myPart === 'can_complete' || r.myPart === 'can_add') &&
      (filter.mine !== 'waiting_for_second' || r.waitingForSecond),
  );
  const pulls = lastPulls(sqlite);
  return {
    rows,
    totalHolds: all.length,
    regions: [...new Set(all.map((r) => r.region).filter((r): r is string => r !== null))].sort(),
    calendar: settings.calendar,
    platformAsOf: pulls.platform,
    dmsAsOf: pulls.dms,
  };
}

function holdRow(sqlite: Database.Database, orderId: string, me: DeskStaff): { base: BaseRow; row: HoldRowView } {
  const base = baseRows(sqlite, { kind: 'order', orderId })[0];
  if (!base) throw new ApiFailure('not_found', 'This order is not in the desk yet; wait for the next sync.');
  const row = enrich(sqlite, { kind: 'order', orderId }, [base], me)[0] as HoldRowView;
  return { base, row };
}

interface DmsAccountRow {
  credit_limit: number;
  balance: number;
  unbilled: number;
  overdue: number;
  oldest_overdue_days: number;
  ageing_not_due: number;
  ageing_d1_30: number;
  ageing_d31_60: number;
  ageing_d61_90: number;
  ageing_d90_plus: number;
  blocked: number;
  version: number;
  updated_at: string | null;
}

/** Today's exposure behind a hold, by the platform's formula on the replica's figures. */
export function exposureOf(sqlite: Database.Database, base: BaseRow): ExposureView | null {
  if (!base.code) return null;
  const d = stmt(sqlite, 'SELECT * FROM dms_accounts WHERE dealer_code = ?').get(base.code) as DmsAccountRow | undefined;
  if (!d) return null;
  // Orders the platform counts (received, approved) that the DMS does not hold yet: once the DMS has them
  // they are in its unbilled figure, and counting them twice would overstate the exposure.
  const pendingOrders = stmt(
    sqlite,
    `SELECT count(*) AS n, coalesce(sum(o.total), 0) AS total FROM platform_orders o
       WHERE o.account_id = ? AND o.status IN ('received', 'approved') AND o.id != ?
         AND NOT EXISTS (SELECT 1 FROM dms_orders x WHERE x.platform_order_id = o.id)`,
  ).get(base.account_id, base.id) as { n: number; total: number };
  const otherHolds = stmt(
    sqlite,
    `SELECT count(*) AS n, coalesce(sum(total), 0) AS total FROM platform_orders WHERE account_id = ? AND status = 'credit_hold' AND id != ?`,
  ).get(base.account_id, base.id) as { n: number; total: number };
  const pulls = lastPulls(sqlite);
  const exposureAfter = d.balance + d.unbilled + pendingOrders.total + base.total;
  const reasons: HoldReason[] = [];
  if (d.blocked === 1) reasons.push('account_blocked');
  if (d.oldest_overdue_days > PLATFORM_OVERDUE_DAYS) reasons.push('overdue');
  if (d.credit_limit > 0 && exposureAfter > d.credit_limit) reasons.push('over_limit');
  return {
    currency: base.currency,
    creditLimit: d.credit_limit,
    ageing: {
      notDue: d.ageing_not_due,
      d1To30: d.ageing_d1_30,
      d31To60: d.ageing_d31_60,
      d61To90: d.ageing_d61_90,
      d90Plus: d.ageing_d90_plus,
    },
    balance: d.balance,
    overdue: d.overdue,
    oldestOverdueDays: d.oldest_overdue_days,
    unbilled: d.unbilled,
    blocked: d.blocked === 1,
    notHandedOver: pendingOrders.total,
    notHandedOverCount: pendingOrders.n,
    thisOrder: base.total,
    exposureAfter,
    availableAfter: d.credit_limit - exposureAfter,
    excess: d.credit_limit > 0 ? Math.max(0, exposureAfter - d.credit_limit) : 0,
    otherHolds: { count: otherHolds.n, total: otherHolds.total },
    dmsAccountVersion: d.version,
    dmsUpdatedAt: d.updated_at,
    dmsAsOf: pulls.dms,
    platformAsOf: pulls.platform,
    recheck: { wouldHold: reasons.length > 0, reasons },
  };
}

function snapshotOf(base: BaseRow, row: HoldRowView, exposure: ExposureView | null): ExposureSnapshot {
  return {
    orderVersion: base.version,
    orderStatus: base.status,
    approvals: row.approvals.length,
    dmsAccountVersion: exposure?.dmsAccountVersion ?? null,
    currency: base.currency,
    creditLimit: exposure?.creditLimit ?? null,
    balance: exposure?.balance ?? null,
    unbilled: exposure?.unbilled ?? null,
    notHandedOver: exposure?.notHandedOver ?? 0,
    thisOrder: base.total,
    availableAfter: exposure?.availableAfter ?? null,
    oldestOverdueDays: exposure?.oldestOverdueDays ?? null,
    blocked: exposure?.blocked ?? null,
  };
}

/** The figures a decision on this order would be taken on, now (compared with what the person saw). */
export function currentSnapshot(sqlite: Database.Database, orderId: string, me: DeskStaff): ExposureSnapshot {
  const { base, row } = holdRow(sqlite, orderId, me);
  return snapshotOf(base, row, exposureOf(sqlite, base));
}

const DAY_MS = 86_400_000;

function dealerHistory(sqlite: Database.Database, base: BaseRow, exposure: ExposureView | null, now: Date): DealerHistoryView {
  const today = now.toISOString().slice(0, 10);
  const pulls = lastPulls(sqlite);
  const openInvoices = base.code
    ? (
        stmt(
          sqlite,
          `SELECT number, issued_at, due_date, amount, outstanding FROM dms_invoices
             WHERE dealer_code = ? AND status IN ('open', 'partially_paid') AND outstanding > 0 ORDER BY due_date, number LIMIT 100`,
        ).all(base.code) as { number: string; issued_at: string; due_date: string; amount: number; outstanding: number }[]
      ).map((i) => ({
        number: i.number,
        issuedAt: i.issued_at,
        dueDate: i.due_date,
        amount: i.amount,
        outstanding: i.outstanding,
        daysOverdue: Math.max(0, Math.round((Date.parse(today) - Date.parse(i.due_date)) / DAY_MS)),
      }))
    : [];
  const yearAgo = new Date(now.getTime() - 365 * DAY_MS).toISOString();
  const payments = base.code
    ? (
        stmt(
          sqlite,
          `SELECT received_at, amount, method, reference FROM dms_payments WHERE dealer_code = ? AND received_at >= ? ORDER BY received_at DESC LIMIT 200`,
        ).all(base.code, yearAgo) as { received_at: string; amount: number; method: string | null; reference: string | null }[]
      ).map((p) => ({ receivedAt: p.received_at, amount: p.amount, method: p.method, reference: p.reference }))
    : [];
  const quarterAgo = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const invoiced90 = base.code
    ? (stmt(sqlite, `SELECT coalesce(sum(amount), 0) FROM dms_invoices WHERE dealer_code = ? AND issued_at >= ? AND status != 'void'`)
        .pluck()
        .get(base.code, quarterAgo) as number)
    : 0;
  const dso = exposure && invoiced90 > 0 ? Math.round((exposure.balance * 90) / invoiced90) : null;
  const past = stmt(
    sqlite,
    `SELECT id, number, placed_at, total, hold_reasons, status, raw FROM platform_orders
       WHERE account_id = ? AND credit_result = 'held' AND id != ? ORDER BY placed_at DESC LIMIT 20`,
  ).all(base.account_id, base.id) as {
    id: string;
    number: string;
    placed_at: string;
    total: number;
    hold_reasons: string;
    status: string;
    raw: string;
  }[];
  const pastHolds: PastHoldView[] = past.map((p) => {
    const o = JSON.parse(p.raw) as Platform.Order;
    const outcome: PastHoldView['outcome'] =
      o.decision?.outcome ?? (p.status === 'cancelled' ? 'cancelled' : p.status === 'credit_hold' ? 'on_hold' : 'approved');
    return {
      orderId: p.id,
      orderNumber: p.number,
      placedAt: p.placed_at,
      total: p.total,
      reasons: reasonsOf(p.hold_reasons),
      outcome,
      decidedBy: o.decision?.by?.name ?? (o.cancellation ? (o.cancellation.by?.name ?? 'the dealer') : null),
      decidedAt: o.decision?.at ?? o.cancellation?.at ?? null,
      reasonCode: o.decision?.reason_code ?? o.cancellation?.reason_code ?? null,
      reason: o.decision?.reason ?? o.cancellation?.reason ?? null,
      approvers: o.approvals.map((a) => a.by.name),
    };
  });
  return {
    openInvoices,
    payments,
    paymentsTotal: payments.reduce((s, p) => s + p.amount, 0),
    dso,
    pastHolds,
    asOf: pulls.dms,
  };
}

/** One hold, everything a controller needs before deciding. */
export function holdDetail(sqlite: Database.Database, orderId: string, me: DeskStaff, now: Date): HoldDetailView {
  const { base, row } = holdRow(sqlite, orderId, me);
  const raw = stmt(sqlite, 'SELECT raw FROM platform_orders WHERE id = ?').pluck().get(orderId) as string;
  const order = JSON.parse(raw) as Platform.Order;
  const exposure = exposureOf(sqlite, base);
  const names = new Map(
    (
      stmt(sqlite, `SELECT sku, name FROM platform_products WHERE sku IN (SELECT sku FROM platform_order_lines WHERE order_id = ?)`).all(
        orderId,
      ) as { sku: string; name: string }[]
    ).map((p) => [p.sku, p.name]),
  );
  const settings = readCreditSettings(sqlite);
  const approvals = stmt(sqlite, 'SELECT by_id, by_name, role, at, note FROM platform_order_approvals WHERE order_id = ? ORDER BY seq').all(
    orderId,
  ) as { by_id: string; by_name: string; role: string; at: string; note: string | null }[];
  const decision = evaluateAuthority(
    factsOf(base),
    approvals.map((a) => ({ staffId: a.by_id, role: a.role })),
    settings.policy,
  );
  const localDecisions = (
    stmt(
      sqlite,
      `SELECT id, entity_key, kind, status, last_error, created_by, created_at, updated_at, payload FROM outbox
         WHERE entity_key = ? AND kind IN (${decisionKinds.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT 20`,
    ).all(`order:${orderId}`, ...decisionKinds) as OutboxRow[]
  ).map(localDecision);
  const ownNotes =
    order.notes && hasDealerWaiting(order.notes) ? order.notes.slice(DEALER_WAITING_MARKER.length).trim() : (order.notes ?? null);
  return {
    row,
    status: order.status,
    orderUpdatedAt: order.updated_at,
    placedBy: `${order.placed_by.name} (${order.placed_by.type})`,
    notes: ownNotes && ownNotes.length > 0 ? ownNotes : null,
    lines: order.lines.map((l) => ({
      lineNo: l.line_no,
      sku: l.sku,
      name: names.get(l.sku) ?? null,
      qty: l.qty,
      unitPrice: l.unit_price,
      lineTotal: l.line_total,
      tax: l.tax,
    })),
    subtotal: order.subtotal,
    taxTotal: order.tax_total,
    placement: {
      checkedAt: order.credit_check.checked_at,
      creditLimit: order.credit_check.credit_limit,
      exposure: order.credit_check.exposure,
      availableAfter: order.credit_check.available_after,
      reasons: reasonsOf(order.credit_check.reasons.join(',')),
    },
    exposure,
    history: dealerHistory(sqlite, base, exposure, now),
    authority: {
      decision,
      requirement: tierRequirement(decision.tier, settings.policy),
      policy: settings.policy,
      approvals: approvals.map((a) => ({ staffId: a.by_id, name: a.by_name, role: a.role, at: a.at, note: a.note })),
    },
    localDecisions,
    snapshot: snapshotOf(base, row, exposure),
    rejectionReasons: settings.rejectionReasons.map((r) => ({
      ...r,
      dealerMessageForOrder: r.dealerMessage
        ? renderDealerMessage(r.dealerMessage, { orderNumber: base.number, dealerName: base.name ?? '' })
        : '',
    })),
  };
}

/**
 * New holds since `after`, for desktop notifications: the cursor is the arrivals table's sequence. While the
 * platform is being snapshotted, what arrives is old news and stays quiet.
 */
export function holdArrivals(sqlite: Database.Database, after: number | null): HoldArrivalsView {
  const cursor = (stmt(sqlite, 'SELECT coalesce(max(seq), 0) FROM credit_hold_arrivals').pluck().get() as number) ?? 0;
  const enabled = readCreditSettings(sqlite).notifications.enabled;
  if (after === null || after >= cursor) return { cursor, arrivals: [], enabled };
  const rows = stmt(
    sqlite,
    `SELECT o.id, o.number, a.name, o.currency, o.total, o.hold_reasons, o.dealer_waiting
       FROM credit_hold_arrivals h JOIN platform_orders o ON o.id = h.order_id LEFT JOIN platform_accounts a ON a.id = o.account_id
       WHERE h.seq > ? AND h.seq <= ? AND h.quiet = 0 AND o.status = 'credit_hold'
       ORDER BY o.dealer_waiting DESC, h.seq LIMIT 50`,
  ).all(after, cursor) as {
    id: string;
    number: string;
    name: string | null;
    currency: string;
    total: number;
    hold_reasons: string;
    dealer_waiting: number;
  }[];
  return {
    cursor,
    enabled,
    arrivals: rows.map((r) => ({
      orderId: r.id,
      orderNumber: r.number,
      dealerName: r.name,
      currency: r.currency,
      total: r.total,
      reasons: reasonsOf(r.hold_reasons),
      dealerWaiting: r.dealer_waiting === 1,
    })),
  };
}
