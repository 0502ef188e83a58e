// The SQLite schema of Dealer Desk: replica tables for both vendors' contracts plus the desk's own tables.
//
// Replica convention (the sync engine depends on it):
// - one row per vendor resource, keyed by the vendor's id;
// - typed columns only for what screens query, sort, filter or join on (money as INTEGER minor units,
//   timestamps as RFC 3339 TEXT, booleans as INTEGER 0/1);
// - `version INTEGER NOT NULL` (upserts are version-guarded: `... ON CONFLICT DO UPDATE ... WHERE
//   excluded.version > <table>.version`), `updated_at TEXT`, and `raw TEXT NOT NULL` holding the full JSON
//   resource exactly as received, so nothing the contract carries is ever lost;
// - child tables (order lines, approvals, shipments) have no version of their own: they belong to the
//   parent's version and are replaced with it (FK ... ON DELETE CASCADE).
// Replica tables deliberately carry no foreign keys between resources: feeds deliver resources in any
// order (an order can arrive before its account), and the replica must accept them as they come.
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core';

const replicaColumns = () => ({
  version: integer('version').notNull(),
  updatedAt: text('updated_at'),
  raw: text('raw').notNull(),
});

// ---------------------------------------------------------------------------------------------------------
// Dealer platform replica
// ---------------------------------------------------------------------------------------------------------

export const platformAccounts = sqliteTable(
  'platform_accounts',
  {
    id: text('id').primaryKey(),
    /** Dealer code: the join key with the DMS (`dms_accounts.dealer_code`). */
    code: text('code').notNull(),
    name: text('name').notNull(),
    legalName: text('legal_name'),
    taxId: text('tax_id'),
    status: text('status', { enum: ['active', 'suspended'] }).notNull(),
    region: text('region').notNull(),
    tier: text('tier').notNull(),
    currency: text('currency').notNull(),
    priceListId: text('price_list_id').notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    phone: text('phone'),
    email: text('email'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    ...replicaColumns(),
  },
  (t) => [
    index('platform_accounts_code').on(t.code),
    index('platform_accounts_name').on(sql`lower(${t.name})`),
    index('platform_accounts_phone').on(t.phone),
    index('platform_accounts_region_name').on(t.region, t.name),
    // Order queues (issue 10): a region's accounts, and each row's dealer, without reading the account rows
    // (their raw JSON spills over several pages each).
    index('platform_accounts_region_id').on(t.region, t.id),
    index('platform_accounts_list').on(t.id, t.code, t.name, t.region),
  ],
);

/** The credit position the platform checks orders against (what the desk pushed from the DMS). */
export const platformCredit = sqliteTable('platform_credit', {
  accountId: text('account_id').primaryKey(),
  creditLimit: integer('credit_limit').notNull(),
  exposure: integer('exposure').notNull(),
  overdue: integer('overdue').notNull(),
  oldestOverdueDays: integer('oldest_overdue_days').notNull(),
  blocked: integer('blocked', { mode: 'boolean' }).notNull(),
  asOf: text('as_of').notNull(),
  sourceVersion: integer('source_version').notNull(),
  ...replicaColumns(),
});

export const platformProducts = sqliteTable(
  'platform_products',
  {
    sku: text('sku').primaryKey(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    brand: text('brand'),
    uom: text('uom').notNull(),
    packSize: integer('pack_size').notNull(),
    minOrderQty: integer('min_order_qty').notNull(),
    orderMultiple: integer('order_multiple').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    barcode: text('barcode'),
    active: integer('active', { mode: 'boolean' }).notNull(),
    ...replicaColumns(),
  },
  (t) => [
    index('platform_products_name').on(sql`lower(${t.name})`),
    index('platform_products_category').on(t.category, t.sku),
    index('platform_products_barcode').on(t.barcode),
  ],
);

export const platformPriceLists = sqliteTable(
  'platform_price_lists',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    /** Set when the list is one account's contract prices. */
    accountId: text('account_id'),
    ...replicaColumns(),
  },
  (t) => [index('platform_price_lists_account').on(t.accountId)],
);

export const platformPrices = sqliteTable(
  'platform_prices',
  {
    /** `<price_list_id>:<sku>:<min_qty>` */
    id: text('id').primaryKey(),
    priceListId: text('price_list_id').notNull(),
    sku: text('sku').notNull(),
    minQty: integer('min_qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    ...replicaColumns(),
  },
  // Price resolution reads (list, sku) and picks the largest min_qty <= Q valid on a day. Covering (price and
  // validity in the index): the phone desk's 50-line preview reads every price row of 50 SKUs from it alone.
  (t) => [index('platform_prices_resolve').on(t.priceListId, t.sku, t.minQty, t.unitPrice, t.validFrom, t.validTo)],
);

export const platformOrders = sqliteTable(
  'platform_orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    accountId: text('account_id').notNull(),
    channel: text('channel', { enum: ['portal', 'phone', 'email', 'whatsapp', 'edi'] }).notNull(),
    status: text('status', {
      enum: ['received', 'credit_hold', 'approved', 'rejected', 'cancelled', 'in_fulfillment', 'closed'],
    }).notNull(),
    placedAt: text('placed_at').notNull(),
    placedByType: text('placed_by_type', { enum: ['dealer', 'staff'] }).notNull(),
    placedById: text('placed_by_id').notNull(),
    placedByName: text('placed_by_name').notNull(),
    clientReference: text('client_reference'),
    currency: text('currency').notNull(),
    subtotal: integer('subtotal').notNull(),
    taxTotal: integer('tax_total').notNull(),
    total: integer('total').notNull(),
    lineCount: integer('line_count').notNull(),
    requestedDeliveryDate: text('requested_delivery_date'),
    hasNotes: integer('has_notes', { mode: 'boolean' }).notNull(),
    /** The notes start with DEALER_WAITING_MARKER (src/shared/dealerWaiting.ts): the hold queue puts it first. */
    dealerWaiting: integer('dealer_waiting', { mode: 'boolean' }).notNull().default(false),
    hasPriceOverride: integer('has_price_override', { mode: 'boolean' }).notNull(),
    creditResult: text('credit_result', { enum: ['passed', 'held'] }).notNull(),
    creditCheckedAt: text('credit_checked_at').notNull(),
    creditLimit: integer('credit_limit').notNull(),
    creditExposure: integer('credit_exposure').notNull(),
    creditAvailableAfter: integer('credit_available_after').notNull(),
    /** Hold reasons, comma-separated in contract order (e.g. `over_limit,overdue`); '' when none. */
    holdReasons: text('hold_reasons').notNull(),
    approvalCount: integer('approval_count').notNull(),
    decisionOutcome: text('decision_outcome', { enum: ['approved', 'rejected'] }),
    decidedAt: text('decided_at'),
    decidedById: text('decided_by_id'),
    dmsOrderId: text('dms_order_id'),
    handedOverAt: text('handed_over_at'),
    cancelledAt: text('cancelled_at'),
    ...replicaColumns(),
    // Order queues (issue 10): facts of other resources, kept here by the order queues' replica observer
    // (deletions by the triggers of migration 0015_queues_triggers) so the queues sort and filter by them from an index. Not
    // part of the platform's resource (not in `raw`), and the replica writer's upsert never sets them.
    /** Status of the order's DMS order (the one `dms_order_id` names, else the latest); null before the hand-over. */
    dmsStatus: text('dms_status'),
    /** Status of the latest dealer-visible publication; null when nothing has been published. */
    dealerStatus: text('dealer_status'),
    /** When the last shipment delivered after the ETA the dealer was given arrived; null when none was late. */
    deliveredLateAt: text('delivered_late_at'),
    /** When the order entered its current status, read from the order itself (for SLA ageing). */
    statusSince: text('status_since').generatedAlwaysAs(
      sql`CASE "status" WHEN 'approved' THEN coalesce("decided_at", "placed_at") WHEN 'rejected' THEN coalesce("decided_at", "placed_at") WHEN 'in_fulfillment' THEN coalesce("handed_over_at", "placed_at") WHEN 'cancelled' THEN coalesce("cancelled_at", "placed_at") WHEN 'closed' THEN coalesce("updated_at", "placed_at") ELSE "placed_at" END`,
      { mode: 'virtual' },
    ),
  },
  (t) => [
    // Order queue (filter by status, newest first) and the credit-hold queue (status = credit_hold by age).
    index('platform_orders_status_placed').on(t.status, t.placedAt),
    // (placed_at, status, channel, account): the Orders screen walks it newest first and answers every
    // filter from the index itself, with no table look-up per skipped row.
    index('platform_orders_placed').on(t.placedAt, t.status, t.channel, t.accountId),
    index('platform_orders_channel_placed').on(t.channel, t.placedAt),
    index('platform_orders_number').on(t.number),
    // Dealer history, reorder from history, per-dealer dashboards, platform orders not yet handed over.
    index('platform_orders_account_placed').on(t.accountId, t.placedAt),
    // (account, status, channel) also counts the Orders screen's rows under a region or dealer filter
    // from the index alone.
    index('platform_orders_account_status').on(t.accountId, t.status, t.channel),
    index('platform_orders_client_reference').on(t.accountId, t.clientReference),
    index('platform_orders_dms_order').on(t.dmsOrderId),
    // Orders screen (src/main/features/orders/list.ts): row counts by status and channel from an index; sort by total.
    index('platform_orders_status_channel').on(t.status, t.channel, t.accountId),
    index('platform_orders_total').on(t.total),
    // Order queues (issue 10): sorts by DMS status and by what the dealer sees, walked newest first within
    // each status with every filter column in the index (as platform_orders_placed); SLA ageing per status;
    // "my phone orders" (orders staff placed, by person and channel, newest first; dealers' own orders are not
    // indexed here).
    index('platform_orders_dms_status').on(t.dmsStatus, t.placedAt, t.status, t.channel, t.accountId),
    index('platform_orders_dealer_status').on(t.dealerStatus, t.placedAt, t.status, t.channel, t.accountId),
    index('platform_orders_status_since').on(t.status, t.statusSince),
    index('platform_orders_staff_placed')
      .on(t.placedById, t.channel, t.placedAt, t.status, t.accountId)
      .where(sql`"placed_by_type" = 'staff'`),
    // "Delivered late": only late orders are indexed, with the filter columns: counted by delivery date,
    // walked newest placed first.
    index('platform_orders_delivered_late')
      .on(t.deliveredLateAt, t.status, t.channel, t.accountId)
      .where(sql`"delivered_late_at" IS NOT NULL`),
    index('platform_orders_late_placed')
      .on(t.placedAt, t.deliveredLateAt, t.status, t.channel, t.accountId)
      .where(sql`"delivered_late_at" IS NOT NULL`),
    // A dealer's credit holds (dashboards, issue 11): only held orders, about one in twenty, are in it.
    index('platform_orders_account_holds')
      .on(t.accountId, t.creditCheckedAt)
      .where(sql`credit_result = 'held'`),
  ],
);

export const platformOrderLines = sqliteTable(
  'platform_order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => platformOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    listPrice: integer('list_price'),
    priceOverrideReason: text('price_override_reason'),
    taxRateBp: integer('tax_rate_bp').notNull(),
    lineTotal: integer('line_total').notNull(),
    tax: integer('tax').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

export const platformOrderApprovals = sqliteTable(
  'platform_order_approvals',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => platformOrders.id, { onDelete: 'cascade' }),
    /** Position in the order's approvals array, from 1. */
    seq: integer('seq').notNull(),
    byId: text('by_id').notNull(),
    byName: text('by_name').notNull(),
    role: text('role').notNull(),
    note: text('note'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.seq] })],
);

/** Dealer-visible status publications: each is its own resource; together they are an order's timeline. */
export const platformDealerStatuses = sqliteTable(
  'platform_dealer_statuses',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    status: text('status').notNull(),
    message: text('message').notNull(),
    eta: text('eta'),
    trackingCarrier: text('tracking_carrier'),
    trackingNumber: text('tracking_number'),
    trackingUrl: text('tracking_url'),
    publishedById: text('published_by_id').notNull(),
    publishedByName: text('published_by_name').notNull(),
    publishedAt: text('published_at').notNull(),
    ...replicaColumns(),
  },
  (t) => [
    index('platform_dealer_statuses_order').on(t.orderId, t.publishedAt),
    // Order queues (issue 10): an order's latest publication with its tracking, from the index alone.
    index('platform_dealer_statuses_latest').on(t.orderId, t.publishedAt, t.trackingCarrier, t.trackingNumber, t.trackingUrl),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// DMS replica
// ---------------------------------------------------------------------------------------------------------

export const dmsAccounts = sqliteTable(
  'dms_accounts',
  {
    dealerCode: text('dealer_code').primaryKey(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    creditLimit: integer('credit_limit').notNull(),
    balance: integer('balance').notNull(),
    unbilled: integer('unbilled').notNull(),
    overdue: integer('overdue').notNull(),
    oldestOverdueDays: integer('oldest_overdue_days').notNull(),
    ageingNotDue: integer('ageing_not_due').notNull(),
    ageingD1To30: integer('ageing_d1_30').notNull(),
    ageingD31To60: integer('ageing_d31_60').notNull(),
    ageingD61To90: integer('ageing_d61_90').notNull(),
    ageingD90Plus: integer('ageing_d90_plus').notNull(),
    blocked: integer('blocked', { mode: 'boolean' }).notNull(),
    paymentTermsDays: integer('payment_terms_days').notNull(),
    ...replicaColumns(),
  },
  (t) => [index('dms_accounts_overdue').on(t.oldestOverdueDays)],
);

export const dmsWarehouses = sqliteTable('dms_warehouses', {
  id: text('id').primaryKey(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  region: text('region').notNull(),
  ...replicaColumns(),
});

export const dmsStock = sqliteTable(
  'dms_stock',
  {
    /** `<warehouse_id>:<sku>` */
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    warehouseId: text('warehouse_id').notNull(),
    onHand: integer('on_hand').notNull(),
    allocated: integer('allocated').notNull(),
    available: integer('available').notNull(),
    ...replicaColumns(),
  },
  // Covering for stock per warehouse (the phone desk shows every warehouse of every line).
  (t) => [index('dms_stock_sku').on(t.sku, t.warehouseId, t.available)],
);

export const dmsOrders = sqliteTable(
  'dms_orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    platformOrderId: text('platform_order_id').notNull(),
    platformOrderNumber: text('platform_order_number'),
    dealerCode: text('dealer_code').notNull(),
    status: text('status', {
      enum: [
        'open',
        'allocated',
        'partially_allocated',
        'backordered',
        'picking',
        'dispatched',
        'partially_dispatched',
        'delivered',
        'partially_delivered',
        'cancelled',
        'closed',
      ],
    }).notNull(),
    warehouseId: text('warehouse_id'),
    total: integer('total').notNull(),
    expectedDispatchDate: text('expected_dispatch_date'),
    shipmentCount: integer('shipment_count').notNull(),
    cancelledAt: text('cancelled_at'),
    createdAt: text('created_at').notNull(),
    ...replicaColumns(),
  },
  (t) => [
    index('dms_orders_platform_order').on(t.platformOrderId),
    index('dms_orders_number').on(t.number),
    index('dms_orders_dealer_created').on(t.dealerCode, t.createdAt),
    index('dms_orders_status_created').on(t.status, t.createdAt),
    // Order queues (issue 10): a platform order's DMS order number, from the index alone.
    index('dms_orders_queue').on(t.platformOrderId, t.createdAt, t.id, t.number),
    // ...and from a DMS order to its platform order ("dispatched today"), without reading the DMS order.
    index('dms_orders_platform').on(t.id, t.platformOrderId),
    // Delay detection: orders not dispatched yet, by the date the DMS expects to dispatch them.
    index('dms_orders_undispatched_due')
      .on(t.expectedDispatchDate)
      .where(sql`${t.status} IN ('open', 'allocated', 'partially_allocated', 'backordered', 'picking')`),
  ],
);

export const dmsOrderLines = sqliteTable(
  'dms_order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => dmsOrders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    qty: integer('qty').notNull(),
    unitPrice: integer('unit_price').notNull(),
    taxRateBp: integer('tax_rate_bp').notNull(),
    qtyAllocated: integer('qty_allocated').notNull(),
    qtyDispatched: integer('qty_dispatched').notNull(),
    qtyDelivered: integer('qty_delivered').notNull(),
    qtyReturned: integer('qty_returned').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
);

export const dmsShipments = sqliteTable(
  'dms_shipments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => dmsOrders.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    dispatchedAt: text('dispatched_at').notNull(),
    carrier: text('carrier'),
    trackingNumber: text('tracking_number'),
    vehicleNo: text('vehicle_no'),
    eta: text('eta'),
    deliveredAt: text('delivered_at'),
    /** `[{line_no, qty}]` as in the contract. */
    lines: text('lines').notNull(),
  },
  (t) => [
    index('dms_shipments_order').on(t.orderId),
    // Order queues (issue 10): "dispatched today".
    index('dms_shipments_dispatched').on(t.dispatchedAt, t.orderId),
    // Delay detection: shipments still on the road, by ETA.
    index('dms_shipments_in_transit')
      .on(t.eta)
      .where(sql`${t.deliveredAt} IS NULL`),
  ],
);

export const dmsInvoices = sqliteTable(
  'dms_invoices',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    dealerCode: text('dealer_code').notNull(),
    orderId: text('order_id'),
    platformOrderId: text('platform_order_id'),
    shipmentId: text('shipment_id'),
    issuedAt: text('issued_at').notNull(),
    dueDate: text('due_date').notNull(),
    amount: integer('amount').notNull(),
    outstanding: integer('outstanding').notNull(),
    status: text('status', { enum: ['open', 'partially_paid', 'paid', 'void'] }).notNull(),
    ...replicaColumns(),
  },
  (t) => [
    index('dms_invoices_dealer_due').on(t.dealerCode, t.dueDate),
    index('dms_invoices_dealer_issued').on(t.dealerCode, t.issuedAt),
    index('dms_invoices_platform_order').on(t.platformOrderId),
    index('dms_invoices_order').on(t.orderId),
    // A dealer's open invoices, covering (dashboards, issue 11: oldest overdue): only unpaid invoices are in it.
    index('dms_invoices_dealer_open')
      .on(t.dealerCode, t.dueDate, t.outstanding, t.status)
      .where(sql`outstanding > 0`),
  ],
);

export const dmsPayments = sqliteTable(
  'dms_payments',
  {
    id: text('id').primaryKey(),
    dealerCode: text('dealer_code').notNull(),
    amount: integer('amount').notNull(),
    receivedAt: text('received_at').notNull(),
    method: text('method'),
    reference: text('reference'),
    ...replicaColumns(),
  },
  (t) => [index('dms_payments_dealer_received').on(t.dealerCode, t.receivedAt)],
);

export const dmsReturns = sqliteTable(
  'dms_returns',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    dealerCode: text('dealer_code').notNull(),
    orderId: text('order_id').notNull(),
    platformOrderId: text('platform_order_id'),
    creditAmount: integer('credit_amount').notNull(),
    qtyTotal: integer('qty_total').notNull(),
    receivedAt: text('received_at').notNull(),
    ...replicaColumns(),
  },
  (t) => [index('dms_returns_dealer_received').on(t.dealerCode, t.receivedAt), index('dms_returns_order').on(t.orderId)],
);

export const dmsCreditOverrides = sqliteTable(
  'dms_credit_overrides',
  {
    id: text('id').primaryKey(),
    dealerCode: text('dealer_code').notNull(),
    platformOrderId: text('platform_order_id').notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull(),
    validUntil: text('valid_until'),
    createdAt: text('created_at').notNull(),
    ...replicaColumns(),
  },
  (t) => [
    index('dms_credit_overrides_platform_order').on(t.platformOrderId),
    index('dms_credit_overrides_dealer').on(t.dealerCode, t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Local tables: sync state, outbox, quarantine
// ---------------------------------------------------------------------------------------------------------

export const syncSources = ['platform', 'dms'] as const;
export type SyncSource = (typeof syncSources)[number];

export const syncCursors = sqliteTable('sync_cursors', {
  source: text('source', { enum: syncSources }).primaryKey(),
  /** Opaque feed cursor; null until a snapshot has completed. */
  feedCursor: text('feed_cursor'),
  /** JSON: snapshot progress per collection (page token, events_cursor), null when no snapshot runs. */
  snapshotState: text('snapshot_state'),
  snapshotCompletedAt: text('snapshot_completed_at'),
  lastSuccessAt: text('last_success_at'),
  lastError: text('last_error'),
  lastErrorAt: text('last_error_at'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Deleted resources (`product.deleted`, `price.deleted`) with the version they were deleted at, so a
 * replayed older upsert cannot bring them back. Created WITHOUT ROWID by migration 0003.
 */
export const syncTombstones = sqliteTable(
  'sync_tombstones',
  {
    source: text('source').notNull(),
    resourceType: text('resource_type').notNull(),
    id: text('id').notNull(),
    version: integer('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.resourceType, t.id] })],
);

/** Ids seen by the running snapshot, so a re-snapshot also removes what was deleted meanwhile. */
export const syncSnapshotSeen = sqliteTable(
  'sync_snapshot_seen',
  {
    source: text('source').notNull(),
    resourceType: text('resource_type').notNull(),
    id: text('id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.source, t.resourceType, t.id] })],
);

/** Per-source feed progress for the status screen (lag, caught-up time, engine state). */
export const syncFeedState = sqliteTable('sync_feed_state', {
  source: text('source').primaryKey(),
  lagEvents: integer('lag_events'),
  caughtUpAt: text('caught_up_at'),
  eventsApplied: integer('events_applied').notNull().default(0),
  state: text('state'),
  message: text('message'),
  updatedAt: text('updated_at').notNull(),
});

/**
 * The publish queue: dealer-visible status updates waiting for staff review (policy 'review') before they
 * are published, and what became of them (published, with what was sent; or skipped, with the reason).
 */
export const dealerStatusReviews = sqliteTable(
  'dealer_status_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    dmsOrderId: text('dms_order_id').notNull(),
    platformOrderId: text('platform_order_id').notNull(),
    /**
     * What the item is about, one item per DMS order and topic: the dealer status it publishes for a
     * status row of the policy, or the derived situation (`late`, `delayed_in_transit`, ...). It is also
     * the last part of the publication's idempotency key, so every desk sends the same item under one key.
     */
    status: text('status').notNull(),
    /** The policy row that raised it (a DMS status or a derived situation); null on items from before issue 9. */
    rule: text('rule'),
    /** JSON: the DealerStatusInput the policy proposes. */
    proposed: text('proposed').notNull(),
    dmsVersion: integer('dms_version').notNull(),
    /** open | published | skipped */
    state: text('state').notNull().default('open'),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
    outboxId: integer('outbox_id'),
    /** JSON: the DealerStatusInput as staff published it (edited message, ETA). */
    sent: text('sent'),
    skipReason: text('skip_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [unique().on(t.dmsOrderId, t.status), index('dealer_status_reviews_open').on(t.state, t.createdAt)],
);

/**
 * DMS orders whose dealer-visible status must be derived (issue 9). The replica writer's observer
 * (src/main/duties/dealerStatusQueue.ts) adds a row in the same transaction as the page that changed the
 * order (feed or re-snapshot), and the end of the first snapshot adds the catch-up window's orders; the
 * derivation removes a row in the same transaction as the publication or review it leads to. So a crash,
 * a snapshot or a 410 can never lose the work, and no in-memory list of recent changes is involved.
 */
export const dealerStatusQueue = sqliteTable(
  'dealer_status_queue',
  {
    dmsOrderId: text('dms_order_id').primaryKey(),
    /** Why it was queued: a feed page, a re-snapshot (after a 410), or the first start's catch-up window. */
    reason: text('reason', { enum: ['feed', 'snapshot', 'catch-up'] }).notNull(),
    queuedAt: text('queued_at').notNull(),
    /** Derivation attempts that threw; an order is set aside (kept, with the error) after three. */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('dealer_status_queue_due').on(t.attempts, t.queuedAt)],
);

/**
 * Derived situations (late, delayed in transit, backordered lines, partial delivery) already handled per
 * DMS order: each is acted on once per order, whatever the policy said then, not on every tick.
 */
export const dealerStatusSituations = sqliteTable(
  'dealer_status_situations',
  {
    dmsOrderId: text('dms_order_id').notNull(),
    situation: text('situation').notNull(),
    detectedAt: text('detected_at').notNull(),
    /** What the policy made of it: auto (published), review (queued) or internal (nothing). */
    mode: text('mode').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dmsOrderId, t.situation] })],
);

/**
 * When this replica saw each DMS order reach each status (the DMS's own `updated_at` of that version), for
 * the order timeline: the contract's order carries no time for allocation or picking. Written by the same
 * observer as the queue, in the page's transaction; statuses only move forward, so one row per status.
 */
export const dmsOrderStatusHistory = sqliteTable(
  'dms_order_status_history',
  {
    dmsOrderId: text('dms_order_id').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dmsOrderId, t.status] })],
);

export const outboxStatuses = ['pending', 'in_flight', 'delivered', 'failed', 'conflict', 'discarded'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const outbox = sqliteTable(
  'outbox',
  {
    /** Local, increasing: the order in which commands for one entity_key are sent. */
    id: integer('id').primaryKey({ autoIncrement: true }),
    target: text('target', { enum: syncSources }).notNull(),
    /** What the command does, e.g. `platform.createOrder`, `dms.createOrder`, `platform.putCredit`. */
    kind: text('kind').notNull(),
    /** Ordering key: commands with the same key are sent one at a time, in id order. */
    entityKey: text('entity_key').notNull(),
    /** Sent as Idempotency-Key on every attempt; deterministic for work every desk derives alike. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    method: text('method', { enum: ['POST', 'PUT'] }).notNull(),
    path: text('path').notNull(),
    /** JSON request body. */
    payload: text('payload').notNull(),
    ifMatch: text('if_match'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    lastStatus: integer('last_status'),
    /** JSON response body of the final outcome. */
    result: text('result'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    /** Staff id, or 'system' for work derived by the engine. */
    createdBy: text('created_by').notNull(),
  },
  (t) => [
    index('outbox_due').on(t.status, t.nextAttemptAt),
    index('outbox_entity').on(t.entityKey, t.id),
    index('outbox_target_status').on(t.target, t.status),
  ],
);

export const quarantine = sqliteTable(
  'quarantine',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source', { enum: syncSources }).notNull(),
    /** Resource or event type, e.g. `order` or `order.upserted`. */
    kind: text('kind').notNull(),
    raw: text('raw').notNull(),
    error: text('error').notNull(),
    receivedAt: text('received_at').notNull(),
    resolvedAt: text('resolved_at'),
  },
  (t) => [index('quarantine_open').on(t.resolvedAt, t.receivedAt)],
);

// ---------------------------------------------------------------------------------------------------------
// Local tables: staff, sessions, audit, settings, drafts
// ---------------------------------------------------------------------------------------------------------

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  /** Stored lower-case; sign-in is case-insensitive. */
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64url), parameters kept with the hash. */
  passwordHash: text('password_hash').notNull(),
  /** JSON array of Role. */
  roles: text('roles').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    /** sha256 of the session token (hex); the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    endedAt: text('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

/** Append-only (triggers refuse UPDATE/DELETE) and hash-chained: hash = sha256(prev_hash + canonical fields). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    // AUTOINCREMENT: sqlite_sequence then remembers the highest seq ever written, so verification can
    // tell when entries were cut off the end of the chain (migration 0002).
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    subject: text('subject'),
    /** Canonical JSON. */
    detail: text('detail').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_subject').on(t.subject, t.seq), index('audit_log_action').on(t.action, t.seq)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  /** JSON value. */
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/**
 * Orders first seen on credit hold, in the order this desk saw them (issue 8): the cursor behind the
 * desktop notification of a new hold. Written by the credit replica observer in the page's transaction;
 * `quiet` marks holds that came with a snapshot (already there before this desk looked), which never notify.
 */
export const creditHoldArrivals = sqliteTable('credit_hold_arrivals', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  orderId: text('order_id').notNull().unique(),
  quiet: integer('quiet', { mode: 'boolean' }).notNull(),
  seenAt: text('seen_at').notNull(),
});

/**
 * The dealer-facing message a controller chose when rejecting (issue 8). It is published on the order only
 * once the platform confirms the rejection, by the outbox handler of the decision, in that transaction.
 */
export const creditRejectionMessages = sqliteTable('credit_rejection_messages', {
  orderId: text('order_id').primaryKey(),
  /** JSON: the DealerStatusInput to publish. */
  body: text('body').notNull(),
  staffId: text('staff_id').notNull(),
  createdAt: text('created_at').notNull(),
  /** The outbox item that publishes it, once the rejection landed. */
  outboxId: integer('outbox_id'),
});

export const phoneOrderDrafts = sqliteTable(
  'phone_order_drafts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    /** The client_reference the order will be placed with; fixed at draft creation so resends dedupe. */
    clientReference: text('client_reference').notNull().unique(),
    status: text('status', { enum: ['draft', 'submitted', 'discarded'] }).notNull(),
    /** JSON: [{sku, qty, priceOverride?: {unitPrice, reason}, previousUnitPrice?}] (src/shared/api/features/phoneOrder.ts). */
    lines: text('lines').notNull(),
    /** The clerk's own notes, without the dealer-waiting marker (added when the order is sent). */
    notes: text('notes'),
    requestedDeliveryDate: text('requested_delivery_date'),
    /** "Dealer waiting on the phone": sent as the marker at the head of the order's notes. */
    dealerWaiting: integer('dealer_waiting', { mode: 'boolean' }).notNull().default(false),
    /** Grows on every save; a save based on an older revision (another window) is refused, never merged silently. */
    revision: integer('revision').notNull().default(1),
    /** Outbox item that places it, once submitted. */
    outboxId: integer('outbox_id'),
    submittedAt: text('submitted_at'),
    /** Total with tax as submitted (the clerk's list shows it before the platform's order is in the replica). */
    submittedTotal: integer('submitted_total'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('phone_order_drafts_owner').on(t.createdBy, t.status, t.updatedAt),
    // The clerk's list of their own phone orders, newest submission first.
    index('phone_order_drafts_submitted').on(t.createdBy, t.submittedAt),
    // The duplicate warning: this account's orders submitted from this desk in the last 24 hours.
    index('phone_order_drafts_account_submitted').on(t.accountId, t.submittedAt),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Local tables: order queues (issue 10)
// ---------------------------------------------------------------------------------------------------------

/**
 * Hand-overs the `duties.handover` routing holds for a person ("to confirm"). The sync engine created it
 * itself (ensureSyncTables); folded in here (IF NOT EXISTS) so the order queues can read it on any desk.
 */
export const handoverConfirmations = sqliteTable(
  'handover_confirmations',
  {
    orderId: text('order_id').primaryKey(),
    reason: text('reason').notNull(),
    state: text('state').notNull(),
    createdAt: text('created_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: text('decided_at'),
  },
  (t) => [index('handover_confirmations_state').on(t.state, t.createdAt)],
);

/**
 * Platform orders per (status, channel), kept by the order queues' replica observer in the page's
 * transaction (deletions by a trigger, migration 0015_queues_triggers): the queues count broad filters from here instead of
 * a million-row index. WITHOUT ROWID (hand-edited in migration 0014_queues_views_tallies).
 */
export const orderTallies = sqliteTable(
  'order_tallies',
  {
    status: text('status').notNull(),
    channel: text('channel').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.status, t.channel] })],
);

/**
 * The same per dealer region (the account's region when the order was written; '' while its account has
 * not arrived), for counts under a region filter. WITHOUT ROWID.
 */
export const orderRegionTallies = sqliteTable(
  'order_region_tallies',
  {
    region: text('region').notNull(),
    status: text('status').notNull(),
    channel: text('channel').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.status, t.channel] })],
);

/**
 * Platform orders that a DMS order or a dealer-visible publication named before the order itself arrived
 * (feeds come in any order): when it arrives, its linked statuses and drift are read at once. Usually empty.
 */
export const orderLinksWaiting = sqliteTable('order_links_waiting', {
  orderId: text('order_id').primaryKey(),
});

/**
 * Orders whose platform and DMS sides disagree on content (a line's price or quantity, a cancelled DMS
 * order under a live platform order, invoiced amount against delivered value), written by a replica
 * observer in the transaction of the row that caused it. `kinds` is a bit set (src/shared/orders.ts).
 */
export const orderDrift = sqliteTable('order_drift', {
  orderId: text('order_id').primaryKey(),
  kinds: integer('kinds').notNull(),
  detectedAt: text('detected_at').notNull(),
});

/**
 * Saved order views: a person's own (owner_id set) or shared with roles by an admin (owner_id null).
 * `base_view` names the shipped view it replaces for its owner ("change a view", reset = delete the row).
 */
export const orderViews = sqliteTable(
  'order_views',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id'),
    name: text('name').notNull(),
    /** JSON: OrderViewDefinition (src/shared/orderViews.ts). */
    definition: text('definition').notNull(),
    baseView: text('base_view'),
    /** JSON array of Role the view is shared with. */
    sharedRoles: text('shared_roles').notNull().default('[]'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [index('order_views_owner').on(t.ownerId, t.name)],
);

// ---------------------------------------------------------------------------------------------------------
// Dealer search (issues 7 and 11): what the one-box search matches that the replica has no column for,
// kept by the dealer-search replica observer (src/main/features/dealers/searchIndex.ts) in the page's
// transaction. Rebuilt from `platform_accounts.raw` whenever an account is written.
// ---------------------------------------------------------------------------------------------------------

/**
 * Text a dealer is found by: its name, code, town and GSTIN, and each contact's name. `folded` (lower case,
 * no diacritics) is what is matched: prefixes through its index, substrings through the trigram FTS table
 * `dealer_search_terms_fts` (migration 0006, kept in step by triggers).
 */
export const dealerSearchTerms = sqliteTable(
  'dealer_search_terms',
  {
    id: integer('id').primaryKey(),
    accountId: text('account_id').notNull(),
    field: text('field', { enum: ['name', 'code', 'town', 'gstin', 'contact'] }).notNull(),
    /** As shown in "what matched". */
    text: text('text').notNull(),
    folded: text('folded').notNull(),
    /** For a contact: the contact's phone as stored, shown beside the name. */
    contactPhone: text('contact_phone'),
  },
  (t) => [index('dealer_search_terms_account').on(t.accountId), index('dealer_search_terms_folded').on(t.folded)],
);

/**
 * Every phone number of a dealer and its contacts, as national digits (no +91 / 91 / 0 prefix) forwards
 * and reversed, so "starts with" and "ends with" (the last digits) are both index range scans.
 */
export const dealerSearchPhones = sqliteTable(
  'dealer_search_phones',
  {
    id: integer('id').primaryKey(),
    accountId: text('account_id').notNull(),
    digits: text('digits').notNull(),
    digitsReversed: text('digits_reversed').notNull(),
    /** As stored on the account or contact. */
    phone: text('phone').notNull(),
    /** Null for the dealer's own number. */
    contactName: text('contact_name'),
  },
  (t) => [
    index('dealer_search_phones_account').on(t.accountId),
    index('dealer_search_phones_digits').on(t.digits),
    index('dealer_search_phones_reversed').on(t.digitsReversed),
  ],
);

// ---------------------------------------------------------------------------------------------------------
// Manager dashboards (issue 11): aggregates kept in step with the replica by a replica observer
// (src/main/features/dashboards/aggregates.ts), so the book and a dealer's figures open without scanning a
// year of invoices. Per office day, then summed over the rolling periods of one "anchor" day. WITHOUT
// ROWID (hand-edited in the migration): they are written once per replica row during a sync.
// ---------------------------------------------------------------------------------------------------------

/** Per dealer (DMS dealer code) and office day: what the DMS records of that day add to the figures. */
export const dashDealerDays = sqliteTable(
  'dash_dealer_days',
  {
    day: text('day').notNull(),
    dealerCode: text('dealer_code').notNull(),
    sales: integer('sales').notNull().default(0),
    returnCredits: integer('return_credits').notNull().default(0),
    orderedQty: integer('ordered_qty').notNull().default(0),
    deliveredQty: integer('delivered_qty').notNull().default(0),
    deliveries: integer('deliveries').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    // Unbilled over time (the dashboard's exposure line): order totals on their creation day, less what was
    // invoiced on orders, cancelled, or left undispatched when an order closed.
    orderedValue: integer('ordered_value').notNull().default(0),
    invoicedOnOrders: integer('invoiced_on_orders').notNull().default(0),
    cancelledValue: integer('cancelled_value').notNull().default(0),
    closedRemainder: integer('closed_remainder').notNull().default(0),
  },
  // Keyed by day first: a sync page's records are close in time, so a page dirties few pages of this table
  // (keyed by dealer first, a page of 500 records touched ~500 pages and the commits tripled the observer's
  // cost). A dealer's dashboard walks the days instead (queries.ts, dealerDays).
  (t) => [primaryKey({ columns: [t.day, t.dealerCode] })],
);

/** Per dealer: the sums of dash_dealer_days over the periods of the anchor day (dash_state). */
export const dashDealerWindows = sqliteTable('dash_dealer_windows', {
  dealerCode: text('dealer_code').primaryKey(),
  sales90: integer('sales_90').notNull().default(0),
  salesPrevious90: integer('sales_previous_90').notNull().default(0),
  sales12m: integer('sales_12m').notNull().default(0),
  returnCredits12m: integer('return_credits_12m').notNull().default(0),
  orderedQty12m: integer('ordered_qty_12m').notNull().default(0),
  deliveredQty12m: integer('delivered_qty_12m').notNull().default(0),
  deliveries12m: integer('deliveries_12m').notNull().default(0),
  onTime12m: integer('on_time_12m').notNull().default(0),
  ledgerToDate: integer('ledger_to_date').notNull().default(0),
  ledgerTo90DaysAgo: integer('ledger_to_90_days_ago').notNull().default(0),
});

/** Per platform account and office day: credit holds by their outcome. */
export const dashHoldDays = sqliteTable(
  'dash_hold_days',
  {
    day: text('day').notNull(),
    accountId: text('account_id').notNull(),
    held: integer('held').notNull().default(0),
    approved: integer('approved').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    cancelled: integer('cancelled').notNull().default(0),
    stillOpen: integer('still_open').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.accountId] })],
);

export const dashHoldWindows = sqliteTable('dash_hold_windows', {
  accountId: text('account_id').primaryKey(),
  held90: integer('held_90').notNull().default(0),
  heldPrevious90: integer('held_previous_90').notNull().default(0),
  held12m: integer('held_12m').notNull().default(0),
  approved12m: integer('approved_12m').notNull().default(0),
  rejected12m: integer('rejected_12m').notNull().default(0),
  cancelled12m: integer('cancelled_12m').notNull().default(0),
  stillOpen12m: integer('still_open_12m').notNull().default(0),
});

/** Decided holds per office day of the hold and whole minutes to the decision (the book's median). */
export const dashDecisionDays = sqliteTable(
  'dash_decision_days',
  {
    day: text('day').notNull(),
    minutes: integer('minutes').notNull(),
    decided: integer('decided').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.minutes] })],
);

export const dashDecisionWindows = sqliteTable('dash_decision_windows', {
  minutes: integer('minutes').primaryKey(),
  decided12m: integer('decided_12m').notNull().default(0),
});

/** Per dealer and due date: outstanding of open invoices (overdue ageing moves with the day, not the invoice). */
export const dashReceivableDays = sqliteTable(
  'dash_receivable_days',
  {
    day: text('day').notNull(),
    dealerCode: text('dealer_code').notNull(),
    outstanding: integer('outstanding').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.dealerCode] })],
);

/** Per dealer: open invoices' outstanding by days past due on the anchor day. */
export const dashReceivableWindows = sqliteTable('dash_receivable_windows', {
  dealerCode: text('dealer_code').primaryKey(),
  notDue: integer('not_due').notNull().default(0),
  d1To30: integer('d1_30').notNull().default(0),
  d31To60: integer('d31_60').notNull().default(0),
  d61To90: integer('d61_90').notNull().default(0),
  over90: integer('over_90').notNull().default(0),
});

/**
 * Per dealer and office day: payments received. Keyed by dealer first, unlike the other day tables: a DMS
 * snapshot lists payments dealer by dealer, so a page of them lands on few pages of this table (keyed by day,
 * the same page touched one page per payment day). The once-a-day roll seeks each dealer's range.
 */
export const dashPaymentDays = sqliteTable(
  'dash_payment_days',
  {
    dealerCode: text('dealer_code').notNull(),
    day: text('day').notNull(),
    payments: integer('payments').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.dealerCode, t.day] })],
);

/** Per dealer: payments to the anchor day and to 90 days before it (the receivable balance's credits). */
export const dashPaymentWindows = sqliteTable('dash_payment_windows', {
  dealerCode: text('dealer_code').primaryKey(),
  paymentsToDate: integer('payments_to_date').notNull().default(0),
  paymentsTo90DaysAgo: integer('payments_to_90_days_ago').notNull().default(0),
});

/**
 * Dealers whose figures (dash_dealer_figures) are behind their window sums: the replica writer marks them in
 * the page's transaction, and a reader recomputes them (anchorOnDay) before it reads the figures, so the feed
 * apply pays one small insert per dealer and page instead of a figures recomputation per record. WITHOUT ROWID
 * (hand-edited in migration 0018_dash_figures_stale).
 */
export const dashFiguresStale = sqliteTable('dash_figures_stale', {
  dealerCode: text('dealer_code').primaryKey(),
});

/**
 * Every dealer's headline figures for the anchor day (metrics.ts dealerFigures over the window sums and the DMS
 * account), kept current by the observer for the dealers a change touches, so the book is one small table:
 * sorted, filtered, paged and broken down in SQL. Platform accounts joined with DMS accounts by dealer code.
 */
export const dashDealerFigures = sqliteTable('dash_dealer_figures', {
  dealerCode: text('dealer_code').primaryKey(),
  accountId: text('account_id'),
  name: text('name').notNull(),
  region: text('region'),
  tier: text('tier'),
  currency: text('currency').notNull(),
  hasDms: integer('has_dms').notNull(),
  creditLimit: integer('credit_limit'),
  balance: integer('balance'),
  unbilled: integer('unbilled'),
  utilisation: real('utilisation'),
  noLimit: integer('no_limit').notNull(),
  notDue: integer('not_due').notNull(),
  d1To30: integer('d1_30').notNull(),
  d31To60: integer('d31_60').notNull(),
  d61To90: integer('d61_90').notNull(),
  over90: integer('over_90').notNull(),
  overdueOver60: integer('overdue_over_60').notNull(),
  receivableBalance: integer('receivable_balance').notNull(),
  sales90Days: integer('sales_90_days').notNull(),
  dso: real('dso'),
  receivableBalance90DaysAgo: integer('receivable_balance_90_days_ago').notNull(),
  salesPrevious90Days: integer('sales_previous_90_days').notNull(),
  dso90DaysAgo: real('dso_90_days_ago'),
  sales12Months: integer('sales_12_months').notNull(),
  returnCredits12Months: integer('return_credits_12_months').notNull(),
  returnRate: real('return_rate'),
  orderedQty12Months: integer('ordered_qty_12_months').notNull(),
  deliveredQty12Months: integer('delivered_qty_12_months').notNull(),
  fillRate: real('fill_rate'),
  deliveries12Months: integer('deliveries_12_months').notNull(),
  onTimeDeliveries12Months: integer('on_time_deliveries_12_months').notNull(),
  onTimeDelivery: real('on_time_delivery'),
  held12Months: integer('held_12_months').notNull(),
  approved12Months: integer('approved_12_months').notNull(),
  rejected12Months: integer('rejected_12_months').notNull(),
  cancelled12Months: integer('cancelled_12_months').notNull(),
  stillOpen12Months: integer('still_open_12_months').notNull(),
  holds90Days: integer('holds_90_days').notNull(),
  holdsPrevious90Days: integer('holds_previous_90_days').notNull(),
  /** Comma-separated RiskReason values, '' when not at risk. */
  riskReasons: text('risk_reasons').notNull(),
  riskCount: integer('risk_count').notNull(),
});

/** One row per aggregate: the day its windows are summed for (null: not yet), and whether its days are complete. */
export const dashState = sqliteTable('dash_state', {
  aggregate: text('aggregate').primaryKey(),
  anchorDay: text('anchor_day'),
  /** 0 when the replica held rows before the aggregate existed: the day table must be rebuilt from it. */
  built: integer('built').notNull(),
});

/** Credit limits this desk saw on DMS accounts, when they changed (the dashboard's limit line). */
export const dashCreditLimits = sqliteTable(
  'dash_credit_limits',
  {
    dealerCode: text('dealer_code').notNull(),
    at: text('at').notNull(),
    creditLimit: integer('credit_limit').notNull(),
  },
  (t) => [primaryKey({ columns: [t.dealerCode, t.at] })],
);
