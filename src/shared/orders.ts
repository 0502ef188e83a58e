// The words of the Orders screen, shared by the backend query and the UI: the value lists of the platform's
// and the DMS's order statuses, channels and dealer-visible statuses (checked against the generated contract
// types, so a new value in the YAML fails the type check here), their labels, and the sortable columns.
import type { Dms, Platform } from './contracts';

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

export const orderSortColumns = ['number', 'dealer', 'channel', 'status', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'] as const;
export type OrderSortColumn = (typeof orderSortColumns)[number];

/**
 * Columns sorted by a fact that lives in another table (the DMS order, the latest publication): the
 * backend sorts them only for lists of at most this many orders, because no index orders the whole
 * replica by them. The UI offers the sort only below it.
 */
export const linkedSortLimit = 3000;
export const linkedSortColumns: readonly OrderSortColumn[] = ['dmsStatus', 'dealerStatus'];

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
