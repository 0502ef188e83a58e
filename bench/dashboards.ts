// Manager dashboards (issue 11) in `npm run bench`:
// - `dashboards.book` and `dashboards.dealer` through the API (backend.dispatch with a manager's session)
//   on the bench replica, p95 against the budget (50 ms), each beside raw SQLite in the same run: the same
//   headline figures summed straight from the replica tables with hand-written SQL, no aggregates. The raw
//   book's figures are also compared with the API's, dealer by dealer ("same figures").
// - the one-off priming of the windows at the end of a first snapshot (what the pull thread does once).
// - the aggregates' share of sync apply: the seeded dataset's DMS records and platform orders applied page by
//   page into three fresh databases, interleaved: raw batched inserts of the same rows, the replica writer
//   with no observers, and the writer with the dashboards' observer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Backend } from '../src/main/backend';
import { readSnapshotItem, dmsSource, platformSource, type IncomingRecord } from '../src/main/connectors/source';
import { openDatabase } from '../src/main/db/open';
import type { SyncSource } from '../src/main/db/schema';
import { dashboardsObserverFactory, DashboardAggregates, syncFiguresWithWindows } from '../src/main/features/dashboards/aggregates';
import { aggregateNames } from '../src/main/features/dashboards/metrics';
import { ReplicaWriter, replicaTables } from '../src/main/sync/replica';
import {
  addDays,
  officeDay,
  officeDayStartMs,
  periodsFor,
  type BookDealersView,
  type BookView,
  type DealerFigures,
} from '../src/shared/dashboards';
import { generateDataset, type DatasetSizes } from '../src/sim/data/index';
import { summarise, type Timing } from './measure';
import { BENCH_NOW, BENCH_SEED } from './replica';

export const DASHBOARD_BUDGET_MS = 50;

export interface DashboardsBenchResult {
  dealers: number;
  /** The one-off sum of every window from the day tables and every dealer's figures (the first snapshot's end). */
  primeMs: number;
  book: { api: Timing; raw: Timing; ratio: number; sameFigures: boolean; mismatches: string[] };
  dealer: { api: Timing; raw: Timing; ratio: number };
}

async function managerSession(backend: Backend): Promise<string> {
  const { staff } = await backend.services.staff.create(
    { username: 'bench-manager', displayName: 'Bench Manager', password: 'bench password 1', roles: ['manager'] },
    null,
  );
  return backend.services.sessions.open(staff.id);
}

// ---------------------------------------------------------------------------------------------------------
// Raw SQLite: the book's headline sums straight from the replica tables.
// ---------------------------------------------------------------------------------------------------------

interface RawSums {
  sales90: number;
  salesPrevious90: number;
  sales12m: number;
  ledgerToDate: number;
  ledgerTo90DaysAgo: number;
  returnCredits12m: number;
  deliveries12m: number;
  onTime12m: number;
  orderedQty12m: number;
  deliveredQty12m: number;
  over60: number;
  held12m: number;
}

/** Per dealer code (holds per account id, joined by code), for every dealer or one. */
export function rawDealerSums(sqlite: Database.Database, today: string, dealerCode?: string): Map<string, RawSums> {
  const p = periodsFor(today);
  const at = (day: string) => new Date(officeDayStartMs(day)).toISOString();
  const end = at(addDays(today, 1));
  const s90 = at(p.last90Days.from);
  const sPrev = at(p.previous90Days.from);
  const s12 = at(p.last12Months.from);
  const due60 = addDays(today, -61);
  const one = dealerCode ? 'AND dealer_code = @code' : '';
  const params = { end, s90, sPrev, s12, due60, code: dealerCode ?? '' };
  const out = new Map<string, RawSums>();
  const get = (code: string) => {
    let s = out.get(code);
    if (!s)
      out.set(
        code,
        (s = {
          sales90: 0,
          salesPrevious90: 0,
          sales12m: 0,
          ledgerToDate: 0,
          ledgerTo90DaysAgo: 0,
          returnCredits12m: 0,
          deliveries12m: 0,
          onTime12m: 0,
          orderedQty12m: 0,
          deliveredQty12m: 0,
          over60: 0,
          held12m: 0,
        }),
      );
    return s;
  };
  type Row = Record<string, number | string>;
  for (const r of sqlite
    .prepare(
      `SELECT dealer_code AS code,
         SUM(CASE WHEN issued_at >= @s90 AND issued_at < @end THEN amount ELSE 0 END) AS sales90,
         SUM(CASE WHEN issued_at >= @sPrev AND issued_at < @s90 THEN amount ELSE 0 END) AS salesPrevious90,
         SUM(CASE WHEN issued_at >= @s12 AND issued_at < @end THEN amount ELSE 0 END) AS sales12m,
         SUM(CASE WHEN issued_at < @end THEN amount ELSE 0 END) AS invoicedToDate,
         SUM(CASE WHEN issued_at < @s90 THEN amount ELSE 0 END) AS invoicedTo90,
         SUM(CASE WHEN outstanding > 0 AND due_date <= @due60 THEN outstanding ELSE 0 END) AS over60
       FROM dms_invoices WHERE status <> 'void' ${one} GROUP BY dealer_code`,
    )
    .all(params) as Row[]) {
    const s = get(String(r['code']));
    s.sales90 = Number(r['sales90']);
    s.salesPrevious90 = Number(r['salesPrevious90']);
    s.sales12m = Number(r['sales12m']);
    s.ledgerToDate += Number(r['invoicedToDate']);
    s.ledgerTo90DaysAgo += Number(r['invoicedTo90']);
    s.over60 = Number(r['over60']);
  }
  for (const [table, column] of [
    ['dms_payments', 'amount'],
    ['dms_returns', 'credit_amount'],
  ] as const) {
    for (const r of sqlite
      .prepare(
        `SELECT dealer_code AS code, SUM(CASE WHEN received_at < @end THEN ${column} ELSE 0 END) AS toDate,
           SUM(CASE WHEN received_at < @s90 THEN ${column} ELSE 0 END) AS to90,
           SUM(CASE WHEN received_at >= @s12 AND received_at < @end THEN ${column} ELSE 0 END) AS last12
         FROM ${table} WHERE 1 = 1 ${one} GROUP BY dealer_code`,
      )
      .all(params) as Row[]) {
      const s = get(String(r['code']));
      s.ledgerToDate -= Number(r['toDate']);
      s.ledgerTo90DaysAgo -= Number(r['to90']);
      if (table === 'dms_returns') s.returnCredits12m = Number(r['last12']);
    }
  }
  const oneOrder = dealerCode ? 'AND o.dealer_code = @code' : '';
  for (const r of sqlite
    .prepare(
      `SELECT o.dealer_code AS code, COUNT(*) AS deliveries,
         SUM(CASE WHEN s.eta IS NOT NULL AND date(s.delivered_at, '+330 minutes') <= s.eta THEN 1 ELSE 0 END) AS onTime
       FROM dms_orders o JOIN dms_shipments s ON s.order_id = o.id
       WHERE s.delivered_at >= @s12 AND s.delivered_at < @end ${oneOrder} GROUP BY o.dealer_code`,
    )
    .all(params) as Row[]) {
    const s = get(String(r['code']));
    s.deliveries12m = Number(r['deliveries']);
    s.onTime12m = Number(r['onTime']);
  }
  for (const r of sqlite
    .prepare(
      `SELECT o.dealer_code AS code, SUM(l.qty) AS ordered, SUM(l.qty_delivered) AS delivered
       FROM dms_orders o
       JOIN (SELECT order_id, max(delivered_at) AS last FROM dms_shipments WHERE delivered_at IS NOT NULL GROUP BY order_id) d ON d.order_id = o.id
       JOIN dms_order_lines l ON l.order_id = o.id
       WHERE o.status IN ('delivered', 'partially_delivered', 'closed') AND d.last >= @s12 AND d.last < @end ${oneOrder}
       GROUP BY o.dealer_code`,
    )
    .all(params) as Row[]) {
    const s = get(String(r['code']));
    s.orderedQty12m = Number(r['ordered']);
    s.deliveredQty12m = Number(r['delivered']);
  }
  const oneAccount = dealerCode ? 'AND a.code = @code' : '';
  for (const r of sqlite
    .prepare(
      `SELECT a.code AS code, COUNT(*) AS held FROM platform_orders o JOIN platform_accounts a ON a.id = o.account_id
       WHERE o.credit_result = 'held' AND o.credit_checked_at >= @s12 AND o.credit_checked_at < @end ${oneAccount} GROUP BY a.code`,
    )
    .all(params) as Row[]) {
    get(String(r['code'])).held12m = Number(r['held']);
  }
  return out;
}

function compareWithApi(api: readonly DealerFigures[], raw: Map<string, RawSums>): string[] {
  const mismatches: string[] = [];
  for (const f of api) {
    const r = raw.get(f.dealerCode);
    const expected: RawSums = r ?? {
      sales90: 0,
      salesPrevious90: 0,
      sales12m: 0,
      ledgerToDate: 0,
      ledgerTo90DaysAgo: 0,
      returnCredits12m: 0,
      deliveries12m: 0,
      onTime12m: 0,
      orderedQty12m: 0,
      deliveredQty12m: 0,
      over60: 0,
      held12m: 0,
    };
    const actual: RawSums = {
      sales90: f.sales90Days,
      salesPrevious90: f.salesPrevious90Days,
      sales12m: f.sales12Months,
      ledgerToDate: f.receivableBalance,
      ledgerTo90DaysAgo: f.receivableBalance90DaysAgo,
      returnCredits12m: f.returnCredits12Months,
      deliveries12m: f.deliveries12Months,
      onTime12m: f.onTimeDeliveries12Months,
      orderedQty12m: f.orderedQty12Months,
      deliveredQty12m: f.deliveredQty12Months,
      over60: f.overdueOver60,
      held12m: f.holds12Months.held,
    };
    for (const key of Object.keys(expected) as (keyof RawSums)[]) {
      if (expected[key] !== actual[key]) mismatches.push(`${f.dealerCode} ${key}: API ${actual[key]}, raw ${expected[key]}`);
    }
  }
  return mismatches;
}

/**
 * Measures the book and dealer dashboards on a bench replica (built through the writer, so its day tables are
 * complete). Alternates API and raw per sample, so noise from the shared machine falls on both.
 */
export async function benchDashboards(
  backend: Backend,
  opts: { samples?: number; rawBookSamples?: number; now?: Date } = {},
): Promise<DashboardsBenchResult> {
  const sqlite = backend.sqlite;
  const now = opts.now ?? BENCH_NOW;
  const today = officeDay(now);
  const session = await managerSession(backend);
  const call = async <T>(procedure: string, input: unknown): Promise<T> => {
    const result = await backend.dispatch(procedure, input, { sessionToken: session });
    if (!result.ok) throw new Error(`${procedure}: ${result.error.message}`);
    return result.value as T;
  };

  // The first snapshot's end sums the windows and computes every dealer's figures once (the pull thread
  // does it); time that on its own.
  const aggregates = new DashboardAggregates(sqlite);
  let t = performance.now();
  sqlite.transaction(() => {
    for (const a of aggregateNames) aggregates.computeWindows(a, today);
    syncFiguresWithWindows(sqlite);
  })();
  const primeMs = performance.now() - t;

  const samples = opts.samples ?? 50;
  const bookApi: number[] = [];
  const bookRaw: number[] = [];
  let raw: Map<string, RawSums> | null = null;
  const rawBookSamples = Math.min(samples, opts.rawBookSamples ?? 3);
  // Opening the book: its totals, breakdowns and funnel, and the first page of the dealer list.
  for (let i = 0; i < samples; i++) {
    t = performance.now();
    await call<BookView>('dashboards.book', {});
    await call<BookDealersView>('dashboards.bookDealers', { limit: 200 });
    bookApi.push(performance.now() - t);
    if (i < rawBookSamples) {
      t = performance.now();
      raw = rawDealerSums(sqlite, today);
      bookRaw.push(performance.now() - t);
    }
  }
  if (!raw) throw new Error('no book measured');
  // Every dealer, a page at a time, against the raw sums.
  const dealers: DealerFigures[] = [];
  for (;;) {
    const page = await call<BookDealersView>('dashboards.bookDealers', { offset: dealers.length, limit: 1000 });
    dealers.push(...page.rows);
    if (page.rows.length < 1000) break;
  }
  const mismatches = compareWithApi(dealers, raw);

  const codes = dealers.map((d) => d.accountId ?? d.dealerCode);
  const dealerApi: number[] = [];
  const dealerRaw: number[] = [];
  for (let i = 0; i < samples; i++) {
    const dealer = codes[(i * 7919) % codes.length] ?? '';
    const code = dealers[(i * 7919) % codes.length]?.dealerCode ?? '';
    const apiFirst = i % 2 === 0;
    const runRaw = () => {
      const s = performance.now();
      rawDealerSums(sqlite, today, code);
      dealerRaw.push(performance.now() - s);
    };
    if (!apiFirst) runRaw();
    t = performance.now();
    await call('dashboards.dealer', { dealer });
    dealerApi.push(performance.now() - t);
    if (apiFirst) runRaw();
  }
  const bookTiming = { api: summarise(bookApi), raw: summarise(bookRaw) };
  const dealerTiming = { api: summarise(dealerApi), raw: summarise(dealerRaw) };
  return {
    dealers: dealers.length,
    primeMs: Number(primeMs.toFixed(1)),
    book: {
      ...bookTiming,
      ratio: Number((bookTiming.api.p95 / bookTiming.raw.p95).toFixed(3)),
      sameFigures: mismatches.length === 0,
      mismatches: mismatches.slice(0, 10),
    },
    dealer: { ...dealerTiming, ratio: Number((dealerTiming.api.p95 / dealerTiming.raw.p95).toFixed(2)) },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The aggregates' share of sync apply.
// ---------------------------------------------------------------------------------------------------------

export interface ApplyShareResult {
  /** Source records applied (the DMS's orders, invoices, payments, returns and accounts; platform orders and accounts). */
  records: number;
  /** Replica rows each side wrote (children included). */
  rows: number;
  rawSeconds: number;
  writerSeconds: number;
  withDashboardsSeconds: number;
  /** Writer time / raw time, no observers. */
  writerRatio: number;
  /** Writer time / raw time with the dashboards' observer (the figure the 1.3x budget is about, for these rows). */
  withDashboardsRatio: number;
  /** (with dashboards - without) / raw: what the aggregates add, in units of raw insert time. */
  dashboardsShare: number;
  perCollection: Record<string, number>;
}

/** The collections the dashboards' observer watches, in snapshot order. */
const watched: { system: SyncSource; collection: string }[] = [
  { system: 'platform', collection: 'accounts' },
  { system: 'platform', collection: 'orders' },
  { system: 'dms', collection: 'accounts' },
  { system: 'dms', collection: 'orders' },
  { system: 'dms', collection: 'invoices' },
  { system: 'dms', collection: 'payments' },
  { system: 'dms', collection: 'returns' },
];

interface RawRow {
  table: string;
  columns: string[];
  values: unknown[];
}

/** The rows a hand-written loader would insert for one record: the writer's own column mapping, values ready. */
function rawRowsOf(system: SyncSource, r: IncomingRecord): RawRow[] {
  const spec = replicaTables[system][r.resourceType];
  if (!spec) throw new Error(`no table for ${system} ${r.resourceType}`);
  const row = spec.toRow(r.data);
  const out: RawRow[] = [
    {
      table: spec.table,
      columns: [...Object.keys(row), 'version', 'updated_at', 'raw'],
      values: [...Object.values(row), r.version, r.data['updated_at'] ?? null, JSON.stringify(r.data)],
    },
  ];
  for (const child of spec.children?.(r.data) ?? []) {
    for (const c of child.rows) out.push({ table: child.table, columns: Object.keys(c), values: Object.values(c) });
  }
  return out;
}

export function benchApplyShare(sizes: DatasetSizes, opts: { page?: number; onProgress?: (done: number) => void } = {}): ApplyShareResult {
  const page = opts.page ?? 500;
  const byCollection = new Map<string, Record<string, unknown>[]>();
  for (const batch of generateDataset({ seed: BENCH_SEED, scale: 'bench', sizes, now: BENCH_NOW })) {
    const key = `${batch.system}:${batch.collection}`;
    if (!watched.some((w) => `${w.system}:${w.collection}` === key)) continue;
    const list = byCollection.get(key) ?? [];
    for (const r of batch.records) list.push(r as Record<string, unknown>);
    byCollection.set(key, list);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-bench-apply-share-'));
  const raw = openDatabase(path.join(dir, 'raw.sqlite')).sqlite;
  const plain = openDatabase(path.join(dir, 'plain.sqlite')).sqlite;
  const dash = openDatabase(path.join(dir, 'dash.sqlite')).sqlite;
  try {
    const writers = {
      plain: {
        platform: new ReplicaWriter(plain, 'platform', () => BENCH_NOW, []),
        dms: new ReplicaWriter(plain, 'dms', () => BENCH_NOW, []),
      },
      dash: {
        platform: new ReplicaWriter(dash, 'platform', () => BENCH_NOW, [dashboardsObserverFactory]),
        dms: new ReplicaWriter(dash, 'dms', () => BENCH_NOW, [dashboardsObserverFactory]),
      },
    };
    const insertCache = new Map<string, Database.Statement>();
    const insert = (r: RawRow) => {
      const key = `${r.table}:${r.columns.join(',')}`;
      let stmt = insertCache.get(key);
      if (!stmt) {
        stmt = raw.prepare(
          `INSERT INTO ${r.table} (${r.columns.map((c) => `"${c}"`).join(', ')}) VALUES (${r.columns.map(() => '?').join(', ')})`,
        );
        insertCache.set(key, stmt);
      }
      stmt.run(r.values);
    };
    let rawMs = 0;
    let plainMs = 0;
    let dashMs = 0;
    let rows = 0;
    let records = 0;
    const perCollection: Record<string, number> = {};
    for (const w of watched) {
      const key = `${w.system}:${w.collection}`;
      const spec = w.system === 'platform' ? platformSource : dmsSource;
      const idField = spec.resources[spec.collections[w.collection] ?? '']?.idField ?? 'id';
      const all = (byCollection.get(key) ?? []).sort((a, b) => (String(a[idField]) < String(b[idField]) ? -1 : 1));
      perCollection[key] = all.length;
      for (let i = 0; i < all.length; i += page) {
        const incoming: IncomingRecord[] = [];
        for (const d of all.slice(i, i + page)) {
          const item = readSnapshotItem(spec, w.collection, d);
          if ('error' in item) throw new Error(`${key}: ${item.error}`);
          incoming.push(item);
        }
        const rawRows = incoming.flatMap((r) => rawRowsOf(w.system, r));
        let t = performance.now();
        raw.transaction(() => rawRows.forEach(insert))();
        rawMs += performance.now() - t;
        // Alternate which writer goes first, so neither always meets a warmer cache.
        const order = (i / page) % 2 === 0 ? (['plain', 'dash'] as const) : (['dash', 'plain'] as const);
        for (const which of order) {
          const db = which === 'plain' ? plain : dash;
          t = performance.now();
          db.transaction(() => writers[which][w.system].apply(incoming, { snapshot: true }))();
          const ms = performance.now() - t;
          if (which === 'plain') plainMs += ms;
          else dashMs += ms;
        }
        rows += rawRows.length;
        records += incoming.length;
        opts.onProgress?.(records);
      }
    }
    return {
      records,
      rows,
      rawSeconds: Number((rawMs / 1000).toFixed(2)),
      writerSeconds: Number((plainMs / 1000).toFixed(2)),
      withDashboardsSeconds: Number((dashMs / 1000).toFixed(2)),
      writerRatio: Number((plainMs / rawMs).toFixed(3)),
      withDashboardsRatio: Number((dashMs / rawMs).toFixed(3)),
      dashboardsShare: Number(((dashMs - plainMs) / rawMs).toFixed(3)),
      perCollection,
    };
  } finally {
    raw.close();
    plain.close();
    dash.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
