// Connector behaviour over real HTTP on 127.0.0.1: classification, problems, Retry-After, timeouts, validation.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, parseRetryAfter } from '../../../src/main/connectors/http';
import { PlatformConnector } from '../../../src/main/connectors/platform';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: http.Server;
let base = '';
const sockets = new Set<import('node:net').Socket>();

beforeAll(async () => {
  server = http.createServer((req, res) => handler(req, res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

function problem(
  res: http.ServerResponse,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/problem+json', ...headers });
  res.end(JSON.stringify({ type: `/problems/${code}`, title: code, status, detail: `${code} happened`, ...extra }));
}

describe('HttpClient', () => {
  it('sends bearer, idempotency key and quoted If-Match; reads ETag and replay header', async () => {
    let seen: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/json', etag: '"7"', 'idempotent-replayed': 'true' });
      res.end('{"ok":true}');
    };
    const c = new HttpClient({ system: 'platform', url: base, token: 'tok' });
    const out = await c.request<{ ok: boolean }>({ method: 'POST', path: '/x', body: { a: 1 }, idempotencyKey: 'k1', ifMatch: 6 });
    expect(out).toMatchObject({ kind: 'ok', status: 200, body: { ok: true }, etag: '7', replayed: true });
    expect(seen.authorization).toBe('Bearer tok');
    expect(seen['idempotency-key']).toBe('k1');
    expect(seen['if-match']).toBe('"6"');
  });

  it.each([
    [422, 'price-mismatch', 'business'],
    [404, 'not-found', 'business'],
    [410, 'cursor-expired', 'business'],
    [409, 'duplicate-order', 'conflict'],
    [412, 'version-mismatch', 'conflict'],
    [401, 'unauthorized', 'auth'],
    [403, 'forbidden', 'auth'],
    [500, 'internal', 'retryable'],
    [503, 'unavailable', 'retryable'],
  ])('classifies %i as %s with the problem parsed', async (status, code, kind) => {
    handler = (_req, res) => problem(res, status, code, { existing_order_id: 'D-1', current_version: 3 });
    const c = new HttpClient({ system: 'dms', url: base, token: 't' });
    const out = await c.request({ method: 'POST', path: '/orders', body: {}, idempotencyKey: 'k' });
    expect(out.kind).toBe(kind);
    if (out.kind === 'ok' || out.kind === 'ambiguous') throw new Error('unexpected');
    expect(out.problem?.code).toBe(code);
    expect(out.problem?.extensions).toMatchObject({ existing_order_id: 'D-1', current_version: 3 });
  });

  it('honours Retry-After on 429', async () => {
    handler = (_req, res) => problem(res, 429, 'rate-limited', {}, { 'retry-after': '3' });
    const out = await new HttpClient({ system: 'platform', url: base, token: 't' }).request({ method: 'GET', path: '/events' });
    expect(out).toMatchObject({ kind: 'retryable', status: 429, retryAfterMs: 3000 });
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeNull();
  });

  it('times out a hung server: a read is retryable, a write is ambiguous', async () => {
    handler = () => {
      /* accept and never answer */
    };
    const c = new HttpClient({ system: 'platform', url: base, token: 't', timeoutMs: 150 });
    const t0 = Date.now();
    expect((await c.request({ method: 'GET', path: '/events' })).kind).toBe('retryable');
    expect((await c.request({ method: 'POST', path: '/orders', body: {}, idempotencyKey: 'k' })).kind).toBe('ambiguous');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a dropped connection after a write is ambiguous; a refused connection is retryable', async () => {
    handler = (req) => req.socket.destroy();
    const c = new HttpClient({ system: 'dms', url: base, token: 't' });
    expect((await c.request({ method: 'POST', path: '/orders', body: {}, idempotencyKey: 'k' })).kind).toBe('ambiguous');
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const refused = await new HttpClient({ system: 'dms', url: `http://127.0.0.1:${port}/v1`, token: 't' }).request({
      method: 'POST',
      path: '/orders',
      body: {},
      idempotencyKey: 'k',
    });
    expect(refused.kind).toBe('retryable');
  });
});

describe('feed validation', () => {
  const order = (id: string, version: number) => ({
    id,
    number: 'SO-1',
    account_id: 'A1',
    channel: 'portal',
    status: 'received',
    placed_at: '2026-01-01T00:00:00Z',
    placed_by: { type: 'dealer', id: 'd', name: 'D' },
    currency: 'INR',
    lines: [],
    subtotal: 0,
    tax_total: 0,
    total: 0,
    credit_check: { result: 'passed', checked_at: '2026-01-01T00:00:00Z', credit_limit: 0, exposure: 0, available_after: 0, reasons: [] },
    approvals: [],
    version,
    updated_at: '2026-01-01T00:00:00Z',
    some_future_field: 'ignored',
  });
  it('splits invalid records into quarantine without blocking the page; unknown fields are accepted', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          events: [
            {
              id: 'e1',
              type: 'order.upserted',
              occurred_at: '2026-01-01T00:00:00Z',
              resource: { type: 'order', id: 'O1', version: 2 },
              data: order('O1', 2),
            },
            {
              id: 'e2',
              type: 'order.upserted',
              occurred_at: '2026-01-01T00:00:00Z',
              resource: { type: 'order', id: 'O2', version: 1 },
              data: { ...order('O2', 1), total: 'lots' },
            },
            {
              id: 'e3',
              type: 'product.deleted',
              occurred_at: '2026-01-01T00:00:00Z',
              resource: { type: 'product', id: 'SKU1', version: 4 },
              data: { id: 'SKU1' },
            },
            { nonsense: true },
          ],
          next_cursor: 'c2',
          has_more: false,
        }),
      );
    };
    const p = new PlatformConnector({ url: base, token: 't' });
    const out = await p.reader.events(null);
    if (out.kind !== 'ok') throw new Error(out.kind);
    expect(out.body.records.map((r) => [r.id, r.version, r.deleted])).toEqual([
      ['O1', 2, false],
      ['SKU1', 4, true],
    ]);
    expect(out.body.quarantined).toHaveLength(2);
    expect(out.body.quarantined[0]?.error).toMatch(/total/);
    expect(out.body.nextCursor).toBe('c2');
  });

  it('validates single-resource reads and the dealer-status list', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(req.url?.endsWith('dealer-status') ? { data: [] } : { id: 'x' }));
    };
    const p = new PlatformConnector({ url: base, token: 't' });
    expect((await p.getOrder('x')).kind).toBe('retryable');
    expect((await p.listDealerStatus('x')).kind).toBe('ok');
  });
});
