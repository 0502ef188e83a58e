// Informal timing of the Orders screen's page on a synthetic replica (opt-in: seeding takes a while).
//   DD_ORDERS_TIMING=200000 npx vitest run tests/unit/queries/orders-timing.test.ts
// Prints p50/p95 per case with the count cache off (every call counts) and on. The real budget is
// measured by `npm run bench` at 1M orders; this is a quick check while working on the query.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { listOrders, type OrderListQuery } from '../../../src/main/queries/orders';
import { seedSyntheticReplica } from './syntheticReplica';

const orders = Number(process.env.DD_ORDERS_TIMING ?? 0);
const dir = orders > 0 ? mkdtempSync(join(tmpdir(), 'dd-orders-timing-')) : '';
let db: ReturnType<typeof openDatabase>['sqlite'];

const cases: [string, OrderListQuery][] = [
  ['newest first', {}],
  ['newest first, page 50', { offset: 5000 }],
  ['one status (credit_hold)', { status: ['credit_hold'] }],
  ['a broad status (closed)', { status: ['closed'] }],
  ['status + channel', { status: ['closed', 'in_fulfillment'], channel: ['phone'] }],
  ['a region', { region: ['West'] }],
  ['three regions', { region: ['West', 'North', 'South'] }],
  ['region + status + channel', { region: ['West'], status: ['credit_hold'], channel: ['phone'] }],
  ['by total, desc', { sort: { column: 'total', direction: 'desc' } }],
  ['by dealer', { sort: { column: 'dealer', direction: 'asc' } }],
  ['by dealer, a region', { sort: { column: 'dealer', direction: 'asc' }, region: ['West'] }],
  ['by DMS status, narrowed', { status: ['credit_hold'], channel: ['edi'], sort: { column: 'dmsStatus', direction: 'asc' } }],
  ['search an order number', { search: 'SO-2025-000123' }],
  ['search a dealer name', { search: 'sharma' }],
  ['search a town + status', { search: 'pune', status: ['credit_hold'] }],
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? 0;
}

describe.skipIf(orders === 0)(`orders.list timing on ${orders} synthetic orders`, () => {
  beforeAll(() => {
    db = openDatabase(join(dir, 'desk.sqlite')).sqlite;
    seedSyntheticReplica(db, { accounts: 5000, orders });
  }, 600_000);
  afterAll(() => {
    db?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a page stays well under 20 ms', () => {
    const report: string[] = [];
    let worst = 0;
    for (const [name, query] of cases) {
      for (const countCache of [false, true]) {
        listOrders(db, query, { countCache });
        const times: number[] = [];
        for (let i = 0; i < 30; i++) {
          const start = performance.now();
          listOrders(db, query, { countCache });
          times.push(performance.now() - start);
        }
        const p95 = percentile(times, 0.95);
        if (!countCache) worst = Math.max(worst, p95);
        report.push(
          `${name.padEnd(28)} count cache ${countCache ? 'on ' : 'off'}  p50 ${percentile(times, 0.5).toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`,
        );
      }
    }
    console.info(report.join('\n'));
    expect(worst).toBeLessThan(20);
  }, 600_000);
});
