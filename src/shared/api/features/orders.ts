// Order queues (issues 4 and 10): every platform order in the replica, filtered, sorted and paged by the
// backend; saved views per person and role with live counts; SLA targets; bulk commands through the
// outbox with a result per order; the reconciliation of an order with its DMS order.
import { z } from 'zod';
import { cancelReasonCodes, bulkActionLimit, orderColumnIds, type OrderViewView } from '../../orderViews';
import {
  orderChannels,
  orderQueues,
  orderSortColumns,
  platformOrderStatuses,
  slaStages,
  type OrderFacetsView,
  type OrderListView,
  type OrderReconciliationView,
  type SlaTargets,
} from '../../orders';
import { roles } from '../../roles';
import type { WorkingCalendar } from '../../sla';
import { procedure } from '../procedure';

const orderSort = z.object({ column: z.enum(orderSortColumns), direction: z.enum(['asc', 'desc']) });
const regionList = z.array(z.string().trim().min(1).max(100)).max(100);

/** An order queue's query: filters, a special queue, sort and a page; empty filter lists mean "any". */
export const orderListInput = z.object({
  /** An order number (prefix) or a dealer (name, code, town, phone). */
  search: z.string().trim().max(100).optional(),
  status: z.array(z.enum(platformOrderStatuses)).max(platformOrderStatuses.length).optional(),
  channel: z.array(z.enum(orderChannels)).max(orderChannels.length).optional(),
  region: regionList.optional(),
  queue: z.enum(orderQueues).optional(),
  sort: orderSort.optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const orderViewDefinitionSchema = z.object({
  filters: z.object({
    status: z.array(z.enum(platformOrderStatuses)).max(platformOrderStatuses.length),
    channel: z.array(z.enum(orderChannels)).max(orderChannels.length),
    region: regionList,
    search: z.string().trim().max(100),
    queue: z.enum(orderQueues).nullable(),
  }),
  columns: z
    .array(z.enum(orderColumnIds))
    .min(1, 'Show at least one column.')
    .max(orderColumnIds.length)
    .refine((c) => new Set(c).size === c.length, 'A column is listed twice.'),
  sort: orderSort,
});

const viewName = z.string().trim().min(1, 'Give the view a name.').max(60, 'Keep the name under 60 characters.');
const viewId = z.string().min(1).max(100);

const slaTarget = z.object({
  targetMs: z
    .number()
    .int()
    .min(60_000, 'A target is at least one minute.')
    .max(30 * 24 * 3_600_000, 'A target is at most 30 days.'),
  clock: z.enum(['working', 'elapsed']),
});

export interface OrderViewsView {
  views: OrderViewView[];
  /** Every view shared with roles, for an admin's settings (absent for others). */
  shared?: OrderViewView[];
}

export interface OrderViewCountsView {
  counts: Record<string, { total: number; exact: boolean }>;
  /** The replica's as-of (the platform's last successful pull) the counts were read at. */
  asOf: string | null;
}

export interface SlaSettingsView {
  targets: SlaTargets;
  defaults: SlaTargets;
  calendar: WorkingCalendar;
  updatedAt: string | null;
}

/** What a bulk command did with each order it was given. */
export interface BulkReceipt {
  items: {
    orderId: string;
    number: string | null;
    /** The outbox item that carries it; null when the desk refused it before queueing (message says why). */
    outboxId: number | null;
    message: string | null;
  }[];
}

/** Where a command stands in the outbox: done, still going, or what went wrong. */
export interface CommandResultView {
  outboxId: number;
  orderId: string | null;
  state: 'pending' | 'done' | 'failed' | 'conflict' | 'discarded';
  message: string | null;
  attempts: number;
  updatedAt: string;
}

const orderIds = z
  .array(z.string().min(1).max(200))
  .min(1, 'Select at least one order.')
  .max(bulkActionLimit, `At most ${bulkActionLimit} orders at a time.`);

export const orderProcedures = {
  'orders.list': procedure<OrderListView>()({ input: orderListInput, access: 'signed_in' }),
  /** The values the filter menus offer: statuses and channels present in the replica, and the dealers' regions. */
  'orders.facets': procedure<OrderFacetsView>()({ input: z.object({}), access: 'signed_in' }),

  /** The caller's views in navigation order: shipped (with their own changes), their own, shared with their roles. */
  'orders.views.list': procedure<OrderViewsView>()({ input: z.object({}), access: 'signed_in' }),
  /** Live counts of the caller's views (all of them, or those named). */
  'orders.views.counts': procedure<OrderViewCountsView>()({
    input: z.object({ ids: z.array(viewId).max(200).optional() }),
    access: 'signed_in',
  }),
  /** Save a view as the caller's own. */
  'orders.views.create': procedure<OrderViewView>()({
    input: z.object({ name: viewName, definition: orderViewDefinitionSchema }),
    access: 'signed_in',
  }),
  /** Keep changes to a view: the caller's own, a shipped one (their copy of it), or a shared one (admin). */
  'orders.views.update': procedure<OrderViewView>()({
    input: z.object({ id: viewId, definition: orderViewDefinitionSchema }),
    access: 'signed_in',
  }),
  'orders.views.rename': procedure<OrderViewView>()({ input: z.object({ id: viewId, name: viewName }), access: 'signed_in' }),
  /** An admin shares one of their views with roles (none: it is theirs again). */
  'orders.views.share': procedure<OrderViewView>()({
    input: z.object({ id: viewId, roles: z.array(z.enum(roles)).max(roles.length) }),
    access: ['admin'],
  }),
  /** Back to the shipped default: drops the caller's changes to a shipped view. */
  'orders.views.reset': procedure<OrderViewView>()({ input: z.object({ id: viewId }), access: 'signed_in' }),
  'orders.views.delete': procedure<{ deleted: true }>()({ input: z.object({ id: viewId }), access: 'signed_in' }),

  'orders.sla.get': procedure<SlaSettingsView>()({ input: z.object({}), access: 'signed_in' }),
  'orders.sla.set': procedure<SlaSettingsView>()({
    input: z.object({
      targets: z.object(Object.fromEntries(slaStages.map((s) => [s, slaTarget])) as Record<(typeof slaStages)[number], typeof slaTarget>),
    }),
    access: ['admin'],
  }),

  /** Cancel orders on the platform with a reason code, one outbox item per order. */
  'orders.cancel': procedure<BulkReceipt>()({
    input: z.object({
      orders: z
        .array(z.object({ id: z.string().min(1).max(200), version: z.number().int().min(0) }))
        .min(1, 'Select at least one order.')
        .max(bulkActionLimit, `At most ${bulkActionLimit} orders at a time.`),
      reasonCode: z.enum(cancelReasonCodes),
      note: z.string().trim().max(500).optional(),
    }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
  /** Hand over now the orders of the "to confirm" queue, one outbox item per order. */
  'orders.handOver': procedure<BulkReceipt>()({
    input: z.object({ orderIds }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
  /** Where the commands of a bulk action stand. */
  'orders.commandResults': procedure<CommandResultView[]>()({
    input: z.object({ outboxIds: z.array(z.number().int().positive()).min(1).max(bulkActionLimit) }),
    access: 'signed_in',
  }),
  /** The order's platform and DMS sides, line by line, with the drift between them. */
  'orders.reconciliation': procedure<OrderReconciliationView>()({
    input: z.object({ orderId: z.string().min(1).max(200) }),
    access: 'signed_in',
  }),
} as const;
