// A dealer's charts (issue 11, point 1): sales by month beside the previous year, and credit limit against
// exposure at each month end, read from the day aggregates the observer keeps. Hand-built history with an
// order invoiced later, a cancelled order, an order closed part-delivered, a void invoice, a payment and a
// return; the expected figures are worked out by hand in the comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDealerDashboard } from '../../../src/main/features/dashboards/queries';
import { dashReplica, dmsAccount, dmsOrder, dmsReturn, invoice, payment, platformAccount, type DashReplica } from './builders';

let r: DashReplica;
const NOW = '2026-06-15T06:30:00.000Z';

beforeAll(async () => {
  r = await dashReplica(NOW);
  r.apply('platform', [platformAccount({ id: 'acc-b', code: 'DB' })]);
  r.apply('dms', [
    dmsAccount({ code: 'DB', limit: 2_000_000, balance: 0 }),
    // Closed with 2 of 4 delivered: total 47,200, dispatched 23,600 (invoiced), the rest dropped on closing.
    dmsOrder({
      id: 'o4',
      code: 'DB',
      status: 'closed',
      createdAt: '2026-01-05T06:00:00Z',
      updatedAt: '2026-01-25T06:00:00Z',
      lines: [{ qty: 4, delivered: 2 }],
    }),
    invoice({ id: 'i4', code: 'DB', orderId: 'o4', issuedAt: '2026-01-20T06:00:00Z', dueDate: '2026-02-19', amount: 23_600 }),
    // An invoice not raised on an order.
    invoice({ id: 'i3', code: 'DB', issuedAt: '2026-02-10T06:00:00Z', dueDate: '2026-03-12', amount: 30_000 }),
    // Delivered, total 118,000, unbilled from 10 March until invoiced on 5 April.
    dmsOrder({ id: 'o1', code: 'DB', status: 'delivered', createdAt: '2026-03-10T06:00:00Z', lines: [{ qty: 10, delivered: 10 }] }),
    invoice({ id: 'i1', code: 'DB', orderId: 'o1', issuedAt: '2026-04-05T06:00:00Z', dueDate: '2026-05-05', amount: 118_000 }),
    // Cancelled before anything left the warehouse: unbilled 10-20 April only.
    dmsOrder({
      id: 'o3',
      code: 'DB',
      status: 'cancelled',
      createdAt: '2026-04-10T06:00:00Z',
      cancelledAt: '2026-04-20T06:00:00Z',
      lines: [{ qty: 2 }],
    }),
    // Open, total 59,000, unbilled from 2 May.
    dmsOrder({ id: 'o2', code: 'DB', status: 'open', createdAt: '2026-05-02T06:00:00Z', lines: [{ qty: 5 }] }),
    invoice({ id: 'i2', code: 'DB', issuedAt: '2026-05-10T06:00:00Z', dueDate: '2026-06-09', amount: 999, status: 'void' }),
    payment({ id: 'p1', code: 'DB', at: '2026-05-20T06:00:00Z', amount: 50_000 }),
    dmsReturn({ id: 'r1', code: 'DB', orderId: 'o1', at: '2026-06-01T06:00:00Z', credit: 11_800 }),
  ]);
});

afterAll(async () => {
  await r.cleanup();
});

const dashboard = () => readDealerDashboard(r.backend.sqlite, 'DB', r.clock.now);

describe("a dealer's charts from the day aggregates", () => {
  it('sales by month: non-void invoice totals by invoice month, the previous year beside them', () => {
    const view = dashboard();
    expect(view.notReady).toBeNull();
    expect(view.salesByMonth.map((m) => m.month)).toEqual([
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    const sales = Object.fromEntries(view.salesByMonth.map((m) => [m.month, m.sales]));
    expect(sales).toMatchObject({ '2026-01': 23_600, '2026-02': 30_000, '2026-03': 0, '2026-04': 118_000, '2026-05': 0, '2026-06': 0 });
    expect(view.salesByMonth.every((m) => m.previousYear === 0)).toBe(true);
    expect(view.salesByMonth[6]).toMatchObject({ month: '2026-01', previousYearMonth: '2025-01' });
  });

  it('exposure at each month end: receivable balance plus unbilled orders', () => {
    const points = dashboard().exposure;
    expect(points.map((p) => p.day)).toEqual([
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-15',
    ]);
    const byDay = Object.fromEntries(
      points.map((p) => [p.day, { balance: p.receivableBalance, unbilled: p.unbilled, exposure: p.exposure }]),
    );
    expect(byDay['2025-12-31']).toEqual({ balance: 0, unbilled: 0, exposure: 0 });
    // o4 invoiced 23,600 and closed: nothing unbilled.
    expect(byDay['2026-01-31']).toEqual({ balance: 23_600, unbilled: 0, exposure: 23_600 });
    expect(byDay['2026-02-28']).toEqual({ balance: 53_600, unbilled: 0, exposure: 53_600 });
    // o1 ordered, not yet invoiced.
    expect(byDay['2026-03-31']).toEqual({ balance: 53_600, unbilled: 118_000, exposure: 171_600 });
    // o1 invoiced; o3 created and cancelled within April.
    expect(byDay['2026-04-30']).toEqual({ balance: 171_600, unbilled: 0, exposure: 171_600 });
    // Payment of 50,000; o2 open; the void invoice counts nowhere.
    expect(byDay['2026-05-31']).toEqual({ balance: 121_600, unbilled: 59_000, exposure: 180_600 });
    // Return credit of 11,800.
    expect(byDay['2026-06-15']).toEqual({ balance: 109_800, unbilled: 59_000, exposure: 168_800 });
    expect(points.at(-1)?.creditLimit).toBe(2_000_000);
  });

  it('follow a new record at once (the observer, not a rebuild)', () => {
    r.apply('dms', [payment({ id: 'p2', code: 'DB', at: '2026-06-14T06:00:00Z', amount: 9_800 })]);
    const view = dashboard();
    expect(view.exposure.at(-1)).toMatchObject({ receivableBalance: 100_000, unbilled: 59_000, exposure: 159_000 });
    expect(view.exposure.at(-2)).toMatchObject({ receivableBalance: 121_600 });
  });
});
