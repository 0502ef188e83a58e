// Money rules shared by both contracts: integer paise, tax rounded half up per line, totals include tax.

/** round_half_up(lineTotal * taxRateBp / 10000) for non-negative integers, exact in integer arithmetic. */
export function lineTax(lineTotal: number, taxRateBp: number): number {
  return Math.floor((lineTotal * taxRateBp + 5000) / 10000);
}

/** A line's value including tax: qty * unit_price plus its tax. */
export function lineValue(qty: number, unitPrice: number, taxRateBp: number): number {
  const total = qty * unitPrice;
  return total + lineTax(total, taxRateBp);
}

export const LAKH = 100_000 * 100; // one lakh rupees, in paise
