// The HTTP layer shared by both connectors: bearer auth, per-request timeout, RFC 9457 problem parsing and
// the classification of every response into the outcomes the sync engine acts on.
import type { ContractName } from '../../shared/contracts/validate';

/** A parsed RFC 9457 problem. `code` is the last segment of `type` (`/problems/price-mismatch` -> `price-mismatch`). */
export interface ProblemDetails {
  type: string;
  code: string;
  title: string;
  status: number;
  detail: string | null;
  /** Every member beyond type/title/status/detail/instance (existing_order_id, current_version, expected, ...). */
  extensions: Record<string, unknown>;
}

/**
 * What a response means for the caller.
 * - ok: 2xx.
 * - business: a 4xx the caller cannot fix by waiting (validation, unknown resource, rule refused it, 410, 428).
 * - conflict: 409 or 412 (another writer got there first; re-read).
 * - auth: 401/403 (pause this target until the credentials are fixed).
 * - retryable: 429, 5xx, or a network failure where the request certainly did not take effect (or is a read).
 * - ambiguous: a write that may or may not have taken effect (timeout or dropped connection after sending).
 */
export type HttpOutcome<T> =
  | { kind: 'ok'; status: number; body: T; etag: string | null; replayed: boolean }
  | { kind: 'business'; status: number; problem: ProblemDetails }
  | { kind: 'conflict'; status: number; problem: ProblemDetails }
  | { kind: 'auth'; status: number; problem: ProblemDetails }
  | { kind: 'retryable'; status: number | null; problem: ProblemDetails | null; retryAfterMs: number | null; message: string }
  | { kind: 'ambiguous'; status: null; message: string };

export type FailedOutcome = Exclude<HttpOutcome<unknown>, { kind: 'ok' }>;

export interface EndpointConfig {
  /** Base URL including `/v1`, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  token: string;
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** The version acted on; sent quoted as If-Match. */
  ifMatch?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpClientOptions extends EndpointConfig {
  system: ContractName;
  /** Default per-request timeout. A hung server must never hold a sync loop or an outbox slot forever. */
  timeoutMs?: number;
  /** Called once per request attempt with its outcome kind; used for rate accounting in tests and status. */
  onRequest?: (info: {
    system: ContractName;
    method: string;
    path: string;
    outcome: HttpOutcome<unknown>['kind'];
    status: number | null;
  }) => void;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function parseProblem(status: number, body: unknown): ProblemDetails {
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const type = typeof obj.type === 'string' ? obj.type : `/problems/http-${status}`;
  const extensions: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!['type', 'title', 'status', 'detail', 'instance'].includes(k)) extensions[k] = v;
  }
  return {
    type,
    code: type.split('/').filter(Boolean).pop() ?? type,
    title: typeof obj.title === 'string' ? obj.title : `HTTP ${status}`,
    status: typeof obj.status === 'number' ? obj.status : status,
    detail: typeof obj.detail === 'string' ? obj.detail : null,
    extensions,
  };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. Capped at 10 minutes. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(Math.max(0, ms), 600_000);
}

export function classifyStatus(status: number): 'ok' | 'business' | 'conflict' | 'auth' | 'retryable' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'auth';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 429 || status === 408 || status >= 500) return 'retryable';
  return 'business';
}

function errorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Network errors that prove the request never reached the server, so even a write is safe to resend. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class HttpClient {
  readonly system: ContractName;
  private readonly base: string;
  private readonly token: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly onRequest: HttpClientOptions['onRequest'];

  constructor(options: HttpClientOptions) {
    this.system = options.system;
    this.base = options.url.replace(/\/+$/, '');
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.onRequest = options.onRequest;
  }

  async request<T>(opts: RequestOptions): Promise<HttpOutcome<T>> {
    const outcome = await this.send<T>(opts);
    this.onRequest?.({ system: this.system, method: opts.method, path: opts.path, outcome: outcome.kind, status: outcome.status });
    return outcome;
  }

  private async send<T>(opts: RequestOptions): Promise<HttpOutcome<T>> {
    const url = new URL(this.base + opts.path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: 'application/json, application/problem+json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
    if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
    // A plain controller and a ref'd timer, not AbortSignal.timeout/any: on Node 20 a signal that nothing
    // else references can be collected before it fires, and a hung request would then never end. The race
    // below is the last line: whatever fetch does, the attempt ends at the deadline.
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    const signal = controller.signal;
    const onOuterAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    const isRead = opts.method === 'GET';

    let res: Response;
    let text: string;
    try {
      const exchange = (async () => {
        const r = await this.fetchImpl(url, {
          method: opts.method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal,
        });
        // The body is read under the same deadline: a server that sends headers and then hangs is cut off.
        return { r, body: await r.text() };
      })();
      exchange.catch(() => {}); // settled late after the deadline: nothing is waiting for it any more
      const done = await Promise.race([exchange, deadline]);
      res = done.r;
      text = done.body;
    } catch (err) {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onOuterAbort);
      const code = errorCode(err);
      const aborted = signal.aborted;
      const message = aborted ? `no answer within ${timeoutMs} ms` : `network error${code ? ` (${code})` : ''}: ${(err as Error).message}`;
      if (opts.signal?.aborted) return { kind: 'retryable', status: null, problem: null, retryAfterMs: null, message: 'cancelled' };
      if (isRead || (code !== null && NOT_SENT_CODES.has(code))) {
        return { kind: 'retryable', status: null, problem: null, retryAfterMs: null, message };
      }
      return { kind: 'ambiguous', status: null, message };
    }
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);

    const klass = classifyStatus(res.status);
    let body: unknown = null;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        if (klass === 'ok') {
          // A 2xx whose body we cannot read: for a write the effect happened but we cannot see it.
          return isRead
            ? { kind: 'retryable', status: res.status, problem: null, retryAfterMs: null, message: 'unreadable response body' }
            : { kind: 'ambiguous', status: null, message: 'unreadable response body' };
        }
      }
    }
    if (klass === 'ok') {
      const etag = res.headers.get('etag');
      return {
        kind: 'ok',
        status: res.status,
        body: body as T,
        etag: etag ? etag.replace(/^W\//, '').replace(/"/g, '') : null,
        replayed: res.headers.get('idempotent-replayed') === 'true',
      };
    }
    const problem = parseProblem(res.status, body);
    if (klass === 'retryable') {
      return {
        kind: 'retryable',
        status: res.status,
        problem,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        message: `${res.status} ${problem.title}${problem.detail ? `: ${problem.detail}` : ''}`,
      };
    }
    return { kind: klass, status: res.status, problem };
  }
}

/** Human line for an outcome, for logs and for the outbox's last_error. */
export function describeOutcome(outcome: HttpOutcome<unknown>): string {
  switch (outcome.kind) {
    case 'ok':
      return `${outcome.status} OK`;
    case 'retryable':
    case 'ambiguous':
      return outcome.message;
    default:
      return `${outcome.status} ${outcome.problem.code}: ${outcome.problem.detail ?? outcome.problem.title}`;
  }
}
