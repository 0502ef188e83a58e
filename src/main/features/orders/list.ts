// The order queues' list over the replica: one page of platform orders under any mix of status, channel,
// region, search and a special queue (src/shared/orders.ts `orderQueues`), sorted by any column (SLA ageing
// included), with the row count and the replica's as-of time. Pure functions over a better-sqlite3
// Database (the bench calls them directly); the handlers are in ./procedures.ts.
//
// How a page stays fast at a million orders:
// - The page is chosen first as bare rowids, then only those rows are read in full (with the dealer, the
//   linked DMS order and the latest dealer-status publication).
// - Two ways to choose it, picked per call by a small cost model: *walk* the index of the sort column and
//   test each row against the filters (cheap when many rows match: a page is found within a few hundred
//   index entries; `platform_orders_placed` carries every filter column so the default sort never reads
//   the table), or *filter* through the filters' own indexes and sort what matched (cheap when few match).
// - A page past the middle of the list walks from the other end, so the last page costs what the first does.
// - Broad counts come from tallies the replica observer keeps per (status, channel) and per account
//   (./queueObserver.ts), summed in at most a few thousand rows; a queue's count from its own small set.
// - A queue is a set found through its own index or table (the "to confirm" hand-overs, today's
//   dispatches, ...), joined to the filters; sorting it is cheap because it is small. The exceptions are
//   "backordered", which is a range of the DMS-status index, and "my phone orders", an index of the
//   orders staff placed.
import type Database from 'better-sqlite3';
import type { ProcedureInput } from '../../../shared/api/contract';
import {
  backorderedDmsStatuses,
  defaultSlaTargets,
  deliveredLateWindowDays,
  orderChannels,
  platformOrderStatuses,
  type OrderFacetsView,
  type OrderListView,
  type OrderQueue,
  type OrderRowView,
  type OrderSortColumn,
  type PlatformOrderStatus,
  type SlaStage,
  type SlaTargets,
} from '../../../shared/orders';
import { defaultWorkingCalendar, readSla, type WorkingCalendar } from '../../../shared/sla';

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
  /** The region filter, for the accounts-first dealer sort and the region tallies. */
  regions: string[] | null;
  /** Whether `accounts` are the dealers a search found (not just the region's). */
  accountsFromSearch: boolean;
  /** A special queue: a term over `o` (usually `o.rowid IN (<its own small set>)`) and its parameters. */
  queue: { name: OrderQueue; sql: string; params: unknown[] } | null;
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

/**
 * Prepared statements, kept per connection and SQL text: a queue's statements differ only by how many
 * values a filter lists, so a few hundred cover every screen, and preparing them again cost a millisecond
 * or two per page.
 */
const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
/** Drops a connection's prepared statements (a test that watches every statement prepared). */
export function forgetPreparedStatements(db: Database.Database): void {
  statementCache.delete(db);
}

function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= 500) cache.clear();
    cache.set(sql, (statement = db.prepare(sql)));
  }
  return statement;
}

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
    rows = prepared(
      db,
      `SELECT a.id, a.region FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid WHERE platform_accounts_fts MATCH ?`,
    ).all(match) as { id: string; region: string }[];
  } else {
    // One or two characters: a prefix of the name or code (the trigram index needs three).
    const lower = search.toLowerCase();
    const upper = search.toUpperCase();
    rows = prepared(
      db,
      `SELECT id, region FROM platform_accounts WHERE lower(name) >= ? AND lower(name) < ?
         UNION SELECT id, region FROM platform_accounts WHERE code >= ? AND code < ?`,
    ).all(lower, `${lower}\uffff`, upper, `${upper}\uffff`) as { id: string; region: string }[];
  }
  return rows.filter((r) => !regions || regions.includes(r.region)).map((r) => r.id);
}

function accountsInRegions(db: Database.Database, regions: string[]): string[] {
  return prepared(
    db,
    `SELECT id FROM platform_accounts INDEXED BY platform_accounts_region_id WHERE region IN (${placeholders(regions.length)})`,
  )
    .pluck()
    .all(...regions) as string[];
}

/** What a queue needs to know about the caller and the time. */
export interface QueueContext {
  /** The signed-in staff member ("my phone orders"). */
  staffId: string | null;
  now: Date;
  /** The office's calendar: "today" is its local day. */
  calendar: WorkingCalendar;
  /** Passing states (missing on one side, contradicting statuses) show in "Drift" after this long. */
  driftGraceMs: number;
}

export const defaultDriftGraceMs = 15 * 60_000;

/** The office's local day around `now`, as UTC instants [from, to). */
export function officeDay(now: Date, calendar: WorkingCalendar): { from: string; to: string } {
  const offset = calendar.utcOffsetMinutes * 60_000;
  const day = 24 * 3_600_000;
  const start = Math.floor((now.getTime() + offset) / day) * day - offset;
  return { from: new Date(start).toISOString(), to: new Date(start + day).toISOString() };
}

/** Order ids in failed or conflicting outbox items, by the entity keys the duties use for orders. */
const orderEntityPrefixes = ['order:', 'cancel:', 'staff-cancel:'];

function queueTerm(db: Database.Database, queue: OrderQueue, ctx: QueueContext): NonNullable<Filters['queue']> {
  switch (queue) {
    case 'awaitingHandover':
      return {
        name: queue,
        sql: `o.rowid IN (SELECT x.rowid FROM handover_confirmations h JOIN platform_orders x ON x.id = h.order_id
               WHERE h.state = 'open' AND x.status IN ('received', 'approved') AND x.dms_order_id IS NULL)`,
        params: [],
      };
    case 'backordered':
      return { name: queue, sql: `o.dms_status IN (${placeholders(backorderedDmsStatuses.length)})`, params: [...backorderedDmsStatuses] };
    case 'dispatchedToday': {
      const { from, to } = officeDay(ctx.now, ctx.calendar);
      return {
        name: queue,
        // Index to index: the day's shipments, their DMS orders' platform order, its rowid.
        sql: `o.rowid IN (SELECT x.rowid FROM dms_shipments s INDEXED BY dms_shipments_dispatched
               JOIN dms_orders d INDEXED BY dms_orders_platform ON d.id = s.order_id
               JOIN platform_orders x ON x.id = d.platform_order_id WHERE s.dispatched_at >= ? AND s.dispatched_at < ?)`,
        params: [from, to],
      };
    }
    case 'deliveredLate': {
      // delivered_late_at is kept by the observer; the partial index holds only late orders (and counts them).
      const since = new Date(ctx.now.getTime() - deliveredLateWindowDays * 24 * 3_600_000).toISOString();
      return { name: queue, sql: `o.delivered_late_at >= ?`, params: [since] };
    }
    case 'myPhoneOrders':
      // Walked newest first, and counted, in the partial index of staff-placed orders (queueWalks).
      return {
        name: queue,
        sql: `o.placed_by_type = 'staff' AND o.placed_by_id = ? AND o.channel = 'phone'`,
        params: [ctx.staffId ?? ''],
      };
    case 'failedPushes':
      return {
        name: queue,
        sql: `o.rowid IN (SELECT x.rowid FROM outbox b JOIN platform_orders x ON x.id = substr(b.entity_key, instr(b.entity_key, ':') + 1)
               WHERE b.status IN ('failed', 'conflict') AND (${orderEntityPrefixes.map(() => 'b.entity_key >= ? AND b.entity_key < ?').join(' OR ')}))`,
        params: orderEntityPrefixes.flatMap((p) => [p, `${p}\uffff`]),
      };
    case 'drift': {
      const cutoff = new Date(ctx.now.getTime() - ctx.driftGraceMs).toISOString();
      // Stored drift (lines and invoices at once; passing states after the grace period), and orders the
      // platform shows in fulfilment that the DMS does not have, once the DMS has been synced in full.
      const dmsSynced =
        prepared(db, `SELECT 1 FROM sync_cursors WHERE source = 'dms' AND snapshot_completed_at IS NOT NULL`).get() !== undefined;
      return {
        name: queue,
        sql: `o.rowid IN (SELECT x.rowid FROM order_drift r JOIN platform_orders x ON x.id = r.order_id
               WHERE (r.kinds & ${driftKindsSettled}) <> 0 OR r.detected_at <= ?
               ${
                 dmsSynced
                   ? `UNION ALL SELECT x.rowid FROM platform_orders x INDEXED BY platform_orders_dms_status
               WHERE x.dms_status IS NULL AND x.status = 'in_fulfillment' AND coalesce(x.handed_over_at, x.placed_at) <= ?`
                   : ''
               })`,
        params: dmsSynced ? [cutoff, cutoff] : [cutoff],
      };
    }
  }
}

/** Drift that cannot be a passing state: a line or an invoice that differs. */
const driftKindsSettled = 1 | 8;

function resolveFilters(db: Database.Database, query: OrderListQuery, ctx: QueueContext): Filters {
  const regions = nonEmpty(query.region);
  const regionAccounts = regions ? accountsInRegions(db, regions) : null;
  const filters: Filters = {
    statuses: nonEmpty(query.status),
    channels: nonEmpty(query.channel),
    accounts: regionAccounts,
    search: null,
    regions,
    accountsFromSearch: false,
    queue: query.queue ? queueTerm(db, query.queue, ctx) : null,
  };
  const search = (query.search ?? '').trim();
  if (search === '') return filters;

  const dealers = matchingDealers(db, search, regions);
  const prefix = search.toUpperCase();
  const numberHit = prepared(db, 'SELECT 1 FROM platform_orders WHERE number >= ? AND number < ? LIMIT 1')
    .pluck()
    .get(prefix, `${prefix}\uffff`);
  if (!numberHit) {
    // Only dealers match: a plain account filter (already narrowed to the regions).
    filters.accounts = dealers;
    filters.accountsFromSearch = true;
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
  if (filters.queue) {
    terms.push(filters.queue.sql);
    params.push(...filters.queue.params);
  }
  return { sql: terms.length ? terms.join(' AND ') : '1', params, inPlacedIndex: !filters.search && !filters.queue };
}

interface Count {
  total: number;
  exact: boolean;
}

/**
 * Counts stay valid while the replica has not changed: every change to it either comes from a puller,
 * which moves its source's cursor in the same transaction, or is a write on this very connection (the
 * outbox, hand-over confirmations), which moves total_changes(). Scrolling then costs no count. (The DMS
 * cursor counts too: queues such as "backordered" follow DMS rows.)
 */
const countCache = new WeakMap<Database.Database, { token: string; counts: Map<string, Count> }>();
const countCacheSize = 64;

function replicaToken(db: Database.Database): string {
  const cursor = prepared(db, `SELECT source, feed_cursor, snapshot_state FROM sync_cursors ORDER BY source`).raw().all() as unknown[][];
  const ownChanges = prepared(db, 'SELECT total_changes()').pluck().get() as number;
  return JSON.stringify([cursor, ownChanges]);
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

/** A sum of tally rows, filtered by status and channel when those filter (and by region). */
function tallySum(db: Database.Database, filters: Filters, regions: string[] | null): number {
  const terms: string[] = [];
  const params: unknown[] = [];
  if (regions) {
    terms.push(`region IN (${placeholders(regions.length)})`);
    params.push(...regions);
  }
  if (filters.statuses) {
    terms.push(`status IN (${placeholders(filters.statuses.length)})`);
    params.push(...filters.statuses);
  }
  if (filters.channels) {
    terms.push(`channel IN (${placeholders(filters.channels.length)})`);
    params.push(...filters.channels);
  }
  const table = regions ? 'order_region_tallies' : 'order_tallies';
  return prepared(db, `SELECT coalesce(sum(n), 0) FROM ${table}${terms.length ? ` WHERE ${terms.join(' AND ')}` : ''}`)
    .pluck()
    .get(...params) as number;
}

/**
 * Counts: from the tallies when only status, channel and region filter (exact: the observer keeps them in
 * the transaction of every row); a dealer search per account from the (account, status, channel) index; a
 * queue by counting its own set through its index.
 */
function countOrders(db: Database.Database, filters: Filters): Count {
  const { accounts, search, queue } = filters;
  if (queue) {
    const where = whereOf(filters);
    const index = queueCountIndexes[queue.name];
    return {
      total: prepared(db, `SELECT count(*) FROM platform_orders o ${index ? `INDEXED BY ${index}` : ''} WHERE ${where.sql}`)
        .pluck()
        .get(...where.params) as number,
      exact: true,
    };
  }
  if (!search) {
    if (accounts && filters.accountsFromSearch) {
      if (accounts.length === 0) return { total: 0, exact: true };
      const where = whereOf(filters);
      const total = prepared(db, `SELECT count(*) FROM platform_orders o INDEXED BY platform_orders_account_status WHERE ${where.sql}`)
        .pluck()
        .get(...where.params) as number;
      return { total, exact: true };
    }
    return { total: tallySum(db, filters, filters.regions), exact: true };
  }
  // Search: the matching dealers' orders, plus orders whose number matches and whose dealer did not.
  const dealerPart =
    search.dealers.length === 0
      ? { total: 0, exact: true }
      : countOrders(db, { ...filters, search: null, accounts: search.dealers, accountsFromSearch: true });
  const rest = whereOf({ ...filters, search: null });
  const numberPart = prepared(
    db,

    `SELECT count(*) FROM (SELECT 1 FROM platform_orders o INDEXED BY platform_orders_number
         WHERE o.number >= ? AND o.number < ? AND o.account_id NOT IN (SELECT value FROM json_each(?)) AND ${rest.sql} LIMIT ?)`,
  )
    .pluck()
    .get(search.numberFrom, search.numberTo, JSON.stringify(search.dealers), ...rest.params, numberSearchCountCap + 1) as number;
  const exact = numberPart <= numberSearchCountCap;
  return { total: dealerPart.total + Math.min(numberPart, numberSearchCountCap), exact };
}

/** Queues counted from their own index, with every filter column in it. */
const queueCountIndexes: Partial<Record<OrderQueue, string>> = {
  myPhoneOrders: 'platform_orders_staff_placed',
  deliveredLate: 'platform_orders_delivered_late',
  backordered: 'platform_orders_dms_status',
};

/** Queues walked in their own index for a sort (their orders only, already in that order). */
const queueWalks: Partial<Record<OrderQueue, Partial<Record<OrderSortColumn, string>>>> = {
  myPhoneOrders: { placedAt: 'platform_orders_staff_placed' },
  deliveredLate: { placedAt: 'platform_orders_late_placed' },
};

type Direction = 'asc' | 'desc';
/** 'walk': the sort column's index, filters tested per row; 'sort': the filters' indexes, then a sort. */
export type Plan = 'auto' | 'walk' | 'sort';

function choose(plan: Plan, filterCost: number, walkCost: number): 'walk' | 'sort' {
  if (plan !== 'auto') return plan;
  return filterCost < walkCost ? 'sort' : 'walk';
}

/** How each sort column walks: the index and the ORDER BY terms it yields without a sort step. */
const walks: Record<Exclude<OrderSortColumn, 'dealer' | 'sla'>, { index: string; terms: string[]; covering?: boolean }> = {
  placedAt: { index: 'platform_orders_placed', terms: ['o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'] },
  number: { index: 'platform_orders_number', terms: ['o.number', 'o.rowid'] },
  total: { index: 'platform_orders_total', terms: ['o.total', 'o.rowid'] },
  status: { index: 'platform_orders_status_placed', terms: ['o.status', 'o.placed_at', 'o.rowid'] },
  channel: { index: 'platform_orders_channel_placed', terms: ['o.channel', 'o.placed_at', 'o.rowid'] },
  // The linked statuses (kept on the row by the observer), newest first within each, with every filter
  // column in the index.
  dmsStatus: {
    index: 'platform_orders_dms_status',
    terms: ['o.dms_status', 'o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'],
    covering: true,
  },
  dealerStatus: {
    index: 'platform_orders_dealer_status',
    terms: ['o.dealer_status', 'o.placed_at', 'o.status', 'o.channel', 'o.account_id', 'o.rowid'],
    covering: true,
  },
};
walks.placedAt.covering = true;

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
  sla: SlaSettings;
}

export interface SlaSettings {
  targets: SlaTargets;
  calendar: WorkingCalendar;
  now: Date;
}

/** Rowids of one page, in display order. */
function pageRowids(db: Database.Database, filters: Filters, count: Count, page: PageRequest): number[] {
  const { column, limit } = page;
  const where = whereOf(filters);
  // The highest rowid stands in for the number of orders (rows are rarely deleted): O(log n), where count(*) reads a whole index.
  const allOrders = (prepared(db, 'SELECT max(rowid) FROM platform_orders').pluck().get() as number | null) ?? 0;
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
  const reversed = count.exact && column !== 'dealer' && column !== 'sla' && fromEnd < offset;
  if (reversed) {
    offset = fromEnd;
    direction = direction === 'asc' ? 'desc' : 'asc';
  }
  const position = offset + take;

  let rowids: number[];
  if (column === 'sla') {
    rowids = slaPage(db, filters, count, { direction: page.direction, offset: page.offset, limit: take, plan: page.plan, sla: page.sla });
    return rowids;
  }
  if (column === 'dealer') {
    rowids = dealerPage(db, filters, count, { direction, offset, limit: take, plan: page.plan, sla: page.sla }, allOrders);
  } else {
    const walk = walks[column];
    const own = filters.queue ? queueWalks[filters.queue.name]?.[column] : undefined;
    const covering = walk.covering === true && where.inPlacedIndex;
    const walkCost = position * (allOrders / matched) * (covering ? cost.perWalkedIndexEntry : cost.perWalkedTableRow);
    const filterCost = count.total * cost.perFilteredRow;
    // A queue with its own index for this sort walks it: every entry is one of its orders.
    const sortStep = own ? page.plan === 'sort' : choose(page.plan, filterCost, walkCost) === 'sort';
    // Filtering a few dealers' orders: through their accounts, not the whole of a status or channel.
    const throughAccounts = sortStep && filters.accounts !== null && !filters.queue && !filters.search;
    const index = sortStep ? (throughAccounts ? 'INDEXED BY platform_orders_account_status' : '') : `INDEXED BY ${own ?? walk.index}`;
    rowids = prepared(
      db,
      `SELECT o.rowid FROM platform_orders o ${index} WHERE ${where.sql}
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
    return prepared(
      db,
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
  const named = prepared(
    db,

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
  const orphans = prepared(db, `SELECT count(*) FROM platform_orders o WHERE ${orphanWhere}`)
    .pluck()
    .get(...where.params) as number;
  const namedTotal = count.total - orphans;
  const orphanOffset = Math.max(0, offset - namedTotal);
  const orphanRows = prepared(
    db,
    `SELECT o.rowid FROM platform_orders o WHERE ${orphanWhere} ORDER BY o.placed_at ${dir}, o.rowid ${dir} LIMIT ? OFFSET ?`,
  )
    .pluck()
    .all(...where.params, limit - named.length, orphanOffset) as number[];
  return [...named, ...orphanRows];
}

/**
 * Sorted by SLA: orders whose clock runs, most overdue against their stage's target first (desc), then
 * the others (closed, cancelled, rejected) newest first; asc is the reverse order of urgency. Each stage is
 * read oldest-in-stage first from (status, status_since) and only as far as the page needs, then merged by
 * elapsed / target: within a stage that order is the same, so the merge is exact.
 */
function slaPage(db: Database.Database, filters: Filters, count: Count, page: Omit<PageRequest, 'column'>): number[] {
  const { direction, offset, limit, sla } = page;
  const now = sla.now.getTime();
  const wanted = (s: PlatformOrderStatus) => !filters.statuses || filters.statuses.includes(s);
  const base = whereOf({ ...filters, statuses: null });
  const openConfirmation = `SELECT 1 FROM handover_confirmations h WHERE h.order_id = o.id AND h.state = 'open'`;
  const streams: { stage: SlaStage; sql: string; params: unknown[] }[] = [];
  const byStatus = (stage: SlaStage, status: PlatformOrderStatus, extra = '') => {
    if (!wanted(status)) return;
    streams.push({
      stage,
      sql: `SELECT o.rowid AS rid, o.status_since AS since FROM platform_orders o WHERE o.status = ? AND ${base.sql}${extra}
            ORDER BY o.status_since ${direction === 'desc' ? 'ASC' : 'DESC'}, o.rowid LIMIT ?`,
      params: [status, ...base.params],
    });
  };
  byStatus('creditHold', 'credit_hold');
  byStatus('notHandedOver', 'received', ` AND NOT EXISTS (${openConfirmation})`);
  byStatus('notHandedOver', 'approved', ` AND NOT EXISTS (${openConfirmation})`);
  byStatus('inFulfilment', 'in_fulfillment');
  const confirmStatuses = (['received', 'approved'] as const).filter(wanted);
  if (confirmStatuses.length > 0) {
    streams.push({
      stage: 'awaitingHandover',
      sql: `SELECT o.rowid AS rid, h.created_at AS since FROM handover_confirmations h JOIN platform_orders o ON o.id = h.order_id
            WHERE h.state = 'open' AND o.status IN (${placeholders(confirmStatuses.length)}) AND ${base.sql}
            ORDER BY h.created_at ${direction === 'desc' ? 'ASC' : 'DESC'}, o.rowid LIMIT ?`,
      params: [...confirmStatuses, ...base.params],
    });
  }
  const terminal = (['closed', 'cancelled', 'rejected'] as const).filter(wanted);
  const terminalPage = (from: number, take: number): number[] => {
    if (take <= 0 || terminal.length === 0) return [];
    const where = whereOf({ ...filters, statuses: [...terminal] });
    return prepared(db, `SELECT o.rowid FROM platform_orders o WHERE ${where.sql} ORDER BY o.placed_at DESC, o.rowid DESC LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.params, take, from) as number[];
  };
  // asc: the orders without a running clock come first; how many there are says where the others start.
  let skipTerminal = 0;
  if (direction === 'asc') {
    const terminalCount = terminal.length === 0 ? 0 : countOrders(db, { ...filters, statuses: [...terminal] }).total;
    if (offset < terminalCount) {
      const head = terminalPage(offset, limit);
      if (head.length >= limit) return head;
      return [...head, ...activeRows(0, limit - head.length)];
    }
    skipTerminal = terminalCount;
  }
  return direction === 'desc' ? descPage() : activeRows(offset - skipTerminal, limit);

  function merged(want: number): { rows: number[]; complete: boolean } {
    const all: { rid: number; since: string; ratio: number }[] = [];
    let complete = true;
    for (const stream of streams) {
      const rows = prepared(db, stream.sql).all(...stream.params, want) as { rid: number; since: string }[];
      if (rows.length >= want) complete = false;
      const target = sla.targets[stream.stage];
      for (const r of rows) {
        const reading = readSla(Date.parse(r.since), now, target, sla.calendar);
        all.push({ rid: r.rid, since: r.since, ratio: reading.elapsedMs / Math.max(1, reading.targetMs) });
      }
    }
    const sign = direction === 'desc' ? -1 : 1;
    // Ties (the office is closed: no working time passes) go to the longest waiting first (desc).
    all.sort((a, b) => sign * (a.ratio - b.ratio) || (a.since < b.since ? sign : a.since > b.since ? -sign : 0) || a.rid - b.rid);
    return { rows: all.map((r) => r.rid), complete };
  }

  function activeRows(from: number, take: number): number[] {
    if (take <= 0) return [];
    return merged(from + take).rows.slice(from, from + take);
  }

  function descPage(): number[] {
    const want = offset + limit;
    const active = merged(want);
    if (!active.complete || active.rows.length >= want) return active.rows.slice(offset, want);
    // Every running clock is in `active`: the page runs on into the others.
    const head = active.rows.slice(offset, want);
    return [...head, ...terminalPage(Math.max(0, offset - active.rows.length), limit - head.length)];
  }
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
  placed_by_name: string;
  version: number;
  status_since: string;
  dms_order_id: string | null;
  confirm_since: string | null;
  drift: number;
  dms_number: string | null;
  dms_status: OrderRowView['dmsStatus'];
  dealer_status: OrderRowView['dealerStatus'];
  dealer_status_at: string | null;
  tracking_carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
}

/** Which SLA clock runs for an order now, and since when. */
export function slaOf(r: { status: PlatformOrderStatus; statusSince: string; confirmSince: string | null }): OrderRowView['sla'] {
  switch (r.status) {
    case 'credit_hold':
      return { stage: 'creditHold', since: r.statusSince };
    case 'received':
    case 'approved':
      return r.confirmSince ? { stage: 'awaitingHandover', since: r.confirmSince } : { stage: 'notHandedOver', since: r.statusSince };
    case 'in_fulfillment':
      return { stage: 'inFulfilment', since: r.statusSince };
    default:
      return null;
  }
}

function dmsSyncedInFull(db: Database.Database): boolean {
  return prepared(db, `SELECT 1 FROM sync_cursors WHERE source = 'dms' AND snapshot_completed_at IS NOT NULL`).get() !== undefined;
}

function readRows(db: Database.Database, rowids: number[]): OrderRowView[] {
  if (rowids.length === 0) return [];
  // In fulfilment on the platform with no DMS order: drift, once the DMS has been synced in full.
  const missing = dmsSyncedInFull(db) ? `CASE WHEN o.status = 'in_fulfillment' AND o.dms_status IS NULL THEN 4 ELSE 0 END` : '0';
  // Everything from indexes but the order row itself: the dealer, the DMS order's number and the latest
  // publication's date and tracking (their rows carry their raw JSON). The linked statuses are on the row.
  const rows = prepared(
    db,

    `SELECT o.rowid AS rid, o.id, o.number, o.account_id, a.name AS dealer_name, a.code AS dealer_code, a.region, o.channel, o.status,
         o.total, o.currency, o.placed_at, o.placed_by_name, o.version, o.status_since, o.dms_order_id, h.created_at AS confirm_since,
         coalesce(r.kinds, 0) | ${missing} AS drift, o.dms_status, o.dealer_status,
         (SELECT d.number FROM dms_orders d INDEXED BY dms_orders_queue WHERE d.platform_order_id = o.id
          ORDER BY d.id = o.dms_order_id DESC, d.created_at DESC LIMIT 1) AS dms_number,
         (SELECT json_array(p.published_at, p.tracking_carrier, p.tracking_number, p.tracking_url)
          FROM platform_dealer_statuses p INDEXED BY platform_dealer_statuses_latest WHERE p.order_id = o.id
          ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1) AS publication
       FROM platform_orders o
       LEFT JOIN platform_accounts a INDEXED BY platform_accounts_list ON a.id = o.account_id
       LEFT JOIN handover_confirmations h ON h.order_id = o.id AND h.state = 'open' AND o.status IN ('received', 'approved')
       LEFT JOIN order_drift r ON r.order_id = o.id
       WHERE o.rowid IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(rowids)) as (Omit<DetailRow, 'dealer_status_at' | 'tracking_carrier' | 'tracking_number' | 'tracking_url'> & {
    publication: string | null;
  })[];
  const byRowid = new Map(rows.map((r) => [r.rid, r]));
  return rowids.flatMap((rid) => {
    const r = byRowid.get(rid);
    if (!r) return [];
    const [publishedAt, carrier, trackingNumber, trackingUrl] = r.publication
      ? (JSON.parse(r.publication) as [string, string | null, string | null, string | null])
      : [null, null, null, null];
    const hasTracking = carrier !== null || trackingNumber !== null;
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
        dealerStatusAt: publishedAt,
        tracking: hasTracking ? { carrier, number: trackingNumber, url: trackingUrl } : null,
        placedByName: r.placed_by_name,
        version: r.version,
        sla: slaOf({ status: r.status, statusSince: r.status_since, confirmSince: r.confirm_since }),
        drift: r.drift,
      },
    ];
  });
}

/** The platform source's last successful pull: what the replica's orders are "as of". */
export function replicaAsOf(db: Database.Database): string | null {
  return (
    (prepared(db, `SELECT last_success_at FROM sync_cursors WHERE source = 'platform'`).pluck().get() as string | null | undefined) ?? null
  );
}

export interface ListOrdersOptions {
  /** Reuse a count while the replica is unchanged (default true; the bench turns it off to time counting). */
  countCache?: boolean;
  /** Force how a page is chosen instead of asking the cost model (tests run both on the same data). */
  plan?: Plan;
  /** The caller ("my phone orders"). */
  staffId?: string | null;
  now?: Date;
  slaTargets?: SlaTargets;
  calendar?: WorkingCalendar;
  driftGraceMs?: number;
}

/** One page of an order queue. Defaults: newest first, offset 0, 100 rows; empty filter lists mean "any". */
export function listOrders(db: Database.Database, query: OrderListQuery, options: ListOrdersOptions = {}): OrderListView {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(500, Math.max(1, Math.floor(query.limit ?? 100)));
  const sort = query.sort ?? { column: 'placedAt', direction: 'desc' };
  // One read transaction: the count and the page see the same replica even while the sync thread writes.
  return db
    .transaction((): OrderListView => {
      const now = options.now ?? new Date();
      const calendar = options.calendar ?? defaultWorkingCalendar;
      const filters = resolveFilters(db, query, {
        staffId: options.staffId ?? null,
        now,
        calendar,
        driftGraceMs: options.driftGraceMs ?? defaultDriftGraceMs,
      });
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
              sla: { targets: options.slaTargets ?? defaultSlaTargets, calendar, now },
            });
      return { rows: readRows(db, rowids), total: count.total, totalIsExact: count.exact, offset, asOf: replicaAsOf(db) };
    })
    .deferred();
}

/** How many orders a query matches (a view's count), without reading a page. */
export function countOrderQuery(
  db: Database.Database,
  query: Omit<OrderListQuery, 'sort' | 'offset' | 'limit'>,
  options: ListOrdersOptions = {},
): { total: number; exact: boolean } {
  const filters = resolveFilters(db, query, {
    staffId: options.staffId ?? null,
    now: options.now ?? new Date(),
    calendar: options.calendar ?? defaultWorkingCalendar,
    driftGraceMs: options.driftGraceMs ?? defaultDriftGraceMs,
  });
  return options.countCache === false ? countOrders(db, filters) : cachedCount(db, filters);
}

/** Distinct values by hopping through an index (one seek per value, however many rows share it). */
function distinctValues(db: Database.Database, column: 'status' | 'channel', index: string): string[] {
  return prepared(
    db,

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
  const regions = prepared(db, `SELECT DISTINCT region FROM platform_accounts ORDER BY region`).pluck().all() as string[];
  return {
    statuses: platformOrderStatuses.filter((s) => statuses.has(s)),
    channels: orderChannels.filter((c) => channels.has(c)),
    regions,
  };
}
