// The phone order preview: every line priced, checked and stocked from the replica with the platform's own
// rules (src/shared/phoneOrder/pricing.ts), and the credit check the platform will run at placement
// (src/shared/credit/preview.ts), with who would have to approve a hold under the authority policy.
import type Database from 'better-sqlite3';
import type {
  CreditPreviewView,
  DraftLine,
  PhoneOrderPreviewView,
  PreviewLineView,
  WarehouseStockView,
} from '../../../shared/api/features/phoneOrder';
import { ApiFailure } from '../../../shared/api/errors';
import { evaluateAuthority, type AuthorityPolicy, type AuthorityTier } from '../../../shared/credit/authority';
import { creditCheck, type CreditPosition } from '../../../shared/credit/preview';
import {
  BASE_PRICE_LIST,
  correctedQuantity,
  launchDate,
  nextBreak,
  pricedOn,
  quantityAllowed,
  quantityProblem,
  resolvePrice,
  smallestPricedQty,
  taxOf,
  type PriceRow,
} from '../../../shared/phoneOrder/pricing';
import { readAuthorityPolicy } from '../credit/policy';
import {
  homeWarehouse,
  phoneOrderReads,
  priceListOf,
  pricingDay,
  replicaAsOf,
  type AccountRow,
  type PhoneOrderReads,
} from './replicaReads';

export const approverWords: Record<AuthorityTier, string> = {
  controller: 'a credit controller',
  manager_second: 'a credit controller, then a second approval by a credit manager',
  manager: 'a credit manager',
};

export function requireAccount(reads: PhoneOrderReads, accountId: string): AccountRow {
  const account = reads.account.get(accountId);
  if (!account) throw new ApiFailure('not_found', `No dealer ${accountId} in the replica. Search for the dealer again.`);
  return account;
}

/** Why a SKU cannot be ordered by this account today (at any quantity), or null. */
export function whyNotOrderable(
  product: { active: number } | undefined,
  rows: readonly PriceRow[],
  account: { priceListId: string },
  day: string,
): string | null {
  if (!product) return 'Not in the catalogue any more.';
  if (!product.active) return 'Inactive: the platform no longer sells it.';
  if (pricedOn(rows, account, day)) return null;
  const launch = launchDate(rows, account, day);
  if (launch) return `Not launched yet: priced from ${launch}.`;
  return 'Not priced for this dealer.';
}

export interface PreviewInput {
  accountId: string;
  lines: readonly DraftLine[];
  /** The draft being previewed (its own earlier submission is not "queued" against itself). */
  draftId?: string;
  /** Override the pricing day (tests pin it to the platform's date). */
  day?: string;
  policy?: AuthorityPolicy;
}

export function computePreview(sqlite: Database.Database, input: PreviewInput, now: Date): PhoneOrderPreviewView {
  const reads = phoneOrderReads(sqlite);
  const account = requireAccount(reads, input.accountId);
  const day = input.day ?? pricingDay(reads, now);
  const list = priceListOf(reads, account);
  const pricing = { priceListId: account.price_list_id, source: list.source };
  const home = homeWarehouse(reads, account);

  const skus = JSON.stringify([...new Set(input.lines.map((l) => l.sku))]);
  const products = new Map(reads.products.all(skus).map((p) => [p.sku, p]));
  const pricesBySku = new Map<string, PriceRow[]>();
  for (const p of reads.prices.all(account.price_list_id, BASE_PRICE_LIST, skus)) {
    const rows = pricesBySku.get(p.sku) ?? [];
    rows.push(p);
    pricesBySku.set(p.sku, rows);
  }
  const stockBySku = new Map<string, WarehouseStockView[]>();
  for (const s of reads.stock.all(skus)) {
    const rows = stockBySku.get(s.sku) ?? [];
    rows.push({
      warehouseId: s.warehouse_id,
      code: s.code ?? s.warehouse_id,
      name: s.name ?? s.warehouse_id,
      available: s.available,
      home: s.warehouse_id === home?.id,
    });
    stockBySku.set(s.sku, rows);
  }
  for (const rows of stockBySku.values())
    rows.sort((a, b) => Number(b.home) - Number(a.home) || b.available - a.available || a.code.localeCompare(b.code));

  const problems: string[] = [];
  if (account.status !== 'active') problems.push(`${account.name} is suspended: no order can be placed for this dealer.`);
  if (input.lines.length === 0) problems.push('Add at least one line.');

  let subtotal = 0;
  let taxTotal = 0;
  const lines: PreviewLineView[] = input.lines.map((line, i) => {
    const product = products.get(line.sku);
    const rows = pricesBySku.get(line.sku) ?? [];
    const blocked = whyNotOrderable(product, rows, pricing, day);
    const rules = product ? { minOrderQty: product.min_order_qty, orderMultiple: product.order_multiple } : null;
    const qtyOk = rules ? quantityAllowed(line.qty, rules) : false;
    const resolved = resolvePrice(rows, pricing, line.qty, day);
    const override = line.priceOverride ?? null;
    const unitPrice = blocked ? null : override ? override.unitPrice : (resolved?.unitPrice ?? null);
    const lineTotal = unitPrice === null ? 0 : line.qty * unitPrice;
    const tax = product && unitPrice !== null ? taxOf(lineTotal, product.tax_rate_bp) : 0;
    subtotal += lineTotal;
    taxTotal += tax;
    const qtyProblem = rules && !qtyOk ? quantityProblem(line.qty, rules, product?.uom ?? '') : null;
    if (blocked) problems.push(`Line ${i + 1} (${line.sku}): ${blocked}`);
    else if (qtyProblem) problems.push(`Line ${i + 1} (${line.sku}): ${qtyProblem}`);
    else if (resolved === null)
      problems.push(`Line ${i + 1} (${line.sku}): priced from ${smallestPricedQty(rows, pricing, day) ?? '?'} ${product?.uom ?? ''} only.`);
    const previous = line.previousUnitPrice ?? null;
    return {
      lineNo: i + 1,
      sku: line.sku,
      name: product?.name ?? null,
      uom: product?.uom ?? null,
      qty: line.qty,
      minOrderQty: rules?.minOrderQty ?? null,
      orderMultiple: rules?.orderMultiple ?? null,
      correctedQty: rules && !qtyOk ? correctedQuantity(line.qty, rules) : null,
      qtyProblem,
      listUnitPrice: resolved?.unitPrice ?? null,
      priceSource: resolved?.source ?? null,
      unitPrice,
      override,
      previousUnitPrice: previous,
      priceChanged: previous !== null && resolved !== null && previous !== resolved.unitPrice,
      nextBreak: rules && !blocked ? nextBreak(rows, pricing, line.qty, day, rules) : null,
      stock: stockBySku.get(line.sku) ?? [],
      taxRateBp: product?.tax_rate_bp ?? null,
      lineTotal,
      tax,
      blocked,
      // The platform checks per line: unknown, inactive, quantity, then price at that quantity.
      refusal: !product
        ? 'unknown-sku'
        : !product.active
          ? 'inactive-sku'
          : !qtyOk
            ? 'invalid-quantity'
            : resolved === null
              ? 'unpriced-sku'
              : null,
    };
  });
  const total = subtotal + taxTotal;
  const asOf = replicaAsOf(reads);
  return {
    accountId: account.id,
    currency: account.currency,
    pricingDate: day,
    lines,
    subtotal,
    taxTotal,
    total,
    orderable: problems.length === 0,
    problems,
    credit: creditPreview(sqlite, reads, account, total, input.draftId ?? '', now, input.policy, asOf),
    asOf,
  };
}

export function creditPreview(
  sqlite: Database.Database,
  reads: PhoneOrderReads,
  account: Pick<AccountRow, 'id' | 'code'>,
  orderTotal: number,
  draftId: string,
  now: Date,
  policy: AuthorityPolicy | undefined,
  asOf: { platform: string | null; dms: string | null },
): CreditPreviewView {
  const credit = reads.platformCredit.get(account.id);
  const dms = reads.dmsAccount.get(account.code);
  const position: CreditPosition | null = credit
    ? {
        creditLimit: credit.credit_limit,
        exposure: credit.exposure,
        oldestOverdueDays: credit.oldest_overdue_days,
        blocked: credit.blocked === 1,
      }
    : null;
  const open = reads.notHandedOver.get(account.id) ?? { n: 0, total: 0 };
  const queued = reads.queuedOnDesk.get(account.id, draftId) ?? { n: 0, total: 0 };
  const check = creditCheck(position, open.total + queued.total, orderTotal);
  // Balance and unbilled are shown as the parts of the pushed exposure only when they add up to it (the DMS
  // replica is at the pushed version); otherwise the pushed exposure is shown as one figure.
  const reconciles = credit && dms && dms.version === credit.source_version && dms.balance + dms.unbilled === credit.exposure;
  const authority =
    check.result === 'held'
      ? evaluateAuthority(
          {
            creditLimit: check.creditLimit,
            exposure: check.exposure,
            oldestOverdueDays: credit?.oldest_overdue_days ?? 0,
            blocked: credit?.blocked === 1,
            reasons: check.reasons,
          },
          [],
          policy ?? readAuthorityPolicy(sqlite),
        )
      : null;
  const pendingPush =
    dms && (!credit || dms.version > credit.source_version)
      ? {
          limit: dms.credit_limit,
          exposure: dms.balance + dms.unbilled,
          blocked: dms.blocked === 1,
          oldestOverdueDays: dms.oldest_overdue_days,
          asOf: dms.updated_at ?? asOf.dms ?? now.toISOString(),
        }
      : null;
  return {
    positionSource: credit ? 'platform' : 'none',
    limit: check.creditLimit,
    dmsBalance: reconciles ? dms.balance : null,
    dmsUnbilled: reconciles ? dms.unbilled : null,
    dmsExposure: credit?.exposure ?? 0,
    notHandedOver: open.total,
    notHandedOverCount: open.n,
    queuedOnDesk: queued.total,
    queuedOnDeskCount: queued.n,
    thisOrder: orderTotal,
    exposureAfter: check.exposure,
    availableAfter: check.availableAfter,
    overdue: credit?.overdue ?? 0,
    oldestOverdueDays: credit?.oldest_overdue_days ?? 0,
    blocked: credit?.blocked === 1,
    result: check.result,
    reasons: check.reasons,
    authority: authority ? { tier: authority.tier, who: approverWords[authority.tier], why: authority.why } : null,
    pendingPush,
    asOf: { position: credit?.as_of ?? null, dms: asOf.dms, platform: asOf.platform, computed: now.toISOString() },
  };
}
