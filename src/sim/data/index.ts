// The deterministic seeded dataset for the reference servers, streamed in contract-shaped batches of at most
// 5000 records: catalogue and prices, warehouses, dealers, then twelve months of history dealer by dealer,
// then stock. Same seed + scale + now gives identical output.
import type { Dms, Platform } from '../../shared/contracts/index.js';
import {
  BASE_LIST_ID,
  type PricePoint,
  type SkuFacts,
  TIERS,
  type Tier,
  basePricePoints,
  catalogueEntry,
  contractPricePoints,
  priceDates,
  priceRecord,
  tierListId,
  tierPricePoints,
} from './catalog.js';
import { type DealerProfile, dealerProfile } from './dealers.js';
import { type DealerOrderSlot, type World, generateDealerHistory } from './history.js';
import { Rng, hash32, hashUnit, searchCumulative } from './prng.js';
import { WAREHOUSES } from './reference.js';

export type DatasetBatch = {
  system: 'platform' | 'dms';
  collection: Platform.SnapshotCollection | Dms.SnapshotCollection;
  records: object[];
};

/** `test` (alias `tiny`) is a small scale for the test suites; `demo` and `bench` are the scales. */
export type DatasetScaleName = 'demo' | 'bench' | 'test' | 'tiny';

export interface DatasetSizes {
  dealers: number;
  skus: number;
  orders: number;
}

export const MAX_BATCH = 5000;

export function datasetScale(scale: DatasetScaleName): DatasetSizes {
  switch (scale) {
    case 'bench':
      return { dealers: 5000, skus: 20000, orders: 1_000_000 };
    case 'demo':
      return { dealers: 500, skus: 3000, orders: 50_000 };
    case 'test':
    case 'tiny':
      return { dealers: 40, skus: 160, orders: 2000 };
  }
}

export interface DatasetOptions {
  seed: number;
  scale: DatasetScaleName;
  now: Date;
  /** Overrides the scale's sizes (tests and experiments). */
  sizes?: Partial<DatasetSizes>;
}

const DAY = 86_400_000;
const MIN = 60_000;
const HISTORY_DAYS = 365;

/** Buffers records per collection and hands them out in batches of at most MAX_BATCH. */
class Batcher {
  private readonly buffers = new Map<string, DatasetBatch>();

  add(system: DatasetBatch['system'], collection: DatasetBatch['collection'], records: readonly object[]): void {
    const key = `${system}:${collection}`;
    let b = this.buffers.get(key);
    if (!b) {
      b = { system, collection, records: [] };
      this.buffers.set(key, b);
    }
    for (const r of records) b.records.push(r);
  }

  /** Full batches (or everything, when `all`). */
  *drain(all = false): Generator<DatasetBatch> {
    for (const b of this.buffers.values()) {
      while (b.records.length >= MAX_BATCH || (all && b.records.length > 0)) {
        const records = b.records.splice(0, MAX_BATCH);
        yield { system: b.system, collection: b.collection, records };
      }
    }
  }
}

/** Demand by month for electrical goods: the March year-end push, summer fans, the monsoon lull, Diwali. */
const SEASON = [0.92, 0.97, 1.18, 1.12, 1.06, 0.86, 0.74, 0.8, 1.0, 1.3, 1.16, 0.95];

function globalDayWeights(startDayMs: number, days: number): Float64Array {
  const w = new Float64Array(days);
  for (let d = 0; d < days; d++) {
    const date = new Date(startDayMs + d * DAY);
    const season = SEASON[date.getUTCMonth()] ?? 1;
    const growth = 1 + 0.18 * (d / days);
    const dow = date.getUTCDay();
    const weekday = dow === 0 ? 0.3 : dow === 6 ? 0.85 : 1;
    w[d] = season * growth * weekday;
  }
  return w;
}

/** The per-day order weights of one dealer (trend, active period) into `out`; returns their sum. */
function dealerDayWeights(p: DealerProfile, global: Float64Array, startDayMs: number, out: Float64Array): number {
  let sum = 0;
  const days = global.length;
  for (let d = 0; d < days; d++) {
    const dayStart = startDayMs + d * DAY;
    const active = dayStart + DAY > p.activeFromMs && dayStart < p.activeToMs;
    const trend = Math.max(0.05, 1 + p.trend * (d / days - 0.5) * 2);
    const v = active ? (global[d] ?? 0) * trend : 0;
    sum += v;
    out[d] = sum;
  }
  return sum;
}

/** Times of a dealer's orders, ascending, within its active period and before now. */
function orderTimes(
  seed: number,
  p: DealerProfile,
  count: number,
  cumulative: Float64Array,
  total: number,
  startDayMs: number,
  nowMs: number,
): number[] {
  const rng = new Rng(seed, 'times', p.index);
  const times: number[] = [];
  const from = p.activeFromMs;
  const to = Math.min(nowMs, p.activeToMs);
  for (let i = 0; i < count; i++) {
    let t: number;
    if (p.brandNew || total <= 0) {
      t = from + Math.floor(rng.next() * Math.max(MIN, to - from));
    } else {
      const d = searchCumulative(cumulative, rng.next() * total);
      const r = rng.next();
      // IST minutes of day: mostly business hours, some evenings and early mornings.
      const istMin = r < 0.85 ? rng.int(570, 1170) : r < 0.95 ? rng.int(1170, 1380) : rng.int(420, 570);
      t = startDayMs + d * DAY + istMin * MIN - 330 * MIN;
    }
    if (t > to) t = to - rng.int(1, 120) * MIN;
    if (t < from) t = from + rng.int(1, 600) * MIN;
    if (t > to) t = to - 1000;
    times.push(Math.floor(t / 1000) * 1000);
  }
  times.sort((a, b) => a - b);
  return times;
}

/** Splits `total` over the weights by the largest remainder, deterministically. */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * total);
  const counts = raw.map((r) => Math.floor(r));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = raw.map((r, i) => ({ i, frac: r - Math.floor(r) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left -= 1;
  }
  return counts;
}

export function* generateDataset(opts: DatasetOptions): Generator<DatasetBatch> {
  const sizes = { ...datasetScale(opts.scale), ...opts.sizes };
  const seed = opts.seed >>> 0;
  const now = new Date(Math.floor(opts.now.getTime() / 1000) * 1000);
  const nowMs = now.getTime();
  const today = now.toISOString().slice(0, 10);
  const startDayMs = Math.floor(nowMs / DAY) * DAY - HISTORY_DAYS * DAY;
  const historyDays = HISTORY_DAYS + 1;
  const dates = priceDates(now);
  const out = new Batcher();
  const listUpdated = new Date(Date.parse(`${dates.listStart}T04:30:00Z`)).toISOString();

  // Catalogue.
  const skus: SkuFacts[] = [];
  const basePoints: PricePoint[][] = [];
  const tierPoints = { platinum: [] as PricePoint[][], gold: [] as PricePoint[][], silver: [] as PricePoint[][] };
  const popularity = new Float64Array(sizes.skus);
  let popSum = 0;
  for (let i = 0; i < sizes.skus; i++) {
    const entry = catalogueEntry(seed, i, now);
    skus.push(entry.facts);
    out.add('platform', 'products', [entry.product]);
    const rank = Math.floor(hashUnit(seed, 'pop', i) * sizes.skus);
    popSum += entry.facts.active ? 1 / Math.pow(rank + 8, 0.95) : 0;
    popularity[i] = popSum;
    const base = basePricePoints(seed, entry.facts, i, dates);
    basePoints.push(base);
    out.add(
      'platform',
      'prices',
      base.map((pt) => priceRecord(BASE_LIST_ID, entry.facts.sku, pt, listUpdated)),
    );
    for (const tier of ['platinum', 'gold', 'silver'] as const) {
      const pts = tierPricePoints(seed, tier, entry.facts, i, dates);
      tierPoints[tier].push(pts);
      if (pts.length)
        out.add(
          'platform',
          'prices',
          pts.map((pt) => priceRecord(tierListId(tier), entry.facts.sku, pt, listUpdated)),
        );
    }
    yield* out.drain();
  }
  const popularSku = (rng: Rng): number => searchCumulative(popularity, rng.next() * popSum);
  const priceLists: Platform.PriceList[] = [
    { id: BASE_LIST_ID, name: 'Base price list (dealer price)', currency: 'INR', account_id: null, version: 4, updated_at: listUpdated },
    ...TIERS.filter((t): t is Exclude<Tier, 'bronze'> => t !== 'bronze').map((t) => ({
      id: tierListId(t),
      name: `${t.charAt(0).toUpperCase()}${t.slice(1)} dealer prices`,
      currency: 'INR',
      account_id: null,
      version: 2,
      updated_at: listUpdated,
    })),
  ];
  out.add('platform', 'price_lists', priceLists);

  const warehouses: Dms.Warehouse[] = WAREHOUSES.map((w, i) => ({
    id: w.id,
    code: w.code,
    name: w.name,
    region: w.region,
    version: 1 + (i % 3),
    updated_at: listUpdated,
  }));
  out.add('dms', 'warehouses', warehouses);

  // Dealers.
  const profiles: DealerProfile[] = [];
  const ctx = {
    seed,
    now,
    historyStartMs: startDayMs,
    dealerCount: sizes.dealers,
    skuCount: sizes.skus,
    popularSku,
    isActiveSku: (i: number) => skus[i]?.active ?? false,
  };
  for (let i = 0; i < sizes.dealers; i++) {
    const p = dealerProfile(ctx, i);
    profiles.push(p);
    out.add('platform', 'accounts', [p.account]);
    if (p.contract) {
      const c = p.contract;
      out.add('platform', 'price_lists', [
        {
          id: c.listId,
          name: `Contract prices: ${p.name}`,
          currency: 'INR',
          account_id: p.id,
          version: 1,
          updated_at: `${c.start}T05:00:00.000Z`,
        },
      ]);
      for (const skuIndex of c.skus) {
        const facts = skus[skuIndex];
        if (!facts) continue;
        const pts = contractPricePoints(seed, p.code, facts, c.start);
        out.add(
          'platform',
          'prices',
          pts.map((pt) => priceRecord(c.listId, facts.sku, pt, `${c.start}T05:00:00.000Z`)),
        );
      }
    }
    yield* out.drain();
  }
  const contractSets = new Map<number, Set<number>>();
  for (const p of profiles) if (p.contract) contractSets.set(p.index, new Set(p.contract.skus));

  // Order times: how many orders each dealer places, when, and their chronological numbering.
  const global = globalDayWeights(startDayMs, historyDays);
  const globalSum = global.reduce((s, v) => s + v, 0);
  const cumulative = new Float64Array(historyDays);
  const masses: number[] = [];
  const dayTotals: number[] = [];
  for (const p of profiles) {
    const total = dealerDayWeights(p, global, startDayMs, cumulative);
    dayTotals.push(total);
    masses.push(p.brandNew ? 0 : (p.weight * total) / globalSum);
  }
  const counts = apportion(masses, sizes.orders).map((c, i) => (profiles[i]?.brandNew ? 1 : c));
  const offsets = new Int32Array(profiles.length + 1);
  for (let i = 0; i < profiles.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + (counts[i] ?? 0);
  const totalOrders = offsets[profiles.length] ?? 0;
  const times = new Float64Array(totalOrders);
  for (const p of profiles) {
    const total = dealerDayWeights(p, global, startDayMs, cumulative);
    const ts = orderTimes(seed, p, counts[p.index] ?? 0, cumulative, total, startDayMs, nowMs);
    times.set(ts, offsets[p.index] ?? 0);
  }
  const byTime = new Uint32Array(totalOrders);
  for (let i = 0; i < totalOrders; i++) byTime[i] = i;
  byTime.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);
  const rankOf = new Int32Array(totalOrders);
  const yearSeq = new Int32Array(totalOrders);
  let year = -1;
  let seqInYear = 0;
  for (let r = 0; r < totalOrders; r++) {
    const i = byTime[r] ?? 0;
    rankOf[i] = r;
    const y = new Date(times[i] ?? 0).getUTCFullYear();
    if (y !== year) {
      year = y;
      seqInYear = 0;
    }
    yearSeq[i] = ++seqInYear;
  }

  // History, dealer by dealer.
  const world: World = {
    seed,
    now,
    nowMs,
    today,
    skus,
    basePoints,
    tierPoints,
    contractPoints: (p, skuIndex) => {
      const set = contractSets.get(p.index);
      const facts = skus[skuIndex];
      if (!set || !facts || !set.has(skuIndex) || !p.contract) return [];
      return contractPricePoints(seed, p.code, facts, p.contract.start);
    },
    popularSku,
    allocated: new Int32Array(WAREHOUSES.length * sizes.skus),
  };
  for (const p of profiles) {
    const start = offsets[p.index] ?? 0;
    const end = offsets[p.index + 1] ?? 0;
    const slots: DealerOrderSlot[] = [];
    for (let i = start; i < end; i++) slots.push({ placedMs: times[i] ?? 0, rank: rankOf[i] ?? 0, yearSeq: yearSeq[i] ?? 0 });
    const h = generateDealerHistory(world, p, slots);
    out.add('platform', 'orders', h.platformOrders);
    out.add('platform', 'dealer_statuses', h.dealerStatuses);
    if (h.credit) out.add('platform', 'credit', [h.credit]);
    out.add('dms', 'accounts', [h.dmsAccount]);
    out.add('dms', 'orders', h.dmsOrders);
    out.add('dms', 'invoices', h.invoices);
    out.add('dms', 'payments', h.payments);
    out.add('dms', 'returns', h.returns);
    out.add('dms', 'credit_overrides', h.overrides);
    yield* out.drain();
  }

  // Stock: deep in the big warehouses, thin in the small ones, a few SKUs out of stock; never below what is allocated.
  for (let wi = 0; wi < WAREHOUSES.length; wi++) {
    const wh = WAREHOUSES[wi];
    if (!wh) continue;
    for (let s = 0; s < sizes.skus; s++) {
      const facts = skus[s];
      if (!facts) continue;
      const allocated = world.allocated[wi * sizes.skus + s] ?? 0;
      const share = ((popularity[s] ?? 0) - (s > 0 ? (popularity[s - 1] ?? 0) : 0)) / (popSum || 1);
      const u = hashUnit(seed, 'stock', wi, s);
      let onHand = Math.round(wh.depth * (20 + share * sizes.skus * 60) * (0.3 + u * 1.4) * facts.heft);
      if (!facts.active) onHand = Math.round(onHand * 0.05);
      if (hashUnit(seed, 'oos', wi, s) < 0.06) onHand = 0;
      onHand = Math.max(onHand, allocated);
      const record: Dms.Stock = {
        id: `${wh.id}:${facts.sku}`,
        sku: facts.sku,
        warehouse_id: wh.id,
        on_hand: onHand,
        allocated,
        available: onHand - allocated,
        version: 1 + (hash32(seed, 'stockv', wi, s) % 40),
        updated_at: new Date(nowMs - (hash32(seed, 'stocku', wi, s) % (72 * 60)) * MIN).toISOString(),
      };
      out.add('dms', 'stock', [record]);
    }
    yield* out.drain();
  }
  yield* out.drain(true);
}
