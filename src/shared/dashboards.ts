// Manager dashboards (issue 11), the part both sides share: the office calendar every period is counted in,
// the metric definitions exactly as the screen shows them a click away from each figure, and the shapes the
// dashboard procedures return. The figures themselves are computed in one backend module
// (src/main/features/dashboards/metrics.ts).
import { defaultWorkingCalendar } from './sla';

// ---------------------------------------------------------------------------------------------------------
// The office calendar: days and months are the manufacturer's office days (IST), not UTC days, so an invoice
// raised at 01:30 IST on 1 April is April's, as it is on the paper copy.
// ---------------------------------------------------------------------------------------------------------

/** The office's offset from UTC in minutes (India: +330, no daylight saving), shared with the SLA maths. */
export const OFFICE_UTC_OFFSET_MINUTES = defaultWorkingCalendar.utcOffsetMinutes;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the office day an instant falls on. */
export function officeDay(at: Date | string | number): string {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(at)}`);
  // The replica writer asks this for every record it writes: the day's name is remembered by day number.
  const n = Math.floor((ms + OFFICE_UTC_OFFSET_MINUTES * 60_000) / DAY_MS);
  let name = dayNames.get(n);
  if (name === undefined) {
    name = new Date(n * DAY_MS).toISOString().slice(0, 10);
    if (dayNames.size < 100_000) dayNames.set(n, name);
  }
  return name;
}
const dayNames = new Map<number, string>();

/** The first instant of an office day, as epoch milliseconds. */
export function officeDayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - OFFICE_UTC_OFFSET_MINUTES * 60_000;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from a to b (both `YYYY-MM-DD`); negative when b is earlier. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** The same date `years` earlier or later; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const y = Number(day.slice(0, 4)) + years;
  const m = Number(day.slice(5, 7));
  const d = Number(day.slice(8, 10));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${String(y).padStart(4, '0')}-${day.slice(5, 7)}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** `YYYY-MM` of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** The month `n` months after `month` (`YYYY-MM`), n may be negative. */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of a month (`YYYY-MM`). */
export function lastDayOfMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/** An inclusive range of office days; `from` null means "since the beginning". */
export interface DayRange {
  from: string | null;
  to: string;
}

/** The end of time, for ranges open to the future (invoices not yet due). */
export const LAST_DAY = '9999-12-31';

/** The periods every rolling figure is counted over, for the office day `today`. */
export function periodsFor(today: string) {
  return {
    /** Today and the 89 days before. */
    last90Days: { from: addDays(today, -89), to: today },
    /** The 90 days before those. */
    previous90Days: { from: addDays(today, -179), to: addDays(today, -90) },
    /** From the day after the same date last year, to today. */
    last12Months: { from: addDays(addYears(today, -1), 1), to: today },
    /** Everything up to today (the receivable balance). */
    toDate: { from: null, to: today },
    /** Everything up to 90 days ago (the receivable balance then). */
    to90DaysAgo: { from: null, to: addDays(today, -90) },
    // Overdue ageing counts open invoices by due date: due today or later is not due; due yesterday is 1 day past due.
    dueNotYet: { from: today, to: LAST_DAY },
    due1To30: { from: addDays(today, -30), to: addDays(today, -1) },
    due31To60: { from: addDays(today, -60), to: addDays(today, -31) },
    due61To90: { from: addDays(today, -90), to: addDays(today, -61) },
    dueOver90: { from: null, to: addDays(today, -91) },
  } satisfies Record<string, DayRange>;
}

export type DashboardPeriods = ReturnType<typeof periodsFor>;

// ---------------------------------------------------------------------------------------------------------
// Metric definitions: the names are the accessible labels of the figures; the text is the table,
// made checkable (which records, which dates, which calendar).
// ---------------------------------------------------------------------------------------------------------

export const metricIds = [
  'sales',
  'creditUtilisation',
  'overdueAgeing',
  'dso',
  'fillRate',
  'returnRate',
  'onTimeDelivery',
  'holds',
] as const;
export type MetricId = (typeof metricIds)[number];

export interface MetricDefinition {
  id: MetricId;
  /** The figure's label (and accessible name). */
  name: string;
  /** Its period in a few words. */
  period: string;
  /** The definition, as the issue gives it. */
  definition: string;
  /** How it is counted from the replica: which records, which dates, edge cases. */
  details: string[];
  /** Which way is better, for the percentiles. */
  better: 'higher' | 'lower' | null;
}

export const metricDefinitions: Record<MetricId, MetricDefinition> = {
  sales: {
    id: 'sales',
    name: 'Sales',
    period: 'per month',
    definition: 'Sum of DMS invoice totals by invoice date; void invoices excluded.',
    details: [
      'Invoice totals include tax, in the account currency, as the DMS raises them (one invoice per shipment).',
      'The invoice date is the office day (IST) of the invoice’s issue time; a month is a calendar month of office days.',
      'Percentiles compare the sales of the last 12 months.',
    ],
    better: 'higher',
  },
  creditUtilisation: {
    id: 'creditUtilisation',
    name: 'Credit utilisation',
    period: 'now',
    definition: 'DMS (balance + unbilled) / credit_limit; shown as “no limit” when the limit is 0.',
    details: [
      'Balance, unbilled and credit limit are the DMS account’s own figures as last synced.',
      'Balance: outstanding on open invoices. Unbilled: value of DMS orders not yet invoiced.',
      'A dealer with no DMS account has no utilisation.',
    ],
    better: 'lower',
  },
  overdueAgeing: {
    id: 'overdueAgeing',
    name: 'Overdue ageing',
    period: 'today',
    definition: 'Outstanding amount of open invoices by days past due: 1–30, 31–60, 61–90, over 90.',
    details: [
      'Open invoices: outstanding above zero and not void. Days past due: office days from the due date to today.',
      'Invoices not yet due are shown apart (“not due”) and are not overdue.',
    ],
    better: null,
  },
  dso: {
    id: 'dso',
    name: 'DSO',
    period: '90 days',
    definition: 'Receivable balance / (sales of the last 90 days) × 90.',
    details: [
      'Receivable balance: invoices less payments and return credits up to the end of today — the closing balance of the account statement.',
      'Sales of the last 90 days: invoice totals dated today and the 89 days before, void invoices excluded.',
      'No sales in the 90 days: DSO cannot be computed and is shown as “—”.',
      'For the at-risk rule, DSO 90 days ago is the same sum taken on the day 90 days ago: the balance at the end of that day over the sales of the 90 days up to it.',
    ],
    better: 'lower',
  },
  fillRate: {
    id: 'fillRate',
    name: 'Fill rate',
    period: '12 months',
    definition:
      'Delivered quantity / ordered quantity, over DMS orders that reached delivered, partially delivered or closed in the last 12 months.',
    details: [
      'An order counts on the office day of its latest delivery (the last shipment delivered), when its status is delivered, partially delivered or closed.',
      'Quantities are the order lines’ ordered and delivered quantities, in units of sale; cancelled orders never count.',
      'Last 12 months: from the day after the same date last year, to today.',
    ],
    better: 'higher',
  },
  returnRate: {
    id: 'returnRate',
    name: 'Return rate',
    period: '12 months',
    definition: 'Returned value / invoiced value, last 12 months.',
    details: [
      'Returned value: credit amounts of DMS returns received in the period. Invoiced value: invoice totals dated in the period, void excluded.',
      'A dealer with returns but no invoices in the period has no return rate (“—”); the returned value still shows.',
    ],
    better: 'lower',
  },
  onTimeDelivery: {
    id: 'onTimeDelivery',
    name: 'On-time delivery',
    period: '12 months',
    definition: 'Share of the last 12 months’ deliveries that were delivered on or before the shipment’s ETA.',
    details: [
      'A delivery is a shipment with a delivery time; it counts on the office day it was delivered.',
      'On time: that office day is on or before the shipment’s ETA date. A shipment delivered without an ETA is not on time.',
    ],
    better: 'higher',
  },
  holds: {
    id: 'holds',
    name: 'Holds',
    period: '12 months',
    definition:
      'Platform orders that went to credit hold in the last 12 months, with their outcome (approved, rejected, cancelled, still open) and the median time to decision.',
    details: [
      'A hold counts on the office day of the platform’s credit check that held it.',
      'Outcome: the platform order’s credit decision (approved or rejected); cancelled when it was cancelled without a decision; otherwise still open.',
      'Time to decision: whole minutes from the credit check to the decision, for approved and rejected holds; the median is the middle value (for an even count, the mean of the two middle values, rounded to the minute).',
    ],
    better: 'lower',
  },
};

/** Why a dealer is at risk; any one is enough. */
export const riskReasons = ['utilisation', 'overdue60', 'dsoRise', 'holdsRise'] as const;
export type RiskReason = (typeof riskReasons)[number];

export const riskReasonText: Record<RiskReason, { label: string; short: string; rule: string }> = {
  utilisation: { label: 'Utilisation over 90%', short: 'Util', rule: 'Credit utilisation is over 90%.' },
  overdue60: { label: 'Overdue beyond 60 days', short: '60 d+', rule: 'An open invoice is more than 60 days past due.' },
  dsoRise: {
    label: 'DSO up more than 15 days',
    short: 'DSO',
    rule: 'DSO rose by more than 15 days against 90 days ago (both must be computable).',
  },
  holdsRise: {
    label: 'More holds than the previous quarter',
    short: 'Holds',
    rule: 'More credit holds in the last 90 days than in the 90 days before.',
  },
};

// ---------------------------------------------------------------------------------------------------------
// What the procedures return. Money is integer minor units in the account currency; rates are fractions
// (0.92), null when they cannot be computed; days are office days `YYYY-MM-DD`.
// ---------------------------------------------------------------------------------------------------------

/** When the figures' sources were last synced, and the office day they are counted for. */
export interface DashboardAsOf {
  /** The data's clock when the figures were computed (the backend's now). */
  computedAt: string;
  today: string;
  /** Last successful pull of each system (null: never synced). */
  dms: string | null;
  platform: string | null;
}

export interface AgeingBuckets {
  notDue: number;
  d1To30: number;
  d31To60: number;
  d61To90: number;
  over90: number;
}

export interface HoldCounts {
  held: number;
  approved: number;
  rejected: number;
  cancelled: number;
  stillOpen: number;
}

/** One dealer's headline figures: the same numbers in the book and on its dashboard. */
export interface DealerFigures {
  accountId: string | null;
  dealerCode: string;
  name: string;
  region: string | null;
  tier: string | null;
  currency: string;
  creditLimit: number | null;
  balance: number | null;
  unbilled: number | null;
  /** (balance + unbilled) / limit; null with `noLimit` when the limit is 0, or without a DMS account. */
  utilisation: number | null;
  noLimit: boolean;
  /** Outstanding of open invoices by days past due today. */
  ageing: AgeingBuckets;
  /** Outstanding more than 60 days past due (61-90 plus over 90). */
  overdueOver60: number;
  receivableBalance: number;
  sales90Days: number;
  dso: number | null;
  receivableBalance90DaysAgo: number;
  salesPrevious90Days: number;
  dso90DaysAgo: number | null;
  sales12Months: number;
  returnCredits12Months: number;
  returnRate: number | null;
  orderedQty12Months: number;
  deliveredQty12Months: number;
  fillRate: number | null;
  deliveries12Months: number;
  onTimeDeliveries12Months: number;
  onTimeDelivery: number | null;
  holds12Months: HoldCounts;
  holds90Days: number;
  holdsPrevious90Days: number;
  riskReasons: RiskReason[];
}

export interface BreakdownRow {
  /** Region or tier name ("—" when unknown). */
  group: string;
  dealers: number;
  atRisk: number;
  sales12Months: number;
  receivableBalance: number;
  overdue: number;
  over60: number;
  holds12Months: number;
}

export interface HoldFunnel extends HoldCounts {
  /** Median minutes from hold to decision (approved or rejected holds), null when none was decided. */
  medianMinutesToDecision: number | null;
  decided: number;
}

export interface BookTotals {
  dealers: number;
  atRisk: number;
  /** Dealers at risk for each reason (a dealer can count under several). */
  byReason: Record<RiskReason, number>;
  receivableBalance: number;
  overdueOver60: number;
  sales12Months: number;
  /** The book's open invoices by days past due. */
  ageing: AgeingBuckets;
  /** The currencies the sums mix (one, normally); sums across currencies are not meaningful. */
  currencies: string[];
}

export interface BookView {
  asOf: DashboardAsOf;
  periods: DashboardPeriods;
  /** Null when the figures are ready; otherwise why they are not (e.g. the first sync is still running). */
  notReady: string | null;
  totals: BookTotals;
  byRegion: BreakdownRow[];
  byTier: BreakdownRow[];
  holdFunnel: HoldFunnel;
}

/** The book's dealer list: the dealers behind a figure (every filter given must hold). */
export interface BookFilter {
  atRisk?: boolean;
  reason?: RiskReason;
  /** A region; null: dealers whose region is not known (DMS-only accounts). */
  region?: string | null;
  tier?: string | null;
  /** Open invoices in this bucket of days past due (over60: 61-90 or over 90). */
  overdue?: 'd1To30' | 'd31To60' | 'd61To90' | 'over90' | 'over60';
  /** Holds of the last 12 months with this outcome. */
  holds?: 'held' | 'approved' | 'rejected' | 'cancelled' | 'stillOpen';
}

export const bookSortColumns = ['risk', 'name', 'utilisation', 'over60', 'dso', 'holds', 'sales', 'balance', 'fill', 'onTime'] as const;
export type BookSortColumn = (typeof bookSortColumns)[number];

export interface BookDealersView {
  asOf: DashboardAsOf;
  notReady: string | null;
  /** Dealers that match the filter, in all. */
  total: number;
  rows: DealerFigures[];
}

export interface MonthSales {
  month: string;
  sales: number;
  /** The same month a year earlier. */
  previousYear: number;
  previousYearMonth: string;
}

export interface ExposurePoint {
  /** The month end (or today, for the last point). */
  day: string;
  receivableBalance: number;
  unbilled: number;
  exposure: number;
  /** The limit in force that day, null when nothing tells us. */
  creditLimit: number | null;
}

export interface PercentileView {
  metric: MetricId;
  value: number | null;
  /** Percentile rank among peers with a value (0-100: share below plus half the ties), null without a value. */
  regionPercentile: number | null;
  regionPeers: number;
  tierPercentile: number | null;
  tierPeers: number;
}

export interface DealerHoldView {
  orderId: string;
  orderNumber: string;
  heldAt: string;
  reasons: string[];
  total: number;
  outcome: 'approved' | 'rejected' | 'cancelled' | 'still_open';
  decidedAt: string | null;
  minutesToDecision: number | null;
}

export interface TopSkuView {
  sku: string;
  name: string | null;
  orderedQty: number;
  /** Ordered value with tax, of DMS order lines created in the last 12 months (cancelled orders excluded). */
  value: number;
  orders: number;
}

export interface DealerDashboardView {
  asOf: DashboardAsOf;
  periods: DashboardPeriods;
  notReady: string | null;
  figures: DealerFigures;
  blocked: boolean;
  /** Days past due of the oldest open invoice (0 when nothing is overdue). */
  oldestOverdueDays: number;
  salesByMonth: MonthSales[];
  exposure: ExposurePoint[];
  holds: DealerHoldView[];
  medianMinutesToDecision: number | null;
  topSkus: TopSkuView[];
  percentiles: PercentileView[];
  /** Dealers in the same region and tier (for the percentiles' wording). */
  region: string | null;
  tier: string | null;
}

export type StatementEntryKind = 'invoice' | 'payment' | 'return';

export interface StatementEntry {
  kind: StatementEntryKind;
  /** Office day. */
  day: string;
  at: string;
  /** Invoice, payment reference or return number. */
  reference: string;
  /** e.g. the order number and due date of an invoice, the method of a payment. */
  detail: string;
  debit: number;
  credit: number;
  /** Balance after this entry. */
  balance: number;
}

export interface StatementView {
  asOf: DashboardAsOf;
  dealer: { accountId: string | null; dealerCode: string; name: string; legalName: string | null; city: string | null; currency: string };
  from: string;
  to: string;
  openingBalance: number;
  entries: StatementEntry[];
  totalInvoiced: number;
  totalPaid: number;
  totalReturned: number;
  closingBalance: number;
  /** The DMS account's balance now (outstanding on open invoices), to reconcile a statement that ends today. */
  dmsBalance: number | null;
}

export type StatementPdfResult = { kind: 'saved'; path: string } | { kind: 'browser-print'; message: string };
