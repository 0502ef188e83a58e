// Every dealer's headline figures for the anchor day, kept as one small table (dash_dealer_figures): what
// metrics.ts's dealerFigures makes of the window sums and the DMS account, recomputed for the dealers a change
// touches (the replica observer) and for those a day roll moved. The book then sorts, filters, pages and
// breaks down 5,000 dealers in SQL without building them in JavaScript on every open.
import type Database from 'better-sqlite3';
import { riskReasons, type DealerFigures, type RiskReason } from '../../../shared/dashboards';
import { dealerFigures, type DealerSums } from './metrics';

interface SumsRow {
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
  w.delivered_qty_12m, w.deliveries_12m, w.on_time_12m,
  coalesce(w.ledger_to_date, 0) - coalesce(p.payments_to_date, 0) AS ledger_to_date,
  coalesce(w.ledger_to_90_days_ago, 0) - coalesce(p.payments_to_90_days_ago, 0) AS ledger_to_90_days_ago,
  r.not_due, r.d1_30, r.d31_60, r.d61_90, r.over_90`;
const holdWindowColumns = 'h.held_90, h.held_previous_90, h.held_12m, h.approved_12m, h.rejected_12m, h.cancelled_12m, h.still_open_12m';

/** Platform accounts with their DMS account (by dealer code) and window sums. */
const platformSide = `
  SELECT a.id AS account_id, a.code AS dealer_code, a.name, a.region, a.tier, coalesce(d.currency, a.currency) AS currency,
    d.dealer_code IS NOT NULL AS has_dms, d.credit_limit, d.balance, d.unbilled, ${dealerWindowColumns}, ${holdWindowColumns}
  FROM platform_accounts a
  LEFT JOIN dms_accounts d ON d.dealer_code = a.code
  LEFT JOIN dash_dealer_windows w ON w.dealer_code = a.code
  LEFT JOIN dash_receivable_windows r ON r.dealer_code = a.code
  LEFT JOIN dash_payment_windows p ON p.dealer_code = a.code
  LEFT JOIN dash_hold_windows h ON h.account_id = a.id`;
/** DMS accounts the platform does not know (region and tier unknown). */
const dmsOnlySide = `
  SELECT NULL AS account_id, d.dealer_code, d.name, NULL AS region, NULL AS tier, d.currency, 1 AS has_dms, d.credit_limit, d.balance,
    d.unbilled, ${dealerWindowColumns}, NULL AS held_90, NULL AS held_previous_90, NULL AS held_12m, NULL AS approved_12m,
    NULL AS rejected_12m, NULL AS cancelled_12m, NULL AS still_open_12m
  FROM dms_accounts d
  LEFT JOIN dash_dealer_windows w ON w.dealer_code = d.dealer_code
  LEFT JOIN dash_receivable_windows r ON r.dealer_code = d.dealer_code
  LEFT JOIN dash_payment_windows p ON p.dealer_code = d.dealer_code
  WHERE NOT EXISTS (SELECT 1 FROM platform_accounts a WHERE a.code = d.dealer_code)`;

function sumsOf(r: SumsRow): DealerSums {
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

/** The table's columns, in the order rowOf gives them. */
export const figuresColumns = [
  'dealer_code',
  'account_id',
  'name',
  'region',
  'tier',
  'currency',
  'has_dms',
  'credit_limit',
  'balance',
  'unbilled',
  'utilisation',
  'no_limit',
  'not_due',
  'd1_30',
  'd31_60',
  'd61_90',
  'over_90',
  'overdue_over_60',
  'receivable_balance',
  'sales_90_days',
  'dso',
  'receivable_balance_90_days_ago',
  'sales_previous_90_days',
  'dso_90_days_ago',
  'sales_12_months',
  'return_credits_12_months',
  'return_rate',
  'ordered_qty_12_months',
  'delivered_qty_12_months',
  'fill_rate',
  'deliveries_12_months',
  'on_time_deliveries_12_months',
  'on_time_delivery',
  'held_12_months',
  'approved_12_months',
  'rejected_12_months',
  'cancelled_12_months',
  'still_open_12_months',
  'holds_90_days',
  'holds_previous_90_days',
  'risk_reasons',
  'risk_count',
] as const;

type FiguresColumn = (typeof figuresColumns)[number];
export type FiguresRow = Record<FiguresColumn, string | number | null>;

function rowOf(f: DealerFigures, hasDms: boolean): unknown[] {
  return [
    f.dealerCode,
    f.accountId,
    f.name,
    f.region,
    f.tier,
    f.currency,
    hasDms ? 1 : 0,
    f.creditLimit,
    f.balance,
    f.unbilled,
    f.utilisation,
    f.noLimit ? 1 : 0,
    f.ageing.notDue,
    f.ageing.d1To30,
    f.ageing.d31To60,
    f.ageing.d61To90,
    f.ageing.over90,
    f.overdueOver60,
    f.receivableBalance,
    f.sales90Days,
    f.dso,
    f.receivableBalance90DaysAgo,
    f.salesPrevious90Days,
    f.dso90DaysAgo,
    f.sales12Months,
    f.returnCredits12Months,
    f.returnRate,
    f.orderedQty12Months,
    f.deliveredQty12Months,
    f.fillRate,
    f.deliveries12Months,
    f.onTimeDeliveries12Months,
    f.onTimeDelivery,
    f.holds12Months.held,
    f.holds12Months.approved,
    f.holds12Months.rejected,
    f.holds12Months.cancelled,
    f.holds12Months.stillOpen,
    f.holds90Days,
    f.holdsPrevious90Days,
    f.riskReasons.join(','),
    f.riskReasons.length,
  ];
}

/** A figures row back as the API's DealerFigures. */
export function figuresFromRow(r: FiguresRow): DealerFigures {
  const num = (c: FiguresColumn) => Number(r[c] ?? 0);
  const maybe = (c: FiguresColumn) => (r[c] === null ? null : Number(r[c]));
  const reasons = String(r.risk_reasons ?? '');
  return {
    accountId: r.account_id === null ? null : String(r.account_id),
    dealerCode: String(r.dealer_code),
    name: String(r.name),
    region: r.region === null ? null : String(r.region),
    tier: r.tier === null ? null : String(r.tier),
    currency: String(r.currency),
    creditLimit: maybe('credit_limit'),
    balance: maybe('balance'),
    unbilled: maybe('unbilled'),
    utilisation: maybe('utilisation'),
    noLimit: num('no_limit') === 1,
    ageing: { notDue: num('not_due'), d1To30: num('d1_30'), d31To60: num('d31_60'), d61To90: num('d61_90'), over90: num('over_90') },
    overdueOver60: num('overdue_over_60'),
    receivableBalance: num('receivable_balance'),
    sales90Days: num('sales_90_days'),
    dso: maybe('dso'),
    receivableBalance90DaysAgo: num('receivable_balance_90_days_ago'),
    salesPrevious90Days: num('sales_previous_90_days'),
    dso90DaysAgo: maybe('dso_90_days_ago'),
    sales12Months: num('sales_12_months'),
    returnCredits12Months: num('return_credits_12_months'),
    returnRate: maybe('return_rate'),
    orderedQty12Months: num('ordered_qty_12_months'),
    deliveredQty12Months: num('delivered_qty_12_months'),
    fillRate: maybe('fill_rate'),
    deliveries12Months: num('deliveries_12_months'),
    onTimeDeliveries12Months: num('on_time_deliveries_12_months'),
    onTimeDelivery: maybe('on_time_delivery'),
    holds12Months: {
      held: num('held_12_months'),
      approved: num('approved_12_months'),
      rejected: num('rejected_12_months'),
      cancelled: num('cancelled_12_months'),
      stillOpen: num('still_open_12_months'),
    },
    holds90Days: num('holds_90_days'),
    holdsPrevious90Days: num('holds_previous_90_days'),
    riskReasons: reasons ? (reasons.split(',').filter((x) => (riskReasons as readonly string[]).includes(x)) as RiskReason[]) : [],
  };
}

/** Reads and writes dash_dealer_figures on one connection. */
export class DealerFiguresStore {
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly platformOne: Database.Statement;
  private readonly dmsOne: Database.Statement;
  private readonly codeOfAccount: Database.Statement;
  private readonly anchorOf: Database.Statement;
  private readonly markStaleOne: Database.Statement;

  constructor(readonly sqlite: Database.Database) {
    this.markStaleOne = sqlite.prepare('INSERT OR IGNORE INTO dash_figures_stale (dealer_code) VALUES (?)');
    this.anchorOf = sqlite.prepare("SELECT anchor_day FROM dash_state WHERE aggregate = 'figures'").pluck();
    this.upsert = sqlite.prepare(
      `INSERT OR REPLACE INTO dash_dealer_figures (${figuresColumns.join(', ')}) VALUES (${figuresColumns.map(() => '?').join(', ')})`,
    );
    this.remove = sqlite.prepare('DELETE FROM dash_dealer_figures WHERE dealer_code = ?');
    this.platformOne = sqlite.prepare(`${platformSide} WHERE a.code = ? ORDER BY a.id LIMIT 1`);
    this.dmsOne = sqlite.prepare(`${dmsOnlySide} AND d.dealer_code = ?`);
    this.codeOfAccount = sqlite.prepare('SELECT code FROM platform_accounts WHERE id = ?').pluck();
  }

  /** The dealer codes of platform accounts (hold aggregates are kept per account). */
  codesOfAccounts(accountIds: Iterable<string>): string[] {
    const out: string[] = [];
    for (const id of accountIds) {
      const code = this.codeOfAccount.get(id) as string | undefined;
      if (code !== undefined) out.push(code);
    }
    return out;
  }

  /** Recomputes the figures of these dealers (the windows must be on the figures' anchor day). */
  refresh(codes: Iterable<string>): void {
    for (const code of new Set(codes)) {
      const row = (this.platformOne.get(code) ?? this.dmsOne.get(code)) as SumsRow | undefined;
      if (!row) {
        this.remove.run(code);
        continue;
      }
      this.upsert.run(rowOf(dealerFigures(sumsOf(row)), row.has_dms === 1));
    }
  }

  /**
   * Marks these dealers' figures as behind their sums (the replica writer, in the page's transaction); a
   * reader recomputes them with refreshStale before it reads the figures.
   */
  markStale(codes: Iterable<string>): void {
    for (const code of new Set(codes)) this.markStaleOne.run(code);
  }

  /** Recomputes the figures of the dealers marked stale. Returns how many there were. */
  refreshStale(): number {
    const codes = this.sqlite.prepare('SELECT dealer_code FROM dash_figures_stale').pluck().all() as string[];
    if (codes.length === 0) return 0;
    this.refresh(codes);
    this.sqlite.prepare('DELETE FROM dash_figures_stale').run();
    return codes.length;
  }

  hasStale(): boolean {
    return this.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM dash_figures_stale)').pluck().get() === 1;
  }

  /** Recomputes every dealer's figures. */
  refreshAll(): void {
    // Read first: better-sqlite3 cannot write on a connection while a statement of it is still iterating.
    const rows = allSums(this.sqlite);
    this.sqlite.prepare('DELETE FROM dash_figures_stale').run();
    this.sqlite.prepare('DELETE FROM dash_dealer_figures').run();
    for (const row of rows) this.upsert.run(rowOf(dealerFigures(sumsOf(row)), row.has_dms === 1));
  }

  anchor(): string | null {
    return (this.anchorOf.get() as string | null | undefined) ?? null;
  }

  setAnchor(day: string | null): void {
    this.sqlite.prepare("UPDATE dash_state SET anchor_day = ? WHERE aggregate = 'figures'").run(day);
  }
}

/**
 * Every dealer's sums, one per dealer code. Dealer codes are the join key and unique on the platform; should
 * two accounts carry the same code, the first by account id stands for it (as in refresh).
 */
function allSums(sqlite: Database.Database): SumsRow[] {
  const rows = sqlite.prepare(`${platformSide} UNION ALL ${dmsOnlySide} ORDER BY dealer_code, account_id`).all() as SumsRow[];
  return rows.filter((r, i) => i === 0 || rows[i - 1]?.dealer_code !== r.dealer_code);
}

/** Every dealer's figures computed now from the windows, without the table (tests and the bench compare). */
export function computeAllFigures(sqlite: Database.Database): DealerFigures[] {
  return allSums(sqlite).map((r) => dealerFigures(sumsOf(r)));
}
