// A desk that synced before the dashboards' aggregates existed (migration 0017 marks them `built = 0`): the
// first replica writer rebuilds the day tables from the replica's rows, and the figures come out the same as
// on a desk whose observer kept them from the start.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { readBookDealers, prepareWindows } from '../../../src/main/features/dashboards/queries';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { dmsAccount, dmsOrder, dmsReturn, invoice, payment, platformAccount, platformOrder, record } from './builders';

const NOW = new Date('2026-06-15T06:30:00.000Z');
const platform = [
  platformAccount({ id: 'acc-a', code: 'DA' }),
  platformOrder({
    id: 'h1',
    accountId: 'acc-a',
    placedAt: '2026-06-01T05:00:00Z',
    held: true,
    status: 'approved',
    decision: { outcome: 'approved', at: '2026-06-01T06:00:00Z' },
  }),
];
const dms = [
  dmsAccount({ code: 'DA', limit: 10_000_000, balance: 2_000_000, unbilled: 500_000 }),
  invoice({ id: 'i1', code: 'DA', issuedAt: '2026-05-01T06:00:00Z', dueDate: '2026-03-31', amount: 3_000_000, outstanding: 2_000_000 }),
  payment({ id: 'p1', code: 'DA', at: '2026-05-20T06:00:00Z', amount: 1_000_000 }),
  dmsReturn({ id: 'r1', code: 'DA', orderId: 'o1', at: '2026-05-25T06:00:00Z', credit: 10_000 }),
  dmsOrder({
    id: 'o1',
    code: 'DA',
    status: 'closed',
    lines: [{ qty: 10, delivered: 9 }],
    shipments: [{ deliveredAt: '2026-05-03T06:00:00Z', eta: '2026-05-04' }],
  }),
];
const everyDealer = { filter: {}, sort: { column: 'risk' as const, direction: 'desc' as const }, offset: 0, limit: 100 };

function fill(observe: boolean) {
  const { sqlite } = openDatabase(':memory:');
  const factories = observe ? undefined : [];
  const writers = {
    platform: new ReplicaWriter(sqlite, 'platform', () => NOW, factories),
    dms: new ReplicaWriter(sqlite, 'dms', () => NOW, factories),
  };
  sqlite.transaction(() => writers.platform.apply(platform.map((r) => record('platform', r))))();
  sqlite.transaction(() => writers.dms.apply(dms.map((r) => record('dms', r))))();
  return sqlite;
}

describe('dashboard aggregates on a desk synced before they existed', () => {
  it('are rebuilt from the replica by the first writer, with the same figures', () => {
    const kept = fill(true);
    const upgraded = fill(false);
    try {
      // What migration 0017 finds on such a desk.
      upgraded.prepare("UPDATE dash_state SET built = 0 WHERE aggregate <> 'figures'").run();
      expect(prepareWindows(upgraded, '2026-06-15')).toMatch(/being rebuilt/);
      // The pull thread's writers start: each rebuilds its source's aggregates.
      new ReplicaWriter(upgraded, 'platform', () => NOW);
      new ReplicaWriter(upgraded, 'dms', () => NOW);
      expect(upgraded.prepare('SELECT count(*) FROM dash_state WHERE built = 0').pluck().get()).toBe(0);
      const days = (db: typeof kept) => db.prepare('SELECT * FROM dash_dealer_days ORDER BY day, dealer_code').all();
      expect(days(upgraded)).toEqual(days(kept));
      const figures = (db: typeof kept) => readBookDealers(db, everyDealer, NOW).rows;
      expect(figures(upgraded)).toEqual(figures(kept));
      expect(figures(upgraded)[0]).toMatchObject({
        sales12Months: 3_000_000,
        receivableBalance: 1_990_000,
        deliveries12Months: 1,
        riskReasons: ['overdue60', 'holdsRise'],
      });
    } finally {
      kept.close();
      upgraded.close();
    }
  });
});
