// Service-level ageing shared by the hold queue (issue 8) and the order queues (issue 10): time counted in
// working hours of the manufacturer's office, and the ok / amber / red state of an item against its target.
// Pure integer maths on epoch milliseconds, so the backend and the UI agree to the millisecond.

export interface WorkingCalendar {
  /** ISO weekdays that are working days: 1 = Monday ... 7 = Sunday. */
  days: readonly number[];
  /** Office hours, minutes after local midnight: [start, end). */
  startMinute: number;
  endMinute: number;
  /** The office's offset from UTC in minutes (India: +330). No daylight saving is modelled. */
  utcOffsetMinutes: number;
}

/** Monday to Saturday, 09:30-18:00 IST: an Indian manufacturer's office. Editable by an admin. */
export const defaultWorkingCalendar: WorkingCalendar = {
  days: [1, 2, 3, 4, 5, 6],
  startMinute: 9 * 60 + 30,
  endMinute: 18 * 60,
  utcOffsetMinutes: 330,
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Milliseconds of working time in [from, to); 0 when to <= from. */
export function workingMsBetween(from: number, to: number, calendar: WorkingCalendar = defaultWorkingCalendar): number {
  if (!(to > from) || calendar.endMinute <= calendar.startMinute) return 0;
  const offset = calendar.utcOffsetMinutes * MINUTE;
  const workingDays = new Set(calendar.days);
  // Walk local days; each contributes the overlap of [from, to) with its office hours.
  let total = 0;
  const firstLocalDay = Math.floor((from + offset) / DAY);
  const lastLocalDay = Math.floor((to + offset) / DAY);
  for (let day = firstLocalDay; day <= lastLocalDay; day++) {
    // 1970-01-01 was a Thursday (ISO 4).
    const isoWeekday = ((((day + 3) % 7) + 7) % 7) + 1;
    if (!workingDays.has(isoWeekday)) continue;
    const open = day * DAY - offset + calendar.startMinute * MINUTE;
    const close = day * DAY - offset + calendar.endMinute * MINUTE;
    const overlap = Math.min(close, to) - Math.max(open, from);
    if (overlap > 0) total += overlap;
  }
  return total;
}

export type SlaState = 'ok' | 'amber' | 'red';

/** Amber from this share of the target (in basis points), red once the target is passed. */
export const SLA_AMBER_FROM_BP = 7_500;

export function slaState(elapsedMs: number, targetMs: number): SlaState {
  if (targetMs <= 0) return 'ok';
  if (elapsedMs > targetMs) return 'red';
  if (elapsedMs * 10_000 >= targetMs * SLA_AMBER_FROM_BP) return 'amber';
  return 'ok';
}

export interface SlaTarget {
  /** How long, in milliseconds of the chosen clock. */
  targetMs: number;
  /** Count working hours (the calendar) or elapsed wall-clock time. */
  clock: 'working' | 'elapsed';
}

export interface SlaReading {
  elapsedMs: number;
  targetMs: number;
  state: SlaState;
}

/** Where an item that entered its status at `since` stands against `target` at `now`. */
export function readSla(since: number, now: number, target: SlaTarget, calendar: WorkingCalendar = defaultWorkingCalendar): SlaReading {
  const elapsedMs = target.clock === 'working' ? workingMsBetween(since, now, calendar) : Math.max(0, now - since);
  return { elapsedMs, targetMs: target.targetMs, state: slaState(elapsedMs, target.targetMs) };
}
