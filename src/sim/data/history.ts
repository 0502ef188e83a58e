// Twelve months of one dealer's history in both systems, generated dealer by dealer so the whole dataset
// streams: platform orders (with holds, approvals, decisions, hand-over), DMS orders with shipments,
// invoices per shipment, payments allocated to invoices, returns, credit overrides, dealer-status
// publications, and finally the DMS account figures and the platform credit position derived from them.
import type { Dms, Platform } from '../../shared/contracts/index.js';
import { type PricePoint, type SkuFacts, type Tier, pickPrice } from './catalog.js';
import type { DealerProfile } from './dealers.js';
import { LAKH, lineTax, lineValue } from './money.js';
import { Rng, hashUnit } from './prng.js';
import { CARRIERS, INTEGRATION_STAFF, STAFF, WAREHOUSES, staffByRole } from './reference.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Orders placed within this window before `now` are decided against the dealer's current figures. */
export const DECISION_WINDOW_MS = 36 * HOUR;

export interface World {
  seed: number;
  now: Date;
  nowMs: number;
  today: string;
  skus: SkuFacts[];
  basePoints: PricePoint[][];
  tierPoints: Record<Exclude<Tier, 'bronze'>, PricePoint[][]>;
  contractPoints: (profile: DealerProfile, skuIndex: number) => PricePoint[];
  popularSku: (rng: Rng) => number;
  /** Units allocated and not yet dispatched, per warehouse x SKU (for the stock records). */
  allocated: Int32Array;
}

export interface DealerOrderSlot {
  placedMs: number;
  /** Chronological rank of the order across all dealers (ids). */
  rank: number;
  /** Sequence within the calendar year (order numbers). */
  yearSeq: number;
}

export interface DealerHistory {
  platformOrders: Platform.Order[];
  dealerStatuses: Platform.DealerStatus[];
  credit: Platform.Credit | null;
  dmsAccount: Dms.Account;
  dmsOrders: Dms.Order[];
  invoices: Dms.Invoice[];
  payments: Dms.Payment[];
  returns: Dms.Return[];
  overrides: Dms.CreditOverride[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const staffRef = (s: { id: string; name: string }): Platform.Staff => ({ id: s.id, name: s.name });

/** Whole days from date a to date b (YYYY-MM-DD). */
function daysFromTo(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

function addDaysToDate(ms: number, days: number): string {
  return dateOf(ms + days * DAY);
}

interface LineDraft {
  skuIndex: number;
  sku: string;
  qty: number;
  unitPrice: number;
  listPrice: number | null;
  overrideReason: string | null;
  taxBp: number;
}

type Fate =
  | { kind: 'handover'; handoverMs: number; held: HeldDecision | null }
  | { kind: 'held_rejected'; held: HeldDecision }
  | { kind: 'dealer_cancelled'; atMs: number; held: HeldDecision | null }
  | { kind: 'pending' };

interface HeldDecision {
  reasons: ('over_limit' | 'overdue' | 'account_blocked' | 'no_credit_position')[];
  decisionMs: number;
  approvers: { id: string; name: string; role: string; atMs: number }[];
}

interface OrderDraft {
  slot: DealerOrderSlot;
  id: string;
  number: string;
  channel: Platform.Order['channel'];
  placedBy: Platform.Order['placed_by'];
  clientReference: string | null;
  lines: LineDraft[];
  subtotal: number;
  taxTotal: number;
  total: number;
  requestedDate: string | null;
  notes: string | null;
  fate: Fate;
  dms: DmsPlan | null;
}

interface ShipmentPlan {
  k: number;
  dispatchMs: number;
  deliverMs: number;
  eta: string;
  qty: number[]; // per line
  carrier: (typeof CARRIERS)[number];
  tracking: string;
  vehicle: string;
}

interface DmsPlan {
  handoverMs: number;
  cancelMs: number | null;
  checkMs: number;
  backordered: boolean;
  alloc1Ms: number;
  alloc1: number[];
  alloc2Ms: number | null;
  pick1Ms: number;
  shipments: ShipmentPlan[];
  closeMs: number | null;
  returns: { atMs: number; lines: { lineIndex: number; qty: number; reason: Dms.Return['lines'][number]['reason'] }[] }[];
}

const NOTES = [
  'Deliver before 11 am, shop closes for lunch.',
  'Urgent: site work starting Monday.',
  'Please send with the previous backorder if possible.',
  'Call the store manager before dispatch.',
  'Festival stock, please prioritise.',
  'Unload at the godown behind the shop.',
];
const OVERRIDE_REASONS = [
  'Matched competitor quote',
  'Project pricing approved by RSM',
  'Old price honoured for pending PO',
  'Damaged packaging discount',
];
const RETURN_REASONS: readonly (readonly [Dms.Return['lines'][number]['reason'], number])[] = [
  ['damaged', 45],
  ['wrong_item', 20],
  ['quality', 20],
  ['expired', 5],
  ['other', 10],
];

function tierQtyScale(tier: Tier): number {
  return tier === 'platinum' ? 3 : tier === 'gold' ? 2 : tier === 'silver' ? 1.3 : 1;
}

function resolveUnitPrice(w: World, p: DealerProfile, skuIndex: number, qty: number, date: string): number {
  let own: PricePoint[] = [];
  if (p.contract) own = w.contractPoints(p, skuIndex);
  else if (p.tier !== 'bronze') own = w.tierPoints[p.tier][skuIndex] ?? [];
  const fromOwn = own.length ? pickPrice(own, qty, date) : null;
  if (fromOwn !== null) return fromOwn;
  const base = pickPrice(w.basePoints[skuIndex] ?? [], qty, date);
  if (base === null) throw new Error(`SKU index ${skuIndex} is unpriced on ${date}`);
  return base;
}

function buildLines(w: World, p: DealerProfile, rng: Rng, placedMs: number, channel: Platform.Order['channel']): LineDraft[] {
  const lineCount = Math.min(25, 1 + Math.floor(-Math.log(1 - rng.next()) * 4.2));
  const date = dateOf(placedMs);
  const chosen = new Set<number>();
  const lines: LineDraft[] = [];
  for (let tries = 0; lines.length < lineCount && tries < lineCount * 6; tries++) {
    const skuIndex = p.regulars.length && rng.chance(0.55) ? rng.pick(p.regulars) : w.popularSku(rng);
    const facts = w.skus[skuIndex];
    if (!facts || !facts.active || chosen.has(skuIndex)) continue;
    chosen.add(skuIndex);
    const uoms = Math.max(1, Math.round(Math.exp(rng.normal() * 0.8) * facts.heft * tierQtyScale(p.tier) * 1.2));
    const qty = Math.max(facts.moq, Math.ceil(uoms / facts.multiple) * facts.multiple);
    const resolved = resolveUnitPrice(w, p, skuIndex, qty, date);
    const override = channel === 'phone' && rng.chance(0.03);
    lines.push({
      skuIndex,
      sku: facts.sku,
      qty,
      unitPrice: override ? Math.max(100, Math.round((resolved * 0.97) / 100) * 100) : resolved,
      listPrice: override ? resolved : null,
      overrideReason: override ? rng.pick(OVERRIDE_REASONS) : null,
      taxBp: facts.taxBp,
    });
  }
  return lines;
}

function pickChannel(rng: Rng, p: DealerProfile, placedMs: number): Platform.Order['channel'] {
  const istHour = ((((placedMs + 5.5 * HOUR) % DAY) + DAY) % DAY) / HOUR;
  const offHours = istHour < 9 || istHour >= 20;
  const edi = p.tier === 'platinum' ? 18 : p.tier === 'gold' ? 4 : 0;
  if (offHours)
    return rng.weighted<Platform.Order['channel']>([
      ['portal', 90],
      ['edi', edi],
    ]);
  return rng.weighted<Platform.Order['channel']>([
    ['portal', 52],
    ['phone', 20],
    ['whatsapp', 12],
    ['email', 8],
    ['edi', edi],
  ]);
}

/** Days to deliver from the warehouse: near regions quickly, the North-East and far states slower. */
function transitDays(rng: Rng, p: DealerProfile): number {
  const far = p.state.gst === '18' || p.state.gst === '01' || p.state.gst === '02';
  return far ? rng.int(4, 7) : rng.int(1, 4);
}

/** Share of orders held in a warehouse backlog (dispatched after their expected dispatch date). */
const BACKLOG_SHARE = 0.04;

/**
 * The expected dispatch date as the DMS sets it at its latest allocation up to `at`: two days on when
 * everything is allocated, seven when only part is (or nothing, on backorder); unknown before allocation.
 */
function expectedDispatchDate(plan: DmsPlan, at: number): string | null {
  if (plan.alloc2Ms !== null && plan.alloc2Ms <= at) return addDaysToDate(plan.alloc2Ms, 2);
  if (plan.alloc1Ms <= at) return addDaysToDate(plan.alloc1Ms, plan.alloc2Ms !== null ? 7 : 2);
  if (plan.backordered && plan.checkMs <= at) return addDaysToDate(plan.checkMs, 7);
  return null;
}

function planDms(w: World, p: DealerProfile, rng: Rng, lines: LineDraft[], handoverMs: number): DmsPlan {
  const wh = WAREHOUSES[p.warehouseIndex] ?? WAREHOUSES[0];
  if (!wh) throw new Error('no warehouses');
  const cancelled = rng.chance(0.005);
  let backordered = !cancelled && rng.chance(0.015);
  const qtys = lines.map((l) => l.qty);
  let alloc1 = [...qtys];
  let partial = !cancelled && !backordered && rng.chance(0.08);
  if (partial) {
    alloc1 = qtys.map((q) => (rng.chance(0.45) ? Math.floor(q * (0.3 + rng.next() * 0.5)) : q));
    if (alloc1.every((a, i) => a === qtys[i])) {
      const i = rng.int(0, qtys.length - 1);
      alloc1[i] = Math.floor((qtys[i] ?? 0) / 2);
    }
    if (alloc1.every((a) => a === 0)) {
      partial = false;
      backordered = true;
      alloc1 = [...qtys];
    }
    if (alloc1.every((a, i) => a === qtys[i])) partial = false;
  }
  const checkMs = handoverMs + rng.int(10, 50) * MIN;
  const alloc1Ms = backordered ? handoverMs + rng.int(3, 12) * DAY + rng.int(0, 8) * HOUR : checkMs + rng.int(0, 5 * 60) * MIN;
  // A few orders wait in a warehouse backlog for two to four days after allocation, past their expected
  // dispatch date (drawn by hash, so every other draw of the generator stays as it was).
  const backlogUnit = cancelled ? 1 : hashUnit(w.seed, 'backlog', p.index, handoverMs);
  const backlogMs = backlogUnit < BACKLOG_SHARE ? (48 + Math.floor((backlogUnit / BACKLOG_SHARE) * 48)) * HOUR : 0;
  const pick1Ms = alloc1Ms + rng.int(4 * 60, 20 * 60) * MIN + backlogMs;
  const shipments: ShipmentPlan[] = [];
  const ship = (k: number, dispatchMs: number, qty: number[]): ShipmentPlan => {
    const days = transitDays(rng, p);
    const carrier = rng.pick(CARRIERS);
    const slip = rng.weighted<number>([
      [0, 70],
      [1, 20],
      [-0.5, 6],
      [2, 4],
    ]);
    return {
      k,
      dispatchMs,
      deliverMs: dispatchMs + Math.max(0.3, days + slip) * DAY + rng.int(0, 6 * 60) * MIN,
      eta: addDaysToDate(dispatchMs, days),
      qty,
      carrier,
      tracking: `${carrier.trackingPrefix}${rng.digits(carrier.trackingDigits)}`,
      vehicle: `${wh.rto}${rng.letters(2)}${rng.digits(4)}`,
    };
  };
  const dispatch1 = pick1Ms + rng.int(2 * 60, 10 * 60) * MIN;
  shipments.push(ship(1, dispatch1, alloc1));
  let alloc2Ms: number | null = null;
  if (partial) {
    alloc2Ms = dispatch1 + rng.int(3, 10) * DAY;
    const dispatch2 = alloc2Ms + rng.int(6 * 60, 30 * 60) * MIN;
    shipments.push(
      ship(
        2,
        dispatch2,
        qtys.map((q, i) => q - (alloc1[i] ?? 0)),
      ),
    );
  }
  const lastDelivery = Math.max(...shipments.map((s) => s.deliverMs));
  const closeMs = cancelled ? null : lastDelivery + rng.int(2, 7) * DAY;
  const cancelMs = cancelled ? handoverMs + rng.int(60, 6 * 60) * MIN : null;

  const returns: DmsPlan['returns'] = [];
  if (!cancelled && rng.chance(0.025)) {
    const first = shipments[0];
    if (first) {
      const atMs = first.deliverMs + rng.int(3, 25) * DAY;
      const lineIndex = rng.int(0, lines.length - 1);
      const delivered = first.qty[lineIndex] ?? 0;
      if (delivered > 0) {
        returns.push({
          atMs,
          lines: [{ lineIndex, qty: Math.max(1, Math.floor(delivered * rng.next() * 0.2)), reason: rng.weighted(RETURN_REASONS) }],
        });
      }
    }
  }
  return { handoverMs, cancelMs, checkMs, backordered, alloc1Ms, alloc1, alloc2Ms, pick1Ms, shipments, closeMs, returns };
}

interface DmsOutcome {
  order: Dms.Order;
  invoices: Dms.Invoice[];
  returns: Dms.Return[];
  statuses: {
    atMs: number;
    status: Platform.DealerStatus['status'];
    message: string;
    eta: string | null;
    tracking: Platform.DealerStatus['tracking'];
    by: Platform.Staff;
  }[];
  /** The platform order closes once the DMS order is closed or cancelled. */
  platformCloseMs: number | null;
  /** Value not yet invoiced (counts towards unbilled). */
  unbilled: number;
}

function realiseDms(w: World, p: DealerProfile, draft: OrderDraft, plan: DmsPlan): DmsOutcome {
  const n = w.nowMs;
  const wh = WAREHOUSES[p.warehouseIndex] ?? WAREHOUSES[0];
  if (!wh) throw new Error('no warehouses');
  const ord = draft.slot.rank + 1;
  const id = `do-${pad(ord, 7)}`;
  const year = new Date(draft.slot.placedMs).getUTCFullYear();
  const lines = draft.lines;
  const cancelled = plan.cancelMs !== null && plan.cancelMs <= n;
  const changes: number[] = [plan.handoverMs];
  const qa = lines.map(() => 0);
  const qd = lines.map(() => 0);
  const qdel = lines.map(() => 0);
  const qr = lines.map(() => 0);
  const shipments: Dms.Order['shipments'] = [];
  const invoices: Dms.Invoice[] = [];
  const statuses: DmsOutcome['statuses'] = [];
  const integration = staffRef(INTEGRATION_STAFF);
  const reviewer = staffRef(staffByRole('inside_sales')[draft.slot.rank % 4] ?? INTEGRATION_STAFF);
  const status = (
    atMs: number,
    s: DmsOutcome['statuses'][number]['status'],
    message: string,
    by: Platform.Staff = integration,
    eta: string | null = null,
    tracking: Platform.DealerStatus['tracking'] = null,
  ): void => {
    if (atMs <= n) statuses.push({ atMs, status: s, message, eta, tracking, by });
  };
  status(
    plan.handoverMs + 2 * MIN,
    'confirmed',
    `Your order ${draft.number} is confirmed and will be dispatched from our ${wh.name.split(' ')[0]} warehouse.`,
  );

  let warehouseId: string | null = null;
  let dmsStatus: Dms.Order['status'] = 'open';
  let cancellation: Dms.Order['cancellation'] = null;
  if (cancelled && plan.cancelMs !== null) {
    if (plan.checkMs <= plan.cancelMs) warehouseId = wh.id;
    dmsStatus = 'cancelled';
    changes.push(plan.cancelMs);
    cancellation = {
      reason: 'Dealer asked to cancel before dispatch (duplicate requirement)',
      by: staffRef(STAFF[8] ?? INTEGRATION_STAFF),
      at: iso(plan.cancelMs),
    };
    status(plan.cancelMs + 12 * MIN, 'cancelled', `Your order ${draft.number} has been cancelled as requested.`, reviewer);
  } else {
    if (plan.checkMs <= n) warehouseId = wh.id;
    if (plan.backordered && plan.checkMs <= n) {
      changes.push(plan.checkMs);
      dmsStatus = 'backordered';
      status(
        plan.checkMs + 3 * HOUR,
        'backordered',
        `Some items on ${draft.number} are on backorder; we expect to dispatch by ${dateOf(plan.alloc1Ms + DAY)}.`,
        reviewer,
      );
    }
    if (plan.alloc1Ms <= n) {
      plan.alloc1.forEach((a, i) => (qa[i] = a));
      changes.push(plan.alloc1Ms);
      const partial = plan.alloc2Ms !== null;
      dmsStatus = partial ? 'partially_allocated' : 'allocated';
      if (partial)
        status(
          plan.alloc1Ms + 2 * HOUR,
          'backordered',
          `Part of ${draft.number} is on backorder; the rest will be dispatched first.`,
          reviewer,
        );
    }
    if (plan.pick1Ms <= n) {
      changes.push(plan.pick1Ms);
      dmsStatus = 'picking';
    }
    if (plan.alloc2Ms !== null && plan.alloc2Ms <= n) {
      lines.forEach((l, i) => (qa[i] = l.qty));
      changes.push(plan.alloc2Ms);
    }
    for (const s of plan.shipments) {
      if (s.dispatchMs > n) continue;
      changes.push(s.dispatchMs);
      const delivered = s.deliverMs <= n;
      if (delivered) changes.push(s.deliverMs);
      s.qty.forEach((q, i) => {
        qd[i] = (qd[i] ?? 0) + q;
        if (delivered) qdel[i] = (qdel[i] ?? 0) + q;
      });
      const shipmentId = `shp-${pad(ord, 7)}-${s.k}`;
      const shipLines = s.qty.map((q, i) => ({ line_no: i + 1, qty: q })).filter((l) => l.qty > 0);
      shipments.push({
        id: shipmentId,
        number: `SHP-${year}-${pad(draft.slot.yearSeq, 6)}-${s.k}`,
        dispatched_at: iso(s.dispatchMs),
        carrier: s.carrier.name,
        tracking_number: s.tracking,
        vehicle_no: s.vehicle,
        eta: s.eta,
        delivered_at: delivered ? iso(s.deliverMs) : null,
        lines: shipLines,
      });
      let amount = 0;
      s.qty.forEach((q, i) => {
        const l = lines[i];
        if (l && q > 0) amount += lineValue(q, l.unitPrice, l.taxBp);
      });
      invoices.push({
        id: `inv-${pad(ord, 7)}-${s.k}`,
        number: `INV-${new Date(s.dispatchMs).getUTCFullYear()}-${pad(draft.slot.yearSeq, 6)}-${s.k}`,
        dealer_code: p.code,
        order_id: id,
        platform_order_id: draft.id,
        shipment_id: shipmentId,
        issued_at: iso(s.dispatchMs),
        due_date: addDaysToDate(s.dispatchMs, p.paymentTermsDays),
        amount,
        outstanding: amount,
        status: 'open',
        version: 1,
        updated_at: iso(s.dispatchMs),
      });
      const lastShipment = s.k === plan.shipments.length;
      const tracking = { carrier: s.carrier.name, number: s.tracking, url: `${s.carrier.url}${s.tracking}` };
      status(
        s.dispatchMs + 4 * MIN,
        lastShipment ? 'dispatched' : 'partially_dispatched',
        `${lastShipment ? 'Dispatched' : 'Part of your order dispatched'}: ${draft.number} via ${s.carrier.name}, docket ${s.tracking}, expected ${s.eta}.`,
        integration,
        s.eta,
        tracking,
      );
      const allDelivered = plan.shipments.every((x) => x.deliverMs <= s.deliverMs);
      status(
        s.deliverMs + 6 * MIN,
        allDelivered ? 'delivered' : 'partially_delivered',
        allDelivered
          ? `Delivered: ${draft.number}. Thank you for your business.`
          : `Part of ${draft.number} has been delivered; the rest is on its way.`,
        allDelivered ? integration : reviewer,
      );
    }
    const totalQty = lines.reduce((s, l) => s + l.qty, 0);
    const dispatched = qd.reduce((s, q) => s + q, 0);
    const deliveredQty = qdel.reduce((s, q) => s + q, 0);
    if (dispatched > 0) {
      if (dispatched < totalQty) dmsStatus = 'partially_dispatched';
      else if (deliveredQty === dispatched) dmsStatus = 'delivered';
      else if (deliveredQty > 0) dmsStatus = 'partially_delivered';
      else dmsStatus = 'dispatched';
    }
    if (plan.closeMs !== null && plan.closeMs <= n) {
      dmsStatus = 'closed';
      changes.push(plan.closeMs);
    }
  }

  const returns: Dms.Return[] = [];
  plan.returns.forEach((r, k) => {
    if (r.atMs > n || cancelled) return;
    const retLines: Dms.Return['lines'] = [];
    let credit = 0;
    for (const rl of r.lines) {
      const l = lines[rl.lineIndex];
      const deliveredQty = qdel[rl.lineIndex] ?? 0;
      const qty = Math.min(rl.qty, deliveredQty - (qr[rl.lineIndex] ?? 0));
      if (!l || qty <= 0) continue;
      qr[rl.lineIndex] = (qr[rl.lineIndex] ?? 0) + qty;
      retLines.push({ sku: l.sku, qty, reason: rl.reason });
      credit += lineValue(qty, l.unitPrice, l.taxBp);
    }
    if (!retLines.length) return;
    changes.push(r.atMs);
    returns.push({
      id: `ret-${pad(ord, 7)}-${k + 1}`,
      number: `RMA-${new Date(r.atMs).getUTCFullYear()}-${pad(draft.slot.yearSeq, 6)}-${k + 1}`,
      dealer_code: p.code,
      order_id: id,
      platform_order_id: draft.id,
      lines: retLines,
      credit_amount: credit,
      received_at: iso(r.atMs),
      version: 1,
      updated_at: iso(r.atMs),
    });
  });

  let total = 0;
  let unbilled = 0;
  const orderLines: Dms.Order['lines'] = lines.map((l, i) => {
    total += lineValue(l.qty, l.unitPrice, l.taxBp);
    if (!cancelled) unbilled += lineValue(l.qty - (qd[i] ?? 0), l.unitPrice, l.taxBp);
    return {
      line_no: i + 1,
      sku: l.sku,
      qty: l.qty,
      unit_price: l.unitPrice,
      tax_rate_bp: l.taxBp,
      qty_allocated: cancelled ? 0 : (qa[i] ?? 0),
      qty_dispatched: qd[i] ?? 0,
      qty_delivered: qdel[i] ?? 0,
      qty_returned: qr[i] ?? 0,
    };
  });
  if (!cancelled && dmsStatus !== 'closed' && warehouseId !== null) {
    const base = p.warehouseIndex * w.skus.length;
    lines.forEach((l, i) => {
      const held = (qa[i] ?? 0) - (qd[i] ?? 0);
      if (held > 0) w.allocated[base + l.skuIndex] = (w.allocated[base + l.skuIndex] ?? 0) + held;
    });
  }
  const lastChange = Math.max(...changes.filter((c) => c <= n));
  const order: Dms.Order = {
    id,
    number: `DO-${year}-${pad(draft.slot.yearSeq, 6)}`,
    platform_order_id: draft.id,
    platform_order_number: draft.number,
    dealer_code: p.code,
    status: dmsStatus,
    warehouse_id: warehouseId,
    lines: orderLines,
    total,
    expected_dispatch_date: expectedDispatchDate(plan, cancelled && plan.cancelMs !== null ? Math.min(plan.cancelMs, n) : n),
    shipments,
    cancellation,
    created_at: iso(plan.handoverMs),
    version: changes.filter((c) => c <= n).length,
    updated_at: iso(lastChange),
  };
  let platformCloseMs: number | null = null;
  if (cancelled && plan.cancelMs !== null) platformCloseMs = plan.cancelMs + 10 * MIN;
  else if (dmsStatus === 'closed' && plan.closeMs !== null) platformCloseMs = plan.closeMs + 10 * MIN;
  if (platformCloseMs !== null && platformCloseMs > n) platformCloseMs = null;
  return { order, invoices, returns, statuses, platformCloseMs, unbilled };
}

// ---------------------------------------------------------------------------------------------------------
// Payments

function payDelayDays(rng: Rng, p: DealerProfile, dueMs: number, nowMs: number): number {
  switch (p.payer) {
    case 'prompt':
      return rng.int(-10, -1);
    case 'normal':
      return rng.int(-4, 10);
    case 'slow':
      return rng.int(3, 30);
    case 'stressed': {
      if (p.blockedAtMs !== null && dueMs > nowMs - 200 * DAY) return rng.int(70, 200);
      return dueMs < nowMs - 150 * DAY ? rng.int(5, 30) : rng.int(35, 120);
    }
  }
}

function paymentMethod(rng: Rng, amount: number): string {
  if (amount >= 2 * LAKH) return rng.chance(0.6) ? 'rtgs' : 'neft';
  if (amount < LAKH)
    return rng.weighted([
      ['upi', 35],
      ['cheque', 25],
      ['neft', 40],
    ]);
  return rng.chance(0.6) ? 'neft' : 'cheque';
}

const BANKS = ['HDFC', 'ICIC', 'SBIN', 'UTIB', 'KKBK', 'PUNB', 'BARB', 'CNRB', 'IDIB', 'YESB'];

function paymentReference(rng: Rng, method: string, atMs: number): string {
  const d = new Date(atMs);
  const yy = pad(d.getUTCFullYear() % 100, 2);
  const doy = pad(Math.floor((atMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1, 3);
  const bank = rng.pick(BANKS);
  if (method === 'neft') return `${bank}N${yy}${doy}${rng.digits(6)}`;
  if (method === 'rtgs') return `${bank}R5${yy}${doy}${rng.digits(12)}`;
  if (method === 'upi') return rng.digits(12);
  return `CHQ ${rng.digits(6)} ${bank}`;
}

/**
 * A return's credit reduces the outstanding of its order's invoices, newest first (as the DMS does when it
 * takes goods back); credit beyond what is still open is not carried anywhere.
 */
function applyReturnCredit(ret: Dms.Return, invoices: readonly Dms.Invoice[]): void {
  const atMs = Date.parse(ret.received_at);
  const mine = invoices
    .filter((inv) => inv.order_id === ret.order_id && Date.parse(inv.issued_at) <= atMs)
    .sort((a, b) => (a.issued_at > b.issued_at ? -1 : a.issued_at < b.issued_at ? 1 : a.id > b.id ? -1 : 1));
  let left = ret.credit_amount;
  for (const inv of mine) {
    if (left <= 0) break;
    const take = Math.min(left, inv.outstanding);
    if (take <= 0) continue;
    inv.outstanding -= take;
    left -= take;
    inv.status = inv.outstanding === 0 ? 'paid' : inv.outstanding < inv.amount ? 'partially_paid' : 'open';
    inv.version += 1;
    inv.updated_at = ret.received_at;
  }
}

function generatePayments(w: World, p: DealerProfile, rng: Rng, invoices: Dms.Invoice[], returns: readonly Dms.Return[]): Dms.Payment[] {
  const n = w.nowMs;
  const pendingReturns = [...returns].sort((a, b) =>
    a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : a.id < b.id ? -1 : 1,
  );
  let nextReturn = 0;
  const applyReturnsUntil = (ms: number): void => {
    for (let r = pendingReturns[nextReturn]; r && Date.parse(r.received_at) <= ms; r = pendingReturns[++nextReturn])
      applyReturnCredit(r, invoices);
  };
  const sorted = invoices
    .map((inv) => ({ inv, issuedMs: Date.parse(inv.issued_at), intendedMs: 0 }))
    .sort((a, b) => a.issuedMs - b.issuedMs || (a.inv.id < b.inv.id ? -1 : 1));
  for (const e of sorted) {
    const dueMs = Date.parse(`${e.inv.due_date}T00:00:00Z`);
    e.intendedMs = Math.max(e.issuedMs + DAY, dueMs + payDelayDays(rng, p, dueMs, n) * DAY);
  }
  const payments: Dms.Payment[] = [];
  const first = sorted[0];
  if (!first) {
    applyReturnsUntil(n);
    return payments;
  }
  const cadence = p.payer === 'prompt' ? [7, 10] : p.payer === 'stressed' ? [12, 20] : [10, 14];
  let runMs = first.issuedMs + rng.int(cadence[0] ?? 7, cadence[1] ?? 14) * DAY;
  let previousPartial = false;
  let k = 0;
  // Invoices still open, in issue order; paid ones drop out so each run only scans what is open.
  let open = sorted;
  while (runMs <= n) {
    // Payments land in banking hours (IST 10:00-17:00).
    const dayStart = runMs - (runMs % DAY);
    const atMs = Math.min(n, dayStart + (4.5 * HOUR + rng.int(0, 7 * 60) * MIN));
    applyReturnsUntil(atMs);
    open = open.filter((e) => e.inv.outstanding > 0);
    const due: Dms.Invoice[] = [];
    let sum = 0;
    for (const e of open) {
      if (e.issuedMs > atMs) break;
      if (e.intendedMs <= atMs) {
        due.push(e.inv);
        sum += e.inv.outstanding;
      }
    }
    if (due.length) {
      const partial: boolean = !previousPartial && (p.payer === 'stressed' ? rng.chance(0.35) : rng.chance(0.05));
      let amount = partial ? Math.max(100, Math.floor((sum * (0.4 + rng.next() * 0.5)) / 100_000) * 100_000) : sum;
      if (amount > sum) amount = sum;
      previousPartial = partial;
      const allocations: Dms.Payment['allocations'] = [];
      let left = amount;
      const atIso = iso(atMs);
      for (const inv of due) {
        if (left <= 0) break;
        const take = Math.min(left, inv.outstanding);
        inv.outstanding -= take;
        left -= take;
        inv.status = inv.outstanding === 0 ? 'paid' : 'partially_paid';
        inv.version += 1;
        inv.updated_at = atIso;
        allocations.push({ invoice_id: inv.id, amount: take });
      }
      open = open.filter((e) => e.inv.outstanding > 0);
      const method = paymentMethod(rng, amount);
      k += 1;
      payments.push({
        id: `pmt-${pad(p.index + 1, 5)}-${pad(k, 4)}`,
        dealer_code: p.code,
        amount,
        received_at: atIso,
        method,
        reference: paymentReference(rng, method, atMs),
        allocations,
        version: 1,
        updated_at: atIso,
      });
    }
    runMs += rng.int(cadence[0] ?? 7, cadence[1] ?? 14) * DAY;
  }
  applyReturnsUntil(n);
  return payments;
}

// ---------------------------------------------------------------------------------------------------------
// Account figures (the DMS rules)

export interface AccountFigures {
  balance: number;
  ageing: Dms.Account['ageing'];
  overdue: number;
  oldestOverdueDays: number;
}

/** balance = sum of open outstanding; ageing by days past due at `today`; overdue = balance - not_due. */
export function accountFigures(
  invoices: readonly Pick<Dms.Invoice, 'outstanding' | 'due_date' | 'status'>[],
  today: string,
): AccountFigures {
  const ageing = { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 };
  let oldest = 0;
  for (const inv of invoices) {
    if (inv.status === 'void' || inv.outstanding <= 0) continue;
    const late = daysFromTo(inv.due_date, today);
    if (late <= 0) ageing.not_due += inv.outstanding;
    else if (late <= 30) ageing.d1_30 += inv.outstanding;
    else if (late <= 60) ageing.d31_60 += inv.outstanding;
    else if (late <= 90) ageing.d61_90 += inv.outstanding;
    else ageing.d90_plus += inv.outstanding;
    if (late > oldest) oldest = late;
  }
  const balance = ageing.not_due + ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus;
  return { balance, ageing, overdue: balance - ageing.not_due, oldestOverdueDays: oldest };
}

// ---------------------------------------------------------------------------------------------------------

function heldDecision(rng: Rng, p: DealerProfile, placedMs: number, blockedNow: boolean, nowMs: number): HeldDecision {
  const reasons: HeldDecision['reasons'] = [];
  if (blockedNow) {
    reasons.push('account_blocked');
    if (rng.chance(0.7)) reasons.push('overdue');
  } else {
    const r = rng.next();
    if (r < 0.65) reasons.push('over_limit');
    else if (r < 0.85) reasons.push('overdue');
    else reasons.push('over_limit', 'overdue');
  }
  // Most holds are cleared the same or the next working day.
  const decisionMs = Math.min(nowMs - HOUR, placedMs + rng.int(40, 30 * 60) * MIN);
  const controllers = staffByRole('credit_controller');
  const manager = staffByRole('credit_manager')[0];
  const approvers: HeldDecision['approvers'] = [];
  const controller = controllers[rng.int(0, controllers.length - 1)];
  if (controller)
    approvers.push({ id: controller.id, name: controller.name, role: 'credit_controller', atMs: decisionMs - rng.int(5, 40) * MIN });
  if (manager && (blockedNow || rng.chance(0.3)))
    approvers.push({ id: manager.id, name: manager.name, role: 'credit_manager', atMs: decisionMs - rng.int(1, 4) * MIN });
  return { reasons, decisionMs, approvers };
}

export function generateDealerHistory(w: World, p: DealerProfile, slots: readonly DealerOrderSlot[]): DealerHistory {
  const rng = new Rng(w.seed, 'history', p.index);
  const n = w.nowMs;
  const windowStart = n - DECISION_WINDOW_MS;
  const holdChance = p.payer === 'prompt' ? 0.02 : p.payer === 'normal' ? 0.04 : p.payer === 'slow' ? 0.1 : 0.3;
  const contact = p.account.contacts?.[0];
  const dealerActor = { type: 'dealer' as const, id: `${p.id}-owner`, name: contact?.name ?? p.name };
  const insideSales = staffByRole('inside_sales');

  const drafts: OrderDraft[] = [];
  for (const slot of slots) {
    const placedMs = slot.placedMs;
    const channel = pickChannel(rng, p, placedMs);
    const lines = buildLines(w, p, rng, placedMs, channel);
    let subtotal = 0;
    let taxTotal = 0;
    for (const l of lines) {
      const lt = l.qty * l.unitPrice;
      subtotal += lt;
      taxTotal += lineTax(lt, l.taxBp);
    }
    const ord = slot.rank + 1;
    const year = new Date(placedMs).getUTCFullYear();
    const staff = insideSales[rng.int(0, insideSales.length - 1)] ?? INTEGRATION_STAFF;
    const byStaff = channel === 'phone' || channel === 'email' || channel === 'whatsapp';
    const placedBy: Platform.Order['placed_by'] = byStaff
      ? { type: 'staff', id: staff.id, name: staff.name }
      : channel === 'edi'
        ? { type: 'dealer', id: `${p.id}-edi`, name: `${p.name} ERP (EDI)` }
        : dealerActor;
    const clientReference = byStaff
      ? `DD-${dateOf(placedMs).replaceAll('-', '').slice(2)}-${pad(ord, 7)}`
      : channel === 'edi'
        ? `PO/${year % 100}/${pad(slot.yearSeq, 6)}`
        : null;
    drafts.push({
      slot,
      id: `po-${pad(ord, 7)}`,
      number: `SO-${year}-${pad(slot.yearSeq, 6)}`,
      channel,
      placedBy,
      clientReference,
      lines,
      subtotal,
      taxTotal,
      total: subtotal + taxTotal,
      requestedDate: rng.chance(0.25) ? addDaysToDate(placedMs, rng.int(3, 14)) : null,
      notes: rng.chance(0.08) ? rng.pick(NOTES) : null,
      fate: { kind: 'pending' },
      dms: null,
    });
  }

  // Fates of the orders outside the decision window.
  for (const d of drafts) {
    const placedMs = d.slot.placedMs;
    if (placedMs >= windowStart || p.brandNew) continue;
    const blockedThen = p.blockedAtMs !== null && placedMs >= p.blockedAtMs;
    const held = blockedThen || rng.chance(p.overLimit ? 0.15 : holdChance);
    if (held) {
      const decision = heldDecision(rng, p, placedMs, blockedThen, n);
      const r = rng.next();
      if (r < 0.8) {
        const handoverMs = decision.decisionMs + rng.int(3, 20) * MIN;
        d.fate = { kind: 'handover', handoverMs, held: decision };
      } else if (r < 0.92) {
        d.fate = { kind: 'held_rejected', held: { ...decision, approvers: [] } };
      } else {
        d.fate = {
          kind: 'dealer_cancelled',
          atMs: placedMs + Math.floor((decision.decisionMs - placedMs) * rng.next()),
          held: { ...decision, approvers: [] },
        };
      }
    } else if (rng.chance(0.01)) {
      d.fate = { kind: 'dealer_cancelled', atMs: placedMs + rng.int(1, 4) * MIN, held: null };
    } else {
      d.fate = { kind: 'handover', handoverMs: placedMs + rng.int(5, 40) * MIN, held: null };
    }
  }

  const outcomes = new Map<string, DmsOutcome>();
  const realise = (d: OrderDraft): void => {
    if (d.fate.kind !== 'handover' || d.fate.handoverMs > n) return;
    d.dms = planDms(w, p, rng, d.lines, d.fate.handoverMs);
    outcomes.set(d.id, realiseDms(w, p, d, d.dms));
  };
  drafts.forEach(realise);

  // Payments settle the invoices of the orders outside the window; the window's invoices are never due yet.
  const invoices: Dms.Invoice[] = [];
  const historyReturns: Dms.Return[] = [];
  for (const o of outcomes.values()) {
    invoices.push(...o.invoices);
    historyReturns.push(...o.returns);
  }
  const payments = generatePayments(w, p, rng, invoices, historyReturns);
  const before = accountFigures(invoices, w.today);
  const blockedNow = p.blockedAtMs !== null;
  const stressedNow = blockedNow || before.oldestOverdueDays > 60 || p.overLimit;

  // Window orders: healthy dealers' orders are handed over within minutes; stressed dealers' wait for a decision.
  for (const d of drafts) {
    if (d.slot.placedMs < windowStart && !p.brandNew) continue;
    if (p.brandNew || stressedNow) {
      d.fate = { kind: 'pending' };
      continue;
    }
    const handoverMs = d.slot.placedMs + rng.int(5, 40) * MIN;
    d.fate = handoverMs <= n ? { kind: 'handover', handoverMs, held: null } : { kind: 'pending' };
    if (d.fate.kind === 'handover') {
      realise(d);
      const o = outcomes.get(d.id);
      if (o) invoices.push(...o.invoices);
    }
  }

  const figures = accountFigures(invoices, w.today);
  let unbilled = 0;
  for (const o of outcomes.values()) unbilled += o.unbilled;
  const exposure = figures.balance + unbilled;
  const pending = drafts.filter((d) => d.fate.kind === 'pending');
  const pendingTotal = pending.reduce((s, d) => s + d.total, 0);

  // The credit limit: about the dealer's purchases over its terms plus headroom; deliberately below the
  // exposure for the over-limit dealers, so their current orders sit on hold.
  const activeDays = Math.max(30, (Math.min(n, p.activeToMs) - p.activeFromMs) / DAY);
  const sales = drafts.reduce((s, d) => s + d.total, 0);
  const monthly = (sales / activeDays) * 30;
  const tierMin: Record<Tier, number> = { platinum: 25 * LAKH, gold: 10 * LAKH, silver: 5 * LAKH, bronze: 2 * LAKH };
  let creditLimit: number;
  if (p.overLimit) {
    const smallest = pending.length ? Math.min(...pending.map((d) => d.total)) : 0;
    creditLimit = Math.max(10_000 * 100, Math.floor(((exposure + smallest) * 0.85) / (10_000 * 100)) * 10_000 * 100);
  } else {
    const wanted = Math.max(
      tierMin[p.tier],
      monthly * (p.paymentTermsDays / 30 + 1) * (1.1 + rng.next() * 0.5),
      (exposure + pendingTotal) * 1.25,
    );
    creditLimit = Math.ceil(wanted / LAKH) * LAKH;
  }

  // DMS account and the platform credit position pushed from it.
  const dmsOrders = [...outcomes.values()].map((o) => o.order);
  const overrides: Dms.CreditOverride[] = [];
  const changeTimes: number[] = [p.activeFromMs];
  for (const o of dmsOrders) changeTimes.push(Date.parse(o.created_at));
  for (const inv of invoices) changeTimes.push(Date.parse(inv.issued_at));
  for (const pm of payments) changeTimes.push(Date.parse(pm.received_at));
  if (p.blockedAtMs !== null) changeTimes.push(p.blockedAtMs);
  const dmsUpdatedMs = Math.min(n, Math.max(...changeTimes));
  const dmsAccount: Dms.Account = {
    dealer_code: p.code,
    name: p.account.legal_name ?? p.name,
    currency: 'INR',
    credit_limit: creditLimit,
    balance: figures.balance,
    unbilled,
    overdue: figures.overdue,
    oldest_overdue_days: figures.oldestOverdueDays,
    ageing: figures.ageing,
    blocked: blockedNow,
    payment_terms_days: p.paymentTermsDays,
    version: changeTimes.length,
    updated_at: iso(dmsUpdatedMs),
  };
  const credit: Platform.Credit | null = p.brandNew
    ? null
    : {
        account_id: p.id,
        credit_limit: creditLimit,
        exposure,
        overdue: figures.overdue,
        oldest_overdue_days: figures.oldestOverdueDays,
        blocked: blockedNow,
        as_of: dmsAccount.updated_at,
        source_version: dmsAccount.version,
        version: dmsAccount.version,
        updated_at: iso(Math.min(n, dmsUpdatedMs + 45_000)),
      };

  // Platform orders, with their credit checks. Pending orders are checked exactly as the platform would now.
  const platformOrders: Platform.Order[] = [];
  const dealerStatuses: Platform.DealerStatus[] = [];
  let pendingReceived = 0;
  const returns: Dms.Return[] = [];
  for (const d of drafts) {
    const placedMs = d.slot.placedMs;
    const changes: number[] = [placedMs];
    let status: Platform.Order['status'];
    let check: Platform.Order['credit_check'];
    let approvals: Platform.Order['approvals'] = [];
    let decision: Platform.Order['decision'] = null;
    let fulfillment: Platform.Order['fulfillment'] = null;
    let cancellation: Platform.Order['cancellation'] = null;
    const checkedAt = iso(placedMs + 1000);
    let published = 0;
    const publish = (
      atMs: number,
      s: Platform.DealerStatus['status'],
      message: string,
      by: Platform.Staff,
      eta: string | null = null,
      tracking: Platform.DealerStatus['tracking'] = null,
    ): void => {
      if (atMs > n) return;
      const k = ++published;
      dealerStatuses.push({
        id: `ds-${pad(d.slot.rank + 1, 7)}-${k}`,
        order_id: d.id,
        status: s,
        message,
        eta,
        tracking,
        published_by: by,
        published_at: iso(atMs),
        version: 1,
        updated_at: iso(atMs),
      });
    };

    if (d.fate.kind === 'pending') {
      if (!credit) {
        check = {
          result: 'held',
          checked_at: checkedAt,
          credit_limit: 0,
          exposure: d.total,
          available_after: -d.total,
          reasons: ['no_credit_position'],
        };
      } else {
        const exp = credit.exposure + pendingReceived + d.total;
        const reasons: Platform.Order['credit_check']['reasons'] = [];
        if (credit.blocked) reasons.push('account_blocked');
        if (credit.oldest_overdue_days > 60) reasons.push('overdue');
        if (credit.credit_limit > 0 && exp > credit.credit_limit) reasons.push('over_limit');
        check = {
          result: reasons.length ? 'held' : 'passed',
          checked_at: checkedAt,
          credit_limit: credit.credit_limit,
          exposure: exp,
          available_after: credit.credit_limit - exp,
          reasons,
        };
      }
      status = check.result === 'held' ? 'credit_hold' : 'received';
      if (status === 'received') pendingReceived += d.total;
      if (status === 'credit_hold') {
        publish(
          placedMs + 15 * MIN,
          'under_review',
          `Your order ${d.number} is under credit review; our team will call you shortly.`,
          staffRef(INTEGRATION_STAFF),
        );
        const controller = staffByRole('credit_controller')[0];
        // Some holds already carry a controller's approval and wait for the credit manager.
        if (controller && check.reasons.includes('account_blocked') && rng.chance(0.4)) {
          const at = Math.min(n - MIN, placedMs + rng.int(20, 120) * MIN);
          approvals = [
            {
              by: staffRef(controller),
              role: 'credit_controller',
              note: 'Dealer promised payment this week; needs manager approval (blocked account).',
              at: iso(at),
            },
          ];
          changes.push(at);
        }
      }
    } else {
      const held = d.fate.held;
      const limit = creditLimit;
      if (held) {
        const over = held.reasons.includes('over_limit');
        const exp = over
          ? Math.max(Math.round(limit * (1.01 + rng.next() * 0.2)), limit + d.total)
          : Math.round(limit * (0.4 + rng.next() * 0.5));
        check = {
          result: 'held',
          checked_at: checkedAt,
          credit_limit: limit,
          exposure: exp,
          available_after: limit - exp,
          reasons: held.reasons,
        };
        publish(
          placedMs + 15 * MIN,
          'under_review',
          `Your order ${d.number} is under credit review; our team will call you shortly.`,
          staffRef(INTEGRATION_STAFF),
        );
      } else {
        const exp = Math.min(limit, Math.max(d.total, Math.round(limit * (0.25 + rng.next() * 0.65))));
        check = { result: 'passed', checked_at: checkedAt, credit_limit: limit, exposure: exp, available_after: limit - exp, reasons: [] };
      }
      if (held && d.fate.kind !== 'dealer_cancelled') {
        approvals = held.approvers.map((a) => ({
          by: { id: a.id, name: a.name },
          role: a.role,
          note: a.role === 'credit_manager' ? 'Approved against post-dated cheque.' : 'Regular dealer, payment expected on due date.',
          at: iso(a.atMs),
        }));
        for (const a of held.approvers) changes.push(a.atMs);
      }
      if (d.fate.kind === 'handover') {
        const outcome = outcomes.get(d.id);
        if (held) {
          const overrideId = `cov-${pad(d.slot.rank + 1, 7)}`;
          const approvedBy = held.approvers.map((a) => ({ id: a.id, name: a.name }));
          const decidedBy = approvedBy[approvedBy.length - 1] ?? staffRef(INTEGRATION_STAFF);
          overrides.push({
            id: overrideId,
            dealer_code: p.code,
            platform_order_id: d.id,
            amount: Math.max(0, check.exposure - check.credit_limit),
            approved_by: approvedBy.length ? approvedBy : [staffRef(INTEGRATION_STAFF)],
            reason: held.reasons.includes('account_blocked')
              ? 'Released against post-dated cheque for the overdue amount'
              : 'Regular dealer; order within seasonal requirement',
            hold_reasons: held.reasons,
            valid_until: addDaysToDate(held.decisionMs, 7),
            created_at: iso(held.decisionMs),
            version: 1,
            updated_at: iso(held.decisionMs),
          });
          decision = {
            outcome: 'approved',
            by: decidedBy,
            at: iso(held.decisionMs + MIN),
            reason: 'Approved within authority',
            reference: overrideId,
          };
          changes.push(held.decisionMs + MIN);
        }
        fulfillment = { dms_order_id: `do-${pad(d.slot.rank + 1, 7)}`, handed_over_at: iso(d.fate.handoverMs) };
        changes.push(d.fate.handoverMs);
        status = 'in_fulfillment';
        if (outcome) {
          const timeline = [...outcome.statuses].sort((a, b) => a.atMs - b.atMs);
          for (const s of timeline) publish(s.atMs, s.status, s.message, s.by, s.eta, s.tracking);
          returns.push(...outcome.returns);
          if (outcome.platformCloseMs !== null) {
            status = 'closed';
            changes.push(outcome.platformCloseMs);
          }
        }
      } else if (d.fate.kind === 'held_rejected') {
        const controller = staffByRole('credit_controller')[d.slot.rank % 2] ?? STAFF[4] ?? INTEGRATION_STAFF;
        const code = held?.reasons.includes('overdue') ? 'overdue' : 'over_limit';
        decision = {
          outcome: 'rejected',
          by: staffRef(controller),
          at: iso(d.fate.held.decisionMs),
          reason: code === 'overdue' ? 'Overdue beyond 60 days; clear dues first' : 'Exceeds credit limit; reduce the order or pay down',
          reason_code: code,
        };
        changes.push(d.fate.held.decisionMs);
        status = 'rejected';
        publish(
          d.fate.held.decisionMs + 5 * MIN,
          'rejected',
          `We could not accept ${d.number}: ${decision.reason}. Please call your account manager.`,
          staffRef(controller),
        );
      } else {
        cancellation = {
          by: { type: 'dealer', id: dealerActor.id, name: dealerActor.name },
          at: iso(d.fate.atMs),
          reason: 'Ordered by mistake; will place a revised order',
          reason_code: 'dealer_request',
        };
        changes.push(d.fate.atMs);
        status = 'cancelled';
      }
    }
    const lastChange = Math.max(...changes);
    platformOrders.push({
      id: d.id,
      number: d.number,
      account_id: p.id,
      channel: d.channel,
      status,
      placed_at: iso(placedMs),
      placed_by: d.placedBy,
      client_reference: d.clientReference,
      currency: 'INR',
      lines: d.lines.map((l, i) => {
        const lt = l.qty * l.unitPrice;
        const line: Platform.OrderLine = {
          line_no: i + 1,
          sku: l.sku,
          qty: l.qty,
          unit_price: l.unitPrice,
          tax_rate_bp: l.taxBp,
          line_total: lt,
          tax: lineTax(lt, l.taxBp),
        };
        if (l.listPrice !== null) line.list_price = l.listPrice;
        if (l.overrideReason !== null) line.price_override_reason = l.overrideReason;
        return line;
      }),
      subtotal: d.subtotal,
      tax_total: d.taxTotal,
      total: d.total,
      requested_delivery_date: d.requestedDate,
      notes: d.notes,
      ship_to: p.account.address,
      credit_check: check,
      approvals,
      decision,
      fulfillment,
      cancellation,
      version: changes.length,
      updated_at: iso(lastChange),
    });
  }

  return { platformOrders, dealerStatuses, credit, dmsAccount, dmsOrders, invoices, payments, returns, overrides };
}
