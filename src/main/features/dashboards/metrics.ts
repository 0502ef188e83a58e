// Every manager-dashboard metric (issue 11) in one place: what each replica record contributes to which
// office day (the facts), which day sums make up each figure over the rolling periods (the windows), and the
// formulas that turn sums into the figures. Pure code: the aggregates (aggregates.ts) and the queries
// (queries.ts) feed it rows, so the book, a dealer's dashboard and the tests all count the same way. The
// words are in src/shared/dashboards.ts (metricDefinitions), shown a click away from every figure.
import {
  daysBetween,
  officeDay,
  periodsFor,
  type AgeingBuckets,
  type DashboardPeriods,
  type DayRange,
  type DealerFigures,
  type HoldCounts,
  type MetricId,
  type RiskReason,
} from '../../../shared/dashboards';

// ---------------------------------------------------------------------------------------------------------
// Facts: the fields of a replica record that a metric reads, whether they come from a contract object (the
// observer) or from the replica's columns (rebuilds, before-images).
// ---------------------------------------------------------------------------------------------------------

export interface InvoiceFact {
  dealerCode: string;
  issuedAt: string;
  dueDate: string;
  amount: number;
  outstanding: number;
  status: string;
  /** The DMS order it bills (null: an invoice not raised on an order). */
  orderId: string | null;
}

export interface PaymentFact {
  dealerCode: string;
  receivedAt: string;
  amount: number;
}

export interface ReturnFact {
  dealerCode: string;
  receivedAt: string;
  creditAmount: number;
}

export interface DmsOrderFact {
  dealerCode: string;
  status: string;
  orderedQty: number;
  deliveredQty: number;
  shipments: { deliveredAt: string | null; eta: string | null }[];
  /** Order total with tax, and the value (with tax, per line as the DMS invoices it) dispatched so far. */
  total: number;
  dispatchedValue: number;
  createdAt: string;
  cancelledAt: string | null;
  /** Its last change: for a closed order, the best date the replica has of its closing. */
  updatedAt: string | null;
}

export interface PlatformOrderFact {
  accountId: string;
  creditResult: string;
  creditCheckedAt: string;
  status: string;
  decisionOutcome: string | null;
  decidedAt: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Aggregates: per office day and key, a few integer measures.
// ---------------------------------------------------------------------------------------------------------

export const aggregateMeasures = {
  /** Per DMS dealer code. */
  dealer: [
    'sales',
    'returnCredits',
    'orderedQty',
    'deliveredQty',
    'deliveries',
    'onTime',
    'orderedValue',
    'invoicedOnOrders',
    'cancelledValue',
    'closedRemainder',
  ],
  /** Per platform account id. */
  holdAccounts: ['held', 'approved', 'rejected', 'cancelled', 'stillOpen'],
  /** Per whole minutes from hold to decision (the key), book-wide. */
  holdDecisions: ['decided'],
  /** Per DMS dealer code, by due date (not an office day of a time): outstanding of open invoices. */
  receivables: ['outstanding'],
  /**
   * Per DMS dealer code: payments received. Apart from the dealer's other days because a DMS snapshot lists
   * payments dealer by dealer: its own table is keyed by dealer first, so a page of them writes few pages.
   */
  payments: ['payments'],
} as const;

export type AggregateName = keyof typeof aggregateMeasures;
export type MeasureOf<A extends AggregateName> = (typeof aggregateMeasures)[A][number];
export const aggregateNames = Object.keys(aggregateMeasures) as AggregateName[];

export interface Contribution<A extends AggregateName = AggregateName> {
  aggregate: A;
  key: string | number;
  day: string;
  values: Partial<Record<MeasureOf<A>, number>>;
}

/** Open invoices: outstanding above zero and not void (the DMS's own rule for its balance). */
export function isOpenInvoice(f: Pick<InvoiceFact, 'status' | 'outstanding'>): boolean {
  return f.status !== 'void' && f.outstanding > 0;
}

export function invoiceContributions(f: InvoiceFact): Contribution<'dealer' | 'receivables'>[] {
  if (f.status === 'void') return [];
  const out: Contribution<'dealer' | 'receivables'>[] = [];
  if (f.amount !== 0) {
    const values = f.orderId ? { sales: f.amount, invoicedOnOrders: f.amount } : { sales: f.amount };
    out.push({ aggregate: 'dealer', key: f.dealerCode, day: officeDay(f.issuedAt), values });
  }
  if (isOpenInvoice(f)) out.push({ aggregate: 'receivables', key: f.dealerCode, day: f.dueDate, values: { outstanding: f.outstanding } });
  return out;
}

export function paymentContributions(f: PaymentFact): Contribution<'payments'>[] {
  if (f.amount === 0) return [];
  return [{ aggregate: 'payments', key: f.dealerCode, day: officeDay(f.receivedAt), values: { payments: f.amount } }];
}

export function returnContributions(f: ReturnFact): Contribution<'dealer'>[] {
  if (f.creditAmount === 0) return [];
  return [{ aggregate: 'dealer', key: f.dealerCode, day: officeDay(f.receivedAt), values: { returnCredits: f.creditAmount } }];
}

/** DMS order statuses that mean the order "reached delivered, partially delivered or closed" (fill rate). */
export const fillRateStatuses: readonly string[] = ['delivered', 'partially_delivered', 'closed'];

export function dmsOrderContributions(f: DmsOrderFact): Contribution<'dealer'>[] {
  const out: Contribution<'dealer'>[] = [];
  // Unbilled, day by day: the order counts from its creation until invoiced, cancelled or closed.
  if (f.total !== 0) out.push({ aggregate: 'dealer', key: f.dealerCode, day: officeDay(f.createdAt), values: { orderedValue: f.total } });
  const undispatched = f.total - f.dispatchedValue;
  if (f.status === 'cancelled' && f.cancelledAt && undispatched !== 0)
    out.push({ aggregate: 'dealer', key: f.dealerCode, day: officeDay(f.cancelledAt), values: { cancelledValue: undispatched } });
  if (f.status === 'closed' && f.updatedAt && undispatched !== 0)
    out.push({ aggregate: 'dealer', key: f.dealerCode, day: officeDay(f.updatedAt), values: { closedRemainder: undispatched } });
  let latestDelivery: string | null = null;
  for (const s of f.shipments) {
    if (!s.deliveredAt) continue;
    const day = officeDay(s.deliveredAt);
    if (latestDelivery === null || day > latestDelivery) latestDelivery = day;
    const onTime = s.eta !== null && day <= s.eta ? 1 : 0;
    out.push({ aggregate: 'dealer', key: f.dealerCode, day, values: { deliveries: 1, onTime } });
  }
  if (latestDelivery !== null && fillRateStatuses.includes(f.status)) {
    out.push({
      aggregate: 'dealer',
      key: f.dealerCode,
      day: latestDelivery,
      values: { orderedQty: f.orderedQty, deliveredQty: f.deliveredQty },
    });
  }
  return out;
}

export type HoldOutcome = 'approved' | 'rejected' | 'cancelled' | 'still_open';

/** The outcome of a held order: its decision, else cancelled (without one), else still open. */
export function holdOutcome(f: Pick<PlatformOrderFact, 'status' | 'decisionOutcome'>): HoldOutcome {
  if (f.decisionOutcome === 'approved') return 'approved';
  if (f.decisionOutcome === 'rejected') return 'rejected';
  if (f.status === 'cancelled') return 'cancelled';
  return 'still_open';
}

/** Whole minutes from the credit check that held the order to its decision; null when not decided. */
export function minutesToDecision(f: Pick<PlatformOrderFact, 'creditCheckedAt' | 'decisionOutcome' | 'decidedAt'>): number | null {
  if ((f.decisionOutcome !== 'approved' && f.decisionOutcome !== 'rejected') || !f.decidedAt) return null;
  return Math.max(0, Math.floor((Date.parse(f.decidedAt) - Date.parse(f.creditCheckedAt)) / 60_000));
}

const outcomeMeasure: Record<HoldOutcome, MeasureOf<'holdAccounts'>> = {
  approved: 'approved',
  rejected: 'rejected',
  cancelled: 'cancelled',
  still_open: 'stillOpen',
};

export function platformOrderContributions(f: PlatformOrderFact): Contribution<'holdAccounts' | 'holdDecisions'>[] {
  if (f.creditResult !== 'held') return [];
  const day = officeDay(f.creditCheckedAt);
  const out: Contribution<'holdAccounts' | 'holdDecisions'>[] = [
    { aggregate: 'holdAccounts', key: f.accountId, day, values: { held: 1, [outcomeMeasure[holdOutcome(f)]]: 1 } },
  ];
  const minutes = minutesToDecision(f);
  if (minutes !== null) out.push({ aggregate: 'holdDecisions', key: minutes, day, values: { decided: 1 } });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Windows: each figure is a signed sum of day measures over one rolling period of the anchor day.
// ---------------------------------------------------------------------------------------------------------

export type PeriodName = keyof ReturnType<typeof periodsFor>;

export interface WindowTerm<A extends AggregateName> {
  /** Column of the aggregate's window table. */
  column: string;
  period: PeriodName;
  measure: MeasureOf<A>;
  sign: 1 | -1;
}

export const aggregateWindows: { [A in AggregateName]: readonly WindowTerm<A>[] } = {
  dealer: [
    { column: 'sales_90', period: 'last90Days', measure: 'sales', sign: 1 },
    { column: 'sales_previous_90', period: 'previous90Days', measure: 'sales', sign: 1 },
    { column: 'sales_12m', period: 'last12Months', measure: 'sales', sign: 1 },
    { column: 'return_credits_12m', period: 'last12Months', measure: 'returnCredits', sign: 1 },
    { column: 'ordered_qty_12m', period: 'last12Months', measure: 'orderedQty', sign: 1 },
    { column: 'delivered_qty_12m', period: 'last12Months', measure: 'deliveredQty', sign: 1 },
    { column: 'deliveries_12m', period: 'last12Months', measure: 'deliveries', sign: 1 },
    { column: 'on_time_12m', period: 'last12Months', measure: 'onTime', sign: 1 },
    // The receivable balance: invoices less return credits here, less the payments windows (figures.ts), to
    // date and to 90 days ago.
    { column: 'ledger_to_date', period: 'toDate', measure: 'sales', sign: 1 },
    { column: 'ledger_to_date', period: 'toDate', measure: 'returnCredits', sign: -1 },
    { column: 'ledger_to_90_days_ago', period: 'to90DaysAgo', measure: 'sales', sign: 1 },
    { column: 'ledger_to_90_days_ago', period: 'to90DaysAgo', measure: 'returnCredits', sign: -1 },
  ],
  holdAccounts: [
    { column: 'held_90', period: 'last90Days', measure: 'held', sign: 1 },
    { column: 'held_previous_90', period: 'previous90Days', measure: 'held', sign: 1 },
    { column: 'held_12m', period: 'last12Months', measure: 'held', sign: 1 },
    { column: 'approved_12m', period: 'last12Months', measure: 'approved', sign: 1 },
    { column: 'rejected_12m', period: 'last12Months', measure: 'rejected', sign: 1 },
    { column: 'cancelled_12m', period: 'last12Months', measure: 'cancelled', sign: 1 },
    { column: 'still_open_12m', period: 'last12Months', measure: 'stillOpen', sign: 1 },
  ],
  holdDecisions: [{ column: 'decided_12m', period: 'last12Months', measure: 'decided', sign: 1 }],
  receivables: [
    { column: 'not_due', period: 'dueNotYet', measure: 'outstanding', sign: 1 },
    { column: 'd1_30', period: 'due1To30', measure: 'outstanding', sign: 1 },
    { column: 'd31_60', period: 'due31To60', measure: 'outstanding', sign: 1 },
    { column: 'd61_90', period: 'due61To90', measure: 'outstanding', sign: 1 },
    { column: 'over_90', period: 'dueOver90', measure: 'outstanding', sign: 1 },
  ],
  payments: [
    { column: 'payments_to_date', period: 'toDate', measure: 'payments', sign: 1 },
    { column: 'payments_to_90_days_ago', period: 'to90DaysAgo', measure: 'payments', sign: 1 },
  ],
};

export function inRange(day: string, range: DayRange): boolean {
  return (range.from === null || day >= range.from) && day <= range.to;
}

/** The window columns of an aggregate, in table order. */
export function windowColumns(aggregate: AggregateName): string[] {
  return [...new Set(aggregateWindows[aggregate].map((t) => t.column))];
}

/** periodsFor, remembered for the last anchor: the replica writer asks for the same day thousands of times a page. */
let lastPeriods: { anchor: string; periods: Readonly<DashboardPeriods> } | null = null;
function periodsOfAnchor(anchor: string): Readonly<DashboardPeriods> {
  if (lastPeriods?.anchor !== anchor) lastPeriods = { anchor, periods: Object.freeze(periodsFor(anchor)) };
  return lastPeriods.periods;
}

/** Per window column, what `values` on `day` add to it for the anchor day. */
export function windowDeltas<A extends AggregateName>(
  aggregate: A,
  day: string,
  values: Partial<Record<MeasureOf<A>, number>>,
  anchor: string,
): Map<string, number> {
  const periods = periodsOfAnchor(anchor);
  const out = new Map<string, number>();
  for (const term of aggregateWindows[aggregate] as readonly WindowTerm<A>[]) {
    const v = values[term.measure];
    if (!v || !inRange(day, periods[term.period])) continue;
    out.set(term.column, (out.get(term.column) ?? 0) + term.sign * v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Formulas.
// ---------------------------------------------------------------------------------------------------------

/** DMS (balance + unbilled) / limit; null when the limit is 0 ("no limit") or there is no DMS account. */
export function creditUtilisation(account: { creditLimit: number; balance: number; unbilled: number } | null): {
  utilisation: number | null;
  noLimit: boolean;
} {
  if (!account) return { utilisation: null, noLimit: false };
  if (account.creditLimit === 0) return { utilisation: null, noLimit: true };
  return { utilisation: (account.balance + account.unbilled) / account.creditLimit, noLimit: false };
}

/** Receivable balance / sales of 90 days × 90; null without sales in the 90 days. */
export function dso(receivableBalance: number, sales90Days: number): number | null {
  return sales90Days > 0 ? (receivableBalance / sales90Days) * 90 : null;
}

/** A share, null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function emptyAgeing(): AgeingBuckets {
  return { notDue: 0, d1To30: 0, d31To60: 0, d61To90: 0, over90: 0 };
}

/** Adds an open invoice's outstanding to its bucket by days past due today; returns its days past due. */
export function addToAgeing(ageing: AgeingBuckets, dueDate: string, outstanding: number, today: string): number {
  const late = daysBetween(dueDate, today);
  if (late <= 0) ageing.notDue += outstanding;
  else if (late <= 30) ageing.d1To30 += outstanding;
  else if (late <= 60) ageing.d31To60 += outstanding;
  else if (late <= 90) ageing.d61To90 += outstanding;
  else ageing.over90 += outstanding;
  return late;
}

export function overdueOf(ageing: AgeingBuckets): number {
  return ageing.d1To30 + ageing.d31To60 + ageing.d61To90 + ageing.over90;
}

/** The at-risk rules of issue 11; any one puts the dealer at risk. */
export function riskReasonsOf(
  f: Pick<DealerFigures, 'utilisation' | 'overdueOver60' | 'dso' | 'dso90DaysAgo' | 'holds90Days' | 'holdsPrevious90Days'>,
): RiskReason[] {
  const reasons: RiskReason[] = [];
  if (f.utilisation !== null && f.utilisation > 0.9) reasons.push('utilisation');
  if (f.overdueOver60 > 0) reasons.push('overdue60');
  if (f.dso !== null && f.dso90DaysAgo !== null && f.dso - f.dso90DaysAgo > 15) reasons.push('dsoRise');
  if (f.holds90Days > f.holdsPrevious90Days) reasons.push('holdsRise');
  return reasons;
}

/** Median of whole minutes, rounded half up to a whole minute; null for none. */
export function medianMinutes(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? null;
  return Math.round(((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2);
}

/** Median from a histogram of (minutes, count), rows in any order; the same rule as medianMinutes. */
export function medianFromHistogram(rows: readonly { minutes: number; count: number }[]): number | null {
  const sorted = rows.filter((r) => r.count > 0).sort((a, b) => a.minutes - b.minutes);
  const total = sorted.reduce((s, r) => s + r.count, 0);
  if (total === 0) return null;
  const at = (index: number): number => {
    let seen = 0;
    for (const r of sorted) {
      seen += r.count;
      if (index < seen) return r.minutes;
    }
    return sorted[sorted.length - 1]?.minutes ?? 0;
  };
  const mid = Math.floor(total / 2);
  return total % 2 === 1 ? at(mid) : Math.round((at(mid - 1) + at(mid)) / 2);
}

/** Percentile rank of `value` among `peers` (which include it): share below plus half the ties, 0-100. */
export function percentileRank(value: number, peers: readonly number[]): number {
  if (peers.length === 0) return 0;
  let below = 0;
  let equal = 0;
  for (const p of peers) {
    if (p < value) below++;
    else if (p === value) equal++;
  }
  return ((below + equal / 2) / peers.length) * 100;
}

export function emptyHoldCounts(): HoldCounts {
  return { held: 0, approved: 0, rejected: 0, cancelled: 0, stillOpen: 0 };
}

// ---------------------------------------------------------------------------------------------------------
// One dealer's headline figures from its sums (the window tables and the DMS account).
// ---------------------------------------------------------------------------------------------------------

/** What the book reads per dealer: the dealer, its DMS account (if any) and its window sums. */
export interface DealerSums {
  accountId: string | null;
  dealerCode: string;
  name: string;
  region: string | null;
  tier: string | null;
  currency: string;
  account: { creditLimit: number; balance: number; unbilled: number } | null;
  sales90: number;
  salesPrevious90: number;
  sales12m: number;
  returnCredits12m: number;
  orderedQty12m: number;
  deliveredQty12m: number;
  deliveries12m: number;
  onTime12m: number;
  ledgerToDate: number;
  ledgerTo90DaysAgo: number;
  ageing: AgeingBuckets;
  held90: number;
  heldPrevious90: number;
  holds12m: HoldCounts;
}

export function dealerFigures(s: DealerSums): DealerFigures {
  const { utilisation, noLimit } = creditUtilisation(s.account);
  const figures: Omit<DealerFigures, 'riskReasons'> = {
    accountId: s.accountId,
    dealerCode: s.dealerCode,
    name: s.name,
    region: s.region,
    tier: s.tier,
    currency: s.currency,
    creditLimit: s.account?.creditLimit ?? null,
    balance: s.account?.balance ?? null,
    unbilled: s.account?.unbilled ?? null,
    utilisation,
    noLimit,
    ageing: s.ageing,
    overdueOver60: s.ageing.d61To90 + s.ageing.over90,
    receivableBalance: s.ledgerToDate,
    sales90Days: s.sales90,
    dso: dso(s.ledgerToDate, s.sales90),
    receivableBalance90DaysAgo: s.ledgerTo90DaysAgo,
    salesPrevious90Days: s.salesPrevious90,
    dso90DaysAgo: dso(s.ledgerTo90DaysAgo, s.salesPrevious90),
    sales12Months: s.sales12m,
    returnCredits12Months: s.returnCredits12m,
    returnRate: ratio(s.returnCredits12m, s.sales12m),
    orderedQty12Months: s.orderedQty12m,
    deliveredQty12Months: s.deliveredQty12m,
    fillRate: ratio(s.deliveredQty12m, s.orderedQty12m),
    deliveries12Months: s.deliveries12m,
    onTimeDeliveries12Months: s.onTime12m,
    onTimeDelivery: ratio(s.onTime12m, s.deliveries12m),
    holds12Months: s.holds12m,
    holds90Days: s.held90,
    holdsPrevious90Days: s.heldPrevious90,
  };
  return { ...figures, riskReasons: riskReasonsOf(figures) };
}

/** The value a percentile compares, per metric (null: the dealer has none). */
export function percentileValue(f: DealerFigures, metric: MetricId): number | null {
  switch (metric) {
    case 'sales':
      return f.sales12Months;
    case 'creditUtilisation':
      return f.utilisation;
    case 'overdueAgeing':
      return overdueOf(f.ageing);
    case 'dso':
      return f.dso;
    case 'fillRate':
      return f.fillRate;
    case 'returnRate':
      return f.returnRate;
    case 'onTimeDelivery':
      return f.onTimeDelivery;
    case 'holds':
      return f.holds12Months.held;
  }
}
