// The phone desk's price and quantity helpers (src/shared/phoneOrder/pricing.ts) on hand-worked cases:
// the next break respects the order multiple and both lists, a price that starts later means "not launched
// yet", and the corrected quantity is the nearest allowed one at or above what was typed. (Agreement of
// resolvePrice and the credit check with the platform itself is the property test in tests/unit/phoneOrder.)
import { describe, expect, it } from 'vitest';
import {
  correctedQuantity,
  launchDate,
  nextBreak,
  pricedOn,
  quantityProblem,
  resolvePrice,
  smallestPricedQty,
  taxOf,
  type PriceRow,
} from '../../../src/shared/phoneOrder/pricing';
import { parseRupees } from '../../../src/renderer/features/phone-order/phoneOrderFormat';

const row = (
  priceListId: string,
  minQty: number,
  unitPrice: number,
  validFrom: string | null = null,
  validTo: string | null = null,
): PriceRow => ({
  priceListId,
  minQty,
  unitPrice,
  validFrom,
  validTo,
});
const gold = { priceListId: 'gold', source: 'tier' as const };
const day = '2026-06-15';

describe('phone order pricing', () => {
  it('resolves on the account list first and falls back to base only when the list has nothing at that quantity', () => {
    const rows = [row('base', 1, 1000), row('base', 10, 950), row('gold', 20, 900)];
    expect(resolvePrice(rows, gold, 5, day)).toMatchObject({ unitPrice: 1000, source: 'base' });
    expect(resolvePrice(rows, gold, 12, day)).toMatchObject({ unitPrice: 950, source: 'base' });
    expect(resolvePrice(rows, gold, 20, day)).toMatchObject({ unitPrice: 900, source: 'tier', minQty: 20 });
    // Validity is inclusive at both ends.
    expect(resolvePrice([row('base', 1, 700, '2026-06-15', '2026-06-15')], gold, 1, day)?.unitPrice).toBe(700);
    expect(resolvePrice([row('base', 1, 700, '2026-06-16')], gold, 1, day)).toBeNull();
  });

  it('hints the next break at an allowed quantity, only when the price drops', () => {
    const rows = [row('base', 1, 1000), row('base', 10, 950), row('base', 25, 1000)];
    // Multiples of 4: the break at 10 is orderable from 12.
    expect(nextBreak(rows, gold, 6, day, { minOrderQty: 1, orderMultiple: 4 })).toEqual({ qty: 12, more: 6, unitPrice: 950, saving: 50 });
    // At 12 the only higher break (25) is not cheaper.
    expect(nextBreak(rows, gold, 12, day, { minOrderQty: 1, orderMultiple: 4 })).toBeNull();
    // The account's own list starting above the quantity is a break too.
    expect(nextBreak([row('base', 1, 1000), row('gold', 50, 800)], gold, 10, day, { minOrderQty: 1, orderMultiple: 1 })).toEqual({
      qty: 50,
      more: 40,
      unitPrice: 800,
      saving: 200,
    });
  });

  it('tells not launched from not priced, and finds the smallest priced quantity', () => {
    const later = [row('base', 1, 500, '2026-07-01')];
    expect(pricedOn(later, gold, day)).toBe(false);
    expect(launchDate(later, gold, day)).toBe('2026-07-01');
    expect(launchDate([row('other', 1, 1, '2026-07-01')], gold, day)).toBeNull();
    expect(smallestPricedQty([row('gold', 5, 1), row('base', 3, 2, '2026-01-01')], gold, day)).toBe(3);
  });

  it('corrects a quantity to the nearest allowed one at or above it', () => {
    expect(correctedQuantity(3, { minOrderQty: 2, orderMultiple: 2 })).toBe(4);
    expect(correctedQuantity(15, { minOrderQty: 10, orderMultiple: 10 })).toBe(20);
    expect(correctedQuantity(1, { minOrderQty: 5, orderMultiple: 2 })).toBe(6);
    expect(correctedQuantity(0, { minOrderQty: 1, orderMultiple: 1 })).toBe(1);
    expect(quantityProblem(15, { minOrderQty: 10, orderMultiple: 10 }, 'bag')).toBe('Order in multiples of 10: 20 is the nearest allowed.');
    expect(quantityProblem(20, { minOrderQty: 10, orderMultiple: 10 }, 'bag')).toBeNull();
  });

  it('rounds GST half up per line, in integers', () => {
    expect(taxOf(12345, 1800)).toBe(2222); // 2222.1
    expect(taxOf(25, 1800)).toBe(5); // 4.5 rounds up
    expect(taxOf(0, 2800)).toBe(0);
  });

  it('reads rupees typed by a clerk as paise', () => {
    expect(parseRupees('4500')).toBe(450_000);
    expect(parseRupees('4,500.5')).toBe(450_050);
    expect(parseRupees('₹12.25')).toBe(1225);
    expect(parseRupees('12.345')).toBeNull();
    expect(parseRupees('-5')).toBeNull();
  });
});
