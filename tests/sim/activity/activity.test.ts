// The live activity generator against in-memory reference servers: dealers order and cancel, holds appear,
// the DMS works only what was handed over to it, money and stock move, every kind of change shows up within
// minutes of (simulated) wall time with real timestamps, orders become late as real dates pass, and a seed
// replays exactly. Time comes from a controllable real-time source, so minutes pass without waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dms, Platform } from '../../../src/shared/contracts/index.js';
import { checkAgainst } from '../../../src/shared/contracts/validate.js';
import { type ActivityHandle, type ActivityStats, startActivity } from '../../../src/sim/activity/index.js';
import { SimClock } from '../../../src/sim/clock.js';
import { generateDataset } from '../../../src/sim/data/index.js';
import { loadDataset } from '../../../src/sim/dataset.js';
import { DmsDomain, dmsCollections } from '../../../src/sim/dms/domain.js';
import { type ReferenceServers, startReferenceServers } from '../../../src/sim/index.js';
import { PlatformDomain, platformCollections } from '../../../src/sim/platform/domain.js';
import { SimStore } from '../../../src/sim/store/store.js';

const START = new Date('2026-11-30T03:30:00Z'); // a Monday, 09:00 IST
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const integration = { id: 'dealer-desk', name: 'Dealer Desk' };

interface World {
  platform: PlatformDomain;
  dms: DmsDomain;
  clock: SimClock;
  /** Lets real time pass (the wall clock's source, or the controlled clock's advance). */
  pass(ms: number): void;
  now(): number;
  close(): void;
}

/**
 * Stores seeded by the dataset generator at a small size, as the servers hold them after a load, with a
 * wall clock whose real-time source the test moves. History ends at START, the clock starts there.
 */
function generatedWorld(seed: number, sizes = { dealers: 40, skus: 120, orders: 1500 }): World {
  let real = START.getTime();
  const clock = SimClock.wall(() => real);
  const ps = new SimStore(':memory:', platformCollections);
  const ds = new SimStore(':memory:', dmsCollections);
  loadDataset({ platform: ps, dms: ds }, generateDataset({ seed, scale: 'test', now: START, sizes }) as never);
  const dms = new DmsDomain(ds, clock);
  dms.recomputeAccountsSilently();
  return {
    platform: new PlatformDomain(ps, clock),
    dms,
    clock,
    pass: (ms) => (real += ms),
    now: () => real,
    close: () => (ps.close(), ds.close()),
  };
}

/** Lets real time pass in slices and lets the activity do what is due after each. */
function run(world: World, activity: ActivityHandle, ms: number, slice: number, between?: (now: number) => void): void {
  for (let done = 0; done < ms; done += slice) {
    world.pass(slice);
    activity.step();
    between?.(world.now());
  }
}

function dump(store: SimStore): string {
  const rows = store.db.prepare('SELECT collection, id, version, data FROM resources ORDER BY collection, id').all();
  const events = store.db.prepare('SELECT seq, type, occurred_at, rid, version FROM events ORDER BY seq').all();
  return JSON.stringify({ rows, events });
}

function all<T>(store: SimStore, collection: string): T[] {
  return store.query<T>('SELECT data FROM resources WHERE collection = ? ORDER BY id', collection);
}

/** The integration's hand-over, done by the test: received and approved platform orders go to the DMS. */
function handOver(world: Pick<World, 'platform' | 'dms'>, handed: Set<string>): void {
  const open = [
    ...world.platform.store.query<Platform.Order>(
      "SELECT data FROM resources WHERE collection = 'orders' AND k3 LIKE '%:received' ORDER BY id",
    ),
    ...world.platform.store.query<Platform.Order>(
      "SELECT data FROM resources WHERE collection = 'orders' AND k3 LIKE '%:approved' ORDER BY id",
    ),
  ];
  for (const o of open) {
    const account = world.platform.getAccount(o.account_id);
    if (!account) continue;
    const d = world.dms.createOrder({
      platform_order_id: o.id,
      platform_order_number: o.number,
      dealer_code: account.code,
      lines: o.lines.map((l) => ({ line_no: l.line_no, sku: l.sku, qty: l.qty, unit_price: l.unit_price, tax_rate_bp: l.tax_rate_bp })),
    });
    world.platform.transition(o.id, { to: 'in_fulfillment', by: integration, dms_order_id: d.id });
    handed.add(d.id);
  }
}

describe('live activity on the reference servers (test fixture)', () => {
  let servers: ReferenceServers;
  let activity: ActivityHandle;
  const handed = new Set<string>();
  let creditBefore: string;
  let seededDmsOrders: Set<string>;

  beforeAll(async () => {
    // A controlled clock (the tests' kind) works as well: the activity reads whatever clock the servers have.
    servers = await startReferenceServers({ scale: 'test', speed: 0, now: START, activity: false, log: () => undefined });
    const world = { platform: servers.platform.domain, dms: servers.dms.domain };
    creditBefore = JSON.stringify(all(servers.platform.store, 'credit'));
    seededDmsOrders = new Set(all<Dms.Order>(servers.dms.store, 'orders').map((o) => o.id));
    activity = startActivity({ ...world, clock: servers.clock, seed: 11, autoTick: false });
    for (let done = 0; done < 45 * MIN; done += 10 * SEC) {
      servers.clock.advance(10 * SEC);
      activity.step();
      handOver(world, handed);
    }
  });
  afterAll(async () => {
    activity.stop();
    await servers.close();
  });

  it('dealers place orders every few seconds, some beyond their limit or while overdue or blocked, and cancel a few', () => {
    const s = activity.stats();
    // 45 minutes at about one order every 6 s.
    expect(s.ordersPlaced).toBeGreaterThan(300);
    expect(s.ordersPlaced).toBeLessThan(650);
    expect(s.ordersHeld).toBeGreaterThanOrEqual(5);
    expect(s.dealerCancellations).toBeGreaterThan(0);
    const orders = all<Platform.Order>(servers.platform.store, 'orders');
    const held = orders.filter((o) => o.credit_check.result === 'held' && o.placed_at > START.toISOString());
    const reasons = new Set(held.flatMap((o) => o.credit_check.reasons));
    expect(reasons.has('account_blocked') || reasons.has('overdue') || reasons.has('over_limit')).toBe(true);
    expect(orders.some((o) => o.status === 'cancelled' && o.cancellation?.by?.type === 'dealer')).toBe(true);
    expect(new Set(orders.map((o) => o.channel))).toContain('portal');
  });

  it('works handed-over orders through allocation, picking, dispatch with carriers and ETAs, delivery and closing', () => {
    const s = activity.stats();
    expect(s.allocations).toBeGreaterThan(0);
    expect(s.pickings).toBeGreaterThan(0);
    expect(s.dispatches).toBeGreaterThan(0);
    expect(s.deliveries).toBeGreaterThan(0);
    expect(s.closures).toBeGreaterThan(0);
    const dmsOrders = all<Dms.Order>(servers.dms.store, 'orders').filter((o) => handed.has(o.id));
    const statuses = new Set(dmsOrders.map((o) => o.status));
    expect(statuses.has('closed') || statuses.has('delivered')).toBe(true);
    const shipments = dmsOrders.flatMap((o) => o.shipments);
    expect(shipments.length).toBeGreaterThan(0);
    for (const sh of shipments) {
      expect(['VRL Logistics', 'Gati', 'TCI Express', 'Safexpress', 'Delhivery']).toContain(sh.carrier);
      expect(sh.tracking_number).toMatch(/^[A-Z]*\d{9,13}$/);
      expect(sh.vehicle_no).toMatch(/^[A-Z]{2}\d{2}[A-Z]{2}\d{4}$/);
      expect(sh.eta).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // The carrier's estimate is never before the dispatch day.
      expect((sh.eta ?? '') >= sh.dispatched_at.slice(0, 10)).toBe(true);
    }
    const invoices = all<Dms.Invoice>(servers.dms.store, 'invoices').filter((i) => handed.has(i.order_id ?? ''));
    expect(invoices.length).toBe(shipments.length);
  });

  it('never does the integration job: no hand-over, no dealer status, no credit push', () => {
    for (const o of all<Dms.Order>(servers.dms.store, 'orders')) {
      expect(handed.has(o.id) || seededDmsOrders.has(o.id), o.id).toBe(true);
    }
    const platformOrders = all<Platform.Order>(servers.platform.store, 'orders');
    const inFulfillment = platformOrders.filter((o) => o.fulfillment?.dms_order_id);
    for (const o of inFulfillment) {
      const d = all<Dms.Order>(servers.dms.store, 'orders').find((x) => x.id === o.fulfillment?.dms_order_id);
      expect(d?.platform_order_id).toBe(o.id);
    }
    // Platform orders close only when the integration says so: the activity never moves them past hand-over.
    expect(platformOrders.filter((o) => o.status === 'closed' && handed.has(o.fulfillment?.dms_order_id ?? ''))).toEqual([]);
    expect(
      all(servers.platform.store, 'dealer_statuses').filter((s) => (s as Platform.DealerStatus).published_at >= START.toISOString()),
    ).toEqual([]);
    expect(JSON.stringify(all(servers.platform.store, 'credit'))).toBe(creditBefore);
  });

  it('keeps every record the activity touched contract-shaped', () => {
    const check = (system: 'platform' | 'dms', collection: string, schema: string): void => {
      for (const r of all<object>(system === 'platform' ? servers.platform.store : servers.dms.store, collection)) {
        expect(checkAgainst(system, schema, r), `${system} ${collection}`).toEqual([]);
      }
    };
    check('platform', 'orders', 'Order');
    check('dms', 'orders', 'Order');
    check('dms', 'invoices', 'Invoice');
    check('dms', 'payments', 'Payment');
    check('dms', 'returns', 'Return');
    check('dms', 'stock', 'Stock');
    check('dms', 'accounts', 'Account');
  });
});

describe('live activity on the wall clock: dense, not fast', () => {
  const world = generatedWorld(7, { dealers: 60, skus: 200, orders: 2500 });
  const handed = new Set<string>();
  /** Seconds after the start at which each counter first moved. */
  const firstSeen: Partial<Record<keyof ActivityStats, number>> = {};
  let activity: ActivityHandle;
  const stampsAhead: string[] = [];
  const stampsOff: string[] = [];

  beforeAll(() => {
    activity = startActivity({ platform: world.platform, dms: world.dms, clock: world.clock, seed: 5, autoTick: false });
    let platformSeq = world.platform.store.lastSeq();
    let dmsSeq = world.dms.store.lastSeq();
    for (let second = 2; second <= 20 * 60; second += 2) {
      world.pass(2 * SEC);
      const stats = activity.step();
      if (second % 6 === 0) handOver(world, handed);
      for (const [key, value] of Object.entries(stats) as [keyof ActivityStats, number][])
        if (value > 0 && firstSeen[key] === undefined) firstSeen[key] = second;
      // Everything that happened in this second is stamped with this second, read from the wall clock.
      const now = new Date(world.now()).toISOString();
      for (const [store, after] of [
        [world.platform.store, platformSeq],
        [world.dms.store, dmsSeq],
      ] as const) {
        for (const e of store.eventsAfter(after, 10_000)) {
          if (e.occurred_at > now) stampsAhead.push(`${e.type} ${e.resource.id} at ${e.occurred_at} (now ${now})`);
          else if (e.occurred_at !== now) stampsOff.push(`${e.type} ${e.resource.id} at ${e.occurred_at} (now ${now})`);
          const updated = (e.data as { updated_at?: string }).updated_at;
          if (updated && updated > now) stampsAhead.push(`${e.type} ${e.resource.id} updated_at ${updated} (now ${now})`);
        }
      }
      platformSeq = world.platform.store.lastSeq();
      dmsSeq = world.dms.store.lastSeq();
    }
  }, 120_000);
  afterAll(() => {
    activity.stop();
    world.close();
  });

  it('stamps every change with the real time it happened: never ahead of the wall clock, never behind it', () => {
    expect(world.clock.nowMs()).toBe(world.now());
    expect(stampsAhead).toEqual([]);
    expect(stampsOff).toEqual([]);
  });

  it('shows new dealer orders every few seconds and a credit hold every few minutes', () => {
    const s = activity.stats();
    expect(firstSeen.ordersPlaced).toBeLessThanOrEqual(30);
    expect(s.ordersPlaced).toBeGreaterThanOrEqual(120); // 20 minutes at about one every 6 s
    expect(s.ordersPlaced).toBeLessThanOrEqual(320);
    expect(firstSeen.ordersHeld).toBeLessThanOrEqual(8 * 60);
    expect(s.ordersHeld).toBeGreaterThanOrEqual(4);
  });

  it('allocates, backorders, partially allocates, dispatches with tracking and ETA, delivers and invoices within minutes', () => {
    expect(firstSeen.allocations).toBeLessThanOrEqual(3 * 60);
    expect(firstSeen.pickings).toBeLessThanOrEqual(4 * 60);
    expect(firstSeen.dispatches).toBeLessThanOrEqual(6 * 60);
    expect(firstSeen.deliveries).toBeLessThanOrEqual(10 * 60);
    expect(firstSeen.closures).toBeLessThanOrEqual(12 * 60);
    expect(firstSeen.partialAllocations).toBeLessThanOrEqual(10 * 60);
    expect(firstSeen.backorders).toBeLessThanOrEqual(15 * 60);
    expect(firstSeen.partialDeliveries).toBeLessThanOrEqual(20 * 60);
    const live = all<Dms.Order>(world.dms.store, 'orders').filter((o) => handed.has(o.id));
    const shipments = live.flatMap((o) => o.shipments);
    expect(shipments.length).toBeGreaterThan(20);
    for (const sh of shipments) {
      expect(sh.tracking_number).not.toBe('');
      expect(sh.eta).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const invoices = all<Dms.Invoice>(world.dms.store, 'invoices').filter((i) => handed.has(i.order_id ?? ''));
    expect(invoices.length).toBe(shipments.length);
    expect(invoices.every((i) => i.issued_at >= START.toISOString())).toBe(true);
  });

  it('takes payments and returns within minutes', () => {
    expect(firstSeen.payments).toBeLessThanOrEqual(10 * 60);
    expect(firstSeen.returns).toBeLessThanOrEqual(20 * 60);
    const payments = all<Dms.Payment>(world.dms.store, 'payments').filter((p) => p.received_at > START.toISOString());
    expect(payments.length).toBe(activity.stats().payments);
    expect(payments.every((p) => p.amount > 0 && p.allocations.length > 0)).toBe(true);
  });
});

describe('live activity as real dates pass', () => {
  it('some orders become late: not dispatched by the expected date, or past the ETA and not delivered', () => {
    const world = generatedWorld(2);
    try {
      const handed = new Set<string>();
      // A quiet demo (a fiftieth of the default) over three days: waits that follow real dates keep their pace.
      const activity = startActivity({
        platform: world.platform,
        dms: world.dms,
        clock: world.clock,
        seed: 9,
        rate: 0.02,
        autoTick: false,
      });
      let lateDispatch = 0;
      let pastEta = 0;
      run(world, activity, 3 * DAY, 5 * MIN, (now) => {
        handOver(world, handed);
        if (now % HOUR !== 0) return;
        const today = new Date(now).toISOString().slice(0, 10);
        for (const o of world.dms.listOpenOrders()) {
          if (!handed.has(o.id)) continue;
          const undispatched = ['open', 'backordered', 'partially_allocated', 'allocated', 'picking'].includes(o.status);
          if (undispatched && o.expected_dispatch_date && o.expected_dispatch_date < today) lateDispatch += 1;
          if (o.shipments.some((s) => !s.delivered_at && s.eta && s.eta < today)) pastEta += 1;
        }
      });
      activity.stop();
      // Hourly samples: orders the activity itself received were seen late, of both kinds.
      expect(pastEta).toBeGreaterThan(0);
      expect(lateDispatch).toBeGreaterThan(0);
      expect(activity.stats().lateDeliveries).toBeGreaterThan(0);
    } finally {
      world.close();
    }
  }, 120_000);
});

describe('live activity on generated data', () => {
  it('moves the seeded in-flight orders, takes payments and keeps the DMS figures true', () => {
    const world = generatedWorld(1);
    try {
      const ordersBefore = new Set(all<Dms.Order>(world.dms.store, 'orders').map((o) => o.id));
      const openBefore = all<Dms.Order>(world.dms.store, 'orders').filter((o) => !['closed', 'cancelled'].includes(o.status)).length;
      expect(openBefore).toBeGreaterThan(0);
      const activity = startActivity({
        platform: world.platform,
        dms: world.dms,
        clock: world.clock,
        seed: 3,
        rate: 0.25,
        autoTick: false,
      });
      run(world, activity, 6 * HOUR, 2 * MIN);
      const s = activity.stats();
      expect(s.closures).toBeGreaterThan(0);
      expect(s.deliveries).toBeGreaterThan(0);
      expect(s.payments).toBeGreaterThan(0);
      expect(s.ordersPlaced).toBeGreaterThan(0);
      // no hand-over by the activity: the DMS holds only the seeded orders
      expect(new Set(all<Dms.Order>(world.dms.store, 'orders').map((o) => o.id))).toEqual(ordersBefore);
      const stillOpen = all<Dms.Order>(world.dms.store, 'orders').filter((o) => !['closed', 'cancelled'].includes(o.status)).length;
      expect(stillOpen).toBeLessThan(openBefore);
      world.dms.refreshAccounts();
      for (const a of all<Dms.Account>(world.dms.store, 'accounts')) {
        const f = world.dms.computeFigures(a.dealer_code);
        expect({ balance: a.balance, unbilled: a.unbilled, ageing: a.ageing, overdue: a.overdue }).toEqual({
          balance: f.balance,
          unbilled: f.unbilled,
          ageing: f.ageing,
          overdue: f.overdue,
        });
      }
      for (const p of all<Dms.Payment>(world.dms.store, 'payments')) expect(p.amount).toBeGreaterThan(0);
      for (const st of all<Dms.Stock>(world.dms.store, 'stock')) expect(st.on_hand).toBeGreaterThanOrEqual(st.allocated);
      activity.stop();
    } finally {
      world.close();
    }
  });

  it('is deterministic for a seed and the same clock readings; another seed differs', () => {
    const play = (seed: number): string => {
      const world = generatedWorld(1);
      try {
        const activity = startActivity({ platform: world.platform, dms: world.dms, clock: world.clock, seed, autoTick: false });
        run(world, activity, 5 * MIN, 7 * SEC);
        activity.stop();
        return dump(world.platform.store) + dump(world.dms.store);
      } finally {
        world.close();
      }
    };
    const a = play(21);
    expect(play(21)).toBe(a);
    expect(play(22)).not.toBe(a);
  });

  it('at rate 0 does nothing, and a higher rate does more in the same time', () => {
    const placed = (rate: number): number => {
      const world = generatedWorld(1);
      try {
        const before = dump(world.platform.store) + dump(world.dms.store);
        const activity = startActivity({ platform: world.platform, dms: world.dms, clock: world.clock, seed: 4, rate, autoTick: false });
        run(world, activity, 5 * MIN, 10 * SEC);
        activity.stop();
        if (rate === 0) expect(dump(world.platform.store) + dump(world.dms.store)).toBe(before);
        return activity.stats().ordersPlaced;
      } finally {
        world.close();
      }
    };
    expect(placed(0)).toBe(0);
    // Poisson arrivals: about 50 in five minutes at rate 1, about 150 at rate 3.
    const one = placed(1);
    expect(one).toBeGreaterThan(30);
    expect(placed(3)).toBeGreaterThan(1.8 * one);
  });

  it('stops: no more changes after stop()', () => {
    const world = generatedWorld(1);
    try {
      const activity = startActivity({ platform: world.platform, dms: world.dms, clock: world.clock, seed: 4, autoTick: false });
      run(world, activity, 5 * MIN, 30 * SEC);
      activity.stop();
      const before = dump(world.platform.store) + dump(world.dms.store);
      world.pass(2 * HOUR);
      activity.step();
      expect(dump(world.platform.store) + dump(world.dms.store)).toBe(before);
    } finally {
      world.close();
    }
  });
});
