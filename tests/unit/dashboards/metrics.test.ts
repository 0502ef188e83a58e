// Every dashboard metric (issue 11) on hand-built data, with the expected figures worked out by hand in the
// comments: a dealer with history in both systems, a dealer with no sales, one with no credit limit, one
// with returns only, and a DMS-only account. The records go through the real ReplicaWriter, so the
// dashboards' observer builds its aggregates exactly as during a sync; the figures are read through the
// procedures' own query functions with an injected "now".
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addYears,
  metricDefinitions,
  officeDay,
  periodsFor,
  type BookFilter,
  type BookSortColumn,
  type BookView,
  type DealerDashboardView,
  type DealerFigures,
} from '../../../src/shared/dashboards';
import { readBook, readBookDealers, readDealerDashboard, readStatement } from '../../../src/main/features/dashboards/queries';
import { computeAllFigures } from '../../../src/main/features/dashboards/figures';
import { medianFromHistogram, medianMinutes, percentileRank } from '../../../src/main/features/dashboards/metrics';
import {
  dashReplica,
  dmsAccount,
  dmsOrder,
  dmsReturn,
  invoice,
  payment,
  platformAccount,
  platformOrder,
  type DashReplica,
} from './builders';

// 12:00 IST on 15 June 2026.
const NOW = '2026-06-15T06:30:00.000Z';

let r: DashReplica;
let book: BookView;
let dealers: DealerFigures[];
let da: DealerDashboardView;
const everyDealer: { filter: BookFilter; sort: { column: BookSortColumn; direction: 'asc' | 'desc' }; offset: number; limit: number } = {
  filter: {},
  sort: { column: 'risk', direction: 'desc' },
  offset: 0,
  limit: 1000,
};

beforeAll(async () => {
  r = await dashReplica(NOW);
  r.apply('platform', [
    platformAccount({ id: 'acc-a', code: 'DA', name: 'Arora Electricals', region: 'North', tier: 'gold' }),
    platformAccount({ id: 'acc-b', code: 'DB', name: 'Bose Lighting', region: 'South', tier: 'silver' }),
    platformAccount({ id: 'acc-c', code: 'DC', name: 'Chawla Cables', region: 'North', tier: 'silver' }),
    platformAccount({ id: 'acc-d', code: 'DD', name: 'Das Power', region: 'East', tier: 'bronze' }),
  ]);
  r.apply('dms', [
    dmsAccount({ code: 'DA', limit: 100_000_000, balance: 30_000_000, unbilled: 12_000_000 }),
    dmsAccount({ code: 'DB', limit: 50_000_000 }), // no sales at all
    dmsAccount({ code: 'DC', limit: 0, balance: 2_000_000 }), // no limit
    dmsAccount({ code: 'DD', limit: 10_000_000 }), // returns only in the last 12 months
    dmsAccount({ code: 'DE', limit: 1_000_000, balance: 950_000 }), // DMS only: no platform account
  ]);
  r.apply('dms', [
    // Dealer A's invoices.
    invoice({ id: 'i1', code: 'DA', issuedAt: '2026-06-01T04:00:00Z', dueDate: '2026-07-01', amount: 11_800_000 }),
    // 00:30 IST on 1 June: June's, not May's.
    invoice({ id: 'i2', code: 'DA', issuedAt: '2026-05-31T19:00:00Z', dueDate: '2026-06-30', amount: 5_900_000, outstanding: 0 }),
    // 36 days past due on 15 June: 31-60.
    invoice({ id: 'i3', code: 'DA', issuedAt: '2026-04-10T06:00:00Z', dueDate: '2026-05-10', amount: 23_600_000, outstanding: 13_200_000 }),
    // 131 days past due: over 90.
    invoice({ id: 'i4', code: 'DA', issuedAt: '2026-01-05T06:00:00Z', dueDate: '2026-02-04', amount: 4_000_000, outstanding: 5_000 }),
    // Before the 12 months (which start on 16 June 2025).
    invoice({ id: 'i5', code: 'DA', issuedAt: '2025-06-10T06:00:00Z', dueDate: '2025-07-10', amount: 1_000_000, outstanding: 0 }),
    invoice({ id: 'i6', code: 'DA', issuedAt: '2026-06-02T06:00:00Z', dueDate: '2026-07-02', amount: 999_999, status: 'void' }),
    payment({ id: 'p1', code: 'DA', at: '2026-05-20T06:00:00Z', amount: 10_400_000 }),
    payment({ id: 'p2', code: 'DA', at: '2026-06-02T06:00:00Z', amount: 5_900_000 }),
    payment({ id: 'p3', code: 'DA', at: '2025-07-01T06:00:00Z', amount: 1_000_000 }),
    payment({ id: 'p4', code: 'DA', at: '2026-03-01T06:00:00Z', amount: 3_995_000 }),
    dmsReturn({ id: 'r1', code: 'DA', orderId: 'o1', at: '2026-05-25T06:00:00Z', credit: 100_000 }),
    // Dealer A's DMS orders.
    dmsOrder({
      id: 'o1',
      code: 'DA',
      status: 'closed',
      createdAt: '2026-05-01T06:00:00Z',
      lines: [
        { qty: 10, delivered: 10, sku: 'SKU-CABLE' },
        { qty: 5, delivered: 4, sku: 'SKU-FAN' },
      ],
      shipments: [
        // Delivered 15:30 IST on its ETA: on time.
        { deliveredAt: '2026-05-05T10:00:00Z', eta: '2026-05-05' },
        // 01:30 IST on 9 May, ETA 8 May: late. The order's latest delivery is 9 May.
        { deliveredAt: '2026-05-08T20:00:00Z', eta: '2026-05-08' },
      ],
    }),
    dmsOrder({
      id: 'o2',
      code: 'DA',
      status: 'partially_delivered',
      createdAt: '2026-06-05T06:00:00Z',
      lines: [{ qty: 20, delivered: 10, sku: 'SKU-CABLE' }],
      shipments: [{ deliveredAt: '2026-06-10T06:00:00Z', eta: null }], // no ETA: not on time
    }),
    dmsOrder({
      id: 'o3',
      code: 'DA',
      status: 'delivered',
      createdAt: '2025-05-25T06:00:00Z',
      lines: [{ qty: 7, delivered: 7 }],
      shipments: [{ deliveredAt: '2025-06-01T06:00:00Z', eta: '2025-06-02' }], // before the 12 months
    }),
    dmsOrder({
      id: 'o4',
      code: 'DA',
      status: 'dispatched',
      createdAt: '2026-06-12T06:00:00Z',
      lines: [{ qty: 3, delivered: 0 }],
      shipments: [{ deliveredAt: null, eta: '2026-06-16' }],
    }),
    dmsOrder({ id: 'o5', code: 'DA', status: 'cancelled', createdAt: '2026-06-01T06:00:00Z', lines: [{ qty: 99 }] }),
    // Dealer C: one invoice this month, no limit.
    invoice({ id: 'ic1', code: 'DC', issuedAt: '2026-06-05T06:00:00Z', dueDate: '2026-07-05', amount: 2_000_000 }),
    // Dealer D: an old sale, paid, and a return inside the 12 months.
    invoice({ id: 'id1', code: 'DD', issuedAt: '2025-03-05T06:00:00Z', dueDate: '2025-04-04', amount: 1_500_000, outstanding: 0 }),
    payment({ id: 'pd1', code: 'DD', at: '2025-04-01T06:00:00Z', amount: 1_500_000 }),
    dmsReturn({ id: 'rd1', code: 'DD', orderId: 'od1', at: '2026-05-01T06:00:00Z', credit: 300_000 }),
  ]);
  const held = (id: string, placedAt: string, extra: Parameters<typeof platformOrder>[0] extends infer P ? Partial<P> : never) =>
    platformOrder({ id, accountId: 'acc-a', placedAt, held: true, ...extra });
  r.apply('platform', [
    held('h1', '2026-06-01T05:00:00Z', { status: 'approved', decision: { outcome: 'approved', at: '2026-06-01T07:30:00Z' } }), // 150 min
    held('h2', '2026-05-10T05:00:00Z', { status: 'rejected', decision: { outcome: 'rejected', at: '2026-05-10T05:45:00Z' } }), // 45 min
    held('h3', '2026-04-01T05:00:00Z', { status: 'cancelled' }),
    held('h4', '2026-06-14T05:00:00Z', {}), // still open
    held('h5', '2026-01-10T05:00:00Z', { status: 'in_fulfillment', decision: { outcome: 'approved', at: '2026-01-10T15:00:00Z' } }), // 600 min, previous 90 days
    platformOrder({ id: 'h6', accountId: 'acc-a', placedAt: '2026-06-03T05:00:00Z' }), // passed: not a hold
    held('h7', '2025-05-01T05:00:00Z', { status: 'rejected', decision: { outcome: 'rejected', at: '2025-05-01T06:00:00Z' } }), // before the 12 months
  ]);
  book = readBook(r.backend.sqlite, r.clock.now);
  dealers = readBookDealers(r.backend.sqlite, everyDealer, r.clock.now).rows;
  da = readDealerDashboard(r.backend.sqlite, 'acc-a', r.clock.now);
});

afterAll(async () => {
  await r.cleanup();
});

const figuresOf = (code: string) => {
  const f = dealers.find((d) => d.dealerCode === code);
  if (!f) throw new Error(`no ${code} in the book`);
  return f;
};

describe('the office calendar and its periods', () => {
  it('counts days in IST and the periods from today', () => {
    expect(officeDay('2026-05-31T18:29:59Z')).toBe('2026-05-31');
    expect(officeDay('2026-05-31T18:30:00Z')).toBe('2026-06-01');
    // The remembered day names agree with the calendar arithmetic for any instant, before 1970 too.
    fc.assert(
      fc.property(fc.integer({ min: -5_000_000_000_000, max: 8_000_000_000_000 }), (ms) => {
        const expected = new Date(ms + 330 * 60_000).toISOString().slice(0, 10);
        expect(officeDay(ms)).toBe(expected);
        expect(officeDay(new Date(ms).toISOString())).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(periodsFor('2026-06-15')).toMatchObject({
      last90Days: { from: '2026-03-18', to: '2026-06-15' },
      previous90Days: { from: '2025-12-18', to: '2026-03-17' },
      last12Months: { from: '2025-06-16', to: '2026-06-15' },
      to90DaysAgo: { from: null, to: '2026-03-17' },
      due1To30: { from: '2026-05-16', to: '2026-06-14' },
      dueOver90: { from: null, to: '2026-03-16' },
    });
    expect(addYears('2028-02-29', -1)).toBe('2027-02-28');
    expect(periodsFor('2028-02-29').last12Months.from).toBe('2027-03-01');
    expect(book.asOf.today).toBe('2026-06-15');
    expect(book.notReady).toBeNull();
  });
});

describe('sales (per month)', () => {
  it('sums invoice totals by office month, void excluded, with the previous year beside each month', () => {
    const month = (m: string) => da.salesByMonth.find((s) => s.month === m);
    expect(da.salesByMonth.map((s) => s.month)).toEqual([
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
    // i1 + i2 (00:30 IST on 1 June); the void i6 does not count.
    expect(month('2026-06')).toEqual({ month: '2026-06', sales: 17_700_000, previousYear: 1_000_000, previousYearMonth: '2025-06' });
    expect(month('2026-05')?.sales).toBe(0);
    expect(month('2026-04')?.sales).toBe(23_600_000);
    expect(month('2026-01')?.sales).toBe(4_000_000);
    expect(figuresOf('DA').sales12Months).toBe(45_300_000); // i1 + i2 + i3 + i4
  });
});

describe('credit utilisation', () => {
  it('is DMS (balance + unbilled) / limit, "no limit" at 0, none without a DMS account', () => {
    expect(figuresOf('DA').utilisation).toBeCloseTo(0.42, 10);
    expect(figuresOf('DB').utilisation).toBe(0);
    expect(figuresOf('DC')).toMatchObject({ utilisation: null, noLimit: true, creditLimit: 0 });
    expect(figuresOf('DE').utilisation).toBeCloseTo(0.95, 10);
  });
});

describe('overdue ageing', () => {
  it('buckets the outstanding of open invoices by days past due today', () => {
    expect(figuresOf('DA').ageing).toEqual({ notDue: 11_800_000, d1To30: 0, d31To60: 13_200_000, d61To90: 0, over90: 5_000 });
    expect(figuresOf('DA').overdueOver60).toBe(5_000);
    expect(da.oldestOverdueDays).toBe(131);
    expect(figuresOf('DB').ageing).toEqual({ notDue: 0, d1To30: 0, d31To60: 0, d61To90: 0, over90: 0 });
  });
});

describe('DSO (90 days)', () => {
  it('is the receivable balance over the sales of the last 90 days, times 90', () => {
    const a = figuresOf('DA');
    // Invoices 46,300,000 less payments 21,295,000 and return credits 100,000.
    expect(a.receivableBalance).toBe(24_905_000);
    expect(a.sales90Days).toBe(41_300_000); // i1 + i2 + i3
    expect(a.dso).toBeCloseTo((24_905_000 / 41_300_000) * 90, 10);
    // 90 days ago (to 17 March): invoices i4 + i5 less payments p3 + p4; sales of 18 Dec - 17 Mar: i4.
    expect(a.receivableBalance90DaysAgo).toBe(5_000);
    expect(a.dso90DaysAgo).toBeCloseTo((5_000 / 4_000_000) * 90, 10);
    expect(figuresOf('DC').dso).toBe(90);
  });

  it('cannot be computed without sales in the 90 days', () => {
    expect(figuresOf('DB').dso).toBeNull();
    expect(figuresOf('DD').dso).toBeNull();
    // Returns only: the credit note leaves the dealer in credit.
    expect(figuresOf('DD').receivableBalance).toBe(-300_000);
  });
});

describe('fill rate (12 months)', () => {
  it('is delivered over ordered quantity of orders that reached delivered, partially delivered or closed', () => {
    // o1 (closed, 14 of 15) and o2 (partially delivered, 10 of 20); o3 is older, o4 not delivered, o5 cancelled.
    const a = figuresOf('DA');
    expect(a.orderedQty12Months).toBe(35);
    expect(a.deliveredQty12Months).toBe(24);
    expect(a.fillRate).toBeCloseTo(24 / 35, 10);
    expect(figuresOf('DB').fillRate).toBeNull();
  });
});

describe('return rate (12 months)', () => {
  it('is returned value over invoiced value', () => {
    expect(figuresOf('DA').returnRate).toBeCloseTo(100_000 / 45_300_000, 10);
    expect(figuresOf('DB').returnRate).toBeNull();
  });

  it('has no rate for a dealer with returns only, but shows the returned value', () => {
    expect(figuresOf('DD')).toMatchObject({ returnRate: null, returnCredits12Months: 300_000, sales12Months: 0 });
  });
});

describe('on-time delivery', () => {
  it('is the share of deliveries on or before the ETA, in office days; no ETA is not on time', () => {
    const a = figuresOf('DA');
    expect(a.deliveries12Months).toBe(3);
    expect(a.onTimeDeliveries12Months).toBe(1);
    expect(a.onTimeDelivery).toBeCloseTo(1 / 3, 10);
    expect(figuresOf('DB').onTimeDelivery).toBeNull();
  });
});

describe('holds', () => {
  it('counts the last 12 months of holds by outcome, with the median time to decision', () => {
    expect(figuresOf('DA').holds12Months).toEqual({ held: 5, approved: 2, rejected: 1, cancelled: 1, stillOpen: 1 });
    expect(figuresOf('DA').holds90Days).toBe(4);
    expect(figuresOf('DA').holdsPrevious90Days).toBe(1);
    expect(da.holds.map((h) => [h.orderNumber, h.outcome, h.minutesToDecision])).toEqual([
      ['SO-h4', 'still_open', null],
      ['SO-h1', 'approved', 150],
      ['SO-h2', 'rejected', 45],
      ['SO-h3', 'cancelled', null],
      ['SO-h5', 'approved', 600],
    ]);
    expect(da.medianMinutesToDecision).toBe(150);
    expect(book.holdFunnel).toEqual({
      held: 5,
      approved: 2,
      rejected: 1,
      cancelled: 1,
      stillOpen: 1,
      decided: 3,
      medianMinutesToDecision: 150,
    });
  });

  it('takes the median as the middle value, or the mean of the two middle ones rounded to the minute', () => {
    expect(medianMinutes([])).toBeNull();
    expect(medianMinutes([45, 600, 150])).toBe(150);
    expect(medianMinutes([10, 21])).toBe(16);
    expect(
      medianFromHistogram([
        { minutes: 10, count: 1 },
        { minutes: 21, count: 1 },
      ]),
    ).toBe(16);
    expect(
      medianFromHistogram([
        { minutes: 5, count: 3 },
        { minutes: 100, count: 1 },
      ]),
    ).toBe(5);
  });
});

describe('at risk', () => {
  it('lists at-risk dealers first, with every reason that holds', () => {
    expect(figuresOf('DA').riskReasons).toEqual(['overdue60', 'dsoRise', 'holdsRise']);
    expect(figuresOf('DE').riskReasons).toEqual(['utilisation']);
    expect(figuresOf('DB').riskReasons).toEqual([]);
    expect(figuresOf('DC').riskReasons).toEqual([]); // no limit is not over 90%
    // Most reasons first, then the fullest credit lines (no limit last), then by name.
    expect(dealers.map((d) => d.dealerCode)).toEqual(['DA', 'DE', 'DB', 'DD', 'DC']);
    expect(book.totals).toMatchObject({
      dealers: 5,
      atRisk: 2,
      byReason: { utilisation: 1, overdue60: 1, dsoRise: 1, holdsRise: 1 },
      overdueOver60: 5_000,
      currencies: ['INR'],
    });
  });

  it('finds the dealers behind a figure, sorted and paged', () => {
    const page = (filter: BookFilter, sort = everyDealer.sort, offset = 0, limit = 1000) =>
      readBookDealers(r.backend.sqlite, { filter, sort, offset, limit }, r.clock.now);
    expect(page({ atRisk: true }).rows.map((d) => d.dealerCode)).toEqual(['DA', 'DE']);
    expect(page({ reason: 'utilisation' }).rows.map((d) => d.dealerCode)).toEqual(['DE']);
    expect(page({ region: 'North' }).rows.map((d) => d.dealerCode)).toEqual(['DA', 'DC']);
    expect(page({ region: null }).rows.map((d) => d.dealerCode)).toEqual(['DE']);
    expect(page({ overdue: 'over90' }).rows.map((d) => d.dealerCode)).toEqual(['DA']);
    expect(page({ holds: 'rejected' }).rows.map((d) => d.dealerCode)).toEqual(['DA']);
    expect(page({}, { column: 'sales', direction: 'desc' }).rows.map((d) => d.dealerCode)).toEqual(['DA', 'DC', 'DB', 'DD', 'DE']);
    expect(page({}, { column: 'dso', direction: 'asc' }).rows.map((d) => d.dealerCode)).toEqual(['DA', 'DC', 'DB', 'DD', 'DE']);
    const second = page({}, everyDealer.sort, 2, 2);
    expect(second).toMatchObject({ total: 5 });
    expect(second.rows.map((d) => d.dealerCode)).toEqual(['DB', 'DD']);
  });

  it("keeps every dealer's figures equal to a computation from the window sums", () => {
    const fresh = computeAllFigures(r.backend.sqlite).sort((a, b) => a.dealerCode.localeCompare(b.dealerCode));
    expect([...dealers].sort((a, b) => a.dealerCode.localeCompare(b.dealerCode))).toEqual(fresh);
  });

  it('breaks the book down by region and tier', () => {
    expect(book.byRegion.find((g) => g.group === 'North')).toMatchObject({
      dealers: 2,
      atRisk: 1,
      sales12Months: 47_300_000,
      over60: 5_000,
    });
    expect(book.byRegion.find((g) => g.group === '—')).toMatchObject({ dealers: 1, atRisk: 1 });
    expect(book.byTier.find((g) => g.group === 'silver')).toMatchObject({ dealers: 2, atRisk: 0 });
  });
});

describe("a dealer's dashboard", () => {
  it('shows the same figures as the book', () => {
    expect(da.figures).toEqual(figuresOf('DA'));
    expect(da.region).toBe('North');
  });

  it('ranks the dealer against its region and tier', () => {
    const sales = da.percentiles.find((p) => p.metric === 'sales');
    // North: DA 45.3M, DC 2.0M -> one below, itself half: 75.
    expect(sales).toMatchObject({ value: 45_300_000, regionPercentile: 75, regionPeers: 2, tierPeers: 1, tierPercentile: 50 });
    expect(percentileRank(3, [1, 2, 3, 3])).toBe(75);
  });

  it('lists the top SKUs of the last 12 months by ordered value, cancelled orders excluded', () => {
    expect(da.topSkus.map((s) => [s.sku, s.orderedQty, s.orders])).toEqual([
      ['SKU-CABLE', 30, 2],
      ['SKU-FAN', 5, 1],
      ['SKU-1', 3, 1],
    ]);
    // 30 x 10,000 + 18% tax.
    expect(da.topSkus[0]?.value).toBe(354_000);
  });

  it('has every definition a click away', () => {
    for (const d of Object.values(metricDefinitions)) expect(d.definition.length).toBeGreaterThan(20);
    expect(metricDefinitions.dso.name).toBe('DSO');
  });
});

describe('the account statement', () => {
  it('carries the opening balance, the period entries with a running balance, and the closing balance', () => {
    const s = readStatement(r.backend.sqlite, 'DA', '2026-05-01', '2026-06-15', r.clock.now);
    // Before 1 May: i3 + i4 + i5 = 28,600,000 less p3 + p4 = 4,995,000.
    expect(s.openingBalance).toBe(23_605_000);
    expect(s.entries.map((e) => [e.day, e.kind, e.debit, e.credit, e.balance])).toEqual([
      ['2026-05-20', 'payment', 0, 10_400_000, 13_205_000],
      ['2026-05-25', 'return', 0, 100_000, 13_105_000],
      ['2026-06-01', 'invoice', 5_900_000, 0, 19_005_000],
      ['2026-06-01', 'invoice', 11_800_000, 0, 30_805_000],
      ['2026-06-02', 'payment', 0, 5_900_000, 24_905_000],
    ]);
    expect(s).toMatchObject({ totalInvoiced: 17_700_000, totalPaid: 16_300_000, totalReturned: 100_000, closingBalance: 24_905_000 });
    // A statement to today closes on the receivable balance DSO uses.
    expect(s.closingBalance).toBe(figuresOf('DA').receivableBalance);
    expect(s.dmsBalance).toBe(30_000_000);
  });

  it('refuses a period that ends before it starts or after today', () => {
    expect(() => readStatement(r.backend.sqlite, 'DA', '2026-06-10', '2026-06-01', r.clock.now)).toThrow(/starts after it ends/);
    expect(() => readStatement(r.backend.sqlite, 'DA', '2026-06-10', '2026-06-16', r.clock.now)).toThrow(/after today/);
    expect(() => readStatement(r.backend.sqlite, 'NOPE', '2026-06-01', '2026-06-02', r.clock.now)).toThrow(/No dealer "NOPE"/);
  });
});
