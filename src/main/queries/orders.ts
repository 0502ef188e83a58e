// The Orders screen's queries over the replica: one page of platform orders under any mix of status,
// channel, region and search, sorted by any column, with the row count and the replica's as-of time.
// Pure functions over a better-sqlite3 Database (the bench calls them directly) plus the handlers.
//
// How a page stays fast at a million orders:
// - The page is chosen first as bare rowids, then only those rows are read in full (with the dealer, the
//   linked DMS order and the latest dealer-status publication).
// - Two ways to choose it, picked per call by a small cost model: *walk* the index of the sort column and
//   test each row against the filters (cheap when many rows match: a page is found within a few hundred
//   index entries; `platform_orders_placed` carries every filter column so the default sort never reads
//   the table), or *filter* through the filters' own indexes and sort what matched (cheap when few match).
// - A page past the middle of the list walks from the other end, so the last page costs what the first does.
// - The count comes from indexes that hold every filter column (no table look-ups), seeking per account,
//   or per (status, channel), as the filters allow.
import type Database from 'better-sqlite3';
import type { ProcedureInput } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import {
  linkedSortLimit,
  orderChannels,
  platformOrderStatuses,
  type OrderFacetsView,
  type OrderListView,
  type OrderRowView,
  type OrderSortColumn,
} from '../../shared/orders';
import type { BackendServices, Handlers } from '../api/types';

export type OrderListQuery = ProcedureInput<'orders.list'>;

/** A number search broader than this (e.g. "SO-") stops counting: the total is then a lower bound. */
export const numberSearchCountCap = 10_000;

/** Rough costs in microseconds, measured on 1M orders (tests/unit/queries/orders-timing.test.ts). */
const cost = { perFilteredRow: 3, perWalkedIndexEntry: 0.1, perWalkedTableRow: 0.8 };

interface Filters {
  statuses: string[] | null;
  channels: string[] | null;
  /** Orders of these accounts only (region, or dealer search without an order-number match). */
  accounts: string[] | null;
  /** Dealer-search accounts OR'ed with the order-number prefix. */
  search: { dealers: string[]; numberFrom: string | null; numberTo: string | null } | null;
  /** The region filter, for the accounts-first dealer sort. */
  regions: string[] | null;
}

interface Where {
  sql: string;
  params: unknown[];
  /** Whether every term can be answered from platform_orders_placed (no order-number search). */
  inPlacedIndex: boolean;
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | null {
  return list && list.length > 0 ? [...list] : null;
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** An FTS5 query over the dealer's searchable columns: every word of 3+ characters must appear. */
function dealerMatchQuery(search: string): string | null {
  const words = search.split(/\s+/).filter((w) => [...w].length >= 3);
  if (words.length === 0) return null;
  return `{code name legal_name city phone} : (${words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ')})`;
}

function matchingDealers(db: Database.Database, search: string, regions: string[] | null): string[] {
  const match = dealerMatchQuery(search);
  let rows: { id: string; region: string }[];
  if (match) {
    rows = db
      .prepare(
        `SELECT a.id, a.region FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid WHERE platform_accounts_fts MATCH ?`,
      )
      .all(match) as { id: string; region: string }[];
  } else {
    // One or two characters: a prefix of the name or code (the trigram index needs three).
    const lower = search.toLowerCase();
    const upper = search.toUpperCase();
    rows = db
      .prepare(
        `SELECT id, region FROM platform_accounts WHERE lower(name) >= ? AND lower(name) < ?
         UNION SELECT id, region FROM platform_accounts WHERE code >= ? AND code < ?`,
      )
      .all(lower, `${lower}\uffff`, upper, `${upper}\uffff`) as { id: string; region: string }[];
  }
  return rows.filter((r) => !regions || regions.includes(r.region)).map((r) => r.id);
}

function accountsInRegions(db: Database.Database, regions: string[]): string[] {
  return db
    .prepare(`SELECT id FROM platform_accounts WHERE region IN (${placeholders(regions.length)})`)
    .pluck()
    .all(...regions) as string[];
}

function resolveFilters(db: Database.Database, query: OrderListQuery): Filters {
  const regions = nonEmpty(query.region);
  const regionAccounts = regions ? accountsInRegions(db, regions) : null;
  const filters: Filters = {
    statuses: nonEmpty(query.status),
    channels: nonEmpty(query.channel),
    accounts: regionAccounts,
    search: null,
    regions,
  };
  const search = (query.search ?? '').trim();
  if (search === '') return filters;

  const dealers = matchingDealers(db, search, regions);
  const prefix = search.toUpperCase();
  const numberHit = db
    .prepare('SELECT 1 FROM platform_orders WHERE number >= ? AND number < ? LIMIT 1')
    .pluck()
    .get(prefix, `${prefix}\uffff`);
  if (!numberHit) {
    // Only dealers match: a plain account filter (already narrowed to the regions).
    filters.accounts = dealers;
    return filters;
  }
  filters.search = { dealers, numberFrom: prefix, numberTo: `${prefix}\uffff` };
  return filters;
}

/** The WHERE terms for platform_orders `o`. `accountsAs` lets a caller leave the account list out. */
function whereOf(filters: Filters, options: { withAccounts?: boolean } = {}): Where {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (filters.statuses) {
    terms.push(`o.status IN (${placeholders(filters.statuses.length)})`);
    params.push(...filters.statuses);
  }
  if (filters.channels) {
    terms.push(`o.channel IN (${placeholders(filters.channels.length)})`);
    params.push(...filters.channels);
  }
  if (filters.accounts && options.withAccounts !== false) {
    terms.push(`o.account_id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filters.accounts));
  }
  if (filters.search) {
    terms.push(`((o.number >= ? AND o.number < ?) OR o.account_id IN (SELECT value FROM json_each(?)))`);
    params.push(filters.search.numberFrom, filters.search.numberTo, JSON.stringify(filters.search.dealers));
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params, inPlacedIndex: !filters.search };
}

interface Count {
  total: number;
  exact: boolean;
}

/**
 * Counts stay valid while the platform replica has not changed: every change to it either comes from the
 * platform puller, which moves the platform cursor in the same transaction, or is a write on this very
 * connection, which moves total_changes(). Scrolling, and re-reading after DMS-only changes, then costs
 * no count; a broad count over a million orders is the one expensive step (tens of milliseconds).
 */
const countCache = new WeakMap<Database.Database, { token: string; counts: Map<string, Count> }>();
const countCacheSize = 64;

function replicaToken(db: Database.Database): string {
  const cursor = db.prepare(`SELECT feed_cursor, snapshot_state FROM sync_cursors WHERE source = 'platform'`).raw().get() as
    unknown[] | undefined;
  const ownChanges = db.prepare('SELECT total_changes()').pluck().get() as number;
  return JSON.stringify([cursor ?? null, ownChanges]);
}

function cachedCount(db: Database.Database, filters: Filters): Count {
  const token = replicaToken(db);
  let cache = countCache.get(db);
  if (!cache || cache.token !== token) {
    cache = { token, counts: new Map() };
    countCache.set(db, cache);
  }
  const key = JSON.stringify(filters);
  const hit = cache.counts.get(key);
  if (hit) return hit;
  const count = countOrders(db, filters);
  if (cache.counts.size >= countCacheSize) cache.counts.clear();
  cache.counts.set(key, count);
  return count;
}

/** Counts from indexes that hold every filter column: per account when accounts are named, else per (status, channel). */
function countOrders(db: Database.Database, filters: Filters): Count {
  const { statuses, channels, accounts, search } = filters;
  if (!search) {
    if (!statuses && !channels && !accounts) {
      return { total: db.prepare('SELECT count(*) FROM platform_orders').pluck().get() as number, exact: true };
    }
    if (accounts) {
      if (accounts.length === 0) return { total: 0, exact: true };
      const where = whereOf(filters);
      const total = db
        .prepare(`SELECT count(*) FROM platform_orders o INDEXED BY platform_orders_account_status WHERE ${where.sql}`)
        .pluck()
        .get(...where.params) as number;
      return { total, exact: true };
    }
    // Name every status so the count seeks each (status, channel) range instead of scanning the index.
    const where = whereOf({ ...filters, statuses: statuses ?? [...platformOrderStatuses] });
    const total = db
      .prepare(`SELECT count(*) FROM platform_orders o INDEXED BY platform_orders_status_channel WHERE ${where.sql}`)
      .pluck()
      .get(...where.params) as number;
    return { total, exact: true };
  }
  // Search: the matching dealers' orders, plus orders whose number matches and whose dealer did not.
  const dealerPart =
    search.dealers.length === 0 ? { total: 0, exact: true } : countOrders(db, { ...filters, search: null, accounts: search.dealers });
  const rest = whereOf({ ...filters, search: null });
  const numberPart = db
    .prepare(
      `SELECT count(*) FROM (SELECT 1 FROM platform_orders o INDEXED BY platform_orders_number
         WHERE o.number >= ? AND o.number < ? AND o.account_id NOT IN (SELECT value FROM json_each(?)) AND ${rest.sql} LIMIT ?)`,
    )
    .pluck()
    .get(search.numberFrom, search.numberTo, JSON.stringify(search.dealers), ...rest.params, numberSearchCountCap + 1) as number;
  const exact = numberPart <= numberSearchCountCap;
  return { total: dealerPart.total + Math.min(numberPart, numberSearchCountCap), exact };
}

type Direction = 'asc' | 'desc';
/** 'walk': the sort column's index, filters tested per row; 'sort': the filters' indexes, then a sort. */
export type Plan = 'auto' | 'walk' | 'sort';

function choose(plan: Plan, filterCost: number, walkCost: number): 'walk' | 'sort' {
  if (plan !== 'auto') return plan;
  return filterCost < walkCost ? 'sort' : 'walk';
}

/** How each sort column walks: the index and the ORDER BY terms it yields without a sort step. */
const walks: Record<Exclude<OrderSortColumn, 'dealer' | 'dmsStatus' | 'dealerStatus'>, { index: string; terms: string[] }> = {
  placedAt: { index: 'platform_orders_placed', terms: ['o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'] },
  number: { index: 'platform_orders_number', terms: ['o.number', 'o.rowid'] },
  total: { index: 'platform_orders_total', terms: ['o.total', 'o.rowid'] },
  status: { index: 'platform_orders_status_placed', terms: ['o.status', 'o.placed_at', 'o.rowid'] },
  channel: { index: 'platform_orders_channel_placed', terms: ['o.channel', 'o.placed_at', 'o.rowid'] },
};

const latestDmsOrder = `(SELECT d.id FROM dms_orders d WHERE d.platform_order_id = o.id ORDER BY d.id = o.dms_order_id DESC, d.created_at DESC LIMIT 1)`;
const latestPublication = `(SELECT p.id FROM platform_dealer_statuses p WHERE p.order_id = o.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1)`;
const linkedSortKey: Record<'dmsStatus' | 'dealerStatus', string> = {
  dmsStatus: `(SELECT d.status FROM dms_orders d WHERE d.id = ${latestDmsOrder})`,
  dealerStatus: `(SELECT p.status FROM platform_dealer_statuses p WHERE p.id = ${latestPublication})`,
};

function orderBy(terms: string[], direction: Direction, sortStep: boolean): string {
  // A leading '+' makes the term an expression: no index can deliver it, so SQLite filters through the
  // filters' own indexes and sorts what matched.
  return terms.map((t) => `${sortStep ? `+${t}` : t} ${direction.toUpperCase()}`).join(', ');
}

interface PageRequest {
  column: OrderSortColumn;
  direction: Direction;
  offset: number;
  limit: number;
  plan: Plan;
}

/** Rowids of one page, in display order. */
function pageRowids(db: Database.Database, filters: Filters, count: Count, page: PageRequest): number[] {
  const { column, limit } = page;
  const where = whereOf(filters);
  // The highest rowid stands in for the number of orders (rows are rarely deleted): O(log n), where count(*) reads a whole index.
  const allOrders = (db.prepare('SELECT max(rowid) FROM platform_orders').pluck().get() as number | null) ?? 0;
  const matched = Math.max(count.total, 1);

  let { offset, direction } = page;
  let take = limit;
  if (count.exact) {
    take = Math.min(limit, count.total - offset);
    if (take <= 0) return [];
  }
  // A page past the middle of an exactly counted list is read from the other end (walked sorts only: the
  // dealer sort keeps unknown dealers last whatever the direction).
  const fromEnd = count.total - offset - take;
  const reversed = count.exact && column !== 'dealer' && fromEnd < offset;
  if (reversed) {
    offset = fromEnd;
    direction = direction === 'asc' ? 'desc' : 'asc';
  }
  const position = offset + take;

  let rowids: number[];
  if (column === 'dmsStatus' || column === 'dealerStatus') {
    if (count.total > linkedSortLimit) {
      throw new ApiFailure(
        'validation',
        `Sorting by ${column === 'dmsStatus' ? 'DMS status' : 'dealer status'} works on up to ${linkedSortLimit.toLocaleString('en-IN')} orders at a time, and this list has ${count.exact ? '' : 'at least '}${count.total.toLocaleString('en-IN')}. Narrow it with the status, channel or region filters or a search first.`,
      );
    }
    rowids = db
      .prepare(
        `SELECT o.rowid FROM platform_orders o WHERE ${where.sql}
         ORDER BY ${linkedSortKey[column]} ${direction.toUpperCase()}, ${orderBy(['o.placed_at', 'o.rowid'], direction, true)} LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...where.params, take, offset) as number[];
  } else if (column === 'dealer') {
    rowids = dealerPage(db, filters, count, { direction, offset, limit: take, plan: page.plan }, allOrders);
  } else {
    const walk = walks[column];
    const covering = column === 'placedAt' && where.inPlacedIndex;
    const walkCost = position * (allOrders / matched) * (covering ? cost.perWalkedIndexEntry : cost.perWalkedTableRow);
    const filterCost = count.total * cost.perFilteredRow;
    const sortStep = choose(page.plan, filterCost, walkCost) === 'sort';
    rowids = db
      .prepare(
        `SELECT o.rowid FROM platform_orders o ${sortStep ? '' : `INDEXED BY ${walk.index}`} WHERE ${where.sql}
         ORDER BY ${orderBy(walk.terms, direction, sortStep)} LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...where.params, take, offset) as number[];
  }
  return reversed ? rowids.reverse() : rowids;
}

/**
 * Sorted by dealer name: walk the dealers by name (an index on lower(name)) and each dealer's orders
 * newest first. Orders whose dealer has not reached the replica yet come after every named dealer.
 */
function dealerPage(db: Database.Database, filters: Filters, count: Count, page: Omit<PageRequest, 'column'>, allOrders: number): number[] {
  const { direction, offset, limit, plan } = page;
  const dir = direction.toUpperCase();
  const where = whereOf(filters);
  const filterCost = count.total * cost.perFilteredRow;
  const walkCost = (offset + limit) * (allOrders / Math.max(count.total, 1)) * cost.perWalkedIndexEntry;
  if (choose(plan, filterCost, walkCost) === 'sort') {
    return db
      .prepare(
        `SELECT o.rowid FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id WHERE ${where.sql}
         ORDER BY a.rowid IS NULL, +lower(a.name) ${dir}, +a.rowid ${dir}, +o.placed_at ${dir}, +o.rowid ${dir} LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(...where.params, limit, offset) as number[];
  }
  const regionTerm = filters.regions ? ` AND +a.region IN (${placeholders(filters.regions.length)})` : '';
  // Each dealer's orders: by (account, status, channel) when those filter, so only matching orders are
  // read (sorted per dealer, a few hundred at most); else newest first straight from (account, placed_at).
  const byStatus = filters.statuses !== null || filters.channels !== null;
  const inner = byStatus ? 'platform_orders_account_status' : 'platform_orders_account_placed';
  const innerWhere = byStatus ? whereOf({ ...filters, statuses: filters.statuses ?? [...platformOrderStatuses] }) : where;
  const named = db
    .prepare(
      `SELECT o.rowid FROM platform_accounts a INDEXED BY platform_accounts_name CROSS JOIN platform_orders o INDEXED BY ${inner} ON o.account_id = a.id
       WHERE ${innerWhere.sql}${regionTerm}
       ORDER BY lower(a.name) ${dir}, a.rowid ${dir}, o.placed_at ${dir}, o.rowid ${dir} LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...innerWhere.params, ...(filters.regions ?? []), limit, offset) as number[];
  const expected = Math.min(limit, count.total - offset);
  if (named.length >= expected || !count.exact || filters.regions) return named;
  // Fewer named rows than the count promised: some orders' dealers have not arrived yet (rare, and only
  // near the end of the list). Find those orders the slow way and append them.
  const orphanWhere = `NOT EXISTS (SELECT 1 FROM platform_accounts x WHERE x.id = o.account_id) AND ${where.sql}`;
  const orphans = db
    .prepare(`SELECT count(*) FROM platform_orders o WHERE ${orphanWhere}`)
    .pluck()
    .get(...where.params) as number;
  const namedTotal = count.total - orphans;
  const orphanOffset = Math.max(0, offset - namedTotal);
  const orphanRows = db
    .prepare(`SELECT o.rowid FROM platform_orders o WHERE ${orphanWhere} ORDER BY o.placed_at ${dir}, o.rowid ${dir} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...where.params, limit - named.length, orphanOffset) as number[];
  return [...named, ...orphanRows];
}

interface DetailRow {
  rid: number;
  id: string;
  number: string;
  account_id: string;
  dealer_name: string | null;
  dealer_code: string | null;
  region: string | null;
  channel: OrderRowView['channel'];
  status: OrderRowView['status'];
  total: number;
  currency: string;
  placed_at: string;
  dms_number: string | null;
  dms_status: OrderRowView['dmsStatus'];
  dealer_status: OrderRowView['dealerStatus'];
  dealer_status_at: string | null;
  tracking_carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
}

function readRows(db: Database.Database, rowids: number[]): OrderRowView[] {
  if (rowids.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT o.rowid AS rid, o.id, o.number, o.account_id, a.name AS dealer_name, a.code AS dealer_code, a.region, o.channel, o.status,
         o.total, o.currency, o.placed_at, d.number AS dms_number, d.status AS dms_status, p.status AS dealer_status,
         p.published_at AS dealer_status_at, p.tracking_carrier, p.tracking_number, p.tracking_url
       FROM platform_orders o
       LEFT JOIN platform_accounts a ON a.id = o.account_id
       LEFT JOIN dms_orders d ON d.id = ${latestDmsOrder}
       LEFT JOIN platform_dealer_statuses p ON p.id = ${latestPublication}
       WHERE o.rowid IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(rowids)) as DetailRow[];
  const byRowid = new Map(rows.map((r) => [r.rid, r]));
  return rowids.flatMap((rid) => {
    const r = byRowid.get(rid);
    if (!r) return [];
    const hasTracking = r.tracking_carrier !== null || r.tracking_number !== null;
    return [
      {
        id: r.id,
        number: r.number,
        accountId: r.account_id,
        dealerName: r.dealer_name,
        dealerCode: r.dealer_code,
        region: r.region,
        channel: r.channel,
        status: r.status,
        total: r.total,
        currency: r.currency,
        placedAt: r.placed_at,
        dmsOrderNumber: r.dms_number,
        dmsStatus: r.dms_status,
        dealerStatus: r.dealer_status,
        dealerStatusAt: r.dealer_status_at,
        tracking: hasTracking ? { carrier: r.tracking_carrier, number: r.tracking_number, url: r.tracking_url } : null,
      },
    ];
  });
}

/** The platform source's last successful pull: what the replica's orders are "as of". */
export function replicaAsOf(db: Database.Database): string | null {
  return (
    (db.prepare(`SELECT last_success_at FROM sync_cursors WHERE source = 'platform'`).pluck().get() as string | null | undefined) ?? null
  );
}

export interface ListOrdersOptions {
  /** Reuse a count while the replica is unchanged (default true; the bench turns it off to time counting). */
  countCache?: boolean;
  /** Force how a page is chosen instead of asking the cost model (tests run both on the same data). */
  plan?: Plan;
}

/** One page of the Orders screen. Defaults: newest first, offset 0, 100 rows; empty filter lists mean "any". */
export function listOrders(db: Database.Database, query: OrderListQuery, options: ListOrdersOptions = {}): OrderListView {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(500, Math.max(1, Math.floor(query.limit ?? 100)));
  const sort = query.sort ?? { column: 'placedAt', direction: 'desc' };
  // One read transaction: the count and the page see the same replica even while the sync thread writes.
  return db
    .transaction((): OrderListView => {
      const filters = resolveFilters(db, query);
      const count = options.countCache === false ? countOrders(db, filters) : cachedCount(db, filters);
      const rowids =
        offset >= count.total && count.exact
          ? []
          : pageRowids(db, filters, count, {
              column: sort.column,
              direction: sort.direction,
              offset,
              limit,
              plan: options.plan ?? 'auto',
            });
      return { rows: readRows(db, rowids), total: count.total, totalIsExact: count.exact, offset, asOf: replicaAsOf(db) };
    })
    .deferred();
}

/** Distinct values by hopping through an index (one seek per value, however many rows share it). */
function distinctValues(db: Database.Database, column: 'status' | 'channel', index: string): string[] {
  return db
    .prepare(
      `WITH RECURSIVE v(x) AS (
         SELECT (SELECT min(${column}) FROM platform_orders INDEXED BY ${index})
         UNION ALL SELECT (SELECT min(${column}) FROM platform_orders INDEXED BY ${index} WHERE ${column} > v.x) FROM v WHERE v.x IS NOT NULL)
       SELECT x FROM v WHERE x IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

/** The filter menus: statuses and channels present (in lifecycle / list order) and the dealers' regions. */
export function orderFacets(db: Database.Database): OrderFacetsView {
  const statuses = new Set(distinctValues(db, 'status', 'platform_orders_status_placed'));
  const channels = new Set(distinctValues(db, 'channel', 'platform_orders_channel_placed'));
  const regions = db.prepare(`SELECT DISTINCT region FROM platform_accounts ORDER BY region`).pluck().all() as string[];
  return {
    statuses: platformOrderStatuses.filter((s) => statuses.has(s)),
    channels: orderChannels.filter((c) => channels.has(c)),
    regions,
  };
}

export function orderHandlers(services: BackendServices): Pick<Handlers, 'orders.list' | 'orders.facets'> {
  return {
    'orders.list': (input) => listOrders(services.sqlite, input),
    'orders.facets': () => orderFacets(services.sqlite),
  };
}
