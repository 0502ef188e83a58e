// The simulated clock: speed, pause, forward-only moves, and the date helpers the rules use.
import { describe, expect, it } from 'vitest';
import { SimClock, addDays, daysBetween } from '../../src/sim/clock';

describe('SimClock', () => {
  it('runs speed times faster than the real clock, pauses at 0 and moves forward only', () => {
    let real = 1_000_000;
    const clock = new SimClock(new Date('2026-01-01T00:00:00Z'), 60, () => real);
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
    clock.setSpeed(0);
    real += 5_000;
    expect(clock.paused).toBe(true);
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:00.000Z');
    clock.advance(86_400_000);
    expect(clock.today()).toBe('2026-01-02');
    clock.setSpeed(2);
    real += 1_000;
    expect(clock.now().toISOString()).toBe('2026-01-02T00:01:02.000Z');
    expect(() => clock.set(new Date('2025-12-31T00:00:00Z'))).toThrow();
    expect(() => clock.advance(-1)).toThrow();
    expect(() => clock.setSpeed(-1)).toThrow();
    expect(clock.state()).toEqual({ now: '2026-01-02T00:01:02.000Z', speed: 2, paused: false });
  });
  it('date helpers', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-01-31')).toBe(-29);
  });
});
