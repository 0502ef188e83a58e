// Formatting at the edge: money from integer minor units with Indian grouping, counts, compact times.
import { describe, expect, it } from 'vitest';
import { formatCompactDateTime, formatCount, formatMoney } from '../../../src/renderer/app/format';

describe('format', () => {
  it('money: paise to rupees with lakh/crore grouping, exact to the paisa', () => {
    expect(formatMoney(12_345_678, 'INR')).toBe('₹1,23,456.78');
    expect(formatMoney(1_00_00_000_00, 'INR')).toBe('₹1,00,00,000.00');
    expect(formatMoney(5, 'INR')).toBe('₹0.05');
    expect(formatMoney(0, 'INR')).toBe('₹0.00');
  });

  it('money in a currency without minor units is not divided by 100', () => {
    expect(formatMoney(1500, 'JPY')).toMatch(/1,500/);
  });

  it('counts with Indian grouping', () => {
    expect(formatCount(1_000_000)).toBe('10,00,000');
    expect(formatCount(20_000)).toBe('20,000');
  });

  it('compact date and time for dense tables', () => {
    expect(formatCompactDateTime('2025-08-14T05:35:00.000Z')).toMatch(/^\d{2} Aug 25, \d{2}:\d{2}$/);
  });
});
