// The order queues' exports through the shared export (src/renderer/app/export): a view as it is filtered
// and sorted, in its columns, read from the backend page by page; or the orders selected for a bulk action.
// Money as numbers (paise, typed as money), dates as dates.
import type { OrderColumnId } from '../../../shared/orderViews';
import {
  dealerVisibleStatusLabels,
  dmsOrderStatusLabels,
  driftKindLabels,
  driftKindsOf,
  orderChannelLabels,
  platformOrderStatusLabels,
  slaStageLabels,
  type OrderRowView,
} from '../../../shared/orders';
import type { DeskApi } from '../../api/client';
import type { ExportColumn, ExportSource } from '../../app/export/columns';
import type { OrderQuery } from './useOrderPages';

/** The most orders.list returns at once. */
const PAGE = 500;

/** Export columns per table column: a table column may carry more than one fact (the dealer's name and code). */
const exportColumnsOf: Record<OrderColumnId, ExportColumn<OrderRowView>[]> = {
  number: [{ header: 'Number', type: 'text', value: (o) => o.number }],
  dealer: [
    { header: 'Dealer', type: 'text', value: (o) => o.dealerName },
    { header: 'Dealer code', type: 'text', value: (o) => o.dealerCode },
    { header: 'Region', type: 'text', value: (o) => o.region },
  ],
  channel: [{ header: 'Channel', type: 'text', value: (o) => orderChannelLabels[o.channel] }],
  status: [{ header: 'Status', type: 'text', value: (o) => platformOrderStatusLabels[o.status] }],
  sla: [
    { header: 'SLA stage', type: 'text', value: (o) => (o.sla ? slaStageLabels[o.sla.stage] : null) },
    { header: 'In stage since', type: 'datetime', value: (o) => o.sla?.since ?? null },
  ],
  // Every order of the desk's platform is in rupees today; the column says which currency it is in.
  total: [{ header: 'Total', type: 'money', currency: 'INR', value: (o) => o.total }],
  placedAt: [{ header: 'Placed', type: 'datetime', value: (o) => o.placedAt }],
  placedBy: [{ header: 'Placed by', type: 'text', value: (o) => o.placedByName }],
  dmsStatus: [
    { header: 'DMS order', type: 'text', value: (o) => o.dmsOrderNumber },
    { header: 'DMS status', type: 'text', value: (o) => (o.dmsStatus ? dmsOrderStatusLabels[o.dmsStatus] : null) },
  ],
  dealerStatus: [
    { header: 'Dealer sees', type: 'text', value: (o) => (o.dealerStatus ? dealerVisibleStatusLabels[o.dealerStatus] : null) },
    { header: 'Published', type: 'datetime', value: (o) => o.dealerStatusAt },
    {
      header: 'Tracking',
      type: 'text',
      value: (o) => (o.tracking ? [o.tracking.carrier, o.tracking.number].filter(Boolean).join(' ') : null),
    },
  ],
  drift: [
    {
      header: 'Drift',
      type: 'text',
      value: (o) =>
        driftKindsOf(o.drift)
          .map((k) => driftKindLabels[k])
          .join('; ') || null,
    },
  ],
};

/** A view's columns for the file, in its order; the order number always leads. */
export function orderExportColumns(columns: readonly OrderColumnId[]): ExportColumn<OrderRowView>[] {
  const ids: OrderColumnId[] = ['number', ...columns.filter((c) => c !== 'number')];
  return ids.flatMap((id) => exportColumnsOf[id]);
}

/**
 * The view's rows as the table shows them (same filters, same sort), a page at a time, with the total known
 * before the first page (for the progress bar). Pages are read by offset: an order that changes status while
 * a long export runs can move between pages (the export is as of each page's read).
 */
export async function viewExportSource(api: DeskApi, query: OrderQuery): Promise<ExportSource<OrderRowView>> {
  const first = await api.call('orders.list', { ...query, offset: 0, limit: 1 });
  async function* pages(): AsyncGenerator<readonly OrderRowView[]> {
    for (let offset = 0; ; offset += PAGE) {
      const page = await api.call('orders.list', { ...query, offset, limit: PAGE });
      if (page.rows.length > 0) yield page.rows;
      if (page.rows.length < PAGE || offset + page.rows.length >= page.total) return;
    }
  }
  return { total: first.total, pages: pages() };
}

/** The orders selected for a bulk action, as they were when selected. */
export function selectionExportSource(rows: readonly OrderRowView[]): ExportSource<OrderRowView> {
  async function* pages(): AsyncGenerator<readonly OrderRowView[]> {
    for (let i = 0; i < rows.length; i += PAGE) yield rows.slice(i, i + PAGE);
  }
  return { total: rows.length, pages: pages() };
}
