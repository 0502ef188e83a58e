// The replica writer on a real (in-memory) migrated database: version guard, child rows replaced with the
// parent, deletions with tombstones (a replayed older event cannot resurrect), and snapshot pruning that
// keeps a row whose fresh copy was quarantined.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import type { ReplicaObserverFactory } from '../../../src/main/sync/observers';
import type { IncomingRecord } from '../../../src/main/connectors/source';

const product = (sku: string, version: number, name = `Product ${sku}`): IncomingRecord => ({
  resourceType: 'product',
  id: sku,
  version,
  deleted: false,
  data: {
    sku,
    name,
    category: 'cable',
    uom: 'case',
    pack_size: 1,
    min_order_qty: 1,
    order_multiple: 1,
    tax_rate_bp: 1800,
    active: true,
    version,
    updated_at: '2026-01-01T00:00:00Z',
  },
});

const order = (id: string, version: number, lines: number): IncomingRecord => ({
  resourceType: 'order',
  id,
  version,
  deleted: false,
  data: {
    id,
    number: `SO-${id}`,
    account_id: 'A1',
    channel: 'portal',
    status: 'received',
    placed_at: '2026-01-01T00:00:00Z',
    placed_by: { type: 'dealer', id: 'd', name: 'D' },
    currency: 'INR',
    lines: Array.from({ length: lines }, (_, i) => ({
      line_no: i + 1,
      sku: 'S',
      qty: 1,
      unit_price: 100,
      tax_rate_bp: 1800,
      line_total: 100,
      tax: 18,
    })),
    subtotal: 100 * lines,
    tax_total: 18 * lines,
    total: 118 * lines,
    credit_check: { result: 'passed', checked_at: '2026-01-01T00:00:00Z', credit_limit: 0, exposure: 0, available_after: 0, reasons: [] },
    approvals: [],
    version,
    updated_at: '2026-01-01T00:00:00Z',
  },
});

function setup() {
  const { sqlite } = openDatabase(':memory:');
  return { sqlite, w: new ReplicaWriter(sqlite, 'platform') };
}

describe('ReplicaWriter', () => {
  it('never lets an older or equal version overwrite', () => {
    const { sqlite, w } = setup();
    expect(w.apply([product('A', 3, 'new')]).applied).toBe(1);
    const stats = w.apply([product('A', 2, 'old'), product('A', 3, 'same version')]);
    expect(stats).toMatchObject({ applied: 0, skipped: 2 });
    expect(sqlite.prepare("SELECT name, version FROM platform_products WHERE sku = 'A'").get()).toEqual({ name: 'new', version: 3 });
  });

  it('replaces child rows with their parent', () => {
    const { sqlite, w } = setup();
    w.apply([order('O1', 1, 3)]);
    w.apply([order('O1', 2, 1)]);
    expect(sqlite.prepare("SELECT count(*) FROM platform_order_lines WHERE order_id = 'O1'").pluck().get()).toBe(1);
    w.apply([order('O1', 1, 5)]);
    expect(sqlite.prepare("SELECT count(*) FROM platform_order_lines WHERE order_id = 'O1'").pluck().get()).toBe(1);
  });

  it('applies deletions; a replayed older upsert does not bring the row back, a newer one does', () => {
    const { sqlite, w } = setup();
    w.apply([product('B', 1)]);
    w.apply([{ resourceType: 'product', id: 'B', version: 2, deleted: true, data: { id: 'B' } }]);
    expect(sqlite.prepare("SELECT count(*) FROM platform_products WHERE sku = 'B'").pluck().get()).toBe(0);
    w.apply([product('B', 1), product('B', 2)]);
    expect(sqlite.prepare("SELECT count(*) FROM platform_products WHERE sku = 'B'").pluck().get()).toBe(0);
    w.apply([product('B', 3)]);
    expect(sqlite.prepare("SELECT version FROM platform_products WHERE sku = 'B'").pluck().get()).toBe(3);
  });

  it('a re-snapshot removes rows the server no longer has, but keeps one whose fresh copy was quarantined', () => {
    const { sqlite, w } = setup();
    w.apply([product('C', 1), product('D', 1), product('E', 1)]);
    w.beginSnapshot();
    w.apply([product('C', 2)], { snapshot: true });
    w.markSeen('product', 'E');
    w.finishSnapshot(['product']);
    expect(sqlite.prepare('SELECT sku FROM platform_products ORDER BY sku').pluck().all()).toEqual(['C', 'E']);
  });

  it('tells observers about every row it changes, with what they read before, and the end of a snapshot', () => {
    const { sqlite } = openDatabase(':memory:');
    const seen: unknown[] = [];
    const factory: ReplicaObserverFactory = (db, source) =>
      source === 'platform'
        ? {
            resourceTypes: ['product'],
            before: (_type, id) => db.prepare('SELECT name FROM platform_products WHERE sku = ?').pluck().get(id) ?? null,
            after: (type, id, data, previous, snapshot) => seen.push([type, id, data?.name ?? null, previous, snapshot]),
            snapshotFinished: (types) => seen.push(['snapshot finished', [...types]]),
          }
        : null;
    const w = new ReplicaWriter(sqlite, 'platform', () => new Date(), [factory]);
    w.apply([product('A', 1, 'first'), order('O1', 1, 1)]);
    w.apply([product('A', 1, 'replayed'), product('A', 2, 'second')]);
    w.apply([{ resourceType: 'product', id: 'A', version: 3, deleted: true, data: { id: 'A' } }]);
    w.beginSnapshot();
    w.apply([product('B', 1, 'snap')], { snapshot: true });
    w.finishSnapshot(['product']);
    expect(seen).toEqual([
      ['product', 'A', 'first', null, false],
      ['product', 'A', 'second', 'first', false],
      ['product', 'A', null, 'second', false],
      ['product', 'B', 'snap', null, true],
      ['snapshot finished', ['product']],
    ]);
  });
});
