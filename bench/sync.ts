// Sync apply benchmark (DESIGN.md budgets): rows/s of the replica apply path (version-guarded upserts with
// child rows, raw JSON kept) against raw batched inserts of the same rows into the same schema, in the
// same run, plus the cost of contract validation. `npx tsx bench/sync.ts [orders]` or call benchSync().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Platform } from '../src/shared/contracts';
import { openDatabase } from '../src/main/db/open';
import { readSnapshotItem, platformSource, type IncomingRecord } from '../src/main/connectors/source';
import { ReplicaWriter } from '../src/main/sync/replica';

export interface SyncBenchResult {
  orders: number;
  rows: number;
  rawRowsPerSecond: number;
  applyRowsPerSecond: number;
  /** apply time / raw time (budget: <= 3). */
  ratioToRaw: number;
  validateRowsPerSecond: number;
  batch: number;
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

export function benchSync(orders = 20_000, batch = 500): SyncBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-bench-sync-'));
  try {
    const data = Array.from({ length: orders }, (_, i) => order(i));
    const rows = orders * 6;

    // Validation (the connector does this on every incoming record).
    let t = performance.now();
    const records = data.map((d) => readSnapshotItem(platformSource, 'orders', d) as IncomingRecord);
    const validateMs = performance.now() - t;

    // Raw batched inserts of the same rows: the floor for this schema and these indexes.
    const raw = openDatabase(path.join(dir, 'raw.sqlite')).sqlite;
    const insOrder = raw.prepare(
      `INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id, placed_by_name, client_reference, currency, subtotal, tax_total, total, line_count, requested_delivery_date, has_notes, has_price_override, credit_result, credit_checked_at, credit_limit, credit_exposure, credit_available_after, hold_reasons, approval_count, decision_outcome, decided_at, decided_by_id, dms_order_id, handed_over_at, cancelled_at, version, updated_at, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insLine = raw.prepare(
      'INSERT INTO platform_order_lines (order_id, line_no, sku, qty, unit_price, list_price, price_override_reason, tax_rate_bp, line_total, tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const rawRows = data.map((o) => ({
      o: [
        o.id,
        o.number,
        o.account_id,
        o.channel,
        o.status,
        o.placed_at,
        'dealer',
        o.placed_by.id,
        o.placed_by.name,
        null,
        o.currency,
        o.subtotal,
        o.tax_total,
        o.total,
        o.lines.length,
        null,
        0,
        0,
        'passed',
        o.credit_check.checked_at,
        o.credit_check.credit_limit,
        o.credit_check.exposure,
        o.credit_check.available_after,
        '',
        0,
        null,
        null,
        null,
        o.fulfillment?.dms_order_id ?? null,
        o.fulfillment?.handed_over_at ?? null,
        null,
        o.version,
        o.updated_at,
        JSON.stringify(o),
      ],
      lines: o.lines.map((l) => [o.id, l.line_no, l.sku, l.qty, l.unit_price, null, null, l.tax_rate_bp, l.line_total, l.tax]),
    }));
    t = performance.now();
    for (let i = 0; i < rawRows.length; i += batch) {
      raw.transaction(() => {
        for (const r of rawRows.slice(i, i + batch)) {
          insOrder.run(r.o);
          for (const l of r.lines) insLine.run(l);
        }
      })();
    }
    const rawMs = performance.now() - t;
    raw.close();

    // The engine's apply path, page by page as a snapshot delivers it.
    const desk = openDatabase(path.join(dir, 'desk.sqlite')).sqlite;
    const writer = new ReplicaWriter(desk, 'platform');
    t = performance.now();
    for (let i = 0; i < records.length; i += batch) {
      const page = records.slice(i, i + batch);
      desk.transaction(() => writer.apply(page, { snapshot: true }))();
    }
    const applyMs = performance.now() - t;
    desk.close();

    return {
      orders,
      rows,
      batch,
      rawRowsPerSecond: Math.round(rows / (rawMs / 1000)),
      applyRowsPerSecond: Math.round(rows / (applyMs / 1000)),
      ratioToRaw: Number((applyMs / rawMs).toFixed(2)),
      validateRowsPerSecond: Math.round(rows / (validateMs / 1000)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && /bench[\\/]sync\.ts$/.test(process.argv[1])) {
  const result = benchSync(Number(process.argv[2] ?? 20_000));
  process.stdout.write(`${JSON.stringify({ bench: 'sync-apply', ...result })}\n`);
}
