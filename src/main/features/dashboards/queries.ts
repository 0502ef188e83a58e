// The dashboards' reads over the replica (issue 11): the book (totals, breakdowns and the dealer list in SQL
// over every dealer's figures, dash_dealer_figures), one dealer's dashboard (the same figures plus its charts,
// read per dealer through the replica's dealer indexes) and the account statement. Formulas come from
// metrics.ts.
import type Database from 'better-sqlite3';
import { ApiFailure } from '../../../shared/api/errors';
import {
  addDays,
  addMonths,
  lastDayOfMonth,
  metricIds,
  monthOf,
  officeDay,
  officeDayStartMs,
  OFFICE_UTC_OFFSET_MINUTES,
  periodsFor,
  riskReasons,
  type BookDealersView,
  type BookFilter,
  type BookSortColumn,
  type BookTotals,
  type BookView,
  type BreakdownRow,
  type DashboardAsOf,
  type DealerDashboardView,
  type DealerFigures,
  type DealerHoldView,
  type ExposurePoint,
  type HoldCounts,
  type HoldFunnel,
  type MetricId,
  type MonthSales,
  type PercentileView,
  type RiskReason,
  type StatementEntry,
  type StatementView,
  type TopSkuView,
} from '../../../shared/dashboards';
import { aggregateTables, anchorOnDay, DashboardAggregates } from './aggregates';
import { DealerFiguresStore, figuresColumns, figuresFromRow, type FiguresRow } from './figures';
import {
  addToAgeing,
  aggregateNames,
  dealerFigures,
  emptyAgeing,
  emptyHoldCounts,
  holdOutcome,
  isOpenInvoice,
  medianFromHistogram,
  medianMinutes,
  minutesToDecision,
  percentileValue,
} from './metrics';

/** Prepared statements per connection: a dashboard runs a dozen small queries, compiled once. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function q(sqlite: Database.Database, sql: string): Database.Statement {
  let byText = statements.get(sqlite);
  if (!byText) statements.set(sqlite, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = sqlite.prepare(sql)));
  return stmt;
}

/** SQLite's date() modifier that turns a stored UTC time into its office day, as officeDay() does. */
const officeDaySql = (column: string) =>
  `date(${column}, '${OFFICE_UTC_OFFSET_MINUTES >= 0 ? '+' : ''}${OFFICE_UTC_OFFSET_MINUTES} minutes')`;

// ---------------------------------------------------------------------------------------------------------
// Getting the windows and the dealers' figures onto today.
// ---------------------------------------------------------------------------------------------------------

const sourceName = { dms: 'the DMS', platform: 'the dealer platform' } as const;

/**
 * Anchors every aggregate's windows and the dealers' figures on `today` (summing them the first time, rolling
 * them when the office day moved on). Returns why figures cannot be shown yet, or null.
 */
export function prepareWindows(sqlite: Database.Database, today: string): string | null {
  const aggregates = new DashboardAggregates(sqlite);
  const figures = new DealerFiguresStore(sqlite);
  const stale = aggregateNames.filter((a) => aggregates.anchorOf(a) !== today);
  if (stale.length === 0 && figures.anchor() === today && !figures.hasStale()) return null;
  for (const a of stale) {
    if (!aggregates.isBuilt(a)) {
      return `The dashboards are being rebuilt from ${sourceName[aggregateTables[a].source]}'s records after an update; they open once the sync has started.`;
    }
    if (aggregates.anchorOf(a) === null && snapshotRunning(sqlite, aggregateTables[a].source)) {
      return `The first sync with ${sourceName[aggregateTables[a].source]} is still running; the figures appear when it finishes (the Sync screen shows its progress).`;
    }
  }
  sqlite.transaction(() => anchorOnDay(sqlite, today)).immediate();
  return null;
}

function snapshotRunning(sqlite: Database.Database, source: 'dms' | 'platform'): boolean {
  const row = q(sqlite, 'SELECT snapshot_state, feed_cursor FROM sync_cursors WHERE source = ?').get(source) as
    { snapshot_state: string | null; feed_cursor: string | null } | undefined;
  return row !== undefined && (row.snapshot_state !== null || row.feed_cursor === null);
}

export function asOfNow(sqlite: Database.Database, now: Date): DashboardAsOf {
  const rows = q(sqlite, 'SELECT source, last_success_at FROM sync_cursors').all() as {
    source: string;
    last_success_at: string | null;
  }[];
  const of = (source: string) => rows.find((r) => r.source === source)?.last_success_at ?? null;
  return { computedAt: now.toISOString(), today: officeDay(now), dms: of('dms'), platform: of('platform') };
}

// ---------------------------------------------------------------------------------------------------------
// The book: totals, breakdowns and the dealer list, in SQL over dash_dealer_figures.
// ---------------------------------------------------------------------------------------------------------

const hasReason = (reason: RiskReason) => `instr(',' || risk_reasons || ',', ',${reason},') > 0`;

function emptyTotals(): BookTotals {
  return {
    dealers: 0,
    atRisk: 0,
    byReason: Object.fromEntries(riskReasons.map((r) => [r, 0])) as Record<RiskReason, number>,
    receivableBalance: 0,
    overdueOver60: 0,
    sales12Months: 0,
    ageing: emptyAgeing(),
    currencies: [],
  };
}

function bookTotals(sqlite: Database.Database): BookTotals {
  const r = q(
    sqlite,
    `SELECT count(*) AS dealers, coalesce(sum(risk_count > 0), 0) AS atRisk,
         ${riskReasons.map((reason) => `coalesce(sum(${hasReason(reason)}), 0) AS "${reason}"`).join(', ')},
         coalesce(sum(receivable_balance), 0) AS receivableBalance, coalesce(sum(overdue_over_60), 0) AS overdueOver60,
         coalesce(sum(sales_12_months), 0) AS sales12Months, coalesce(sum(not_due), 0) AS notDue, coalesce(sum(d1_30), 0) AS d1To30,
         coalesce(sum(d31_60), 0) AS d31To60, coalesce(sum(d61_90), 0) AS d61To90, coalesce(sum(over_90), 0) AS over90,
         group_concat(DISTINCT currency) AS currencies
       FROM dash_dealer_figures`,
  ).get() as Record<string, number | string | null>;
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    dealers: n('dealers'),
    atRisk: n('atRisk'),
    byReason: Object.fromEntries(riskReasons.map((reason) => [reason, n(reason)])) as Record<RiskReason, number>,
    receivableBalance: n('receivableBalance'),
    overdueOver60: n('overdueOver60'),
    sales12Months: n('sales12Months'),
    ageing: { notDue: n('notDue'), d1To30: n('d1To30'), d31To60: n('d31To60'), d61To90: n('d61To90'), over90: n('over90') },
    currencies: r['currencies'] ? String(r['currencies']).split(',').sort() : [],
  };
}

function breakdown(sqlite: Database.Database, column: 'region' | 'tier'): BreakdownRow[] {
  const rows = q(
    sqlite,
    `SELECT ${column} AS grp, count(*) AS dealers, sum(risk_count > 0) AS atRisk, sum(sales_12_months) AS sales12Months,
         sum(receivable_balance) AS receivableBalance, sum(d1_30 + d31_60 + d61_90 + over_90) AS overdue, sum(overdue_over_60) AS over60,
         sum(held_12_months) AS holds12Months
       FROM dash_dealer_figures GROUP BY ${column}`,
  ).all() as (Omit<BreakdownRow, 'group'> & { grp: string | null })[];
  return rows
    .map(({ grp, ...r }) => ({ ...r, group: grp ?? '—' }))
    .sort((a, b) => b.atRisk - a.atRisk || b.sales12Months - a.sales12Months || a.group.localeCompare(b.group));
}

function holdFunnel(sqlite: Database.Database): HoldFunnel {
  const counts = q(
    sqlite,
    `SELECT coalesce(sum(held_12m), 0) AS held, coalesce(sum(approved_12m), 0) AS approved, coalesce(sum(rejected_12m), 0) AS rejected,
        coalesce(sum(cancelled_12m), 0) AS cancelled, coalesce(sum(still_open_12m), 0) AS stillOpen FROM dash_hold_windows`,
  ).get() as HoldCounts;
  const histogram = q(sqlite, 'SELECT minutes, decided_12m AS count FROM dash_decision_windows WHERE decided_12m > 0').all() as {
    minutes: number;
    count: number;
  }[];
  return {
    ...counts,
    decided: histogram.reduce((s, r) => s + r.count, 0),
    medianMinutesToDecision: medianFromHistogram(histogram),
  };
}

export function readBook(sqlite: Database.Database, now: Date): BookView {
  const asOf = asOfNow(sqlite, now);
  const periods = periodsFor(asOf.today);
  const notReady = prepareWindows(sqlite, asOf.today);
  const empty: HoldFunnel = { ...emptyHoldCounts(), decided: 0, medianMinutesToDecision: null };
  if (notReady) return { asOf, periods, notReady, totals: emptyTotals(), byRegion: [], byTier: [], holdFunnel: empty };
  return {
    asOf,
    periods,
    notReady: null,
    totals: bookTotals(sqlite),
    byRegion: breakdown(sqlite, 'region'),
    byTier: breakdown(sqlite, 'tier'),
    holdFunnel: holdFunnel(sqlite),
  };
}

const sortSql: Record<BookSortColumn, string> = {
  risk: 'risk_count',
  name: 'name',
  utilisation: 'utilisation',
  over60: 'overdue_over_60',
  dso: 'dso',
  holds: 'holds_90_days',
  sales: 'sales_12_months',
  balance: 'receivable_balance',
  fill: 'fill_rate',
  onTime: 'on_time_delivery',
};

const overdueSql = { d1To30: 'd1_30', d31To60: 'd31_60', d61To90: 'd61_90', over90: 'over_90', over60: 'overdue_over_60' } as const;
const holdsSql = {
  held: 'held_12_months',
  approved: 'approved_12_months',
  rejected: 'rejected_12_months',
  cancelled: 'cancelled_12_months',
  stillOpen: 'still_open_12_months',
} as const;

/** WHERE clause and parameters of a book filter. */
function filterSql(filter: BookFilter): { where: string; params: unknown[] } {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (filter.atRisk === true) terms.push('risk_count > 0');
  if (filter.atRisk === false) terms.push('risk_count = 0');
  if (filter.reason) terms.push(hasReason(filter.reason));
  for (const column of ['region', 'tier'] as const) {
    const value = filter[column];
    if (value === undefined) continue;
    if (value === null) terms.push(`${column} IS NULL`);
    else {
      terms.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.overdue) terms.push(`${overdueSql[filter.overdue]} > 0`);
  if (filter.holds) terms.push(`${holdsSql[filter.holds]} > 0`);
  return { where: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

export function readBookDealers(
  sqlite: Database.Database,
  input: { filter: BookFilter; sort: { column: BookSortColumn; direction: 'asc' | 'desc' }; offset: number; limit: number },
  now: Date,
): BookDealersView {
  const asOf = asOfNow(sqlite, now);
  const notReady = prepareWindows(sqlite, asOf.today);
  if (notReady) return { asOf, notReady, total: 0, rows: [] };
  const { where, params } = filterSql(input.filter);
  const dir = input.sort.direction === 'asc' ? 'ASC' : 'DESC';
  // At-risk order: most reasons first, then the fullest credit lines; every order ends on name and code.
  const order =
    input.sort.column === 'risk'
      ? `risk_count ${dir}, coalesce(utilisation, -1) ${dir}, overdue_over_60 ${dir}, name, dealer_code`
      : `${sortSql[input.sort.column]} ${dir} NULLS LAST, name, dealer_code`;
  const total = q(sqlite, `SELECT count(*) FROM dash_dealer_figures ${where}`)
    .pluck()
    .get(...params) as number;
  const rows = q(sqlite, `SELECT ${figuresColumns.join(', ')} FROM dash_dealer_figures ${where} ORDER BY ${order} LIMIT ? OFFSET ?`).all(
    ...params,
    input.limit,
    input.offset,
  ) as FiguresRow[];
  return { asOf, notReady: null, total, rows: rows.map(figuresFromRow) };
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
  const platform = q(
    sqlite,
    `SELECT id AS accountId, code AS dealerCode, name, legal_name AS legalName, city, region, tier, currency
       FROM platform_accounts WHERE id = ? OR code = ? ORDER BY id = ? DESC LIMIT 1`,
  ).get(dealer, dealer, dealer) as DealerRef | undefined;
  if (platform) return platform;
  const dms = q(sqlite, 'SELECT dealer_code AS dealerCode, name, currency FROM dms_accounts WHERE dealer_code = ?').get(dealer) as
    { dealerCode: string; name: string; currency: string } | undefined;
  if (dms) return { accountId: null, legalName: null, city: null, region: null, tier: null, ...dms };
  throw new ApiFailure(
    'not_found',
    `No dealer "${dealer}" in this desk's replica. Pick the dealer from the list or search by name or code.`,
  );
}

/** Lower bound for a timestamp column holding the office days from `day` on (a day early: offsets in stored times). */
const fromDayBound = (day: string) => new Date(officeDayStartMs(day) - 86_400_000).toISOString();

/** One office day of a dealer's day aggregates, as the charts use it. */
interface DealerDay {
  day: string;
  sales: number;
  /** Invoices less payments and return credits of the day: the receivable balance's movement. */
  ledger: number;
  /** Orders created less invoiced on orders, cancelled and closed-undispatched values: unbilled's movement. */
  unbilled: number;
}

/**
 * A dealer's days up to today from dash_dealer_days and dash_payment_days. The first is keyed by day first
 * (cheap for the sync), so this walks the distinct days (a skip-scan written out: the next day after the
 * previous, then the dealer's row of that day, two primary-key seeks per day) instead of reading the dealer's
 * invoices and orders; the second is keyed by dealer first and read as one range.
 */
function dealerDays(sqlite: Database.Database, dealerCode: string, today: string): DealerDay[] {
  const days = q(
    sqlite,
    `WITH RECURSIVE days(d) AS (
       SELECT min(day) FROM dash_dealer_days
       UNION ALL SELECT (SELECT min(day) FROM dash_dealer_days WHERE day > days.d) FROM days WHERE days.d < @today)
     SELECT x.day, x.sales, x.sales - x.return_credits AS ledger,
       x.ordered_value - x.invoiced_on_orders - x.cancelled_value - x.closed_remainder AS unbilled
     FROM days JOIN dash_dealer_days x ON x.day = days.d AND x.dealer_code = @code
     WHERE days.d <= @today ORDER BY x.day`,
  ).all({ today, code: dealerCode }) as DealerDay[];
  // Payments are kept apart, keyed by dealer first: one range.
  const payments = q(
    sqlite,
    'SELECT day, 0 AS sales, -payments AS ledger, 0 AS unbilled FROM dash_payment_days WHERE dealer_code = ? AND day <= ?',
  ).all(dealerCode, today) as DealerDay[];
  return [...days, ...payments].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Sales by month for the last 12 months and the same months a year earlier (sales as metrics.ts counts them). */
function salesByMonth(days: DealerDay[], today: string): MonthSales[] {
  const thisMonth = monthOf(today);
  const byMonth = new Map<string, number>();
  for (const d of days) {
    const month = d.day.slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + d.sales);
  }
  return Array.from({ length: 12 }, (_, i) => {
    const month = addMonths(thisMonth, i - 11);
    const previousYearMonth = addMonths(month, -12);
    return { month, sales: byMonth.get(month) ?? 0, previousYear: byMonth.get(previousYearMonth) ?? 0, previousYearMonth };
  });
}

/**
 * Credit limit against exposure at each of the last 12 month ends and today. Exposure is the utilisation's
 * numerator on that day: the receivable balance (invoices less payments and return credits to date) plus
 * unbilled DMS orders (order totals since creation, less what was invoiced on orders, cancelled, or left
 * undispatched when an order closed), both running sums of the dealer's days.
 */
function exposureOverTime(sqlite: Database.Database, dealer: DealerRef, days: DealerDay[], today: string): ExposurePoint[] {
  const code = dealer.dealerCode;
  // The limit in force on a day: the last the desk saw on the DMS account by then, else the last the platform
  // checked an order against (the limit the desk had pushed to it).
  const seenLimit = q(
    sqlite,
    `SELECT credit_limit FROM dash_credit_limits WHERE dealer_code = ? AND ${officeDaySql('at')} <= ? ORDER BY at DESC LIMIT 1`,
  ).pluck();
  const checkedLimit = q(
    sqlite,
    `SELECT credit_limit FROM platform_orders WHERE account_id = ? AND placed_at < ? AND hold_reasons NOT LIKE '%no_credit_position%'
     ORDER BY placed_at DESC LIMIT 1`,
  ).pluck();
  const points: string[] = [...Array.from({ length: 12 }, (_, i) => lastDayOfMonth(addMonths(monthOf(today), i - 12))), today];
  let next = 0;
  let receivableBalance = 0;
  let unbilled = 0;
  return points.map((day) => {
    for (; next < days.length && (days[next]?.day ?? '') <= day; next++) {
      receivableBalance += days[next]?.ledger ?? 0;
      unbilled += days[next]?.unbilled ?? 0;
    }
    const seen = seenLimit.get(code, day) as number | undefined;
    const checked =
      seen === undefined && dealer.accountId
        ? (checkedLimit.get(dealer.accountId, new Date(officeDayStartMs(addDays(day, 1))).toISOString()) as number | undefined)
        : undefined;
    return { day, receivableBalance, unbilled, exposure: receivableBalance + unbilled, creditLimit: seen ?? checked ?? null };
  });
}

function dealerHolds(sqlite: Database.Database, accountId: string | null, from: string, today: string): DealerHoldView[] {
  if (!accountId) return [];
  // platform_orders_account_holds: the held orders of one account only.
  const rows = q(
    sqlite,
    `SELECT id, number, credit_checked_at AS checkedAt, hold_reasons AS reasons, total, status, decision_outcome AS decisionOutcome,
       decided_at AS decidedAt
     FROM platform_orders WHERE account_id = ? AND credit_result = 'held' AND credit_checked_at >= ?
       AND ${officeDaySql('credit_checked_at')} BETWEEN ? AND ?
     ORDER BY credit_checked_at DESC`,
  ).all(accountId, fromDayBound(from), from, today) as {
    id: string;
    number: string;
    checkedAt: string;
    reasons: string;
    total: number;
    status: string;
    decisionOutcome: string | null;
    decidedAt: string | null;
  }[];
  return rows.map((r) => {
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
  return q(
    sqlite,
    `SELECT l.sku, p.name, sum(l.qty) AS orderedQty,
       sum(l.qty * l.unit_price + (l.qty * l.unit_price * l.tax_rate_bp + 5000) / 10000) AS value, count(DISTINCT o.id) AS orders
     FROM dms_orders o JOIN dms_order_lines l ON l.order_id = o.id LEFT JOIN platform_products p ON p.sku = l.sku
     WHERE o.dealer_code = ? AND o.created_at >= ? AND o.status <> 'cancelled' AND ${officeDaySql('o.created_at')} BETWEEN ? AND ?
     GROUP BY l.sku ORDER BY value DESC, l.sku LIMIT 10`,
  ).all(dealerCode, fromDayBound(from), from, today) as TopSkuView[];
}

/** The column each metric's percentile compares (lower or higher is better: metricDefinitions). */
const percentileSql: Record<MetricId, string> = {
  sales: 'sales_12_months',
  creditUtilisation: 'utilisation',
  overdueAgeing: '(d1_30 + d31_60 + d61_90 + over_90)',
  dso: 'dso',
  fillRate: 'fill_rate',
  returnRate: 'return_rate',
  onTimeDelivery: 'on_time_delivery',
  holds: 'held_12_months',
};

/** Percentile ranks of the dealer among its region's and its tier's dealers, counted in SQL. */
function percentiles(sqlite: Database.Database, me: DealerFigures): PercentileView[] {
  const counts = (column: 'region' | 'tier', group: string | null) => {
    if (group === null) return null;
    const select = metricIds
      .map((m, i) => {
        const v = percentileSql[m];
        return `count(${v}) AS n${i}, coalesce(sum(${v} < @v${i}), 0) AS below${i}, coalesce(sum(${v} = @v${i}), 0) AS equal${i}`;
      })
      .join(', ');
    const params: Record<string, unknown> = { group };
    metricIds.forEach((m, i) => (params[`v${i}`] = percentileValue(me, m)));
    return q(sqlite, `SELECT ${select} FROM dash_dealer_figures WHERE ${column} = @group`).get(params) as Record<string, number>;
  };
  const region = counts('region', me.region);
  const tier = counts('tier', me.tier);
  return metricIds.map((metric, i) => {
    const value = percentileValue(me, metric);
    const rank = (c: Record<string, number> | null) => {
      if (!c || value === null || !c[`n${i}`]) return null;
      return (((c[`below${i}`] ?? 0) + (c[`equal${i}`] ?? 0) / 2) / (c[`n${i}`] ?? 1)) * 100;
    };
    return {
      metric,
      value,
      regionPercentile: rank(region),
      regionPeers: region?.[`n${i}`] ?? 0,
      tierPercentile: rank(tier),
      tierPeers: tier?.[`n${i}`] ?? 0,
    };
  });
}

export function readDealerDashboard(sqlite: Database.Database, dealerKey: string, now: Date): DealerDashboardView {
  const dealer = findDealer(sqlite, dealerKey);
  const asOf = asOfNow(sqlite, now);
  const today = asOf.today;
  const periods = periodsFor(today);
  const notReady = prepareWindows(sqlite, today);
  const row = notReady
    ? undefined
    : (q(sqlite, `SELECT ${figuresColumns.join(', ')} FROM dash_dealer_figures WHERE dealer_code = ?`).get(dealer.dealerCode) as
        FiguresRow | undefined);
  const figures = row
    ? figuresFromRow(row)
    : dealerFigures({
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
  const account = q(sqlite, 'SELECT blocked FROM dms_accounts WHERE dealer_code = ?').get(dealer.dealerCode) as
    { blocked: number } | undefined;
  let oldestOverdueDays = 0;
  const open = q(sqlite, 'SELECT due_date AS dueDate, outstanding, status FROM dms_invoices WHERE dealer_code = ? AND outstanding > 0').all(
    dealer.dealerCode,
  ) as { dueDate: string; outstanding: number; status: string }[];
  const scratch = emptyAgeing();
  for (const inv of open) {
    if (!isOpenInvoice(inv)) continue;
    oldestOverdueDays = Math.max(oldestOverdueDays, addToAgeing(scratch, inv.dueDate, inv.outstanding, today));
  }
  const holds = dealerHolds(sqlite, dealer.accountId, periods.last12Months.from, today);
  const days = dealerDays(sqlite, dealer.dealerCode, today);
  return {
    asOf,
    periods,
    notReady,
    figures,
    blocked: account?.blocked === 1,
    oldestOverdueDays,
    salesByMonth: salesByMonth(days, today),
    exposure: exposureOverTime(sqlite, dealer, days, today),
    holds,
    medianMinutesToDecision: medianMinutes(holds.map((h) => h.minutesToDecision).filter((m): m is number => m !== null)),
    topSkus: topSkus(sqlite, dealer.dealerCode, periods.last12Months.from, today),
    percentiles: notReady ? [] : percentiles(sqlite, figures),
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
  const invoices = q(
    sqlite,
    `SELECT i.issued_at AS at, i.number, i.due_date AS dueDate, i.amount, o.number AS orderNumber, i.platform_order_id AS platformOrderId
       FROM dms_invoices i LEFT JOIN dms_orders o ON o.id = i.order_id WHERE i.dealer_code = ? AND i.status <> 'void'`,
  ).all(code) as { at: string; number: string; dueDate: string; amount: number; orderNumber: string | null }[];
  for (const i of invoices)
    raw.push({
      kind: 'invoice',
      at: i.at,
      reference: i.number,
      detail: `${i.orderNumber ? `Order ${i.orderNumber}, ` : ''}due ${i.dueDate}`,
      debit: i.amount,
      credit: 0,
    });
  const payments = q(sqlite, 'SELECT received_at AS at, id, amount, method, reference FROM dms_payments WHERE dealer_code = ?').all(
    code,
  ) as { at: string; id: string; amount: number; method: string | null; reference: string | null }[];
  for (const p of payments)
    raw.push({
      kind: 'payment',
      at: p.at,
      reference: p.reference ?? p.id,
      detail: `Payment${p.method ? ` (${p.method.toUpperCase()})` : ''}`,
      debit: 0,
      credit: p.amount,
    });
  const returns = q(
    sqlite,
    `SELECT r.received_at AS at, r.number, r.credit_amount AS amount, o.number AS orderNumber
       FROM dms_returns r LEFT JOIN dms_orders o ON o.id = r.order_id WHERE r.dealer_code = ?`,
  ).all(code) as { at: string; number: string; amount: number; orderNumber: string | null }[];
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
  const dms = q(sqlite, 'SELECT balance FROM dms_accounts WHERE dealer_code = ?').pluck().get(code) as number | undefined;
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
