// The small HTTP framework both reference servers share: routing, bearer auth, problems, request-body
// validation against the OpenAPI request schemas, the idempotency store, If-Match, ETag, rate limiting,
// fault injection, the change feed and snapshots, and the /_sim/* control endpoints.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import { schemaValidator, describeErrors, type ContractName } from '../../shared/contracts/validate';
import { ApiProblem, problems, type FieldIssue } from './problem';
import { FaultInjector, type FaultConfig } from './faults';
import type { SimStore } from '../store/store';
import type { SimClock } from '../clock';

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  token: string;
  /** The version named by If-Match (routes with ifMatch only). */
  ifMatch: number | undefined;
  now: Date;
}

export interface RouteResult {
  status: number;
  body: unknown;
  /** Sets `ETag: "<version>"`. */
  etag?: number;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under /v1 with {param} segments. */
  path: string;
  operationId: string;
  /** JSON pointer into the contract for the request body schema. */
  bodySchema?: string;
  /** Business checks that must win over schema validation (e.g. empty-order on `lines: []`). */
  preCheck?: (body: unknown) => ApiProblem | undefined;
  /** Requires If-Match (428 when missing). */
  ifMatch?: boolean;
  /** Synchronous handler, run inside one SQLite transaction with the idempotency record. */
  handler: (ctx: RequestContext) => RouteResult;
}

export interface SimServerOptions {
  name: ContractName;
  store: SimStore;
  clock: SimClock;
  token: string;
  routes: Route[];
  seed: number;
  /** Feed retention on the simulated clock. */
  feedRetentionMs: number;
  /** Idempotency retention on the simulated clock (>= 24 h). */
  idempotencyRetentionMs: number;
  /** Data for GET /_sim/state beyond the counts. */
  extraState?: () => Record<string, unknown>;
  /** Called (outside any request) before each request, e.g. to roll daily figures forward. */
  beforeRequest?: () => void;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export class SimServer {
  readonly server: http.Server;
  readonly faults: FaultInjector;
  private readonly routes: CompiledRoute[];
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<http.ServerResponse>();
  private pendingTimers = new Set<NodeJS.Timeout>();
  private postsSincePrune = 0;
  url = '';

  constructor(readonly opts: SimServerOptions) {
    this.faults = new FaultInjector(opts.seed);
    this.routes = [...opts.routes, ...feedRoutes(opts, this.faults)].map(compile);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) sendProblem(res, problems.internal(String(err)));
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${addr.port}/v1`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const t of this.pendingTimers) clearTimeout(t);
    for (const res of this.hung) res.destroy();
    await new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.pendingTimers.delete(t);
        resolve();
      }, ms);
      this.pendingTimers.add(t);
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const token = bearer(req.headers.authorization);
    if (token === undefined || !sameToken(token, this.opts.token)) return sendProblem(res, problems.unauthorized());

    let path = url.pathname;
    if (path.startsWith('/_sim/') || path.startsWith('/v1/_sim/')) return this.handleSim(method, path.replace(/^\/v1/, ''), raw, res);
    if (!path.startsWith('/v1/')) return sendProblem(res, problems.notFound(`${path}`));
    path = path.slice(3);

    let params: Record<string, string> | undefined;
    let route: CompiledRoute | undefined;
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      route = r;
      params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      break;
    }
    if (!route || !params) return sendProblem(res, pathMatched ? problems.methodNotAllowed() : problems.notFound(path));
    const op = route.operationId;

    // Faults come before any work, as a proxy or an overloaded server would answer.
    if (this.faults.shouldHang(op)) {
      this.hung.add(res);
      res.on('close', () => this.hung.delete(res));
      return;
    }
    const injected = this.faults.injectedError(op);
    const retryAfter = this.faults.config.retry_after_s;
    if (injected === 500) return sendProblem(res, problems.internal('Injected fault'));
    if (injected === 503) return sendProblem(res, problems.unavailable(retryAfter));
    if (injected === 429) return sendProblem(res, problems.rateLimited(retryAfter));
    const wait = this.faults.rateLimited(token);
    if (wait !== undefined) return sendProblem(res, problems.rateLimited(wait));

    this.opts.beforeRequest?.();
    const store = this.opts.store;
    const clock = this.opts.clock;

    let body: unknown = undefined;
    let bodyProblem: ApiProblem | undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        bodyProblem = problems.invalidRequest([{ path: '/', message: 'body is not valid JSON' }]);
      }
    }

    // Idempotency: reserve (token, key) before doing anything that can take time.
    let idemKey: string | undefined;
    if (method === 'POST') {
      const key = req.headers['idempotency-key'];
      const k = Array.isArray(key) ? key[0] : key;
      if (k === undefined || k === '') return sendProblem(res, problems.idempotencyKeyMissing());
      if (!/^[\x21-\x7e]{1,255}$/.test(k))
        return sendProblem(
          res,
          problems.invalidRequest([{ path: 'header:Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]),
        );
      const fingerprint = fingerprintOf(method, path, body, raw);
      const nowMs = clock.nowMs();
      const existing = store.idempotencyGet(token, k);
      if (existing && existing.createdMs >= nowMs - this.opts.idempotencyRetentionMs) {
        if (existing.fingerprint !== fingerprint) return sendProblem(res, problems.idempotencyKeyReused());
        if (existing.status === null) return sendProblem(res, problems.idempotencyKeyInFlight());
        return send(res, existing.status, existing.body ?? '', existing.contentType ?? 'application/json', {
          ...existing.headers,
          'Idempotent-Replayed': 'true',
        });
      }
      store.idempotencyReserve(token, k, fingerprint, nowMs);
      // Expired records are ignored above; deleting them now and then keeps the table small.
      if (++this.postsSincePrune >= 1000) {
        this.postsSincePrune = 0;
        store.idempotencyPrune(nowMs - this.opts.idempotencyRetentionMs);
      }
      idemKey = k;
    }

    const latency = this.faults.latencyMs(op);
    if (latency > 0) await this.sleep(latency);
    if (res.destroyed) {
      if (idemKey) store.idempotencyRelease(token, idemKey);
      return;
    }

    const finish = (status: number, text: string, contentType: string, headers: Record<string, string>, storeIt: boolean) => {
      if (idemKey) {
        if (storeIt) store.idempotencyStore(token, idemKey, status, text, contentType, headers);
        else store.idempotencyRelease(token, idemKey);
      }
    };

    const ifMatchHeader = req.headers['if-match'];
    let ifMatch: number | undefined;
    if (route.ifMatch) {
      if (ifMatchHeader === undefined) {
        finish(428, '', '', {}, false);
        return sendProblem(res, problems.preconditionRequired());
      }
      const m = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(ifMatchHeader);
      // An unreadable If-Match cannot match any version.
      ifMatch = m ? Number(m[1]) : -1;
    }

    let outcome: { status: number; text: string; contentType: string; headers: Record<string, string> };
    try {
      if (bodyProblem) throw bodyProblem;
      const pre = route.preCheck?.(body);
      if (pre) throw pre;
      if (route.bodySchema) {
        const validate = schemaValidator(this.opts.name, route.bodySchema);
        if (body === undefined) throw problems.invalidRequest([{ path: '/', message: 'a JSON body is required' }]);
        if (!validate(body)) throw problems.invalidRequest(dedupe(describeErrors(validate.errors)));
      }
      const ctx: RequestContext = { params, query: url.searchParams, body, token, ifMatch, now: clock.now() };
      outcome = store.transaction(() => {
        const result = route.handler(ctx);
        const headers: Record<string, string> = { ...(result.headers ?? {}) };
        if (result.etag !== undefined) headers.ETag = `"${result.etag}"`;
        const text = JSON.stringify(result.body);
        const o = { status: result.status, text, contentType: 'application/json', headers };
        // Stored in the same transaction as the change, so a crash never leaves one without the other.
        if (idemKey && result.status < 500) store.idempotencyStore(token, idemKey, o.status, text, o.contentType, headers);
        return o;
      });
    } catch (err) {
      const p = err instanceof ApiProblem ? err : problems.internal(err instanceof Error ? err.message : String(err));
      const text = JSON.stringify(p.toBody());
      // Every 4xx is replayed later except those a client is meant to retry with the same key.
      const storeIt = p.status < 500 && p.status !== 412 && p.status !== 428 && p.code !== 'idempotency-key-in-flight';
      finish(p.status, text, 'application/problem+json', p.headers, storeIt);
      return send(res, p.status, text, 'application/problem+json', p.headers);
    }
    if (this.faults.shouldDropAfterCommit(op)) {
      res.socket?.destroy();
      return;
    }
    send(res, outcome.status, outcome.text, outcome.contentType, outcome.headers);
  }

  private handleSim(method: string, path: string, raw: string, res: http.ServerResponse): void {
    let body: Record<string, unknown> = {};
    try {
      if (raw.length > 0) body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return sendProblem(res, problems.invalidRequest([{ path: '/', message: 'body is not valid JSON' }]));
    }
    const clock = this.opts.clock;
    const store = this.opts.store;
    try {
      if (path === '/_sim/faults' && method === 'GET') return sendJson(res, 200, this.faults.config);
      if (path === '/_sim/faults' && (method === 'POST' || method === 'PUT'))
        return sendJson(res, 200, this.faults.update(body as Partial<FaultConfig>));
      if (path === '/_sim/reset-faults' && method === 'POST') return sendJson(res, 200, this.faults.reset());
      if (path === '/_sim/expire-cursors' && method === 'POST') {
        store.dropEventsThrough(store.lastSeq());
        return sendJson(res, 200, { purged_through: store.purgedThrough() });
      }
      if (path === '/_sim/clock' && method === 'GET') return sendJson(res, 200, clock.state());
      if (path === '/_sim/clock' && method === 'POST') {
        // Demo mode and `npm run sim`: what a person sees must be real time, so nobody may move it.
        if (clock.followsWallClock)
          return sendProblem(
            res,
            new ApiProblem(
              409,
              'clock-follows-wall-clock',
              'The clock follows the wall clock',
              'These servers run on the wall clock (demo mode, npm run sim); only servers started with a controlled clock (tests) can be sped up, paused or advanced',
            ),
          );
        if (typeof body.speed === 'number') clock.setSpeed(body.speed);
        if (body.paused === true) clock.pause();
        if (body.paused === false) clock.resume();
        if (typeof body.advance_ms === 'number') clock.advance(body.advance_ms);
        if (typeof body.advance_days === 'number') clock.advance(body.advance_days * 86_400_000);
        if (typeof body.now === 'string') clock.set(new Date(body.now));
        return sendJson(res, 200, clock.state());
      }
      if (path === '/_sim/state' && method === 'GET') {
        this.opts.beforeRequest?.();
        return sendJson(res, 200, {
          server: this.opts.name,
          clock: clock.state(),
          counts: store.counts(),
          events: { retained: store.eventCount(), last_seq: store.lastSeq(), purged_through: store.purgedThrough() },
          idempotency_records: store.idempotencyCount(),
          faults: this.faults.config,
          ...(this.opts.extraState?.() ?? {}),
        });
      }
    } catch (err) {
      return sendProblem(res, problems.invalidRequest([{ path: '/', message: err instanceof Error ? err.message : String(err) }]));
    }
    sendProblem(res, problems.notFound(path));
  }
}

function compile(r: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = r.path.replace(/\{(\w+)\}/g, (_m, n: string) => {
    names.push(n);
    return '([^/]+)';
  });
  return { ...r, regex: new RegExp(`^${pattern}$`), names };
}

function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

function sameToken(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Canonical JSON: keys sorted at every level, so key order never changes a fingerprint. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .filter((k) => obj[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

function fingerprintOf(method: string, path: string, body: unknown, raw: string): string {
  const canonical = body === undefined ? raw : canonicalJson(body);
  return createHash('sha256').update(`${method} ${path}\n${canonical}`).digest('hex');
}

function send(res: http.ServerResponse, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const h: Record<string, string | number> = { ...headers };
  if (text.length > 0) {
    h['Content-Type'] = `${contentType}; charset=utf-8`;
  }
  h['Content-Length'] = Buffer.byteLength(text);
  res.writeHead(status, h);
  res.end(text);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), 'application/json');
}

function sendProblem(res: http.ServerResponse, p: ApiProblem): void {
  send(res, p.status, JSON.stringify(p.toBody()), 'application/problem+json', p.headers);
}

// ---- change feed and snapshots -------------------------------------------------------------------

const CURSOR_PREFIX = 'c1.';

export function encodeCursor(seq: number): string {
  return CURSOR_PREFIX + Buffer.from(`feed:${seq}`, 'utf8').toString('base64url');
}

/** The seq a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  if (!cursor.startsWith(CURSOR_PREFIX)) return undefined;
  const text = Buffer.from(cursor.slice(CURSOR_PREFIX.length), 'base64url').toString('utf8');
  const m = /^feed:(\d{1,15})$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

function encodePageToken(collection: string, lastId: string): string {
  return 'p1.' + Buffer.from(JSON.stringify([collection, lastId]), 'utf8').toString('base64url');
}

function decodePageToken(token: string, collection: string): string | undefined {
  if (!token.startsWith('p1.')) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token.slice(3), 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && v[0] === collection && typeof v[1] === 'string') return v[1];
  } catch {
    return undefined;
  }
  return undefined;
}

function intParam(query: URLSearchParams, name: string, min: number, max: number, dflt: number): number {
  const v = query.get(name);
  if (v === null) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw problems.invalidRequest([{ path: `query:${name}`, message: `must be an integer from ${min} to ${max}` }]);
  return Number(v);
}

let invalidCounter = 0;

function feedRoutes(opts: SimServerOptions, faults: FaultInjector): Route[] {
  const { store, clock } = opts;
  const collections = Object.keys(store.collections);
  return [
    {
      method: 'GET',
      path: '/events',
      operationId: 'listEvents',
      handler: (ctx) => {
        const limit = intParam(ctx.query, 'limit', 1, 1000, 500);
        const purged = store.pruneEvents(clock.nowMs() - opts.feedRetentionMs);
        const last = store.lastSeq();
        const after = ctx.query.get('after');
        let from = purged;
        if (after !== null) {
          const seq = decodeCursor(after);
          if (seq === undefined) throw problems.invalidCursor('This cursor was not issued by this feed');
          if (seq > last) throw problems.invalidCursor('This cursor is ahead of the feed');
          if (seq < purged) throw problems.cursorExpired();
          from = seq;
        }
        const rows = store.eventsAfter(from, limit + 1);
        const hasMore = rows.length > limit;
        const page = rows.slice(0, limit);
        const events: object[] = [];
        const cfg = faults.config;
        if (page.length > 0 && cfg.feed_invalid_rate > 0 && faults.random() < cfg.feed_invalid_rate) {
          invalidCounter += 1;
          // A record the contract does not allow: the envelope is fine, the resource is not.
          events.push({
            id: `evt_injected_${invalidCounter}`,
            type: 'order.upserted',
            occurred_at: ctx.now.toISOString(),
            resource: { type: 'order', id: `injected-invalid-${invalidCounter}`, version: 1 },
            data: { id: `injected-invalid-${invalidCounter}`, status: 42, lines: 'not-a-list' },
          });
        }
        for (const e of page) {
          const { seq: _seq, ...event } = e;
          events.push(event);
          if (cfg.feed_duplicate_rate > 0 && faults.random() < cfg.feed_duplicate_rate) events.push(event);
        }
        let nextSeq = page.length > 0 ? (page[page.length - 1]?.seq ?? from) : from;
        let replayed = false;
        if (page.length > 1 && cfg.feed_replay_rate > 0 && faults.random() < cfg.feed_replay_rate) {
          // Step back to the middle of the page: the second half comes again, and progress is still made.
          nextSeq = page[Math.floor((page.length - 1) / 2)]?.seq ?? nextSeq;
          replayed = true;
        }
        return {
          status: 200,
          body: { events, next_cursor: encodeCursor(nextSeq), has_more: hasMore || replayed },
        };
      },
    },
    {
      method: 'GET',
      path: '/snapshot/{collection}',
      operationId: 'getSnapshot',
      handler: (ctx) => {
        const collection = ctx.params.collection ?? '';
        if (!collections.includes(collection))
          throw problems.invalidRequest([{ path: 'path:collection', message: `must be one of ${collections.join(', ')}` }]);
        const limit = intParam(ctx.query, 'limit', 1, 5000, 1000);
        const token = ctx.query.get('page_token');
        let afterId = '';
        if (token !== null && token !== '') {
          const id = decodePageToken(token, collection);
          if (id === undefined)
            throw problems.invalidRequest([{ path: 'query:page_token', message: 'not a page token of this collection' }]);
          afterId = id;
        }
        const eventsCursor = token === null || token === '' ? encodeCursor(store.lastSeq()) : undefined;
        const rows = store.snapshotPage(collection, afterId, limit + 1);
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        const body: Record<string, unknown> = {
          data: page.map((r) => r.data),
          next_page_token: rows.length > limit && last ? encodePageToken(collection, last.id) : null,
        };
        if (eventsCursor !== undefined) body.events_cursor = eventsCursor;
        return { status: 200, body };
      },
    },
  ];
}
