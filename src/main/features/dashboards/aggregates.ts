// The dashboards' aggregates (issue 11), kept in step with the replica incrementally:
// - *day tables* (dash_dealer_days, dash_hold_days, dash_decision_days): per office day and key, what the
//   replica's records contribute (metrics.ts says what). A replica observer updates them in the replica
//   writer's page transaction, from the record's before- and after-image, so a change adds only its
//   difference (a payment that moves an invoice's outstanding changes no sales at all).
// - *window tables* (dash_*_windows): per key, the day sums over the rolling periods of one anchor day
//   (dash_state.anchor_day). The observer adds each difference to the windows its day falls in; when the
//   office day moves on, a reader rolls the anchor forward by adding and removing only the days that entered
//   or left each period (a few thousand day rows a day at bench scale), never a year of invoices.
// Until a replica's first snapshot has finished the windows have no anchor (the observer then skips them,
// which keeps the initial sync cheap); the snapshot's end sums them once from the day tables.
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../../shared/contracts';
import { addDays, officeDay, periodsFor, type DayRange } from '../../../shared/dashboards';
import type { SyncSource } from '../../db/schema';
import type { ReplicaObserver, ReplicaObserverFactory } from '../../sync/observers';
import { DealerFiguresStore } from './figures';
import {
  aggregateMeasures,
  aggregateNames,
  aggregateWindows,
  dmsOrderContributions,
  invoiceContributions,
  paymentContributions,
  platformOrderContributions,
  returnContributions,
  windowColumns,
  windowDeltas,
  type AggregateName,
  type Contribution,
  type DmsOrderFact,
  type InvoiceFact,
} from './metrics';

interface AggregateTables {
  days: string;
  windows: string;
  key: string;
  /** The replica source whose records feed it. */
  source: SyncSource;
  /** The day table is keyed (key, day), not (day, key). */
  keyFirst?: true;
}

export const aggregateTables: Record<AggregateName, AggregateTables> = {
  dealer: { days: 'dash_dealer_days', windows: 'dash_dealer_windows', key: 'dealer_code', source: 'dms' },
  holdAccounts: { days: 'dash_hold_days', windows: 'dash_hold_windows', key: 'account_id', source: 'platform' },
  holdDecisions: { days: 'dash_decision_days', windows: 'dash_decision_windows', key: 'minutes', source: 'platform' },
  receivables: { days: 'dash_receivable_days', windows: 'dash_receivable_windows', key: 'dealer_code', source: 'dms' },
  payments: { days: 'dash_payment_days', windows: 'dash_payment_windows', key: 'dealer_code', source: 'dms', keyFirst: true },
};

/** Day rows written per transaction by a rebuild. */
const REBUILD_CHUNK = 20_000;

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const measureColumns = (a: AggregateName): string[] => aggregateMeasures[a].map(snake);

// ---------------------------------------------------------------------------------------------------------
// Writing: day-table differences and their window deltas.
// ---------------------------------------------------------------------------------------------------------

interface Statements {
  dayUpsert: Database.Statement;
  windowUpsert: Database.Statement;
  anchor: Database.Statement;
}

/**
 * The net differences of the records of one page, per (aggregate, key, day): what a page's records add and
 * take away, summed before anything is written (an order's two or three versions in one page, or a page's
 * orders of one dealer and day, cost one write).
 */
export class PageChanges {
  private readonly net = new Map<string, { aggregate: AggregateName; key: string | number; day: string; values: Map<string, number> }>();

  /** A record's change: its old contributions come off, its new ones go on. */
  record(previous: readonly Contribution[], next: readonly Contribution[]): void {
    for (const c of previous) this.add(c, -1);
    for (const c of next) this.add(c, 1);
  }

  private add(c: Contribution, sign: 1 | -1): void {
    const id = `${c.aggregate}\u0000${c.key}\u0000${c.day}`;
    let entry = this.net.get(id);
    if (!entry) this.net.set(id, (entry = { aggregate: c.aggregate, key: c.key, day: c.day, values: new Map() }));
    const values = c.values as Record<string, number>;
    for (const m in values) entry.values.set(m, (entry.values.get(m) ?? 0) + sign * (values[m] ?? 0));
  }

  entries() {
    return this.net.values();
  }

  get size(): number {
    return this.net.size;
  }

  clear(): void {
    this.net.clear();
  }
}

/** Prepared statements of one connection. */
export class DashboardAggregates {
  private readonly statements = new Map<AggregateName, Statements>();

  constructor(readonly sqlite: Database.Database) {}

  private stmts(a: AggregateName): Statements {
    let s = this.statements.get(a);
    if (s) return s;
    const t = aggregateTables[a];
    const measures = measureColumns(a);
    const windows = windowColumns(a);
    s = {
      dayUpsert: this.sqlite.prepare(
        `INSERT INTO ${t.days} (day, ${t.key}, ${measures.join(', ')}) VALUES (?, ?, ${measures.map(() => '?').join(', ')})
         ON CONFLICT (${t.keyFirst ? `${t.key}, day` : `day, ${t.key}`}) DO UPDATE SET ${measures.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
      ),
      windowUpsert: this.sqlite.prepare(
        `INSERT INTO ${t.windows} (${t.key}, ${windows.join(', ')}) VALUES (?, ${windows.map(() => '?').join(', ')})
         ON CONFLICT (${t.key}) DO UPDATE SET ${windows.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
      ),
      anchor: this.sqlite.prepare('SELECT anchor_day FROM dash_state WHERE aggregate = ?').pluck(),
    };
    this.statements.set(a, s);
    return s;
  }

  anchorOf(a: AggregateName): string | null {
    return (this.stmts(a).anchor.get(a) as string | null | undefined) ?? null;
  }

  /**
   * Writes a page's net differences: one day-table upsert per (aggregate, key, day) and one window upsert per
   * (aggregate, key), however many records of the page touched them. Must run in the caller's transaction.
   * Returns the keys whose windows changed.
   */
  applyPage(page: PageChanges): Map<AggregateName, Set<string | number>> {
    const touched = new Map<AggregateName, Set<string | number>>();
    const windowSums = new Map<AggregateName, Map<string | number, Map<string, number>>>();
    const anchors = new Map<AggregateName, string | null>();
    for (const entry of page.entries()) {
      if (![...entry.values.values()].some((v) => v !== 0)) continue;
      const a = entry.aggregate;
      this.stmts(a).dayUpsert.run(entry.day, entry.key, ...aggregateMeasures[a].map((m) => entry.values.get(m) ?? 0));
      if (!anchors.has(a)) anchors.set(a, this.anchorOf(a));
      const anchor = anchors.get(a) ?? null;
      if (anchor === null) continue;
      const deltas = windowDeltas(a, entry.day, Object.fromEntries(entry.values), anchor);
      if (deltas.size === 0) continue;
      let perKey = windowSums.get(a);
      if (!perKey) windowSums.set(a, (perKey = new Map()));
      let sums = perKey.get(entry.key);
      if (!sums) perKey.set(entry.key, (sums = new Map()));
      for (const [column, v] of deltas) sums.set(column, (sums.get(column) ?? 0) + v);
    }
    for (const [a, perKey] of windowSums) {
      const upsert = this.stmts(a).windowUpsert;
      const columns = windowColumns(a);
      for (const [key, sums] of perKey) {
        if (![...sums.values()].some((v) => v !== 0)) continue;
        upsert.run(key, ...columns.map((c) => sums.get(c) ?? 0));
        let keys = touched.get(a);
        if (!keys) touched.set(a, (keys = new Set()));
        keys.add(key);
      }
    }
    page.clear();
    return touched;
  }

  // -------------------------------------------------------------------------------------------------------
  // Windows: summed once, then rolled day by day.
  // -------------------------------------------------------------------------------------------------------

  /** Sums the windows of `a` for `anchor` from its day table, replacing what was there. */
  computeWindows(a: AggregateName, anchor: string): void {
    const t = aggregateTables[a];
    const periods = periodsFor(anchor);
    const params: unknown[] = [];
    const sumOf = (column: string) => {
      const parts = aggregateWindows[a]
        .filter((term) => term.column === column)
        .map((term) => {
          const range = periods[term.period];
          const conditions = [...(range.from === null ? [] : ['day >= ?']), 'day <= ?'];
          if (range.from !== null) params.push(range.from);
          params.push(range.to);
          return `${term.sign < 0 ? '-' : ''}SUM(CASE WHEN ${conditions.join(' AND ')} THEN ${snake(term.measure)} ELSE 0 END)`;
        });
      return `${parts.join(' + ')} AS ${column}`;
    };
    const columns = windowColumns(a);
    const select = columns.map(sumOf).join(', ');
    // Days after every period's end add nothing (receivables' "not due" runs to the end of time).
    params.push(aggregateWindows[a].map((term) => periods[term.period].to).reduce((x, y) => (x > y ? x : y)));
    this.sqlite.prepare(`DELETE FROM ${t.windows}`).run();
    this.sqlite
      .prepare(
        `INSERT INTO ${t.windows} (${t.key}, ${columns.join(', ')}) SELECT ${t.key}, ${select} FROM ${t.days} WHERE day <= ? GROUP BY ${t.key}`,
      )
      .run(...params);
    this.setAnchor(a, anchor);
  }

  /**
   * Moves the windows of `a` from their anchor to `anchor`, adding and removing only the days in between.
   * Returns the keys whose windows changed, or 'all' when they were summed afresh.
   */
  rollWindows(a: AggregateName, anchor: string): Set<string | number> | 'all' {
    const from = this.anchorOf(a);
    if (from === anchor) return new Set();
    if (from === null) {
      this.computeWindows(a, anchor);
      return 'all';
    }
    const t = aggregateTables[a];
    const oldPeriods = periodsFor(from);
    const newPeriods = periodsFor(anchor);
    const deltas = new Map<string | number, Map<string, number>>();
    const usedPeriods = [...new Set(aggregateWindows[a].map((term) => term.period))];
    const sumColumns = measureColumns(a)
      .map((m) => `SUM(d.${m}) AS ${m}`)
      .join(', ');
    // A key-first day table has no index on the day: walk its keys by seeking the next one (a skip-scan
    // written out, one seek per key) and read each key's days in the range from its primary key.
    const sums = this.sqlite.prepare(
      t.keyFirst
        ? `WITH RECURSIVE keys(k) AS (
             SELECT min(${t.key}) FROM ${t.days}
             UNION ALL SELECT (SELECT min(${t.key}) FROM ${t.days} WHERE ${t.key} > keys.k) FROM keys WHERE keys.k IS NOT NULL)
           SELECT keys.k AS k, ${sumColumns} FROM keys JOIN ${t.days} d ON d.${t.key} = keys.k AND d.day >= ? AND d.day <= ?
           GROUP BY keys.k`
        : `SELECT ${t.key} AS k, ${sumColumns} FROM ${t.days} d WHERE day >= ? AND day <= ? GROUP BY ${t.key}`,
    );
    for (const period of usedPeriods) {
      const terms = aggregateWindows[a].filter((term) => term.period === period);
      const moves = [
        ...rangeMinus(newPeriods[period], oldPeriods[period]).map((r) => ({ r, sign: 1 })),
        ...rangeMinus(oldPeriods[period], newPeriods[period]).map((r) => ({ r, sign: -1 })),
      ];
      for (const { r, sign } of moves) {
        for (const row of sums.iterate(r.from ?? '0000-00-00', r.to) as Iterable<Record<string, number | string>>) {
          const key = row['k'] as string | number;
          let d = deltas.get(key);
          if (!d) deltas.set(key, (d = new Map()));
          for (const term of terms) {
            const v = Number(row[snake(term.measure)] ?? 0);
            if (v !== 0) d.set(term.column, (d.get(term.column) ?? 0) + sign * term.sign * v);
          }
        }
      }
    }
    const upsert = this.stmts(a).windowUpsert;
    const columns = windowColumns(a);
    const changed = new Set<string | number>();
    for (const [key, d] of deltas) {
      if (![...d.values()].some((v) => v !== 0)) continue;
      upsert.run(key, ...columns.map((c) => d.get(c) ?? 0));
      changed.add(key);
    }
    this.setAnchor(a, anchor);
    return changed;
  }

  private setAnchor(a: AggregateName, anchor: string | null): void {
    this.sqlite.prepare('UPDATE dash_state SET anchor_day = ? WHERE aggregate = ?').run(anchor, a);
  }

  isBuilt(a: AggregateName): boolean {
    return this.sqlite.prepare('SELECT built FROM dash_state WHERE aggregate = ?').pluck().get(a) === 1;
  }

  // -------------------------------------------------------------------------------------------------------
  // Rebuild from the replica: a desk that synced before the aggregates existed (dash_state.built = 0).
  // -------------------------------------------------------------------------------------------------------

  /** Recomputes the day table of `a` from the replica rows (and drops its windows' anchor); not in a transaction. */
  rebuildDays(a: AggregateName): void {
    const t = aggregateTables[a];
    const sums = new Map<string, Contribution>();
    const collect = (contributions: Contribution[]) => {
      for (const c of contributions) {
        if (c.aggregate !== a) continue;
        const id = `${c.key}\u0000${c.day}`;
        const entry = sums.get(id);
        if (!entry) {
          sums.set(id, { ...c, values: { ...c.values } });
          continue;
        }
        const values = entry.values as Record<string, number>;
        for (const [m, v] of Object.entries(c.values) as [string, number][]) values[m] = (values[m] ?? 0) + v;
      }
    };
    // Read the replica first, outside any write transaction (a WAL reader blocks nobody)...
    for (const c of replicaContributions(this.sqlite, a)) collect([c]);
    // ...then write in chunks, so a rebuild of a million-order replica never holds the write lock for long
    // (other writers wait at most one chunk). Until `built` is set the dashboards say they are not ready.
    this.sqlite.transaction(() => {
      this.sqlite.prepare('UPDATE dash_state SET built = 0, anchor_day = NULL WHERE aggregate = ?').run(a);
      this.sqlite.prepare(`DELETE FROM ${t.days}`).run();
      this.sqlite.prepare(`DELETE FROM ${t.windows}`).run();
    })();
    const s = this.stmts(a);
    const entries = [...sums.values()];
    for (let i = 0; i < entries.length; i += REBUILD_CHUNK) {
      this.sqlite.transaction(() => {
        for (const c of entries.slice(i, i + REBUILD_CHUNK)) {
          const values = c.values as Record<string, number>;
          s.dayUpsert.run(c.day, c.key, ...aggregateMeasures[a].map((m) => values[m] ?? 0));
        }
      })();
    }
    this.sqlite.prepare('UPDATE dash_state SET built = 1 WHERE aggregate = ?').run(a);
  }
}

/** The inclusive day ranges in `a` but not in `b` (at most two). */
export function rangeMinus(a: DayRange, b: DayRange): DayRange[] {
  const out: DayRange[] = [];
  const empty = (r: DayRange) => r.from !== null && r.from > r.to;
  // Left of b.
  if (b.from !== null && (a.from === null || a.from < b.from)) {
    const to = a.to < addDays(b.from, -1) ? a.to : addDays(b.from, -1);
    const left = { from: a.from, to };
    if (!empty(left)) out.push(left);
  }
  // Right of b.
  if (a.to > b.to) {
    const start = addDays(b.to, 1);
    const right = { from: a.from !== null && a.from > start ? a.from : start, to: a.to };
    if (!empty(right)) out.push(right);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Facts from the replica's columns (before-images and rebuilds) and from contract objects (after-images).
// ---------------------------------------------------------------------------------------------------------

interface DmsOrderRow {
  dealer_code: string;
  status: string;
  shipment_count: number;
  total: number;
  created_at: string;
  cancelled_at: string | null;
  updated_at: string | null;
}

/** The columns of dms_orders a DmsOrderFact reads. */
const dmsOrderColumns = 'dealer_code, status, shipment_count, total, created_at, cancelled_at, updated_at';
/** Line sums of one order: ordered and delivered quantities, dispatched value with tax per line (the DMS rule). */
const lineSumsSql = `SELECT coalesce(sum(qty), 0) AS ordered, coalesce(sum(qty_delivered), 0) AS delivered,
  coalesce(sum(qty_dispatched * unit_price + (qty_dispatched * unit_price * tax_rate_bp + 5000) / 10000), 0) AS dispatched
  FROM dms_order_lines WHERE order_id = ?`;

function* replicaContributions(sqlite: Database.Database, a: AggregateName): Generator<Contribution> {
  if (a === 'receivables') {
    for (const r of sqlite
      .prepare(
        "SELECT dealer_code, issued_at, due_date, amount, outstanding, status, order_id FROM dms_invoices WHERE outstanding > 0 AND status <> 'void'",
      )
      .iterate() as Iterable<InvoiceRow>)
      yield* invoiceContributions(invoiceFact(r));
    return;
  }
  if (a === 'payments') {
    for (const r of sqlite.prepare('SELECT dealer_code, received_at, amount FROM dms_payments').iterate() as Iterable<PaymentRow>)
      yield* paymentContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, amount: r.amount });
    return;
  }
  if (a === 'dealer') {
    for (const r of sqlite
      .prepare('SELECT dealer_code, issued_at, due_date, amount, outstanding, status, order_id FROM dms_invoices')
      .iterate() as Iterable<InvoiceRow>)
      yield* invoiceContributions(invoiceFact(r));
    for (const r of sqlite.prepare('SELECT dealer_code, received_at, credit_amount FROM dms_returns').iterate() as Iterable<ReturnRow>)
      yield* returnContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, creditAmount: r.credit_amount });
    const shipments = sqlite.prepare('SELECT delivered_at, eta FROM dms_shipments WHERE order_id = ?');
    const lines = sqlite.prepare(lineSumsSql);
    // Every order counts (its total is unbilled from its creation); only shipped ones need their children.
    for (const r of sqlite.prepare(`SELECT id, ${dmsOrderColumns} FROM dms_orders`).iterate() as Iterable<DmsOrderRow & { id: string }>) {
      const shipped = r.shipment_count > 0;
      const sums = shipped || r.status === 'cancelled' || r.status === 'closed' ? (lines.get(r.id) as LineSums) : undefined;
      yield* dmsOrderContributions(dmsOrderFactFromRows(r, sums, shipped ? (shipments.all(r.id) as ShipmentRow[]) : []));
    }
    return;
  }
  for (const r of sqlite
    .prepare(
      "SELECT account_id, credit_result, credit_checked_at, status, decision_outcome, decided_at FROM platform_orders WHERE credit_result = 'held'",
    )
    .iterate() as Iterable<PlatformOrderRow>) {
    yield* platformOrderContributions(platformOrderFact(r));
  }
}

interface InvoiceRow {
  dealer_code: string;
  issued_at: string;
  due_date: string;
  amount: number;
  outstanding: number;
  status: string;
  order_id: string | null;
}
interface PaymentRow {
  dealer_code: string;
  received_at: string;
  amount: number;
}
interface ReturnRow {
  dealer_code: string;
  received_at: string;
  credit_amount: number;
}
interface LineSums {
  ordered: number;
  delivered: number;
  dispatched: number;
}
interface ShipmentRow {
  delivered_at: string | null;
  eta: string | null;
}
interface PlatformOrderRow {
  account_id: string;
  credit_result: string;
  credit_checked_at: string;
  status: string;
  decision_outcome: string | null;
  decided_at: string | null;
}

const invoiceFact = (r: InvoiceRow): InvoiceFact => ({
  dealerCode: r.dealer_code,
  issuedAt: r.issued_at,
  dueDate: r.due_date,
  amount: r.amount,
  outstanding: r.outstanding,
  status: r.status,
  orderId: r.order_id,
});

function dmsOrderFactFromRows(r: DmsOrderRow, sums: LineSums | undefined, shipments: ShipmentRow[]): DmsOrderFact {
  return {
    dealerCode: r.dealer_code,
    status: r.status,
    orderedQty: sums?.ordered ?? 0,
    deliveredQty: sums?.delivered ?? 0,
    shipments: shipments.map((s) => ({ deliveredAt: s.delivered_at, eta: s.eta })),
    total: r.total,
    dispatchedValue: sums?.dispatched ?? 0,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
    updatedAt: r.updated_at,
  };
}

function dmsOrderFactFromData(o: Dms.Order): DmsOrderFact {
  let ordered = 0;
  let delivered = 0;
  let dispatched = 0;
  for (const l of o.lines) {
    ordered += l.qty;
    delivered += l.qty_delivered;
    const net = l.qty_dispatched * l.unit_price;
    dispatched += net + Math.floor((net * l.tax_rate_bp + 5000) / 10_000);
  }
  return {
    dealerCode: o.dealer_code,
    status: o.status,
    orderedQty: ordered,
    deliveredQty: delivered,
    shipments: o.shipments.map((s) => ({ deliveredAt: s.delivered_at ?? null, eta: s.eta ?? null })),
    total: o.total,
    dispatchedValue: dispatched,
    createdAt: o.created_at,
    cancelledAt: o.cancellation?.at ?? null,
    updatedAt: o.updated_at,
  };
}

const platformOrderFact = (r: PlatformOrderRow) => ({
  accountId: r.account_id,
  creditResult: r.credit_result,
  creditCheckedAt: r.credit_checked_at,
  status: r.status,
  decisionOutcome: r.decision_outcome,
  decidedAt: r.decided_at,
});

// ---------------------------------------------------------------------------------------------------------
// The replica observer.
// ---------------------------------------------------------------------------------------------------------

/** Rebuilds any aggregate whose day table is not complete (a desk synced before they existed). */
export function ensureDashboardAggregates(sqlite: Database.Database, only?: readonly AggregateName[]): void {
  const aggregates = new DashboardAggregates(sqlite);
  // Only the replica writer calls this (its observer factory), before it applies anything: nothing else
  // writes these rows meanwhile.
  for (const a of only ?? aggregateNames) if (!aggregates.isBuilt(a)) aggregates.rebuildDays(a);
}

const dmsTypes = ['invoice', 'payment', 'return', 'order', 'account'] as const;

/** The dealer codes whose figures a change of window sums touches. */
function codesTouched(figures: DealerFiguresStore, touched: Map<AggregateName, Set<string | number>>): string[] {
  const codes: string[] = [];
  for (const [a, keys] of touched) {
    if (a === 'dealer' || a === 'receivables' || a === 'payments') for (const k of keys) codes.push(String(k));
    else if (a === 'holdAccounts') codes.push(...figures.codesOfAccounts([...keys].map(String)));
  }
  return codes;
}

/**
 * Brings the dealers' figures onto the windows' day: when every aggregate's windows are on one day and the
 * figures are not, all figures are computed afresh. Returns that day (or null while the windows disagree).
 */
export function syncFiguresWithWindows(sqlite: Database.Database): string | null {
  const aggregates = new DashboardAggregates(sqlite);
  const anchors = new Set(aggregateNames.map((a) => aggregates.anchorOf(a)));
  const [day] = [...anchors];
  if (anchors.size !== 1 || !day) return null;
  const figures = new DealerFiguresStore(sqlite);
  if (figures.anchor() !== day) {
    figures.refreshAll();
    figures.setAnchor(day);
  }
  return day;
}

/**
 * Anchors every aggregate's windows and the dealers' figures on `today`: summing them the first time,
 * rolling them when the office day moved on (only the dealers whose sums moved are recomputed), and
 * recomputing the figures the replica writer marked stale. Readers call it before reading the figures. Runs
 * in the caller's transaction.
 */
export function anchorOnDay(sqlite: Database.Database, today: string): void {
  const aggregates = new DashboardAggregates(sqlite);
  const figures = new DealerFiguresStore(sqlite);
  const figuresWereOn = figures.anchor();
  const windowsWereOn = new Set(aggregateNames.map((a) => aggregates.anchorOf(a)));
  const touched = new Map<AggregateName, Set<string | number>>();
  let all = false;
  for (const a of aggregateNames) {
    const changed = aggregates.rollWindows(a, today);
    if (changed === 'all') all = true;
    else touched.set(a, changed);
  }
  if (figuresWereOn === today) {
    // The dealers the replica writer marked since the last reader.
    figures.refreshStale();
    return;
  }
  // Figures rolled along with windows that were on their day: only the dealers whose sums moved change,
  // with those the replica writer marked stale.
  if (all || figuresWereOn === null || windowsWereOn.size !== 1 || !windowsWereOn.has(figuresWereOn)) figures.refreshAll();
  else {
    figures.refresh(codesTouched(figures, touched));
    figures.refreshStale();
  }
  figures.setAnchor(today);
}

export const dashboardsObserverFactory: ReplicaObserverFactory = (sqlite, source, now) => {
  const mine = aggregateNames.filter((a) => aggregateTables[a].source === source);
  ensureDashboardAggregates(sqlite, mine);
  const aggregates = new DashboardAggregates(sqlite);
  const figures = new DealerFiguresStore(sqlite);
  // What the page's records change, written once at the page's end (flush), still in its transaction.
  const page = new PageChanges();
  const refreshCodes = new Set<string>();
  const flush = () => {
    const touched = page.size > 0 ? aggregates.applyPage(page) : new Map<AggregateName, Set<string | number>>();
    if (figures.anchor() !== null) {
      // The dealers whose sums moved, and those whose account changed: marked once each per page, and
      // recomputed by the next reader (anchorOnDay), not here per record.
      const codes = [...codesTouched(figures, touched), ...refreshCodes];
      if (codes.length > 0) figures.markStale(codes);
    }
    refreshCodes.clear();
  };
  const discard = () => {
    page.clear();
    refreshCodes.clear();
  };
  const finishSnapshot = () => {
    // (The writer flushed the removals of rows the snapshot did not contain just before.) The first snapshot's end: sum the windows once, so later changes are added to them one by one; once
    // both systems' windows are on the same day, the dealers' figures follow.
    for (const a of mine) if (aggregates.anchorOf(a) === null) aggregates.computeWindows(a, officeDay(now()));
    syncFiguresWithWindows(sqlite);
  };
  /** Gathers a record's difference for the page's end. */
  const change = (previous: Contribution[], next: Contribution[]) => page.record(previous, next);

  if (source === 'platform') {
    const before = sqlite.prepare(
      'SELECT account_id, credit_result, credit_checked_at, status, decision_outcome, decided_at FROM platform_orders WHERE id = ?',
    );
    const accountCode = sqlite.prepare('SELECT code FROM platform_accounts WHERE id = ?').pluck();
    return {
      resourceTypes: ['order', 'account'],
      before: (type, id) => {
        if (type === 'account') return accountCode.get(id) as string | undefined;
        const r = before.get(id) as PlatformOrderRow | undefined;
        return r ? platformOrderContributions(platformOrderFact(r)) : [];
      },
      after: (type, _id, data, previous) => {
        if (type === 'account') {
          // A dealer's name, region, tier (or code) changed: its figures row (and the old code's) follow.
          const a = data as unknown as Platform.Account | null;
          if (typeof previous === 'string') refreshCodes.add(previous);
          if (a) refreshCodes.add(a.code);
          return;
        }
        const next = data ? platformOrderContributions(platformOrderFactFromData(data as unknown as Platform.Order)) : [];
        change((previous as Contribution[] | undefined) ?? [], next);
      },
      flush,
      discard,
      snapshotFinished: finishSnapshot,
    } satisfies ReplicaObserver;
  }

  const invoice = sqlite.prepare(
    'SELECT dealer_code, issued_at, due_date, amount, outstanding, status, order_id FROM dms_invoices WHERE id = ?',
  );
  const payment = sqlite.prepare('SELECT dealer_code, received_at, amount FROM dms_payments WHERE id = ?');
  const ret = sqlite.prepare('SELECT dealer_code, received_at, credit_amount FROM dms_returns WHERE id = ?');
  const order = sqlite.prepare(`SELECT ${dmsOrderColumns} FROM dms_orders WHERE id = ?`);
  const lines = sqlite.prepare(lineSumsSql);
  const shipments = sqlite.prepare('SELECT delivered_at, eta FROM dms_shipments WHERE order_id = ?');
  const accountLimit = sqlite.prepare('SELECT credit_limit FROM dms_accounts WHERE dealer_code = ?').pluck();
  const recordLimit = sqlite.prepare('INSERT OR REPLACE INTO dash_credit_limits (dealer_code, at, credit_limit) VALUES (?, ?, ?)');

  return {
    resourceTypes: dmsTypes,
    before(type, id) {
      switch (type) {
        case 'invoice': {
          const r = invoice.get(id) as InvoiceRow | undefined;
          return r ? invoiceContributions(invoiceFact(r)) : [];
        }
        case 'payment': {
          const r = payment.get(id) as PaymentRow | undefined;
          return r ? paymentContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, amount: r.amount }) : [];
        }
        case 'return': {
          const r = ret.get(id) as ReturnRow | undefined;
          return r ? returnContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, creditAmount: r.credit_amount }) : [];
        }
        case 'order': {
          const r = order.get(id) as DmsOrderRow | undefined;
          if (!r) return [];
          // Children only when they count: shipments for deliveries, line sums for those and for what a
          // cancelled or closed order left unbilled. Most orders of a snapshot skip both.
          const shipped = r.shipment_count > 0;
          const sums = shipped || r.status === 'cancelled' || r.status === 'closed' ? (lines.get(id) as LineSums) : undefined;
          return dmsOrderContributions(dmsOrderFactFromRows(r, sums, shipped ? (shipments.all(id) as ShipmentRow[]) : []));
        }
        case 'account':
          return accountLimit.get(id) as number | undefined;
        default:
          return [];
      }
    },
    after(type, id, data, previous) {
      if (type === 'account') {
        const a = data as unknown as Dms.Account | null;
        if (a && a.credit_limit !== previous) recordLimit.run(id, a.updated_at, a.credit_limit);
        // Limit, balance and unbilled are the utilisation's: the dealer's figures follow.
        refreshCodes.add(id);
        return;
      }
      let next: Contribution[] = [];
      if (data) {
        if (type === 'invoice') {
          const i = data as unknown as Dms.Invoice;
          next = invoiceContributions({
            dealerCode: i.dealer_code,
            issuedAt: i.issued_at,
            dueDate: i.due_date,
            amount: i.amount,
            outstanding: i.outstanding,
            status: i.status,
            orderId: i.order_id ?? null,
          });
        } else if (type === 'payment') {
          const p = data as unknown as Dms.Payment;
          next = paymentContributions({ dealerCode: p.dealer_code, receivedAt: p.received_at, amount: p.amount });
        } else if (type === 'return') {
          const r = data as unknown as Dms.Return;
          next = returnContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, creditAmount: r.credit_amount });
        } else if (type === 'order') {
          next = dmsOrderContributions(dmsOrderFactFromData(data as unknown as Dms.Order));
        }
      }
      change((previous as Contribution[] | undefined) ?? [], next);
    },
    flush,
    discard,
    snapshotFinished: finishSnapshot,
  } satisfies ReplicaObserver;
};

function platformOrderFactFromData(o: Platform.Order) {
  return {
    accountId: o.account_id,
    creditResult: o.credit_check.result,
    creditCheckedAt: o.credit_check.checked_at,
    status: o.status,
    decisionOutcome: o.decision?.outcome ?? null,
    decidedAt: o.decision?.at ?? null,
  };
}
