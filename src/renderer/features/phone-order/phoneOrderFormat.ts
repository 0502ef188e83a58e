// Words and small conversions of the phone order screen: states of the clerk's orders, hold reasons, price
// sources, rupees typed by a clerk turned into minor units, and the "4 more: ₹12.50 less each" hint.
import type { MyPhoneOrderState, PreviewLineView } from '../../../shared/api/features/phoneOrder';
import { holdReasonLabels, type HoldReason } from '../../../shared/credit/preview';
import { priceSourceLabels, type PriceSource } from '../../../shared/phoneOrder/pricing';
import { formatMoney } from '../../app/format';

export const myOrderStates: Record<MyPhoneOrderState, { label: string; color: string }> = {
  sending: { label: 'Sending', color: 'blue' },
  placed: { label: 'Placed', color: 'teal' },
  credit_hold: { label: 'Credit hold', color: 'orange' },
  approved: { label: 'Approved', color: 'teal' },
  in_fulfillment: { label: 'In fulfilment', color: 'teal' },
  closed: { label: 'Closed', color: 'gray' },
  rejected: { label: 'Rejected', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  needs_attention: { label: 'Needs attention', color: 'red' },
};

export function holdReasonText(reason: HoldReason): string {
  return holdReasonLabels[reason] ?? reason;
}

export function priceSourceText(source: PriceSource | null): string {
  return source ? priceSourceLabels[source] : '';
}

/** "4 more: ₹12.50 less each", or null. */
export function breakHint(line: Pick<PreviewLineView, 'nextBreak'>, currency: string): string | null {
  const b = line.nextBreak;
  return b ? `${b.more} more: ${formatMoney(b.saving, currency)} less each` : null;
}

/** A price typed in rupees ("4500", "4,500.5") as paise; null when it is not a price. */
export function parseRupees(text: string): number | null {
  const cleaned = text.replaceAll(',', '').replace(/^₹/, '').trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function rupeesText(minor: number): string {
  return (minor / 100).toFixed(2);
}

export function gstText(taxRateBp: number | null): string {
  if (taxRateBp === null) return '';
  const pct = taxRateBp / 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(2)}%`;
}
