// The order queues' replica observer, through the sync engine's own ReplicaWriter on a real SQLite file:
// tallies, linked DMS / dealer statuses and drift stay equal to what the rows say, whatever order the
// feeds deliver them in, across pages, updates, snapshot clean-ups (bulk deletes) and deletions.
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { driftKinds } from '../../../src/shared/orders';
import type { Dms, Platform } from '../../../src/shared/contracts';
import { dmsOrder, invoice, platformOrder, record } from './orderRecords';

const open: Database.Database[] = [];
afterEach(() => {
  while (open.length) open.pop()?.close();
});

function desk() {
  const sqlite = openDatabase(':memory:').sqlite;
  open.push(sqlite);
  return { sqlite, platform: new ReplicaWriter(sqlite, 'platform'), dms: new ReplicaWriter(sqlite, 'dms') };
}

type Desk = ReturnType<typeof desk>;

function page(d: Desk, source: 'platform' | 'dms', records: ReturnType<typeof record>[], snapshot = false) {
  d.sqlite.transaction(() => (source === 'platform' ? d.platform : d.dms).apply(records, { snapshot }))();
}

/** What the observer must keep, recomputed from the rows with plain SQL. */
function truth(sqlite: Database.Database) {
  return {
    waiting: [],
    tallies: sqlite.prepare('SELECT status, channel, count(*) AS n FROM platform_orders GROUP BY 1, 2 ORDER BY 1, 2').all(),
    regionTallies: sqlite
      .prepare(
        `SELECT coalesce(a.region, '') AS region, o.status, o.channel, count(*) AS n
         FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      )
      .all(),
    linked: sqlite
      .prepare(
        `SELECT o.id,
           (SELECT d.status FROM dms_orders d WHERE d.platform_order_id = o.id ORDER BY d.id = o.dms_order_id DESC, d.created_at DESC LIMIT 1) AS dms,
           (SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = o.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1) AS dealer,
           (SELECT max(s.delivered_at) FROM dms_shipments s WHERE s.order_id = (
              SELECT d.id FROM dms_orders d WHERE d.platform_order_id = o.id ORDER BY d.id = o.dms_order_id DESC, d.created_at DESC LIMIT 1
            ) AND s.eta < substr(s.delivered_at, 1, 10)) AS late
         FROM platform_orders o ORDER BY o.id`,
      )
      .all(),
  };
}

function kept(sqlite: Database.Database) {
  return {
    tallies: sqlite.prepare('SELECT status, channel, n FROM order_tallies WHERE n <> 0 ORDER BY 1, 2').all(),
    regionTallies: sqlite.prepare('SELECT region, status, channel, n FROM order_region_tallies WHERE n <> 0 ORDER BY 1, 2, 3').all(),
    linked: sqlite
      .prepare('SELECT id, dms_status AS dms, dealer_status AS dealer, delivered_late_at AS late FROM platform_orders ORDER BY id')
      .all(),
    waiting: sqlite
      .prepare('SELECT order_id FROM order_links_waiting WHERE order_id IN (SELECT id FROM platform_orders) ORDER BY 1')
      .pluck()
      .all(),
  };
}

function account(id: string, region: string, version = 1): Platform.Account {
  return {
    id,
    code: `D-${id}`,
    name: `Dealer ${id}`,
    status: 'active',
    region,
    tier: 'gold',
    currency: 'INR',
    price_list_id: 'base',
    payment_terms_days: 30,
    version,
    updated_at: '2026-03-01T00:00:00.000Z',
  } as Platform.Account;
}

function publication(id: string, orderId: string, status: Platform.DealerStatus['status'], publishedAt: string): Platform.DealerStatus {
  return {
    id,
    order_id: orderId,
    status,
    message: `Order ${orderId}: ${status}`,
    eta: null,
    tracking: null,
    published_by: { id: 'dealer-desk', name: 'Dealer Desk integration' },
    published_at: publishedAt,
    version: 1,
    updated_at: publishedAt,
  };
}

describe('tallies and linked statuses', () => {
  it('follow new orders, status and channel changes, in pages, and the bulk delete at the end of a snapshot', () => {
    const d = desk();
    page(d, 'platform', [
      record('order', platformOrder({ id: 'o1', accountId: 'a1', status: 'received' })),
      record('order', platformOrder({ id: 'o2', accountId: 'a1', status: 'received', channel: 'phone' })),
      record('order', platformOrder({ id: 'o3', accountId: 'a2', status: 'credit_hold' })),
    ]);
    expect(kept(d.sqlite)).toEqual(truth(d.sqlite));
    page(d, 'platform', [
      record('order', platformOrder({ id: 'o1', accountId: 'a1', status: 'in_fulfillment', version: 2, dmsOrderId: 'd1' })),
      // An older version is skipped by the writer and must not move a tally.
      record('order', platformOrder({ id: 'o3', accountId: 'a2', status: 'cancelled', version: 0 })),
    ]);
    expect(kept(d.sqlite)).toEqual(truth(d.sqlite));
    // A re-snapshot that no longer contains o2: the writer deletes it in one statement.
    d.platform.beginSnapshot();
    page(
      d,
      'platform',
      [
        record('order', platformOrder({ id: 'o1', accountId: 'a1', status: 'in_fulfillment', version: 2, dmsOrderId: 'd1' })),
        record('order', platformOrder({ id: 'o3', accountId: 'a2', status: 'credit_hold' })),
      ],
      true,
    );
    d.sqlite.transaction(() => d.platform.finishSnapshot(['order']))();
    expect(d.sqlite.prepare('SELECT id FROM platform_orders ORDER BY id').pluck().all()).toEqual(['o1', 'o3']);
    expect(kept(d.sqlite)).toEqual(truth(d.sqlite));
  });

  it('link the DMS status and the latest publication whichever side arrives first', () => {
    const d = desk();
    // The DMS order and a publication arrive before their platform order (another desk handed it over).
    page(d, 'dms', [record('order', dmsOrder({ id: 'd1', platformOrderId: 'o1', status: 'allocated' }))]);
    page(d, 'platform', [record('dealer_status', publication('p1', 'o1', 'confirmed', '2026-03-02T06:00:00.000Z'))]);
    page(d, 'platform', [record('order', platformOrder({ id: 'o1', status: 'in_fulfillment', dmsOrderId: 'd1' }))]);
    expect(kept(d.sqlite).linked).toEqual([{ id: 'o1', dms: 'allocated', dealer: 'confirmed', late: null }]);
    // Then the warehouse moves on, and a later publication arrives before an earlier one.
    page(d, 'dms', [record('order', dmsOrder({ id: 'd1', platformOrderId: 'o1', status: 'dispatched', version: 2 }))]);
    page(d, 'platform', [
      record('dealer_status', publication('p3', 'o1', 'delivered', '2026-03-05T06:00:00.000Z')),
      record('dealer_status', publication('p2', 'o1', 'dispatched', '2026-03-04T06:00:00.000Z')),
    ]);
    expect(kept(d.sqlite).linked).toEqual([{ id: 'o1', dms: 'dispatched', dealer: 'delivered', late: null }]);
    // A publication deleted (a snapshot that no longer has it): the delete trigger finds the one before.
    d.sqlite.prepare(`DELETE FROM platform_dealer_statuses WHERE id = 'p3'`).run();
    d.sqlite.prepare(`DELETE FROM dms_orders WHERE id = 'd1'`).run();
    expect(kept(d.sqlite).linked).toEqual([{ id: 'o1', dms: null, dealer: 'dispatched', late: null }]);
  });

  it('hold for any interleaving of platform orders, DMS orders and publications (property)', () => {
    const statuses: Platform.OrderStatus[] = ['received', 'credit_hold', 'approved', 'in_fulfillment', 'closed', 'cancelled'];
    const dmsStatuses: Dms.OrderStatus[] = ['open', 'allocated', 'backordered', 'dispatched', 'delivered', 'cancelled'];
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('order' as const),
        order: fc.integer({ min: 0, max: 5 }),
        account: fc.integer({ min: 0, max: 2 }),
        status: fc.constantFrom(...statuses),
        channel: fc.constantFrom<Platform.Order['channel']>('portal', 'phone'),
        version: fc.integer({ min: 1, max: 6 }),
      }),
      fc.record({
        kind: fc.constant('dms' as const),
        order: fc.integer({ min: 0, max: 5 }),
        dms: fc.integer({ min: 0, max: 1 }),
        status: fc.constantFrom(...dmsStatuses),
        version: fc.integer({ min: 1, max: 6 }),
      }),
      fc.record({
        kind: fc.constant('publication' as const),
        order: fc.integer({ min: 0, max: 5 }),
        n: fc.integer({ min: 0, max: 3 }),
        status: fc.constantFrom<Platform.DealerStatus['status']>('confirmed', 'dispatched', 'delivered'),
        hour: fc.integer({ min: 0, max: 23 }),
      }),
      fc.record({ kind: fc.constant('deleteOrder' as const), order: fc.integer({ min: 0, max: 5 }) }),
      fc.record({
        kind: fc.constant('account' as const),
        account: fc.integer({ min: 0, max: 2 }),
        region: fc.constantFrom('North', 'West'),
        version: fc.integer({ min: 1, max: 4 }),
      }),
      fc.record({ kind: fc.constant('deleteAccount' as const), account: fc.integer({ min: 0, max: 2 }) }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(event, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (pages) => {
        const d = desk();
        try {
          for (const events of pages) {
            const platformRecords = [];
            const dmsRecords = [];
            for (const e of events) {
              if (e.kind === 'order') {
                platformRecords.push(
                  record(
                    'order',
                    platformOrder({
                      id: `o${e.order}`,
                      accountId: `a${e.account}`,
                      status: e.status,
                      channel: e.channel,
                      version: e.version,
                      dmsOrderId: e.status === 'in_fulfillment' ? `d${e.order}-0` : null,
                    }),
                  ),
                );
              } else if (e.kind === 'dms') {
                dmsRecords.push(
                  record(
                    'order',
                    dmsOrder({
                      id: `d${e.order}-${e.dms}`,
                      platformOrderId: `o${e.order}`,
                      status: e.status,
                      version: e.version,
                      createdAt: `2026-03-0${2 + e.dms}T05:10:00.000Z`,
                      // Delivered on the ETA, or a day or two after it.
                      shipments:
                        e.status === 'delivered'
                          ? [
                              {
                                id: `s${e.order}-${e.dms}`,
                                number: `SH-${e.order}-${e.dms}`,
                                dispatched_at: '2026-03-03T05:00:00.000Z',
                                eta: '2026-03-05',
                                delivered_at: `2026-03-0${5 + (e.version % 3)}T09:00:00.000Z`,
                                lines: [{ line_no: 1, qty: 10 }],
                              },
                            ]
                          : [],
                    }),
                  ),
                );
              } else if (e.kind === 'publication') {
                const at = `2026-03-04T${String(e.hour).padStart(2, '0')}:00:00.000Z`;
                platformRecords.push(record('dealer_status', publication(`p${e.order}-${e.n}`, `o${e.order}`, e.status, at)));
              } else if (e.kind === 'account') {
                platformRecords.push(record('account', account(`a${e.account}`, e.region, e.version)));
              } else if (e.kind === 'deleteAccount') {
                d.sqlite.prepare('DELETE FROM platform_accounts WHERE id = ?').run(`a${e.account}`);
              } else {
                d.sqlite.prepare('DELETE FROM platform_orders WHERE id = ?').run(`o${e.order}`);
              }
            }
            if (platformRecords.length) page(d, 'platform', platformRecords);
            if (dmsRecords.length) page(d, 'dms', dmsRecords);
          }
          expect(kept(d.sqlite)).toEqual(truth(d.sqlite));
        } finally {
          d.sqlite.close();
          open.splice(open.indexOf(d.sqlite), 1);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('drift', () => {
  const driftOf = (sqlite: Database.Database, id: string) =>
    (sqlite.prepare('SELECT kinds FROM order_drift WHERE order_id = ?').pluck().get(id) as number | undefined) ?? 0;

  it('flags a quantity or price the DMS has differently, and clears it when the DMS is corrected', () => {
    const d = desk();
    page(d, 'platform', [
      record(
        'order',
        platformOrder({
          id: 'o1',
          status: 'in_fulfillment',
          dmsOrderId: 'd1',
          lines: [
            { sku: 'CAB-1', qty: 10, unitPrice: 1500_00 },
            { sku: 'MCB-2', qty: 4, unitPrice: 320_00 },
          ],
        }),
      ),
    ]);
    page(d, 'dms', [
      record(
        'order',
        dmsOrder({
          id: 'd1',
          platformOrderId: 'o1',
          lines: [
            { sku: 'CAB-1', qty: 12, unitPrice: 1500_00 },
            { sku: 'MCB-2', qty: 4, unitPrice: 300_00 },
          ],
        }),
      ),
    ]);
    expect(driftOf(d.sqlite, 'o1')).toBe(driftKinds.lines);
    page(d, 'dms', [
      record(
        'order',
        dmsOrder({
          id: 'd1',
          platformOrderId: 'o1',
          version: 2,
          lines: [
            { sku: 'CAB-1', qty: 10, unitPrice: 1500_00 },
            { sku: 'MCB-2', qty: 4, unitPrice: 320_00 },
          ],
        }),
      ),
    ]);
    expect(driftOf(d.sqlite, 'o1')).toBe(0);
  });

  it('flags a DMS cancellation under a live platform order, and an invoice that differs from the delivered value', () => {
    const d = desk();
    page(d, 'platform', [
      record('order', platformOrder({ id: 'o1', status: 'in_fulfillment', dmsOrderId: 'd1' })),
      record('order', platformOrder({ id: 'o2', status: 'in_fulfillment', dmsOrderId: 'd2' })),
    ]);
    page(d, 'dms', [record('order', dmsOrder({ id: 'd1', platformOrderId: 'o1', status: 'cancelled' }))]);
    expect(driftOf(d.sqlite, 'o1')).toBe(driftKinds.status);
    // The platform closes it: cancelled in the DMS and closed on the platform agree.
    page(d, 'platform', [record('order', platformOrder({ id: 'o1', status: 'closed', dmsOrderId: 'd1', version: 2 }))]);
    expect(driftOf(d.sqlite, 'o1')).toBe(0);

    const shipments = [
      {
        id: 'sh1',
        number: 'SH-1',
        dispatched_at: '2026-03-03T05:00:00.000Z',
        delivered_at: '2026-03-04T05:00:00.000Z',
        lines: [{ line_no: 1, qty: 10 }],
      },
    ];
    page(d, 'dms', [
      record(
        'order',
        dmsOrder({
          id: 'd2',
          platformOrderId: 'o2',
          status: 'delivered',
          shipments,
          lines: [{ sku: 'CAB-1', qty: 10, unitPrice: 1500_00, allocated: 10, dispatched: 10, delivered: 10 }],
        }),
      ),
    ]);
    // Delivered with no invoice yet: invoiced 0 against 17,700.00.
    expect(driftOf(d.sqlite, 'o2')).toBe(driftKinds.invoice);
    page(d, 'dms', [
      record('invoice', invoice({ id: 'i1', dmsOrderId: 'd2', platformOrderId: 'o2', shipmentId: 'sh1', amount: 17_700_00 })),
    ]);
    expect(driftOf(d.sqlite, 'o2')).toBe(0);
    page(d, 'dms', [
      record('invoice', {
        ...invoice({ id: 'i1', dmsOrderId: 'd2', platformOrderId: 'o2', shipmentId: 'sh1', amount: 17_000_00 }),
        version: 2,
      }),
    ]);
    expect(driftOf(d.sqlite, 'o2')).toBe(driftKinds.invoice);
  });
});
