// The bench harness at a tiny scale: every part runs, its figures are finite numbers (or honestly "not
// measured"), the row counts are the ones asked for, the report renders, and no temp data is left behind.
// No timing budget is asserted here: timings live in `npm run bench`, not in unit tests.
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { exitCodeOf, formatReport, parts, runBench, type BenchConfig } from '../../../bench/run';
import { hasOrdersList } from '../../../bench/queue';

const tiny: BenchConfig = {
  scale: 'tiny',
  replica: { dealers: 40, skus: 160, orders: 2000 },
  applyOrders: 1000,
  querySamples: 4,
  searchSamples: 4,
  lagScale: 'test',
  statusOrders: 2000,
};

const benchTemps = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('dd-bench-')));

describe('npm run bench, at a tiny scale', () => {
  it('runs every part and reports finite figures for the sizes asked', async () => {
    const before = benchTemps();
    const report = await runBench(tiny);

    expect(report.errors).toEqual([]);
    expect(new Set(report.figures.map((f) => f.part))).toEqual(new Set(parts));
    for (const f of report.figures) {
      if (f.status === 'not measured') {
        expect(f.value, f.id).toBeNull();
        expect(f.note, f.id).toMatch(/^not measured: /);
      } else {
        expect(Number.isFinite(f.value), `${f.id} = ${f.value}`).toBe(true);
        // A share of the apply time is a difference of two timings: at this size it can come out below 0.
        if (f.id !== 'apply.orderQueueObserverShare') expect(f.value, f.id).toBeGreaterThan(0);
        if (f.budget) expect(['pass', 'fail'], f.id).toContain(f.status);
      }
    }
    // The phone order preview of 50 lines and the SKU search are measured through the API beside their SQL raw.
    const preview = report.figures.find((f) => f.id === 'preview.p95')!;
    expect(['pass', 'fail']).toContain(preview.status);
    expect(Number.isFinite(preview.raw) && Number.isFinite(preview.ratio)).toBe(true);
    expect(report.details.preview!.api.samples).toBe(4);
    // Dealer search is measured through the API beside the same SQL raw.
    const dealerSearch = report.figures.find((f) => f.id === 'search.dealer.p95')!;
    expect(['pass', 'fail']).toContain(dealerSearch.status);
    expect(Number.isFinite(dealerSearch.raw) && Number.isFinite(dealerSearch.ratio)).toBe(true);
    const sku = report.figures.find((f) => f.id === 'search.sku.p95')!;
    expect(['pass', 'fail']).toContain(sku.status);
    expect(Number.isFinite(sku.raw) && Number.isFinite(sku.ratio)).toBe(true);
    expect(report.details.skuSearch!.cases.some((c) => c.rows > 0)).toBe(true);
    for (const c of report.details.search!.cases.filter((x) => x.kind === 'dealer')) {
      expect(c.sameAsApi, `${c.name}: raw SQL found other dealers than dealers.search`).toBe(true);
      expect(c.api!.samples, c.name).toBe(4);
    }
    expect(report.details.search!.cases.some((c) => c.kind === 'dealer' && c.firstRows > 0)).toBe(true);

    const apply = report.details.apply!;
    expect(apply.orders).toBe(1000);
    expect(apply.rows).toBeGreaterThan(1000 * 3);
    for (const v of [apply.applyRowsPerSecond, apply.rawRowsPerSecond, apply.ratioToRaw]) expect(Number.isFinite(v)).toBe(true);

    const replica = report.details.replica!;
    expect(replica.quarantined).toBe(0);
    expect(replica.tables['platform_accounts']).toBe(40);
    expect(replica.tables['platform_products']).toBe(160);
    // The generator apportions orders over dealers: the total lands on the size asked, give or take a few.
    expect(replica.tables['platform_orders']).toBeGreaterThanOrEqual(2000);
    expect(replica.tables['platform_orders']).toBeLessThan(2000 * 1.01);
    expect(replica.tables['platform_order_lines']).toBeGreaterThan(2000);

    const status = report.details.status!;
    expect(status.orders).toBe(2000);
    expect(status.derivedOrders).toBe(2000);
    expect(status.catchUpQueued).toBeGreaterThan(0);
    expect(status.catchUpQueued).toBeLessThan(2000 * 0.05);

    const lag = report.details.lag!;
    expect(lag.rows).toBeGreaterThan(0);
    expect(Number.isFinite(lag.eventLoop.p99)).toBe(true);

    const queue = report.details.queue!;
    if (hasOrdersList()) {
      if (!queue.measured) throw new Error(`queue not measured: ${queue.reason}`);
      for (const c of queue.cases) {
        expect(c.rows, c.name).toBeLessThanOrEqual(100);
        expect(c.api.samples, c.name).toBe(4);
        // The raw baseline is only a baseline if it answers the same question (or says why it cannot).
        if (!c.rawNote) expect(c.sameAsApi, `${c.name}: raw SQL returned other rows than orders.list`).toBe(true);
      }
    } else {
      expect(queue).toEqual({ measured: false, reason: 'orders.list missing' });
    }

    // The dashboards' raw SQL answers the same question as the API: every dealer's headline sums agree.
    const dashboards = report.details.dashboards!;
    expect(dashboards.dealers).toBe(40);
    expect(dashboards.book.sameFigures, dashboards.book.mismatches.join('; ')).toBe(true);
    expect(dashboards.book.api.samples).toBe(4);
    const share = report.details.applyShare!;
    expect(share.records).toBeGreaterThan(500);
    expect(share.perCollection['dms:invoices']).toBeGreaterThan(0);

    const text = formatReport(report);
    for (const f of report.figures) expect(text).toContain(f.label);
    expect([0, 1]).toContain(exitCodeOf(report));
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);

    const left = [...benchTemps()].filter((n) => !before.has(n));
    expect(left).toEqual([]);
  }, 90_000);
});
