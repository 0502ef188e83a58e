// The dealer-status derivation queue, written by a replica observer inside the page's transaction: the
// first DMS snapshot queues nothing row by row and, when it completes, only the catch-up window; from then
// on every written DMS order is queued (feed and re-snapshot alike) with the status it reached; a replayed
// or unchanged row is not written, so it is not queued again; a rolled-back page leaves no queue row.
import { describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../../../src/main/connectors/source';
import { openDatabase } from '../../../src/main/db/open';
import { ReplicaWriter } from '../../../src/main/sync/replica';

const HOUR = 3_600_000;
const now = new Date('2030-06-10T12:00:00Z');

function dmsOrder(id: string, version: number, status: string, hoursAgo: number): IncomingRecord {
  const updated = new Date(now.getTime() - hoursAgo * HOUR).toISOString();
  return {
    resourceType: 'order',
    id,
    version,
    deleted: false,
    data: {
      id,
      number: `DO-${id}`,
      platform_order_id: `po-${id}`,
      platform_order_number: `SO-${id}`,
      dealer_code: 'D001',
      status,
      warehouse_id: null,
      lines: [
        {
          line_no: 1,
          sku: 'S',
          qty: 1,
          unit_price: 100,
          tax_rate_bp: 1800,
          qty_allocated: 0,
          qty_dispatched: 0,
          qty_delivered: 0,
          qty_returned: 0,
        },
      ],
      total: 118,
      expected_dispatch_date: null,
      shipments: [],
      cancellation: null,
      created_at: updated,
      version,
      updated_at: updated,
    },
  };
}

function setup() {
  const { sqlite } = openDatabase(':memory:');
  const writer = new ReplicaWriter(sqlite, 'dms', () => now);
  const queue = () =>
    sqlite.prepare('SELECT dms_order_id AS id, reason FROM dealer_status_queue ORDER BY dms_order_id').all() as {
      id: string;
      reason: string;
    }[];
  const apply = (records: IncomingRecord[], snapshot = false) => sqlite.transaction(() => writer.apply(records, { snapshot }))();
  const finishSnapshot = () =>
    sqlite.transaction(() => {
      writer.finishSnapshot(['account', 'warehouse', 'stock', 'order', 'invoice', 'payment', 'return', 'credit_override']);
      sqlite
        .prepare("INSERT INTO sync_cursors (source, feed_cursor, snapshot_completed_at, updated_at) VALUES ('dms', 'c1', ?, ?)")
        .run(now.toISOString(), now.toISOString());
    })();
  return { sqlite, writer, queue, apply, finishSnapshot };
}

describe('dealer-status derivation queue', () => {
  it('first start: snapshot rows are history; the end of the snapshot queues the last 72 hours only', () => {
    const { writer, queue, apply, finishSnapshot } = setup();
    writer.beginSnapshot();
    apply([dmsOrder('recent', 3, 'dispatched', 2), dmsOrder('edge', 2, 'allocated', 71), dmsOrder('old', 5, 'delivered', 100)], true);
    expect(queue()).toEqual([]);
    finishSnapshot();
    expect(queue()).toEqual([
      { id: 'edge', reason: 'catch-up' },
      { id: 'recent', reason: 'catch-up' },
    ]);
  });

  it('the catch-up window comes from the setting', () => {
    const { sqlite, writer, queue, apply, finishSnapshot } = setup();
    sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('dealerStatus.catchUpHours', '120', 't')").run();
    writer.beginSnapshot();
    apply([dmsOrder('recent', 3, 'dispatched', 2), dmsOrder('old', 5, 'delivered', 100), dmsOrder('older', 5, 'delivered', 200)], true);
    finishSnapshot();
    expect(queue().map((q) => q.id)).toEqual(['old', 'recent']);
  });

  it('after the first snapshot: feed and re-snapshot rows are queued with the status they reached; replays are not', () => {
    const { sqlite, writer, queue, finishSnapshot } = setup();
    writer.beginSnapshot();
    finishSnapshot();
    // The observer reads "first snapshot done" when its writer is built: a restarted desk builds a new one.
    const restarted = new ReplicaWriter(sqlite, 'dms', () => now);
    sqlite.transaction(() => restarted.apply([dmsOrder('a', 1, 'open', 500), dmsOrder('b', 4, 'allocated', 500)]))();
    expect(queue()).toEqual([
      { id: 'a', reason: 'feed' },
      { id: 'b', reason: 'feed' },
    ]);
    sqlite.prepare('DELETE FROM dealer_status_queue').run();
    // A replayed event (same version) writes nothing and queues nothing; a newer version does.
    sqlite.transaction(() => restarted.apply([dmsOrder('a', 1, 'open', 500), dmsOrder('b', 5, 'backordered', 1)]))();
    expect(queue()).toEqual([{ id: 'b', reason: 'feed' }]);
    // A re-snapshot after a 410: its changed rows are the changes this desk missed.
    restarted.beginSnapshot();
    sqlite.transaction(() =>
      restarted.apply([dmsOrder('a', 2, 'dispatched', 1), dmsOrder('b', 5, 'backordered', 1)], { snapshot: true }),
    )();
    expect(queue()).toEqual([
      { id: 'a', reason: 'snapshot' },
      { id: 'b', reason: 'feed' },
    ]);
    expect(sqlite.prepare("SELECT status, version FROM dms_order_status_history WHERE dms_order_id = 'a' ORDER BY version").all()).toEqual([
      { status: 'open', version: 1 },
      { status: 'dispatched', version: 2 },
    ]);
  });

  it('a page that rolls back leaves no queue row (the queue commits with the page, or not at all)', () => {
    const { sqlite, writer, queue, finishSnapshot } = setup();
    writer.beginSnapshot();
    finishSnapshot();
    const restarted = new ReplicaWriter(sqlite, 'dms', () => now);
    expect(() =>
      sqlite.transaction(() => {
        restarted.apply([dmsOrder('c', 1, 'allocated', 1)]);
        throw new Error('the process dies before the cursor is written');
      })(),
    ).toThrow(/dies/);
    expect(queue()).toEqual([]);
    expect(sqlite.prepare("SELECT count(*) FROM dms_orders WHERE id = 'c'").pluck().get()).toBe(0);
  });
});
