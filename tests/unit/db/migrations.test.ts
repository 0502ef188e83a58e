// Each migration applied on its own to a real database file, the connection settings, and the refusal of
// a file written by a newer build (left byte-for-byte untouched).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NewerSchemaError, openDatabase, type OpenedDatabase } from '../../../src/main/db/open';
import { journalTags, migrationsUpTo, repoMigrationsDir, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function setup(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

function open(file: string, migrationsDir?: string): OpenedDatabase {
  const opened = openDatabase(file, migrationsDir ? { migrationsDir } : {});
  cleanups.unshift(() => opened.sqlite.open && opened.sqlite.close());
  return opened;
}

function tableNames(o: OpenedDatabase): string[] {
  return (o.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function columns(o: OpenedDatabase, table: string): Map<string, { type: string; notnull: number }> {
  const rows = o.sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string; notnull: number }[];
  return new Map(rows.map((r) => [r.name, { type: r.type.toLowerCase(), notnull: r.notnull }]));
}

const replicaTables = [
  'platform_accounts',
  'platform_credit',
  'platform_products',
  'platform_price_lists',
  'platform_prices',
  'platform_orders',
  'platform_dealer_statuses',
  'dms_accounts',
  'dms_warehouses',
  'dms_stock',
  'dms_orders',
  'dms_invoices',
  'dms_payments',
  'dms_returns',
  'dms_credit_overrides',
];

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

const account = (id: string, name: string, city: string) => ({
  id,
  code: `D-${id}`,
  name,
  status: 'active',
  region: 'West',
  tier: 'gold',
  currency: 'INR',
  price_list_id: 'base',
  payment_terms_days: 30,
  city,
  version: 1,
  raw: '{}',
});
const insertAccount = `INSERT INTO platform_accounts (id, code, name, status, region, tier, currency, price_list_id, payment_terms_days, city, version, raw)
  VALUES (@id, @code, @name, @status, @region, @tier, @currency, @price_list_id, @payment_terms_days, @city, @version, @raw)`;

describe('migrations', () => {
  it('the journal lists the migrations these tests cover, in order', () => {
    expect(journalTags()).toEqual([
      '0000_init',
      '0001_search_and_audit_guards',
      '0002_audit_seq_autoincrement',
      '0003_sync_engine_tables',
      '0004_order_queue',
      '0005_blocks_dealer_search',
      '0006_blocks_dealer_search_fts',
      '0007_status_derivation_queue',
      '0008_status_catch_up_backfill',
      '0009_credit_holds',
      '0010_credit_holds_backfill',
      '0011_status_publish_queue',
      '0012_status_skipped_reviews',
      '0013_phone_order_drafts',
      '0014_queues_views_tallies',
      '0015_queues_triggers',
      '0016_dash_aggregates',
      '0017_dash_state',
      '0018_dash_figures_stale',
    ]);
  });

  it('the committed migrations match schema.ts (drizzle-kit has nothing left to generate)', () => {
    const dir = setup();
    const out = join(dir, 'drizzle');
    cpSync(repoMigrationsDir, out, { recursive: true });
    const repo = resolve(repoMigrationsDir, '..');
    // drizzle-kit wants --out relative to the working directory, and exits 0 even when it fails: check its words too.
    const output = execFileSync(
      join(repo, 'node_modules', '.bin', 'drizzle-kit'),
      ['generate', '--dialect', 'sqlite', '--schema', './src/main/db/schema.ts', '--out', relative(repo, out)],
      { cwd: repo, stdio: 'pipe', encoding: 'utf8' },
    );
    expect(output).toMatch(/No schema changes, nothing to migrate/);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    ).toEqual(journalTags().map((t) => `${t}.sql`));
  });

  it('0000_init creates every replica and local table, with version/updated_at/raw and integer money', () => {
    const dir = setup();
    const o = open(join(dir, 'desk.sqlite'), migrationsUpTo(1, dir));
    expect(o.migrationsApplied).toBe(1);
    const names = tableNames(o);
    for (const table of [
      ...replicaTables,
      'platform_order_lines',
      'platform_order_approvals',
      'dms_order_lines',
      'dms_shipments',
      'sync_cursors',
      'outbox',
      'quarantine',
      'audit_log',
      'staff',
      'staff_sessions',
      'settings',
      'phone_order_drafts',
    ]) {
      expect(names, table).toContain(table);
    }
    for (const table of replicaTables) {
      const cols = columns(o, table);
      expect(cols.get('version'), `${table}.version`).toEqual({ type: 'integer', notnull: 1 });
      expect(cols.get('raw'), `${table}.raw`).toEqual({ type: 'text', notnull: 1 });
      expect(cols.has('updated_at'), `${table}.updated_at`).toBe(true);
    }
    for (const [table, column] of [
      ['platform_orders', 'total'],
      ['platform_order_lines', 'unit_price'],
      ['platform_prices', 'unit_price'],
      ['platform_credit', 'exposure'],
      ['dms_accounts', 'balance'],
      ['dms_invoices', 'outstanding'],
      ['dms_payments', 'amount'],
    ] as const) {
      expect(columns(o, table).get(column)?.type, `${table}.${column}`).toBe('integer');
    }
    // The outbox's idempotency key is unique: the same intent cannot be queued twice.
    const item = {
      target: 'platform',
      kind: 'k',
      entity_key: 'e',
      key: 'same',
      method: 'POST',
      path: '/orders',
      payload: '{}',
      at: 't',
      by: 'system',
    };
    const insert = o.sqlite.prepare(
      `INSERT INTO outbox (target, kind, entity_key, idempotency_key, method, path, payload, created_at, updated_at, created_by)
       VALUES (@target, @kind, @entity_key, @key, @method, @path, @payload, @at, @at, @by)`,
    );
    insert.run(item);
    expect(() => insert.run(item)).toThrow(/UNIQUE/);
    expect(o.sqlite.prepare('SELECT status, attempts FROM outbox').get()).toEqual({ status: 'pending', attempts: 0 });
    // Order lines go with their order.
    o.sqlite
      .exec(`INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name,
      currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit,
      credit_exposure, credit_available_after, hold_reasons, approval_count, version, raw)
      VALUES ('o1', 'SO-1', 'a1', 'portal', 'received', '2026-01-01T00:00:00Z', 'dealer', 'u', 'U', 'INR', 100, 18, 118, 1, 0, 0,
      'passed', '2026-01-01T00:00:00Z', 0, 0, 0, '', 0, 1, '{}')`);
    o.sqlite.exec(
      `INSERT INTO platform_order_lines (order_id, line_no, sku, qty, unit_price, tax_rate_bp, line_total, tax) VALUES ('o1', 1, 'S', 1, 100, 1800, 100, 18)`,
    );
    o.sqlite.exec(`DELETE FROM platform_orders WHERE id = 'o1'`);
    expect(o.sqlite.prepare('SELECT count(*) AS n FROM platform_order_lines').get()).toEqual({ n: 0 });
  });

  it('0001 makes the audit log append-only and keeps the dealer and SKU search indexes in step', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const first = open(file, migrationsUpTo(1, dir));
    // 0000 and 0001 shipped together, so 0001 starts from an empty replica; what matters is that every
    // later write is indexed.
    first.sqlite.close();
    const o = open(file, migrationsUpTo(2, dir));
    expect(o.migrationsApplied).toBe(1);

    o.sqlite.exec(`INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (1, 't', 'x', 'null', 'p', 'h')`);
    expect(() => o.sqlite.exec(`UPDATE audit_log SET action = 'y'`)).toThrow(/append-only/);
    expect(() => o.sqlite.exec(`DELETE FROM audit_log`)).toThrow(/append-only/);

    const search = (q: string) =>
      (
        o.sqlite
          .prepare(
            `SELECT a.id FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid WHERE platform_accounts_fts MATCH ? ORDER BY a.id`,
          )
          .all(`"${q}"`) as { id: string }[]
      ).map((r) => r.id);
    o.sqlite.prepare(insertAccount).run(account('a1', 'Sharma Electricals', 'Pune'));
    o.sqlite.prepare(insertAccount).run(account('a2', 'Gupta Paints', 'Nashik'));
    expect(search('sharma')).toEqual(['a1']);
    expect(search('ASHI')).toEqual(['a2']); // substring, case-insensitive (Nashik)
    // The sync engine's version-guarded upsert (ON CONFLICT DO UPDATE) re-indexes the new values.
    o.sqlite
      .prepare(
        `${insertAccount} ON CONFLICT(id) DO UPDATE SET name = excluded.name, city = excluded.city, version = excluded.version WHERE excluded.version > platform_accounts.version`,
      )
      .run({ ...account('a1', 'Verma Traders', 'Surat'), version: 2 });
    expect(search('sharma')).toEqual([]);
    expect(search('verma')).toEqual(['a1']);
    // INSERT OR REPLACE too (recursive_triggers is on, so the implicit delete is seen by the index).
    o.sqlite
      .prepare(insertAccount.replace('INSERT', 'INSERT OR REPLACE'))
      .run({ ...account('a2', 'Kulkarni Hardware', 'Nashik'), version: 2 });
    expect(search('gupta')).toEqual([]);
    expect(search('kulkarni')).toEqual(['a2']);
    o.sqlite.exec(`DELETE FROM platform_accounts WHERE id = 'a2'`);
    expect(search('kulkarni')).toEqual([]);
    // The index agrees with the content table (rank 1 compares against platform_accounts itself).
    expect(() =>
      o.sqlite.exec(`INSERT INTO platform_accounts_fts(platform_accounts_fts, rank) VALUES ('integrity-check', 1)`),
    ).not.toThrow();

    o.sqlite
      .exec(`INSERT INTO platform_products (sku, name, category, uom, pack_size, min_order_qty, order_multiple, tax_rate_bp, active, version, raw)
      VALUES ('WIRE-2.5-RED', 'FR Wire 2.5 sq mm Red 90 m', 'Wires', 'case', 10, 1, 1, 1800, 1, 1, '{}')`);
    const sku = o.sqlite
      .prepare(
        `SELECT p.sku FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid WHERE platform_products_fts MATCH ?`,
      )
      .all('"2.5 sq"');
    expect(sku).toEqual([{ sku: 'WIRE-2.5-RED' }]);
  });

  it('0002 keeps existing audit entries, makes seq AUTOINCREMENT and keeps the append-only guards', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(2, dir));
    before.sqlite.exec(
      `INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) VALUES (1, 't1', 'a', 'null', 'p0', 'h1'), (2, 't2', 'b', '{"x":1}', 'h1', 'h2')`,
    );
    before.sqlite.close();

    const o = open(file, migrationsUpTo(3, dir));
    expect(o.migrationsApplied).toBe(1);
    expect(o.sqlite.prepare('SELECT seq, action, detail, prev_hash, hash FROM audit_log ORDER BY seq').all()).toEqual([
      { seq: 1, action: 'a', detail: 'null', prev_hash: 'p0', hash: 'h1' },
      { seq: 2, action: 'b', detail: '{"x":1}', prev_hash: 'h1', hash: 'h2' },
    ]);
    const ddl = (o.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'audit_log'`).get() as { sql: string }).sql;
    expect(ddl).toMatch(/AUTOINCREMENT/);
    o.sqlite.exec(`INSERT INTO audit_log (at, action, detail, prev_hash, hash) VALUES ('t3', 'c', 'null', 'h2', 'h3')`);
    expect(o.sqlite.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`).get()).toEqual({ seq: 3 });
    expect(() => o.sqlite.exec(`DELETE FROM audit_log WHERE seq = 3`)).toThrow(/append-only/);
    expect(() => o.sqlite.exec(`UPDATE audit_log SET hash = 'x' WHERE seq = 1`)).toThrow(/append-only/);
    const indexes = (
      o.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'`).all() as { name: string }[]
    ).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(['audit_log_subject', 'audit_log_action']));
  });

  it('0003 adds the sync engine tables, also over a file where the engine had already created them', () => {
    const dir = setup();
    // A file on which the engine's own start-up code created its tables before 0003 existed.
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(3, dir));
    before.sqlite.exec(`
      CREATE TABLE IF NOT EXISTS sync_tombstones (
        source TEXT NOT NULL, resource_type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
        PRIMARY KEY (source, resource_type, id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS dealer_status_reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT, dms_order_id TEXT NOT NULL, platform_order_id TEXT NOT NULL, status TEXT NOT NULL,
        proposed TEXT NOT NULL, dms_version INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'open', decided_by TEXT, decided_at TEXT,
        outbox_id INTEGER, created_at TEXT NOT NULL, UNIQUE (dms_order_id, status)
      );
      INSERT INTO sync_tombstones VALUES ('platform', 'product', 'SKU-1', 4);`);
    before.sqlite.close();
    const o = open(file, migrationsUpTo(4, dir));
    expect(o.migrationsApplied).toBe(1);
    expect(tableNames(o)).toEqual(
      expect.arrayContaining(['sync_tombstones', 'sync_snapshot_seen', 'sync_feed_state', 'dealer_status_reviews']),
    );
    expect(o.sqlite.prepare('SELECT * FROM sync_tombstones').all()).toEqual([
      { source: 'platform', resource_type: 'product', id: 'SKU-1', version: 4 },
    ]);

    // And on a fresh file: the key-only tables are WITHOUT ROWID, a review is unique per (DMS order, status).
    const fresh = open(join(dir, 'fresh.sqlite'), migrationsUpTo(4, dir));
    const ddl = (name: string) => (fresh.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(name) as { sql: string }).sql;
    expect(ddl('sync_tombstones')).toMatch(/WITHOUT ROWID/);
    expect(ddl('sync_snapshot_seen')).toMatch(/WITHOUT ROWID/);
    const review = fresh.sqlite.prepare(
      `INSERT INTO dealer_status_reviews (dms_order_id, platform_order_id, status, proposed, dms_version, created_at) VALUES ('d1', 'o1', 'backordered', '{}', 3, 't')`,
    );
    review.run();
    expect(() => review.run()).toThrow(/UNIQUE/);
    expect(fresh.sqlite.prepare('SELECT state FROM dealer_status_reviews').get()).toEqual({ state: 'open' });
    fresh.sqlite.exec(`INSERT INTO sync_feed_state (source, updated_at) VALUES ('dms', 't')`);
    expect(fresh.sqlite.prepare('SELECT events_applied FROM sync_feed_state').get()).toEqual({ events_applied: 0 });
  });

  it('0004 adds the Orders screen indexes over existing orders (placed and account_status widened)', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(4, dir));
    before.sqlite
      .prepare(
        `INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name,
           currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit,
           credit_exposure, credit_available_after, hold_reasons, approval_count, version, raw)
         VALUES ('o1', 'SO-1', 'a1', 'phone', 'received', 't', 'dealer', 'u', 'U', 'INR', 1, 0, 1, 1, 0, 0, 'passed', 't', 0, 0, 0, '', 0, 1, '{}')`,
      )
      .run();
    before.sqlite.close();

    const o = open(file, migrationsUpTo(5, dir));
    expect(o.migrationsApplied).toBe(1);
    const indexColumns = (name: string) => (o.sqlite.prepare(`PRAGMA index_info(${name})`).all() as { name: string }[]).map((c) => c.name);
    expect(indexColumns('platform_orders_placed')).toEqual(['placed_at', 'status', 'channel', 'account_id']);
    expect(indexColumns('platform_orders_status_channel')).toEqual(['status', 'channel', 'account_id']);
    expect(indexColumns('platform_orders_total')).toEqual(['total']);
    expect(indexColumns('platform_orders_account_status')).toEqual(['account_id', 'status', 'channel']);
    expect(o.sqlite.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
    expect(
      o.sqlite
        .prepare(`SELECT count(*) FROM platform_orders INDEXED BY platform_orders_status_channel WHERE status = 'received'`)
        .pluck()
        .get(),
    ).toBe(1);
  });
  it('0007/0008 add the dealer-status derivation queue and queue the last 72 hours of a desk that had already synced', () => {
    const dir = setup();
    const insertDmsOrder = (db: OpenedDatabase, id: string, updatedAt: string) =>
      db.sqlite
        .prepare(
          `INSERT INTO dms_orders (id, number, platform_order_id, dealer_code, status, total, shipment_count, created_at, version, updated_at, raw)
           VALUES (?, ?, ?, 'D-1', 'dispatched', 100, 1, ?, 3, ?, '{}')`,
        )
        .run(id, `DO-${id}`, `po-${id}`, updatedAt, updatedAt);
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

    // A desk that completed its DMS snapshot under an older build: recent changes are queued, older ones not.
    const synced = join(dir, 'synced.sqlite');
    const before = open(synced, migrationsUpTo(7, dir));
    insertDmsOrder(before, 'recent', hoursAgo(2));
    insertDmsOrder(before, 'old', hoursAgo(80));
    before.sqlite
      .prepare(`INSERT INTO sync_cursors (source, feed_cursor, snapshot_completed_at, updated_at) VALUES ('dms', 'c1.9', ?, ?)`)
      .run(hoursAgo(100), hoursAgo(1));
    before.sqlite.close();
    const o = open(synced, migrationsUpTo(9, dir));
    expect(o.migrationsApplied).toBe(2);
    expect(o.sqlite.prepare('SELECT dms_order_id, reason, attempts FROM dealer_status_queue').all()).toEqual([
      { dms_order_id: 'recent', reason: 'catch-up', attempts: 0 },
    ]);

    // A desk that never finished a DMS snapshot queues nothing here: its first snapshot does the catch-up.
    const unsynced = join(dir, 'unsynced.sqlite');
    const early = open(unsynced, migrationsUpTo(7, dir));
    insertDmsOrder(early, 'recent', hoursAgo(2));
    early.sqlite.close();
    const u = open(unsynced, migrationsUpTo(9, dir));
    expect(u.sqlite.prepare('SELECT count(*) FROM dealer_status_queue').pluck().get()).toBe(0);
  });

  it('0009-0010 add the credit hold tables and fill dealer_waiting and quiet arrivals for orders already held', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(9, dir));
    const insert = before.sqlite.prepare(
      `INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name,
         currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit,
         credit_exposure, credit_available_after, hold_reasons, approval_count, version, raw)
       VALUES (@id, @id, 'a1', 'phone', @status, 't', 'staff', 'u', 'U', 'INR', 1, 0, 1, 1, @hasNotes, 0, 'held', 't', 0, 0, 0, 'over_limit', 0, 1, @raw)`,
    );
    insert.run({ id: 'waiting-held', status: 'credit_hold', hasNotes: 1, raw: JSON.stringify({ notes: '[dealer-waiting]\nCall back' }) });
    insert.run({ id: 'note-held', status: 'credit_hold', hasNotes: 1, raw: JSON.stringify({ notes: 'Deliver [dealer-waiting] later' }) });
    insert.run({ id: 'plain-received', status: 'received', hasNotes: 0, raw: JSON.stringify({ notes: null }) });
    before.sqlite.close();

    const o = open(file, migrationsUpTo(11, dir));
    expect(o.migrationsApplied).toBe(2);
    expect(o.sqlite.prepare('SELECT id, dealer_waiting FROM platform_orders ORDER BY id').all()).toEqual([
      { id: 'note-held', dealer_waiting: 0 },
      { id: 'plain-received', dealer_waiting: 0 },
      { id: 'waiting-held', dealer_waiting: 1 },
    ]);
    // Holds already in the replica are quiet: no notification for them after the upgrade.
    expect(o.sqlite.prepare('SELECT order_id, quiet FROM credit_hold_arrivals ORDER BY order_id').all()).toEqual([
      { order_id: 'note-held', quiet: 1 },
      { order_id: 'waiting-held', quiet: 1 },
    ]);
    const arrival = o.sqlite.prepare(`INSERT INTO credit_hold_arrivals (order_id, quiet, seen_at) VALUES ('waiting-held', 0, 't')`);
    expect(() => arrival.run()).toThrow(/UNIQUE/);
    o.sqlite.exec(`INSERT INTO credit_rejection_messages (order_id, body, staff_id, created_at) VALUES ('o1', '{}', 's', 't')`);
    expect(o.sqlite.prepare(`PRAGMA integrity_check`).pluck().get()).toBe('ok');
  });

  it('0011/0012 extend the publish queue (rule, what was sent, skip reason) and keep dismissed items as skipped', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(11, dir));
    const insert = before.sqlite.prepare(
      `INSERT INTO dealer_status_reviews (dms_order_id, platform_order_id, status, proposed, dms_version, state, created_at) VALUES (?, ?, 'backordered', '{}', 3, ?, 't')`,
    );
    insert.run('d1', 'o1', 'dismissed');
    insert.run('d2', 'o2', 'open');
    before.sqlite.close();
    const o = open(file, migrationsUpTo(13, dir));
    expect(o.migrationsApplied).toBe(2);
    expect(o.sqlite.prepare('SELECT dms_order_id, state, skip_reason, rule, sent FROM dealer_status_reviews ORDER BY id').all()).toEqual([
      { dms_order_id: 'd1', state: 'skipped', skip_reason: 'Dismissed (before reasons were asked for)', rule: null, sent: null },
      { dms_order_id: 'd2', state: 'open', skip_reason: null, rule: null, sent: null },
    ]);
    expect(tableNames(o)).toEqual(expect.arrayContaining(['dealer_status_situations', 'dms_order_status_history']));
    const partial = (name: string) => (o.sqlite.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(name) as { sql: string }).sql;
    expect(partial('dms_orders_undispatched_due')).toMatch(
      /WHERE .*status.* IN \('open', 'allocated', 'partially_allocated', 'backordered', 'picking'\)/,
    );
    expect(partial('dms_shipments_in_transit')).toMatch(/WHERE .*delivered_at.* IS NULL/);
  });
});

describe('dashboard migrations (0016-0018)', () => {
  it('0016 creates the aggregate tables WITHOUT ROWID; 0017 marks them complete on an empty replica', () => {
    const dir = setup();
    const o = open(join(dir, 'desk.sqlite'), migrationsUpTo(18, dir));
    const withoutRowid = (table: string) =>
      /WITHOUT ROWID/i.test(o.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).pluck().get(table) as string);
    for (const t of [
      'dash_dealer_days',
      'dash_dealer_windows',
      'dash_hold_days',
      'dash_receivable_days',
      'dash_decision_windows',
      'dash_credit_limits',
      'dash_payment_days',
    ])
      expect(withoutRowid(t), t).toBe(true);
    expect(o.sqlite.prepare('SELECT aggregate, anchor_day, built FROM dash_state ORDER BY aggregate').all()).toEqual([
      { aggregate: 'dealer', anchor_day: null, built: 1 },
      { aggregate: 'figures', anchor_day: null, built: 1 },
      { aggregate: 'holdAccounts', anchor_day: null, built: 1 },
      { aggregate: 'holdDecisions', anchor_day: null, built: 1 },
      { aggregate: 'payments', anchor_day: null, built: 1 },
      { aggregate: 'receivables', anchor_day: null, built: 1 },
    ]);
  });

  it('0017 on a replica that already holds records asks for a rebuild and keeps the credit limits seen', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(16, dir));
    before.sqlite
      .prepare(
        `INSERT INTO dms_accounts (dealer_code, name, currency, credit_limit, balance, unbilled, overdue, oldest_overdue_days, ageing_not_due,
           ageing_d1_30, ageing_d31_60, ageing_d61_90, ageing_d90_plus, blocked, payment_terms_days, version, updated_at, raw)
         VALUES ('D1', 'D', 'INR', 500000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 30, 1, '2026-01-01T00:00:00Z', '{}')`,
      )
      .run();
    before.sqlite
      .prepare(
        `INSERT INTO dms_invoices (id, number, dealer_code, issued_at, due_date, amount, outstanding, status, version, raw)
         VALUES ('i1', 'INV-1', 'D1', '2026-01-01T00:00:00Z', '2026-01-31', 100, 100, 'open', 1, '{}')`,
      )
      .run();
    before.sqlite.close();
    const o = open(file, migrationsUpTo(18, dir));
    expect(o.migrationsApplied).toBe(2);
    expect(o.sqlite.prepare('SELECT aggregate, built FROM dash_state ORDER BY aggregate').all()).toEqual([
      { aggregate: 'dealer', built: 0 },
      { aggregate: 'figures', built: 1 },
      { aggregate: 'holdAccounts', built: 1 },
      { aggregate: 'holdDecisions', built: 1 },
      { aggregate: 'payments', built: 1 },
      { aggregate: 'receivables', built: 0 },
    ]);
    expect(o.sqlite.prepare('SELECT dealer_code, at, credit_limit FROM dash_credit_limits').all()).toEqual([
      { dealer_code: 'D1', at: '2026-01-01T00:00:00Z', credit_limit: 500000 },
    ]);
  });

  it('0018 adds the stale-figures marks WITHOUT ROWID, empty, leaving the figures a desk already had', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const before = open(file, migrationsUpTo(18, dir));
    before.sqlite.prepare("UPDATE dash_state SET anchor_day = '2026-01-05' WHERE aggregate = 'figures'").run();
    before.sqlite.close();
    const o = open(file, migrationsUpTo(19, dir));
    expect(o.migrationsApplied).toBe(1);
    expect(o.sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'dash_figures_stale'`).pluck().get()).toMatch(/WITHOUT ROWID/i);
    expect(o.sqlite.prepare('SELECT count(*) FROM dash_figures_stale').pluck().get()).toBe(0);
    expect(o.sqlite.prepare("SELECT anchor_day FROM dash_state WHERE aggregate = 'figures'").pluck().get()).toBe('2026-01-05');
  });
});

describe('openDatabase', () => {
  it('sets WAL, foreign keys and a busy timeout, and reopening a current file applies nothing', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const o = open(file);
    expect(o.migrationsApplied).toBe(journalTags().length);
    expect(o.schemaVersion).toBe(journalTags().length);
    expect(o.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(o.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(o.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    o.sqlite.close();
    const again = open(file);
    expect(again.migrationsApplied).toBe(0);
  });

  it('refuses a file written by a newer build with a clear message, and leaves it byte-for-byte untouched', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const newer = open(file); // the "newer app": knows every migration
    newer.sqlite.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 't')`);
    newer.sqlite.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const hashBefore = sha256(file);

    const known = journalTags().length;
    const olderApp = migrationsUpTo(known - 1, dir);
    let thrown: unknown;
    try {
      open(file, olderApp);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NewerSchemaError);
    expect((thrown as Error).message).toBe(
      `This data file was written by a newer Dealer Desk (schema ${known}, this app knows ${known - 1}). Update the app; the file was not changed.`,
    );
    expect(sha256(file)).toBe(hashBefore);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('brings a file from an older build up to date', () => {
    const dir = setup();
    const file = join(dir, 'desk.sqlite');
    const old = open(file, migrationsUpTo(1, dir));
    old.sqlite.exec(`INSERT INTO settings (key, value, updated_at) VALUES ('kept', '"yes"', 't')`);
    old.sqlite.close();
    const o = open(file);
    expect(o.migrationsApplied).toBe(journalTags().length - 1);
    expect(o.sqlite.prepare(`SELECT value FROM settings WHERE key = 'kept'`).get()).toEqual({ value: '"yes"' });
  });
});
