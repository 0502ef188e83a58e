// A synthetic replica for the order-queue tests and timings: dealers across regions, orders with a
// realistic mix of statuses and channels, DMS orders for those handed over, and dealer-status
// publications (the dispatched ones with tracking). Deterministic for a given size; written with plain
// prepared statements, so 200,000 orders take a few seconds.
import type Database from 'better-sqlite3';
import { rebuildOrderQueueFacts } from '../../../src/main/features/orders/queueObserver';

export const syntheticRegions = ['North', 'South', 'East', 'West', 'Central'] as const;

const surnames = ['Sharma', 'Patel', 'Iyer', 'Reddy', 'Khan', 'Das', 'Singh', 'Nair', 'Gupta', 'Mehta', 'Rao', 'Joshi', 'Bose', 'Kulkarni'];
const trades = ['Electricals', 'Lighting House', 'Wires & Cables', 'Switchgear Co', 'Power Traders', 'Electric Mart'];
const towns = ['Pune', 'Nagpur', 'Indore', 'Surat', 'Kochi', 'Madurai', 'Patna', 'Ranchi', 'Jaipur', 'Ludhiana', 'Guwahati', 'Mysuru'];

/** Cumulative weights over the platform statuses, roughly a year of history plus today's open orders. */
const statusMix: [string, number][] = [
  ['closed', 0.7],
  ['in_fulfillment', 0.9],
  ['cancelled', 0.94],
  ['rejected', 0.96],
  ['received', 0.975],
  ['credit_hold', 0.99],
  ['approved', 1],
];
const channelMix: [string, number][] = [
  ['portal', 0.6],
  ['phone', 0.75],
  ['email', 0.85],
  ['whatsapp', 0.95],
  ['edi', 1],
];
const dmsStatusMix: [string, number][] = [
  ['closed', 0.55],
  ['delivered', 0.7],
  ['dispatched', 0.8],
  ['partially_dispatched', 0.84],
  ['picking', 0.88],
  ['allocated', 0.93],
  ['backordered', 0.96],
  ['open', 1],
];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(mix: [string, number][], r: number): string {
  for (const [value, upTo] of mix) if (r < upTo) return value;
  return mix[mix.length - 1]![0];
}

export function syntheticAccountId(i: number): string {
  return `acc-${String(i).padStart(5, '0')}`;
}
export function syntheticDealerCode(i: number): string {
  return `DLR${String(10000 + i)}`;
}
export function syntheticDealerName(i: number): string {
  return `${surnames[i % surnames.length]} ${trades[Math.floor(i / surnames.length) % trades.length]} ${i}`;
}
export function syntheticRegion(i: number): string {
  return syntheticRegions[i % syntheticRegions.length]!;
}

export interface SyntheticSize {
  accounts: number;
  orders: number;
  seed?: number;
}

/** Inserts accounts and orders (ids `acc-00000`, `po-0000000`, numbers `SO-2025-000001` ...). */
export function seedSyntheticReplica(db: Database.Database, size: SyntheticSize): void {
  const rand = prng(size.seed ?? 7);
  const account = db.prepare(`INSERT INTO platform_accounts (id, code, name, status, region, tier, currency, price_list_id,
    payment_terms_days, phone, city, version, raw) VALUES (?, ?, ?, 'active', ?, 'gold', 'INR', 'base', 30, ?, ?, 1, '{}')`);
  const order = db.prepare(`INSERT INTO platform_orders (id, number, account_id, channel, status, placed_at, placed_by_type, placed_by_id,
    placed_by_name, currency, subtotal, tax_total, total, line_count, has_notes, has_price_override, credit_result, credit_checked_at,
    credit_limit, credit_exposure, credit_available_after, hold_reasons, approval_count, dms_order_id, handed_over_at, version, raw)
    VALUES (?, ?, ?, ?, ?, ?, 'dealer', 'u', 'Dealer user', 'INR', ?, ?, ?, 3, 0, 0, 'passed', ?, 0, 0, 0, '', 0, ?, ?, 1, '{}')`);
  const dmsOrder = db.prepare(`INSERT INTO dms_orders (id, number, platform_order_id, platform_order_number, dealer_code, status, total,
    shipment_count, created_at, version, raw) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 1, '{}')`);
  const dealerStatus = db.prepare(`INSERT INTO platform_dealer_statuses (id, order_id, status, message, tracking_carrier, tracking_number,
    published_by_id, published_by_name, published_at, version, raw) VALUES (?, ?, ?, ?, ?, ?, 'desk', 'Dealer Desk', ?, 1, '{}')`);
  const start = Date.UTC(2025, 0, 1);
  const span = 365 * 24 * 3600 * 1000;
  db.transaction(() => {
    for (let a = 0; a < size.accounts; a++) {
      account.run(
        syntheticAccountId(a),
        syntheticDealerCode(a),
        syntheticDealerName(a),
        syntheticRegion(a),
        `+91 98${String(a).padStart(8, '0')}`,
        towns[a % towns.length],
      );
    }
    for (let o = 0; o < size.orders; o++) {
      // Orders arrive roughly in placement order, as the feed delivers them.
      const placedMs = start + Math.floor(((o + rand()) / size.orders) * span);
      const placedAt = new Date(placedMs).toISOString();
      const a = Math.floor(rand() * size.accounts);
      const status = pick(statusMix, rand());
      const channel = pick(channelMix, rand());
      const subtotal = 1000_00 + Math.floor(rand() * 5_000_000_00);
      const tax = Math.round(subtotal * 0.18);
      const id = `po-${String(o).padStart(7, '0')}`;
      const handedOver = status === 'in_fulfillment' || status === 'closed';
      const dmsId = handedOver ? `do-${String(o).padStart(7, '0')}` : null;
      order.run(
        id,
        `SO-2025-${String(o + 1).padStart(6, '0')}`,
        syntheticAccountId(a),
        channel,
        status,
        placedAt,
        subtotal,
        tax,
        subtotal + tax,
        placedAt,
        dmsId,
        handedOver ? placedAt : null,
      );
      if (dmsId) {
        const dmsStatus = status === 'closed' ? 'closed' : pick(dmsStatusMix, rand());
        dmsOrder.run(
          dmsId,
          `DO-2025-${String(o + 1).padStart(6, '0')}`,
          id,
          null,
          syntheticDealerCode(a),
          dmsStatus,
          subtotal + tax,
          placedAt,
        );
        dealerStatus.run(`ds-${o}-1`, id, 'confirmed', 'Your order is confirmed.', null, null, placedAt);
        if (['dispatched', 'delivered', 'closed'].includes(dmsStatus)) {
          const at = new Date(placedMs + 2 * 24 * 3600 * 1000).toISOString();
          dealerStatus.run(`ds-${o}-2`, id, 'dispatched', 'Dispatched.', 'Gati', `GT${String(o).padStart(9, '0')}`, at);
        }
      }
    }
  })();
  // Written with plain statements, not through the replica writer: the queues' tallies and linked statuses
  // are computed once from the rows, as the replica observer would have kept them.
  rebuildOrderQueueFacts(db);
}
