// What changed behind a credit hold, in words: the stale-decision flags (facts that changed since the
// platform held the order) and the difference between the figures a controller saw and the figures now.
// Shared so the backend's conflict messages and the screen say exactly the same thing.

/** A fact about the dealer's account that changed after the platform held the order. */
export type StaleChange =
  | { kind: 'payment'; at: string; amount: number; reference: string | null }
  | { kind: 'limit'; from: number; to: number }
  | { kind: 'blocked' }
  | { kind: 'unblocked' }
  | { kind: 'invoice_paid'; at: string; invoiceNumber: string; dueDate: string; outstanding: number }
  | { kind: 'overdue_cleared'; oldestOverdueDays: number };

/** The figures a controller looked at when deciding: quoted back with the decision, kept in the audit log. */
export interface ExposureSnapshot {
  orderVersion: number;
  orderStatus: string;
  approvals: number;
  dmsAccountVersion: number | null;
  currency: string;
  creditLimit: number | null;
  balance: number | null;
  unbilled: number | null;
  notHandedOver: number;
  thisOrder: number;
  availableAfter: number | null;
  oldestOverdueDays: number | null;
  blocked: boolean | null;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Integer minor units as money text (Indian grouping), for sentences; screens use their own formatter. */
export function moneyWords(minor: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

function day(at: string): string {
  return at.slice(0, 10);
}

export function describeStaleChange(change: StaleChange, currency: string): string {
  switch (change.kind) {
    case 'payment':
      return `a payment of ${moneyWords(change.amount, currency)} arrived on ${day(change.at)}${change.reference ? ` (${change.reference})` : ''}`;
    case 'limit':
      // Compared with the limit the platform checked against, which is what the hold was decided on.
      return `the credit limit was ${change.to > change.from ? 'raised' : 'lowered'} to ${moneyWords(change.to, currency)} (the platform checked against ${moneyWords(change.from, currency)})`;
    case 'blocked':
      return 'the account is now blocked in the DMS (it was not when the platform checked)';
    case 'unblocked':
      return 'the account is no longer blocked in the DMS';
    case 'invoice_paid':
      return change.outstanding === 0
        ? `older invoice ${change.invoiceNumber} (due ${change.dueDate}) was paid`
        : `older invoice ${change.invoiceNumber} (due ${change.dueDate}) was part-paid, ${moneyWords(change.outstanding, currency)} still open`;
    case 'overdue_cleared':
      return change.oldestOverdueDays === 0 ? 'nothing is overdue any more' : `the oldest overdue is now ${change.oldestOverdueDays} days`;
  }
}

/** "Changed since the hold: a payment ...; the credit limit was raised ..." */
export function staleSummary(changes: readonly StaleChange[], currency: string): string | null {
  if (changes.length === 0) return null;
  return `Changed since the hold: ${changes.map((c) => describeStaleChange(c, currency)).join('; ')}.`;
}

function moved(label: string, from: number | null, to: number | null, currency: string): string | null {
  if (from === to) return null;
  if (from === null || to === null) return `${label} is ${to === null ? 'no longer known' : moneyWords(to, currency)}`;
  const delta = to - from;
  return `${label} ${delta > 0 ? 'rose' : 'fell'} by ${moneyWords(Math.abs(delta), currency)} to ${moneyWords(to, currency)}`;
}

/** What differs between the figures a controller saw and the figures now; empty when nothing did. */
export function snapshotChanges(seen: ExposureSnapshot, now: ExposureSnapshot): string[] {
  const c = now.currency;
  const out: string[] = [];
  if (seen.orderStatus !== now.orderStatus) out.push(`the order is now ${now.orderStatus.replace('_', ' ')}`);
  if (now.approvals !== seen.approvals) out.push(`approvals went from ${seen.approvals} to ${now.approvals}`);
  if (seen.thisOrder !== now.thisOrder) out.push(`the order total changed to ${moneyWords(now.thisOrder, c)}`);
  if (seen.blocked !== now.blocked && now.blocked !== null) out.push(now.blocked ? 'the account was blocked' : 'the account was unblocked');
  for (const line of [
    moved('the credit limit', seen.creditLimit, now.creditLimit, c),
    moved('the DMS balance', seen.balance, now.balance, c),
    moved('DMS unbilled', seen.unbilled, now.unbilled, c),
    moved('platform orders not yet handed over', seen.notHandedOver, now.notHandedOver, c),
    moved('available after this order', seen.availableAfter, now.availableAfter, c),
  ])
    if (line) out.push(line);
  if (seen.oldestOverdueDays !== now.oldestOverdueDays && now.oldestOverdueDays !== null)
    out.push(`the oldest overdue is now ${now.oldestOverdueDays} days (was ${seen.oldestOverdueDays ?? 'unknown'})`);
  if (out.length === 0 && seen.dmsAccountVersion !== now.dmsAccountVersion)
    out.push('the DMS account was updated (no figure on this screen moved)');
  if (out.length === 0 && seen.orderVersion !== now.orderVersion)
    out.push('the platform order was updated (no figure on this screen moved)');
  return out;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant in the office's time zone, for messages: "14 Mar 2026, 10:02 (UTC+05:30)". */
export function officeTimeWords(iso: string, utcOffsetMinutes: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const local = new Date(t + utcOffsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local.getUTCDate()} ${monthNames[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}
