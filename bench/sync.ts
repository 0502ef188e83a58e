// Sync apply benchmark (DESIGN.md budgets): rows/s of the replica apply path (version-guarded upserts with
// child rows, raw JSON kept) against raw batched inserts of the same rows into the same schema, in the
// same run, plus the cost of contract validation. `npx tsx bench/sync.ts [orders]` or call benchSync().
//
// The two paths write page by page into two fresh databases, interleaved (raw page, then the same page
// through the apply path), so noise from other processes on a shared machine hits both sides alike. Only
// the write transactions are timed: building the raw rows and validating are outside the clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Platform } from '../src/shared/contracts';
import { openDatabase } from '../src/main/db/open';
import { readSnapshotItem, platformSource, type IncomingRecord } from '../src/main/connectors/source';
import { ReplicaWriter } from '../src/main/sync/replica';
import type { ReplicaObserverFactory } from '../src/main/sync/observers';

export interface SyncBenchResult {
  orders: number;
  /** Orders + order lines + approvals written by each side. */
  rows: number;
  rawRowsPerSecond: number;
  applyRowsPerSecond: number;
  /** apply time / raw time (budget: <= 3). */
  ratioToRaw: number;
  validateRowsPerSecond: number;
  batch: number;
  /** Where the orders came from: 'synthetic' (uniform, 5 lines) or what the caller named. */
  source: string;
  rawSeconds: number;
  applySeconds: number;
  /** The `compare` path: its label, and its time over raw in the same run. */
  compare?: { label: string; ratioToRaw: number; applySeconds: number };
}

export interface SyncBenchOptions {
  /** Contract-shaped orders to use instead of the synthetic ones (e.g. the seeded dataset's); the first `orders` are taken. */
  source?: Iterable<Platform.Order>;
  sourceName?: string;
  /** Called after each page with the orders done so far. */
  onProgress?: (ordersDone: number) => void;
  /**
   * A second apply path interleaved with the first, with these observers instead of all of them (e.g. all
   * but one feature's): the difference between the two ratios is that feature's share of the apply cost.
   */
  compare?: { label: string; observers: readonly ReplicaObserverFactory[] };
}

function order(i: number): Platform.Order {
  const lines: Platform.OrderLine[] = Array.from({ length: 5 }, (_, k) => {
    const qty = 1 + ((i + k) % 7);
    const unit = 10_000 + ((i * 31 + k * 17) % 90_000);
    const lineTotal = qty * unit;
    return {
      line_no: k + 1,
      sku: `SKU-${(i * 7 + k) % 20_000}`,
      qty,
      unit_price: unit,
      tax_rate_bp: 1800,
      line_total: lineTotal,
      tax: Math.round((lineTotal * 1800) / 10_000),
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.line_total, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0);
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    id: `po_${i}`,
    number: `SO-2026-${String(i).padStart(7, '0')}`,
    account_id: `acc_${i % 5000}`,
    channel: 'portal',
    status: 'in_fulfillment',
    placed_at: at,
    placed_by: { type: 'dealer', id: `d${i % 5000}`, name: 'Dealer' },
    client_reference: null,
    currency: 'INR',
    lines,
    subtotal,
    tax_total: tax,
    total: subtotal + tax,
    credit_check: {
      result: 'passed',
      checked_at: at,
      credit_limit: 10_000_000,
      exposure: 5_000_000,
      available_after: 5_000_000,
      reasons: [],
    },
    approvals: [],
    fulfillment: { dms_order_id: `do_${i}`, handed_over_at: at },
    version: 3,
    updated_at: at,
  };
}

function* syntheticOrders(): Generator<Platform.Order> {
  for (let i = 0; ; i++) yield order(i);
}

/** The same rows a hand-written loader would insert: every column the replica has, values already computed. */
function rawRowsOf(o: Platform.Order) {
  return {
    order: [
      o.id,
      o.number,
      o.account_id,
      o.channel,
      o.status,
      o.placed_at,
      o.placed_by.type,
      o.placed_by.id,
      o.placed_by.name,
      o.client_reference ?? null,
      o.currency,
      o.subtotal,
      o.tax_total,
      o.total,
      o.lines.length,
      o.requested_delivery_date ?? null,
      o.notes && o.notes.length > 0 ? 1 : 0,
      o.lines.some((l) => l.price_override_reason) ? 1 : 0,
      o.credit_check.result,
      o.credit_check.checked_at,
      o.credit_check.credit_limit,
      o.credit_check.exposure,
      o.credit_check.available_after,
      o.credit_check.reasons.join(','),
      o.approvals.length,
      o.decision?.outcome ?? null,
      o.decision?.at ?? null,
      o.decision?.by?.id ?? null,
      o.fulfillment?.dms_order_id ?? null,
      o.fulfillment?.handed_over_at ?? null,
      o.cancellation?.at ?? null,
      o.version,
      o.updated_at,
      JSON.stringify(o),
    ],
    lines: o.lines.map((l) => [
      o.id,
      l.line_no,
      l.sku,
      l.qty,
      l.unit_price,
      l.list_price ?? null,
      l.price_override_reason ?? null,
      l.tax_rate_bp,
      l.line_total,
      l.tax,
    ]),
    approvals: o.approvals.map((a, i) => [o.id, i + 1, a.by.id, a.by.name, a.role, a.note ?? null, a.at]),
  };
}

export function benchSync(orders = 20_000, batch = 500, options: SyncBenchOptions = {}): SyncBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-bench-sync-'));
  const raw = openDatabase(path.join(dir, 'raw.sqlite')).sqlite;
  const desk = openDatabase(path.join(dir, 'desk.sqlite')).sqlite;
  const other = options.compare ? openDatabase(path.join(dir, 'compare.sqlite')).sqlite : null;
  try {
    // Raw inserts go into the same tables with the same indexes and nothing else: no trigger keeps anything
    // for the screens there (the order queues' are on deletions only, migration 0015_queues_triggers), so the ratio shows
    // what the engine and its observers cost.
    for (const trigger of raw
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('platform_orders', 'platform_order_lines')`)
      .pluck()
      .all() as string[])
      raw.exec(`DROP TRIGGER "${trigger}"`);
    const insOrder = raw.prepare(
      `INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name, client_reference, currency, subtotal, tax_total, total, line_count, requested_delivery_date, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit, credit_exposure, credit_available_after, hold_reasons, approval_count, decision_outcome, decided_at, decided_by_id, dms_order_id, handed_over_at, cancelled_at, version, updated_at, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLine = raw.prepare(
      'INSERT INTO platform_order_lines (order_id, line_no, sku, qty, unit_price, list_price, price_override_reason, tax_rate_bp, line_total, tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insApproval = raw.prepare(
      'INSERT INTO platform_order_approvals (order_id, seq, by_id, by_name, role, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const writer = new ReplicaWriter(desk, 'platform');
    writer.beginSnapshot();
    const otherWriter = other && options.compare ? new ReplicaWriter(other, 'platform', undefined, options.compare.observers) : null;
    otherWriter?.beginSnapshot();
    let otherMs = 0;

    let done = 0;
    let rows = 0;
    let rawMs = 0;
    let applyMs = 0;
    let validateMs = 0;
    let page: Platform.Order[] = [];
    const flush = () => {
      if (page.length === 0) return;
      // Validation (the connector does this on every incoming record).
      let t = performance.now();
      const records = page.map((d) => readSnapshotItem(platformSource, 'orders', d));
      validateMs += performance.now() - t;
      const invalid = records.find((r): r is Exclude<typeof r, IncomingRecord> => 'error' in r);
      if (invalid) throw new Error(`bench order failed validation: ${invalid.error}`);

      // Raw batched inserts of the same rows: the floor for this schema and these indexes.
      const rawPage = page.map(rawRowsOf);
      t = performance.now();
      raw.transaction(() => {
        for (const r of rawPage) {
          insOrder.run(r.order);
          for (const l of r.lines) insLine.run(l);
          for (const a of r.approvals) insApproval.run(a);
        }
      })();
      rawMs += performance.now() - t;

      // The engine's apply path, as a snapshot page delivers it.
      t = performance.now();
      desk.transaction(() => writer.apply(records as IncomingRecord[], { snapshot: true }))();
      applyMs += performance.now() - t;
      if (other && otherWriter) {
        t = performance.now();
        other.transaction(() => otherWriter.apply(records as IncomingRecord[], { snapshot: true }))();
        otherMs += performance.now() - t;
      }

      for (const r of rawPage) rows += 1 + r.lines.length + r.approvals.length;
      done += page.length;
      page = [];
      options.onProgress?.(done);
    };
    for (const o of options.source ?? syntheticOrders()) {
      if (done + page.length >= orders) break;
      page.push(o);
      if (page.length === batch) flush();
    }
    flush();

    return {
      orders: done,
      rows,
      batch,
      source: options.source ? (options.sourceName ?? 'caller') : 'synthetic',
      rawRowsPerSecond: Math.round(rows / (rawMs / 1000)),
      applyRowsPerSecond: Math.round(rows / (applyMs / 1000)),
      ratioToRaw: Number((applyMs / rawMs).toFixed(2)),
      validateRowsPerSecond: Math.round(rows / (validateMs / 1000)),
      rawSeconds: Number((rawMs / 1000).toFixed(2)),
      applySeconds: Number((applyMs / 1000).toFixed(2)),
      ...(options.compare
        ? {
            compare: {
              label: options.compare.label,
              ratioToRaw: Number((otherMs / rawMs).toFixed(2)),
              applySeconds: Number((otherMs / 1000).toFixed(2)),
            },
          }
        : {}),
    };
  } finally {
    raw.close();
    desk.close();
    other?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]sync\.ts$/.test(process.argv[1])) {
  const result = benchSync(Number(process.argv[2] ?? 20_000));
  process.stdout.write(`${JSON.stringify({ bench: 'sync-apply', ...result })}\n`);
}
