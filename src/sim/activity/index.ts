// Live activity on the simulated clock: dealers place (and sometimes cancel) orders on the platform, and
// the DMS works the orders handed over to it (allocate, backorder, pick, dispatch, deliver, close), takes
// payments and returns, restocks, and blocks or unblocks accounts. It drives the servers' own domain
// functions, so every change lands in their feeds. It never does the integration's job: no hand-over,
// no dealer-status publication, no credit push. Deterministic for a seed and the same clock ticks.
import type { Dms, Platform } from '../../shared/contracts/index.js';
import type { SimClock } from '../clock.js';
import type { DmsDomain } from '../dms/domain.js';
import type { PlatformDomain } from '../platform/domain.js';
import { Rng, hashUnit } from '../data/prng.js';
import { CARRIERS, WAREHOUSES } from '../data/reference.js';

export interface ActivityOptions {
  platform: PlatformDomain;
  dms: DmsDomain;
  clock: SimClock;
  seed: number;
  /** Dealer orders per simulated hour at the business-hours peak (default: from the number of accounts). */
  ordersPerHour?: number;
  /** Drive the simulation from a real-time timer (default true). Tests turn it off and call step(). */
  autoTick?: boolean;
  /** Real milliseconds between timer ticks (default 250). */
  tickMs?: number;
  log?: (line: string) => void;
}

export interface ActivityStats {
  simulatedMinutes: number;
  ordersPlaced: number;
  ordersHeld: number;
  placementsRefused: number;
  dealerCancellations: number;
  allocations: number;
  backorders: number;
  pickings: number;
  dispatches: number;
  deliveries: number;
  partialDeliveries: number;
  closures: number;
  dmsCancellations: number;
  payments: number;
  returns: number;
  restocks: number;
  blocks: number;
  unblocks: number;
  /** Actions a concurrent change made impossible (the order moved on meanwhile). */
  skipped: number;
}

export interface ActivityHandle {
  stop(): void;
  /** Runs every whole simulated minute up to the clock's now; returns the counters. */
  step(): ActivityStats;
  stats(): ActivityStats;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Real time one timer tick may spend, so the servers' event loop (maybe the desk's too) never stalls. */
const TICK_BUDGET_MS = 20;
/** Beyond this backlog (the clock runs faster than the activity can follow) the activity skips ahead. */
const MAX_BACKLOG_MS = DAY;

const DMS_STAFF = { id: 'dms-ops', name: 'DMS Operations' };
const PLATFORM_DESK = { id: 'plt-orderdesk', name: 'Platform order desk' };

type AgendaItem =
  | { kind: 'advance'; orderId: string }
  | { kind: 'deliver'; orderId: string; shipmentId: string; partial: boolean }
  | { kind: 'return'; orderId: string }
  | { kind: 'dealer-cancel'; orderId: string };

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
      const cur = m === i ? last : (h[m] as Entry);
      let best = cur;
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
  const log = opts.log ?? (() => undefined);
  ensurePlannerStatistics(platform.store.db);
  ensurePlannerStatistics(dms.store.db);
  const rng = new Rng(opts.seed, 'activity');
  const agenda = new Agenda();
  const scheduled = new Set<string>(); // DMS orders with an 'advance' pending
  const stats: ActivityStats = {
    simulatedMinutes: 0,
    ordersPlaced: 0,
    ordersHeld: 0,
    placementsRefused: 0,
    dealerCancellations: 0,
    allocations: 0,
    backorders: 0,
    pickings: 0,
    dispatches: 0,
    deliveries: 0,
    partialDeliveries: 0,
    closures: 0,
    dmsCancellations: 0,
    payments: 0,
    returns: 0,
    restocks: 0,
    blocks: 0,
    unblocks: 0,
    skipped: 0,
  };

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
  const ordersPerHour = opts.ordersPerHour ?? Math.max(0.5, (accounts.length * 100) / (365 * 11));

  const schedule = (due: number, item: AgendaItem): void => {
    if (item.kind === 'advance') {
      if (scheduled.has(item.orderId)) return;
      scheduled.add(item.orderId);
    }
    agenda.push(due, item);
  };

  /** When the DMS next works an order in this status, or null when only deliveries (or nothing) move it. */
  const nextAdvance = (o: Dms.Order, now: number): number | null => {
    switch (o.status) {
      case 'open':
        return now + rng.int(20, 240) * MIN;
      case 'backordered':
        return now + rng.int(2 * 24, 6 * 24) * HOUR;
      case 'partially_allocated':
        return now + rng.int(3, 10) * HOUR;
      case 'allocated':
        return now + rng.int(2, 12) * HOUR;
      case 'picking':
        return now + rng.int(2 * 60, 8 * 60) * MIN;
      case 'partially_dispatched':
        return o.lines.some((l) => l.qty_allocated > l.qty_dispatched || l.qty_allocated < l.qty) ? now + rng.int(24, 96) * HOUR : null;
      case 'delivered':
        return now + rng.int(2 * 24, 6 * 24) * HOUR;
      case 'partially_delivered':
        return o.shipments.every((s) => s.delivered_at) ? now + rng.int(2 * 24, 6 * 24) * HOUR : null;
      default:
        return null;
    }
  };

  const planNext = (o: Dms.Order, now: number): void => {
    const due = nextAdvance(o, now);
    if (due !== null) schedule(due, { kind: 'advance', orderId: o.id });
  };

  const planDelivery = (orderId: string, s: Dms.Order['shipments'][number], now: number): void => {
    const etaMs = s.eta ? Date.parse(`${s.eta}T08:00:00Z`) : now + 3 * DAY;
    const due = Math.max(now + 6 * HOUR, etaMs + rng.int(-10, 24) * HOUR);
    agenda.push(due, { kind: 'deliver', orderId, shipmentId: s.id, partial: rng.chance(0.06) });
  };

  // Orders the DMS already holds keep moving: pick them up once, then follow the DMS feed for new ones.
  let dmsCursor = dms.store.lastSeq();
  const adoptOpenOrders = (now: number): void => {
    for (const o of dms.store.query<Dms.Order>("SELECT data FROM resources WHERE collection = 'orders' AND k3 LIKE '%:open' ORDER BY id")) {
      planNext(o, now);
      for (const s of o.shipments) if (!s.delivered_at) planDelivery(o.id, s, now);
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

  const dispatchAllocated = (o: Dms.Order, now: number): Dms.Order => {
    const carrier = rng.pick(CARRIERS);
    const transit = rng.int(1, 5);
    const wh = WAREHOUSES.find((w) => w.id === o.warehouse_id);
    const { order, shipment } = dms.dispatch(o.id, {
      carrier: carrier.name,
      tracking_number: `${carrier.trackingPrefix}${rng.digits(carrier.trackingDigits)}`,
      vehicle_no: `${wh?.rto ?? 'MH04'}${rng.letters(2)}${rng.digits(4)}`,
      eta: iso(now + transit * DAY).slice(0, 10),
    });
    stats.dispatches += 1;
    planDelivery(o.id, shipment, now);
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
        o = dms.allocate(o.id);
        stats.allocations += 1;
        if (o.status === 'backordered') stats.backorders += 1;
        break;
      case 'backordered':
        restockShort(o);
        o = dms.allocate(o.id);
        stats.allocations += 1;
        break;
      case 'partially_allocated':
        if (rng.chance(0.5)) {
          restockShort(o);
          o = dms.allocate(o.id);
          stats.allocations += 1;
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
          o = dms.allocate(o.id);
          stats.allocations += 1;
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
      agenda.push(now + 6 * HOUR, item);
      return;
    }
    const o = dms.deliver(item.orderId, item.shipmentId, item.partial);
    stats.deliveries += 1;
    if (item.partial) stats.partialDeliveries += 1;
    if (rng.chance(0.03)) agenda.push(now + rng.int(3, 20) * DAY, { kind: 'return', orderId: o.id });
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

  const peakFactor = (t: number): number => {
    const istHour = Math.floor(((((t + 330 * MIN) % DAY) + DAY) % DAY) / HOUR);
    const dow = new Date(t + 330 * MIN).getUTCDay();
    const hour = istHour >= 9 && istHour < 20 ? 1 : istHour >= 20 && istHour < 23 ? 0.3 : istHour >= 7 && istHour < 9 ? 0.2 : 0.02;
    return hour * (dow === 0 ? 0.3 : 1);
  };

  const poisson = (lambda: number): number => {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = rng.next();
    while (p > limit && k < 50) {
      k += 1;
      p *= rng.next();
    }
    return k;
  };

  let placed = 0;
  const placeOrder = (now: number): void => {
    if (!accounts.length || !products.length) return;
    let r = rng.next() * accountWeightSum;
    let account = accounts[accounts.length - 1] as Platform.Account;
    for (let i = 0; i < accounts.length; i++) {
      r -= accountWeights[i] ?? 0;
      if (r < 0) {
        account = accounts[i] as Platform.Account;
        break;
      }
    }
    const big = rng.chance(0.08); // stocking up before a season: often beyond the limit
    const count = Math.min(10, 1 + Math.floor(-Math.log(1 - rng.next()) * 3));
    const lines: { sku: string; qty: number; unit_price: number }[] = [];
    const used = new Set<string>();
    for (let tries = 0; lines.length < count && tries < count * 4; tries++) {
      const product = products[Math.floor(products.length * rng.next() ** 2)];
      if (!product || used.has(product.sku)) continue;
      used.add(product.sku);
      const uoms = Math.max(1, Math.round(Math.exp(rng.normal() * 0.7) * 2 * (big ? 6 : 1)));
      const qty = Math.max(product.min_order_qty, Math.ceil(uoms / product.order_multiple) * product.order_multiple);
      const price = platform.resolvePrice(account, product.sku, qty);
      if (price === undefined) continue;
      lines.push({ sku: product.sku, qty, unit_price: price });
    }
    if (!lines.length) return;
    placed += 1;
    const byDesk = rng.chance(0.15);
    try {
      const order = byDesk
        ? platform.createOrder({
            account_id: account.id,
            channel: rng.chance(0.6) ? 'whatsapp' : 'email',
            placed_by: PLATFORM_DESK,
            client_reference: `SIM-${opts.seed}-${now / MIN}-${placed}`,
            lines,
          })
        : platform.placeDealerOrder({ account_id: account.id, lines: lines.map((l) => ({ sku: l.sku, qty: l.qty })) });
      stats.ordersPlaced += 1;
      if (order.status === 'credit_hold') {
        stats.ordersHeld += 1;
        if (rng.chance(0.12)) agenda.push(now + rng.int(4, 48) * HOUR, { kind: 'dealer-cancel', orderId: order.id });
      } else if (rng.chance(0.03)) {
        agenda.push(now + rng.int(2, 90) * MIN, { kind: 'dealer-cancel', orderId: order.id });
      }
    } catch (err) {
      if (!isDomainRefusal(err)) throw err;
      stats.placementsRefused += 1;
    }
  };

  // ---- the office day: payments, credit control, restocking ----------------------------------------------------------

  const payerLead = (dealerCode: string): { everyDays: number; leadDays: number; share: number } => {
    const u = hashUnit(opts.seed, 'payer', dealerCode);
    if (u < 0.35) return { everyDays: 7, leadDays: 7, share: 1 };
    if (u < 0.75) return { everyDays: 10, leadDays: 2, share: 1 };
    if (u < 0.93) return { everyDays: 12, leadDays: -20, share: 1 };
    return { everyDays: 15, leadDays: -50, share: 0.3 + hashUnit(opts.seed, 'share', dealerCode) * 0.5 };
  };

  // The office day runs 11:00-17:00 IST (05:30-11:30 UTC). Its work is spread over those 360 minutes, a
  // slice of the dealers each minute, so no single step stalls the servers (they may share a process
  // with the desk in demo mode).
  const OFFICE_START_MIN = 330;
  const OFFICE_MINUTES = 360;
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

  const paymentReference = (method: string): string =>
    method === 'upi'
      ? rng.digits(12)
      : method === 'cheque'
        ? `CHQ ${rng.digits(6)}`
        : `${rng.pick(['HDFC', 'ICIC', 'SBIN', 'UTIB'])}${method === 'rtgs' ? 'R' : 'N'}${rng.digits(12)}`;

  /** Cash application (dealers pay what they consider due, by habit) and credit control for one dealer. */
  const officeWorkFor = (code: string, now: number): void => {
    const habit = payerLead(code);
    if (rng.chance(1 / habit.everyDays)) {
      const horizon = iso(Math.floor(now / DAY) * DAY + habit.leadDays * DAY).slice(0, 10);
      const due = dms
        .listOpenInvoices(code)
        .filter((inv) => inv.due_date <= horizon)
        .reduce((sum, inv) => sum + inv.outstanding, 0);
      const amount = habit.share < 1 ? Math.floor((due * habit.share) / 100_000) * 100_000 : due;
      if (amount > 0) {
        const method =
          amount >= 20_000_000
            ? rng.chance(0.6)
              ? 'rtgs'
              : 'neft'
            : rng.weighted([
                ['neft', 45],
                ['upi', 25],
                ['cheque', 30],
              ]);
        dms.recordPayment(code, amount, method, paymentReference(method));
        stats.payments += 1;
      }
    }
    // Put long-overdue accounts on stop; release those that paid up.
    const a = dms.getAccount(code);
    if (!a) return;
    if (!a.blocked && a.oldest_overdue_days > 90 && rng.chance(0.25)) {
      dms.setBlocked(code, true);
      stats.blocks += 1;
    } else if (a.blocked && a.oldest_overdue_days <= 30 && rng.chance(0.5)) {
      dms.setBlocked(code, false);
      stats.unblocks += 1;
    }
  };

  const officeMinute = (slot: number, now: number): void => {
    if (slot === 0) {
      loadMasterData();
      loadOfficeLists();
    }
    for (let i = slot; i < dealerCodes.length; i += OFFICE_MINUTES) {
      const code = dealerCodes[i];
      if (!code) continue;
      try {
        officeWorkFor(code, now);
      } catch (err) {
        if (!isDomainRefusal(err)) throw err;
        stats.skipped += 1;
      }
    }
    // Inbound from the factory: top up a thin SKU now and then.
    const product = products[Math.floor(rng.next() * products.length)];
    if (!product) return;
    for (const warehouseId of warehouseIds) {
      const stock = dms.store.get<Dms.Stock>('stock', `${warehouseId}:${product.sku}`);
      if (stock && stock.available < 20 && rng.chance(0.5)) {
        dms.restock(product.sku, warehouseId, rng.int(40, 400));
        stats.restocks += 1;
      }
    }
  };

  // ---- the clock ----------------------------------------------------------------------------------------

  let cursor = Math.floor(clock.nowMs() / MIN) * MIN;
  const runMinute = (t: number): void => {
    followDmsFeed(t);
    for (let e = agenda.peek(); e && e.due <= t; e = agenda.peek()) {
      agenda.pop();
      try {
        switch (e.item.kind) {
          case 'advance':
            advance(e.item.orderId, t);
            break;
          case 'deliver':
            deliver(e.item, t);
            break;
          case 'return':
            takeReturn(e.item.orderId);
            break;
          case 'dealer-cancel':
            dealerCancel(e.item.orderId);
            break;
        }
      } catch (err) {
        // The integration (or a desk) changed the order meanwhile; the rule said no, so let it be.
        if (!isDomainRefusal(err)) throw err;
        stats.skipped += 1;
      }
    }
    const orders = poisson((ordersPerHour / 60) * peakFactor(t));
    for (let i = 0; i < orders; i++) placeOrder(t);
    const slot = (((t % DAY) + DAY) % DAY) / MIN - OFFICE_START_MIN;
    if (slot >= 0 && slot < OFFICE_MINUTES) officeMinute(slot, t);
    stats.simulatedMinutes += 1;
  };

  let stopped = false;
  /** Runs the whole simulated minutes up to the clock's now, or until `budgetMs` of real time is spent. */
  const advanceTo = (budgetMs: number): ActivityStats => {
    if (stopped) return { ...stats };
    const target = clock.nowMs();
    if (target - cursor > MAX_BACKLOG_MS) {
      log(`activity: ${Math.round((target - cursor) / MIN)} simulated minutes behind; skipping ahead`);
      cursor = Math.floor(target / MIN) * MIN - MAX_BACKLOG_MS;
    }
    const started = performance.now();
    while (cursor + MIN <= target && performance.now() - started < budgetMs) {
      cursor += MIN;
      runMinute(cursor);
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
