// Order queues (issues 4 and 10): every platform order in the replica, filtered, sorted and paged by the
// backend.
import { z } from 'zod';
import { orderChannels, orderSortColumns, platformOrderStatuses, type OrderFacetsView, type OrderListView } from '../../orders';
import { procedure } from '../procedure';

/** The Orders screen's query (issue 4): filters, sort and a page; empty filter lists mean "any". */
export const orderListInput = z.object({
  /** An order number (prefix) or a dealer (name, code, town, phone). */
  search: z.string().trim().max(100).optional(),
  status: z.array(z.enum(platformOrderStatuses)).max(platformOrderStatuses.length).optional(),
  channel: z.array(z.enum(orderChannels)).max(orderChannels.length).optional(),
  region: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  sort: z.object({ column: z.enum(orderSortColumns), direction: z.enum(['asc', 'desc']) }).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

export const orderProcedures = {
  // Orders screen (issue 4): every platform order in the replica, filtered, sorted and paged by the backend.
  'orders.list': procedure<OrderListView>()({ input: orderListInput, access: 'signed_in' }),
  /** The values the filter menus offer: statuses and channels present in the replica, and the dealers' regions. */
  'orders.facets': procedure<OrderFacetsView>()({ input: z.object({}), access: 'signed_in' }),

} as const;
