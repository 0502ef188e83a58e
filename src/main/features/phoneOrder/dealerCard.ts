// The dealer card the clerk sees once a dealer is chosen: terms, price list and home warehouse, the credit
// summary with its as-of time, open holds, and the last orders (each can be reordered).
import type Database from 'better-sqlite3';
import type { DealerCardView, ReorderLinesView } from '../../../shared/api/features/phoneOrder';
import { ApiFailure } from '../../../shared/api/errors';
import type { Platform } from '../../../shared/contracts';
import type { HoldReason } from '../../../shared/credit/preview';
import { creditCheck } from '../../../shared/credit/preview';
import { hasDealerWaiting } from '../../../shared/dealerWaiting';
import { requireAccount } from './preview';
import { homeWarehouse, phoneOrderReads, priceListOf, replicaAsOf } from './replicaReads';

const LAST_ORDERS = 8;

export function dealerCard(sqlite: Database.Database, accountId: string): DealerCardView {
  const reads = phoneOrderReads(sqlite);
  const account = requireAccount(reads, accountId);
  const raw = JSON.parse(account.raw) as Platform.Account;
  const credit = reads.platformCredit.get(account.id);
  const open = reads.notHandedOver.get(account.id) ?? { n: 0, total: 0 };
  const queued = reads.queuedOnDesk.get(account.id, '') ?? { n: 0, total: 0 };
  // The same formula as the preview, for an empty order: what the next order starts from.
  const check = creditCheck(
    credit
      ? {
          creditLimit: credit.credit_limit,
          exposure: credit.exposure,
          oldestOverdueDays: credit.oldest_overdue_days,
          blocked: credit.blocked === 1,
        }
      : null,
    open.total + queued.total,
    0,
  );
  const holds = sqlite
    .prepare(
      `SELECT id, number, placed_at, total, hold_reasons, json_extract(raw, '$.notes') AS notes FROM platform_orders
       WHERE account_id = ? AND status = 'credit_hold' ORDER BY placed_at DESC LIMIT 20`,
    )
    .all(account.id) as { id: string; number: string; placed_at: string; total: number; hold_reasons: string; notes: string | null }[];
  const last = sqlite
    .prepare(
      `SELECT id, number, placed_at, status, channel, total, line_count FROM platform_orders
       WHERE account_id = ? ORDER BY placed_at DESC LIMIT ${LAST_ORDERS}`,
    )
    .all(account.id) as {
    id: string;
    number: string;
    placed_at: string;
    status: string;
    channel: string;
    total: number;
    line_count: number;
  }[];
  return {
    account: {
      id: account.id,
      code: account.code,
      name: account.name,
      legalName: account.legal_name,
      taxId: account.tax_id,
      status: account.status,
      tier: account.tier,
      region: account.region,
      city: account.city,
      phone: account.phone,
      currency: account.currency,
      paymentTermsDays: account.payment_terms_days,
      priceList: priceListOf(reads, account),
      contacts: (raw.contacts ?? []).map((c) => ({ name: c.name, phone: c.phone ?? null, role: c.role ?? null })),
    },
    homeWarehouse: homeWarehouse(reads, account),
    credit: {
      source: credit ? 'platform' : 'none',
      limit: check.creditLimit,
      exposure: check.exposure,
      available: check.availableAfter,
      overdue: credit?.overdue ?? 0,
      oldestOverdueDays: credit?.oldest_overdue_days ?? 0,
      blocked: credit?.blocked === 1,
      asOf: credit?.as_of ?? null,
    },
    openHolds: holds.map((h) => ({
      id: h.id,
      number: h.number,
      placedAt: h.placed_at,
      total: h.total,
      reasons: h.hold_reasons.split(',').filter(Boolean) as HoldReason[],
      dealerWaiting: hasDealerWaiting(h.notes),
    })),
    lastOrders: last.map((o) => ({
      id: o.id,
      number: o.number,
      placedAt: o.placed_at,
      status: o.status,
      channel: o.channel,
      total: o.total,
      lineCount: o.line_count,
    })),
    asOf: replicaAsOf(reads),
  };
}

/** A past order's lines for reorder: the ones still sold, with the price they had; withdrawn ones named. */
export function reorderLines(sqlite: Database.Database, orderId: string): ReorderLinesView {
  const order = sqlite.prepare('SELECT id, number, placed_at FROM platform_orders WHERE id = ?').get(orderId) as
    { id: string; number: string; placed_at: string } | undefined;
  if (!order) throw new ApiFailure('not_found', 'That order is not in the replica any more.');
  const rows = sqlite
    .prepare(
      `SELECT l.sku, l.qty, l.unit_price, p.name, p.active FROM platform_order_lines l
       LEFT JOIN platform_products p ON p.sku = l.sku WHERE l.order_id = ? ORDER BY l.line_no`,
    )
    .all(orderId) as { sku: string; qty: number; unit_price: number; name: string | null; active: number | null }[];
  const view: ReorderLinesView = { order: { id: order.id, number: order.number, placedAt: order.placed_at }, lines: [], withdrawn: [] };
  for (const r of rows) {
    if (r.active === 1) view.lines.push({ sku: r.sku, qty: r.qty, previousUnitPrice: r.unit_price });
    else view.withdrawn.push({ sku: r.sku, name: r.name, why: r.active === null ? 'no longer in the catalogue' : 'withdrawn (inactive)' });
  }
  return view;
}
