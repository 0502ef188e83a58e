// The clock that every time-based rule of the reference servers reads (due dates, ageing, price validity,
// feed and idempotency retention). Two kinds:
// - the wall clock (`SimClock.wall()`): what a person sees in demo mode and from `npm run sim`. Simulated
//   time IS real time, never ahead of it and never behind; it cannot be moved, sped up or paused.
// - a controlled clock (`new SimClock(start, speed)`): for tests that need time to pass on demand; it runs
//   `speed` times faster than real time, pauses at 0 and moves forward when told.
export interface SimClockState {
  now: string;
  speed: number;
  paused: boolean;
  /** True when simulated time is the wall clock (no speed, pause or advance). */
  follows_wall_clock: boolean;
}

/** Thrown when something tries to move, speed up or pause a clock that follows the wall clock. */
export class WallClockError extends Error {
  constructor(action: string) {
    super(`The clock follows the wall clock: it cannot be ${action}. Only reference servers started with a controlled clock (tests) can.`);
    this.name = 'WallClockError';
  }
}

export class SimClock {
  private baseSim: number;
  private baseReal: number;
  private speedValue: number;
  private pausedFlag = false;
  private wallClock = false;

  constructor(
    start: Date = new Date(),
    speed = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    this.baseSim = start.getTime();
    this.baseReal = realNow();
    this.speedValue = speed;
    if (speed === 0) this.pausedFlag = true;
  }

  /**
   * A clock that reads the wall clock (or `realNow`, which tests drive to make minutes pass at once).
   * Its time is `realNow()` itself, so it can never run ahead of it or lag behind it.
   */
  static wall(realNow: () => number = Date.now): SimClock {
    const clock = new SimClock(new Date(realNow()), 1, realNow);
    clock.wallClock = true;
    return clock;
  }

  get followsWallClock(): boolean {
    return this.wallClock;
  }

  /** Current simulated time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    if (this.wallClock) return this.realNow();
    if (this.pausedFlag) return this.baseSim;
    return this.baseSim + (this.realNow() - this.baseReal) * this.speedValue;
  }

  /** The simulated UTC date, YYYY-MM-DD. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  get speed(): number {
    return this.speedValue;
  }

  get paused(): boolean {
    return this.pausedFlag || this.speedValue === 0;
  }

  private rebase(): void {
    this.baseSim = this.nowMs();
    this.baseReal = this.realNow();
  }

  private controlled(action: string): void {
    if (this.wallClock) throw new WallClockError(action);
  }

  /** Speed 0 pauses; any other speed resumes at that rate. */
  setSpeed(speed: number): void {
    this.controlled('sped up or slowed down');
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new Error('speed must be a finite number >= 0');
    this.rebase();
    this.speedValue = speed;
    this.pausedFlag = speed === 0;
  }

  pause(): void {
    this.controlled('paused');
    this.rebase();
    this.pausedFlag = true;
  }

  resume(): void {
    this.controlled('paused or resumed');
    this.rebase();
    this.pausedFlag = this.speedValue === 0;
  }

  /** Moves simulated time forward (never backward, so retention and ageing stay monotonic). */
  advance(ms: number): void {
    this.controlled('advanced');
    if (!(ms >= 0)) throw new Error('advance must be >= 0');
    this.rebase();
    this.baseSim += ms;
  }

  /** Sets simulated time; only forward moves are accepted. */
  set(at: Date): void {
    this.controlled('set');
    if (Number.isNaN(at.getTime())) throw new Error('not a valid time');
    this.rebase();
    if (at.getTime() < this.baseSim) throw new Error('the simulated clock only moves forward');
    this.baseSim = at.getTime();
  }

  state(): SimClockState {
    return { now: this.now().toISOString(), speed: this.speedValue, paused: this.paused, follows_wall_clock: this.wallClock };
  }
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from date a to date b (b - a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
