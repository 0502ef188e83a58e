// Run-time fault injection for one reference server, switched through /_sim/faults. Every random
// decision comes from one seeded generator, so the same seed and the same request sequence give the
// same faults.
export interface FaultConfig {
  seed: number;
  /** Probability per request of answering with that status instead of serving it. */
  error_rates: { '500'?: number; '503'?: number; '429'?: number };
  /** Retry-After (seconds) on injected 429/503 and on rate-limit answers. */
  retry_after_s: number;
  /** Added latency before the request is served (after its idempotency key is reserved). */
  latency_ms: number;
  /** Extra random latency, uniform in [0, latency_jitter_ms). */
  latency_jitter_ms: number;
  /** Probability of accepting a request and never answering it. */
  hang_rate: number;
  /** operationIds whose response is dropped after the change has committed (connection destroyed). */
  drop_after_commit: string[];
  /** Probability a chosen operation drops (1 = always). */
  drop_rate: number;
  /** Restrict error_rates, latency and hang to these operationIds (empty = every operation). */
  operations: string[];
  /** Probability per feed event of delivering it twice in a row. */
  feed_duplicate_rate: number;
  /** Probability per feed page of a next_cursor that steps back, so part of the page is delivered again. */
  feed_replay_rate: number;
  /** Probability per feed page of an extra event whose data is not a valid resource. */
  feed_invalid_rate: number;
  /** Token bucket per bearer token; null = no rate limit. */
  rate_limit: { per_second: number; burst: number } | null;
}

export function defaultFaults(seed = 1): FaultConfig {
  return {
    seed,
    error_rates: {},
    retry_after_s: 1,
    latency_ms: 0,
    latency_jitter_ms: 0,
    hang_rate: 0,
    drop_after_commit: [],
    drop_rate: 1,
    operations: [],
    feed_duplicate_rate: 0,
    feed_replay_rate: 0,
    feed_invalid_rate: 0,
    rate_limit: null,
  };
}

/** mulberry32: small, fast, good enough for simulation; deterministic for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rateKeys = ['500', '503', '429'] as const;

export class FaultInjector {
  private cfg: FaultConfig;
  private rand: () => number;
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly baseSeed: number) {
    this.cfg = defaultFaults(baseSeed);
    this.rand = seededRandom(baseSeed);
  }

  get config(): FaultConfig {
    return this.cfg;
  }

  /** Merges a partial config; a new seed (or any change) restarts the random sequence from the seed. */
  update(patch: Partial<FaultConfig>): FaultConfig {
    checkPatch(patch);
    this.cfg = { ...this.cfg, ...patch, error_rates: { ...this.cfg.error_rates, ...(patch.error_rates ?? {}) } };
    this.rand = seededRandom(this.cfg.seed);
    this.buckets.clear();
    return this.cfg;
  }

  reset(): FaultConfig {
    this.cfg = defaultFaults(this.baseSeed);
    this.rand = seededRandom(this.baseSeed);
    this.buckets.clear();
    return this.cfg;
  }

  random(): number {
    return this.rand();
  }

  private applies(operationId: string): boolean {
    return this.cfg.operations.length === 0 || this.cfg.operations.includes(operationId);
  }

  /** The injected error status for this request, if any. */
  injectedError(operationId: string): 500 | 503 | 429 | undefined {
    if (!this.applies(operationId)) return undefined;
    for (const key of rateKeys) {
      const p = this.cfg.error_rates[key] ?? 0;
      if (p > 0 && this.rand() < p) return Number(key) as 500 | 503 | 429;
    }
    return undefined;
  }

  shouldHang(operationId: string): boolean {
    return this.cfg.hang_rate > 0 && this.applies(operationId) && this.rand() < this.cfg.hang_rate;
  }

  latencyMs(operationId: string): number {
    if (!this.applies(operationId)) return 0;
    const jitter = this.cfg.latency_jitter_ms > 0 ? Math.floor(this.rand() * this.cfg.latency_jitter_ms) : 0;
    return this.cfg.latency_ms + jitter;
  }

  shouldDropAfterCommit(operationId: string): boolean {
    return this.cfg.drop_after_commit.includes(operationId) && this.rand() < this.cfg.drop_rate;
  }

  /** Token bucket in real time: returns seconds to wait when the caller is over its rate. */
  rateLimited(token: string, nowMs = Date.now()): number | undefined {
    const rl = this.cfg.rate_limit;
    if (!rl) return undefined;
    const b = this.buckets.get(token) ?? { tokens: rl.burst, at: nowMs };
    b.tokens = Math.min(rl.burst, b.tokens + ((nowMs - b.at) / 1000) * rl.per_second);
    b.at = nowMs;
    this.buckets.set(token, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(this.cfg.retry_after_s, Math.ceil((1 - b.tokens) / Math.max(rl.per_second, 1e-9)));
  }
}

const probabilities = ['hang_rate', 'drop_rate', 'feed_duplicate_rate', 'feed_replay_rate', 'feed_invalid_rate'] as const;
const durations = ['latency_ms', 'latency_jitter_ms', 'retry_after_s', 'seed'] as const;

/** Refuses a patch that would make the injector misbehave (unknown field, rate outside 0..1, ...). */
function checkPatch(patch: unknown): asserts patch is Partial<FaultConfig> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new Error('faults must be an object');
  const p = patch as Record<string, unknown>;
  const known = new Set<string>(Object.keys(defaultFaults()));
  for (const key of Object.keys(p)) if (!known.has(key)) throw new Error(`unknown fault setting ${key}`);
  const isRate = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;
  for (const key of probabilities) if (key in p && !isRate(p[key])) throw new Error(`${key} must be a number from 0 to 1`);
  for (const key of durations)
    if (key in p && !(typeof p[key] === 'number' && Number.isFinite(p[key]) && (p[key] as number) >= 0))
      throw new Error(`${key} must be a number >= 0`);
  if ('error_rates' in p) {
    const rates = p.error_rates;
    if (typeof rates !== 'object' || rates === null) throw new Error('error_rates must be an object');
    for (const [status, rate] of Object.entries(rates)) {
      if (!(rateKeys as readonly string[]).includes(status)) throw new Error(`error_rates supports ${rateKeys.join(', ')}`);
      if (!isRate(rate)) throw new Error(`error_rates.${status} must be a number from 0 to 1`);
    }
  }
  for (const key of ['drop_after_commit', 'operations'] as const) {
    if (key in p && !(Array.isArray(p[key]) && (p[key] as unknown[]).every((v) => typeof v === 'string')))
      throw new Error(`${key} must be a list of operationIds`);
  }
  if ('rate_limit' in p && p.rate_limit !== null) {
    const rl = p.rate_limit as Record<string, unknown> | undefined;
    if (typeof rl?.per_second !== 'number' || typeof rl.burst !== 'number' || rl.per_second <= 0 || rl.burst < 1)
      throw new Error('rate_limit must be null or {per_second > 0, burst >= 1}');
  }
}
