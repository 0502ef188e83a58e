// Property (issue 11): over random replica histories — upserts in any order, stale versions, deletions,
// re-snapshots that prune rows, and the office day moving forward and back — the aggregates the replica
// observer maintains incrementally equal a recomputation from scratch over the replica's rows: every day
// table, and every window table for its anchor day.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { addDays, periodsFor } from '../../../src/shared/dashboards';
import { aggregateTables, anchorOnDay, DashboardAggregates, rangeMinus } from '../../../src/main/features/dashboards/aggregates';
import {
  computeAllFigures,
  DealerFiguresStore,
  figuresColumns,
  figuresFromRow,
  type FiguresRow,
} from '../../../src/main/features/dashboards/figures';
import {
  aggregateMeasures,
  aggregateNames,
  aggregateWindows,
  dmsOrderContributions,
  inRange,
  invoiceContributions,
  paymentContributions,
  platformOrderContributions,
  returnContributions,
  windowColumns,
  type AggregateName,
  type Contribution,
} from '../../../src/main/features/dashboards/metrics';
import { dmsAccount, dmsOrder, invoice, payment, dmsReturn, platformAccount, platformOrder, record } from './builders';
import type Database from 'better-sqlite3';

const BASE = '2025-01-01';
const dealers = ['D1', 'D2', 'D3'];
const accounts = ['A1', 'A2'];
const dayArb = fc.integer({ min: 0, max: 800 }).map((n) => addDays(BASE, n));
const timeArb = fc
  .tuple(dayArb, fc.integer({ min: 0, max: 86_399 }))
  .map(([day, s]) => new Date(Date.parse(`${day}T00:00:00Z`) + s * 1000).toISOString());
const money = fc.integer({ min: 0, max: 5_000_000 });

type Op =
  | { kind: 'dms'; data: object }
  | { kind: 'platform'; data: object }
  | { kind: 'delete'; system: 'dms' | 'platform'; index: number }
  | { kind: 'resnapshot'; system: 'dms' | 'platform'; keep: boolean[] }
  | { kind: 'anchor'; day: string };

const invoiceArb = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    code: fc.constantFrom(...dealers),
    at: timeArb,
    due: dayArb,
    amount: money,
    paidShare: fc.constantFrom(0, 0.5, 1),
    void: fc.boolean(),
    onOrder: fc.boolean(),
  })
  .map((v) =>
    invoice({
      ...(v.onOrder ? { orderId: 'o1' } : {}),
      id: `i${v.n}`,
      code: v.code,
      issuedAt: v.at,
      dueDate: v.due,
      amount: v.amount,
      outstanding: Math.round(v.amount * (1 - v.paidShare)),
      ...(v.void ? { status: 'void' as const } : {}),
    }),
  );
const paymentArb = fc
  .record({ n: fc.integer({ min: 1, max: 4 }), code: fc.constantFrom(...dealers), at: timeArb, amount: money })
  .map((v) => payment({ id: `p${v.n}`, code: v.code, at: v.at, amount: v.amount }));
const returnArb = fc
  .record({ n: fc.integer({ min: 1, max: 3 }), code: fc.constantFrom(...dealers), at: timeArb, credit: money })
  .map((v) => dmsReturn({ id: `r${v.n}`, code: v.code, orderId: 'o1', at: v.at, credit: v.credit }));
const dmsOrderArb = fc
  .record({
    n: fc.integer({ min: 1, max: 4 }),
    code: fc.constantFrom(...dealers),
    status: fc.constantFrom('open', 'dispatched', 'partially_delivered', 'delivered', 'closed', 'cancelled' as const),
    lines: fc.array(fc.record({ qty: fc.integer({ min: 1, max: 50 }), share: fc.constantFrom(0, 0.5, 1) }), { minLength: 1, maxLength: 3 }),
    shipments: fc.array(fc.record({ delivered: fc.option(timeArb), eta: fc.option(dayArb) }), { maxLength: 3 }),
    createdAt: timeArb,
    changedAt: timeArb,
  })
  .map((v) =>
    dmsOrder({
      id: `o${v.n}`,
      code: v.code,
      status: v.status as 'open',
      createdAt: v.createdAt,
      updatedAt: v.changedAt,
      ...(v.status === 'cancelled' ? { cancelledAt: v.changedAt } : {}),
      lines: v.lines.map((l) => ({ qty: l.qty, delivered: Math.floor(l.qty * l.share) })),
      shipments: v.shipments.map((s) => ({ deliveredAt: s.delivered, eta: s.eta })),
    }),
  );
const platformOrderArb = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    account: fc.constantFrom(...accounts),
    at: timeArb,
    held: fc.boolean(),
    outcome: fc.constantFrom('open', 'approved', 'rejected', 'cancelled'),
    minutes: fc.integer({ min: 0, max: 5000 }),
  })
  .map((v) =>
    platformOrder({
      id: `h${v.n}`,
      accountId: v.account,
      placedAt: v.at,
      held: v.held,
      status:
        v.outcome === 'cancelled' ? 'cancelled' : v.outcome === 'open' ? (v.held ? 'credit_hold' : 'received') : (v.outcome as 'approved'),
      decision:
        v.outcome === 'approved' || v.outcome === 'rejected'
          ? { outcome: v.outcome, at: new Date(Date.parse(v.at) + v.minutes * 60_000).toISOString() }
          : null,
    }),
  );

const platformAccountArb = fc
  .record({ account: fc.constantFrom(...accounts), code: fc.constantFrom(...dealers), region: fc.constantFrom('North', 'South') })
  .map((v) => platformAccount({ id: v.account, code: v.code, region: v.region }));
const dmsAccountArb = fc
  .record({ code: fc.constantFrom(...dealers), limit: fc.constantFrom(0, 1_000_000, 10_000_000), balance: money, unbilled: money })
  .map((v) => dmsAccount({ code: v.code, limit: v.limit, balance: v.balance, unbilled: v.unbilled }));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: dmsAccountArb.map((data) => ({ kind: 'dms' as const, data })) },
  { weight: 1, arbitrary: platformAccountArb.map((data) => ({ kind: 'platform' as const, data })) },
  { weight: 4, arbitrary: fc.oneof(invoiceArb, paymentArb, returnArb, dmsOrderArb).map((data) => ({ kind: 'dms' as const, data })) },
  { weight: 2, arbitrary: platformOrderArb.map((data) => ({ kind: 'platform' as const, data })) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('delete' as const), system: fc.constantFrom('dms', 'platform' as const), index: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('resnapshot' as const),
      system: fc.constantFrom('dms', 'platform' as const),
      keep: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    }),
  },
  { weight: 1, arbitrary: dayArb.map((day) => ({ kind: 'anchor' as const, day })) },
);

/** What every replica row contributes, read back from the replica tables' raw JSON (the records as stored). */
function contributionsFromScratch(sqlite: Database.Database): Contribution[] {
  const raws = (table: string) => (sqlite.prepare(`SELECT raw FROM ${table}`).pluck().all() as string[]).map((r) => JSON.parse(r));
  const out: Contribution[] = [];
  for (const i of raws('dms_invoices'))
    out.push(
      ...invoiceContributions({
        dealerCode: i.dealer_code,
        issuedAt: i.issued_at,
        dueDate: i.due_date,
        amount: i.amount,
        outstanding: i.outstanding,
        status: i.status,
        orderId: i.order_id ?? null,
      }),
    );
  for (const p of raws('dms_payments'))
    out.push(...paymentContributions({ dealerCode: p.dealer_code, receivedAt: p.received_at, amount: p.amount }));
  for (const r of raws('dms_returns'))
    out.push(...returnContributions({ dealerCode: r.dealer_code, receivedAt: r.received_at, creditAmount: r.credit_amount }));
  for (const o of raws('dms_orders'))
    out.push(
      ...dmsOrderContributions({
        dealerCode: o.dealer_code,
        status: o.status,
        orderedQty: o.lines.reduce((s: number, l: { qty: number }) => s + l.qty, 0),
        deliveredQty: o.lines.reduce((s: number, l: { qty_delivered: number }) => s + l.qty_delivered, 0),
        shipments: o.shipments.map((s: { delivered_at: string | null; eta: string | null }) => ({
          deliveredAt: s.delivered_at,
          eta: s.eta,
        })),
        total: o.total,
        // The DMS's rule, written out again here: tax per line, rounded half up.
        dispatchedValue: o.lines.reduce(
          (sum: number, l: { qty_dispatched: number; unit_price: number; tax_rate_bp: number }) =>
            sum + l.qty_dispatched * l.unit_price + Math.round((l.qty_dispatched * l.unit_price * l.tax_rate_bp) / 10_000),
          0,
        ),
        createdAt: o.created_at,
        cancelledAt: o.cancellation?.at ?? null,
        updatedAt: o.updated_at,
      }),
    );
  for (const o of raws('platform_orders'))
    out.push(
      ...platformOrderContributions({
        accountId: o.account_id,
        creditResult: o.credit_check.result,
        creditCheckedAt: o.credit_check.checked_at,
        status: o.status,
        decisionOutcome: o.decision?.outcome ?? null,
        decidedAt: o.decision?.at ?? null,
      }),
    );
  return out;
}

const nonZero = (values: Record<string, number>) => Object.values(values).some((v) => v !== 0);

function expectedDays(all: Contribution[], a: AggregateName): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of all) {
    if (c.aggregate !== a) continue;
    const id = `${c.day}|${c.key}`;
    const row = (out[id] ??= Object.fromEntries(aggregateMeasures[a].map((m) => [m, 0])));
    for (const [m, v] of Object.entries(c.values) as [string, number][]) row[m] = (row[m] ?? 0) + v;
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => nonZero(v)));
}

function expectedWindows(all: Contribution[], a: AggregateName, anchor: string): Record<string, Record<string, number>> {
  const periods = periodsFor(anchor);
  const out: Record<string, Record<string, number>> = {};
  for (const c of all) {
    if (c.aggregate !== a) continue;
    const row = (out[String(c.key)] ??= Object.fromEntries(windowColumns(a).map((col) => [col, 0])));
    for (const term of aggregateWindows[a]) {
      const v = (c.values as Record<string, number>)[term.measure] ?? 0;
      if (v !== 0 && inRange(c.day, periods[term.period])) row[term.column] = (row[term.column] ?? 0) + term.sign * v;
    }
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => nonZero(v)));
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function actualDays(sqlite: Database.Database, a: AggregateName): Record<string, Record<string, number>> {
  const t = aggregateTables[a];
  const out: Record<string, Record<string, number>> = {};
  for (const row of sqlite.prepare(`SELECT * FROM ${t.days}`).all() as Record<string, string | number>[]) {
    const values = Object.fromEntries(aggregateMeasures[a].map((m) => [m, Number(row[snake(m)])]));
    if (nonZero(values)) out[`${row['day']}|${row[t.key]}`] = values;
  }
  return out;
}

function actualWindows(sqlite: Database.Database, a: AggregateName): Record<string, Record<string, number>> {
  const t = aggregateTables[a];
  const out: Record<string, Record<string, number>> = {};
  for (const row of sqlite.prepare(`SELECT * FROM ${t.windows}`).all() as Record<string, string | number>[]) {
    const values = Object.fromEntries(windowColumns(a).map((c) => [c, Number(row[c])]));
    if (nonZero(values)) out[String(row[t.key])] = values;
  }
  return out;
}

function run(ops: Op[]): void {
  const { sqlite } = openDatabase(':memory:');
  try {
    const writers = { platform: new ReplicaWriter(sqlite, 'platform'), dms: new ReplicaWriter(sqlite, 'dms') };
    const aggregates = new DashboardAggregates(sqlite);
    const versions = new Map<string, number>();
    const held: Record<'dms' | 'platform', Map<string, Record<string, unknown>>> = { dms: new Map(), platform: new Map() };
    for (const [index, op] of ops.entries()) {
      if (op.kind === 'dms' || op.kind === 'platform') {
        const data = { ...(op.data as Record<string, unknown>) };
        const rec = record(op.kind, data);
        // Mostly newer versions; sometimes a replay of the same version (the writer must skip it).
        const key = `${op.kind}:${rec.resourceType}:${rec.id}`;
        const version = (versions.get(key) ?? 0) + (index % 5 === 4 ? 0 : 1);
        versions.set(key, Math.max(version, versions.get(key) ?? 0));
        data['version'] = version;
        sqlite.transaction(() => writers[op.kind].apply([{ ...rec, version, data }]))();
        held[op.kind].set(key, data);
      } else if (op.kind === 'delete') {
        const keys = [...held[op.system].keys()];
        const key = keys[op.index % Math.max(1, keys.length)];
        if (!key) continue;
        const data = held[op.system].get(key)!;
        const rec = record(op.system, data);
        const version = (versions.get(key) ?? 0) + 1;
        versions.set(key, version);
        sqlite.transaction(() => writers[op.system].apply([{ ...rec, version, deleted: true }]))();
        held[op.system].delete(key);
      } else if (op.kind === 'resnapshot') {
        // A re-snapshot that no longer contains some rows: the writer prunes them at its end.
        const w = writers[op.system];
        const entries = [...held[op.system].entries()];
        sqlite.transaction(() => {
          w.beginSnapshot();
          const kept = entries.filter((_, i) => op.keep[i % op.keep.length]);
          w.apply(
            kept.map(([key, data]) => ({ ...record(op.system, data), version: versions.get(key) ?? 1 })),
            { snapshot: true },
          );
          w.finishSnapshot(op.system === 'dms' ? ['invoice', 'payment', 'return', 'order', 'account'] : ['order', 'account']);
          for (const [key] of entries.filter((_, i) => !op.keep[i % op.keep.length])) held[op.system].delete(key);
        })();
      } else {
        sqlite.transaction(() => anchorOnDay(sqlite, op.day))();
      }
    }
    const all = contributionsFromScratch(sqlite);
    for (const a of aggregateNames) {
      expect(actualDays(sqlite, a), `${a} days`).toEqual(expectedDays(all, a));
      const anchor = aggregates.anchorOf(a);
      if (anchor !== null) expect(actualWindows(sqlite, a), `${a} windows at ${anchor}`).toEqual(expectedWindows(all, a, anchor));
    }
    // Every dealer's figures, as a reader sees them (the observer marks dealers stale, the reader's
    // anchorOnDay recomputes those), equal a computation from the windows.
    const figures = () =>
      (sqlite.prepare(`SELECT ${figuresColumns.join(', ')} FROM dash_dealer_figures`).all() as FiguresRow[])
        .map(figuresFromRow)
        .sort((x, y) => x.dealerCode.localeCompare(y.dealerCode));
    const fresh = () => computeAllFigures(sqlite).sort((x, y) => x.dealerCode.localeCompare(y.dealerCode));
    const figuresDay = new DealerFiguresStore(sqlite).anchor();
    if (figuresDay !== null) {
      sqlite.transaction(() => anchorOnDay(sqlite, figuresDay))();
      expect(new DealerFiguresStore(sqlite).hasStale(), 'stale marks left after a reader').toBe(false);
      expect(figures(), 'dealer figures').toEqual(fresh());
    }
    // And rolling on from wherever it is lands where a fresh sum does.
    sqlite.transaction(() => anchorOnDay(sqlite, '2026-09-30'))();
    for (const a of aggregateNames)
      expect(actualWindows(sqlite, a), `${a} rolled to 2026-09-30`).toEqual(expectedWindows(all, a, '2026-09-30'));
    expect(figures(), 'dealer figures on 2026-09-30').toEqual(fresh());
  } finally {
    sqlite.close();
  }
}

describe('dashboard aggregates', () => {
  it('kept incrementally, equal a recomputation from scratch over random histories', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => run(ops)),
      { numRuns: 150 },
    );
  });

  it('rangeMinus gives the days of one range that are not in another', () => {
    fc.assert(
      fc.property(dayArb, dayArb, fc.option(dayArb), dayArb, dayArb, fc.option(dayArb), (a1, a2, aFrom, b1, b2, bFrom) => {
        const a = { from: aFrom === null ? null : a1 < a2 ? a1 : a2, to: a1 < a2 ? a2 : a1 };
        const b = { from: bFrom === null ? null : b1 < b2 ? b1 : b2, to: b1 < b2 ? b2 : b1 };
        const parts = rangeMinus(a, b);
        // Check day by day over the span the arbitraries reach.
        for (let n = -10; n <= 810; n += 7) {
          const day = addDays(BASE, n);
          const expected = inRange(day, a) && !inRange(day, b);
          expect(parts.filter((p) => inRange(day, p)).length, `${day} in ${JSON.stringify(a)} \\ ${JSON.stringify(b)}`).toBe(
            expected ? 1 : 0,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
});
