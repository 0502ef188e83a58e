// Every special queue of the shipped views, on a replica written through the sync engine's ReplicaWriter
// (so the observer's linked statuses and drift are as in a running desk): which orders each one holds, its
// count, filters on top, and the SLA sort (most overdue first against each stage's target).
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrderQuery, listOrders, type ListOrdersOptions } from '../../../src/main/features/orders/list';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { enqueue } from '../../../src/main/sync/outbox';
import { defaultSlaTargets, orderQueues, type OrderQueue } from '../../../src/shared/orders';
import { readSla } from '../../../src/shared/sla';
import { makeBackend, type TestBackend } from '../services/helpers';
import { dmsOrder, invoice, platformOrder, record } from './orderRecords';

let t: TestBackend;
let db: Database.Database;
// Monday 2 March 2026, 11:00 IST: inside office hours.
const now = new Date('2026-03-02T05:30:00.000Z');
const options: ListOrdersOptions = { now, staffId: 'staff-asha', countCache: false, driftGraceMs: 15 * 60_000 };
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

function write(source: 'platform' | 'dms', records: ReturnType<typeof record>[]) {
  const writer = new ReplicaWriter(db, source, () => now);
  db.transaction(() => writer.apply(records))();
}

const ids = (queue: OrderQueue, extra: Parameters<typeof listOrders>[1] = {}) =>
  listOrders(db, { queue, ...extra, sort: { column: 'number', direction: 'asc' } }, options).rows.map((r) => r.id);

beforeAll(async () => {
  t = await makeBackend();
  db = t.backend.sqlite;
  db.prepare(
    `INSERT INTO platform_accounts (id, code, name, status, region, tier, currency, price_list_id, payment_terms_days, version, raw)
     VALUES ('acc-1', 'DLR1', 'Sharma Electricals', 'active', 'West', 'gold', 'INR', 'base', 30, 1, '{}'),
            ('acc-2', 'DLR2', 'Iyer Lighting', 'active', 'South', 'gold', 'INR', 'base', 30, 1, '{}')`,
  ).run();
  write('platform', [
    // Cleared, held by the hand-over routing for a person.
    record('order', platformOrder({ id: 'confirm-1', accountId: 'acc-1', status: 'received', placedAt: minutesAgo(50) })),
    record('order', platformOrder({ id: 'confirm-2', accountId: 'acc-2', status: 'approved', placedAt: minutesAgo(200) })),
    // Received, going automatically, 40 minutes old (past the 30-minute target).
    record('order', platformOrder({ id: 'received-1', accountId: 'acc-1', status: 'received', placedAt: minutesAgo(40) })),
    record('order', platformOrder({ id: 'hold-1', accountId: 'acc-2', status: 'credit_hold', placedAt: minutesAgo(90) })),
    record(
      'order',
      platformOrder({ id: 'back-1', accountId: 'acc-1', status: 'in_fulfillment', dmsOrderId: 'd-back-1', placedAt: minutesAgo(600) }),
    ),
    record(
      'order',
      platformOrder({ id: 'ship-1', accountId: 'acc-2', status: 'in_fulfillment', dmsOrderId: 'd-ship-1', placedAt: minutesAgo(2000) }),
    ),
    record(
      'order',
      platformOrder({ id: 'late-1', accountId: 'acc-1', status: 'closed', dmsOrderId: 'd-late-1', placedAt: minutesAgo(20_000) }),
    ),
    record(
      'order',
      platformOrder({
        id: 'phone-1',
        accountId: 'acc-2',
        status: 'closed',
        channel: 'phone',
        placedAt: minutesAgo(5000),
        placedBy: { type: 'staff', id: 'staff-asha', name: 'Asha Rao' },
      }),
    ),
    record(
      'order',
      platformOrder({
        id: 'phone-2',
        accountId: 'acc-2',
        status: 'closed',
        channel: 'phone',
        placedAt: minutesAgo(5000),
        placedBy: { type: 'staff', id: 'staff-ravi', name: 'Ravi' },
      }),
    ),
    record(
      'order',
      platformOrder({ id: 'drift-1', accountId: 'acc-1', status: 'in_fulfillment', dmsOrderId: 'd-drift-1', placedAt: minutesAgo(300) }),
    ),
    // The platform says in fulfilment; the DMS never got it.
    record(
      'order',
      platformOrder({ id: 'lost-1', accountId: 'acc-2', status: 'in_fulfillment', dmsOrderId: 'd-lost-1', placedAt: minutesAgo(400) }),
    ),
  ]);
  const shipped = (id: string, dispatchedAt: string, eta: string | null, deliveredAt: string | null) => ({
    id,
    number: `SH-${id}`,
    dispatched_at: dispatchedAt,
    eta,
    delivered_at: deliveredAt,
    lines: [{ line_no: 1, qty: 10 }],
  });
  write('dms', [
    record('order', dmsOrder({ id: 'd-back-1', platformOrderId: 'back-1', status: 'backordered' })),
    record(
      'order',
      dmsOrder({
        id: 'd-ship-1',
        platformOrderId: 'ship-1',
        status: 'dispatched',
        shipments: [shipped('sh1', minutesAgo(120), '2026-03-05', null)],
      }),
    ),
    record(
      'order',
      dmsOrder({
        id: 'd-late-1',
        platformOrderId: 'late-1',
        status: 'closed',
        shipments: [shipped('sh2', '2026-02-20T05:00:00.000Z', '2026-02-22', '2026-02-24T09:00:00.000Z')],
      }),
    ),
    record('order', dmsOrder({ id: 'd-drift-1', platformOrderId: 'drift-1', lines: [{ sku: 'CAB-1', qty: 12, unitPrice: 1500_00 }] })),
    // Invoiced at dispatch, at the order's prices: late, but no drift.
    record(
      'invoice',
      invoice({ id: 'inv-late-1', dmsOrderId: 'd-late-1', platformOrderId: 'late-1', shipmentId: 'sh2', amount: 17_700_00 }),
    ),
  ]);
  db.prepare(
    `INSERT INTO handover_confirmations (order_id, reason, state, created_at) VALUES (?, 'channel portal', 'open', ?), (?, 'channel portal', 'open', ?)`,
  ).run('confirm-1', minutesAgo(45), 'confirm-2', minutesAgo(70));
  // A hand-over the DMS refused, for "failed pushes".
  const failed = enqueue(db, {
    target: 'dms',
    kind: 'dms.createOrder',
    entityKey: 'order:received-1',
    idempotencyKey: 'handover:received-1',
    method: 'POST',
    path: '/orders',
    payload: {},
    createdBy: 'system',
  });
  db.prepare(`UPDATE outbox SET status = 'failed', last_error = 'account on stop' WHERE id = ?`).run(failed.id);
  db.prepare(
    `INSERT INTO sync_cursors (source, feed_cursor, snapshot_completed_at, last_success_at, updated_at) VALUES ('dms', 'c1', ?, ?, ?)`,
  ).run(minutesAgo(600), minutesAgo(1), minutesAgo(1));
});
afterAll(async () => t?.cleanup());

describe('the queues of the shipped views', () => {
  it.each<[OrderQueue, string[]]>([
    ['awaitingHandover', ['confirm-1', 'confirm-2']],
    ['backordered', ['back-1']],
    ['dispatchedToday', ['ship-1']],
    ['deliveredLate', ['late-1']],
    ['myPhoneOrders', ['phone-1']],
    ['failedPushes', ['received-1']],
    ['drift', ['drift-1', 'lost-1']],
  ])('%s holds exactly its orders, and counts them', (queue, expected) => {
    expect(ids(queue)).toEqual(expected);
    expect(countOrderQuery(db, { queue }, options)).toEqual({ total: expected.length, exact: true });
  });

  it('covers every queue the contract names', () => {
    expect(new Set(orderQueues)).toEqual(
      new Set(['awaitingHandover', 'backordered', 'dispatchedToday', 'deliveredLate', 'myPhoneOrders', 'failedPushes', 'drift']),
    );
  });

  it('filters and search apply on top of a queue', () => {
    expect(ids('awaitingHandover', { region: ['South'] })).toEqual(['confirm-2']);
    expect(ids('awaitingHandover', { status: ['received'] })).toEqual(['confirm-1']);
    expect(ids('drift', { search: 'Iyer' })).toEqual(['lost-1']);
    expect(countOrderQuery(db, { queue: 'drift', channel: ['phone'] }, options).total).toBe(0);
  });

  it('"dispatched today" is the office day: the same shipment is not today a day later', () => {
    const tomorrow = new Date(now.getTime() + 24 * 3_600_000);
    expect(listOrders(db, { queue: 'dispatchedToday' }, { ...options, now: tomorrow }).total).toBe(0);
  });

  it('drift that may be passing (in fulfilment without a DMS order) waits for the grace period', () => {
    const long = listOrders(db, { queue: 'drift' }, { ...options, driftGraceMs: 10 * 24 * 3_600_000 }).rows.map((r) => r.id);
    expect(long).toEqual(['drift-1']);
  });

  it('rows carry their SLA stage and since, their drift and the linked DMS status', () => {
    const rows = new Map(listOrders(db, { limit: 50 }, options).rows.map((r) => [r.id, r]));
    expect(rows.get('confirm-1')?.sla).toEqual({ stage: 'awaitingHandover', since: minutesAgo(45) });
    expect(rows.get('received-1')?.sla).toEqual({ stage: 'notHandedOver', since: minutesAgo(40) });
    expect(rows.get('hold-1')?.sla).toEqual({ stage: 'creditHold', since: minutesAgo(90) });
    expect(rows.get('back-1')?.sla?.stage).toBe('inFulfilment');
    expect(rows.get('late-1')?.sla).toBeNull();
    expect(rows.get('drift-1')?.drift).toBe(1);
    expect(rows.get('lost-1')?.drift).toBe(4);
    expect(rows.get('back-1')?.dmsStatus).toBe('backordered');
  });
});

describe('the SLA sort', () => {
  it('puts the most overdue against its own stage first, then the orders without a running clock', () => {
    const all = listOrders(db, { sort: { column: 'sla', direction: 'desc' }, limit: 50 }, options).rows;
    const ratio = (r: (typeof all)[number]) => {
      if (!r.sla) return -1;
      const reading = readSla(Date.parse(r.sla.since), now.getTime(), defaultSlaTargets[r.sla.stage]);
      return reading.elapsedMs / reading.targetMs;
    };
    const running = all.filter((r) => r.sla);
    expect(running.map(ratio)).toEqual([...running.map(ratio)].sort((a, b) => b - a));
    // Received 40 minutes against 30 beats 70 minutes to confirm against 60, which beats a hold of 90
    // working minutes against four hours.
    expect(running.slice(0, 3).map((r) => r.id)).toEqual(['received-1', 'confirm-2', 'confirm-1']);
    // Then closed orders, newest first.
    const rest = all.slice(running.length);
    expect(rest.every((r) => r.sla === null)).toBe(true);
    expect(all.findIndex((r) => !r.sla)).toBe(running.length);
    // Paged: the same order, whatever the page size.
    const paged = [0, 3, 6, 9, 12].flatMap((offset) =>
      listOrders(db, { sort: { column: 'sla', direction: 'desc' }, offset, limit: 3 }, options).rows.map((r) => r.id),
    );
    expect(paged).toEqual(all.map((r) => r.id));
    // asc is the reverse order of urgency: no clock first, the most overdue last.
    const asc = listOrders(db, { sort: { column: 'sla', direction: 'asc' }, limit: 50 }, options).rows.map((r) => r.id);
    expect(asc[asc.length - 1]).toBe('received-1');
    expect(new Set(asc)).toEqual(new Set(all.map((r) => r.id)));
  });
});
