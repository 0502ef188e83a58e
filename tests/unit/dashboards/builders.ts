// Hand-built replica records for the dashboards' tests: contract-shaped platform and DMS resources, written
// through the real ReplicaWriter (so the dashboards' observer sees them as a sync would deliver them) into a
// real backend on a temp data directory, with a clock the test sets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingRecord } from '../../../src/main/connectors/source';
import { createBackend, type Backend } from '../../../src/main/backend';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import type { Dms, Platform } from '../../../src/shared/contracts';

export const T0 = '2025-01-01T00:00:00.000Z';

export function platformAccount(p: { id: string; code: string; name?: string; region?: string; tier?: string }): Platform.Account {
  return {
    id: p.id,
    code: p.code,
    name: p.name ?? `Dealer ${p.code}`,
    legal_name: `${p.name ?? `Dealer ${p.code}`} Pvt Ltd`,
    status: 'active',
    region: p.region ?? 'North',
    tier: p.tier ?? 'gold',
    currency: 'INR',
    price_list_id: 'base',
    payment_terms_days: 30,
    address: { line1: '1 Main Road', city: 'Pune', state: 'MH', postal_code: '411001', country: 'IN' },
    version: 1,
    updated_at: T0,
  } as Platform.Account;
}

export function dmsAccount(p: {
  code: string;
  limit: number;
  balance?: number;
  unbilled?: number;
  blocked?: boolean;
  version?: number;
  at?: string;
}): Dms.Account {
  const balance = p.balance ?? 0;
  return {
    dealer_code: p.code,
    name: `Dealer ${p.code} Pvt Ltd`,
    currency: 'INR',
    credit_limit: p.limit,
    balance,
    unbilled: p.unbilled ?? 0,
    overdue: 0,
    oldest_overdue_days: 0,
    ageing: { not_due: balance, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 },
    blocked: p.blocked ?? false,
    payment_terms_days: 30,
    version: p.version ?? 1,
    updated_at: p.at ?? T0,
  };
}

export function invoice(p: {
  id: string;
  code: string;
  issuedAt: string;
  dueDate: string;
  amount: number;
  outstanding?: number;
  status?: Dms.Invoice['status'];
  orderId?: string | null;
  version?: number;
}): Dms.Invoice {
  const outstanding = p.outstanding ?? p.amount;
  return {
    id: p.id,
    number: `INV-${p.id}`,
    dealer_code: p.code,
    order_id: p.orderId ?? null,
    platform_order_id: null,
    shipment_id: null,
    issued_at: p.issuedAt,
    due_date: p.dueDate,
    amount: p.amount,
    outstanding,
    status: p.status ?? (outstanding === 0 ? 'paid' : outstanding < p.amount ? 'partially_paid' : 'open'),
    version: p.version ?? 1,
    updated_at: p.issuedAt,
  };
}

export function payment(p: { id: string; code: string; at: string; amount: number; version?: number }): Dms.Payment {
  return {
    id: p.id,
    dealer_code: p.code,
    amount: p.amount,
    received_at: p.at,
    method: 'neft',
    reference: `NEFT-${p.id}`,
    allocations: [],
    version: p.version ?? 1,
    updated_at: p.at,
  };
}

export function dmsReturn(p: {
  id: string;
  code: string;
  orderId: string;
  at: string;
  credit: number;
  qty?: number;
  version?: number;
}): Dms.Return {
  return {
    id: p.id,
    number: `RMA-${p.id}`,
    dealer_code: p.code,
    order_id: p.orderId,
    platform_order_id: null,
    lines: [{ sku: 'SKU-1', qty: p.qty ?? 1, reason: 'damaged' }],
    credit_amount: p.credit,
    received_at: p.at,
    version: p.version ?? 1,
    updated_at: p.at,
  };
}

export function dmsOrder(p: {
  id: string;
  code: string;
  status: Dms.Order['status'];
  createdAt?: string;
  lines: { qty: number; delivered?: number; unitPrice?: number; sku?: string }[];
  shipments?: { deliveredAt: string | null; eta: string | null; dispatchedAt?: string }[];
  /** For a cancelled order: when. */
  cancelledAt?: string;
  updatedAt?: string;
  version?: number;
}): Dms.Order {
  const lines = p.lines.map((l, i) => ({
    line_no: i + 1,
    sku: l.sku ?? `SKU-${i + 1}`,
    qty: l.qty,
    unit_price: l.unitPrice ?? 10_000,
    tax_rate_bp: 1800,
    qty_allocated: l.qty,
    qty_dispatched: l.delivered ?? 0,
    qty_delivered: l.delivered ?? 0,
    qty_returned: 0,
  }));
  const total = lines.reduce((s, l) => s + l.qty * l.unit_price + Math.floor((l.qty * l.unit_price * l.tax_rate_bp + 5000) / 10_000), 0);
  return {
    id: p.id,
    number: `DO-${p.id}`,
    platform_order_id: `po-${p.id}`,
    platform_order_number: `SO-${p.id}`,
    dealer_code: p.code,
    status: p.status,
    warehouse_id: 'wh-1',
    lines,
    total,
    expected_dispatch_date: null,
    shipments: (p.shipments ?? []).map((s, i) => ({
      id: `${p.id}-s${i + 1}`,
      number: `SHP-${p.id}-${i + 1}`,
      dispatched_at: s.dispatchedAt ?? p.createdAt ?? T0,
      carrier: 'VRL',
      tracking_number: `T${i}`,
      vehicle_no: 'MH12AB1234',
      eta: s.eta,
      delivered_at: s.deliveredAt,
      lines: lines.map((l) => ({ line_no: l.line_no, qty: l.qty_dispatched })),
    })),
    cancellation: p.cancelledAt ? { reason: 'Dealer asked', by: { id: 's', name: 'Staff' }, at: p.cancelledAt } : null,
    created_at: p.createdAt ?? T0,
    version: p.version ?? 1,
    updated_at: p.updatedAt ?? p.cancelledAt ?? p.createdAt ?? T0,
  };
}

export function platformOrder(p: {
  id: string;
  accountId: string;
  placedAt: string;
  held?: boolean;
  status?: Platform.Order['status'];
  decision?: { outcome: 'approved' | 'rejected'; at: string } | null;
  creditLimit?: number;
  total?: number;
  version?: number;
}): Platform.Order {
  const total = p.total ?? 118_000;
  const held = p.held ?? false;
  return {
    id: p.id,
    number: `SO-${p.id}`,
    account_id: p.accountId,
    channel: 'portal',
    status: p.status ?? (held ? 'credit_hold' : 'received'),
    placed_at: p.placedAt,
    placed_by: { type: 'dealer', id: 'd', name: 'Dealer' },
    client_reference: null,
    currency: 'INR',
    lines: [{ line_no: 1, sku: 'SKU-1', qty: 10, unit_price: 10_000, tax_rate_bp: 1800, line_total: 100_000, tax: 18_000 }],
    subtotal: 100_000,
    tax_total: 18_000,
    total,
    credit_check: {
      result: held ? 'held' : 'passed',
      checked_at: p.placedAt,
      credit_limit: p.creditLimit ?? 10_000_000,
      exposure: 0,
      available_after: 0,
      reasons: held ? ['over_limit'] : [],
    },
    approvals: [],
    decision: p.decision
      ? p.decision.outcome === 'approved'
        ? { outcome: 'approved', by: { id: 's', name: 'Controller' }, at: p.decision.at, reason: 'ok', reference: 'cov-1' }
        : { outcome: 'rejected', by: { id: 's', name: 'Controller' }, at: p.decision.at, reason: 'no', reason_code: 'over_limit' }
      : null,
    fulfillment: null,
    cancellation: null,
    version: p.version ?? 1,
    updated_at: p.placedAt,
  } as Platform.Order;
}

const typeOf = {
  platform: (r: object) => ('credit_check' in r ? 'order' : 'account'),
  dms: (r: object) =>
    'credit_limit' in r
      ? 'account'
      : 'credit_amount' in r
        ? 'return'
        : 'allocations' in r
          ? 'payment'
          : 'due_date' in r
            ? 'invoice'
            : 'order',
};

function idOf(data: Record<string, unknown>): string {
  return String(data['id'] ?? data['dealer_code']);
}

export function record(system: 'platform' | 'dms', data: object, deleted = false): IncomingRecord {
  const d = data as Record<string, unknown>;
  return { resourceType: typeOf[system](data), id: idOf(d), version: Number(d['version']), deleted, data: d };
}

export interface DashReplica {
  backend: Backend;
  clock: { now: Date };
  platform: ReplicaWriter;
  dms: ReplicaWriter;
  /** Applies records in one transaction, as one page. */
  apply(system: 'platform' | 'dms', records: object[], opts?: { snapshot?: boolean }): void;
  cleanup(): Promise<void>;
}

export async function dashReplica(now: string): Promise<DashReplica> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dd-dash-'));
  const clock = { now: new Date(now) };
  const backend = await createBackend({ dataDir, now: () => clock.now, log: () => {} });
  const writers = {
    platform: new ReplicaWriter(backend.sqlite, 'platform', () => clock.now),
    dms: new ReplicaWriter(backend.sqlite, 'dms', () => clock.now),
  };
  return {
    backend,
    clock,
    ...writers,
    apply(system, records, opts) {
      backend.sqlite.transaction(() =>
        writers[system].apply(
          records.map((r) => record(system, r)),
          opts,
        ),
      )();
    },
    async cleanup() {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
