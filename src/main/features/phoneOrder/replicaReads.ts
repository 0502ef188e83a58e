// The phone order desk's reads of the replica: accounts, catalogue, prices, stock, credit, the dealer's
// orders and the desk's own queued submissions. Statements are prepared once per connection; multi-SKU
// reads take the SKUs as one JSON array (json_each), so a 50-line preview is a handful of statements.
import type Database from 'better-sqlite3';
import { priceSourceOf, type PriceRow, type PriceSource } from '../../../shared/phoneOrder/pricing';

export interface AccountRow {
  id: string;
  code: string;
  name: string;
  legal_name: string | null;
  tax_id: string | null;
  status: 'active' | 'suspended';
  region: string;
  tier: string;
  currency: string;
  price_list_id: string;
  payment_terms_days: number;
  phone: string | null;
  city: string | null;
  raw: string;
}

export interface ProductRow {
  sku: string;
  name: string;
  category: string;
  brand: string | null;
  uom: string;
  min_order_qty: number;
  order_multiple: number;
  tax_rate_bp: number;
  active: number;
}

export interface StockRow {
  sku: string;
  warehouse_id: string;
  available: number;
  code: string | null;
  name: string | null;
}

export interface PlatformCreditRow {
  credit_limit: number;
  exposure: number;
  overdue: number;
  oldest_overdue_days: number;
  blocked: number;
  as_of: string;
  source_version: number;
}

export interface DmsAccountRow {
  credit_limit: number;
  balance: number;
  unbilled: number;
  overdue: number;
  oldest_overdue_days: number;
  blocked: number;
  version: number;
  updated_at: string | null;
}

export interface PriceListInfo {
  id: string;
  name: string | null;
  source: PriceSource;
}

const statementsByConnection = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(sqlite: Database.Database) {
  return {
    account: sqlite.prepare<[string], AccountRow>(
      `SELECT id, code, name, legal_name, tax_id, status, region, tier, currency, price_list_id, payment_terms_days, phone, city, raw
       FROM platform_accounts WHERE id = ?`,
    ),
    priceList: sqlite.prepare<[string], { name: string; account_id: string | null }>(
      'SELECT name, account_id FROM platform_price_lists WHERE id = ?',
    ),
    products: sqlite.prepare<[string], ProductRow>(
      `SELECT sku, name, category, brand, uom, min_order_qty, order_multiple, tax_rate_bp, active
       FROM platform_products WHERE sku IN (SELECT value FROM json_each(?))`,
    ),
    prices: sqlite.prepare<[string, string, string], PriceRow & { sku: string }>(
      `SELECT sku, price_list_id AS priceListId, min_qty AS minQty, unit_price AS unitPrice, valid_from AS validFrom, valid_to AS validTo
       FROM platform_prices WHERE price_list_id IN (?, ?) AND sku IN (SELECT value FROM json_each(?))`,
    ),
    stock: sqlite.prepare<[string], StockRow>(
      `SELECT s.sku, s.warehouse_id, s.available, w.code, w.name
       FROM dms_stock s LEFT JOIN dms_warehouses w ON w.id = s.warehouse_id
       WHERE s.sku IN (SELECT value FROM json_each(?))`,
    ),
    stockTotals: sqlite.prepare<[string], { sku: string; available: number }>(
      `SELECT sku, sum(max(available, 0)) AS available FROM dms_stock WHERE sku IN (SELECT value FROM json_each(?)) GROUP BY sku`,
    ),
    // The warehouse that shipped most of the dealer's last 20 DMS orders.
    homeByOrders: sqlite.prepare<[string], { id: string; code: string | null; name: string | null }>(
      `SELECT o.warehouse_id AS id, w.code, w.name FROM (
         SELECT warehouse_id FROM dms_orders WHERE dealer_code = ? AND warehouse_id IS NOT NULL ORDER BY created_at DESC LIMIT 20
       ) o LEFT JOIN dms_warehouses w ON w.id = o.warehouse_id
       GROUP BY o.warehouse_id ORDER BY count(*) DESC, o.warehouse_id LIMIT 1`,
    ),
    homeByRegion: sqlite.prepare<[string], { id: string; code: string; name: string }>(
      'SELECT id, code, name FROM dms_warehouses WHERE region = ? ORDER BY id LIMIT 1',
    ),
    platformCredit: sqlite.prepare<[string], PlatformCreditRow>(
      'SELECT credit_limit, exposure, overdue, oldest_overdue_days, blocked, as_of, source_version FROM platform_credit WHERE account_id = ?',
    ),
    dmsAccount: sqlite.prepare<[string], DmsAccountRow>(
      'SELECT credit_limit, balance, unbilled, overdue, oldest_overdue_days, blocked, version, updated_at FROM dms_accounts WHERE dealer_code = ?',
    ),
    // The platform's "orders in status received or approved" (placed, not yet handed over).
    notHandedOver: sqlite.prepare<[string], { n: number; total: number }>(
      `SELECT count(*) AS n, coalesce(sum(total), 0) AS total FROM platform_orders
       WHERE account_id = ? AND status IN ('received', 'approved')`,
    ),
    // Submitted on this desk and not in the replica yet: still in the outbox, or placed a moment ago (the
    // result says received or approved) and not pulled back yet. The platform will count them as above.
    queuedOnDesk: sqlite.prepare<[string, string], { n: number; total: number }>(
      `SELECT count(*) AS n, coalesce(sum(d.submitted_total), 0) AS total
       FROM phone_order_drafts d JOIN outbox o ON o.id = d.outbox_id
       WHERE d.account_id = ? AND d.status = 'submitted' AND d.id <> ?
         AND (o.status IN ('pending', 'in_flight')
              OR (o.status = 'delivered' AND json_extract(o.result, '$.status') IN ('received', 'approved')))
         AND NOT EXISTS (SELECT 1 FROM platform_orders p WHERE p.account_id = d.account_id AND p.client_reference = d.client_reference)`,
    ),
    lastPull: sqlite.prepare<[], { source: string; last_success_at: string | null }>('SELECT source, last_success_at FROM sync_cursors'),
    // The platform's date is at least the date of the newest order it has placed (demo servers run their clock ahead).
    newestPlacement: sqlite.prepare<[], { at: string | null }>('SELECT max(placed_at) AS at FROM platform_orders'),
  };
}

export type PhoneOrderReads = ReturnType<typeof prepare>;

export function phoneOrderReads(sqlite: Database.Database): PhoneOrderReads {
  let s = statementsByConnection.get(sqlite);
  if (!s) {
    s = prepare(sqlite);
    statementsByConnection.set(sqlite, s);
  }
  return s;
}

export function priceListOf(reads: PhoneOrderReads, account: Pick<AccountRow, 'price_list_id'>): PriceListInfo {
  const list = reads.priceList.get(account.price_list_id);
  return { id: account.price_list_id, name: list?.name ?? null, source: priceSourceOf(account.price_list_id, list?.account_id ?? null) };
}

export function homeWarehouse(
  reads: PhoneOrderReads,
  account: Pick<AccountRow, 'code' | 'region'>,
): { id: string; code: string; name: string } | null {
  const byOrders = reads.homeByOrders.get(account.code);
  if (byOrders) return { id: byOrders.id, code: byOrders.code ?? byOrders.id, name: byOrders.name ?? byOrders.id };
  return reads.homeByRegion.get(account.region) ?? null;
}

export function replicaAsOf(reads: PhoneOrderReads): { platform: string | null; dms: string | null } {
  const rows = reads.lastPull.all();
  return {
    platform: rows.find((r) => r.source === 'platform')?.last_success_at ?? null,
    dms: rows.find((r) => r.source === 'dms')?.last_success_at ?? null,
  };
}

/** The day prices resolve on: the platform's UTC date, which is at least ours and at least its newest order's. */
export function pricingDay(reads: PhoneOrderReads, now: Date): string {
  const ours = now.toISOString().slice(0, 10);
  const newest = reads.newestPlacement.get()?.at?.slice(0, 10) ?? null;
  return newest && newest > ours ? newest : ours;
}
