// The Orders screen's query on a real SQLite file: every filter, sort and direction, paged through the
// whole list with both page plans (walk the sort index / filter then sort), checked against a plain
// JavaScript model of the same replica; search; the row's linked facts; the count cache; the query plans;
// and access through backend.dispatch.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetPreparedStatements, listOrders, orderFacets, type OrderListQuery, type Plan } from '../../../src/main/features/orders/list';
import { orderSortColumns, type OrderRowView, type OrderSortColumn } from '../../../src/shared/orders';
import { roles } from '../../../src/shared/roles';
import { errorOf, makeBackend, valueOf, type TestBackend } from '../services/helpers';
import { seedSyntheticReplica, syntheticAccountId, syntheticDealerCode } from './syntheticReplica';
import { rebuildOrderQueueFacts } from '../../../src/main/features/orders/queueObserver';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { platformOrder, record } from './orderRecords';

let t: TestBackend;
let db: Database.Database;

interface ModelRow {
  id: string;
  number: string;
  status: string;
  channel: string;
  total: number;
  placedAt: string;
  region: string | null;
  dealerKey: string | null;
  code: string | null;
  searchable: string[];
  dmsStatus: string | null;
  dealerStatus: string | null;
}

function modelRows(): ModelRow[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.number, o.status, o.channel, o.total, o.placed_at AS placedAt, a.region, lower(a.name) AS dealerKey,
         a.code, a.name, a.legal_name, a.city, a.phone,
         (SELECT d.status FROM dms_orders d WHERE d.platform_order_id = o.id) AS dmsStatus,
         (SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = o.id ORDER BY p.published_at DESC LIMIT 1) AS dealerStatus
       FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id`,
    )
    .all() as (ModelRow & {
    code: string | null;
    name: string | null;
    legal_name: string | null;
    city: string | null;
    phone: string | null;
  })[];
  return rows.map((r) => ({ ...r, searchable: [r.code, r.name, r.legal_name, r.city, r.phone].filter((v): v is string => !!v) }));
}

function matches(row: ModelRow, q: OrderListQuery): boolean {
  if (q.status?.length && !q.status.includes(row.status as never)) return false;
  if (q.channel?.length && !q.channel.includes(row.channel as never)) return false;
  if (q.region?.length && (row.region === null || !q.region.includes(row.region))) return false;
  const search = (q.search ?? '').trim();
  if (search) {
    const byNumber = row.number.startsWith(search.toUpperCase());
    const words = search.split(/\s+/).filter((w) => w.length >= 3);
    const byDealer =
      words.length > 0
        ? words.every((w) => row.searchable.some((v) => v.toLowerCase().includes(w.toLowerCase())))
        : [row.dealerKey ?? '', row.code ?? ''].some((v) => v.toLowerCase().startsWith(search.toLowerCase()));
    if (!byNumber && !byDealer) return false;
  }
  return true;
}

/** The generic sort check covers every column but SLA, which has its own test (it depends on the time). */
type PlainSortColumn = Exclude<OrderSortColumn, 'sla'>;
const plainSortColumns = orderSortColumns.filter((c): c is PlainSortColumn => c !== 'sla');

function keyOf(row: ModelRow, column: PlainSortColumn): string | number | null {
  switch (column) {
    case 'placedAt':
      return row.placedAt;
    case 'number':
      return row.number;
    case 'total':
      return row.total;
    case 'status':
      return row.status;
    case 'channel':
      return row.channel;
    case 'dealer':
      return row.dealerKey;
    case 'dmsStatus':
      return row.dmsStatus;
    case 'dealerStatus':
      return row.dealerStatus;
  }
}

/** SQLite's order: NULL before everything ascending; except unknown dealers, which always come last. */
function compareKeys(a: string | number | null, b: string | number | null, direction: 'asc' | 'desc', column: OrderSortColumn): number {
  if (a === b) return 0;
  if (column === 'dealer' && (a === null || b === null)) return a === null ? 1 : -1;
  const sign = direction === 'asc' ? 1 : -1;
  if (a === null) return -sign;
  if (b === null) return sign;
  return (a < b ? -1 : 1) * sign;
}

function readAll(q: OrderListQuery, plan: Plan, pageSize: number): { rows: OrderRowView[]; total: number } {
  const first = listOrders(db, { ...q, offset: 0, limit: pageSize }, { plan });
  const rows = [...first.rows];
  for (let offset = pageSize; offset < first.total; offset += pageSize) {
    const page = listOrders(db, { ...q, offset, limit: pageSize }, { plan });
    expect(page.total).toBe(first.total);
    expect(page.offset).toBe(offset);
    rows.push(...page.rows);
  }
  return { rows, total: first.total };
}

beforeAll(async () => {
  t = await makeBackend();
  db = t.backend.sqlite;
  seedSyntheticReplica(db, { accounts: 40, orders: 1200 });
  // An order whose dealer has not reached the replica yet (feeds arrive in any order).
  db.prepare(
    `INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name,
       currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit,
       credit_exposure, credit_available_after, hold_reasons, approval_count, version, raw)
     VALUES ('po-orphan', 'SO-2026-900001', 'acc-not-yet', 'phone', 'received', '2025-06-01T10:00:00.000Z', 'dealer', 'u', 'U', 'INR',
       100, 18, 118, 1, 0, 0, 'passed', 't', 0, 0, 0, '', 0, 1, '{}')`,
  ).run();
  db.prepare(
    `INSERT INTO sync_cursors (source, feed_cursor, last_success_at, updated_at) VALUES ('platform', 'c1.10', '2026-11-28T08:59:30.000Z', 't')`,
  ).run();
  rebuildOrderQueueFacts(db);
});
afterAll(async () => t?.cleanup());

const queries: { name: string; q: OrderListQuery }[] = [
  { name: 'everything', q: {} },
  { name: 'one status', q: { status: ['credit_hold'] } },
  { name: 'two statuses and a channel', q: { status: ['closed', 'in_fulfillment'], channel: ['phone'] } },
  { name: 'a channel only', q: { channel: ['email', 'edi'] } },
  { name: 'a region', q: { region: ['West'] } },
  { name: 'region, status and channel', q: { region: ['North', 'South'], status: ['closed'], channel: ['portal'] } },
  { name: 'empty lists mean any', q: { status: [], channel: [], region: [] } },
  { name: 'search a dealer name', q: { search: 'sharma' } },
  { name: 'search two words', q: { search: 'Iyer lighting' } },
  { name: 'search an order-number prefix', q: { search: 'so-2025-0001' } },
  { name: 'search a dealer with a status', q: { search: 'Patel', status: ['closed'] } },
  { name: 'search a two-letter prefix', q: { search: 'ra' } },
  { name: 'nothing matches', q: { search: 'no such dealer anywhere' } },
];

describe('orders.list against a model of the replica', () => {
  const model = () => modelRows();

  it.each(queries)('$name: the count and the set of rows, every sort, both plans', ({ q }) => {
    const rows = model();
    const expected = rows.filter((r) => matches(r, q));
    for (const column of plainSortColumns) {
      for (const direction of ['asc', 'desc'] as const) {
        const wanted = [...expected].sort((a, b) => compareKeys(keyOf(a, column), keyOf(b, column), direction, column));
        for (const plan of ['walk', 'sort', 'auto'] as const) {
          const label = `${column} ${direction} ${plan}`;
          const { rows: got, total } = readAll({ ...q, sort: { column, direction } }, plan, 97);
          expect(total, label).toBe(expected.length);
          expect(got.map((r) => r.id).sort(), label).toEqual(expected.map((r) => r.id).sort());
          const byId = new Map(rows.map((r) => [r.id, r]));
          expect(
            got.map((r) => keyOf(byId.get(r.id)!, column)),
            label,
          ).toEqual(wanted.map((r) => keyOf(r, column)));
        }
      }
    }
  });

  it('a page past the end is empty and says how many there are', () => {
    const page = listOrders(db, { offset: 5000, limit: 50 });
    expect(page.rows).toEqual([]);
    expect(page.total).toBe(1201);
  });

  it('defaults: newest first, 100 rows, exact count, the platform as-of', () => {
    const page = listOrders(db, {});
    expect(page.rows).toHaveLength(100);
    expect(page.totalIsExact).toBe(true);
    expect(page.asOf).toBe('2026-11-28T08:59:30.000Z');
    const placed = page.rows.map((r) => r.placedAt);
    expect(placed).toEqual([...placed].sort().reverse());
  });

  it('sorted by dealer, an order whose dealer has not arrived comes last in both directions', () => {
    for (const direction of ['asc', 'desc'] as const) {
      const last = listOrders(db, { sort: { column: 'dealer', direction }, offset: 1200, limit: 10 });
      expect(last.rows.map((r) => r.id)).toEqual(['po-orphan']);
      expect(last.rows[0]).toMatchObject({ dealerName: null, dealerCode: null, region: null, accountId: 'acc-not-yet' });
    }
  });
});

describe('a row carries what the back office needs', () => {
  it('dealer, money in paise, the linked DMS order and the latest dealer-visible status with tracking', () => {
    const id = db
      .prepare(
        `SELECT o.id FROM platform_orders o WHERE EXISTS (SELECT 1 FROM platform_dealer_statuses p WHERE p.order_id = o.id AND p.status = 'dispatched') LIMIT 1`,
      )
      .pluck()
      .get() as string;
    const number = db.prepare('SELECT number FROM platform_orders WHERE id = ?').pluck().get(id) as string;
    const [row] = listOrders(db, { search: number }).rows;
    expect(row).toBeDefined();
    const i = Number((db.prepare('SELECT account_id FROM platform_orders WHERE id = ?').pluck().get(id) as string).slice(4));
    expect(row).toMatchObject({
      id,
      number,
      accountId: syntheticAccountId(i),
      dealerCode: syntheticDealerCode(i),
      currency: 'INR',
      dealerStatus: 'dispatched',
      tracking: { carrier: 'Gati', number: expect.stringMatching(/^GT\d{9}$/) as unknown, url: null },
    });
    expect(Number.isInteger(row!.total)).toBe(true);
    expect(row!.dmsOrderNumber).toMatch(/^DO-2025-/);
    expect(['dispatched', 'delivered', 'closed']).toContain(row!.dmsStatus);
  });

  it('an order not handed over has no DMS status and no publication', () => {
    const [row] = listOrders(db, { search: 'SO-2026-900001' }).rows;
    expect(row).toMatchObject({ dmsStatus: null, dmsOrderNumber: null, dealerStatus: null, dealerStatusAt: null, tracking: null });
  });
});

describe('the count is reused only while the replica is unchanged', () => {
  it('a write on this connection, or a platform cursor moved by another connection, counts again', () => {
    const before = listOrders(db, { status: ['approved'] }).total;
    // Written as the sync engine writes (the observer keeps the tallies the count reads).
    const writer = new ReplicaWriter(db, 'platform');
    const order = platformOrder({ id: 'po-new-1', accountId: 'acc-00001', status: 'approved' });
    db.transaction(() => writer.apply([record('order', order)]))();
    expect(listOrders(db, { status: ['approved'] }).total).toBe(before + 1);

    // The sync thread writes on its own connection and moves the cursor in the same transaction.
    const other = new Database(db.name);
    try {
      const otherWriter = new ReplicaWriter(other, 'platform');
      other.transaction(() => {
        otherWriter.apply([record('order', { ...order, status: 'closed', version: 2 })]);
        other.prepare(`UPDATE sync_cursors SET feed_cursor = 'c1.11' WHERE source = 'platform'`).run();
      })();
    } finally {
      other.close();
    }
    expect(listOrders(db, { status: ['approved'] }).total).toBe(before);
    db.prepare(`DELETE FROM platform_orders WHERE id = 'po-new-1'`).run();
    // A deletion (a snapshot's clean-up deletes in bulk) is followed by the database's own trigger.
    expect(listOrders(db, { status: ['closed'] }, { countCache: false }).total).toBe(
      db.prepare(`SELECT count(*) FROM platform_orders WHERE status = 'closed'`).pluck().get(),
    );
  });
});

describe('facets', () => {
  it('lists the statuses and channels present, in lifecycle order, and the regions', () => {
    const facets = orderFacets(db);
    expect(facets.statuses).toEqual(['received', 'credit_hold', 'approved', 'in_fulfillment', 'closed', 'rejected', 'cancelled']);
    expect(facets.channels).toEqual(['portal', 'phone', 'email', 'whatsapp', 'edi']);
    expect(facets.regions).toEqual(['Central', 'East', 'North', 'South', 'West']);
  });
});

describe('query plans', () => {
  /** Runs listOrders and returns every statement it ran, with EXPLAIN QUERY PLAN of each. */
  function plans(q: OrderListQuery, plan: Plan): { sql: string; steps: string[] }[] {
    const seen: { sql: string; params: unknown[] }[] = [];
    const prepare = db.prepare.bind(db);
    const spy = (sql: string) => {
      const statement = prepare(sql);
      for (const method of ['get', 'all'] as const) {
        const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
        (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
          seen.push({ sql, params });
          return original(...params);
        };
      }
      return statement;
    };
    (db as unknown as { prepare: unknown }).prepare = spy;
    forgetPreparedStatements(db);
    try {
      listOrders(db, q, { plan, countCache: false });
    } finally {
      (db as unknown as { prepare: unknown }).prepare = prepare;
      forgetPreparedStatements(db);
    }
    return seen.map(({ sql, params }) => ({
      sql,
      steps: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail),
    }));
  }

  const noFullScan = (steps: string[]) => steps.filter((s) => /^SCAN (o|platform_orders|a|platform_accounts)$/.test(s));

  it.each([
    { name: 'newest first', q: {}, index: /SCAN o USING COVERING INDEX platform_orders_placed/ },
    {
      name: 'newest first, filtered by status, channel and region',
      q: { status: ['closed'], channel: ['phone'], region: ['West'] },
      index: /SCAN o USING COVERING INDEX platform_orders_placed/,
    },
    { name: 'by total', q: { sort: { column: 'total', direction: 'desc' } }, index: /platform_orders_total/ },
    { name: 'by number', q: { sort: { column: 'number', direction: 'asc' } }, index: /platform_orders_number/ },
    { name: 'by status', q: { sort: { column: 'status', direction: 'asc' } }, index: /platform_orders_status_placed/ },
    { name: 'by channel', q: { sort: { column: 'channel', direction: 'asc' } }, index: /platform_orders_channel_placed/ },
    {
      name: 'by DMS status, filtered by region and channel',
      q: { region: ['West'], channel: ['phone'], sort: { column: 'dmsStatus', direction: 'asc' } },
      index: /SCAN o USING COVERING INDEX platform_orders_dms_status/,
    },
    {
      name: 'by what the dealer sees',
      q: { sort: { column: 'dealerStatus', direction: 'desc' } },
      index: /SCAN o USING COVERING INDEX platform_orders_dealer_status/,
    },
    { name: 'by dealer', q: { sort: { column: 'dealer', direction: 'asc' } }, index: /SCAN a USING INDEX platform_accounts_name/ },
    {
      name: 'by dealer, on hold',
      q: { status: ['credit_hold'], sort: { column: 'dealer', direction: 'asc' } },
      index: /platform_orders_account_status/,
    },
  ] satisfies { name: string; q: OrderListQuery; index: RegExp }[])(
    'walk: $name reads the page in index order, no sort step',
    ({ q, index }) => {
      const statements = plans(q, 'walk');
      const page = statements.find((s) => /^\s*SELECT o\.rowid/.test(s.sql));
      expect(page, JSON.stringify(statements, null, 1)).toBeDefined();
      const text = page!.steps.join('\n');
      expect(text).toMatch(index);
      expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/);
      for (const s of statements) expect(noFullScan(s.steps), `${s.sql}\n${s.steps.join('\n')}`).toEqual([]);
    },
  );

  it.each([
    {
      name: 'one status',
      q: { status: ['credit_hold'] },
      index: /platform_orders_status_channel|platform_orders_status_placed|platform_orders_status_since/,
    },
    {
      name: 'a region',
      q: { region: ['West'], status: ['received'] },
      index: /platform_orders_account_status|platform_orders_status_channel/,
    },
    { name: 'a dealer search', q: { search: 'sharma' }, index: /SEARCH o USING .*INDEX platform_orders_\w+ \(account_id=\?\)/ },
    { name: 'an order number', q: { search: 'SO-2025-00012' }, index: /platform_orders_number/ },
  ] satisfies { name: string; q: OrderListQuery; index: RegExp }[])('sort: $name goes through the filter index', ({ q, index }) => {
    const statements = plans(q, 'sort');
    const page = statements.find((s) => /^\s*SELECT o\.rowid/.test(s.sql));
    expect(page!.steps.join('\n')).toMatch(index);
    for (const s of statements) expect(noFullScan(s.steps), `${s.sql}\n${s.steps.join('\n')}`).toEqual([]);
  });

  it('counts come from the tallies per (status, channel) and per region; a dealer search counts its accounts in an index', () => {
    const countPlan = (q: OrderListQuery) =>
      plans(q, 'auto')
        .filter((s) => /sum\(n\)|count\(\*\)/.test(s.sql))
        .map((s) => s.steps.join(' | '));
    expect(countPlan({ status: ['closed'], channel: ['phone'] })[0]).toMatch(
      /SEARCH order_tallies USING PRIMARY KEY \(status=\? AND channel=\?\)/,
    );
    expect(countPlan({})[0]).toMatch(/SCAN order_tallies/);
    expect(countPlan({ region: ['West'], channel: ['phone'] })[0]).toMatch(/SEARCH order_region_tallies USING PRIMARY KEY \(region=\?/);
    expect(countPlan({ search: 'sharma' })[0]).toMatch(/COVERING INDEX platform_orders_account_status/);
  });
});

describe('a broad order-number search and a large list', () => {
  let big: TestBackend;
  beforeAll(async () => {
    big = await makeBackend();
    seedSyntheticReplica(big.backend.sqlite, { accounts: 50, orders: 10_050 });
  });
  afterAll(async () => big?.cleanup());

  it('stops counting at 10,000 and says the total is a lower bound', () => {
    const page = listOrders(big.backend.sqlite, { search: 'SO-' });
    expect(page).toMatchObject({ total: 10_000, totalIsExact: false });
    expect(page.rows).toHaveLength(100);
  });

  it('sorts 10,000 orders by DMS status and by what the dealer sees, through the API (no size limit any more)', async () => {
    const { staff } = await big.backend.services.staff.create(
      { username: 'clerk', displayName: 'Clerk', password: 'clerk password 1', roles: ['inside_sales'] },
      null,
    );
    const token = big.backend.services.sessions.open(staff.id);
    for (const column of ['dmsStatus', 'dealerStatus'] as const) {
      const page = valueOf<{ total: number; rows: OrderRowView[] }>(
        await big.backend.dispatch('orders.list', { sort: { column, direction: 'desc' }, limit: 500 }, { sessionToken: token }),
      );
      expect(page.total).toBe(10_050);
      const keys = page.rows.map((r) => r[column] ?? '');
      expect(keys).toEqual([...keys].sort().reverse());
      expect(keys[0]).not.toBe('');
    }
  });
});

describe('access through the dispatcher', () => {
  it('every role may list orders and facets; without a session it is refused; bad input is a validation error', async () => {
    for (const role of roles) {
      const { staff } = await t.backend.services.staff.create(
        { username: `r-${role}`, displayName: role, password: 'some password 1', roles: [role] },
        null,
      );
      const token = t.backend.services.sessions.open(staff.id);
      const page = valueOf<{ total: number; rows: unknown[] }>(
        await t.backend.dispatch('orders.list', { status: ['closed'], limit: 5 }, { sessionToken: token }),
      );
      expect(page.rows).toHaveLength(5);
      valueOf(await t.backend.dispatch('orders.facets', {}, { sessionToken: token }));
    }
    expect(errorOf(await t.backend.dispatch('orders.list', {}, { sessionToken: null })).kind).toBe('unauthenticated');
    const admin = (
      await t.backend.services.staff.create({ username: 'x-admin', displayName: 'A', password: 'some password 1', roles: ['admin'] }, null)
    ).staff;
    const token = t.backend.services.sessions.open(admin.id);
    expect(errorOf(await t.backend.dispatch('orders.list', { limit: 501 }, { sessionToken: token })).kind).toBe('validation');
    expect(errorOf(await t.backend.dispatch('orders.list', { status: ['shipped'] }, { sessionToken: token })).kind).toBe('validation');
  });
});
