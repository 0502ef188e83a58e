// Saved order views (issue 10): the views the desk ships, which come first for which role, and the shape
// of a view (its filters, columns and sort). A person can change a view and keep the change (their own copy
// of a shipped view, reset by deleting it), save a view as their own, rename it; an admin shares views with
// roles. Shared by the backend (which stores and counts them) and the UI (navigation, palette, screen).
import type { Role } from './roles';
import type { OrderChannel, OrderQueue, OrderSortColumn, PlatformOrderStatus } from './orders';

/** The table's columns, in the order they can appear. */
export const orderColumnIds = [
  'number',
  'dealer',
  'channel',
  'status',
  'sla',
  'total',
  'placedAt',
  'placedBy',
  'dmsStatus',
  'dealerStatus',
  'drift',
] as const;
export type OrderColumnId = (typeof orderColumnIds)[number];

export const orderColumnLabels: Record<OrderColumnId, string> = {
  number: 'Number',
  dealer: 'Dealer',
  channel: 'Channel',
  status: 'Status',
  sla: 'In status',
  total: 'Total',
  placedAt: 'Placed',
  placedBy: 'Placed by',
  dmsStatus: 'DMS status',
  dealerStatus: 'Dealer sees',
  drift: 'Drift',
};

export interface OrderViewFilters {
  status: PlatformOrderStatus[];
  channel: OrderChannel[];
  region: string[];
  search: string;
  /** A special queue the view is built on; null for a plain filter of all orders. */
  queue: OrderQueue | null;
}

export interface OrderViewDefinition {
  filters: OrderViewFilters;
  columns: OrderColumnId[];
  sort: { column: OrderSortColumn; direction: 'asc' | 'desc' };
}

export interface ShippedOrderView {
  id: string;
  name: string;
  /** What the view is for, shown in the palette. */
  summary: string;
  definition: OrderViewDefinition;
}

/** One view as a person sees it in the navigation: shipped (maybe changed by them), their own, or shared. */
export interface OrderViewView {
  id: string;
  name: string;
  kind: 'shipped' | 'personal' | 'shared';
  definition: OrderViewDefinition;
  /** For a shipped view: whether this person changed it (reset brings the default back). */
  changed: boolean;
  /** The roles a shared view is shared with. */
  sharedRoles: Role[];
  summary: string;
}

const noFilters: OrderViewFilters = { status: [], channel: [], region: [], search: '', queue: null };
const baseColumns: OrderColumnId[] = ['number', 'dealer', 'channel', 'status', 'sla', 'total', 'placedAt'];

interface ViewSpec {
  filters?: Partial<OrderViewFilters>;
  columns?: OrderColumnId[];
  sort?: OrderViewDefinition['sort'];
}

function view(id: string, name: string, summary: string, definition: ViewSpec): ShippedOrderView {
  return {
    id,
    name,
    summary,
    definition: {
      filters: { ...noFilters, ...definition.filters },
      columns: definition.columns ?? baseColumns,
      sort: definition.sort ?? { column: 'placedAt', direction: 'desc' },
    },
  };
}

/** The views the desk ships, by id. Ids are stable: saved changes and navigation refer to them. */
export const shippedOrderViews: readonly ShippedOrderView[] = [
  view('all', 'All orders', 'Every platform order in the replica, newest first.', {
    columns: ['number', 'dealer', 'channel', 'status', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('new-portal', 'New portal orders', 'Orders dealers placed on the portal that are not in fulfilment yet, most overdue first.', {
    filters: { channel: ['portal'], status: ['received', 'credit_hold', 'approved'] },
    sort: { column: 'sla', direction: 'desc' },
  }),
  view('awaiting-handover', 'Awaiting hand-over', 'The "to confirm" queue of the hand-over routing: cleared orders waiting for a person.', {
    filters: { queue: 'awaitingHandover' },
    sort: { column: 'sla', direction: 'desc' },
  }),
  view('credit-hold', 'On credit hold', 'Orders the platform held on credit, most overdue against the hold target first.', {
    filters: { status: ['credit_hold'] },
    sort: { column: 'sla', direction: 'desc' },
  }),
  view('backordered', 'Backordered', 'Orders the warehouse could not (fully) allocate.', {
    filters: { queue: 'backordered' },
    columns: ['number', 'dealer', 'status', 'sla', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('dispatched-today', 'Dispatched today', 'Orders with a shipment dispatched today (office time), with what the dealer sees.', {
    filters: { queue: 'dispatchedToday' },
    columns: ['number', 'dealer', 'channel', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('delivered-late', 'Delivered late', 'Orders delivered after the date the dealer was given, in the last 30 days.', {
    filters: { queue: 'deliveredLate' },
    columns: ['number', 'dealer', 'channel', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('my-phone-orders', 'My phone orders', 'Orders you entered for dealers on the phone.', {
    filters: { queue: 'myPhoneOrders' },
    columns: ['number', 'dealer', 'status', 'sla', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('failed-pushes', 'Failed pushes', 'Orders with a command the platform or the DMS refused or that conflicted: they need a person.', {
    filters: { queue: 'failedPushes' },
    columns: ['number', 'dealer', 'status', 'total', 'placedAt', 'dmsStatus', 'dealerStatus'],
  }),
  view('drift', 'Drift', 'Orders whose platform and DMS sides disagree: prices, quantities, statuses, invoices.', {
    filters: { queue: 'drift' },
    columns: ['number', 'dealer', 'status', 'total', 'placedAt', 'dmsStatus', 'drift'],
  }),
];

export function shippedOrderView(id: string): ShippedOrderView | undefined {
  return shippedOrderViews.find((v) => v.id === id);
}

/** The views of each role's job, first in its navigation (the rest follow in shipped order). */
export const orderViewsFirstFor: Record<Role, readonly string[]> = {
  inside_sales: ['my-phone-orders', 'new-portal', 'awaiting-handover', 'failed-pushes', 'backordered', 'dispatched-today'],
  credit_controller: ['credit-hold', 'new-portal', 'awaiting-handover'],
  credit_manager: ['credit-hold', 'drift', 'awaiting-handover'],
  manager: ['delivered-late', 'backordered', 'drift', 'credit-hold', 'dispatched-today'],
  admin: ['failed-pushes', 'drift', 'awaiting-handover'],
};

/** The shipped views of these roles' jobs, in order (a person with several roles gets each role's in turn). */
export function jobViewIds(roles: readonly Role[]): string[] {
  const first: string[] = [];
  for (const role of ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'] as const) {
    if (!roles.includes(role)) continue;
    for (const id of orderViewsFirstFor[role]) if (!first.includes(id)) first.push(id);
  }
  return first;
}

/** Shipped view ids in the order a person with these roles sees them: their job's first. */
export function shippedViewOrder(roles: readonly Role[]): string[] {
  const first = jobViewIds(roles);
  return [...first, ...shippedOrderViews.map((v) => v.id).filter((id) => !first.includes(id))];
}

/** The most orders one bulk action takes (Ctrl+A on a bigger view selects this many and says so). */
export const bulkActionLimit = 500;

/** Reason codes for cancelling orders (the platform's `reason_code`). */
export const cancelReasonCodes = ['dealer_request', 'duplicate', 'pricing_error', 'out_of_stock', 'credit', 'other'] as const;
export type CancelReasonCode = (typeof cancelReasonCodes)[number];
export const cancelReasonLabels: Record<CancelReasonCode, string> = {
  dealer_request: 'Dealer asked to cancel',
  duplicate: 'Duplicate order',
  pricing_error: 'Pricing error',
  out_of_stock: 'Out of stock',
  credit: 'Credit',
  other: 'Other',
};
