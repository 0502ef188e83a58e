// Formatting at the edge: times for "as of" labels, and turning a backend validation error into field errors.
import type { ApiError } from '../../shared/api/errors';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(at: Date | string): string {
  return timeFormat.format(typeof at === 'string' ? new Date(at) : at);
}

export function formatDateTime(at: Date | string | null): string {
  if (at === null) return 'never';
  return dateTimeFormat.format(typeof at === 'string' ? new Date(at) : at);
}

/** "3 min ago"-style age, for last-success times where the clock time alone says little. */
export function formatAge(at: string | null, now: Date = new Date()): string {
  if (at === null) return 'never';
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(at).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** Field name -> first message, from a `validation` error's issues (paths like "password" or "roles.0"). */
export function fieldErrors(error: ApiError | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!error || error.kind !== 'validation') return out;
  for (const issue of error.issues ?? []) {
    const field = issue.path.split('.')[0] ?? '';
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}

/** The part of a validation error not tied to a known field, or the whole message for other kinds. */
export function formLevelMessage(error: ApiError | null, knownFields: readonly string[]): string | null {
  if (!error) return null;
  if (error.kind !== 'validation') return error.message;
  const fields = fieldErrors(error);
  const onFields = Object.keys(fields).some((f) => knownFields.includes(f));
  return onFields ? null : error.message;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer minor units (paise for INR) as money, e.g. 12345678 INR -> "₹1,23,456.78" (Indian grouping). */
export function formatMoney(minor: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

const countFormat = new Intl.NumberFormat('en-IN');

/** A count with Indian grouping: 123456 -> "1,23,456". */
export function formatCount(n: number): string {
  return countFormat.format(n);
}

const compactDateTimeFormat = new Intl.DateTimeFormat('en-IN', {
  day: '2-digit',
  month: 'short',
  year: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A dense table's date and time: "28 Nov 25, 14:05". */
export function formatCompactDateTime(at: string): string {
  return compactDateTimeFormat.format(new Date(at));
}
