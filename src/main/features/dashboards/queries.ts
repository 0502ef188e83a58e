// The dashboards' reads over the replica (issue 11): the book (every dealer's headline figures from the
// window tables, breakdowns, the hold funnel), one dealer's dashboard (the same figures plus its charts, read
// per dealer through the replica's dealer indexes) and the account statement. Formulas come from metrics.ts.
import type Database from 'better-sqlite3';
import { ApiFailure } from '../../../shared/api/errors';
import {
  addMonths,
  lastDayOfMonth,
  metricIds,
  monthOf,
  officeDay,
  officeDayStartMs,
  periodsFor,
  type BookView,
  type BreakdownRow,
  type DashboardAsOf,
  type DealerDashboardView,
  type DealerFigures,
  type DealerHoldView,
  type ExposurePoint,
  type HoldFunnel,
  type MonthSales,
  type PercentileView,
  type StatementEntry,
  type StatementView,
  type TopSkuView,
} from '../../../shared/dashboards';
import { aggregateNames } from './metrics';
import { aggregateTables, DashboardAggregates } from './aggregates';
import {
  addToAgeing,
  bookOrder,
  dealerFigures,
  emptyAgeing,
  emptyHoldCounts,
  holdOutcome,
  isOpenInvoice,
  medianFromHistogram,
  medianMinutes,
  minutesToDecision,
  overdueOf,
  percentileRank,
  percentileValue,
  type DealerSums,
} from './metrics';

// ---------------------------------------------------------------------------------------------------------
// Getting the windows onto today.
// ---------------------------------------------------------------------------------------------------------

const sourceName = { dms: 'the DMS', platform: 'the dealer platform' } as const;

/**
 * Anchors every aggregate's windows on `today` (summing them the first time, rolling them when the office day
 * moved on). Returns why figures cannot be shown yet, or null.
 */
export function prepareWindows(sqlite: Database.Database, today: string): string | null {
  const aggregates = new DashboardAggregates(sqlite);
  const stale = aggregateNames.filter((a) => aggregates.anchorOf(a) !== today);
  if (stale.length === 0) return null;
  for (const a of stale) {
    if (!aggregates.isBuilt(a)) {
      return `The dashboards are being rebuilt from ${sourceName[aggregateTables[a].source]}'s records after an update; they open once the sync has started.`;
    }
    if (aggregates.anchorOf(a) === null && snapshotRunning(sqlite, aggregateTables[a].source)) {
      return `The first sync with ${sourceName[aggregateTables[a].source]} is still running; the figures appear when it finishes (the Sync screen shows its progress).`;
    }
  }
  sqlite
    .transaction(() => {
      for (const a of stale) aggregates.rollWindows(a, today);
    })
    .immediate();
  return null;
}

function snapshotRunning(sqlite: Database.Database, source: 'dms' | 'platform'): boolean {
  const row = sqlite.prepare('SELECT snapshot_state, feed_cursor FROM sync_cursors WHERE source = ?').get(source) as
    { snapshot_state: string | null; feed_cursor: string | null } | undefined;
  return row !== undefined && (row.snapshot_state !== null || row.feed_cursor === null);
}

export function asOfNow(sqlite: Database.Database, now: Date): DashboardAsOf {
  const rows = sqlite.prepare('SELECT source, last_success_at FROM sync_cursors').all() as {
    source: string;
    last_success_at: string | null;
  }[];
  const of = (source: string) => rows.find((r) => r.source === source)?.last_success_at ?? null;
  return { computedAt: now.toISOString(), today: officeDay(now), dms: of('dms'), platform: of('platform') };
}

// ---------------------------------------------------------------------------------------------------------
// Every dealer's headline figures.
// ---------------------------------------------------------------------------------------------------------

interface FiguresRow {
  account_id: string | null;
  dealer_code: string;
  name: string;
  region: string | null;
  tier: string | null;
  currency: string;
  has_dms: number;
  credit_limit: number | null;
  balance: number | null;
  unbilled: number | null;
  sales_90: number | null;
  sales_previous_90: number | null;
  sales_12m: number | null;
  return_credits_12m: number | null;
  ordered_qty_12m: number | null;
  delivered_qty_12m: number | null;
  deliveries_12m: number | null;
  on_time_12m: number | null;
  ledger_to_date: number | null;
  ledger_to_90_days_ago: number | null;
  not_due: number | null;
  d1_30: number | null;
  d31_60: number | null;
  d61_90: number | null;
  over_90: number | null;
  held_90: number | null;
  held_previous_90: number | null;
  held_12m: number | null;
  approved_12m: number | null;
  rejected_12m: number | null;
  cancelled_12m: number | null;
  still_open_12m: number | null;
}

const dealerWindowColumns = `w.sales_90, w.sales_previous_90, w.sales_12m, w.return_credits_12m, w.ordered_qty_12m,
  w.delivered_qty_12m, w.deliveries_12m, w.on_time_12m, w.ledger_to_date, w.ledger_to_90_days_ago,
  r.not_due, r.d1_30, r.d31_60, r.d61_90, r.over_90`;
const holdWindowColumns = 'h.held_90, h.held_previous_90, h.held_12m, h.approved_12m, h.rejected_12m, h.cancelled_12m, h.still_open_12m';

/**
 * Platform accounts joined with their DMS account by dealer code, plus DMS accounts the platform does not
 * know (region and tier unknown); each with its window sums.
 */
const figuresSql = `
  SELECT a.id AS account_id, a.code AS dealer_code, a.name, a.region, a.tier, coalesce(d.currency, a.currency) AS currency,
    d.dealer_code IS NOT NULL AS has_dms, d.credit_limit, d.balance, d.unbilled, ${dealerWindowColumns}, ${holdWindowColumns}
  FROM platform_accounts a
  LEFT JOIN dms_accounts d ON d.dealer_code = a.code
  LEFT JOIN dash_dealer_windows w ON w.dealer_code = a.code
  LEFT JOIN dash_receivable_windows r ON r.dealer_code = a.code
  LEFT JOIN dash_hold_windows h ON h.account_id = a.id
  UNION ALL
  SELECT NULL, d.dealer_code, d.name, NULL, NULL, d.currency, 1, d.credit_limit, d.balance, d.unbilled, ${dealerWindowColumns},
    NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM dms_accounts d
  LEFT JOIN dash_dealer_windows w ON w.dealer_code = d.dealer_code
  LEFT JOIN dash_receivable_windows r ON r.dealer_code = d.dealer_code
  WHERE NOT EXISTS (SELECT 1 FROM platform_accounts a WHERE a.code = d.dealer_code)`;

function sumsOf(r: FiguresRow): DealerSums {
  const n = (v: number | null) => v ?? 0;
  return {
    accountId: r.account_id,
    dealerCode: r.dealer_code,
    name: r.name,
    region: r.region,
    tier: r.tier,
    currency: r.currency,
    account: r.has_dms ? { creditLimit: n(r.credit_limit), balance: n(r.balance), unbilled: n(r.unbilled) } : null,
    sales90: n(r.sales_90),
    salesPrevious90: n(r.sales_previous_90),
    sales12m: n(r.sales_12m),
    returnCredits12m: n(r.return_credits_12m),
    orderedQty12m: n(r.ordered_qty_12m),
    deliveredQty12m: n(r.delivered_qty_12m),
    deliveries12m: n(r.deliveries_12m),
    onTime12m: n(r.on_time_12m),
    ledgerToDate: n(r.ledger_to_date),
    ledgerTo90DaysAgo: n(r.ledger_to_90_days_ago),
    ageing: { notDue: n(r.not_due), d1To30: n(r.d1_30), d31To60: n(r.d31_60), d61To90: n(r.d61_90), over90: n(r.over_90) },
    held90: n(r.held_90),
    heldPrevious90: n(r.held_previous_90),
    holds12m: {
      held: n(r.held_12m),
      approved: n(r.approved_12m),
      rejected: n(r.rejected_12m),
      cancelled: n(r.cancelled_12m),
      stillOpen: n(r.still_open_12m),
    },
  };
}

/** Every dealer's figures (the windows must be anchored on today: prepareWindows). */
export function readDealerFigures(sqlite: Database.Database): DealerFigures[] {
  return (sqlite.prepare(figuresSql).all() as FiguresRow[]).map((r) => dealerFigures(sumsOf(r)));
}

// ---------------------------------------------------------------------------------------------------------
// The book.
// ---------------------------------------------------------------------------------------------------------

function breakdown(dealers: readonly DealerFigures[], groupOf: (d: DealerFigures) => string | null): BreakdownRow[] {
  const groups = new Map<string, BreakdownRow>();
  for (const d of dealers) {
    const group = groupOf(d) ?? '—';
    let row = groups.get(group);
    if (!row) {
      row = { group, dealers: 0, atRisk: 0, sales12Months: 0, receivableBalance: 0, overdue: 0, over60: 0, holds12Months: 0 };
      groups.set(group, row);
    }
    row.dealers++;
    if (d.riskReasons.length > 0) row.atRisk++;
    row.sales12Months += d.sales12Months;
    row.receivableBalance += d.receivableBalance;
    row.overdue += overdueOf(d.ageing);
    row.over60 += d.overdueOver60;
    row.holds12Months += d.holds12Months.held;
  }
  return [...groups.values()].sort((a, b) => b.atRisk - a.atRisk || b.sales12Months - a.sales12Months || a.group.localeCompare(b.group));
}

function holdFunnel(sqlite: Database.Database): HoldFunnel {
  const counts = sqlite
    .prepare(
      `SELECT coalesce(sum(held_12m), 0) AS held, coalesce(sum(approved_12m), 0) AS approved, coalesce(sum(rejected_12m), 0) AS rejected,
        coalesce(sum(cancelled_12m), 0) AS cancelled, coalesce(sum(still_open_12m), 0) AS stillOpen FROM dash_hold_windows`,
    )
    .get() as HoldFunnel;
  const histogram = sqlite.prepare('SELECT minutes, decided_12m AS count FROM dash_decision_windows WHERE decided_12m > 0').all() as {
    minutes: number;
    count: number;
  }[];
  return {
    held: counts.held,
    approved: counts.approved,
    rejected: counts.rejected,
    cancelled: counts.cancelled,
    stillOpen: counts.stillOpen,
    decided: histogram.reduce((s, r) => s + r.count, 0),
    medianMinutesToDecision: medianFromHistogram(histogram),
  };
}

export function readBook(sqlite: Database.Database, now: Date): BookView {
  const asOf = asOfNow(sqlite, now);
  const periods = periodsFor(asOf.today);
  const notReady = prepareWindows(sqlite, asOf.today);
  const empty: HoldFunnel = { ...emptyHoldCounts(), decided: 0, medianMinutesToDecision: null };
  if (notReady) return { asOf, periods, notReady, dealers: [], byRegion: [], byTier: [], holdFunnel: empty };
  const dealers = readDealerFigures(sqlite).sort(bookOrder);
  return {
    asOf,
    periods,
    notReady: null,
    dealers,
    byRegion: breakdown(dealers, (d) => d.region),
    byTier: breakdown(dealers, (d) => d.tier),
    holdFunnel: holdFunnel(sqlite),
  };
}

// ---------------------------------------------------------------------------------------------------------
// One dealer.
// ---------------------------------------------------------------------------------------------------------

export interface DealerRef {
  accountId: string | null;
  dealerCode: string;
  name: string;
  legalName: string | null;
  city: string | null;
  region: string | null;
  tier: string | null;
  currency: string;
}

/** A dealer by platform account id or dealer code. */
export function findDealer(sqlite: Database.Database, dealer: string): DealerRef {
  const platform = sqlite
    .prepare(
      `SELECT id AS accountId, code AS dealerCode, name, legal_name AS legalName, city, region, tier, currency
       FROM platform_accounts WHERE id = ? OR code = ? ORDER BY id = ? DESC LIMIT 1`,
    )
    .get(dealer, dealer, dealer) as DealerRef | undefined;
  if (platform) return platform;
  const dms = sqlite.prepare('SELECT dealer_code AS dealerCode, name, currency FROM dms_accounts WHERE dealer_code = ?').get(dealer) as
    { dealerCode: string; name: string; currency: string } | undefined;
  if (dms) return { accountId: null, legalName: null, city: null, region: null, tier: null, ...dms };
  throw new ApiFailure(
    'not_found',
    `No dealer "${dealer}" in this desk's replica. Pick the dealer from the list or search by name or code.`,
  );
}

/** Lower bound for a timestamp column holding the office days from `day` on (a day early: offsets in stored times). */
const fromDayBound = (day: string) => new Date(officeDayStartMs(day) - 86_400_000).toISOString();

interface LedgerRow {
  at: string;
  amount: number;
}

function salesByMonth(sqlite: Database.Database, dealerCode: string, today: string): MonthSales[] {
  const thisMonth = monthOf(today);
  const first = addMonths(thisMonth, -23);
  const rows = sqlite
    .prepare("SELECT issued_at AS at, amount FROM dms_invoices WHERE dealer_code = ? AND issued_at >= ? AND status <> 'void'")
    .all(dealerCode, fromDayBound(`${first}-01`)) as LedgerRow[];
  const byMonth = new Map<string, number>();
  for (const r of rows) {
    const day = officeDay(r.at);
    if (day > today) continue;
    byMonth.set(monthOf(day), (byMonth.get(monthOf(day)) ?? 0) + r.amount);
  }
  return Array.from({ length: 12 }, (_, i) => {
    const month = addMonths(thisMonth, i - 11);
    const previousYearMonth = addMonths(month, -12);
    return { month, sales: byMonth.get(month) ?? 0, previousYear: byMonth.get(previousYearMonth) ?? 0, previousYearMonth };
  });
}

function exposureOverTime(sqlite: Database.Database, dealer: DealerRef, today: string): ExposurePoint[] {
  const code = dealer.dealerCode;
  const invoices = sqlite
    .prepare("SELECT issued_at AS at, amount, order_id AS orderId FROM dms_invoices WHERE dealer_code = ? AND status <> 'void'")
    .all(code) as (LedgerRow & { orderId: string | null })[];
  const payments = sqlite.prepare('SELECT received_at AS at, amount FROM dms_payments WHERE dealer_code = ?').all(code) as LedgerRow[];
  const returns = sqlite
    .prepare('SELECT received_at AS at, credit_amount AS amount FROM dms_returns WHERE dealer_code = ?')
    .all(code) as LedgerRow[];
  const orders = sqlite
    .prepare(
      'SELECT id, created_at AS createdAt, status, cancelled_at AS cancelledAt, updated_at AS updatedAt, total FROM dms_orders WHERE dealer_code = ?',
    )
    .all(code) as { id: string; createdAt: string; status: string; cancelledAt: string | null; updatedAt: string | null; total: number }[];
  const limits: { day: string; limit: number }[] = [
    ...(
      sqlite.prepare('SELECT at, credit_limit AS creditLimit FROM dash_credit_limits WHERE dealer_code = ?').all(code) as {
        at: string;
        creditLimit: number;
      }[]
    ).map((l) => ({ day: officeDay(l.at), limit: l.creditLimit })),
    ...(dealer.accountId
      ? (
          sqlite
            .prepare(
              "SELECT credit_checked_at AS at, credit_limit AS creditLimit FROM platform_orders WHERE account_id = ? AND hold_reasons NOT LIKE '%no_credit_position%'",
            )
            .all(dealer.accountId) as { at: string; creditLimit: number }[]
        ).map((l) => ({ day: officeDay(l.at), limit: l.creditLimit }))
      : []),
  ].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const invoicedByOrder = new Map<string, { day: string; amount: number }[]>();
  for (const inv of invoices) {
    if (!inv.orderId) continue;
    const list = invoicedByOrder.get(inv.orderId) ?? [];
    list.push({ day: officeDay(inv.at), amount: inv.amount });
    invoicedByOrder.set(inv.orderId, list);
  }
  const sumTo = (rows: LedgerRow[], day: string) => rows.reduce((s, r) => (officeDay(r.at) <= day ? s + r.amount : s), 0);
  const points: string[] = [...Array.from({ length: 12 }, (_, i) => lastDayOfMonth(addMonths(monthOf(today), i - 12))), today];
  return points.map((day) => {
    const receivableBalance = sumTo(invoices, day) - sumTo(payments, day) - sumTo(returns, day);
    let unbilled = 0;
    for (const o of orders) {
      if (officeDay(o.createdAt) > day) continue;
      if (o.cancelledAt && officeDay(o.cancelledAt) <= day) continue;
      // A closed order stops counting when it closed; its last change is the best date the replica has.
      if (o.status === 'closed' && o.updatedAt && officeDay(o.updatedAt) <= day) continue;
      const invoiced = (invoicedByOrder.get(o.id) ?? []).reduce((s, i) => (i.day <= day ? s + i.amount : s), 0);
      unbilled += Math.max(0, o.total - invoiced);
    }
    let creditLimit: number | null = null;
    for (const l of limits) if (l.day <= day) creditLimit = l.limit;
    return { day, receivableBalance, unbilled, exposure: receivableBalance + unbilled, creditLimit };
  });
}

function dealerHolds(sqlite: Database.Database, accountId: string | null, from: string, today: string): DealerHoldView[] {
  if (!accountId) return [];
  const rows = sqlite
    .prepare(
      `SELECT id, number, credit_checked_at AS checkedAt, hold_reasons AS reasons, total, status, decision_outcome AS decisionOutcome, decided_at AS decidedAt
       FROM platform_orders WHERE account_id = ? AND placed_at >= ? AND credit_result = 'held' ORDER BY credit_checked_at DESC`,
    )
    .all(accountId, fromDayBound(from)) as {
    id: string;
    number: string;
    checkedAt: string;
    reasons: string;
    total: number;
    status: string;
    decisionOutcome: string | null;
    decidedAt: string | null;
  }[];
  return rows
    .filter((r) => {
      const day = officeDay(r.checkedAt);
      return day >= from && day <= today;
    })
    .map((r) => {
      const fact = { status: r.status, decisionOutcome: r.decisionOutcome, decidedAt: r.decidedAt, creditCheckedAt: r.checkedAt };
      return {
        orderId: r.id,
        orderNumber: r.number,
        heldAt: r.checkedAt,
        reasons: r.reasons ? r.reasons.split(',') : [],
        total: r.total,
        outcome: holdOutcome(fact),
        decidedAt: r.decidedAt,
        minutesToDecision: minutesToDecision(fact),
      };
    });
}

function topSkus(sqlite: Database.Database, dealerCode: string, from: string, today: string): TopSkuView[] {
  const rows = sqlite
    .prepare(
      `SELECT o.created_at AS createdAt, o.id AS orderId, l.sku, l.qty, l.qty * l.unit_price + (l.qty * l.unit_price * l.tax_rate_bp + 5000) / 10000 AS value
       FROM dms_orders o JOIN dms_order_lines l ON l.order_id = o.id
       WHERE o.dealer_code = ? AND o.created_at >= ? AND o.status <> 'cancelled'`,
    )
    .all(dealerCode, fromDayBound(from)) as { createdAt: string; orderId: string; sku: string; qty: number; value: number }[];
  const bySku = new Map<string, { qty: number; value: number; orders: Set<string> }>();
  for (const r of rows) {
    const day = officeDay(r.createdAt);
    if (day < from || day > today) continue;
    const entry = bySku.get(r.sku) ?? { qty: 0, value: 0, orders: new Set<string>() };
    entry.qty += r.qty;
    entry.value += r.value;
    entry.orders.add(r.orderId);
    bySku.set(r.sku, entry);
  }
  const top = [...bySku.entries()].sort((a, b) => b[1].value - a[1].value || a[0].localeCompare(b[0])).slice(0, 10);
  const name = sqlite.prepare('SELECT name FROM platform_products WHERE sku = ?').pluck();
  return top.map(([sku, e]) => ({
    sku,
    name: (name.get(sku) as string | undefined) ?? null,
    orderedQty: e.qty,
    value: e.value,
    orders: e.orders.size,
  }));
}

function percentiles(all: readonly DealerFigures[], me: DealerFigures): PercentileView[] {
  const region = all.filter((d) => d.region !== null && d.region === me.region);
  const tier = all.filter((d) => d.tier !== null && d.tier === me.tier);
  return metricIds.map((metric) => {
    const value = percentileValue(me, metric);
    const peersOf = (group: readonly DealerFigures[]) =>
      group.map((d) => percentileValue(d, metric)).filter((v): v is number => v !== null);
    const regionValues = peersOf(region);
    const tierValues = peersOf(tier);
    const rank = (peers: number[]) => (value === null || peers.length === 0 ? null : percentileRank(value, peers));
    return {
      metric,
      value,
      regionPercentile: me.region === null ? null : rank(regionValues),
      regionPeers: regionValues.length,
      tierPercentile: me.tier === null ? null : rank(tierValues),
      tierPeers: tierValues.length,
    };
  });
}

export function readDealerDashboard(sqlite: Database.Database, dealerKey: string, now: Date): DealerDashboardView {
  const dealer = findDealer(sqlite, dealerKey);
  const asOf = asOfNow(sqlite, now);
  const today = asOf.today;
  const periods = periodsFor(today);
  const notReady = prepareWindows(sqlite, today);
  const all = notReady ? [] : readDealerFigures(sqlite);
  const figures =
    all.find((d) => d.dealerCode === dealer.dealerCode && d.accountId === dealer.accountId) ??
    dealerFigures({
      accountId: dealer.accountId,
      dealerCode: dealer.dealerCode,
      name: dealer.name,
      region: dealer.region,
      tier: dealer.tier,
      currency: dealer.currency,
      account: null,
      sales90: 0,
      salesPrevious90: 0,
      sales12m: 0,
      returnCredits12m: 0,
      orderedQty12m: 0,
      deliveredQty12m: 0,
      deliveries12m: 0,
      onTime12m: 0,
      ledgerToDate: 0,
      ledgerTo90DaysAgo: 0,
      ageing: emptyAgeing(),
      held90: 0,
      heldPrevious90: 0,
      holds12m: emptyHoldCounts(),
    });
  const account = sqlite.prepare('SELECT blocked FROM dms_accounts WHERE dealer_code = ?').get(dealer.dealerCode) as
    { blocked: number } | undefined;
  let oldestOverdueDays = 0;
  const open = sqlite
    .prepare('SELECT due_date AS dueDate, outstanding, status FROM dms_invoices WHERE dealer_code = ? AND outstanding > 0')
    .all(dealer.dealerCode) as { dueDate: string; outstanding: number; status: string }[];
  const scratch = emptyAgeing();
  for (const inv of open) {
    if (!isOpenInvoice(inv)) continue;
    oldestOverdueDays = Math.max(oldestOverdueDays, addToAgeing(scratch, inv.dueDate, inv.outstanding, today));
  }
  const holds = dealerHolds(sqlite, dealer.accountId, periods.last12Months.from, today);
  return {
    asOf,
    periods,
    notReady,
    figures,
    blocked: account?.blocked === 1,
    oldestOverdueDays,
    salesByMonth: salesByMonth(sqlite, dealer.dealerCode, today),
    exposure: exposureOverTime(sqlite, dealer, today),
    holds,
    medianMinutesToDecision: medianMinutes(holds.map((h) => h.minutesToDecision).filter((m): m is number => m !== null)),
    topSkus: topSkus(sqlite, dealer.dealerCode, periods.last12Months.from, today),
    percentiles: notReady ? [] : percentiles(all, figures),
    region: dealer.region,
    tier: dealer.tier,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The account statement.
// ---------------------------------------------------------------------------------------------------------

export function readStatement(sqlite: Database.Database, dealerKey: string, from: string, to: string, now: Date): StatementView {
  if (from > to)
    throw new ApiFailure('validation', 'The statement period starts after it ends: pick a "from" date on or before the "to" date.');
  const asOf = asOfNow(sqlite, now);
  if (to > asOf.today) throw new ApiFailure('validation', `The statement period cannot end after today (${asOf.today}).`);
  const dealer = findDealer(sqlite, dealerKey);
  const code = dealer.dealerCode;
  type Raw = { kind: StatementEntry['kind']; at: string; reference: string; detail: string; debit: number; credit: number };
  const raw: Raw[] = [];
  const invoices = sqlite
    .prepare(
      `SELECT i.issued_at AS at, i.number, i.due_date AS dueDate, i.amount, o.number AS orderNumber, i.platform_order_id AS platformOrderId
       FROM dms_invoices i LEFT JOIN dms_orders o ON o.id = i.order_id WHERE i.dealer_code = ? AND i.status <> 'void'`,
    )
    .all(code) as { at: string; number: string; dueDate: string; amount: number; orderNumber: string | null }[];
  for (const i of invoices)
    raw.push({
      kind: 'invoice',
      at: i.at,
      reference: i.number,
      detail: `${i.orderNumber ? `Order ${i.orderNumber}, ` : ''}due ${i.dueDate}`,
      debit: i.amount,
      credit: 0,
    });
  const payments = sqlite
    .prepare('SELECT received_at AS at, id, amount, method, reference FROM dms_payments WHERE dealer_code = ?')
    .all(code) as { at: string; id: string; amount: number; method: string | null; reference: string | null }[];
  for (const p of payments)
    raw.push({
      kind: 'payment',
      at: p.at,
      reference: p.reference ?? p.id,
      detail: `Payment${p.method ? ` (${p.method.toUpperCase()})` : ''}`,
      debit: 0,
      credit: p.amount,
    });
  const returns = sqlite
    .prepare(
      `SELECT r.received_at AS at, r.number, r.credit_amount AS amount, o.number AS orderNumber
       FROM dms_returns r LEFT JOIN dms_orders o ON o.id = r.order_id WHERE r.dealer_code = ?`,
    )
    .all(code) as { at: string; number: string; amount: number; orderNumber: string | null }[];
  for (const r of returns)
    raw.push({
      kind: 'return',
      at: r.at,
      reference: r.number,
      detail: `Return credit${r.orderNumber ? ` on order ${r.orderNumber}` : ''}`,
      debit: 0,
      credit: r.amount,
    });
  const kindOrder = { invoice: 0, return: 1, payment: 2 } as const;
  raw.sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || kindOrder[a.kind] - kindOrder[b.kind] || a.reference.localeCompare(b.reference),
  );
  let opening = 0;
  let balance = 0;
  const entries: StatementEntry[] = [];
  let totalInvoiced = 0;
  let totalPaid = 0;
  let totalReturned = 0;
  for (const r of raw) {
    const day = officeDay(r.at);
    if (day > to) continue;
    if (day < from) {
      opening += r.debit - r.credit;
      continue;
    }
    if (entries.length === 0) balance = opening;
    balance += r.debit - r.credit;
    if (r.kind === 'invoice') totalInvoiced += r.debit;
    else if (r.kind === 'payment') totalPaid += r.credit;
    else totalReturned += r.credit;
    entries.push({ ...r, day, balance });
  }
  const dms = sqlite.prepare('SELECT balance FROM dms_accounts WHERE dealer_code = ?').pluck().get(code) as number | undefined;
  return {
    asOf,
    dealer: {
      accountId: dealer.accountId,
      dealerCode: code,
      name: dealer.name,
      legalName: dealer.legalName,
      city: dealer.city,
      currency: dealer.currency,
    },
    from,
    to,
    openingBalance: opening,
    entries,
    totalInvoiced,
    totalPaid,
    totalReturned,
    closingBalance: opening + totalInvoiced - totalPaid - totalReturned,
    dmsBalance: dms ?? null,
  };
}

/** The statement's default period: the current month to today. */
export function defaultStatementPeriod(today: string): { from: string; to: string } {
  return { from: `${monthOf(today)}-01`, to: today };
}
