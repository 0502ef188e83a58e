// The order queues' replica observer (issue 10): as the sync engine writes rows, keep in the same
// transaction what the queues read instead of scanning a million orders:
// - tallies of platform orders per (status, channel), overall and per dealer region (counts of broad filters);
// - platform_orders.dms_status, .delivered_late_at and .dealer_status: facts of the DMS order and of the
//   latest publication the queues sort and filter by;
// - order_drift, the orders whose two sides disagree (the "Drift" view).
// Deletions are followed by triggers instead (migration 0012): a snapshot's clean-up deletes in bulk.
//
// Cost per platform order, as a snapshot delivers them (bench/sync.ts reports it as the observer's share):
// one primary-key read before the upsert (its old status, channel and account), a look into the usually
// empty `order_links_waiting`, and tally changes summed in memory and written once per page (a few dozen
// rows: per region, not per account, so a page of 500 orders from 500 dealers stays a few dozen writes).
import type Database from 'better-sqlite3';
import type { ReplicaObserver, ReplicaObserverFactory } from '../../sync/observers';
import { recordOrderDrift } from './reconciliation';

interface Previous {
  account_id: string;
  status: string;
  channel: string;
  dms_status: string | null;
  dms_order_id: string | null;
}

const key = (...parts: string[]) => parts.join('\u0000');

/** Sums tally changes over a page and writes them at its end. */
class TallyDeltas {
  private readonly overall = new Map<string, number>();
  private readonly perRegion = new Map<string, number>();
  private readonly putOverall: Database.Statement;
  private readonly putRegion: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.putOverall = sqlite.prepare(
      'INSERT INTO order_tallies (status, channel, n) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    this.putRegion = sqlite.prepare(
      'INSERT INTO order_region_tallies (region, status, channel, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
  }

  order(region: string, status: string, channel: string, delta: number): void {
    const k = key(status, channel);
    this.overall.set(k, (this.overall.get(k) ?? 0) + delta);
    this.region(region, status, channel, delta);
  }

  region(region: string, status: string, channel: string, delta: number): void {
    const k = key(region, status, channel);
    this.perRegion.set(k, (this.perRegion.get(k) ?? 0) + delta);
  }

  flush(): void {
    for (const [k, n] of this.overall) if (n !== 0) this.putOverall.run(...k.split('\u0000'), n);
    for (const [k, n] of this.perRegion) if (n !== 0) this.putRegion.run(...k.split('\u0000'), n);
    this.clear();
  }

  clear(): void {
    this.overall.clear();
    this.perRegion.clear();
  }
}

/** The DMS order the platform order names, else its latest. */
const latestDmsOrder = `(SELECT d.id FROM dms_orders d WHERE d.platform_order_id = @id
  ORDER BY d.id = (SELECT dms_order_id FROM platform_orders WHERE id = @id) DESC, d.created_at DESC LIMIT 1)`;

/**
 * Orders whose linked facts or drift must be looked at again, gathered over a page and handled once each
 * at its end (an order's two or three publications usually share a page). An order not in the replica yet
 * is remembered in `order_links_waiting` and looked at when it arrives.
 */
class PendingOrders {
  readonly dmsFacts = new Set<string>();
  readonly dealerStatus = new Set<string>();
  readonly drift = new Set<string>();
  private readonly linkDms: Database.Statement;
  private readonly linkDealer: Database.Statement;
  private readonly known: Database.Statement;
  private readonly wait: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => Date,
  ) {
    // Written only when something changed: a row rewrite moves its index entries.
    this.linkDms = sqlite.prepare(
      `UPDATE platform_orders SET dms_status = x.status, delivered_late_at = x.late
       FROM (SELECT (SELECT status FROM dms_orders WHERE id = ${latestDmsOrder}) AS status,
                    (SELECT max(s.delivered_at) FROM dms_shipments s WHERE s.order_id = ${latestDmsOrder}
                       AND s.eta < substr(s.delivered_at, 1, 10)) AS late) x
       WHERE platform_orders.id = @id AND (platform_orders.dms_status IS NOT x.status OR platform_orders.delivered_late_at IS NOT x.late)`,
    );
    this.linkDealer = sqlite.prepare(
      `UPDATE platform_orders SET dealer_status = x.status
       FROM (SELECT (SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = @id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1) AS status) x
       WHERE platform_orders.id = @id AND platform_orders.dealer_status IS NOT x.status`,
    );
    this.known = sqlite.prepare('SELECT 1 FROM platform_orders WHERE id = ?').pluck();
    this.wait = sqlite.prepare('INSERT OR IGNORE INTO order_links_waiting (order_id) VALUES (?)');
  }

  flush(): void {
    const at = this.now();
    const known = new Map<string, boolean>();
    const isKnown = (id: string) => {
      let k = known.get(id);
      if (k === undefined) known.set(id, (k = this.known.get(id) !== undefined));
      if (!k) this.wait.run(id);
      return k;
    };
    for (const id of this.dmsFacts) if (isKnown(id)) this.linkDms.run({ id });
    for (const id of this.dealerStatus) if (isKnown(id)) this.linkDealer.run({ id });
    for (const id of this.drift) if (isKnown(id)) recordOrderDrift(this.sqlite, id, at);
    this.clear();
  }

  clear(): void {
    this.dmsFacts.clear();
    this.dealerStatus.clear();
    this.drift.clear();
  }
}

function platformSide(sqlite: Database.Database, now: () => Date): ReplicaObserver {
  const tallies = new TallyDeltas(sqlite);
  const pending = new PendingOrders(sqlite, now);
  const previousOrder = sqlite.prepare('SELECT account_id, status, channel, dms_status, dms_order_id FROM platform_orders WHERE id = ?');
  const previousRegion = sqlite.prepare('SELECT region FROM platform_accounts WHERE id = ?').pluck();
  const waiting = sqlite.prepare('DELETE FROM order_links_waiting WHERE order_id = ?');
  const ordersOfAccount = sqlite.prepare(
    `SELECT status, channel, count(*) AS n FROM platform_orders INDEXED BY platform_orders_account_status WHERE account_id = ? GROUP BY status, channel`,
  );
  // The region each order is counted under is its account's, read once per account per page (not kept
  // longer: a snapshot's clean-up may delete an account between pages, behind the observer's back).
  const regions = new Map<string, string>();
  const regionOf = (accountId: string): string => {
    let region = regions.get(accountId);
    if (region === undefined) regions.set(accountId, (region = (previousRegion.get(accountId) as string | undefined) ?? ''));
    return region;
  };
  return {
    resourceTypes: ['order', 'dealer_status', 'account'],
    before(resourceType, id) {
      if (resourceType === 'order') return previousOrder.get(id) as Previous | undefined;
      if (resourceType === 'account') return (previousRegion.get(id) as string | undefined) ?? null;
      return undefined;
    },
    after(resourceType, id, data, before) {
      if (resourceType === 'dealer_status') {
        const orderId = data ? (data as { order_id?: unknown }).order_id : null;
        if (typeof orderId === 'string') pending.dealerStatus.add(orderId);
        return;
      }
      if (resourceType === 'account') {
        regions.delete(id);
        // A deleted account: the delete trigger moves its orders' counts.
        if (!data) return;
        // A new account or a new region: its orders (counted under '' or the old region) move with it.
        const from = (before as string | null) ?? '';
        const to = String((data as { region?: unknown }).region ?? '');
        if (from === to && before !== null) return;
        for (const row of ordersOfAccount.all(id) as { status: string; channel: string; n: number }[]) {
          tallies.region(from, row.status, row.channel, -row.n);
          tallies.region(to, row.status, row.channel, row.n);
        }
        return;
      }
      // A deleted order: the delete trigger keeps the tallies and the drift table.
      if (!data) return;
      const prev = before as Previous | undefined;
      const order = data as { account_id: string; status: string; channel: string; fulfillment?: { dms_order_id?: string } | null };
      if (!prev || prev.account_id !== order.account_id || prev.status !== order.status || prev.channel !== order.channel) {
        if (prev) tallies.order(regionOf(prev.account_id), prev.status, prev.channel, -1);
        tallies.order(regionOf(order.account_id), order.status, order.channel, +1);
      }
      if (!prev) {
        // Feeds arrive in any order: a DMS order or a publication may have named it already.
        if (waiting.run(id).changes > 0) {
          pending.dmsFacts.add(id);
          pending.dealerStatus.add(id);
          pending.drift.add(id);
        }
        return;
      }
      // The upsert leaves the linked facts alone, but the DMS order the platform names may have changed.
      const dmsOrderId = order.fulfillment?.dms_order_id ?? null;
      if (dmsOrderId !== prev.dms_order_id) pending.dmsFacts.add(id);
      if ((prev.dms_status !== null || dmsOrderId !== prev.dms_order_id) && prev.status !== order.status) pending.drift.add(id);
    },
    flush() {
      tallies.flush();
      pending.flush();
      regions.clear();
    },
    discard() {
      tallies.clear();
      pending.clear();
      regions.clear();
    },
  };
}

function dmsSide(sqlite: Database.Database, now: () => Date): ReplicaObserver {
  const pending = new PendingOrders(sqlite, now);
  const platformOrderOf = sqlite.prepare('SELECT platform_order_id FROM dms_orders WHERE id = ?').pluck();
  const clearOrphanDrift = sqlite.prepare(
    'DELETE FROM order_drift WHERE NOT EXISTS (SELECT 1 FROM dms_orders d WHERE d.platform_order_id = order_drift.order_id)',
  );
  return {
    resourceTypes: ['order', 'invoice'],
    after(resourceType, _id, data) {
      if (!data) return; // a deleted DMS order: the delete trigger; its drift row goes at the snapshot's end
      if (resourceType === 'order') {
        const platformOrderId = (data as { platform_order_id?: unknown }).platform_order_id;
        if (typeof platformOrderId !== 'string') return;
        pending.dmsFacts.add(platformOrderId);
        pending.drift.add(platformOrderId);
        return;
      }
      const invoice = data as { platform_order_id?: unknown; order_id?: unknown };
      const platformOrderId =
        typeof invoice.platform_order_id === 'string'
          ? invoice.platform_order_id
          : typeof invoice.order_id === 'string'
            ? platformOrderOf.get(invoice.order_id)
            : null;
      if (typeof platformOrderId === 'string') pending.drift.add(platformOrderId);
    },
    flush() {
      pending.flush();
    },
    discard() {
      pending.clear();
    },
    snapshotFinished(types) {
      if (types.includes('order')) clearOrphanDrift.run();
    },
  };
}

export const orderQueueObserver: ReplicaObserverFactory = (sqlite, source, now) =>
  source === 'platform' ? platformSide(sqlite, now) : dmsSide(sqlite, now);

/**
 * Rebuilds everything the observer keeps, from the rows (set-based): for rows written other than through
 * the replica writer (test fixtures, a repaired file). The sync engine never needs it.
 */
export function rebuildOrderQueueFacts(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.exec(`
      DELETE FROM order_tallies;
      DELETE FROM order_region_tallies;
      DELETE FROM order_links_waiting;
      INSERT INTO order_tallies (status, channel, n) SELECT status, channel, count(*) FROM platform_orders GROUP BY status, channel;
      INSERT INTO order_region_tallies (region, status, channel, n)
        SELECT coalesce(a.region, ''), o.status, o.channel, count(*) FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id
        GROUP BY 1, 2, 3;
      UPDATE platform_orders SET dms_status = (
        SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
        ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1);
      UPDATE platform_orders SET delivered_late_at = (
        SELECT max(s.delivered_at) FROM dms_shipments s WHERE s.order_id = (
          SELECT d.id FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
          ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1
        ) AND s.eta < substr(s.delivered_at, 1, 10));
      UPDATE platform_orders SET dealer_status = (
        SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1);
    `);
  })();
}
