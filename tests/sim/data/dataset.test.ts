// The seeded dataset: contract-valid records, determinism, and consistency within and across both systems.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dms, Platform } from '../../../src/shared/contracts/index.js';
import { checkAgainst } from '../../../src/shared/contracts/validate.js';
import { type DatasetBatch, type DatasetOptions, MAX_BATCH, datasetScale, generateDataset } from '../../../src/sim/data/index.js';
import { gstinCheckChar } from '../../../src/sim/data/dealers.js';

const NOW = new Date('2026-11-28T06:00:00Z');
const TODAY = '2026-11-28';
const OPTS: DatasetOptions = { seed: 42, scale: 'test', now: NOW, sizes: { dealers: 160, skus: 300, orders: 7000 } };

const SCHEMA: Record<string, string> = {
  'platform:accounts': 'Account',
  'platform:credit': 'Credit',
  'platform:products': 'Product',
  'platform:price_lists': 'PriceList',
  'platform:prices': 'Price',
  'platform:orders': 'Order',
  'platform:dealer_statuses': 'DealerStatus',
  'dms:accounts': 'Account',
  'dms:warehouses': 'Warehouse',
  'dms:stock': 'Stock',
  'dms:orders': 'Order',
  'dms:invoices': 'Invoice',
  'dms:payments': 'Payment',
  'dms:returns': 'Return',
  'dms:credit_overrides': 'CreditOverride',
};

interface Data {
  batches: DatasetBatch[];
  accounts: Platform.Account[];
  credit: Platform.Credit[];
  products: Platform.Product[];
  priceLists: Platform.PriceList[];
  prices: Platform.Price[];
  orders: Platform.Order[];
  statuses: Platform.DealerStatus[];
  dmsAccounts: Dms.Account[];
  warehouses: Dms.Warehouse[];
  stock: Dms.Stock[];
  dmsOrders: Dms.Order[];
  invoices: Dms.Invoice[];
  payments: Dms.Payment[];
  returns: Dms.Return[];
  overrides: Dms.CreditOverride[];
}

function collect(opts: DatasetOptions): Data {
  const batches = [...generateDataset(opts)];
  const of = <T>(key: string): T[] => batches.filter((b) => `${b.system}:${b.collection}` === key).flatMap((b) => b.records as T[]);
  return {
    batches,
    accounts: of('platform:accounts'),
    credit: of('platform:credit'),
    products: of('platform:products'),
    priceLists: of('platform:price_lists'),
    prices: of('platform:prices'),
    orders: of('platform:orders'),
    statuses: of('platform:dealer_statuses'),
    dmsAccounts: of('dms:accounts'),
    warehouses: of('dms:warehouses'),
    stock: of('dms:stock'),
    dmsOrders: of('dms:orders'),
    invoices: of('dms:invoices'),
    payments: of('dms:payments'),
    returns: of('dms:returns'),
    overrides: of('dms:credit_overrides'),
  };
}

function digest(opts: DatasetOptions): string {
  const h = createHash('sha256');
  for (const b of generateDataset(opts)) h.update(`${b.system}:${b.collection}:${JSON.stringify(b.records)}\n`);
  return h.digest('hex');
}

const tax = (lineTotal: number, bp: number): number => Math.floor((lineTotal * bp + 5000) / 10000);
const value = (qty: number, price: number, bp: number): number => qty * price + tax(qty * price, bp);
const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

function byId<T>(items: T[], key: (t: T) => string): Map<string, T> {
  return new Map(items.map((t) => [key(t), t]));
}

let data: Data;
beforeAll(() => {
  data = collect(OPTS);
});

describe('seeded dataset', () => {
  it('has the documented scales', () => {
    expect(datasetScale('demo')).toEqual({ dealers: 500, skus: 3000, orders: 50_000 });
    expect(datasetScale('bench')).toEqual({ dealers: 5000, skus: 20_000, orders: 1_000_000 });
    expect(data.accounts).toHaveLength(160);
    expect(data.products).toHaveLength(300);
    // every dealer order plus the first order of each brand-new dealer
    expect(data.orders.length).toBeGreaterThanOrEqual(7000);
    expect(data.orders.length).toBeLessThan(7010);
  });

  it('emits every record exactly contract-shaped, in batches of at most 5000 of one collection', () => {
    const failures: string[] = [];
    for (const b of data.batches) {
      expect(b.records.length).toBeGreaterThan(0);
      expect(b.records.length).toBeLessThanOrEqual(MAX_BATCH);
      const key = `${b.system}:${b.collection}`;
      const schema = SCHEMA[key];
      expect(schema, key).toBeDefined();
      for (const r of b.records) {
        const issues = checkAgainst(b.system, schema ?? '', r);
        if (issues.length && failures.length < 5) failures.push(`${key} ${JSON.stringify(issues)} ${JSON.stringify(r).slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(new Set(data.batches.map((b) => `${b.system}:${b.collection}`))).toEqual(new Set(Object.keys(SCHEMA)));
  });

  it('has unique ids per collection', () => {
    const unique = (ids: string[]): void => expect(new Set(ids).size).toBe(ids.length);
    unique(data.orders.map((o) => o.id));
    unique(data.orders.map((o) => o.number));
    unique(data.dmsOrders.map((o) => o.id));
    unique(data.dmsOrders.map((o) => o.platform_order_id));
    unique(data.invoices.map((i) => i.id));
    unique(data.payments.map((p) => p.id));
    unique(data.prices.map((p) => p.id));
    unique(data.statuses.map((s) => s.id));
    unique(data.stock.map((s) => s.id));
    unique(data.accounts.map((a) => a.code));
    unique(data.overrides.map((o) => o.platform_order_id));
    const refs = data.orders.filter((o) => o.client_reference).map((o) => `${o.account_id}/${o.client_reference}`);
    unique(refs);
  });

  it('is deterministic: same seed, scale and now give the same bytes; another seed differs', () => {
    const small: DatasetOptions = { seed: 7, scale: 'test', now: NOW, sizes: { dealers: 30, skus: 80, orders: 900 } };
    const a = digest(small);
    expect(digest(small)).toBe(a);
    expect(digest({ ...small, seed: 8 })).not.toBe(a);
    expect(digest({ ...small, now: new Date('2026-11-29T06:00:00Z') })).not.toBe(a);
  });

  it('looks like an Indian dealer network', () => {
    for (const a of data.accounts) {
      expect(a.tax_id).toMatch(/^\d{2}[A-Z]{3}[PFC][A-Z]\d{4}[A-Z][1-9]Z[0-9A-Z]$/);
      expect(a.tax_id?.slice(14)).toBe(gstinCheckChar(a.tax_id?.slice(0, 14) ?? ''));
      expect(a.phone).toMatch(/^\+91 9\d{9}$/);
      expect(a.address?.postal_code).toMatch(/^\d{6}$/);
      expect([15, 30, 45, 60]).toContain(a.payment_terms_days);
      expect(a.currency).toBe('INR');
    }
    expect(new Set(data.accounts.map((a) => a.tier))).toEqual(new Set(['platinum', 'gold', 'silver', 'bronze']));
    expect(new Set(data.accounts.map((a) => a.region)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(data.products.map((p) => p.uom))).toEqual(new Set(['case', 'bag', 'drum']));
    expect(new Set(data.products.map((p) => p.tax_rate_bp))).toEqual(new Set([500, 1200, 1800, 2800]));
    for (const p of data.products) {
      expect(p.min_order_qty % p.order_multiple).toBe(0);
      expect(p.barcode).toMatch(/^890\d{10}$/);
    }
    expect(data.warehouses).toHaveLength(6);
    const byWarehouse = new Map<string, number>();
    for (const s of data.stock) byWarehouse.set(s.warehouse_id, (byWarehouse.get(s.warehouse_id) ?? 0) + s.on_hand);
    const depths = [...byWarehouse.values()].sort((a, b) => a - b);
    expect((depths[5] ?? 0) / (depths[0] ?? 1)).toBeGreaterThan(2); // uneven stock
    expect(data.stock.some((s) => s.on_hand === 0)).toBe(true);
  });

  it('has base, tier and contract price lists with quantity breaks, future and expired prices', () => {
    const lists = byId(data.priceLists, (l) => l.id);
    expect(lists.get('base')).toBeDefined();
    expect(['tier-platinum', 'tier-gold', 'tier-silver'].every((id) => lists.has(id))).toBe(true);
    const contracts = data.priceLists.filter((l) => l.account_id);
    expect(contracts.length).toBeGreaterThan(0);
    const accounts = byId(data.accounts, (a) => a.id);
    for (const c of contracts) expect(accounts.get(c.account_id ?? '')?.price_list_id).toBe(c.id);
    for (const a of data.accounts) expect(lists.has(a.price_list_id)).toBe(true);
    expect(data.prices.some((p) => p.min_qty > 1)).toBe(true);
    expect(data.prices.some((p) => p.valid_from != null && p.valid_from > TODAY)).toBe(true);
    expect(data.prices.some((p) => p.valid_to != null && p.valid_to < TODAY)).toBe(true);
    for (const p of data.prices) expect(p.id).toBe(`${p.price_list_id}:${p.sku}:${p.min_qty}`);
  });

  it('prices every order line by the platform rule on its placement day, and respects quantity rules', () => {
    const products = byId(data.products, (p) => p.sku);
    const accounts = byId(data.accounts, (a) => a.id);
    const pricesBy = new Map<string, Platform.Price[]>();
    for (const p of data.prices) {
      const k = `${p.price_list_id}|${p.sku}`;
      const list = pricesBy.get(k) ?? [];
      list.push(p);
      pricesBy.set(k, list);
    }
    const resolveOn = (list: string, sku: string, qty: number, day: string): number | null => {
      let best: Platform.Price | null = null;
      for (const p of pricesBy.get(`${list}|${sku}`) ?? []) {
        if (p.min_qty > qty || (p.valid_from != null && p.valid_from > day) || (p.valid_to != null && p.valid_to < day)) continue;
        if (!best || p.min_qty > best.min_qty) best = p;
      }
      return best?.unit_price ?? null;
    };
    let checked = 0;
    for (const o of data.orders) {
      const account = accounts.get(o.account_id);
      expect(account).toBeDefined();
      const day = o.placed_at.slice(0, 10);
      let subtotal = 0;
      let taxTotal = 0;
      o.lines.forEach((l, i) => {
        expect(l.line_no).toBe(i + 1);
        const product = products.get(l.sku);
        expect(product?.active).toBe(true);
        expect(l.qty).toBeGreaterThanOrEqual(product?.min_order_qty ?? Infinity);
        expect(l.qty % (product?.order_multiple ?? 1)).toBe(0);
        expect(l.tax_rate_bp).toBe(product?.tax_rate_bp);
        expect(l.line_total).toBe(l.qty * l.unit_price);
        expect(l.tax).toBe(tax(l.line_total, l.tax_rate_bp));
        const resolved = resolveOn(account?.price_list_id ?? '', l.sku, l.qty, day) ?? resolveOn('base', l.sku, l.qty, day);
        if (l.price_override_reason) expect(l.list_price).toBe(resolved);
        else expect(l.unit_price).toBe(resolved);
        checked++;
        subtotal += l.line_total;
        taxTotal += l.tax;
      });
      expect(o.subtotal).toBe(subtotal);
      expect(o.tax_total).toBe(taxTotal);
      expect(o.total).toBe(subtotal + taxTotal);
    }
    expect(checked).toBeGreaterThan(20_000); // ~5 lines per order
  });

  it('sets expected dispatch dates by the DMS rule, and ends with a few orders already late', () => {
    const undispatched = ['open', 'allocated', 'partially_allocated', 'backordered', 'picking'];
    let dispatchedLate = 0;
    for (const d of data.dmsOrders) {
      // Unknown until stock is allocated; otherwise two days after allocation, seven on part or no stock.
      if (d.status === 'open') expect(d.expected_dispatch_date).toBeNull();
      const first = d.shipments[0];
      if (d.status !== 'open' && d.status !== 'cancelled') expect(d.expected_dispatch_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (first && d.expected_dispatch_date && first.dispatched_at.slice(0, 10) > d.expected_dispatch_date) dispatchedLate += 1;
    }
    // A warehouse backlog now and then: some history was dispatched late, and at the end some orders are
    // still not dispatched by their expected date, or their shipment is past its ETA and not delivered.
    expect(dispatchedLate).toBeGreaterThan(data.dmsOrders.length * 0.01);
    const lateNow = data.dmsOrders.filter(
      (d) =>
        (undispatched.includes(d.status) && d.expected_dispatch_date !== null && (d.expected_dispatch_date ?? '') < TODAY) ||
        d.shipments.some((s) => !s.delivered_at && s.eta && s.eta < TODAY),
    );
    expect(lateNow.length).toBeGreaterThan(0);
  });

  it('keeps the two systems consistent: hand-over, fulfilment quantities, invoices and payments', () => {
    const orders = byId(data.orders, (o) => o.id);
    const dmsByPlatform = byId(data.dmsOrders, (o) => o.platform_order_id);
    const accounts = byId(data.accounts, (a) => a.id);
    for (const d of data.dmsOrders) {
      const o = orders.get(d.platform_order_id);
      expect(o, d.platform_order_id).toBeDefined();
      expect(['in_fulfillment', 'closed']).toContain(o?.status);
      expect(o?.fulfillment?.dms_order_id).toBe(d.id);
      expect(d.platform_order_number).toBe(o?.number);
      expect(d.dealer_code).toBe(accounts.get(o?.account_id ?? '')?.code);
      expect(d.total).toBe(o?.total);
      expect(Date.parse(d.created_at)).toBeGreaterThanOrEqual(Date.parse(o?.placed_at ?? ''));
      let total = 0;
      for (const l of d.lines) {
        total += value(l.qty, l.unit_price, l.tax_rate_bp);
        expect(l.qty_dispatched).toBeGreaterThanOrEqual(l.qty_delivered);
        expect(l.qty_delivered).toBeGreaterThanOrEqual(l.qty_returned);
        expect(l.qty).toBeGreaterThanOrEqual(l.qty_dispatched);
        if (d.status !== 'cancelled') expect(l.qty_allocated).toBeGreaterThanOrEqual(l.qty_dispatched);
        else expect(l.qty_allocated).toBe(0);
        const shipped = d.shipments.reduce((s, sh) => s + (sh.lines.find((x) => x.line_no === l.line_no)?.qty ?? 0), 0);
        expect(shipped).toBe(l.qty_dispatched);
      }
      expect(d.total).toBe(total);
      const dispatched = d.lines.every((l) => l.qty_dispatched === l.qty);
      if (d.status === 'delivered' || d.status === 'closed') expect(dispatched).toBe(true);
      if (d.status === 'open') expect(d.lines.every((l) => l.qty_allocated === 0)).toBe(true);
      if (o?.status === 'closed' && d.status !== 'cancelled') expect(d.status).toBe('closed');
    }
    for (const o of data.orders) {
      const d = dmsByPlatform.get(o.id);
      if (o.status === 'in_fulfillment' || o.status === 'closed') expect(d?.id).toBe(o.fulfillment?.dms_order_id);
      else expect(d).toBeUndefined();
      if (o.status === 'received' || o.status === 'credit_hold')
        expect(Date.parse(o.placed_at)).toBeGreaterThan(NOW.getTime() - 2 * 86_400_000);
      if (o.decision?.outcome === 'approved') {
        const override = data.overrides.find((x) => x.id === o.decision?.reference);
        expect(override?.platform_order_id).toBe(o.id);
        expect(o.approvals.length).toBeGreaterThan(0);
        expect(o.credit_check.result).toBe('held');
      }
      for (const t of [o.placed_at, o.updated_at]) expect(Date.parse(t)).toBeLessThanOrEqual(NOW.getTime());
    }

    const dmsOrders = byId(data.dmsOrders, (o) => o.id);
    const dealers = byId(data.dmsAccounts, (a) => a.dealer_code);
    const allocatedTo = new Map<string, number>();
    const creditedByOrder = new Map<string, number>();
    for (const p of data.payments) {
      expect(p.amount).toBe(p.allocations.reduce((s, a) => s + a.amount, 0));
      expect(['neft', 'rtgs', 'cheque', 'upi']).toContain(p.method);
      for (const a of p.allocations) allocatedTo.set(a.invoice_id, (allocatedTo.get(a.invoice_id) ?? 0) + a.amount);
    }
    for (const inv of data.invoices) {
      const d = dmsOrders.get(inv.order_id ?? '');
      const shipment = d?.shipments.find((s) => s.id === inv.shipment_id);
      expect(shipment).toBeDefined();
      const amount = (shipment?.lines ?? []).reduce((s, sl) => {
        const l = d?.lines.find((x) => x.line_no === sl.line_no);
        return s + (l ? value(sl.qty, l.unit_price, l.tax_rate_bp) : 0);
      }, 0);
      expect(inv.amount).toBe(amount);
      expect(inv.issued_at).toBe(shipment?.dispatched_at);
      expect(daysBetween(inv.issued_at.slice(0, 10), inv.due_date)).toBe(dealers.get(inv.dealer_code)?.payment_terms_days);
      // What payments did not settle was credited by returns of the same order (the DMS credits them to its invoices).
      const credited = inv.amount - (allocatedTo.get(inv.id) ?? 0) - inv.outstanding;
      expect(credited).toBeGreaterThanOrEqual(0);
      creditedByOrder.set(inv.order_id ?? '', (creditedByOrder.get(inv.order_id ?? '') ?? 0) + credited);
      expect(inv.status).toBe(inv.outstanding === 0 ? 'paid' : inv.outstanding === inv.amount ? 'open' : 'partially_paid');
    }
    const returnCredit = new Map<string, number>();
    for (const r of data.returns) returnCredit.set(r.order_id, (returnCredit.get(r.order_id) ?? 0) + r.credit_amount);
    for (const [orderId, credited] of creditedByOrder) expect(credited).toBeLessThanOrEqual(returnCredit.get(orderId) ?? 0);
    expect([...creditedByOrder.values()].some((c) => c > 0)).toBe(true);
    for (const r of data.returns) {
      const d = dmsOrders.get(r.order_id);
      for (const rl of r.lines) expect(d?.lines.some((l) => l.sku === rl.sku && l.qty_returned >= rl.qty)).toBe(true);
    }
  });

  it('derives DMS account figures by the DMS rules and the platform credit position from them', () => {
    const byDealer = new Map<string, { invoices: Dms.Invoice[]; unbilled: number }>();
    const slot = (code: string) => {
      let s = byDealer.get(code);
      if (!s) byDealer.set(code, (s = { invoices: [], unbilled: 0 }));
      return s;
    };
    for (const inv of data.invoices) slot(inv.dealer_code).invoices.push(inv);
    for (const d of data.dmsOrders) {
      if (d.status === 'cancelled') continue;
      for (const l of d.lines) slot(d.dealer_code).unbilled += value(l.qty - l.qty_dispatched, l.unit_price, l.tax_rate_bp);
    }
    const credit = byId(data.credit, (c) => c.account_id);
    const accountByCode = byId(data.accounts, (a) => a.code);
    for (const a of data.dmsAccounts) {
      const s = slot(a.dealer_code);
      const ageing = { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 };
      let oldest = 0;
      for (const inv of s.invoices) {
        if (inv.outstanding === 0) continue;
        const late = daysBetween(inv.due_date, TODAY);
        const bucket = late <= 0 ? 'not_due' : late <= 30 ? 'd1_30' : late <= 60 ? 'd31_60' : late <= 90 ? 'd61_90' : 'd90_plus';
        ageing[bucket] += inv.outstanding;
        oldest = Math.max(oldest, late);
      }
      const balance = s.invoices.reduce((sum, inv) => sum + inv.outstanding, 0);
      expect(a.balance).toBe(balance);
      expect(a.ageing).toEqual(ageing);
      expect(a.ageing.not_due + a.ageing.d1_30 + a.ageing.d31_60 + a.ageing.d61_90 + a.ageing.d90_plus).toBe(a.balance);
      expect(a.overdue).toBe(a.balance - a.ageing.not_due);
      expect(a.oldest_overdue_days).toBe(oldest);
      expect(a.unbilled).toBe(s.unbilled);
      const account = accountByCode.get(a.dealer_code);
      const c = credit.get(account?.id ?? '');
      if (!c) continue; // brand-new dealers have no credit position yet
      expect(c.exposure).toBe(a.balance + a.unbilled);
      expect(c.source_version).toBe(a.version);
      expect(c.credit_limit).toBe(a.credit_limit);
      expect(c.overdue).toBe(a.overdue);
      expect(c.oldest_overdue_days).toBe(a.oldest_overdue_days);
      expect(c.blocked).toBe(a.blocked);
    }
    expect(data.credit.length).toBeLessThan(data.dmsAccounts.length); // some brand-new dealers
  });

  it('holds exactly the open orders that the platform credit check would hold now', () => {
    const credit = byId(data.credit, (c) => c.account_id);
    const open = data.orders
      .filter((o) => o.status === 'received' || o.status === 'credit_hold')
      .sort((a, b) => a.placed_at.localeCompare(b.placed_at));
    const pendingReceived = new Map<string, number>();
    const reasonsSeen = new Set<string>();
    for (const o of open) {
      const c = credit.get(o.account_id);
      if (!c) {
        expect(o.status).toBe('credit_hold');
        expect(o.credit_check.reasons).toEqual(['no_credit_position']);
        reasonsSeen.add('no_credit_position');
        continue;
      }
      const exposure = c.exposure + (pendingReceived.get(o.account_id) ?? 0) + o.total;
      const reasons: string[] = [];
      if (c.blocked) reasons.push('account_blocked');
      if (c.oldest_overdue_days > 60) reasons.push('overdue');
      if (c.credit_limit > 0 && exposure > c.credit_limit) reasons.push('over_limit');
      expect(o.credit_check.reasons).toEqual(reasons);
      expect(o.credit_check.exposure).toBe(exposure);
      expect(o.credit_check.available_after).toBe(c.credit_limit - exposure);
      expect(o.status).toBe(reasons.length ? 'credit_hold' : 'received');
      if (o.status === 'received') pendingReceived.set(o.account_id, (pendingReceived.get(o.account_id) ?? 0) + o.total);
      for (const r of reasons) reasonsSeen.add(r);
    }
    expect(open.some((o) => o.status === 'credit_hold')).toBe(true);
    expect(open.some((o) => o.status === 'received')).toBe(true);
    expect(reasonsSeen.has('over_limit') || reasonsSeen.has('overdue')).toBe(true);
  });

  it('allocates stock exactly as the open DMS orders hold it', () => {
    const held = new Map<string, number>();
    for (const d of data.dmsOrders) {
      if (d.status === 'cancelled' || d.status === 'closed' || !d.warehouse_id) continue;
      for (const l of d.lines) {
        const k = `${d.warehouse_id}:${l.sku}`;
        held.set(k, (held.get(k) ?? 0) + l.qty_allocated - l.qty_dispatched);
      }
    }
    for (const s of data.stock) {
      expect(s.allocated).toBe(held.get(s.id) ?? 0);
      expect(s.available).toBe(s.on_hand - s.allocated);
      expect(s.available).toBeGreaterThanOrEqual(0);
    }
  });

  it('gives dashboards substance: a year of history with seasonality, every status, channel and risk', () => {
    const statuses = new Set(data.orders.map((o) => o.status));
    for (const s of ['received', 'credit_hold', 'rejected', 'cancelled', 'in_fulfillment', 'closed']) expect(statuses).toContain(s);
    expect(new Set(data.orders.map((o) => o.channel))).toEqual(new Set(['portal', 'phone', 'email', 'whatsapp', 'edi']));
    const dms = new Set(data.dmsOrders.map((o) => o.status));
    for (const s of ['closed', 'delivered', 'dispatched', 'picking']) expect(dms).toContain(s);
    const months = new Map<string, number>();
    for (const o of data.orders) months.set(o.placed_at.slice(0, 7), (months.get(o.placed_at.slice(0, 7)) ?? 0) + 1);
    expect(months.size).toBeGreaterThanOrEqual(12);
    const full = [...months.entries()].filter(([m]) => m !== '2025-11' && m !== '2026-11').map(([, n]) => n);
    expect(Math.max(...full) / Math.min(...full)).toBeGreaterThan(1.3); // seasonality
    expect(data.dmsAccounts.some((a) => a.blocked)).toBe(true);
    expect(data.dmsAccounts.some((a) => a.oldest_overdue_days > 60)).toBe(true);
    expect(data.dmsAccounts.some((a) => a.ageing.d90_plus > 0)).toBe(true);
    expect(data.invoices.some((i) => i.status === 'partially_paid')).toBe(true);
    expect(data.returns.length).toBeGreaterThan(0);
    expect(data.statuses.some((s) => s.status === 'dispatched' && s.tracking?.number && s.eta)).toBe(true);
    expect(data.dmsOrders.some((d) => d.shipments.some((s) => s.carrier && s.tracking_number && s.vehicle_no))).toBe(true);
    expect(data.accounts.some((a) => a.status === 'suspended') || data.dmsAccounts.length < 200).toBe(true);
  });

  it('generates the demo scale in streaming batches (time and peak memory printed)', () => {
    const started = performance.now();
    let rows = 0;
    let peakRss = process.memoryUsage().rss;
    let maxBatch = 0;
    for (const b of generateDataset({ seed: 1, scale: 'demo', now: NOW })) {
      rows += b.records.length;
      maxBatch = Math.max(maxBatch, b.records.length);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `demo dataset: ${rows} rows in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s), peak RSS ${Math.round(peakRss / 1e6)} MB`,
    );
    expect(maxBatch).toBeLessThanOrEqual(MAX_BATCH);
    expect(rows).toBeGreaterThan(300_000);
  }, 120_000);
});
