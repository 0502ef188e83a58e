// The order queues' replica observer (issue 10): as the sync engine writes rows, keep in the same
// transaction what the queues read instead of scanning a million orders:
// - tallies of platform orders per (status, channel), overall and per account (counts of broad filters);
// - platform_orders.dms_status and .dealer_status, the linked statuses the queues sort and filter by;
// - order_drift, the orders whose two sides disagree (the "Drift" view).
// Deletions are followed by triggers instead (migration 0010): a snapshot's clean-up deletes in bulk.
//
// Cost (bench/sync.ts, platform orders as a snapshot delivers them): one read per order before its upsert
// (its old status, channel and account, or whether a DMS order or a publication arrived before it), tally
// changes summed in memory and written once per page.
import type Database from 'better-sqlite3';
import type { ReplicaObserver, ReplicaObserverFactory } from '../../sync/observers';
import { recordOrderDrift } from './reconciliation';

interface Previous {
  /** Null when the order is new to the replica. */
  account_id: string | null;
  status: string | null;
  channel: string | null;
  dms_status: string | null;
  dms_order_id: string | null;
  /** For a new order: whether a DMS order or a publication for it is already in the replica. */
  linked: 0 | 1;
}

/** Sums tally changes over a page and writes them at its end (tens of rows instead of one per order). */
class TallyDeltas {
  private readonly overall = new Map<string, number>();
  private readonly perAccount = new Map<string, number>();
  private readonly putOverall: Database.Statement;
  private readonly putAccount: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.putOverall = sqlite.prepare(
      'INSERT INTO order_tallies (status, channel, n) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    this.putAccount = sqlite.prepare(
      'INSERT INTO order_account_tallies (account_id, status, channel, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
  }

  add(accountId: string, status: string, channel: string, delta: number): void {
    const overall = `${status}\u0000${channel}`;
    this.overall.set(overall, (this.overall.get(overall) ?? 0) + delta);
    const perAccount = `${accountId}\u0000${overall}`;
    this.perAccount.set(perAccount, (this.perAccount.get(perAccount) ?? 0) + delta);
  }

  flush(): void {
    for (const [key, n] of this.overall) if (n !== 0) this.putOverall.run(...key.split('\u0000'), n);
    for (const [key, n] of this.perAccount) if (n !== 0) this.putAccount.run(...key.split('\u0000'), n);
    this.overall.clear();
    this.perAccount.clear();
  }
}

/** The status of the DMS order the platform order names, else its latest; and of its latest publication. */
const latestDmsStatus = `(SELECT d.status FROM dms_orders d WHERE d.platform_order_id = @id
  ORDER BY d.id = (SELECT dms_order_id FROM platform_orders WHERE id = @id) DESC, d.created_at DESC LIMIT 1)`;
const latestDealerStatus = `(SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = @id
  ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1)`;

/** Writes a linked status only when it changed (a row rewrite moves its index entries). */
function linker(sqlite: Database.Database, column: 'dms_status' | 'dealer_status', value: string): Database.Statement {
  return sqlite.prepare(
    `UPDATE platform_orders SET ${column} = x.status FROM (SELECT ${value} AS status) x
     WHERE platform_orders.id = @id AND platform_orders.${column} IS NOT x.status`,
  );
}

/**
 * Orders whose linked statuses or drift must be looked at again, gathered over a page and handled once
 * each at its end: a publication's order usually has its two or three publications in the same page, and
 * a DMS order its invoices.
 */
class PendingOrders {
  readonly dmsStatus = new Set<string>();
  readonly dealerStatus = new Set<string>();
  readonly drift = new Set<string>();
  private readonly linkDms: Database.Statement;
  private readonly linkDealer: Database.Statement;
  private readonly known: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => Date,
  ) {
    this.linkDms = linker(sqlite, 'dms_status', latestDmsStatus);
    this.linkDealer = linker(sqlite, 'dealer_status', latestDealerStatus);
    this.known = sqlite.prepare('SELECT 1 FROM platform_orders WHERE id = ?').pluck();
  }

  flush(): void {
    for (const id of this.dmsStatus) this.linkDms.run({ id });
    for (const id of this.dealerStatus) this.linkDealer.run({ id });
    // An order whose platform side has not arrived yet is looked at when it does.
    const at = this.now();
    for (const id of this.drift) if (this.known.get(id)) recordOrderDrift(this.sqlite, id, at);
    this.dmsStatus.clear();
    this.dealerStatus.clear();
    this.drift.clear();
  }
}

function platformSide(sqlite: Database.Database, now: () => Date): ReplicaObserver {
  const tallies = new TallyDeltas(sqlite);
  const pending = new PendingOrders(sqlite, now);
  const previous = sqlite.prepare(
    `SELECT o.account_id, o.status, o.channel, o.dms_status, o.dms_order_id,
       CASE WHEN o.id IS NULL THEN EXISTS (SELECT 1 FROM dms_orders WHERE platform_order_id = q.id)
         OR EXISTS (SELECT 1 FROM platform_dealer_statuses WHERE order_id = q.id) ELSE 0 END AS linked
     FROM (SELECT ? AS id) q LEFT JOIN platform_orders o ON o.id = q.id`,
  );
  return {
    resourceTypes: ['order', 'dealer_status'],
    before(resourceType, id) {
      return resourceType === 'order' ? (previous.get(id) as Previous) : undefined;
    },
    after(resourceType, id, data, before) {
      if (resourceType === 'dealer_status') {
        const orderId = data ? (data as { order_id?: unknown }).order_id : null;
        if (typeof orderId === 'string') pending.dealerStatus.add(orderId);
        return;
      }
      // Deleted: the delete trigger keeps the tallies and the drift table.
      if (!data) return;
      const prev = before as Previous;
      const order = data as { account_id: string; status: string; channel: string; fulfillment?: { dms_order_id?: string } | null };
      const isNew = prev.status === null;
      if (isNew || prev.account_id !== order.account_id || prev.status !== order.status || prev.channel !== order.channel) {
        if (!isNew) tallies.add(prev.account_id as string, prev.status as string, prev.channel as string, -1);
        tallies.add(order.account_id, order.status, order.channel, +1);
      }
      if (isNew) {
        // Feeds arrive in any order: a DMS order or a publication may have come first.
        if (prev.linked) {
          pending.dmsStatus.add(id);
          pending.dealerStatus.add(id);
          pending.drift.add(id);
        }
        return;
      }
      // The upsert leaves dms_status alone, but the DMS order the platform names may have changed.
      const dmsOrderId = order.fulfillment?.dms_order_id ?? null;
      if (dmsOrderId !== prev.dms_order_id) pending.dmsStatus.add(id);
      if ((prev.dms_status !== null || dmsOrderId !== prev.dms_order_id) && prev.status !== order.status) pending.drift.add(id);
    },
    flush() {
      tallies.flush();
      pending.flush();
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
        pending.dmsStatus.add(platformOrderId);
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
      DELETE FROM order_account_tallies;
      INSERT INTO order_tallies (status, channel, n) SELECT status, channel, count(*) FROM platform_orders GROUP BY status, channel;
      INSERT INTO order_account_tallies (account_id, status, channel, n)
        SELECT account_id, status, channel, count(*) FROM platform_orders GROUP BY account_id, status, channel;
      UPDATE platform_orders SET dms_status = (
        SELECT d.status FROM dms_orders d WHERE d.platform_order_id = platform_orders.id
        ORDER BY d.id = platform_orders.dms_order_id DESC, d.created_at DESC LIMIT 1);
      UPDATE platform_orders SET dealer_status = (
        SELECT p.status FROM platform_dealer_statuses p WHERE p.order_id = platform_orders.id ORDER BY p.published_at DESC, p.rowid DESC LIMIT 1);
    `);
  })();
}
