// The heavy queries behind the queues and searches in DESIGN.md must be answered from an index: no full
// SCAN of a replica or queue table and no temporary sort for the paged, ordered ones (checked with
// EXPLAIN QUERY PLAN on a populated, ANALYZEd database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../src/main/db/open';

let sqlite: Database.Database;

function seed(db: Database.Database): void {
  const statuses = ['received', 'credit_hold', 'approved', 'in_fulfillment', 'closed', 'cancelled'];
  const channels = ['portal', 'phone', 'email'];
  const order = db.prepare(`INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id,
    placed_by_name, client_reference, currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result,
    credit_checked_at, credit_limit, credit_exposure, credit_available_after, hold_reasons, approval_count, dms_order_id, version, raw)
    VALUES (?, ?, ?, ?, ?, ?, 'dealer', 'u', 'U', ?, 'INR', 100, 18, 118, 2, 0, 0, 'passed', ?, 0, 0, 0, '', 0, ?, 1, '{}')`);
  const line = db.prepare(`INSERT INTO platform_order_lines (order_id, line_no, sku, qty, unit_price, tax_rate_bp, line_total, tax)
    VALUES (?, ?, ?, 1, 100, 1800, 100, 18)`);
  const account =
    db.prepare(`INSERT INTO platform_accounts (id, code, name, status, region, tier, currency, price_list_id, payment_terms_days,
    phone, city, version, raw) VALUES (?, ?, ?, 'active', ?, 'gold', 'INR', 'base', 30, ?, ?, 1, '{}')`);
  const product =
    db.prepare(`INSERT INTO platform_products (sku, name, category, uom, pack_size, min_order_qty, order_multiple, tax_rate_bp,
    active, version, raw) VALUES (?, ?, 'Wires', 'case', 10, 1, 1, 1800, 1, 1, '{}')`);
  const price = db.prepare(
    `INSERT INTO platform_prices (id, price_list_id, sku, min_qty, unit_price, version, raw) VALUES (?, ?, ?, ?, 100, 1, '{}')`,
  );
  const stock = db.prepare(
    `INSERT INTO dms_stock (id, sku, warehouse_id, on_hand, allocated, available, version, raw) VALUES (?, ?, ?, 10, 2, 8, 1, '{}')`,
  );
  const dmsOrder =
    db.prepare(`INSERT INTO dms_orders (id, number, platform_order_id, dealer_code, status, total, shipment_count, created_at, version, raw)
    VALUES (?, ?, ?, ?, 'open', 118, 0, ?, 1, '{}')`);
  const invoice =
    db.prepare(`INSERT INTO dms_invoices (id, number, dealer_code, issued_at, due_date, amount, outstanding, status, version, raw)
    VALUES (?, ?, ?, '2026-01-01T00:00:00Z', ?, 100, 100, 'open', 1, '{}')`);
  const outbox = db.prepare(`INSERT INTO outbox (target, kind, entity_key, idempotency_key, method, path, payload, status, next_attempt_at,
    created_at, updated_at, created_by) VALUES ('dms', 'dms.createOrder', ?, ?, 'POST', '/orders', '{}', ?, ?, 't', 't', 'system')`);
  const dealerStatus = db.prepare(`INSERT INTO platform_dealer_statuses (id, order_id, status, message, published_by_id, published_by_name,
    published_at, version, raw) VALUES (?, ?, 'received', 'ok', 's', 'S', ?, 1, '{}')`);
  db.transaction(() => {
    for (let a = 0; a < 300; a++)
      account.run(`a${a}`, `D${1000 + a}`, `Dealer ${a} Electricals`, a % 2 ? 'West' : 'North', `+91 98${a}`, `Town ${a % 40}`);
    for (let p = 0; p < 1000; p++) {
      product.run(`SKU-${p}`, `Product ${p} cable`);
      price.run(`base:SKU-${p}:1`, 'base', `SKU-${p}`, 1);
      price.run(`base:SKU-${p}:10`, 'base', `SKU-${p}`, 10);
      for (let w = 0; w < 6; w++) stock.run(`w${w}:SKU-${p}`, `SKU-${p}`, `w${w}`);
    }
    for (let o = 0; o < 6000; o++) {
      const placed = new Date(Date.UTC(2026, 0, 1) + o * 60_000).toISOString();
      order.run(
        `o${o}`,
        `SO-2026-${String(o).padStart(6, '0')}`,
        `a${o % 300}`,
        channels[o % 3],
        statuses[o % 6],
        placed,
        `ref-${o}`,
        placed,
        o % 2 ? `d${o}` : null,
      );
      line.run(`o${o}`, 1, `SKU-${o % 1000}`);
      line.run(`o${o}`, 2, `SKU-${(o + 7) % 1000}`);
      dmsOrder.run(`d${o}`, `DO-${o}`, `o${o}`, `D${1000 + (o % 300)}`, placed);
      invoice.run(`i${o}`, `INV-${o}`, `D${1000 + (o % 300)}`, '2026-02-01');
      outbox.run(`order:o${o}`, `k${o}`, o % 10 ? 'delivered' : 'pending', placed);
      dealerStatus.run(`ds${o}`, `o${o}`, placed);
    }
  })();
  db.exec('ANALYZE');
}

beforeAll(() => {
  sqlite = openDatabase(':memory:').sqlite;
  seed(sqlite);
});
afterAll(() => sqlite.close());

function plan(sql: string, ...params: unknown[]): string[] {
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}

/** No full scan of any table (an ordered scan of an index, "SCAN t USING INDEX", is allowed) and no sort. */
function expectIndexed(steps: string[], uses: RegExp): void {
  const text = steps.join('\n');
  expect(text, text).toMatch(uses);
  for (const step of steps) {
    expect(step, text).not.toMatch(/^SCAN \w+$/);
    expect(step, text).not.toMatch(/^SCAN \w+ \(/);
  }
  expect(text, text).not.toMatch(/USE TEMP B-TREE/);
}

const heavyQueries: { name: string; sql: string; params: unknown[]; uses: RegExp }[] = [
  {
    name: 'order queue filtered by status, newest first, one page',
    sql: `SELECT id, number, account_id, status, total, placed_at FROM platform_orders WHERE status = ? ORDER BY placed_at DESC LIMIT 100 OFFSET 200`,
    params: ['received'],
    uses: /platform_orders_status_placed/,
  },
  {
    name: 'order queue, all statuses, newest first (keyset page)',
    sql: `SELECT id, number, status, total, placed_at FROM platform_orders WHERE placed_at < ? ORDER BY placed_at DESC LIMIT 100`,
    params: ['2026-01-03T00:00:00.000Z'],
    uses: /platform_orders_placed/,
  },
  {
    name: 'order queue filtered by channel',
    sql: `SELECT id FROM platform_orders WHERE channel = ? ORDER BY placed_at DESC LIMIT 100`,
    params: ['phone'],
    uses: /platform_orders_channel_placed/,
  },
  {
    name: 'credit-hold queue, oldest first',
    sql: `SELECT o.id, o.number, o.total, o.placed_at, a.name FROM platform_orders o JOIN platform_accounts a ON a.id = o.account_id
          WHERE o.status = 'credit_hold' ORDER BY o.placed_at LIMIT 200`,
    params: [],
    uses: /platform_orders_status_placed/,
  },
  {
    name: 'order by number',
    sql: `SELECT id FROM platform_orders WHERE number = ?`,
    params: ['SO-2026-000123'],
    uses: /platform_orders_number/,
  },
  {
    name: 'dealer order history',
    sql: `SELECT id, number, total FROM platform_orders WHERE account_id = ? ORDER BY placed_at DESC LIMIT 50`,
    params: ['a7'],
    uses: /platform_orders_account_placed/,
  },
  {
    name: 'platform orders not yet handed over (exposure)',
    sql: `SELECT coalesce(sum(total), 0) FROM platform_orders WHERE account_id = ? AND status IN ('received', 'approved')`,
    params: ['a7'],
    uses: /platform_orders_account_status/,
  },
  {
    name: 'lines of one order',
    sql: `SELECT * FROM platform_order_lines WHERE order_id = ? ORDER BY line_no`,
    params: ['o5'],
    uses: /sqlite_autoindex_platform_order_lines_1/,
  },
  {
    name: 'dealer search as you type (code, name, phone, town)',
    sql: `SELECT a.id, a.code, a.name FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid
          WHERE platform_accounts_fts MATCH ? ORDER BY f.rank LIMIT 20`,
    params: ['"own 1"'],
    uses: /VIRTUAL TABLE INDEX/,
  },
  {
    name: 'dealer by exact code',
    sql: `SELECT id FROM platform_accounts WHERE code = ?`,
    params: ['D1007'],
    uses: /platform_accounts_code/,
  },
  {
    name: 'SKU search as you type',
    sql: `SELECT p.sku, p.name FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid
          WHERE platform_products_fts MATCH ? LIMIT 20`,
    params: ['"cab"'],
    uses: /VIRTUAL TABLE INDEX/,
  },
  {
    name: 'price resolution (largest min_qty <= Q)',
    sql: `SELECT unit_price FROM platform_prices WHERE price_list_id = ? AND sku = ? AND min_qty <= ? ORDER BY min_qty DESC`,
    params: ['base', 'SKU-5', 12],
    uses: /platform_prices_resolve/,
  },
  {
    name: 'stock by SKU across warehouses',
    sql: `SELECT warehouse_id, available FROM dms_stock WHERE sku = ?`,
    params: ['SKU-5'],
    uses: /dms_stock_sku/,
  },
  {
    name: 'outbox items due now',
    sql: `SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 50`,
    params: ['2026-06-01T00:00:00Z'],
    uses: /outbox_due/,
  },
  {
    name: 'DMS order of a platform order',
    sql: `SELECT * FROM dms_orders WHERE platform_order_id = ?`,
    params: ['o5'],
    uses: /dms_orders_platform_order/,
  },
  {
    name: 'open invoices of a dealer by due date (ageing)',
    sql: `SELECT due_date, outstanding FROM dms_invoices WHERE dealer_code = ? AND outstanding > 0 ORDER BY due_date`,
    params: ['D1007'],
    // The partial index of open invoices (dashboards) covers it; the dealer/due index is the fallback.
    uses: /dms_invoices_dealer_open/,
  },
  {
    name: 'dealer-visible timeline of an order',
    sql: `SELECT * FROM platform_dealer_statuses WHERE order_id = ? ORDER BY published_at`,
    params: ['o5'],
    uses: /platform_dealer_statuses_order/,
  },
];

describe('query plans of the heavy queries', () => {
  it.each(heavyQueries)('$name', ({ sql, params, uses }) => {
    expectIndexed(plan(sql, ...params), uses);
    // And the query really runs against the populated schema.
    expect(() => sqlite.prepare(sql).all(...params)).not.toThrow();
  });

  it('the check itself catches a full scan (a query on an unindexed column)', () => {
    expect(() => expectIndexed(plan(`SELECT id FROM platform_orders WHERE currency = ?`, 'INR'), /platform_orders/)).toThrow();
  });

  it('search returns the matching dealers and SKUs', () => {
    const dealers = sqlite
      .prepare(`SELECT a.id FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid WHERE platform_accounts_fts MATCH ?`)
      .all('"D1007"') as { id: string }[];
    expect(dealers.map((d) => d.id)).toEqual(['a7']);
    const skus = sqlite
      .prepare(
        `SELECT p.sku FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid WHERE platform_products_fts MATCH ?`,
      )
      .all('"SKU-999"') as { sku: string }[];
    expect(skus.map((s) => s.sku)).toEqual(['SKU-999']);
  });
});
