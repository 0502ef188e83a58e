// The Orders screen's queue page through the API (`orders.list`, dispatched with a signed-in staff
// session exactly as the UI's transports do) against the equivalent hand-written SQL on the same
// better-sqlite3 connection, over a mix of realistic queries. Each sample runs both, alternating which
// goes first, so noise from the shared machine falls on both sides. A case stops sampling after
// `maxSecondsPerCase` (at least 10 samples), so a slow query cannot hold the whole bench hostage.
import type Database from 'better-sqlite3';
import type { Backend } from '../src/main/backend';
import { procedures } from '../src/shared/api/contract';
import { roles } from '../src/shared/roles';
import { summarise, type Timing } from './measure';

export const ORDERS_LIST = 'orders.list';

export type QueueSortColumn = 'number' | 'dealer' | 'channel' | 'status' | 'total' | 'placedAt' | 'dmsStatus' | 'dealerStatus';

export interface QueueInput {
  search?: string;
  status?: string[];
  channel?: string[];
  region?: string[];
  sort?: { column: QueueSortColumn; direction: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}

export interface QueueCase {
  name: string;
  /** One input per sample (cycled): the same query shape with different values, as clerks use it. */
  inputs: QueueInput[];
}

export interface QueueCaseResult {
  name: string;
  /** Through the API with the count recomputed (a new filter, or the replica changed since): the budgeted path. */
  api: Timing;
  /** The same call again right after, its count cached (scrolling, re-reading an unchanged replica). */
  apiWarm: Timing;
  /** The hand-written SQL: page + count, every call. */
  raw: Timing;
  /** api p95 / raw p95. */
  ratio: number;
  /** Rows and total of the first input, from the API. */
  rows: number;
  total: number;
  /** Whether the raw SQL returned the same ids in the same order and the same total (every sample). */
  sameAsApi: boolean;
  example: QueueInput;
}

export type QueueBenchResult =
  | { measured: true; cases: QueueCaseResult[]; api: Timing; apiWarm: Timing; raw: Timing; ratio: number }
  | { measured: false; reason: string };

interface ListOutput {
  rows: { id: string }[];
  total: number;
}

/** Whether this checkout has the procedure (the contract names it). */
export function hasOrdersList(): boolean {
  return Object.prototype.hasOwnProperty.call(procedures, ORDERS_LIST);
}

/** A staff member with every role, signed in (the bench measures the query, not who may run it). */
export async function benchSession(backend: Backend, username = 'bench'): Promise<string> {
  const { staff } = await backend.services.staff.create(
    { username, displayName: 'Bench Admin', password: 'bench password 1', roles: [...roles] },
    null,
  );
  return backend.services.sessions.open(staff.id);
}

/** Realistic queue queries, with values drawn from the replica (real regions, order numbers, dealer names). */
export function queueCases(sqlite: Database.Database): QueueCase[] {
  const regions = sqlite.prepare('SELECT DISTINCT region FROM platform_accounts ORDER BY region').pluck().all() as string[];
  // Spread over the whole table (any size): every n-th row by rowid.
  const spread = (table: string, column: string, n: number): string[] => {
    const count = sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const step = Math.max(1, Math.floor(count / n));
    return sqlite.prepare(`SELECT ${column} FROM ${table} WHERE rowid % ? = 0 ORDER BY rowid LIMIT ?`).pluck().all(step, n) as string[];
  };
  const numbers = spread('platform_orders', 'number', 20);
  const names = spread('platform_accounts', 'name', 20);
  const channels = ['portal', 'phone', 'whatsapp', 'email', 'edi'];
  const pages = [0, 100, 200, 0, 500];
  return [
    {
      name: 'default: newest first',
      inputs: pages.map((offset) => ({ sort: { column: 'placedAt', direction: 'desc' }, offset, limit: 100 })),
    },
    {
      name: 'credit_hold queue, oldest first',
      inputs: [{ status: ['credit_hold'], sort: { column: 'placedAt', direction: 'asc' }, offset: 0, limit: 100 }],
    },
    {
      name: 'region + channel filter',
      inputs: regions.map((region, i) => ({
        region: [region],
        channel: [channels[i % channels.length]!],
        sort: { column: 'placedAt', direction: 'desc' },
        offset: 0,
        limit: 100,
      })),
    },
    {
      name: 'sort by total, largest first',
      inputs: pages.map((offset) => ({ sort: { column: 'total', direction: 'desc' }, offset, limit: 100 })),
    },
    {
      name: 'search: order number',
      inputs: numbers.map((n) => ({ search: n, sort: { column: 'placedAt', direction: 'desc' }, offset: 0, limit: 100 })),
    },
    {
      name: 'search: dealer name',
      inputs: names.map((n) => ({
        search: n.split(/\s+/).slice(0, 2).join(' '),
        sort: { column: 'placedAt', direction: 'desc' },
        offset: 0,
        limit: 100,
      })),
    },
  ].filter((c) => c.inputs.length > 0) as QueueCase[];
}

export type RawQueue = (input: QueueInput) => ListOutput;

/**
 * orders.list keeps a count while the replica is unchanged (scrolling costs no count). Every new filter,
 * and every change the sync applies, counts again; the budget is timed on that cold path. A write on the
 * same connection (here to a TEMP table, which touches no replica data) moves total_changes() and so
 * drops the cached counts, as a synced page would.
 */
function countCacheBuster(sqlite: Database.Database): () => void {
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS bench_count_cache_buster (k INTEGER PRIMARY KEY, n INTEGER)');
  const touch = sqlite.prepare('INSERT OR REPLACE INTO bench_count_cache_buster (k, n) VALUES (1, ?)');
  let n = 0;
  return () => void touch.run(++n);
}

export async function benchOrderQueue(
  backend: Backend,
  rawQueue: (sqlite: Database.Database) => RawQueue,
  opts: { samples?: number; sessionToken?: string; maxSecondsPerCase?: number } = {},
): Promise<QueueBenchResult> {
  if (!hasOrdersList()) return { measured: false, reason: 'orders.list missing' };
  const samples = opts.samples ?? 100;
  const maxMs = (opts.maxSecondsPerCase ?? 30) * 1000;
  const sessionToken = opts.sessionToken ?? (await benchSession(backend));
  const raw = rawQueue(backend.sqlite);
  const dropCounts = countCacheBuster(backend.sqlite);
  const api = async (input: QueueInput): Promise<ListOutput> => {
    const result = await backend.dispatch(ORDERS_LIST, input, { sessionToken });
    if (!result.ok) throw new Error(`orders.list ${JSON.stringify(input)}: ${result.error.kind}: ${result.error.message}`);
    return result.value as ListOutput;
  };
  const same = (a: ListOutput, b: ListOutput) =>
    a.total === b.total && a.rows.length === b.rows.length && a.rows.every((r, i) => r.id === b.rows[i]?.id);
  const timed = async <T>(into: number[], run: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await run();
    into.push(performance.now() - t);
    return value;
  };

  const cases: QueueCaseResult[] = [];
  const all = { api: [] as number[], warm: [] as number[], raw: [] as number[] };
  for (const c of queueCases(backend.sqlite)) {
    // Warm-up (prepared statements, the pages a desk in use has cached) and the equivalence check.
    let sameAsApi = true;
    for (const input of c.inputs) {
      dropCounts();
      sameAsApi = same(await api(input), raw(input)) && sameAsApi;
    }
    const times = { api: [] as number[], warm: [] as number[], raw: [] as number[] };
    const started = performance.now();
    for (let i = 0; i < samples && (i < 10 || performance.now() - started < maxMs); i++) {
      const input = c.inputs[i % c.inputs.length]!;
      dropCounts();
      // Alternate which side goes first, so a burst of noise does not always land on the same one.
      if (i % 2 === 0) {
        await timed(times.api, () => api(input));
        await timed(times.raw, () => raw(input));
      } else {
        await timed(times.raw, () => raw(input));
        await timed(times.api, () => api(input));
      }
      await timed(times.warm, () => api(input));
    }
    dropCounts();
    const first = await api(c.inputs[0]!);
    const apiT = summarise(times.api);
    const rawT = summarise(times.raw);
    for (const k of ['api', 'warm', 'raw'] as const) all[k].push(...times[k]);
    cases.push({
      name: c.name,
      api: apiT,
      apiWarm: summarise(times.warm),
      raw: rawT,
      ratio: Number((apiT.p95 / rawT.p95).toFixed(2)),
      rows: first.rows.length,
      total: first.total,
      sameAsApi,
      example: c.inputs[0]!,
    });
  }
  const apiAll = summarise(all.api);
  const rawAll = summarise(all.raw);
  return {
    measured: true,
    cases,
    api: apiAll,
    apiWarm: summarise(all.warm),
    raw: rawAll,
    ratio: Number((apiAll.p95 / rawAll.p95).toFixed(2)),
  };
}

/** The same FTS5 question orders.list asks of the dealers: every word of 3+ characters, in the searchable columns. */
function dealerMatch(search: string): string | null {
  const words = search.split(/\s+/).filter((w) => [...w].length >= 3);
  if (words.length === 0) return null;
  return `{code name legal_name city phone} : (${words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ')})`;
}

const latestDmsOrder = `(SELECT d.id FROM dms_orders d WHERE d.platform_order_id = o.id ORDER BY d.id = o.dms_order_id DESC, d.created_at DESC LIMIT 1)`;
const latestPublication = `(SELECT p.id FROM platform_dealer_statuses p WHERE p.order_id = o.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1)`;

/** ORDER BY terms per sort column, with orders.list's tie-breaks, so both sides return the same rows. */
const orderTerms: Record<QueueSortColumn, string[]> = {
  placedAt: ['o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'],
  number: ['o.number', 'o.rowid'],
  total: ['o.total', 'o.rowid'],
  status: ['o.status', 'o.placed_at', 'o.rowid'],
  channel: ['o.channel', 'o.placed_at', 'o.rowid'],
  dealer: ['lower(a.name)', 'a.rowid', 'o.placed_at', 'o.rowid'],
  dmsStatus: [`(SELECT d.status FROM dms_orders d WHERE d.id = ${latestDmsOrder})`, 'o.placed_at', 'o.rowid'],
  dealerStatus: [`(SELECT p.status FROM platform_dealer_statuses p WHERE p.id = ${latestPublication})`, 'o.placed_at', 'o.rowid'],
};

/**
 * The hand-written equivalent of orders.list, as one would write it for each question: the page as a
 * deferred join (the 100 rowids chosen by one plain statement over the app's indexes, with the same sort
 * and tie-breaks, then only those rows joined to their dealer, DMS order and latest publication) and a
 * plain count (through the region's accounts when a region is asked). No cost model, no cache: SQLite's
 * planner picks the indexes. Same rows, same total.
 */
export function rawOrderQueue(sqlite: Database.Database): RawQueue {
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) statements.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const marks = (values: readonly unknown[]) => values.map(() => '?').join(', ');
  return (input) => {
    const orderTermsSql: string[] = [];
    const orderParams: unknown[] = [];
    if (input.status && input.status.length > 0) {
      orderTermsSql.push(`o.status IN (${marks(input.status)})`);
      orderParams.push(...input.status);
    }
    if (input.channel && input.channel.length > 0) {
      orderTermsSql.push(`o.channel IN (${marks(input.channel)})`);
      orderParams.push(...input.channel);
    }
    const search = (input.search ?? '').trim();
    if (search !== '') {
      // An order-number prefix, or the dealers the trigram index finds (a name/code prefix under three characters).
      const match = dealerMatch(search);
      const prefix = search.toUpperCase();
      const lower = search.toLowerCase();
      const dealers = match
        ? 'SELECT a.id FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid WHERE platform_accounts_fts MATCH ?'
        : 'SELECT id FROM platform_accounts WHERE (lower(name) >= ? AND lower(name) < ?) OR (code >= ? AND code < ?)';
      orderTermsSql.push(`((o.number >= ? AND o.number < ?) OR o.account_id IN (${dealers}))`);
      orderParams.push(prefix, `${prefix}\uffff`, ...(match ? [match] : [lower, `${lower}\uffff`, prefix, `${prefix}\uffff`]));
    }
    const regions = input.region && input.region.length > 0 ? input.region : null;
    const terms = [...orderTermsSql];
    const params = [...orderParams];
    if (regions) {
      terms.push(`o.account_id IN (SELECT id FROM platform_accounts WHERE region IN (${marks(regions)}))`);
      params.push(...regions);
    }
    const where = terms.length > 0 ? terms.join(' AND ') : '1';
    const sort = input.sort ?? { column: 'placedAt', direction: 'desc' };
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const orderBy = [...(sort.column === 'dealer' ? ['a.rowid IS NULL'] : []), ...orderTerms[sort.column].map((t) => `${t} ${dir}`)].join(
      ', ',
    );
    const rows = prepare(
      `SELECT o.id, o.number, o.account_id, a.name AS dealer_name, a.code AS dealer_code, a.region, o.channel, o.status, o.total,
         o.currency, o.placed_at, d.number AS dms_number, d.status AS dms_status, p.status AS dealer_status,
         p.published_at AS dealer_status_at, p.tracking_carrier, p.tracking_number, p.tracking_url
       FROM (SELECT o.rowid AS rid FROM platform_orders o ${sort.column === 'dealer' ? 'LEFT JOIN platform_accounts a ON a.id = o.account_id' : ''}
             WHERE ${where} ORDER BY ${orderBy} LIMIT ? OFFSET ?) page
       CROSS JOIN platform_orders o ON o.rowid = page.rid
       LEFT JOIN platform_accounts a ON a.id = o.account_id
       LEFT JOIN dms_orders d ON d.id = ${latestDmsOrder}
       LEFT JOIN platform_dealer_statuses p ON p.id = ${latestPublication}
       ORDER BY ${orderBy}`,
    ).all(...params, input.limit ?? 100, input.offset ?? 0) as { id: string }[];
    // With a region, count per account of the region (the orders' (account, status, channel) index holds the
    // rest); without any filter, a bare count(*) (SQLite counts the smallest index without decoding rows).
    const total = (
      regions
        ? prepare(
            `SELECT count(*) FROM platform_accounts a CROSS JOIN platform_orders o ON o.account_id = a.id
             WHERE a.region IN (${marks(regions)})${orderTermsSql.length > 0 ? ` AND ${orderTermsSql.join(' AND ')}` : ''}`,
          )
            .pluck()
            .get(...regions, ...orderParams)
        : prepare(`SELECT count(*) FROM platform_orders o${terms.length > 0 ? ` WHERE ${where}` : ''}`)
            .pluck()
            .get(...params)
    ) as number;
    return { rows, total };
  };
}
