// The servers' clock: the wall clock that demo mode and `npm run sim` use (always real time, cannot be moved),
// the controlled clock of the tests (speed, pause, forward-only moves), and the date helpers the rules use.
import { describe, expect, it } from 'vitest';
import { SimClock, WallClockError, addDays, daysBetween } from '../../src/sim/clock';

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
    expect(clock.state()).toEqual({ now: '2026-01-02T00:01:02.000Z', speed: 2, paused: false, follows_wall_clock: false });
  });
  it('a wall clock is the real time itself: never ahead, never behind, and nothing can move it', () => {
    let real = Date.parse('2026-12-07T01:07:00Z');
    const clock = SimClock.wall(() => real);
    expect(clock.followsWallClock).toBe(true);
    for (const step of [0, 1, 999, 60_000, 3_600_000, 86_400_000]) {
      real += step;
      expect(clock.nowMs()).toBe(real);
    }
    expect(clock.today()).toBe('2026-12-08');
    expect(() => clock.setSpeed(60)).toThrow(WallClockError);
    expect(() => clock.advance(60_000)).toThrow(/follows the wall clock/);
    expect(() => clock.pause()).toThrow(WallClockError);
    expect(() => clock.resume()).toThrow(WallClockError);
    expect(() => clock.set(new Date(real + 1))).toThrow(WallClockError);
    expect(clock.nowMs()).toBe(real);
    expect(clock.state()).toEqual({ now: new Date(real).toISOString(), speed: 1, paused: false, follows_wall_clock: true });
    // Without a source of its own it reads Date.now().
    const system = SimClock.wall();
    const before = Date.now();
    const read = system.nowMs();
    expect(read).toBeGreaterThanOrEqual(before);
    expect(read).toBeLessThanOrEqual(Date.now());
  });
  it('date helpers', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-01-31', '2026-03-01')).toBe(29);
    expect(daysBetween('2026-03-01', '2026-01-31')).toBe(-29);
  });
});
