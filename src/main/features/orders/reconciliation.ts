// Reconciliation of a platform order with its DMS order (issue 10): both sides line by line (ordered,
// allocated, dispatched, delivered, returned, invoiced) and the drift between them, each flag saying which
// system has which value. One function computes it, for the order detail and for the replica observer that
// keeps `order_drift` (the "Drift" view) in step as rows arrive.
import type Database from 'better-sqlite3';
import type { Dms } from '../../../shared/contracts';
import {
  dmsOrderStatusLabels,
  driftKinds,
  platformOrderStatusLabels,
  type DmsOrderStatus,
  type DriftFlagView,
  type OrderChannel,
  type OrderReconciliationView,
  type PlatformOrderStatus,
  type ReconciliationLineView,
  type ReconciliationShipmentView,
} from '../../../shared/orders';

/** round_half_up(total * bp / 10000) per line, tax included: the contracts' money rule. */
export function lineValue(qty: number, unitPrice: number, taxRateBp: number): number {
  const total = qty * unitPrice;
  return total + Math.floor((total * taxRateBp + 5000) / 10000);
}

/** DMS statuses in which the warehouse is still working the order. */
const dmsWorking = new Set<DmsOrderStatus>([
  'open',
  'allocated',
  'partially_allocated',
  'backordered',
  'picking',
  'partially_dispatched',
  'dispatched',
  'partially_delivered',
]);
/** Platform statuses before the hand-over. */
const platformBeforeHandover = new Set<PlatformOrderStatus>(['received', 'credit_hold', 'approved']);

interface PlatformRow {
  id: string;
  number: string;
  status: PlatformOrderStatus;
  version: number;
  channel: OrderChannel;
  placed_at: string;
  placed_by_name: string;
  total: number;
  currency: string;
  dms_order_id: string | null;
  handed_over_at: string | null;
  updated_at: string | null;
  dealer_name: string | null;
  dealer_code: string | null;
}
interface PlatformLine {
  line_no: number;
  sku: string;
  qty: number;
  unit_price: number;
  tax_rate_bp: number;
}
interface DmsRow {
  id: string;
  number: string;
  status: DmsOrderStatus;
  total: number;
  created_at: string;
  updated_at: string | null;
}
interface DmsLine {
  line_no: number;
  sku: string;
  qty: number;
  unit_price: number;
  tax_rate_bp: number;
  qty_allocated: number;
  qty_dispatched: number;
  qty_delivered: number;
  qty_returned: number;
}
interface ShipmentRow {
  id: string;
  number: string;
  dispatched_at: string;
  delivered_at: string | null;
  eta: string | null;
  carrier: string | null;
  tracking_number: string | null;
  lines: string;
}
interface InvoiceRow {
  shipment_id: string | null;
  number: string;
  amount: number;
}

export interface Reconciliation {
  view: OrderReconciliationView;
  /** driftKinds bits of the flags. */
  kinds: number;
}

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(sqlite: Database.Database) {
  return {
    platform: sqlite.prepare(
      `SELECT o.id, o.number, o.status, o.version, o.channel, o.placed_at, o.placed_by_name, o.total, o.currency, o.dms_order_id,
         o.handed_over_at, o.updated_at, a.name AS dealer_name, a.code AS dealer_code
       FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id WHERE o.id = ?`,
    ),
    platformLines: sqlite.prepare(
      'SELECT line_no, sku, qty, unit_price, tax_rate_bp FROM platform_order_lines WHERE order_id = ? ORDER BY line_no',
    ),
    // The DMS order the platform names, else the latest made for this platform order.
    dms: sqlite.prepare(
      `SELECT id, number, status, total, created_at, updated_at FROM dms_orders WHERE platform_order_id = ?
       ORDER BY id = ? DESC, created_at DESC LIMIT 1`,
    ),
    dmsLines: sqlite.prepare(
      `SELECT line_no, sku, qty, unit_price, tax_rate_bp, qty_allocated, qty_dispatched, qty_delivered, qty_returned
       FROM dms_order_lines WHERE order_id = ? ORDER BY line_no`,
    ),
    shipments: sqlite.prepare(
      `SELECT id, number, dispatched_at, delivered_at, eta, carrier, tracking_number, lines FROM dms_shipments WHERE order_id = ?
       ORDER BY dispatched_at, id`,
    ),
    invoices: sqlite.prepare(`SELECT shipment_id, number, amount FROM dms_invoices WHERE order_id = ? AND status <> 'void'`),
    asOf: sqlite.prepare('SELECT source, last_success_at FROM sync_cursors'),
    driftClear: sqlite.prepare('DELETE FROM order_drift WHERE order_id = ?'),
    driftPut: sqlite.prepare(
      `INSERT INTO order_drift (order_id, kinds, detected_at) VALUES (?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET kinds = excluded.kinds, detected_at = excluded.detected_at WHERE order_drift.kinds <> excluded.kinds`,
    ),
  };
}

function statementsFor(sqlite: Database.Database) {
  let s = statements.get(sqlite);
  if (!s) statements.set(sqlite, (s = prepare(sqlite)));
  return s;
}

const label = (status: PlatformOrderStatus) => platformOrderStatusLabels[status];
const dmsLabel = (status: DmsOrderStatus) => dmsOrderStatusLabels[status];

/** The platform order and its DMS order side by side, with every drift flag; null when the order is unknown. */
export function reconcileOrder(
  sqlite: Database.Database,
  orderId: string,
  format: (minor: number) => string = String,
): Reconciliation | null {
  const s = statementsFor(sqlite);
  const p = s.platform.get(orderId) as PlatformRow | undefined;
  if (!p) return null;
  const pLines = s.platformLines.all(orderId) as PlatformLine[];
  const d = s.dms.get(orderId, p.dms_order_id) as DmsRow | undefined;
  const dLines = d ? (s.dmsLines.all(d.id) as DmsLine[]) : [];
  const shipmentRows = d ? (s.shipments.all(d.id) as ShipmentRow[]) : [];
  const invoices = d ? (s.invoices.all(d.id) as InvoiceRow[]) : [];
  const asOfRows = s.asOf.all() as { source: string; last_success_at: string | null }[];

  const flags: DriftFlagView[] = [];
  let kinds = 0;
  const flag = (f: DriftFlagView) => {
    flags.push(f);
    kinds |= driftKinds[f.kind];
  };

  // Per line: what each side holds, and invoiced quantities from the shipments that carry an invoice.
  const invoiceByShipment = new Map<string, InvoiceRow[]>();
  for (const inv of invoices) {
    if (!inv.shipment_id) continue;
    invoiceByShipment.set(inv.shipment_id, [...(invoiceByShipment.get(inv.shipment_id) ?? []), inv]);
  }
  const shipped = shipmentRows.map((sh) => ({ row: sh, lines: JSON.parse(sh.lines) as Dms.Order['shipments'][number]['lines'] }));
  const invoicedQty = new Map<number, number>();
  for (const sh of shipped) {
    if (!invoiceByShipment.has(sh.row.id)) continue;
    for (const l of sh.lines) invoicedQty.set(l.line_no, (invoicedQty.get(l.line_no) ?? 0) + l.qty);
  }
  const lineNos = [...new Set([...pLines.map((l) => l.line_no), ...dLines.map((l) => l.line_no)])].sort((a, b) => a - b);
  const pByNo = new Map(pLines.map((l) => [l.line_no, l]));
  const dByNo = new Map(dLines.map((l) => [l.line_no, l]));
  const lines: ReconciliationLineView[] = lineNos.map((lineNo) => {
    const pl = pByNo.get(lineNo);
    const dl = dByNo.get(lineNo);
    const differs: ReconciliationLineView['differs'] = [];
    if (d && pl && dl) {
      if (pl.sku !== dl.sku) differs.push('sku');
      if (pl.qty !== dl.qty) differs.push('qty');
      if (pl.unit_price !== dl.unit_price) differs.push('unitPrice');
    } else if (d && pl && !dl) differs.push('onlyPlatform');
    else if (d && dl && !pl) differs.push('onlyDms');
    return {
      lineNo,
      platform: pl ? { sku: pl.sku, qty: pl.qty, unitPrice: pl.unit_price, value: lineValue(pl.qty, pl.unit_price, pl.tax_rate_bp) } : null,
      dms: dl
        ? {
            sku: dl.sku,
            qty: dl.qty,
            unitPrice: dl.unit_price,
            allocated: dl.qty_allocated,
            dispatched: dl.qty_dispatched,
            delivered: dl.qty_delivered,
            returned: dl.qty_returned,
            invoiced: invoicedQty.get(lineNo) ?? 0,
          }
        : null,
      differs,
    };
  });

  for (const line of lines) {
    const pl = line.platform;
    const dl = line.dms;
    if (line.differs.includes('onlyPlatform') && pl) {
      flag({
        kind: 'lines',
        lineNo: line.lineNo,
        message: `Line ${line.lineNo} is on the platform order only.`,
        platform: `${pl.qty} × ${pl.sku} at ${format(pl.unitPrice)}`,
        dms: 'no such line',
      });
    }
    if (line.differs.includes('onlyDms') && dl) {
      flag({
        kind: 'lines',
        lineNo: line.lineNo,
        message: `Line ${line.lineNo} is on the DMS order only.`,
        platform: 'no such line',
        dms: `${dl.qty} × ${dl.sku} at ${format(dl.unitPrice)}`,
      });
    }
    if (!pl || !dl) continue;
    if (line.differs.includes('sku'))
      flag({ kind: 'lines', lineNo: line.lineNo, message: `Line ${line.lineNo}: the SKU differs.`, platform: pl.sku, dms: dl.sku });
    if (line.differs.includes('qty'))
      flag({
        kind: 'lines',
        lineNo: line.lineNo,
        message: `Line ${line.lineNo} (${pl.sku}): the quantity differs.`,
        platform: `${pl.qty} ordered`,
        dms: `${dl.qty} ordered`,
      });
    if (line.differs.includes('unitPrice'))
      flag({
        kind: 'lines',
        lineNo: line.lineNo,
        message: `Line ${line.lineNo} (${pl.sku}): the unit price differs.`,
        platform: `${format(pl.unitPrice)} a unit`,
        dms: `${format(dl.unitPrice)} a unit`,
      });
  }

  // Statuses that cannot both be true.
  if (d) {
    if (d.status === 'cancelled' && (p.status === 'in_fulfillment' || p.status === 'received' || p.status === 'approved')) {
      flag({
        kind: 'status',
        lineNo: null,
        message: 'The DMS cancelled the order, but the platform still shows it live to the dealer.',
        platform: label(p.status),
        dms: `${dmsLabel(d.status)} (${d.number})`,
      });
    } else if ((p.status === 'cancelled' || p.status === 'rejected') && d.status !== 'cancelled') {
      flag({
        kind: 'status',
        lineNo: null,
        message: `The platform order is ${label(p.status).toLowerCase()}, but its DMS order is not cancelled.`,
        platform: label(p.status),
        dms: `${dmsLabel(d.status)} (${d.number})`,
      });
    } else if (p.status === 'closed' && dmsWorking.has(d.status)) {
      flag({
        kind: 'status',
        lineNo: null,
        message: 'The platform closed the order while the warehouse is still working it.',
        platform: label(p.status),
        dms: `${dmsLabel(d.status)} (${d.number})`,
      });
    } else if (platformBeforeHandover.has(p.status) && d.status !== 'cancelled') {
      flag({
        kind: 'missing',
        lineNo: null,
        message: 'The DMS is fulfilling the order, but the platform has not moved it into fulfilment.',
        platform: `${label(p.status)}, not handed over`,
        dms: `${dmsLabel(d.status)} (${d.number})`,
      });
    }
  } else if (p.status === 'in_fulfillment') {
    flag({
      kind: 'missing',
      lineNo: null,
      message: 'The platform shows the order in fulfilment, but the DMS has no order for it.',
      platform: `${label(p.status)}${p.dms_order_id ? ` as ${p.dms_order_id}` : ''}`,
      dms: 'no order',
    });
  }

  // Invoiced against delivered: each delivered shipment's invoices against its value at the order's prices.
  const shipments: ReconciliationShipmentView[] = shipped.map((sh) => {
    const value = sh.lines.reduce((sum, l) => {
      const priced = pByNo.get(l.line_no) ?? dByNo.get(l.line_no);
      return sum + (priced ? lineValue(l.qty, priced.unit_price, priced.tax_rate_bp) : 0);
    }, 0);
    const own = invoiceByShipment.get(sh.row.id) ?? [];
    return {
      number: sh.row.number,
      dispatchedAt: sh.row.dispatched_at,
      deliveredAt: sh.row.delivered_at,
      eta: sh.row.eta,
      carrier: sh.row.carrier,
      trackingNumber: sh.row.tracking_number,
      invoiceNumber: own.map((i) => i.number).join(', ') || null,
      invoiced: own.length ? own.reduce((sum, i) => sum + i.amount, 0) : null,
      value,
    };
  });
  const delivered = shipments.filter((sh) => sh.deliveredAt !== null);
  const deliveredValue = delivered.reduce((sum, sh) => sum + sh.value, 0);
  const invoicedDelivered = delivered.reduce((sum, sh) => sum + (sh.invoiced ?? 0), 0);
  if (d && delivered.length > 0 && deliveredValue !== invoicedDelivered) {
    flag({
      kind: 'invoice',
      lineNo: null,
      message: `Invoiced for the delivered shipments differs from their value at the order's prices by ${format(Math.abs(invoicedDelivered - deliveredValue))}.`,
      platform: `delivered value ${format(deliveredValue)}`,
      dms: `invoiced ${format(invoicedDelivered)}`,
    });
  }

  const asOf = (source: string) => asOfRows.find((r) => r.source === source)?.last_success_at ?? null;
  return {
    kinds,
    view: {
      orderId: p.id,
      number: p.number,
      currency: p.currency,
      platform: {
        status: p.status,
        version: p.version,
        channel: p.channel,
        placedAt: p.placed_at,
        placedByName: p.placed_by_name,
        total: p.total,
        dealerName: p.dealer_name,
        dealerCode: p.dealer_code,
        dmsOrderId: p.dms_order_id,
        updatedAt: p.updated_at,
      },
      dms: d
        ? { id: d.id, number: d.number, status: d.status, total: d.total, createdAt: d.created_at, updatedAt: d.updated_at, shipments }
        : null,
      lines,
      flags,
      asOf: { platform: asOf('platform'), dms: asOf('dms') },
    },
  };
}

/**
 * Records the order's drift in `order_drift` (or clears it). Only drift the replica can prove from rows on
 * both sides is stored; "in fulfilment on the platform, no DMS order" is asked at query time, so an initial
 * sync that brings the platform first does not flag every order for a moment. Keeps `detected_at` while the
 * kinds are unchanged (the queues wait a grace period before showing passing states).
 */
export function recordOrderDrift(sqlite: Database.Database, orderId: string, now: Date): number {
  const result = reconcileOrder(sqlite, orderId);
  const kinds = result && result.view.dms ? result.kinds : 0;
  const s = statementsFor(sqlite);
  if (kinds === 0) s.driftClear.run(orderId);
  else s.driftPut.run(orderId, kinds, now.toISOString());
  return kinds;
}
