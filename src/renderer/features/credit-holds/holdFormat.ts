// The hold desk's words and clocks at the edge: ages, SLA readings against the office calendar, the
// labels of tiers, parts and local decisions.
import { useEffect, useState } from 'react';
import type { HoldRowView, LocalDecisionView } from '../../../shared/api/features/credit';
import type { MyPart } from '../../../shared/credit/holds';
import { readSla, type SlaReading, type WorkingCalendar } from '../../../shared/sla';

/** A clock that ticks every `everyMs` (ages and SLA colours move on their own). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "45 m", "3 h 05 m", "2 d 4 h": elapsed wall time. */
export function durationWords(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} m`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function holdSla(row: Pick<HoldRowView, 'heldAt' | 'slaTargetMinutes'>, calendar: WorkingCalendar, now: number): SlaReading {
  return readSla(Date.parse(row.heldAt), now, { targetMs: row.slaTargetMinutes * 60_000, clock: 'working' }, calendar);
}

export const slaColors = { ok: 'teal', amber: 'yellow', red: 'red' } as const;
export const slaWords = { ok: 'within SLA', amber: 'nearing SLA', red: 'past SLA' } as const;

export const myPartWords: Record<MyPart, string> = {
  approved: 'You approved it',
  can_complete: 'You can release it',
  can_add: 'Yours + a second',
  cannot: 'Needs someone else',
};

/** "past SLA", or the working time left: "45 m left". */
export function slaLeftWords(sla: SlaReading): string {
  return sla.state === 'red' ? 'past SLA' : `${durationWords(sla.targetMs - sla.elapsedMs)} left`;
}

/** An as-of time: the clock time today, the date and time before. */
export function asOfWords(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'not read yet';
  const at = new Date(iso);
  const today = new Date(now);
  const sameDay = at.toDateString() === today.toDateString();
  const time = at.toLocaleTimeString('en-IN', { hour: '2-digit', minute: '2-digit', hour12: false });
  return sameDay ? time : `${at.toLocaleDateString('en-IN', { day: '2-digit', month: 'short' })} ${time}`;
}

export function localDecisionWords(d: LocalDecisionView): string {
  const what = {
    approval: 'Approval',
    override: 'DMS credit override',
    approve: 'Approval of the order',
    reject: 'Rejection',
    dealer_message: 'Message to the dealer',
  }[d.what];
  switch (d.status) {
    case 'pending':
    case 'in_flight':
      return `${what} sent, waiting for the ${d.what === 'override' ? 'DMS' : 'platform'} to confirm`;
    case 'delivered':
      return `${what} confirmed by the ${d.what === 'override' ? 'DMS' : 'platform'}`;
    case 'conflict':
    case 'failed':
      return `${what} not recorded`;
    case 'discarded':
      return `${what} discarded`;
  }
}

export function roleWords(role: string): string {
  return role === 'credit_manager' ? 'Credit manager' : role === 'credit_controller' ? 'Credit controller' : role;
}
