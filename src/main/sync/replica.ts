// Applies validated vendor records to the replica tables with raw prepared statements: version-guarded
// upserts (an older or equal version never overwrites), child rows replaced with their parent, deletions
// with tombstones so a replayed older event cannot resurrect a deleted resource.
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import { hasDealerWaiting } from '../../shared/dealerWaiting';
import type { IncomingRecord, QuarantinedRecord } from '../connectors/source';
import type { SyncSource } from '../db/schema';
import { replicaObserverFactories, type ReplicaObserver, type ReplicaObserverFactory } from './observers';

type Row = Record<string, string | number | null>;
type Child = { table: string; rows: Row[] };

interface TableSpec {
  table: string;
  key: string;
  toRow(data: Record<string, unknown>): Row;
  /** Child tables replaced whenever the parent row is written; keyed by `parentColumn`. */
  children?: (data: Record<string, unknown>) => Child[];
  childTables?: { table: string; parentColumn: string }[];
}

const b = (v: unknown): number => (v ? 1 : 0);
const s = (v: unknown): string | null => (v === undefined || v === null ? null : String(v));

const platformTables: Record<string, TableSpec> = {
  account: {
    table: 'platform_accounts',
    key: 'id',
    toRow(d) {
      const a = d as unknown as Platform.Account;
      return {
        id: a.id,
        code: a.code,
        name: a.name,
        legal_name: s(a.legal_name),
        tax_id: s(a.tax_id),
        status: a.status,
        region: a.region,
        tier: a.tier,
        currency: a.currency,
        price_list_id: a.price_list_id,
        payment_terms_days: a.payment_terms_days,
        phone: s(a.phone),
        email: s(a.email),
        city: s(a.address?.city),
        state: s(a.address?.state),
        postal_code: s(a.address?.postal_code),
      };
    },
  },
  credit: {
    table: 'platform_credit',
    key: 'account_id',
    toRow(d) {
      const c = d as unknown as Platform.Credit;
      return {
        account_id: c.account_id,
        credit_limit: c.credit_limit,
        exposure: c.exposure,
        overdue: c.overdue,
        oldest_overdue_days: c.oldest_overdue_days,
        blocked: b(c.blocked),
        as_of: c.as_of,
        source_version: c.source_version,
      };
    },
  },
  product: {
    table: 'platform_products',
    key: 'sku',
    toRow(d) {
      const p = d as unknown as Platform.Product;
      return {
        sku: p.sku,
        name: p.name,
        category: p.category,
        brand: s(p.brand),
        uom: p.uom,
        pack_size: p.pack_size,
        min_order_qty: p.min_order_qty,
        order_multiple: p.order_multiple,
        tax_rate_bp: p.tax_rate_bp,
        barcode: s(p.barcode),
        active: b(p.active),
      };
    },
  },
  price_list: {
    table: 'platform_price_lists',
    key: 'id',
    toRow(d) {
      const l = d as unknown as Platform.PriceList;
      return { id: l.id, name: l.name, currency: l.currency, account_id: s(l.account_id) };
    },
  },
  price: {
    table: 'platform_prices',
    key: 'id',
    toRow(d) {
      const p = d as unknown as Platform.Price;
      return {
        id: p.id,
        price_list_id: p.price_list_id,
        sku: p.sku,
        min_qty: p.min_qty,
        unit_price: p.unit_price,
        valid_from: s(p.valid_from),
        valid_to: s(p.valid_to),
      };
    },
  },
  order: {
    table: 'platform_orders',
    key: 'id',
    toRow(d) {
      const o = d as unknown as Platform.Order;
      return {
        id: o.id,
        number: o.number,
        account_id: o.account_id,
        channel: o.channel,
        status: o.status,
        placed_at: o.placed_at,
        placed_by_type: o.placed_by.type,
        placed_by_id: o.placed_by.id,
        placed_by_name: o.placed_by.name,
        client_reference: s(o.client_reference),
        currency: o.currency,
        subtotal: o.subtotal,
        tax_total: o.tax_total,
        total: o.total,
        line_count: o.lines.length,
        requested_delivery_date: s(o.requested_delivery_date),
        has_notes: b(o.notes && o.notes.length > 0),
        dealer_waiting: b(hasDealerWaiting(o.notes)),
        has_price_override: b(o.lines.some((l) => l.price_override_reason)),
        credit_result: o.credit_check.result,
        credit_checked_at: o.credit_check.checked_at,
        credit_limit: o.credit_check.credit_limit,
        credit_exposure: o.credit_check.exposure,
        credit_available_after: o.credit_check.available_after,
        hold_reasons: o.credit_check.reasons.join(','),
        approval_count: o.approvals.length,
        decision_outcome: s(o.decision?.outcome),
        decided_at: s(o.decision?.at),
        decided_by_id: s(o.decision?.by?.id),
        dms_order_id: s(o.fulfillment?.dms_order_id),
        handed_over_at: s(o.fulfillment?.handed_over_at),
        cancelled_at: s(o.cancellation?.at),
      };
    },
    childTables: [
      { table: 'platform_order_lines', parentColumn: 'order_id' },
      { table: 'platform_order_approvals', parentColumn: 'order_id' },
    ],
    children(d) {
      const o = d as unknown as Platform.Order;
      return [
        {
          table: 'platform_order_lines',
          rows: o.lines.map((l) => ({
            order_id: o.id,
            line_no: l.line_no,
            sku: l.sku,
            qty: l.qty,
            unit_price: l.unit_price,
            list_price: l.list_price ?? null,
            price_override_reason: s(l.price_override_reason),
            tax_rate_bp: l.tax_rate_bp,
            line_total: l.line_total,
            tax: l.tax,
          })),
        },
        {
          table: 'platform_order_approvals',
          rows: o.approvals.map((a, i) => ({
            order_id: o.id,
            seq: i + 1,
            by_id: a.by.id,
            by_name: a.by.name,
            role: a.role,
            note: s(a.note),
            at: a.at,
          })),
        },
      ];
    },
  },
  dealer_status: {
    table: 'platform_dealer_statuses',
    key: 'id',
    toRow(d) {
      const p = d as unknown as Platform.DealerStatus;
      return {
        id: p.id,
        order_id: p.order_id,
        status: p.status,
        message: p.message,
        eta: s(p.eta),
        tracking_carrier: s(p.tracking?.carrier),
        tracking_number: s(p.tracking?.number),
        tracking_url: s(p.tracking?.url),
        published_by_id: p.published_by.id,
        published_by_name: p.published_by.name,
        published_at: p.published_at,
      };
    },
  },
};

const dmsTables: Record<string, TableSpec> = {
  account: {
    table: 'dms_accounts',
    key: 'dealer_code',
    toRow(d) {
      const a = d as unknown as Dms.Account;
      return {
        dealer_code: a.dealer_code,
        name: a.name,
        currency: a.currency,
        credit_limit: a.credit_limit,
        balance: a.balance,
        unbilled: a.unbilled,
        overdue: a.overdue,
        oldest_overdue_days: a.oldest_overdue_days,
        ageing_not_due: a.ageing.not_due,
        ageing_d1_30: a.ageing.d1_30,
        ageing_d31_60: a.ageing.d31_60,
        ageing_d61_90: a.ageing.d61_90,
        ageing_d90_plus: a.ageing.d90_plus,
        blocked: b(a.blocked),
        payment_terms_days: a.payment_terms_days,
      };
    },
  },
  warehouse: {
    table: 'dms_warehouses',
    key: 'id',
    toRow(d) {
      const w = d as unknown as Dms.Warehouse;
      return { id: w.id, code: w.code, name: w.name, region: w.region };
    },
  },
  stock: {
    table: 'dms_stock',
    key: 'id',
    toRow(d) {
      const st = d as unknown as Dms.Stock;
      return {
        id: st.id,
        sku: st.sku,
        warehouse_id: st.warehouse_id,
        on_hand: st.on_hand,
        allocated: st.allocated,
        available: st.available,
      };
    },
  },
  order: {
    table: 'dms_orders',
    key: 'id',
    toRow(d) {
      const o = d as unknown as Dms.Order;
      return {
        id: o.id,
        number: o.number,
        platform_order_id: o.platform_order_id,
        platform_order_number: s(o.platform_order_number),
        dealer_code: o.dealer_code,
        status: o.status,
        warehouse_id: s(o.warehouse_id),
        total: o.total,
        expected_dispatch_date: s(o.expected_dispatch_date),
        shipment_count: o.shipments.length,
        cancelled_at: s(o.cancellation?.at),
        created_at: o.created_at,
      };
    },
    childTables: [
      { table: 'dms_order_lines', parentColumn: 'order_id' },
      { table: 'dms_shipments', parentColumn: 'order_id' },
    ],
    children(d) {
      const o = d as unknown as Dms.Order;
      return [
        {
          table: 'dms_order_lines',
          rows: o.lines.map((l) => ({
            order_id: o.id,
            line_no: l.line_no,
            sku: l.sku,
            qty: l.qty,
            unit_price: l.unit_price,
            tax_rate_bp: l.tax_rate_bp,
            qty_allocated: l.qty_allocated,
            qty_dispatched: l.qty_dispatched,
            qty_delivered: l.qty_delivered,
            qty_returned: l.qty_returned,
          })),
        },
        {
          table: 'dms_shipments',
          rows: o.shipments.map((sh) => ({
            id: sh.id,
            order_id: o.id,
            number: sh.number,
            dispatched_at: sh.dispatched_at,
            carrier: s(sh.carrier),
            tracking_number: s(sh.tracking_number),
            vehicle_no: s(sh.vehicle_no),
            eta: s(sh.eta),
            delivered_at: s(sh.delivered_at),
            lines: JSON.stringify(sh.lines),
          })),
        },
      ];
    },
  },
  invoice: {
    table: 'dms_invoices',
    key: 'id',
    toRow(d) {
      const i = d as unknown as Dms.Invoice;
      return {
        id: i.id,
        number: i.number,
        dealer_code: i.dealer_code,
        order_id: s(i.order_id),
        platform_order_id: s(i.platform_order_id),
        shipment_id: s(i.shipment_id),
        issued_at: i.issued_at,
        due_date: i.due_date,
        amount: i.amount,
        outstanding: i.outstanding,
        status: i.status,
      };
    },
  },
  payment: {
    table: 'dms_payments',
    key: 'id',
    toRow(d) {
      const p = d as unknown as Dms.Payment;
      return {
        id: p.id,
        dealer_code: p.dealer_code,
        amount: p.amount,
        received_at: p.received_at,
        method: s(p.method),
        reference: s(p.reference),
      };
    },
  },
  return: {
    table: 'dms_returns',
    key: 'id',
    toRow(d) {
      const r = d as unknown as Dms.Return;
      return {
        id: r.id,
        number: r.number,
        dealer_code: r.dealer_code,
        order_id: r.order_id,
        platform_order_id: s(r.platform_order_id),
        credit_amount: r.credit_amount,
        qty_total: r.lines.reduce((sum, l) => sum + l.qty, 0),
        received_at: r.received_at,
      };
    },
  },
  credit_override: {
    table: 'dms_credit_overrides',
    key: 'id',
    toRow(d) {
      const c = d as unknown as Dms.CreditOverride;
      return {
        id: c.id,
        dealer_code: c.dealer_code,
        platform_order_id: c.platform_order_id,
        amount: c.amount,
        reason: c.reason,
        valid_until: s(c.valid_until),
        created_at: c.created_at,
      };
    },
  },
};

export const replicaTables: Record<SyncSource, Record<string, TableSpec>> = { platform: platformTables, dms: dmsTables };

/** Replica table names per source, for the push event and for tests that compare replicas with servers. */
export function replicaTableName(source: SyncSource, resourceType: string): string | undefined {
  return replicaTables[source][resourceType]?.table;
}

/**
 * Engine-owned bookkeeping the drizzle schema does not carry yet: tombstones for deleted resources and the
 * ids seen by a running snapshot (so a re-snapshot after 410 also removes what was deleted meanwhile).
 * Created idempotently at start; to be folded into a drizzle migration.
 */
export function ensureSyncTables(sqlite: Database.Database): void {
  sqlite.exec(`
    CREATE TABLE IF NOT EXISTS sync_tombstones (
      source TEXT NOT NULL, resource_type TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
      PRIMARY KEY (source, resource_type, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS sync_snapshot_seen (
      source TEXT NOT NULL, resource_type TEXT NOT NULL, id TEXT NOT NULL,
      PRIMARY KEY (source, resource_type, id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS dealer_status_reviews (
      id INTEGER PRIMARY KEY AUTOINCREMENT, dms_order_id TEXT NOT NULL, platform_order_id TEXT NOT NULL, status TEXT NOT NULL,
      proposed TEXT NOT NULL, dms_version INTEGER NOT NULL, state TEXT NOT NULL DEFAULT 'open', decided_by TEXT, decided_at TEXT,
      outbox_id INTEGER, created_at TEXT NOT NULL, rule TEXT, sent TEXT, skip_reason TEXT, UNIQUE (dms_order_id, status)
    );
    CREATE INDEX IF NOT EXISTS dealer_status_reviews_open ON dealer_status_reviews (state, created_at);
    CREATE TABLE IF NOT EXISTS handover_confirmations (
      order_id TEXT PRIMARY KEY, reason TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL, decided_by TEXT, decided_at TEXT
    );
    CREATE INDEX IF NOT EXISTS handover_confirmations_state ON handover_confirmations (state, created_at);
    CREATE TABLE IF NOT EXISTS sync_feed_state (
      source TEXT PRIMARY KEY, lag_events INTEGER, caught_up_at TEXT, events_applied INTEGER NOT NULL DEFAULT 0,
      state TEXT, message TEXT, updated_at TEXT NOT NULL
    );
  `);
}

interface Prepared {
  spec: TableSpec;
  upsert: Database.Statement;
  columns: string[];
  deleteChildren: Database.Statement[];
  insertChild: Map<string, { stmt: Database.Statement; columns: string[] }>;
  deleteRow: Database.Statement;
  version: Database.Statement;
}

export interface ApplyStats {
  applied: number;
  skipped: number;
  deleted: number;
  tables: Set<string>;
}

export class ReplicaWriter {
  private readonly prepared = new Map<string, Prepared>();
  private readonly tombstoneGet: Database.Statement;
  private readonly tombstonePut: Database.Statement;
  private readonly tombstoneClear: Database.Statement;
  private readonly seenPut: Database.Statement;
  private readonly quarantinePut: Database.Statement;
  /** Observers by the resource type they watch (src/main/sync/observers.ts). */
  private readonly observers = new Map<string, ReplicaObserver[]>();
  private readonly allObservers: ReplicaObserver[];

  constructor(
    readonly sqlite: Database.Database,
    readonly source: SyncSource,
    private readonly now: () => Date = () => new Date(),
    observerFactories: readonly ReplicaObserverFactory[] = replicaObserverFactories,
  ) {
    ensureSyncTables(sqlite);
    this.tombstoneGet = sqlite.prepare('SELECT version FROM sync_tombstones WHERE source = ? AND resource_type = ? AND id = ?').pluck();
    this.tombstonePut = sqlite.prepare(
      'INSERT INTO sync_tombstones (source, resource_type, id, version) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET version = max(version, excluded.version)',
    );
    this.tombstoneClear = sqlite.prepare('DELETE FROM sync_tombstones WHERE source = ? AND resource_type = ? AND id = ? AND version < ?');
    this.seenPut = sqlite.prepare('INSERT OR IGNORE INTO sync_snapshot_seen (source, resource_type, id) VALUES (?, ?, ?)');
    this.quarantinePut = sqlite.prepare('INSERT INTO quarantine (source, kind, raw, error, received_at) VALUES (?, ?, ?, ?, ?)');
    this.allObservers = observerFactories.map((factory) => factory(sqlite, source, now)).filter((o): o is ReplicaObserver => o !== null);
    for (const o of this.allObservers) {
      for (const type of o.resourceTypes) this.observers.set(type, [...(this.observers.get(type) ?? []), o]);
    }
  }

  private prep(resourceType: string, sample: Record<string, unknown>): Prepared {
    let p = this.prepared.get(resourceType);
    if (p) return p;
    const spec = replicaTables[this.source][resourceType];
    if (!spec) throw new Error(`no replica table for ${this.source} ${resourceType}`);
    const columns = [...Object.keys(spec.toRow(sample)), 'version', 'updated_at', 'raw'];
    const set = columns.filter((c) => c !== spec.key).map((c) => `"${c}" = excluded."${c}"`);
    const upsert = this.sqlite.prepare(
      `INSERT INTO ${spec.table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
       ON CONFLICT("${spec.key}") DO UPDATE SET ${set.join(', ')} WHERE excluded.version > ${spec.table}.version`,
    );
    const deleteChildren = (spec.childTables ?? []).map((c) => this.sqlite.prepare(`DELETE FROM ${c.table} WHERE ${c.parentColumn} = ?`));
    p = {
      spec,
      upsert,
      columns,
      deleteChildren,
      insertChild: new Map(),
      deleteRow: this.sqlite.prepare(`DELETE FROM ${spec.table} WHERE "${spec.key}" = ? AND version < ?`),
      version: this.sqlite.prepare(`SELECT version FROM ${spec.table} WHERE "${spec.key}" = ?`).pluck(),
    };
    this.prepared.set(resourceType, p);
    return p;
  }

  private childInsert(p: Prepared, table: string, sample: Row) {
    let c = p.insertChild.get(table);
    if (!c) {
      const columns = Object.keys(sample);
      c = {
        stmt: this.sqlite.prepare(
          `INSERT INTO ${table} (${columns.map((x) => `"${x}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        ),
        columns,
      };
      p.insertChild.set(table, c);
    }
    return c;
  }

  /** Applies records; must run inside the caller's transaction (with the cursor write). */
  apply(records: IncomingRecord[], opts: { snapshot?: boolean } = {}): ApplyStats {
    return this.observed(() => this.applyRecords(records, opts));
  }

  /**
   * Runs `work` (which ends in the observers' flush); when it throws, the caller's transaction rolls back, so
   * whatever the observers gathered from its rows is dropped with it instead of being written with the next page.
   */
  private observed<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      for (const o of this.allObservers) o.discard?.();
      throw error;
    }
  }

  private applyRecords(records: IncomingRecord[], opts: { snapshot?: boolean }): ApplyStats {
    const stats: ApplyStats = { applied: 0, skipped: 0, deleted: 0, tables: new Set() };
    const snapshot = opts.snapshot === true;
    for (const r of records) {
      const p = this.prep(r.resourceType, r.data);
      if (snapshot) this.seenPut.run(this.source, r.resourceType, r.id);
      const tomb = this.tombstoneGet.get(this.source, r.resourceType, r.id) as number | undefined;
      const observers = this.observers.get(r.resourceType);
      if (r.deleted) {
        // A deletion is a version too: anything at or below it is gone for good.
        this.tombstonePut.run(this.source, r.resourceType, r.id, r.version);
        const previous = observers?.map((o) => o.before?.(r.resourceType, r.id));
        const res = p.deleteRow.run(r.id, r.version);
        if (res.changes > 0) {
          stats.deleted++;
          stats.tables.add(p.spec.table);
          observers?.forEach((o, i) => o.after(r.resourceType, r.id, null, previous?.[i], snapshot));
        } else stats.skipped++;
        continue;
      }
      if (tomb !== undefined && tomb >= r.version) {
        stats.skipped++;
        continue;
      }
      if (tomb !== undefined) this.tombstoneClear.run(this.source, r.resourceType, r.id, r.version);
      const row = p.spec.toRow(r.data);
      const values = p.columns.map((c) =>
        c === 'version' ? r.version : c === 'updated_at' ? s(r.data.updated_at) : c === 'raw' ? JSON.stringify(r.data) : (row[c] ?? null),
      );
      const previous = observers?.map((o) => o.before?.(r.resourceType, r.id));
      const res = p.upsert.run(values);
      if (res.changes === 0) {
        stats.skipped++;
        continue;
      }
      stats.applied++;
      stats.tables.add(p.spec.table);
      if (p.spec.children) {
        for (const del of p.deleteChildren) del.run(r.id);
        for (const child of p.spec.children(r.data)) {
          const first = child.rows[0];
          if (!first) continue;
          const ins = this.childInsert(p, child.table, first);
          for (const cr of child.rows) ins.stmt.run(ins.columns.map((c) => cr[c] ?? null));
          stats.tables.add(child.table);
        }
      }
      observers?.forEach((o, i) => o.after(r.resourceType, r.id, r.data, previous?.[i], snapshot));
    }
    for (const o of this.allObservers) o.flush?.();
    return stats;
  }

  quarantine(items: QuarantinedRecord[]): number {
    const at = this.now().toISOString();
    for (const q of items) this.quarantinePut.run(this.source, q.kind, JSON.stringify(q.raw ?? null), q.error, at);
    return items.length;
  }

  /** Held version of a resource, or undefined. */
  versionOf(resourceType: string, id: string): number | undefined {
    const spec = replicaTables[this.source][resourceType];
    if (!spec) return undefined;
    return this.sqlite.prepare(`SELECT version FROM ${spec.table} WHERE "${spec.key}" = ?`).pluck().get(id) as number | undefined;
  }

  /**
   * A snapshot item that failed validation still exists on the server: mark it seen, so the end of the
   * snapshot keeps the last good copy instead of deleting the row (the bad copy is in quarantine).
   */
  markSeen(resourceType: string, id: string): void {
    this.seenPut.run(this.source, resourceType, id);
  }

  beginSnapshot(): void {
    this.sqlite.prepare('DELETE FROM sync_snapshot_seen WHERE source = ?').run(this.source);
  }

  /**
   * After every collection of a snapshot has been paged: rows the snapshot did not contain were deleted on
   * the server while this desk was away (or before a 410), so they go. Returns the tables touched.
   */
  finishSnapshot(collectionsTypes: string[]): Set<string> {
    return this.observed(() => this.removeUnseen(collectionsTypes));
  }

  private removeUnseen(collectionsTypes: string[]): Set<string> {
    const touched = new Set<string>();
    for (const type of collectionsTypes) {
      const spec = replicaTables[this.source][type];
      if (!spec) continue;
      const unseen = `NOT EXISTS (SELECT 1 FROM sync_snapshot_seen s WHERE s.source = ? AND s.resource_type = ? AND s.id = ${spec.table}."${spec.key}")`;
      const observers = this.observers.get(type);
      if (observers) {
        // Observers hear about every row that goes, as about every row written, so their tallies stay true.
        const ids = this.sqlite
          .prepare(`SELECT "${spec.key}" FROM ${spec.table} WHERE ${unseen}`)
          .pluck()
          .all(this.source, type) as string[];
        const remove = this.sqlite.prepare(`DELETE FROM ${spec.table} WHERE "${spec.key}" = ?`);
        for (const id of ids) {
          const previous = observers.map((o) => o.before?.(type, id));
          remove.run(id);
          observers.forEach((o, i) => o.after(type, id, null, previous[i], true));
        }
        if (ids.length > 0) touched.add(spec.table);
        continue;
      }
      const res = this.sqlite.prepare(`DELETE FROM ${spec.table} WHERE ${unseen}`).run(this.source, type);
      if (res.changes > 0) touched.add(spec.table);
    }
    this.sqlite.prepare('DELETE FROM sync_snapshot_seen WHERE source = ?').run(this.source);
    // What the removals gathered is written in this transaction, before the observers finish the snapshot.
    for (const o of this.allObservers) o.flush?.();
    for (const o of this.allObservers) o.snapshotFinished?.(collectionsTypes);
    return touched;
  }
}
