// Contract-shaped platform and DMS orders for tests that write through the sync engine's ReplicaWriter
// (so the order queues' observer keeps its tallies, linked statuses and drift as in a running desk).
import type { Dms, Platform } from '../../../src/shared/contracts';
import type { IncomingRecord } from '../../../src/main/connectors/source';
import { lineValue } from '../../../src/main/features/orders/reconciliation';

export interface LineSpec {
  sku: string;
  qty: number;
  unitPrice: number;
}

const taxBp = 1800;

export function platformOrder(o: {
  id: string;
  number?: string;
  accountId?: string;
  status?: Platform.OrderStatus;
  channel?: Platform.Order['channel'];
  placedAt?: string;
  version?: number;
  lines?: LineSpec[];
  dmsOrderId?: string | null;
  placedBy?: Platform.Order['placed_by'];
  cancellation?: Platform.Order['cancellation'];
}): Platform.Order {
  const placedAt = o.placedAt ?? '2026-03-02T05:00:00.000Z';
  const lines = (o.lines ?? [{ sku: 'CAB-1', qty: 10, unitPrice: 1500_00 }]).map((l, i) => {
    const lineTotal = l.qty * l.unitPrice;
    return {
      line_no: i + 1,
      sku: l.sku,
      qty: l.qty,
      unit_price: l.unitPrice,
      tax_rate_bp: taxBp,
      line_total: lineTotal,
      tax: lineValue(l.qty, l.unitPrice, taxBp) - lineTotal,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.line_total, 0);
  const tax = lines.reduce((s, l) => s + l.tax, 0);
  return {
    id: o.id,
    number: o.number ?? `SO-${o.id}`,
    account_id: o.accountId ?? 'acc-00001',
    channel: o.channel ?? 'portal',
    status: o.status ?? 'received',
    placed_at: placedAt,
    placed_by: o.placedBy ?? { type: 'dealer', id: 'u1', name: 'Dealer user' },
    client_reference: null,
    currency: 'INR',
    lines,
    subtotal,
    tax_total: tax,
    total: subtotal + tax,
    credit_check: { result: 'passed', checked_at: placedAt, credit_limit: 0, exposure: 0, available_after: 0, reasons: [] },
    approvals: [],
    fulfillment: o.dmsOrderId ? { dms_order_id: o.dmsOrderId, handed_over_at: placedAt } : null,
    cancellation: o.cancellation ?? null,
    version: o.version ?? 1,
    updated_at: placedAt,
  };
}

export function dmsOrder(o: {
  id: string;
  platformOrderId: string;
  status?: Dms.OrderStatus;
  version?: number;
  lines?: (LineSpec & { allocated?: number; dispatched?: number; delivered?: number; returned?: number })[];
  shipments?: Dms.Order['shipments'];
  createdAt?: string;
}): Dms.Order {
  const lines = (o.lines ?? [{ sku: 'CAB-1', qty: 10, unitPrice: 1500_00 }]).map((l, i) => ({
    line_no: i + 1,
    sku: l.sku,
    qty: l.qty,
    unit_price: l.unitPrice,
    tax_rate_bp: taxBp,
    qty_allocated: l.allocated ?? 0,
    qty_dispatched: l.dispatched ?? 0,
    qty_delivered: l.delivered ?? 0,
    qty_returned: l.returned ?? 0,
  }));
  const createdAt = o.createdAt ?? '2026-03-02T05:10:00.000Z';
  return {
    id: o.id,
    number: `DO-${o.id}`,
    platform_order_id: o.platformOrderId,
    platform_order_number: `SO-${o.platformOrderId}`,
    dealer_code: 'DLR10001',
    status: o.status ?? 'open',
    warehouse_id: 'wh-1',
    lines,
    total: lines.reduce((s, l) => s + lineValue(l.qty, l.unit_price, l.tax_rate_bp), 0),
    expected_dispatch_date: null,
    shipments: o.shipments ?? [],
    cancellation: null,
    created_at: createdAt,
    version: o.version ?? 1,
    updated_at: createdAt,
  };
}

export function invoice(o: { id: string; dmsOrderId: string; platformOrderId: string; shipmentId: string; amount: number }): Dms.Invoice {
  return {
    id: o.id,
    number: `INV-${o.id}`,
    dealer_code: 'DLR10001',
    order_id: o.dmsOrderId,
    platform_order_id: o.platformOrderId,
    shipment_id: o.shipmentId,
    issued_at: '2026-03-03T05:00:00.000Z',
    due_date: '2026-04-02',
    amount: o.amount,
    outstanding: o.amount,
    status: 'open',
    version: 1,
    updated_at: '2026-03-03T05:00:00.000Z',
  };
}

export function record<T extends { id: string; version: number }>(resourceType: string, data: T): IncomingRecord {
  return { resourceType, id: data.id, version: data.version, deleted: false, data: data as unknown as Record<string, unknown> };
}
