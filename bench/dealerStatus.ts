// Dealer-visible status (issue 9), measured beside raw SQLite in the same run, on a replica of N DMS
// orders: (1) what the replica observers cost the DMS feed apply (the replica writer with every observer, as
// a desk runs it, against the same writer without any, each observer alone, and raw inserts of the rows), on
// replicas set up as a running desk (5,000 dealer accounts, past the first snapshot, the dashboards' windows
// and figures anchored);
// (2) the first start's catch-up (one set-based statement at the end of the first snapshot) against a raw
// scan of the same rows; (3) a steady-state delay-detection tick (nothing new to raise) against its raw
// queries; (4) how fast the queue drains into publications and review items.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { IncomingRecord } from '../src/main/connectors/source';
import { openDatabase } from '../src/main/db/open';
import { deriveDealerStatus, detectDelays, readPolicy } from '../src/main/duties/dealerStatus';
import { queueCatchUp } from '../src/main/duties/dealerStatusQueue';
import { anchorOnDay } from '../src/main/features/dashboards/aggregates';
import { officeDay } from '../src/shared/dashboards';
import { replicaObserverFactories } from '../src/main/sync/observers';
import { ReplicaWriter } from '../src/main/sync/replica';
import type { Dms } from '../src/shared/contracts';
import { benchTempDir, percentile, type Timing } from './measure';

export interface DealerStatusBenchResult {
  orders: number;
  rows: number;
  /** Feed apply of every order: raw inserts, the writer without observers, the writer with them (ms). */
  rawApplyMs: number;
  applyWithoutObserverMs: number;
  applyWithObserverMs: number;
  ratioToRaw: number;
  observerOverhead: number;
  /** Each observer alone: (writer with it - writer without observers) / raw inserts. */
  observerShares: { observer: string; shareOfRaw: number }[];
  /** First-start catch-up: the statement, and a raw scan of the same rows with the same filter (ms). */
  catchUpMs: number;
  catchUpQueued: number;
  rawCatchUpScanMs: number;
  /** One delay-detection tick with nothing new, and its two queries run raw. */
  delayTick: Timing;
  rawDelayQueries: Timing;
  lateOrders: number;
  inTransitPastEta: number;
  /** Queue drain: orders per second through deriveDealerStatus (policy decisions, outbox and review rows). */
  derivedOrders: number;
  deriveMs: number;
  derivedPerSecond: number;
}

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers, so every run measures the same replica. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * DMS orders as a year of history looks: most closed, some delivered, a few in transit or not dispatched
 * yet, spread over twelve months so about 1% changed in the last 72 hours.
 */
function* dmsOrders(count: number, now: number): Generator<Dms.Order> {
  const random = rng(9);
  for (let i = 0; i < count; i++) {
    const age = Math.floor(random() * 365 * DAY);
    const updated = now - age;
    const roll = random();
    const status: Dms.OrderStatus =
      roll < 0.015 ? 'backordered' : roll < 0.03 ? 'allocated' : roll < 0.045 ? 'dispatched' : roll < 0.2 ? 'delivered' : 'closed';
    const lines = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, l) => {
      const qty = 1 + Math.floor(random() * 20);
      const shipped = status === 'backordered' || status === 'allocated' ? 0 : qty;
      return {
        line_no: l + 1,
        sku: `SKU-${String(Math.floor(random() * 20_000)).padStart(5, '0')}`,
        qty,
        unit_price: 10_000 + Math.floor(random() * 90_000),
        tax_rate_bp: 1800,
        qty_allocated: status === 'backordered' ? 0 : qty,
        qty_dispatched: shipped,
        qty_delivered: status === 'delivered' || status === 'closed' ? shipped : 0,
        qty_returned: 0,
      };
    });
    const dispatchedAt = updated - 2 * DAY;
    const shipments =
      status === 'dispatched' || status === 'delivered' || status === 'closed'
        ? [
            {
              id: `shp-${i}`,
              number: `SH-${i}`,
              dispatched_at: new Date(dispatchedAt).toISOString(),
              carrier: 'Gati',
              tracking_number: String(700_000_000 + i),
              vehicle_no: 'MH12AB1234',
              eta: day(dispatchedAt + 3 * DAY),
              delivered_at: status === 'dispatched' ? null : new Date(updated).toISOString(),
              lines: lines.map((l) => ({ line_no: l.line_no, qty: l.qty })),
            },
          ]
        : [];
    yield {
      id: `do-${i}`,
      number: `DO-${String(i).padStart(7, '0')}`,
      platform_order_id: `po-${i}`,
      platform_order_number: `SO-${String(i).padStart(7, '0')}`,
      dealer_code: `D${String(i % 5000).padStart(4, '0')}`,
      status,
      warehouse_id: 'WH-PUN',
      lines,
      total: lines.reduce((s, l) => s + Math.round(l.qty * l.unit_price * 1.18), 0),
      expected_dispatch_date: day(updated + (status === 'backordered' ? 7 : 2) * DAY),
      shipments,
      cancellation: null,
      created_at: new Date(updated - 3 * DAY).toISOString(),
      version: 3,
      updated_at: new Date(updated).toISOString(),
    };
  }
}

/** Like measure.summarise, to the microsecond: a tick on a small replica takes a few of them. */
function fine(samples: readonly number[]): Timing {
  const round = (v: number) => Number(v.toFixed(3));
  return {
    samples: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(Math.max(...samples)),
  };
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

/** The dealers the orders name (D0000…D4999), as DMS accounts. */
function dmsAccounts(now: number): IncomingRecord[] {
  const at = new Date(now - 400 * DAY).toISOString();
  return Array.from({ length: 5000 }, (_, i) => {
    const account: Dms.Account = {
      dealer_code: `D${String(i).padStart(4, '0')}`,
      name: `Dealer ${i}`,
      currency: 'INR',
      credit_limit: 500_000_000,
      balance: 0,
      unbilled: 0,
      overdue: 0,
      oldest_overdue_days: 0,
      ageing: { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 },
      blocked: false,
      payment_terms_days: 30,
      version: 1,
      updated_at: at,
    };
    return {
      resourceType: 'account',
      id: account.dealer_code,
      version: 1,
      deleted: false,
      data: account as unknown as Record<string, unknown>,
    };
  });
}

/**
 * Makes a replica look like a running desk past its first DMS snapshot: the dealers' accounts are there, the
 * observers queue feed rows (the dealer-status queue), and the dashboards' windows and every dealer's figures
 * are anchored on today, so each feed row also pays the window sums and the figures refresh a desk pays.
 */
function runningDesk(sqlite: Database.Database, now: number): void {
  const at = new Date(now).toISOString();
  const accounts = new ReplicaWriter(sqlite, 'dms', () => new Date(now), []);
  sqlite.transaction(() => accounts.apply(dmsAccounts(now)))();
  sqlite
    .prepare(`INSERT INTO sync_cursors (source, feed_cursor, snapshot_completed_at, updated_at) VALUES ('dms', 'c1.1', ?, ?)`)
    .run(at, at);
  sqlite.transaction(() => anchorOnDay(sqlite, officeDay(now)))();
}

export function benchDealerStatus(count: number, opts: { batch?: number; ticks?: number } = {}): DealerStatusBenchResult {
  const batch = opts.batch ?? 500;
  const temp = benchTempDir('dd-bench-status-');
  const open = (name: string) => openDatabase(path.join(temp.dir, name)).sqlite;
  const raw = open('raw.sqlite');
  const plain = open('plain.sqlite');
  const desk = open('desk.sqlite');
  const now = Date.now();
  try {
    runningDesk(plain, now);
    runningDesk(desk, now);
    const observed = new ReplicaWriter(desk, 'dms', () => new Date(), replicaObserverFactories);
    const unobserved = new ReplicaWriter(plain, 'dms', () => new Date(), []);
    // Each observer alone on its own replica, pages interleaved with the others: what each one costs the DMS
    // feed apply (the full writer above runs them all, as a desk does).
    const alone = replicaObserverFactories.map((factory, i) => {
      const db = open(`alone-${i}.sqlite`);
      runningDesk(db, now);
      return { name: factory.name || `observer ${i + 1}`, db, writer: new ReplicaWriter(db, 'dms', () => new Date(), [factory]), ms: 0 };
    });
    const insOrder = raw.prepare(
      `INSERT INTO dms_orders (id, number, platform_order_id, platform_order_number, dealer_code, status, warehouse_id, total, expected_dispatch_date,
         shipment_count, cancelled_at, created_at, version, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLine = raw.prepare(
      `INSERT INTO dms_order_lines (order_id, line_no, sku, qty, unit_price, tax_rate_bp, qty_allocated, qty_dispatched, qty_delivered, qty_returned)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insShipment = raw.prepare(
      `INSERT INTO dms_shipments (id, order_id, number, dispatched_at, carrier, tracking_number, vehicle_no, eta, delivered_at, lines)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let rows = 0;
    let rawMs = 0;
    let withoutMs = 0;
    let withMs = 0;
    let page: Dms.Order[] = [];
    const flush = () => {
      if (page.length === 0) return;
      const records: IncomingRecord[] = page.map((o) => ({
        resourceType: 'order',
        id: o.id,
        version: o.version,
        deleted: false,
        data: o as unknown as Record<string, unknown>,
      }));
      rawMs += timed(() =>
        raw.transaction(() => {
          for (const o of page) {
            insOrder.run(
              o.id,
              o.number,
              o.platform_order_id,
              o.platform_order_number,
              o.dealer_code,
              o.status,
              o.warehouse_id,
              o.total,
              o.expected_dispatch_date,
              o.shipments.length,
              null,
              o.created_at,
              o.version,
              o.updated_at,
              JSON.stringify(o),
            );
            for (const l of o.lines)
              insLine.run(
                o.id,
                l.line_no,
                l.sku,
                l.qty,
                l.unit_price,
                l.tax_rate_bp,
                l.qty_allocated,
                l.qty_dispatched,
                l.qty_delivered,
                0,
              );
            for (const s of o.shipments)
              insShipment.run(
                s.id,
                o.id,
                s.number,
                s.dispatched_at,
                s.carrier,
                s.tracking_number,
                s.vehicle_no,
                s.eta,
                s.delivered_at,
                '[]',
              );
          }
        })(),
      ).ms;
      withoutMs += timed(() => plain.transaction(() => unobserved.apply(records))()).ms;
      withMs += timed(() => desk.transaction(() => observed.apply(records))()).ms;
      for (const a of alone) a.ms += timed(() => a.db.transaction(() => a.writer.apply(records))()).ms;
      for (const o of page) rows += 1 + o.lines.length + o.shipments.length;
      page = [];
    };
    for (const o of dmsOrders(count, now)) {
      page.push(o);
      if (page.length === batch) flush();
    }
    flush();

    // (2) The first start: the same replica, its queue empty, catching up at the end of its snapshot.
    plain.prepare('DELETE FROM dealer_status_queue').run();
    const since = new Date(now - 72 * 3_600_000).toISOString();
    const rawScan = timed(() => plain.prepare('SELECT count(*) FROM dms_orders WHERE updated_at >= ?').pluck().get(since) as number);
    const catchUp = timed(() => plain.transaction(() => queueCatchUp(plain, new Date(now), 72))());

    // (4) Drain what the feed apply queued (every order, as after a long catch-up), in engine-sized batches.
    const policy = readPolicy(desk);
    let derivedOrders = desk.prepare('SELECT count(*) FROM dealer_status_queue').pluck().get() as number;
    const drainLimit = Math.min(derivedOrders, 20_000);
    desk
      .prepare('DELETE FROM dealer_status_queue WHERE rowid NOT IN (SELECT rowid FROM dealer_status_queue ORDER BY queued_at LIMIT ?)')
      .run(drainLimit);
    derivedOrders = drainLimit;
    const derive = timed(() => {
      let left = 1;
      while (left > 0) left = desk.transaction(() => deriveDealerStatus(desk, new Date(now), policy))().remaining;
    });

    // (3) Delay detection: the first tick raises what is late; later ticks find nothing new.
    desk.transaction(() => detectDelays(desk, new Date(now), policy, 1_000_000))();
    const ticks = opts.ticks ?? 50;
    const tickSamples: number[] = [];
    for (let i = 0; i < ticks; i++) tickSamples.push(timed(() => desk.transaction(() => detectDelays(desk, new Date(now), policy))()).ms);
    const today = day(now);
    const from = day(now - 72 * 3_600_000);
    const rawLate = desk.prepare(
      `SELECT o.raw FROM dms_orders o INDEXED BY dms_orders_undispatched_due
       WHERE o.status IN ('open', 'allocated', 'partially_allocated', 'backordered', 'picking') AND o.expected_dispatch_date < ? AND o.expected_dispatch_date >= ?
         AND NOT EXISTS (SELECT 1 FROM dealer_status_situations s WHERE s.dms_order_id = o.id AND s.situation = 'late') LIMIT 500`,
    );
    const rawTransit = desk.prepare(
      `SELECT o.raw FROM dms_shipments sh INDEXED BY dms_shipments_in_transit JOIN dms_orders o ON o.id = sh.order_id
       WHERE sh.delivered_at IS NULL AND sh.eta < ? AND sh.eta >= ? AND o.status IN ('dispatched', 'partially_dispatched', 'partially_delivered')
         AND NOT EXISTS (SELECT 1 FROM dealer_status_situations s WHERE s.dms_order_id = o.id AND s.situation = 'delayed_in_transit')
       GROUP BY o.id LIMIT 500`,
    );
    const rawSamples: number[] = [];
    for (let i = 0; i < ticks; i++) rawSamples.push(timed(() => [rawLate.all(today, from), rawTransit.all(today, from)]).ms);
    const situations = (name: string) =>
      desk.prepare('SELECT count(*) FROM dealer_status_situations WHERE situation = ?').pluck().get(name) as number;

    return {
      orders: count,
      rows,
      rawApplyMs: Math.round(rawMs),
      applyWithoutObserverMs: Math.round(withoutMs),
      applyWithObserverMs: Math.round(withMs),
      ratioToRaw: Number((withMs / rawMs).toFixed(2)),
      observerOverhead: Number((withMs / withoutMs).toFixed(2)),
      observerShares: alone.map((a) => ({ observer: a.name, shareOfRaw: Number(((a.ms - withoutMs) / rawMs).toFixed(3)) })),
      catchUpMs: Number(catchUp.ms.toFixed(3)),
      catchUpQueued: catchUp.value,
      rawCatchUpScanMs: Number(rawScan.ms.toFixed(3)),
      delayTick: fine(tickSamples),
      rawDelayQueries: fine(rawSamples),
      lateOrders: situations('late'),
      inTransitPastEta: situations('delayed_in_transit'),
      derivedOrders,
      deriveMs: Math.round(derive.ms),
      derivedPerSecond: Math.round(derivedOrders / (derive.ms / 1000)),
    };
  } finally {
    raw.close();
    plain.close();
    desk.close();
    temp.remove();
    if (fs.existsSync(temp.dir)) fs.rmSync(temp.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]dealerStatus\.ts$/.test(process.argv[1])) {
  process.stdout.write(`${JSON.stringify({ bench: 'dealer-status', ...benchDealerStatus(Number(process.argv[2] ?? 20_000)) })}\n`);
}
