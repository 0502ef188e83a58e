// Live activity on the servers' clock, which in demo mode is the wall clock: dealers place (and sometimes
// cancel) orders on the platform, and the DMS works the orders handed over to it (allocate, backorder,
// pick, dispatch, deliver, close), takes payments and returns, restocks, and blocks or unblocks accounts.
// Time is never moved forward to make things happen: the activity is dense instead. At rate 1 a dealer
// order arrives every few seconds, one goes on credit hold every few minutes, and an order handed over
// is allocated, picked, dispatched and delivered within minutes, each step stamped with the real time it
// happened. A share of the work keeps a realistic pace measured in days (backorders waiting for the
// factory, a warehouse backlog, long-haul shipments delivered around their ETA), so orders do become late
// as real dates pass.
// It drives the servers' own domain functions, so every change lands in their feeds. It never does the
// integration's job: no hand-over, no dealer-status publication, no credit push. Deterministic for a seed
// and the same sequence of clock readings.
import type { Dms, Platform } from '../../shared/contracts/index.js';
import type { SimClock } from '../clock.js';
import type { DmsDomain } from '../dms/domain.js';
import type { PlatformDomain } from '../platform/domain.js';
import { taxOf } from '../money.js';
import { Rng, hashUnit } from '../data/prng.js';
import { CARRIERS, WAREHOUSES } from '../data/reference.js';

export interface ActivityOptions {
  platform: PlatformDomain;
  dms: DmsDomain;
  clock: SimClock;
  seed: number;
  /**
   * Density: how much happens per minute of real time (default 1). 2 places orders twice as often and
   * works them twice as fast; 0 does nothing. Work that follows real dates (ETAs, factory lead times)
   * keeps its pace.
   */
  rate?: number;
  /** Drive the activity from a real-time timer (default true). Tests turn it off and call step(). */
  autoTick?: boolean;
  /** Real milliseconds between timer ticks (default 250). */
  tickMs?: number;
  log?: (line: string) => void;
}

export interface ActivityStats {
  ordersPlaced: number;
  ordersHeld: number;
  placementsRefused: number;
  dealerCancellations: number;
  allocations: number;
  backorders: number;
  partialAllocations: number;
  pickings: number;
  dispatches: number;
  /** Dispatches after the order's expected dispatch date. */
  lateDispatches: number;
  deliveries: number;
  partialDeliveries: number;
  /** Deliveries after the shipment's ETA. */
  lateDeliveries: number;
  closures: number;
  dmsCancellations: number;
  payments: number;
  returns: number;
  restocks: number;
  writeOffs: number;
  blocks: number;
  unblocks: number;
  /** Actions a concurrent change made impossible (the order moved on meanwhile). */
  skipped: number;
}

export interface ActivityHandle {
  stop(): void;
  /** Does everything due up to the clock's now (tests: move the time source, then step); returns the counters. */
  step(): ActivityStats;
  stats(): ActivityStats;
}

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Real time one timer tick may spend, so the servers' event loop (maybe the desk's too) never stalls. */
const TICK_BUDGET_MS = 20;
/** Mean real time between two dealer orders at rate 1. */
const ORDER_GAP_MS = 6 * SEC;
/**
 * Seconds between two orders meant to go on credit hold (beyond the limit, or from an account that is
 * overdue or on stop) at rate 1: a steady "hold every few minutes" rather than one now and then by chance.
 */
const HOLD_GAP_S: [number, number] = [90, 240];
/** Share of orders with a line that stock cannot fully cover (partial allocations and backorders). */
const SHORT_LINE_SHARE = 0.12;
/** Backorders that wait for the factory for real days rather than minutes. */
const FACTORY_WAIT_SHARE = 0.15;
/** Allocated orders that wait in a warehouse backlog for real days (and pass their expected dispatch date). */
const WAREHOUSE_BACKLOG_SHARE = 0.05;
/** Shipments that travel for real days and are delivered around their ETA, some of them late. */
const LONG_HAUL_SHARE = 0.12;
/**
 * Orders due after a stall (the machine slept, the event loop was blocked) are not all placed at once:
 * at most this much real time of arrivals is made up; the rest is skipped.
 */
const MAX_ARRIVAL_CATCH_UP_MS = MIN;
/** Likewise, orders that the tick budget left waiting beyond this many are skipped. */
const MAX_ARRIVALS_WAITING = 200;

const DMS_STAFF = { id: 'dms-ops', name: 'DMS Operations' };
const PLATFORM_DESK = { id: 'plt-orderdesk', name: 'Platform order desk' };

type AgendaItem =
  | { kind: 'advance'; orderId: string }
  | { kind: 'deliver'; orderId: string; shipmentId: string; partial: boolean }
  | { kind: 'return'; orderId: string }
  | { kind: 'dealer-cancel'; orderId: string }
  | { kind: 'pay'; dealerCode: string; amount: number }
  | { kind: 'office' }
  | { kind: 'credit-control' }
  | { kind: 'restock-round' };

interface Entry {
  due: number;
  seq: number;
  item: AgendaItem;
}

/** A min-heap of agenda entries by (due, insertion order), so equal times run in a fixed order. */
class Agenda {
  private heap: Entry[] = [];
  private seq = 0;

  push(due: number, item: AgendaItem): void {
    const e = { due, seq: this.seq++, item };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(e, h[parent] as Entry)) break;
      h[i] = h[parent] as Entry;
      i = parent;
    }
    h[i] = e;
  }

  peek(): Entry | undefined {
    return this.heap[0];
  }

  pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let best = last;
      if (l < h.length && less(h[l] as Entry, best)) {
        m = l;
        best = h[l] as Entry;
      }
      if (r < h.length && less(h[r] as Entry, best)) {
        m = r;
        best = h[r] as Entry;
      }
      if (m === i) break;
      h[i] = best;
      i = m;
    }
    h[i] = last;
    return top;
  }

  get size(): number {
    return this.heap.length;
  }
}

function less(a: Entry, b: Entry): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}

function isDomainRefusal(err: unknown): boolean {
  return err instanceof Error && err.name === 'ApiProblem';
}

const iso = (ms: number): string => new Date(ms).toISOString();
const dateOf = (ms: number): string => iso(ms).slice(0, 10);

/**
 * The servers' stores index their key columns with partial indexes, which SQLite's planner ignores without
 * statistics: every key look-up then scans the whole collection (~0.3-0.9 s each at demo scale), and each
 * domain call the activity makes stalls the servers. Sampled statistics fix the plan; they are computed
 * once per store file (the servers' own store module is the better home for this).
 */
function ensurePlannerStatistics(db: PlatformDomain['store']['db']): void {
  const analysed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'").get();
  if (!analysed) db.exec('PRAGMA analysis_limit = 400; ANALYZE');
}

export function startActivity(opts: ActivityOptions): ActivityHandle {
  const { platform, dms, clock } = opts;
  const rate = opts.rate ?? 1;
  if (!(rate >= 0) || !Number.isFinite(rate)) throw new Error('rate must be a finite number >= 0');
  const log = opts.log ?? (() => undefined);
  ensurePlannerStatistics(platform.store.db);
  ensurePlannerStatistics(dms.store.db);
  const rng = new Rng(opts.seed, 'activity');
  const agenda = new Agenda();
  const scheduled = new Set<string>(); // DMS orders with an 'advance' pending
  const stats: ActivityStats = {
    ordersPlaced: 0,
    ordersHeld: 0,
    placementsRefused: 0,
    dealerCancellations: 0,
    allocations: 0,
    backorders: 0,
    partialAllocations: 0,
    pickings: 0,
    dispatches: 0,
    lateDispatches: 0,
    deliveries: 0,
    partialDeliveries: 0,
    lateDeliveries: 0,
    closures: 0,
    dmsCancellations: 0,
    payments: 0,
    returns: 0,
    restocks: 0,
    writeOffs: 0,
    blocks: 0,
    unblocks: 0,
    skipped: 0,
  };

  /** A delay of a few seconds or minutes of demo work, shorter at a higher rate. */
  const soon = (fromSec: number, toSec: number): number => Math.round((rng.int(fromSec, toSec) * SEC) / Math.max(rate, 1e-9));

  let accounts: Platform.Account[] = [];
  let accountWeights: number[] = [];
  let accountWeightSum = 0;
  let products: Platform.Product[] = [];
  const loadMasterData = (): void => {
    accounts = platform.store
      .query<Platform.Account>("SELECT data FROM resources WHERE collection = 'accounts' ORDER BY id")
      .filter((a) => a.status === 'active');
    const tierWeight: Record<string, number> = { platinum: 6, gold: 2.5, silver: 1.1, bronze: 0.55 };
    accountWeights = accounts.map((a) => (tierWeight[a.tier] ?? 1) * (0.5 + hashUnit(opts.seed, 'acct', a.id)));
    accountWeightSum = accountWeights.reduce((s, w) => s + w, 0);
    products = platform.store
      .query<Platform.Product>("SELECT data FROM resources WHERE collection = 'products' ORDER BY id")
      .filter((p) => p.active);
  };
  loadMasterData();

  /** SKUs recently written off to nothing everywhere (dealers ordering them are backordered). */
  const soldOut: string[] = [];
  let dealerCodes: string[] = [];
  let warehouseIds: string[] = [];
  const loadOfficeLists = (): void => {
    const ids = (collection: string): string[] =>
      dms.store.db
        .prepare<[string], { id: string }>('SELECT id FROM resources WHERE collection = ? ORDER BY id')
        .all(collection)
        .map((r) => r.id);
    dealerCodes = ids('accounts');
    warehouseIds = ids('warehouses');
  };
  loadOfficeLists();

  const schedule = (due: number, item: AgendaItem): void => {
    if (item.kind === 'advance') {
      if (scheduled.has(item.orderId)) return;
      scheduled.add(item.orderId);
    }
    agenda.push(due, item);
  };

  // ---- the DMS working its orders ---------------------------------------------------------------------

  /**
   * When the DMS next works an order in this status, or null when only deliveries (or nothing) move it.
   * Orders it already held when the activity started ('adopted': history, or a previous run) are spread
   * over the next hours; orders handed over since move within minutes.
   */
  const nextAdvance = (o: Dms.Order, now: number, adopted: boolean): number | null => {
    const waiting = (fromSec: number, toSec: number): number => now + (adopted ? soon(60, 3 * 3600) : soon(fromSec, toSec));
    switch (o.status) {
      case 'open':
        return waiting(15, 75);
      case 'backordered':
        // Some wait for the factory for real days (and may pass their expected dispatch date).
        return !adopted && rng.chance(FACTORY_WAIT_SHARE) ? now + rng.int(5 * 24, 9 * 24) * HOUR : waiting(90, 300);
      case 'partially_allocated':
        return waiting(40, 150);
      case 'allocated':
        return !adopted && rng.chance(WAREHOUSE_BACKLOG_SHARE) ? now + rng.int(50, 96) * HOUR : waiting(20, 90);
      case 'picking':
        return waiting(40, 180);
      case 'partially_dispatched':
        return o.lines.some((l) => l.qty_allocated > l.qty_dispatched || l.qty_allocated < l.qty) ? waiting(60, 240) : null;
      case 'delivered':
        return waiting(120, 480);
      case 'partially_delivered':
        return o.shipments.every((s) => s.delivered_at) ? waiting(120, 480) : null;
      default:
        return null;
    }
  };

  const planNext = (o: Dms.Order, now: number, adopted = false): void => {
    const due = nextAdvance(o, now, adopted);
    if (due !== null) schedule(due, { kind: 'advance', orderId: o.id });
  };

  /** A long-haul shipment arrives around its ETA (10:00 IST), some hours early or up to a day and more late. */
  const aroundEta = (eta: string | null | undefined, now: number): number => {
    const etaMs = eta ? Date.parse(`${eta}T04:30:00Z`) : now + 3 * DAY;
    return etaMs + rng.int(-10, 30) * HOUR;
  };

  const planDelivery = (orderId: string, s: Dms.Order['shipments'][number], now: number, longHaul: boolean, adopted = false): void => {
    let due = longHaul ? aroundEta(s.eta, now) : now + soon(60, 300);
    // Already overdue on arrival (history, or servers that were stopped): delivered over the next hours.
    if (due < now + 2 * MIN) due = now + (adopted ? soon(120, 4 * 3600) : soon(60, 300));
    agenda.push(due, { kind: 'deliver', orderId, shipmentId: s.id, partial: rng.chance(0.06) });
  };

  // Orders the DMS already holds keep moving: pick them up once, then follow the DMS feed for new ones.
  let dmsCursor = dms.store.lastSeq();
  const adoptOpenOrders = (now: number): void => {
    for (const o of dms.listOpenOrders()) {
      planNext(o, now, true);
      for (const s of o.shipments) if (!s.delivered_at) planDelivery(o.id, s, now, true, true);
      // Goods delivered lately come back now and then (damaged in transit, wrong item).
      if (o.lines.some((l) => l.qty_delivered > l.qty_returned) && rng.chance(0.03))
        agenda.push(now + soon(60, 2 * 3600), { kind: 'return', orderId: o.id });
    }
  };
  adoptOpenOrders(clock.nowMs());

  const followDmsFeed = (now: number): void => {
    if (dms.store.purgedThrough() > dmsCursor) {
      // Events were dropped before we read them: rescan what is open.
      dmsCursor = dms.store.lastSeq();
      adoptOpenOrders(now);
      return;
    }
    for (;;) {
      const events = dms.store.eventsAfter(dmsCursor, 1000);
      for (const e of events) {
        dmsCursor = e.seq;
        if (e.resource.type !== 'order' || scheduled.has(e.resource.id)) continue;
        // Only orders handed over by the integration appear here as 'open'; the rest is our own progress.
        const status = (e.data as { status?: string }).status;
        if (status === 'open') {
          const o = dms.getOrder(e.resource.id);
          if (o && o.version === e.resource.version) planNext(o, now);
        }
      }
      if (events.length < 1000) break;
    }
  };

  const restockShort = (o: Dms.Order): void => {
    const warehouseId = o.warehouse_id ?? WAREHOUSES[0]?.id;
    if (!warehouseId) return;
    for (const l of o.lines) {
      const short = l.qty - l.qty_allocated;
      if (short <= 0) continue;
      try {
        dms.restock(l.sku, warehouseId, short + rng.int(5, 60));
        stats.restocks += 1;
      } catch (err) {
        if (!isDomainRefusal(err)) throw err;
        stats.skipped += 1;
      }
    }
  };

  const allocate = (id: string): Dms.Order => {
    const o = dms.allocate(id);
    stats.allocations += 1;
    if (o.status === 'backordered') stats.backorders += 1;
    if (o.status === 'partially_allocated') stats.partialAllocations += 1;
    return o;
  };

  /** The dealer pays an invoice by habit: most within the hour, some after hours, a few only part or never. */
  const planPayment = (dealerCode: string, amount: number, now: number): void => {
    const u = hashUnit(opts.seed, 'payer', dealerCode);
    if (u < 0.35) agenda.push(now + soon(180, 900), { kind: 'pay', dealerCode, amount });
    else if (u < 0.75) agenda.push(now + soon(600, 2400), { kind: 'pay', dealerCode, amount });
    else if (u < 0.93) agenda.push(now + soon(3600, 3 * 3600), { kind: 'pay', dealerCode, amount });
    else if (rng.chance(0.5)) {
      const part = Math.floor((amount * (0.3 + rng.next() * 0.5)) / 100) * 100;
      if (part > 0) agenda.push(now + soon(3600, 4 * 3600), { kind: 'pay', dealerCode, amount: part });
    }
  };

  const dispatchAllocated = (o: Dms.Order, now: number): Dms.Order => {
    const carrier = rng.pick(CARRIERS);
    const longHaul = rng.chance(LONG_HAUL_SHARE);
    const transitDays = longHaul ? rng.int(1, 4) : rng.int(0, 1);
    const wh = WAREHOUSES.find((w) => w.id === o.warehouse_id);
    const { order, shipment, invoice } = dms.dispatch(o.id, {
      carrier: carrier.name,
      tracking_number: `${carrier.trackingPrefix}${rng.digits(carrier.trackingDigits)}`,
      vehicle_no: `${wh?.rto ?? 'MH04'}${rng.letters(2)}${rng.digits(4)}`,
      eta: dateOf(now + transitDays * DAY),
    });
    stats.dispatches += 1;
    if (o.expected_dispatch_date && dateOf(now) > o.expected_dispatch_date) stats.lateDispatches += 1;
    planDelivery(o.id, shipment, now, longHaul);
    planPayment(invoice.dealer_code, invoice.amount, now);
    return order;
  };

  const advance = (orderId: string, now: number): void => {
    scheduled.delete(orderId);
    let o = dms.getOrder(orderId);
    if (!o) return;
    switch (o.status) {
      case 'open':
        if (rng.chance(0.004)) {
          dms.cancel(o.id, { reason: 'Dealer asked to cancel before allocation', by: DMS_STAFF });
          stats.dmsCancellations += 1;
          return;
        }
        o = allocate(o.id);
        break;
      case 'backordered':
        restockShort(o);
        o = allocate(o.id);
        break;
      case 'partially_allocated':
        if (rng.chance(0.5)) {
          restockShort(o);
          o = allocate(o.id);
        } else {
          o = dms.startPicking(o.id);
          stats.pickings += 1;
        }
        break;
      case 'allocated':
        o = dms.startPicking(o.id);
        stats.pickings += 1;
        break;
      case 'picking':
        o = dispatchAllocated(o, now);
        break;
      case 'partially_dispatched':
        if (o.lines.some((l) => l.qty_allocated > l.qty_dispatched)) o = dispatchAllocated(o, now);
        else if (o.lines.some((l) => l.qty_allocated < l.qty)) {
          restockShort(o);
          o = allocate(o.id);
        }
        break;
      case 'delivered':
      case 'partially_delivered':
        if (o.shipments.every((s) => s.delivered_at)) {
          o = dms.close(o.id);
          stats.closures += 1;
        }
        break;
      default:
        return;
    }
    planNext(o, now);
  };

  const deliver = (item: Extract<AgendaItem, { kind: 'deliver' }>, now: number): void => {
    const before = dms.getOrder(item.orderId);
    const shipment = before?.shipments.find((s) => s.id === item.shipmentId);
    if (!before || !shipment || shipment.delivered_at) return;
    if (!['dispatched', 'partially_dispatched', 'partially_delivered'].includes(before.status)) {
      // Still picking a second shipment: try again a little later.
      agenda.push(now + soon(60, 180), item);
      return;
    }
    const o = dms.deliver(item.orderId, item.shipmentId, item.partial);
    stats.deliveries += 1;
    if (item.partial) stats.partialDeliveries += 1;
    if (shipment.eta && dateOf(now) > shipment.eta) stats.lateDeliveries += 1;
    if (rng.chance(0.06)) agenda.push(now + soon(60, 480), { kind: 'return', orderId: o.id });
    planNext(o, now);
  };

  const takeReturn = (orderId: string): void => {
    const o = dms.getOrder(orderId);
    if (!o) return;
    const line = o.lines.find((l) => l.qty_delivered - l.qty_returned > 0);
    if (!line) return;
    const room = line.qty_delivered - line.qty_returned;
    const qty = Math.max(1, Math.min(room, Math.floor(room * rng.next() * 0.25)));
    const reason = rng.weighted<Dms.Return['lines'][number]['reason']>([
      ['damaged', 45],
      ['wrong_item', 20],
      ['quality', 20],
      ['expired', 5],
      ['other', 10],
    ]);
    dms.recordReturn(orderId, [{ sku: line.sku, qty, reason }]);
    stats.returns += 1;
  };

  const dealerCancel = (orderId: string): void => {
    const o = platform.getOrder(orderId);
    if (!o || !['received', 'credit_hold', 'approved'].includes(o.status)) return;
    platform.cancelByDealer(
      orderId,
      o.status === 'credit_hold'
        ? 'Waited too long for credit clearance; will reorder later'
        : 'Ordered by mistake; will place a revised order',
    );
    stats.dealerCancellations += 1;
  };

  // ---- dealers ordering ------------------------------------------------------------------------------

  const pickAccount = (): Platform.Account | undefined => {
    let r = rng.next() * accountWeightSum;
    for (let i = 0; i < accounts.length; i++) {
      r -= accountWeights[i] ?? 0;
      if (r < 0) return accounts[i];
    }
    return accounts[accounts.length - 1];
  };

  interface DraftLine {
    sku: string;
    qty: number;
    unit_price: number;
    tax_rate_bp: number;
  }

  const orderValue = (lines: DraftLine[]): number =>
    lines.reduce((s, l) => s + l.qty * l.unit_price + taxOf(l.qty * l.unit_price, l.tax_rate_bp), 0);

  const roundQty = (product: Platform.Product, uoms: number): number =>
    Math.max(product.min_order_qty, Math.ceil(uoms / product.order_multiple) * product.order_multiple);

  /** A SKU that no warehouse can fully supply at the quantity the dealer wants, and that quantity. */
  const shortLine = (account: Platform.Account, used: Set<string>, outOfStock = false): DraftLine | undefined => {
    for (let tries = 0; tries < 8; tries++) {
      const product =
        outOfStock && soldOut.length > 0 ? platform.getProduct(rng.pick(soldOut)) : products[Math.floor(products.length * rng.next())];
      if (!product || used.has(product.sku)) continue;
      const best = Math.max(0, ...dms.listStock(product.sku).map((s) => s.available));
      if (best > 60) continue;
      const qty = roundQty(product, best + rng.int(1, 30));
      const price = platform.resolvePrice(account, product.sku, qty);
      if (price === undefined) continue;
      used.add(product.sku);
      return { sku: product.sku, qty, unit_price: price, tax_rate_bp: product.tax_rate_bp };
    }
    return undefined;
  };

  const draftLines = (account: Platform.Account, scale: number): DraftLine[] => {
    const count = Math.min(10, 1 + Math.floor(-Math.log(1 - rng.next()) * 3));
    const lines: DraftLine[] = [];
    const used = new Set<string>();
    for (let tries = 0; lines.length < count && tries < count * 4; tries++) {
      const product = products[Math.floor(products.length * rng.next() ** 2)];
      if (!product || used.has(product.sku)) continue;
      used.add(product.sku);
      const qty = roundQty(product, Math.max(1, Math.round(Math.exp(rng.normal() * 0.7) * 2 * scale)));
      const price = platform.resolvePrice(account, product.sku, qty);
      if (price === undefined) continue;
      lines.push({ sku: product.sku, qty, unit_price: price, tax_rate_bp: product.tax_rate_bp });
    }
    return lines;
  };

  /** The lines with every quantity multiplied (a dealer stocking up before the season). */
  const scaledLines = (account: Platform.Account, lines: DraftLine[], factor: number): DraftLine[] => {
    const scaled: DraftLine[] = [];
    for (const l of lines) {
      const product = platform.getProduct(l.sku);
      if (!product) continue;
      const qty = roundQty(product, l.qty * factor);
      const price = platform.resolvePrice(account, l.sku, qty);
      if (price !== undefined) scaled.push({ ...l, qty, unit_price: price });
    }
    return scaled;
  };

  /**
   * An order that goes on credit hold: from a dealer on stop, overdue or without a credit position, or one
   * stocking up beyond its limit (the dealer among a few whose limit is nearest to being used up).
   */
  const heldDraft = (now: number): { account: Platform.Account; lines: DraftLine[] } | undefined => {
    let best: { account: Platform.Account; lines: DraftLine[]; factor: number } | undefined;
    for (let tries = 0; tries < 12; tries++) {
      const account = pickAccount();
      if (!account) return undefined;
      const lines = draftLines(account, 1);
      const value = orderValue(lines);
      if (value <= 0) continue;
      const check = platform.creditCheck(account.id, value, iso(now));
      if (check.result === 'held') return { account, lines };
      if (check.credit_limit <= 0) continue;
      const factor = Math.floor((check.available_after + value) / value) + 1;
      if (!best || factor < best.factor) best = { account, lines, factor };
    }
    if (!best || best.factor > 150) return undefined;
    const lines = scaledLines(best.account, best.lines, best.factor);
    return lines.length > 0 ? { account: best.account, lines } : undefined;
  };

  /** An order that passes the credit check, now and then with a line stock cannot fully cover. */
  const passingDraft = (now: number): { account: Platform.Account; lines: DraftLine[] } | undefined => {
    let fallback: { account: Platform.Account; lines: DraftLine[] } | undefined;
    for (let tries = 0; tries < 6; tries++) {
      const account = pickAccount();
      if (!account) return undefined;
      let lines = draftLines(account, 1);
      if (lines.length === 0) continue;
      if (rng.chance(SHORT_LINE_SHARE)) {
        // Beside lines the warehouse has, a partial allocation; alone and sold out everywhere, a backorder.
        const alone = rng.chance(0.5);
        const short = shortLine(account, new Set(alone ? [] : lines.map((l) => l.sku)), alone);
        if (short) lines = alone ? [short] : [...lines, short];
      }
      fallback ??= { account, lines };
      if (platform.creditCheck(account.id, orderValue(lines), iso(now)).result === 'passed') return { account, lines };
    }
    return fallback;
  };

  /**
   * The next dealer order. Holds come at a steady pace, whatever state the accounts have drifted into
   * during a long demo: a normal order goes to a dealer it passes for, a held one is meant to be held.
   */
  let nextHoldAt = clock.nowMs() + soon(20, 90);
  const draftOrder = (now: number): { account: Platform.Account; lines: DraftLine[] } | undefined => {
    if (now < nextHoldAt) return passingDraft(now);
    nextHoldAt = now + soon(...HOLD_GAP_S);
    return heldDraft(now) ?? passingDraft(now);
  };

  let placed = 0;
  const placeOrder = (now: number): void => {
    if (!accounts.length || !products.length) return;
    const draft = draftOrder(now);
    if (!draft) return;
    const { account, lines } = draft;
    placed += 1;
    const byDesk = rng.chance(0.15);
    try {
      const order = byDesk
        ? platform.createOrder({
            account_id: account.id,
            channel: rng.chance(0.6) ? 'whatsapp' : 'email',
            placed_by: PLATFORM_DESK,
            client_reference: `SIM-${opts.seed}-${now}-${placed}`,
            lines: lines.map((l) => ({ sku: l.sku, qty: l.qty, unit_price: l.unit_price })),
          })
        : platform.placeDealerOrder({ account_id: account.id, lines: lines.map((l) => ({ sku: l.sku, qty: l.qty })) });
      stats.ordersPlaced += 1;
      if (order.status === 'credit_hold') {
        stats.ordersHeld += 1;
        if (rng.chance(0.12)) agenda.push(now + soon(240, 1500), { kind: 'dealer-cancel', orderId: order.id });
      } else if (rng.chance(0.03)) {
        agenda.push(now + soon(60, 480), { kind: 'dealer-cancel', orderId: order.id });
      }
    } catch (err) {
      if (!isDomainRefusal(err)) throw err;
      stats.placementsRefused += 1;
    }
  };

  // ---- the office: cash application by habit, credit control, restocking -------------------------------

  const payerHabit = (dealerCode: string): { leadDays: number; share: number } => {
    const u = hashUnit(opts.seed, 'payer', dealerCode);
    if (u < 0.35) return { leadDays: 7, share: 1 };
    if (u < 0.75) return { leadDays: 2, share: 1 };
    if (u < 0.93) return { leadDays: -20, share: 1 };
    return { leadDays: -50, share: 0.3 + hashUnit(opts.seed, 'share', dealerCode) * 0.5 };
  };

  const paymentReference = (method: string): string =>
    method === 'upi'
      ? rng.digits(12)
      : method === 'cheque'
        ? `CHQ ${rng.digits(6)}`
        : `${rng.pick(['HDFC', 'ICIC', 'SBIN', 'UTIB'])}${method === 'rtgs' ? 'R' : 'N'}${rng.digits(12)}`;

  const pay = (dealerCode: string, amount: number): void => {
    const outstanding = dms.listOpenInvoices(dealerCode).reduce((s, inv) => s + inv.outstanding, 0);
    const paid = Math.min(amount, outstanding);
    if (paid <= 0) return;
    const method =
      paid >= 20_000_000
        ? rng.chance(0.6)
          ? 'rtgs'
          : 'neft'
        : rng.weighted([
            ['neft', 45],
            ['upi', 25],
            ['cheque', 30],
          ]);
    dms.recordPayment(dealerCode, paid, method, paymentReference(method));
    stats.payments += 1;
  };

  /** One dealer's turn: it pays what it considers due (its older invoices, by habit). */
  let officeTurn = 0;
  const officeWork = (now: number): void => {
    if (dealerCodes.length === 0) return;
    const code = dealerCodes[officeTurn++ % dealerCodes.length] as string;
    if (officeTurn % dealerCodes.length === 0) {
      loadMasterData();
      loadOfficeLists();
    }
    const habit = payerHabit(code);
    const horizon = dateOf(Math.floor(now / DAY) * DAY + habit.leadDays * DAY);
    const due = dms
      .listOpenInvoices(code)
      .filter((inv) => inv.due_date <= horizon)
      .reduce((sum, inv) => sum + inv.outstanding, 0);
    const amount = habit.share < 1 ? Math.floor((due * habit.share) / 100_000) * 100_000 : due;
    if (amount > 0 && rng.chance(0.5)) pay(code, amount);
  };

  /** The DMS credit team's review: an account long overdue goes on stop; one that paid up is released. */
  const creditControl = (): void => {
    const all = dms.store.query<Dms.Account>("SELECT data FROM resources WHERE collection = 'accounts' ORDER BY id");
    const toBlock = all.filter((a) => !a.blocked && a.oldest_overdue_days > 90);
    const toRelease = all.filter((a) => a.blocked && a.oldest_overdue_days <= 30);
    if (toBlock.length > 0 && rng.chance(0.6)) {
      dms.setBlocked(rng.pick(toBlock).dealer_code, true);
      stats.blocks += 1;
    }
    if (toRelease.length > 0 && rng.chance(0.6)) {
      dms.setBlocked(rng.pick(toRelease).dealer_code, false);
      stats.unblocks += 1;
    }
  };

  /**
   * Inbound from the factory: top up a thin SKU now and then. And now and then the last few units of a
   * thin SKU are written off (damaged, or missing at a count), so it is sold out everywhere until the
   * factory sends more: what dealers order of it then is backordered.
   */
  const restockRound = (): void => {
    const product = products[Math.floor(rng.next() * products.length)];
    if (!product) return;
    for (const warehouseId of warehouseIds) {
      const stock = dms.store.get<Dms.Stock>('stock', `${warehouseId}:${product.sku}`);
      if (stock && stock.available < 20 && rng.chance(0.5)) {
        dms.restock(product.sku, warehouseId, rng.int(40, 400));
        stats.restocks += 1;
      }
    }
    if (rng.chance(0.5)) {
      // The thinnest of a few SKUs, if what is left of it is only a few units anywhere.
      let thinnest: { sku: string; stock: Dms.Stock[]; most: number } | undefined;
      for (let tries = 0; tries < 10; tries++) {
        const p = products[Math.floor(rng.next() * products.length)];
        if (!p) continue;
        const stock = dms.listStock(p.sku);
        const most = Math.max(0, ...stock.map((s) => s.available));
        if (stock.length > 0 && (!thinnest || most < thinnest.most)) thinnest = { sku: p.sku, stock, most };
      }
      if (thinnest && thinnest.most <= 40) {
        for (const s of thinnest.stock) if (s.available > 0) dms.writeOff(thinnest.sku, s.warehouse_id, s.available);
        stats.writeOffs += 1;
        soldOut.push(thinnest.sku);
        if (soldOut.length > 20) soldOut.shift();
      }
    }
  };

  const run = (item: AgendaItem, now: number): void => {
    switch (item.kind) {
      case 'advance':
        return advance(item.orderId, now);
      case 'deliver':
        return deliver(item, now);
      case 'return':
        return takeReturn(item.orderId);
      case 'dealer-cancel':
        return dealerCancel(item.orderId);
      case 'pay':
        return pay(item.dealerCode, item.amount);
      case 'office':
        // Rescheduled first, so a refusal (an account changed meanwhile) never stops the rounds.
        agenda.push(now + soon(15, 45), item);
        return officeWork(now);
      case 'credit-control':
        agenda.push(now + soon(120, 360), item);
        return creditControl();
      case 'restock-round':
        agenda.push(now + soon(10, 40), item);
        return restockRound();
    }
  };

  // ---- the clock ----------------------------------------------------------------------------------------

  const startedAt = clock.nowMs();
  agenda.push(startedAt + soon(5, 20), { kind: 'office' });
  agenda.push(startedAt + soon(5, 20), { kind: 'restock-round' });
  agenda.push(startedAt + soon(30, 120), { kind: 'credit-control' });
  let arrivalsUntil = startedAt;
  let arrivalsDue = 0;

  /** Dealer orders that arrived (Poisson, ORDER_GAP_MS apart on average at rate 1) since the last look. */
  const drawArrivals = (now: number): void => {
    let elapsed = now - arrivalsUntil;
    if (elapsed <= 0) return;
    arrivalsUntil = now;
    if (elapsed > MAX_ARRIVAL_CATCH_UP_MS) {
      log(`activity: ${Math.round(elapsed / SEC)} s without a tick; dealer orders of the last ${MAX_ARRIVAL_CATCH_UP_MS / SEC} s only`);
      elapsed = MAX_ARRIVAL_CATCH_UP_MS;
    }
    let lambda = (elapsed / ORDER_GAP_MS) * rate;
    // Knuth's method, in chunks so that a large mean neither underflows nor loops for long.
    while (lambda > 0) {
      const chunk = Math.min(lambda, 20);
      lambda -= chunk;
      const limit = Math.exp(-chunk);
      let p = rng.next();
      while (p > limit) {
        arrivalsDue += 1;
        p *= rng.next();
      }
    }
    if (arrivalsDue > MAX_ARRIVALS_WAITING) {
      log(`activity: ${arrivalsDue} dealer orders waiting for a tick with time to place them; placing ${MAX_ARRIVALS_WAITING}`);
      arrivalsDue = MAX_ARRIVALS_WAITING;
    }
  };

  let stopped = false;
  /** Does what is due up to the clock's now, or until `budgetMs` of real time is spent (the rest waits). */
  const advanceTo = (budgetMs: number): ActivityStats => {
    if (stopped || rate <= 0) return { ...stats };
    const now = clock.nowMs();
    const started = performance.now();
    const inBudget = () => performance.now() - started < budgetMs;
    followDmsFeed(now);
    drawArrivals(now);
    for (let e = agenda.peek(); e && e.due <= now && inBudget(); e = agenda.peek()) {
      agenda.pop();
      try {
        run(e.item, now);
      } catch (err) {
        // The integration (or a desk) changed the order meanwhile; the rule said no, so let it be.
        if (!isDomainRefusal(err)) throw err;
        stats.skipped += 1;
      }
    }
    while (arrivalsDue > 0 && inBudget()) {
      arrivalsDue -= 1;
      placeOrder(now);
    }
    return { ...stats };
  };
  const step = (): ActivityStats => advanceTo(Infinity);

  let timer: ReturnType<typeof setInterval> | undefined;
  if (opts.autoTick ?? true) {
    timer = setInterval(() => {
      try {
        advanceTo(TICK_BUDGET_MS);
      } catch (err) {
        log(`activity: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, opts.tickMs ?? 250);
    timer.unref();
  }

  return {
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
    },
    step,
    stats: () => ({ ...stats }),
  };
}
