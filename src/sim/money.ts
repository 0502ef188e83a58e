// Money maths shared by both reference servers: integer minor units, tax rounded half up per line.
export function taxOf(lineTotal: number, taxRateBp: number): number {
  // round_half_up(lineTotal * bp / 10000) for non-negative integers, without floats.
  return Math.floor((lineTotal * taxRateBp + 5000) / 10000);
}

/** A line's value including tax. */
export function lineValue(qty: number, unitPrice: number, taxRateBp: number): number {
  const total = qty * unitPrice;
  return total + taxOf(total, taxRateBp);
}
