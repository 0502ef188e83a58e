// Working-hours SLA maths: hand-checked cases across nights, a Sunday and the office's time zone, plus
// properties (additivity over a split point, never more than the elapsed time).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultWorkingCalendar, readSla, slaState, workingMsBetween } from '../../../src/shared/sla';

const H = 3_600_000;
const ist = (local: string) => Date.parse(`${local}+05:30`);

describe('working hours', () => {
  it('counts only office hours, in the office time zone', () => {
    // Monday 2026-12-07, 10:00 -> 12:30 IST: 2.5 h.
    expect(workingMsBetween(ist('2026-12-07T10:00:00'), ist('2026-12-07T12:30:00'))).toBe(2.5 * H);
    // Monday 17:00 -> Tuesday 10:30: 1 h on Monday + 1 h on Tuesday.
    expect(workingMsBetween(ist('2026-12-07T17:00:00'), ist('2026-12-08T10:30:00'))).toBe(2 * H);
    // Saturday 17:00 -> Monday 10:00: Saturday's last hour, no Sunday, Monday's first half hour.
    expect(workingMsBetween(ist('2026-12-12T17:00:00'), ist('2026-12-14T10:00:00'))).toBe(1.5 * H);
    // All of a Sunday: nothing.
    expect(workingMsBetween(ist('2026-12-13T00:00:00'), ist('2026-12-14T00:00:00'))).toBe(0);
    // Backwards or empty: nothing.
    expect(workingMsBetween(ist('2026-12-07T12:00:00'), ist('2026-12-07T11:00:00'))).toBe(0);
  });

  it('is additive over any split point and never exceeds the elapsed time', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const t = fc.integer({ min: start, max: start + 60 * 24 * H });
    fc.assert(
      fc.property(t, t, t, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
        const whole = workingMsBetween(x, z, defaultWorkingCalendar);
        expect(whole).toBe(workingMsBetween(x, y) + workingMsBetween(y, z));
        expect(whole).toBeLessThanOrEqual(z - x);
      }),
    );
  });

  it('turns amber at 75% of the target and red past it', () => {
    expect(slaState(2.9 * H, 4 * H)).toBe('ok');
    expect(slaState(3 * H, 4 * H)).toBe('amber');
    expect(slaState(4 * H, 4 * H)).toBe('amber');
    expect(slaState(4 * H + 1, 4 * H)).toBe('red');
    const since = ist('2026-12-07T15:00:00');
    // 4 working hours from Monday 15:00 IST end at Tuesday 10:30 IST.
    expect(readSla(since, ist('2026-12-08T10:30:00'), { targetMs: 4 * H, clock: 'working' }).state).toBe('amber');
    expect(readSla(since, ist('2026-12-08T10:31:00'), { targetMs: 4 * H, clock: 'working' }).state).toBe('red');
    expect(readSla(since, ist('2026-12-07T16:00:00'), { targetMs: 30 * 60_000, clock: 'elapsed' }).state).toBe('red');
  });
});
