// The platform's price and quantity rules (contracts/dealer-platform.openapi.yaml, "Platform rules"), as pure
// functions over price rows: the phone order desk resolves every line with them from its replica, so what the
// clerk sees is what the platform will accept. Money is integer minor units throughout.

export interface PriceRow {
  priceListId: string;
  minQty: number;
  unitPrice: number;
  /** YYYY-MM-DD, inclusive; null = open. */
  validFrom: string | null;
  validTo: string | null;
}

/** Where an account's unit price comes from: its own contract list, its tier's list, or the base list. */
export type PriceSource = 'contract' | 'tier' | 'base';

export const priceSourceLabels: Record<PriceSource, string> = {
  contract: 'contract list',
  tier: 'tier list',
  base: 'base list',
};

export const BASE_PRICE_LIST = 'base';

export interface ResolvedPrice {
  unitPrice: number;
  priceListId: string;
  minQty: number;
  source: PriceSource;
}

function validOn(row: PriceRow, day: string): boolean {
  return (row.validFrom === null || row.validFrom <= day) && (row.validTo === null || row.validTo >= day);
}

/**
 * The account's list kind: a list bound to the account is its contract, `base` is the base list, anything
 * else is a tier list.
 */
export function priceSourceOf(priceListId: string, listAccountId: string | null): PriceSource {
  if (priceListId === BASE_PRICE_LIST) return 'base';
  return listAccountId ? 'contract' : 'tier';
}

/**
 * Price resolution: the price in the account's list with the largest min_qty <= qty valid on `day`; if the
 * account's list has none, the same rule on the base list; null when neither has one (unpriced).
 * `rows` may hold rows of any list; only the account's and the base list count.
 */
export function resolvePrice(
  rows: readonly PriceRow[],
  account: { priceListId: string; source: PriceSource },
  qty: number,
  day: string,
): ResolvedPrice | null {
  const lists = account.priceListId === BASE_PRICE_LIST ? [BASE_PRICE_LIST] : [account.priceListId, BASE_PRICE_LIST];
  for (const listId of lists) {
    let best: PriceRow | undefined;
    for (const row of rows) {
      if (row.priceListId !== listId || row.minQty > qty || !validOn(row, day)) continue;
      if (!best || row.minQty > best.minQty) best = row;
    }
    if (best)
      return {
        unitPrice: best.unitPrice,
        priceListId: listId,
        minQty: best.minQty,
        source: listId === account.priceListId ? account.source : 'base',
      };
  }
  return null;
}

export interface QuantityRules {
  minOrderQty: number;
  orderMultiple: number;
}

/** The platform's quantity rule: qty >= min_order_qty and qty % order_multiple == 0. */
export function quantityAllowed(qty: number, rules: QuantityRules): boolean {
  return Number.isInteger(qty) && qty >= rules.minOrderQty && qty % rules.orderMultiple === 0;
}

/** The nearest allowed quantity at or above `qty` (the correction the screen offers). */
export function correctedQuantity(qty: number, rules: QuantityRules): number {
  const atLeast = Math.max(Math.ceil(Number.isFinite(qty) ? qty : 0), rules.minOrderQty, 1);
  return Math.ceil(atLeast / rules.orderMultiple) * rules.orderMultiple;
}

/** Why a quantity is refused, in the clerk's words; null when it is allowed. */
export function quantityProblem(qty: number, rules: QuantityRules, uom: string): string | null {
  if (quantityAllowed(qty, rules)) return null;
  const parts: string[] = [];
  if (qty < rules.minOrderQty) parts.push(`at least ${rules.minOrderQty} ${uom}`);
  if (rules.orderMultiple > 1) parts.push(`in multiples of ${rules.orderMultiple}`);
  return `Order ${parts.join(', ') || 'a whole number'}: ${correctedQuantity(qty, rules)} is the nearest allowed.`;
}

export interface NextBreak {
  /** The allowed quantity at which the lower price starts. */
  qty: number;
  /** How many more than now. */
  more: number;
  unitPrice: number;
  /** Less per unit than the current price. */
  saving: number;
}

/**
 * The next quantity break: the smallest allowed quantity above `qty` whose resolved price (same rule,
 * same day) is lower than the price at `qty`. Null when buying more never lowers the price.
 */
export function nextBreak(
  rows: readonly PriceRow[],
  account: { priceListId: string; source: PriceSource },
  qty: number,
  day: string,
  rules: QuantityRules,
): NextBreak | null {
  const current = resolvePrice(rows, account, qty, day);
  if (!current) return null;
  const candidates = [
    ...new Set(
      rows
        .filter((r) => r.minQty > qty && validOn(r, day) && (r.priceListId === account.priceListId || r.priceListId === BASE_PRICE_LIST))
        .map((r) => correctedQuantity(r.minQty, rules)),
    ),
  ].sort((a, b) => a - b);
  for (const at of candidates) {
    if (at <= qty) continue;
    const price = resolvePrice(rows, account, at, day);
    if (price && price.unitPrice < current.unitPrice)
      return { qty: at, more: at - qty, unitPrice: price.unitPrice, saving: current.unitPrice - price.unitPrice };
  }
  return null;
}

/** Whether the account has any price for the SKU on `day` (in its own list or the base list), at some quantity. */
export function pricedOn(rows: readonly PriceRow[], account: { priceListId: string }, day: string): boolean {
  return rows.some((r) => (r.priceListId === account.priceListId || r.priceListId === BASE_PRICE_LIST) && validOn(r, day));
}

/** The smallest quantity that has a price on `day`; null when unpriced. */
export function smallestPricedQty(rows: readonly PriceRow[], account: { priceListId: string }, day: string): number | null {
  let least: number | null = null;
  for (const r of rows) {
    if ((r.priceListId !== account.priceListId && r.priceListId !== BASE_PRICE_LIST) || !validOn(r, day)) continue;
    if (least === null || r.minQty < least) least = r.minQty;
  }
  return least;
}

/** The first day the SKU has a price for this account, when it has none today but will (not yet launched). */
export function launchDate(rows: readonly PriceRow[], account: { priceListId: string }, day: string): string | null {
  let first: string | null = null;
  for (const r of rows) {
    if (r.priceListId !== account.priceListId && r.priceListId !== BASE_PRICE_LIST) continue;
    if (r.validFrom === null || r.validFrom <= day) continue;
    if (first === null || r.validFrom < first) first = r.validFrom;
  }
  return first;
}

/** GST per line: round_half_up(line_total * tax_rate_bp / 10000), integers only (contracts/README.md). */
export function taxOf(lineTotal: number, taxRateBp: number): number {
  return Math.floor((lineTotal * taxRateBp + 5000) / 10000);
}
