// SKU search as you type: by code (prefix, from the primary key), by name words, brand or category (the FTS5
// trigram index of migration 0001: every word of 3+ characters must occur), each hit with the dealer's price
// and whether it can be added (and why not). Orderable SKUs first.
import type Database from 'better-sqlite3';
import type { SkuHitView } from '../../../shared/api/features/phoneOrder';
import { BASE_PRICE_LIST, correctedQuantity, resolvePrice, type PriceRow } from '../../../shared/phoneOrder/pricing';
import { whyNotOrderable } from './preview';
import { phoneOrderReads, priceListOf, pricingDay, type ProductRow } from './replicaReads';

/** FTS rows read before sorting orderable SKUs first and cutting to the limit. */
export const SKU_CANDIDATES = 60;

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

/** The search's own statements (the bench runs them raw beside the procedure). */
export function skuSearchStatements(sqlite: Database.Database): ReturnType<typeof prepare> {
  let s = statements.get(sqlite);
  if (!s) {
    s = prepare(sqlite);
    statements.set(sqlite, s);
  }
  return s;
}

function prepare(sqlite: Database.Database) {
  const columns = 'p.sku, p.name, p.category, p.brand, p.uom, p.min_order_qty, p.order_multiple, p.tax_rate_bp, p.active';
  return {
    byCodePrefix: sqlite.prepare<[string, string, number], ProductRow>(
      `SELECT ${columns} FROM platform_products p WHERE p.sku >= ? AND p.sku < ? ORDER BY p.sku LIMIT ?`,
    ),
    byCategoryPrefix: sqlite.prepare<[string, string, number], ProductRow>(
      `SELECT ${columns} FROM platform_products p WHERE p.category >= ? AND p.category < ? ORDER BY p.category, p.sku LIMIT ?`,
    ),
    byWords: sqlite.prepare<[string, number], ProductRow>(
      `SELECT ${columns} FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid
       WHERE platform_products_fts MATCH ? LIMIT ?`,
    ),
  };
}

/** Each word a quoted substring (trigram), all required; words under 3 characters cannot use the index. */
export function ftsQuery(words: readonly string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' ');
}

export function searchSkus(
  sqlite: Database.Database,
  input: { accountId: string | null; text: string; limit: number },
  now: Date,
): SkuHitView[] {
  const text = input.text.trim();
  if (text.length === 0) return [];
  const s = skuSearchStatements(sqlite);
  const upper = text.toUpperCase();
  const found = new Map<string, ProductRow>();
  const add = (rows: ProductRow[]) => {
    for (const r of rows) if (!found.has(r.sku)) found.set(r.sku, r);
  };
  // A code typed from the start of the SKU ranks first.
  add(s.byCodePrefix.all(upper, `${upper}\uffff`, input.limit));
  const words = text.split(/\s+/).filter((w) => w.length >= 3);
  if (words.length > 0) add(s.byWords.all(ftsQuery(words), SKU_CANDIDATES));
  else if (found.size < input.limit) {
    // One or two characters: a category that starts so (categories are short lists of words).
    const title = text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    add(s.byCategoryPrefix.all(title, `${title}\uffff`, input.limit));
  }
  const products = [...found.values()];
  if (products.length === 0) return [];

  const reads = phoneOrderReads(sqlite);
  const skus = JSON.stringify(products.map((p) => p.sku));
  const stock = new Map(reads.stockTotals.all(skus).map((r) => [r.sku, r.available]));
  const account = input.accountId ? (reads.account.get(input.accountId) ?? null) : null;
  const day = pricingDay(reads, now);
  const pricing = account ? { priceListId: account.price_list_id, source: priceListOf(reads, account).source } : null;
  const prices = new Map<string, PriceRow[]>();
  if (pricing)
    for (const p of reads.prices.all(pricing.priceListId, BASE_PRICE_LIST, skus)) {
      const rows = prices.get(p.sku) ?? [];
      rows.push(p);
      prices.set(p.sku, rows);
    }
  const hits: SkuHitView[] = products.map((p) => {
    const rows = prices.get(p.sku) ?? [];
    const why = pricing ? whyNotOrderable(p, rows, pricing, day) : p.active ? null : 'Inactive: the platform no longer sells it.';
    const at = correctedQuantity(p.min_order_qty, { minOrderQty: p.min_order_qty, orderMultiple: p.order_multiple });
    const price = pricing && !why ? resolvePrice(rows, pricing, at, day) : null;
    return {
      sku: p.sku,
      name: p.name,
      category: p.category,
      brand: p.brand,
      uom: p.uom,
      minOrderQty: p.min_order_qty,
      orderMultiple: p.order_multiple,
      taxRateBp: p.tax_rate_bp,
      unitPrice: price?.unitPrice ?? null,
      priceSource: price?.source ?? null,
      available: stock.get(p.sku) ?? 0,
      addable: why === null,
      why,
    };
  });
  // Stable: code-prefix hits keep their place among the orderable ones.
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => Number(b.h.addable) - Number(a.h.addable) || a.i - b.i)
    .slice(0, input.limit)
    .map(({ h }) => h);
}
