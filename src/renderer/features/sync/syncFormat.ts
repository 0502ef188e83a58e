// Words and times for the Sync screen: what each outbox command is called in plain terms, "in 12 s"-style
// times for next attempts, JSON shown readably, and a clock that ticks so ages stay true on an idle screen.
import { useEffect, useState } from 'react';
import type { OutboxItemView } from '../../../shared/api/contract';

/** The outbox kinds the duties write (src/main/duties), as a clerk would name them. */
const commandLabels: Record<string, string> = {
  'dms.createOrder': 'Hand-over to DMS',
  'dms.cancelOrder': 'Cancel DMS order',
  'dms.createCreditOverride': 'Credit override',
  'platform.fulfil': 'Mark in fulfilment',
  'platform.putCredit': 'Credit position',
  'platform.publishDealerStatus': 'Dealer status',
  'platform.addApproval': 'Credit approval',
  'platform.decide': 'Credit decision',
  'platform.createOrder': 'Phone order',
};

export function commandLabel(kind: string): string {
  return commandLabels[kind] ?? kind;
}

export const outboxStatusLabels: Record<OutboxItemView['status'], { label: string; color: string }> = {
  pending: { label: 'Pending', color: 'blue' },
  in_flight: { label: 'Sending', color: 'cyan' },
  delivered: { label: 'Delivered', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  conflict: { label: 'Conflict', color: 'orange' },
  discarded: { label: 'Discarded', color: 'gray' },
};

/** When a waiting item goes next: "due now", "in 12 s", "in 4 min"; null when nothing is scheduled. */
export function formatDue(at: string | null, now: Date): string | null {
  if (at === null) return null;
  const seconds = Math.round((new Date(at).getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return 'due now';
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  return `in ${Math.round(minutes / 60)} h`;
}

/** JSON text or a value, indented for reading; text that is not JSON is shown as it came. */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** The current time, re-read every `everyMs`, so "5 s ago" does not freeze while nothing else changes. */
export function useNow(everyMs = 5000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
