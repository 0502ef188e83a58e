// Retry pacing shared by pull and outbox: exponential back-off with jitter and a cap, and a circuit breaker
// per target so persistent errors keep the request rate bounded.

export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/** Delay before attempt `attempt` (1 = first retry): "equal jitter", so retries never bunch at zero. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1000;
  const cap = options.capMs ?? 300_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold?: number;
  /** First open period; doubles on each failed probe up to maxOpenMs. */
  openMs?: number;
  maxOpenMs?: number;
  now?: () => number;
}

/**
 * Closed: requests flow. After `threshold` consecutive failures it opens: nothing is sent until the open
 * period ends; then one probe is allowed (half-open). A success closes it; a failure re-opens it for longer.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedUntil = 0;
  private currentOpenMs: number;
  private probing = false;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly maxOpenMs: number;
  private readonly now: () => number;

  constructor(options: BreakerOptions = {}) {
    this.threshold = options.threshold ?? 5;
    this.openMs = options.openMs ?? 5000;
    this.maxOpenMs = options.maxOpenMs ?? 120_000;
    this.currentOpenMs = this.openMs;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.failures < this.threshold) return 'closed';
    return this.now() >= this.openedUntil ? 'half_open' : 'open';
  }

  /** Whether a request may go now; in half-open only one probe at a time. */
  tryAcquire(): boolean {
    const st = this.state;
    if (st === 'closed') return true;
    if (st === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** When the circuit will next allow a probe (ms epoch), or 0 when closed. */
  get retryAt(): number {
    return this.failures < this.threshold ? 0 : this.openedUntil;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.currentOpenMs = this.openMs;
  }

  failure(): void {
    const wasProbe = this.probing;
    this.probing = false;
    this.failures++;
    if (this.failures >= this.threshold) {
      if (wasProbe) this.currentOpenMs = Math.min(this.maxOpenMs, this.currentOpenMs * 2);
      this.openedUntil = this.now() + this.currentOpenMs;
    }
  }

  /** A request that ended without telling us anything about the target's health (e.g. a 4xx). */
  neutral(): void {
    this.probing = false;
    if (this.failures < this.threshold) this.failures = 0;
    else this.success();
  }
}
