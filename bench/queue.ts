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

export type QueueSortColumn = 'number' | 'dealer' | 'channel' | 'status' | 'total' | 'placedAt' | 'dmsStatus' | 'dealerStatus' | 'sla';

export interface QueueInput {
  search?: string;
  status?: string[];
  channel?: string[];
  region?: string[];
  queue?: string;
  sort?: { column: QueueSortColumn; direction: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}

export interface QueueCase {
  name: string;
  /** Why the raw SQL is not the same question, when it is not (the ratio is then only indicative). */
  rawNote?: string;
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
  rawNote?: string;
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
  const statuses = ['closed', 'in_fulfillment', 'credit_hold', 'received', 'cancelled'];
  const pages = [0, 100, 200, 0, 500];
  const newest = { column: 'placedAt', direction: 'desc' } as const;
  const first = { offset: 0, limit: 100 };
  const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  const dealerWords = (n: string) => n.split(/\s+/).slice(0, 2).join(' ');
  const noRawSla = 'raw orders by time in status; orders.list by elapsed / target per stage, in working hours where the target says so';

  // Every combination of the screen's filters (status, channel, region, search), newest first.
  const filterKinds = ['status', 'channel', 'region', 'search'] as const;
  const combinations: QueueCase[] = [];
  for (let mask = 1; mask < 1 << filterKinds.length; mask++) {
    const kinds = filterKinds.filter((_, i) => mask & (1 << i));
    if (kinds.length === 1 && kinds[0] === 'search') continue; // the two search cases below
    combinations.push({
      name: `filters: ${kinds.join(' + ')}`,
      inputs: Array.from({ length: 10 }, (_, i) => ({
        ...(kinds.includes('status') ? { status: [at(statuses, i)] } : {}),
        ...(kinds.includes('channel') ? { channel: [at(channels, i + 1)] } : {}),
        ...(kinds.includes('region') ? { region: [at(regions, i)] } : {}),
        ...(kinds.includes('search') ? { search: dealerWords(at(names, i)) } : {}),
        sort: newest,
        ...first,
      })),
    });
  }

  // Every shipped view, with its own filters and sort (src/shared/orderViews.ts).
  const views: QueueCase[] = [
    { name: 'view: all orders', inputs: pages.map((offset) => ({ sort: newest, offset, limit: 100 })) },
    {
      name: 'view: new portal orders',
      inputs: [
        { channel: ['portal'], status: ['received', 'credit_hold', 'approved'], sort: { column: 'sla', direction: 'desc' }, ...first },
      ],
      rawNote: noRawSla,
    },
    {
      name: 'view: awaiting hand-over',
      inputs: [{ queue: 'awaitingHandover', sort: { column: 'sla', direction: 'desc' }, ...first }],
      rawNote: noRawSla,
    },
    {
      name: 'view: on credit hold',
      inputs: [{ status: ['credit_hold'], sort: { column: 'sla', direction: 'desc' }, ...first }],
      rawNote: noRawSla,
    },
    { name: 'view: backordered', inputs: [{ queue: 'backordered', sort: newest, ...first }] },
    { name: 'view: dispatched today', inputs: [{ queue: 'dispatchedToday', sort: newest, ...first }] },
    { name: 'view: delivered late', inputs: [{ queue: 'deliveredLate', sort: newest, ...first }] },
    { name: 'view: my phone orders', inputs: [{ queue: 'myPhoneOrders', sort: newest, ...first }] },
    { name: 'view: failed pushes', inputs: [{ queue: 'failedPushes', sort: newest, ...first }] },
    { name: 'view: drift', inputs: [{ queue: 'drift', sort: newest, ...first }] },
  ];

  return [
    ...views,
    {
      name: 'credit_hold queue, oldest first',
      inputs: [{ status: ['credit_hold'], sort: { column: 'placedAt', direction: 'asc' }, ...first }],
    },
    {
      name: 'region + channel filter',
      inputs: regions.map((region, i) => ({ region: [region], channel: [at(channels, i)], sort: newest, ...first })),
    },
    ...combinations,
    {
      name: 'sort by total, largest first',
      inputs: pages.map((offset) => ({ sort: { column: 'total', direction: 'desc' }, offset, limit: 100 })),
    },
    {
      name: 'sort by DMS status',
      inputs: pages.map((offset, i) => ({ sort: { column: 'dmsStatus', direction: i % 2 ? 'asc' : 'desc' }, offset, limit: 100 })),
    },
    {
      name: 'sort by DMS status, region + channel',
      inputs: regions.map((region, i) => ({
        region: [region],
        channel: [at(channels, i)],
        sort: { column: 'dmsStatus', direction: 'asc' },
        ...first,
      })),
    },
    {
      name: 'sort by dealer-visible status',
      inputs: pages.map((offset, i) => ({ sort: { column: 'dealerStatus', direction: i % 2 ? 'asc' : 'desc' }, offset, limit: 100 })),
    },
    {
      name: 'sort by dealer-visible status, a status',
      inputs: statuses.map((status) => ({ status: [status], sort: { column: 'dealerStatus', direction: 'desc' }, ...first })),
    },
    { name: 'sort by SLA, every order', inputs: [{ sort: { column: 'sla', direction: 'desc' }, ...first }], rawNote: noRawSla },
    {
      name: 'search: order number',
      inputs: numbers.map((n) => ({ search: n, sort: newest, ...first })),
    },
    {
      name: 'search: dealer name',
      inputs: names.map((n) => ({ search: dealerWords(n), sort: newest, ...first })),
    },
  ].filter((c) => c.inputs.length > 0) as QueueCase[];
}

/**
 * What a working desk has besides the replica, so that the queues built on it are measured with contents:
 * both sources snapshotted (the drift queue asks the DMS side only then), a few hundred cleared orders held
 * "to confirm" by the hand-over routing, a hundred failed commands, and a signed-in clerk who placed the
 * most phone orders (for "my phone orders"). Returns that clerk's session.
 */
export async function prepareQueueState(backend: Backend): Promise<{ sessionToken: string; staffId: string }> {
  const sqlite = backend.sqlite;
  const now = backend.services.now().toISOString();
  sqlite.transaction(() => {
    for (const source of ['platform', 'dms']) {
      sqlite
        .prepare(
          `INSERT INTO sync_cursors (source, feed_cursor, snapshot_completed_at, last_success_at, updated_at) VALUES (?, 'c1.bench', ?, ?, ?)
           ON CONFLICT(source) DO UPDATE SET snapshot_completed_at = excluded.snapshot_completed_at, last_success_at = excluded.last_success_at`,
        )
        .run(source, now, now, now);
    }
    sqlite
      .prepare(
        `INSERT OR IGNORE INTO handover_confirmations (order_id, reason, state, created_at)
         SELECT id, 'channel portal', 'open', placed_at FROM platform_orders INDEXED BY platform_orders_status_placed
         WHERE status IN ('received', 'approved') AND channel = 'portal' LIMIT 300`,
      )
      .run();
    const failed = sqlite.prepare(
      `INSERT OR IGNORE INTO outbox (target, kind, entity_key, idempotency_key, method, path, payload, status, attempts, last_error, created_at, updated_at, created_by)
       VALUES ('dms', 'dms.createOrder', ?, ?, 'POST', '/orders', '{}', 'failed', 1, 'The DMS refused: account on stop', ?, ?, 'system')`,
    );
    const ids = sqlite
      .prepare(`SELECT id FROM platform_orders INDEXED BY platform_orders_status_placed WHERE status = 'received' LIMIT 100`)
      .pluck()
      .all() as string[];
    for (const id of ids) failed.run(`order:${id}`, `bench-failed:${id}`, now, now);
  })();
  const clerk = sqlite
    .prepare(
      `SELECT placed_by_id FROM platform_orders INDEXED BY platform_orders_staff_placed WHERE placed_by_type = 'staff'
       GROUP BY placed_by_id ORDER BY count(*) DESC LIMIT 1`,
    )
    .pluck()
    .get() as string | undefined;
  const { staff } = await backend.services.staff.create(
    { username: 'bench-clerk', displayName: 'Bench Clerk', password: 'bench password 1', roles: [...roles] },
    null,
  );
  let staffId = staff.id;
  if (clerk) {
    // The clerk is the dataset's busiest phone-order taker (the platform records staff by their desk id).
    sqlite.prepare('UPDATE staff SET id = ? WHERE id = ?').run(clerk, staff.id);
    staffId = clerk;
  }
  return { sessionToken: backend.services.sessions.open(staffId), staffId };
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
  rawQueue: (sqlite: Database.Database, now: Date, staffId: string) => RawQueue,
  opts: { samples?: number; sessionToken?: string; maxSecondsPerCase?: number } = {},
): Promise<QueueBenchResult> {
  if (!hasOrdersList()) return { measured: false, reason: 'orders.list missing' };
  const samples = opts.samples ?? 100;
  const maxMs = (opts.maxSecondsPerCase ?? 30) * 1000;
  const state = opts.sessionToken ? { sessionToken: opts.sessionToken, staffId: '' } : await prepareQueueState(backend);
  const sessionToken = state.sessionToken;
  const raw = rawQueue(backend.sqlite, backend.services.now(), state.staffId);
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
      ...(c.rawNote ? { rawNote: c.rawNote } : {}),
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
  // The linked statuses are columns of the order (migration 0014_queues_views_tallies), as a hand-written query would read them.
  dmsStatus: ['o.dms_status', 'o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'],
  dealerStatus: ['o.dealer_status', 'o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'],
  // Not the same question: time in status, oldest first (see the case's rawNote).
  sla: [`o.status IN ('credit_hold', 'received', 'approved', 'in_fulfillment')`, 'o.status_since', 'o.rowid'],
};

/** The sets of the special queues, as one would write them by hand (src/main/features/orders/list.ts asks the same). */
function rawQueueTerm(queue: string, now: Date, staffId: string): { sql: string; params: unknown[] } {
  const day = 24 * 3_600_000;
  const ist = 330 * 60_000;
  const dayStart = Math.floor((now.getTime() + ist) / day) * day - ist;
  switch (queue) {
    case 'awaitingHandover':
      return {
        sql: `o.id IN (SELECT order_id FROM handover_confirmations WHERE state = 'open') AND o.status IN ('received', 'approved') AND o.dms_order_id IS NULL`,
        params: [],
      };
    case 'backordered':
      return { sql: `o.dms_status IN ('backordered', 'partially_allocated')`, params: [] };
    case 'dispatchedToday':
      return {
        sql: `o.id IN (SELECT d.platform_order_id FROM dms_shipments s JOIN dms_orders d ON d.id = s.order_id WHERE s.dispatched_at >= ? AND s.dispatched_at < ?)`,
        params: [new Date(dayStart).toISOString(), new Date(dayStart + day).toISOString()],
      };
    case 'deliveredLate':
      return { sql: `o.delivered_late_at >= ?`, params: [new Date(now.getTime() - 30 * day).toISOString()] };
    case 'myPhoneOrders':
      return { sql: `o.placed_by_type = 'staff' AND o.placed_by_id = ? AND o.channel = 'phone'`, params: [staffId] };
    case 'failedPushes':
      return {
        sql: `o.id IN (SELECT substr(entity_key, instr(entity_key, ':') + 1) FROM outbox WHERE status IN ('failed', 'conflict'))`,
        params: [],
      };
    case 'drift': {
      const cutoff = new Date(now.getTime() - 15 * 60_000).toISOString();
      return {
        sql: `(o.id IN (SELECT order_id FROM order_drift WHERE (kinds & 9) <> 0 OR detected_at <= ?)
               OR (o.dms_status IS NULL AND o.status = 'in_fulfillment' AND coalesce(o.handed_over_at, o.placed_at) <= ?))`,
        params: [cutoff, cutoff],
      };
    }
    default:
      throw new Error(`unknown queue ${queue}`);
  }
}

/**
 * The hand-written equivalent of orders.list, as one would write it for each question: the page as a
 * deferred join (the 100 rowids chosen by one plain statement over the app's indexes, with the same sort
 * and tie-breaks, then only those rows joined to their dealer, DMS order and latest publication) and a
 * plain count (through the region's accounts when a region is asked). No cost model, no cache: SQLite's
 * planner picks the indexes. Same rows, same total.
 */
export function rawOrderQueue(sqlite: Database.Database, now: Date = new Date(), staffId = ''): RawQueue {
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
    if (input.queue) {
      const q = rawQueueTerm(input.queue, now, staffId);
      orderTermsSql.push(q.sql);
      orderParams.push(...q.params);
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
