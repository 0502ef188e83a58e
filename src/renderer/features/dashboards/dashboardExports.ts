// The dashboards' tables as exports (the shared export module, src/renderer/app/export): the book's dealer
// list as filtered and sorted on screen (paged from the backend), the breakdowns, a dealer's holds, top SKUs
// and percentiles, and the statement. Money stays in minor units with its currency; shares are percent cells.
import type {
  BookFilter,
  BreakdownRow,
  DealerFigures,
  DealerHoldView,
  PercentileView,
  StatementEntry,
  StatementView,
  TopSkuView,
} from '../../../shared/dashboards';
import { metricDefinitions, riskReasonText } from '../../../shared/dashboards';
import type { DeskApi } from '../../api/client';
import type { ExportColumn, ExportSource } from '../../app/export/columns';
import type { BookSort } from './useBookDealers';

const PAGE = 1000;

export function dealerExportColumns(currency: string): ExportColumn<DealerFigures>[] {
  const m = (header: string, value: (d: DealerFigures) => number | null): ExportColumn<DealerFigures> => ({
    header,
    type: 'money',
    currency,
    value,
  });
  return [
    { header: 'Dealer', type: 'text', value: (d) => d.name },
    { header: 'Code', type: 'text', value: (d) => d.dealerCode },
    { header: 'Region', type: 'text', value: (d) => d.region },
    { header: 'Tier', type: 'text', value: (d) => d.tier },
    { header: 'At risk because', type: 'text', value: (d) => d.riskReasons.map((r) => riskReasonText[r].label).join('; ') },
    m('Credit limit', (d) => d.creditLimit),
    m('DMS balance', (d) => d.balance),
    m('Unbilled', (d) => d.unbilled),
    { header: 'Credit utilisation', type: 'percent', value: (d) => d.utilisation },
    m('Overdue 1-30 days', (d) => d.ageing.d1To30),
    m('Overdue 31-60 days', (d) => d.ageing.d31To60),
    m('Overdue 61-90 days', (d) => d.ageing.d61To90),
    m('Overdue over 90 days', (d) => d.ageing.over90),
    m('Receivable balance', (d) => d.receivableBalance),
    m('Sales, last 90 days', (d) => d.sales90Days),
    { header: 'DSO (days, rounded)', type: 'integer', value: (d) => (d.dso === null ? null : Math.round(d.dso)) },
    {
      header: 'DSO 90 days ago (days, rounded)',
      type: 'integer',
      value: (d) => (d.dso90DaysAgo === null ? null : Math.round(d.dso90DaysAgo)),
    },
    m('Sales, last 12 months', (d) => d.sales12Months),
    m('Return credits, last 12 months', (d) => d.returnCredits12Months),
    { header: 'Return rate', type: 'percent', value: (d) => d.returnRate },
    { header: 'Fill rate', type: 'percent', value: (d) => d.fillRate },
    { header: 'On-time delivery', type: 'percent', value: (d) => d.onTimeDelivery },
    { header: 'Holds, last 12 months', type: 'integer', value: (d) => d.holds12Months.held },
    { header: 'Holds, last 90 days', type: 'integer', value: (d) => d.holds90Days },
    { header: 'Holds, previous 90 days', type: 'integer', value: (d) => d.holdsPrevious90Days },
  ];
}

/** The book's dealers behind the drill-down, in the table's order, a thousand at a time. */
export async function dealerExportSource(api: DeskApi, filter: BookFilter, sort: BookSort): Promise<ExportSource<DealerFigures>> {
  const first = await api.call('dashboards.bookDealers', { filter, sort, offset: 0, limit: PAGE });
  async function* pages(): AsyncGenerator<readonly DealerFigures[]> {
    let page = first;
    let offset = 0;
    for (;;) {
      if (page.rows.length > 0) yield page.rows;
      offset += page.rows.length;
      if (page.rows.length < PAGE) return;
      page = await api.call('dashboards.bookDealers', { filter, sort, offset, limit: PAGE });
    }
  }
  return { total: first.total, pages: pages() };
}

/** A list already on screen, as one page. */
export function listSource<Row>(rows: readonly Row[]): ExportSource<Row> {
  async function* pages(): AsyncGenerator<readonly Row[]> {
    if (rows.length > 0) yield rows;
  }
  return { total: rows.length, pages: pages() };
}

export function breakdownExportColumns(groupHeader: string, currency: string): ExportColumn<BreakdownRow>[] {
  return [
    { header: groupHeader, type: 'text', value: (r) => r.group },
    { header: 'Dealers', type: 'integer', value: (r) => r.dealers },
    { header: 'At risk', type: 'integer', value: (r) => r.atRisk },
    { header: 'Sales, last 12 months', type: 'money', currency, value: (r) => r.sales12Months },
    { header: 'Receivable balance', type: 'money', currency, value: (r) => r.receivableBalance },
    { header: 'Overdue', type: 'money', currency, value: (r) => r.overdue },
    { header: 'Overdue beyond 60 days', type: 'money', currency, value: (r) => r.over60 },
    { header: 'Holds, last 12 months', type: 'integer', value: (r) => r.holds12Months },
  ];
}

export function holdExportColumns(currency: string): ExportColumn<DealerHoldView>[] {
  return [
    { header: 'Order', type: 'text', value: (h) => h.orderNumber },
    { header: 'Held', type: 'datetime', value: (h) => h.heldAt },
    { header: 'Reasons', type: 'text', value: (h) => h.reasons.join(', ') },
    { header: 'Total', type: 'money', currency, value: (h) => h.total },
    { header: 'Outcome', type: 'text', value: (h) => h.outcome.replace('_', ' ') },
    { header: 'Decided', type: 'datetime', value: (h) => h.decidedAt },
    { header: 'Minutes to decision', type: 'integer', value: (h) => h.minutesToDecision },
  ];
}

export function topSkuExportColumns(currency: string): ExportColumn<TopSkuView>[] {
  return [
    { header: 'SKU', type: 'text', value: (s) => s.sku },
    { header: 'Product', type: 'text', value: (s) => s.name },
    { header: 'Ordered quantity', type: 'integer', value: (s) => s.orderedQty },
    { header: 'Orders', type: 'integer', value: (s) => s.orders },
    { header: 'Value (with tax)', type: 'money', currency, value: (s) => s.value },
  ];
}

export function percentileExportColumns(): ExportColumn<PercentileView>[] {
  return [
    { header: 'Metric', type: 'text', value: (p) => metricDefinitions[p.metric].name },
    { header: 'Period', type: 'text', value: (p) => metricDefinitions[p.metric].period },
    { header: 'Value', type: 'text', value: (p) => (p.value === null ? null : String(Number(p.value.toFixed(4)))) },
    {
      header: 'Percentile in region',
      type: 'integer',
      value: (p) => (p.regionPercentile === null ? null : Math.round(p.regionPercentile)),
    },
    { header: 'Dealers in region', type: 'integer', value: (p) => p.regionPeers },
    { header: 'Percentile in tier', type: 'integer', value: (p) => (p.tierPercentile === null ? null : Math.round(p.tierPercentile)) },
    { header: 'Dealers in tier', type: 'integer', value: (p) => p.tierPeers },
    { header: 'Better is', type: 'text', value: (p) => metricDefinitions[p.metric].better },
  ];
}

/** A statement line as exported: the opening balance, each entry, the closing balance. */
export interface StatementExportRow {
  day: string;
  type: string | null;
  reference: string;
  detail: string | null;
  debit: number | null;
  credit: number | null;
  balance: number;
}

const kindLabel: Record<StatementEntry['kind'], string> = { invoice: 'Invoice', payment: 'Payment', return: 'Return' };

export function statementRows(s: StatementView): StatementExportRow[] {
  return [
    { day: s.from, type: null, reference: 'Opening balance', detail: null, debit: null, credit: null, balance: s.openingBalance },
    ...s.entries.map((e) => ({
      day: e.day,
      type: kindLabel[e.kind],
      reference: e.reference,
      detail: e.detail,
      debit: e.debit || null,
      credit: e.credit || null,
      balance: e.balance,
    })),
    { day: s.to, type: null, reference: 'Closing balance', detail: null, debit: null, credit: null, balance: s.closingBalance },
  ];
}

export function statementExportColumns(currency: string): ExportColumn<StatementExportRow>[] {
  return [
    { header: 'Date', type: 'date', value: (e) => e.day },
    { header: 'Type', type: 'text', value: (e) => e.type },
    { header: 'Reference', type: 'text', value: (e) => e.reference },
    { header: 'Details', type: 'text', value: (e) => e.detail },
    { header: 'Debit', type: 'money', currency, value: (e) => e.debit },
    { header: 'Credit', type: 'money', currency, value: (e) => e.credit },
    { header: 'Balance', type: 'money', currency, value: (e) => e.balance },
  ];
}
