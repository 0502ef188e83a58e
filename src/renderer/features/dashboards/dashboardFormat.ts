// Formatting of the dashboards' figures at the edge: shares, days, durations, compact money for chart axes,
// office days and months, and which system's sync time a figure is as of.
import type { DashboardAsOf, DealerFigures } from '../../../shared/dashboards';
import { formatMoney, formatTime } from '../../app/format';

export function formatPercent(share: number | null, digits = 1): string {
  return share === null ? '—' : `${(share * 100).toFixed(digits)}%`;
}

export function formatDays(days: number | null): string {
  return days === null ? '—' : `${days.toFixed(1)} days`;
}

export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h < 48) return m === 0 ? `${h} h` : `${h} h ${m} min`;
  const d = Math.floor(h / 24);
  return `${d} d ${h % 24} h`;
}

/** Money on a chart axis: ₹12.3 L, ₹4.1 Cr (lakh and crore, as an Indian finance team reads them). */
export function formatMoneyCompact(minor: number, currency: string): string {
  const major = minor / 100;
  const abs = Math.abs(major);
  const symbol = currency === 'INR' ? '₹' : `${currency} `;
  if (abs >= 1e7) return `${symbol}${(major / 1e7).toFixed(abs >= 1e8 ? 0 : 1)} Cr`;
  if (abs >= 1e5) return `${symbol}${(major / 1e5).toFixed(abs >= 1e6 ? 0 : 1)} L`;
  if (abs >= 1e3) return `${symbol}${(major / 1e3).toFixed(0)}k`;
  return `${symbol}${major.toFixed(0)}`;
}

export const money = (minor: number | null, currency: string): string => (minor === null ? '—' : formatMoney(minor, currency));

const wholeFormats = new Map<string, Intl.NumberFormat>();

/** Money rounded to whole units for dense tables ("₹1,04,17,234"); the exact figure goes in the cell's title. */
export function moneyWhole(minor: number, currency: string): string {
  let format = wholeFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 });
    wholeFormats.set(currency, format);
  }
  return format.format(Math.round(minor / 100));
}

const dayFormat = new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-IN', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/** An office day `YYYY-MM-DD` as "15 Jun 2026". */
export function formatDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** A month `YYYY-MM` as "Jun 26". */
export function formatMonth(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

export type FigureSource = 'dms' | 'platform' | 'both';

/** "DMS as of 14:05:12", from the sync time of the system(s) a figure comes from. */
export function asOfText(asOf: DashboardAsOf, source: FigureSource): string {
  const one = (label: string, at: string | null) => `${label} as of ${at ? formatTime(at) : 'never synced'}`;
  if (source === 'dms') return one('DMS', asOf.dms);
  if (source === 'platform') return one('Platform', asOf.platform);
  return `${one('DMS', asOf.dms)} · ${one('platform', asOf.platform)}`;
}

export const tierOrder = ['platinum', 'gold', 'silver', 'bronze'];

export function dealerLabel(d: Pick<DealerFigures, 'name' | 'dealerCode'>): string {
  return `${d.name} (${d.dealerCode})`;
}
