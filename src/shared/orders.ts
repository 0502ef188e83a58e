// The words of the Orders screen and its queues, shared by the backend query and the UI: the value lists of
// the platform's and the DMS's order statuses, channels and dealer-visible statuses (checked against the
// generated contract types, so a new value in the YAML fails the type check here), their labels, the
// sortable columns, the special queues, SLA stages and targets, and the kinds of drift between the systems.
import type { Dms, Platform } from './contracts';
import type { SlaTarget } from './sla';

/**
 * A value list that names every member of a contract union: a missing member is a type error at the call
 * (`missing: "new_status"`), and `satisfies`-style checking refuses values the union does not have.
 */
function allOf<Union extends string>() {
  return <const List extends readonly Union[]>(
    list: List & ([Exclude<Union, List[number]>] extends [never] ? unknown : { missing: Exclude<Union, List[number]> }),
  ): List => list;
}

export type PlatformOrderStatus = Platform.OrderStatus;
export type OrderChannel = Platform.Order['channel'];
export type DmsOrderStatus = Dms.OrderStatus;
export type DealerVisibleStatus = Platform.DealerStatus['status'];

/** In the order an order lives through them. */
export const platformOrderStatuses = allOf<PlatformOrderStatus>()([
  'received',
  'credit_hold',
  'approved',
  'in_fulfillment',
  'closed',
  'rejected',
  'cancelled',
]);

export const orderChannels = allOf<OrderChannel>()(['portal', 'phone', 'email', 'whatsapp', 'edi']);

export const dmsOrderStatuses = allOf<DmsOrderStatus>()([
  'open',
  'allocated',
  'partially_allocated',
  'backordered',
  'picking',
  'partially_dispatched',
  'dispatched',
  'partially_delivered',
  'delivered',
  'closed',
  'cancelled',
]);

export const dealerVisibleStatuses = allOf<DealerVisibleStatus>()([
  'received',
  'under_review',
  'on_hold',
  'confirmed',
  'processing',
  'backordered',
  'partially_dispatched',
  'dispatched',
  'partially_delivered',
  'delivered',
  'rejected',
  'cancelled',
]);

export const platformOrderStatusLabels: Record<PlatformOrderStatus, string> = {
  received: 'Received',
  credit_hold: 'Credit hold',
  approved: 'Approved',
  in_fulfillment: 'In fulfilment',
  closed: 'Closed',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

export const orderChannelLabels: Record<OrderChannel, string> = {
  portal: 'Portal',
  phone: 'Phone',
  email: 'Email',
  whatsapp: 'WhatsApp',
  edi: 'EDI',
};

export const dmsOrderStatusLabels: Record<DmsOrderStatus, string> = {
  open: 'Open',
  allocated: 'Allocated',
  partially_allocated: 'Part allocated',
  backordered: 'Backordered',
  picking: 'Picking',
  partially_dispatched: 'Part dispatched',
  dispatched: 'Dispatched',
  partially_delivered: 'Part delivered',
  delivered: 'Delivered',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export const dealerVisibleStatusLabels: Record<DealerVisibleStatus, string> = {
  received: 'Received',
  under_review: 'Under review',
  on_hold: 'On hold',
  confirmed: 'Confirmed',
  processing: 'Processing',
  backordered: 'Backordered',
  partially_dispatched: 'Part dispatched',
  dispatched: 'Dispatched',
  partially_delivered: 'Part delivered',
  delivered: 'Delivered',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
};

/** `sla`: most overdue against its status's target first (desc), orders with no running target last. */
export const orderSortColumns = ['number', 'dealer', 'channel', 'status', 'total', 'placedAt', 'dmsStatus', 'dealerStatus', 'sla'] as const;
export type OrderSortColumn = (typeof orderSortColumns)[number];

/**
 * Queues that are not a plain filter of the order's own columns: each is a set of orders found through its
 * own index or table (the "to confirm" hand-overs, DMS backorders, today's dispatches, ...), to which the
 * status, channel, region and search filters still apply.
 */
export const orderQueues = [
  'awaitingHandover',
  'backordered',
  'dispatchedToday',
  'deliveredLate',
  'myPhoneOrders',
  'failedPushes',
  'drift',
] as const;
export type OrderQueue = (typeof orderQueues)[number];

/** DMS statuses of the "backordered" queue. */
export const backorderedDmsStatuses: readonly DmsOrderStatus[] = ['backordered', 'partially_allocated'];
/** "Delivered late" looks this far back (deliveries after the ETA the dealer was given). */
export const deliveredLateWindowDays = 30;

/**
 * SLA stages: where an order waits and whose clock runs. Terminal statuses (closed, cancelled, rejected)
 * have none.
 * - creditHold: on credit hold, since placement;
 * - awaitingHandover: cleared, held by the hand-over routing for a person to confirm, since it was queued;
 * - notHandedOver: received or approved, not yet handed to the DMS, since it entered that status;
 * - inFulfilment: in fulfilment (handed over), since the hand-over.
 */
export const slaStages = ['creditHold', 'awaitingHandover', 'notHandedOver', 'inFulfilment'] as const;
export type SlaStage = (typeof slaStages)[number];

export const slaStageLabels: Record<SlaStage, string> = {
  creditHold: 'Credit hold',
  awaitingHandover: 'Awaiting hand-over (to confirm)',
  notHandedOver: 'Received, not handed over',
  inFulfilment: 'In fulfilment',
};

export type SlaTargets = Record<SlaStage, SlaTarget>;

const HOUR = 3_600_000;
/** The defaults; an admin edits them (setting `orders.slaTargets`). */
export const defaultSlaTargets: SlaTargets = {
  creditHold: { targetMs: 4 * HOUR, clock: 'working' },
  awaitingHandover: { targetMs: 1 * HOUR, clock: 'elapsed' },
  notHandedOver: { targetMs: HOUR / 2, clock: 'elapsed' },
  inFulfilment: { targetMs: 72 * HOUR, clock: 'elapsed' },
};

/**
 * Drift between the platform order and its DMS order, as bits (order_drift.kinds):
 * - lines: a line's SKU, quantity or price differs, or a line is on one side only;
 * - status: the statuses contradict (a cancelled DMS order under a live platform order, a cancelled or
 *   closed platform order whose DMS order is still being worked, ...);
 * - missing: in fulfilment on one side and missing on the other;
 * - invoice: the amount invoiced for delivered shipments differs from their value at the order's prices.
 */
export const driftKinds = { lines: 1, status: 2, missing: 4, invoice: 8 } as const;
export type DriftKind = keyof typeof driftKinds;
export const driftKindLabels: Record<DriftKind, string> = {
  lines: 'Price or quantity differs',
  status: 'Statuses contradict',
  missing: 'Missing on one side',
  invoice: 'Invoiced ≠ delivered value',
};

export function driftKindsOf(mask: number): DriftKind[] {
  return (Object.keys(driftKinds) as DriftKind[]).filter((k) => (mask & driftKinds[k]) !== 0);
}

/** One row of the Orders screen, shaped by the backend. Money is integer minor units (paise for INR). */
export interface OrderRowView {
  id: string;
  number: string;
  accountId: string;
  /** Null while the dealer's account has not reached the replica yet (feeds arrive in any order). */
  dealerName: string | null;
  dealerCode: string | null;
  region: string | null;
  channel: OrderChannel;
  status: PlatformOrderStatus;
  total: number;
  currency: string;
  placedAt: string;
  /** The linked DMS order; null until the order has been handed over. */
  dmsOrderNumber: string | null;
  dmsStatus: DmsOrderStatus | null;
  /** The latest dealer-status publication; null when nothing has been published. */
  dealerStatus: DealerVisibleStatus | null;
  dealerStatusAt: string | null;
  /** Carrier and tracking number when the latest publication carries them. */
  tracking: { carrier: string | null; number: string | null; url: string | null } | null;
  /** Who placed it: the dealer's user or the staff member (phone orders). */
  placedByName: string;
  /** The order's version in the replica (bulk commands quote it). */
  version: number;
  /** The SLA clock that runs for it now, and since when; null for closed, cancelled and rejected orders. */
  sla: { stage: SlaStage; since: string } | null;
  /** Drift between the platform and the DMS (driftKinds bits); 0 when none is known. */
  drift: number;
}

export interface OrderListView {
  rows: OrderRowView[];
  /** How many orders match; with `totalIsExact` false, a lower bound (a very broad order-number search). */
  total: number;
  totalIsExact: boolean;
  /** The offset these rows start at (as asked). */
  offset: number;
  /** The replica's as-of: the platform source's last successful pull; null when it has never synced. */
  asOf: string | null;
}

export interface OrderFacetsView {
  statuses: PlatformOrderStatus[];
  channels: OrderChannel[];
  regions: string[];
}

/** One order line on both sides, for the reconciliation pane. Money in minor units, tax included. */
export interface ReconciliationLineView {
  lineNo: number;
  platform: { sku: string; qty: number; unitPrice: number; value: number } | null;
  dms: {
    sku: string;
    qty: number;
    unitPrice: number;
    allocated: number;
    dispatched: number;
    delivered: number;
    returned: number;
    /** Quantity on shipments that have an invoice. */
    invoiced: number;
  } | null;
  /** What differs between the two sides on this line. */
  differs: ('sku' | 'qty' | 'unitPrice' | 'onlyPlatform' | 'onlyDms')[];
}

/** One piece of drift: which system has which value. */
export interface DriftFlagView {
  kind: DriftKind;
  lineNo: number | null;
  message: string;
  /** What the platform has, and what the DMS has, in words and figures a clerk can check. */
  platform: string;
  dms: string;
}

export interface ReconciliationShipmentView {
  number: string;
  dispatchedAt: string;
  deliveredAt: string | null;
  eta: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  invoiceNumber: string | null;
  /** Invoiced for this shipment (null when it has no invoice), and its value at the platform order's prices. */
  invoiced: number | null;
  value: number;
}

/** The order detail's "Reconciliation" region: the platform order and its DMS order side by side. */
export interface OrderReconciliationView {
  orderId: string;
  number: string;
  currency: string;
  platform: {
    status: PlatformOrderStatus;
    version: number;
    channel: OrderChannel;
    placedAt: string;
    placedByName: string;
    total: number;
    dealerName: string | null;
    dealerCode: string | null;
    dmsOrderId: string | null;
    updatedAt: string | null;
  };
  dms: {
    id: string;
    number: string;
    status: DmsOrderStatus;
    total: number;
    createdAt: string;
    updatedAt: string | null;
    shipments: ReconciliationShipmentView[];
  } | null;
  lines: ReconciliationLineView[];
  flags: DriftFlagView[];
  /** Each system's last successful pull: what each side is "as of". */
  asOf: { platform: string | null; dms: string | null };
}
