// The Orders screen's queue page through the API (`orders.list`, dispatched with a signed-in staff
// session exactly as the UI's transports do) against the equivalent hand-written SQL on the same
// better-sqlite3 connection, over a mix of realistic queries. Each sample runs both, alternating which
// goes first, so noise from the shared machine falls on both sides.
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
  api: Timing;
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
  { measured: true; cases: QueueCaseResult[]; api: Timing; raw: Timing; ratio: number } | { measured: false; reason: string };

interface ListOutput {
  rows: { id: string }[];
  total: number;
}

/** Whether this checkout has the procedure (the contract names it). */
export function hasOrdersList(): boolean {
  return Object.prototype.hasOwnProperty.call(procedures, ORDERS_LIST);
}

/** A staff member with every role, signed in (the bench measures the query, not who may run it). */
export async function benchSession(backend: Backend): Promise<string> {
  const { staff } = await backend.services.staff.create(
    { username: 'bench', displayName: 'Bench Admin', password: 'bench password 1', roles: [...roles] },
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

export async function benchOrderQueue(
  backend: Backend,
  rawQueue: (sqlite: Database.Database) => RawQueue,
  opts: { samples?: number; sessionToken?: string } = {},
): Promise<QueueBenchResult> {
  if (!hasOrdersList()) return { measured: false, reason: 'orders.list missing' };
  const samples = opts.samples ?? 100;
  const sessionToken = opts.sessionToken ?? (await benchSession(backend));
  const raw = rawQueue(backend.sqlite);
  const api = async (input: QueueInput): Promise<ListOutput> => {
    const result = await backend.dispatch(ORDERS_LIST, input, { sessionToken });
    if (!result.ok) throw new Error(`orders.list ${JSON.stringify(input)}: ${result.error.kind}: ${result.error.message}`);
    return result.value as ListOutput;
  };
  const same = (a: ListOutput, b: ListOutput) =>
    a.total === b.total && a.rows.length === b.rows.length && a.rows.every((r, i) => r.id === b.rows[i]?.id);

  const cases: QueueCaseResult[] = [];
  const allApi: number[] = [];
  const allRaw: number[] = [];
  for (const c of queueCases(backend.sqlite)) {
    let sameAsApi = true;
    // Warm-up (prepared statements, the pages a desk in use has cached) and the equivalence check.
    for (const input of c.inputs) sameAsApi = same(await api(input), raw(input)) && sameAsApi;
    const apiTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      const input = c.inputs[i % c.inputs.length]!;
      const timeApi = async () => {
        const t = performance.now();
        await api(input);
        apiTimes.push(performance.now() - t);
      };
      const timeRaw = () => {
        const t = performance.now();
        raw(input);
        rawTimes.push(performance.now() - t);
      };
      if (i % 2 === 0) {
        await timeApi();
        timeRaw();
      } else {
        timeRaw();
        await timeApi();
      }
    }
    const first = await api(c.inputs[0]!);
    const apiT = summarise(apiTimes);
    const rawT = summarise(rawTimes);
    allApi.push(...apiTimes);
    allRaw.push(...rawTimes);
    cases.push({
      name: c.name,
      api: apiT,
      raw: rawT,
      ratio: Number((apiT.p95 / rawT.p95).toFixed(2)),
      rows: first.rows.length,
      total: first.total,
      sameAsApi,
      example: c.inputs[0]!,
    });
  }
  const apiAll = summarise(allApi);
  const rawAll = summarise(allRaw);
  return { measured: true, cases, api: apiAll, raw: rawAll, ratio: Number((apiAll.p95 / rawAll.p95).toFixed(2)) };
}

/**
 * The hand-written equivalent of orders.list: the fastest plain SQL returning the same page and total.
 * PROVISIONAL until orders.list lands; aligned with its semantics then.
 */
export function rawOrderQueue(sqlite: Database.Database): RawQueue {
  const cache = new Map<string, Database.Statement>();
  const prep = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = sqlite.prepare(sql)));
    return s;
  };
  const sortSql: Record<QueueSortColumn, string> = {
    number: 'o.number',
    dealer: 'a.name',
    channel: 'o.channel',
    status: 'o.status',
    total: 'o.total',
    placedAt: 'o.placed_at',
    dmsStatus: 'd.status',
    dealerStatus: 'ds.status',
  };
  return (input) => {
    const where: string[] = [];
    const params: unknown[] = [];
    const inList = (col: string, values: string[] | undefined) => {
      if (!values || values.length === 0) return;
      where.push(`${col} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    inList('o.status', input.status);
    inList('o.channel', input.channel);
    inList('a.region', input.region);
    if (input.search) {
      where.push('(o.number LIKE ? OR a.name LIKE ?)');
      params.push(`${input.search}%`, `%${input.search}%`);
    }
    const sort = input.sort ?? { column: 'placedAt', direction: 'desc' };
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM platform_orders o JOIN platform_accounts a ON a.id = o.account_id
      LEFT JOIN dms_orders d ON d.id = o.dms_order_id
      LEFT JOIN platform_dealer_statuses ds ON ds.id = (SELECT id FROM platform_dealer_statuses WHERE order_id = o.id ORDER BY published_at DESC LIMIT 1)`;
    const rows = prep(
      `SELECT o.id, o.number, o.channel, o.status, o.total, o.placed_at, a.name AS dealer, a.region, d.status AS dms_status, ds.status AS dealer_status
       ${from} ${whereSql} ORDER BY ${sortSql[sort.column]} ${dir}, o.id ${dir} LIMIT ? OFFSET ?`,
    ).all(...params, input.limit ?? 100, input.offset ?? 0) as { id: string }[];
    const total = prep(`SELECT count(*) FROM platform_orders o JOIN platform_accounts a ON a.id = o.account_id ${whereSql}`)
      .pluck()
      .get(...params) as number;
    return { rows, total };
  };
}
