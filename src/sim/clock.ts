// The simulated clock that every time-based rule of the reference servers reads (due dates, ageing,
// price validity, feed and idempotency retention); it runs `speed` times faster than real time.
export interface SimClockState {
  now: string;
  speed: number;
  paused: boolean;
}

export class SimClock {
  private baseSim: number;
  private baseReal: number;
  private speedValue: number;
  private pausedFlag = false;

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

  /** Current simulated time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
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

  /** Speed 0 pauses; any other speed resumes at that rate. */
  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new Error('speed must be a finite number >= 0');
    this.rebase();
    this.speedValue = speed;
    this.pausedFlag = speed === 0;
  }

  pause(): void {
    this.rebase();
    this.pausedFlag = true;
  }

  resume(): void {
    this.rebase();
    this.pausedFlag = this.speedValue === 0;
  }

  /** Moves simulated time forward (never backward, so retention and ageing stay monotonic). */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('advance must be >= 0');
    this.rebase();
    this.baseSim += ms;
  }

  /** Sets simulated time; only forward moves are accepted. */
  set(at: Date): void {
    if (Number.isNaN(at.getTime())) throw new Error('not a valid time');
    this.rebase();
    if (at.getTime() < this.baseSim) throw new Error('the simulated clock only moves forward');
    this.baseSim = at.getTime();
  }

  state(): SimClockState {
    return { now: this.now().toISOString(), speed: this.speedValue, paused: this.paused };
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
