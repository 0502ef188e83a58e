// The web host over real HTTP and a real WebSocket client: launch token (401 without, cookie flow,
// bearer), Host/Origin checks, the /api/call round trip, a forbidden procedure refused when called
// directly, push delivery on /api/events, and static serving with its headers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startWebHost, type WebHost } from '../../../src/main/web/host';
import { contentSecurityPolicy } from '../../../src/main/security/csp';
import type { ApiResult } from '../../../src/shared/api/errors';
import type { SignInResult, StaffView } from '../../../src/shared/api/contract';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let root: string;
let backend: Backend;
let host: WebHost;

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const cookie = () => ({ cookie: `dd_launch=${host.token}` });

async function call<T = unknown>(procedure: string, input: unknown, session: string | null = null): Promise<ApiResult<T>> {
  const reply = await send({
    method: 'POST',
    path: '/api/call',
    headers: { ...cookie(), 'content-type': 'application/json' },
    body: JSON.stringify({ procedure, input, session }),
  });
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(reply.body) as ApiResult<T>;
}

function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'dd-webhost-'));
  const staticDir = join(root, 'dist-web');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><title>Dealer Desk</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("desk");');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the static dir');
  backend = await createBackend({ dataDir: join(root, 'data'), log: () => undefined });
  host = await startWebHost({ backend, staticDir });
});

afterAll(async () => {
  await host?.close();
  await backend?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('launch token', () => {
  it('prints a loopback URL with a fresh 32-byte token', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(host.port).toBeGreaterThan(0);
  });

  it('refuses every kind of request without it (401, telling the user what to open)', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/orders/123']) {
      const reply = await send({ path });
      expect(reply.status, path).toBe(401);
      expect(reply.body).toMatch(/npm run web/);
    }
    const api = await send({
      method: 'POST',
      path: '/api/call',
      body: JSON.stringify({ procedure: 'session.get', input: {}, session: null }),
    });
    expect(api.status).toBe(401);
    expect((await send({ path: '/', headers: { cookie: 'dd_launch=wrong' } })).status).toBe(401);
    expect((await send({ path: '/', headers: { authorization: `Bearer ${host.token}x` } })).status).toBe(401);
    expect((await send({ path: '/?token=wrong' })).status).toBe(401);
    // The query token is only accepted on the entry page, not on the API.
    expect((await send({ method: 'POST', path: `/api/call?token=${host.token}`, body: '{}' })).status).toBe(401);
  });

  it('trades ?token= for an HttpOnly SameSite=Strict cookie, then serves the app with it', async () => {
    const redirect = await send({ path: `/?token=${host.token}` });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toBe('/');
    expect(redirect.headers['set-cookie']).toEqual([`dd_launch=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const viaIndex = await send({ path: `/index.html?token=${host.token}` });
    expect(viaIndex.status).toBe(302);

    const page = await send({ path: '/', headers: cookie() });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Dealer Desk</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('accepts Authorization: Bearer as well', async () => {
    const reply = await send({
      method: 'POST',
      path: '/api/call',
      headers: { authorization: `Bearer ${host.token}` },
      body: JSON.stringify({ procedure: 'session.get', input: {}, session: null }),
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { setupDone: expect.any(Boolean) } });
  });
});

describe('host and origin checks', () => {
  it('refuses a foreign Host header (DNS rebinding) with 403, even with the token', async () => {
    for (const hostHeader of [`evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, '127.0.0.1', `0.0.0.0:${host.port}`]) {
      const reply = await send({ path: '/', headers: { ...cookie(), host: hostHeader } });
      expect(reply.status, hostHeader).toBe(403);
    }
    expect((await send({ path: '/', headers: { ...cookie(), host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuses a cross-origin request', async () => {
    const reply = await send({ method: 'POST', path: '/api/call', headers: { ...cookie(), origin: 'http://evil.example' }, body: '{}' });
    expect(reply.status).toBe(403);
    const same = await send({
      method: 'POST',
      path: '/api/call',
      headers: { ...cookie(), origin: host.origin },
      body: JSON.stringify({ procedure: 'session.get', input: {}, session: null }),
    });
    expect(same.status).toBe(200);
  });
});

describe('POST /api/call', () => {
  let admin: SignInResult;

  it('round-trips setup, sign-in and session.get', async () => {
    admin = ok(await call<SignInResult>('session.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'admin password 1' }));
    expect(admin.staff.roles).toEqual(['admin']);
    const session = ok(await call<{ setupDone: boolean; staff: StaffView | null }>('session.get', {}, admin.sessionToken));
    expect(session.setupDone).toBe(true);
    expect(session.staff?.username).toBe('admin');
    const signIn = ok(await call<SignInResult>('session.signIn', { username: 'admin', password: 'admin password 1' }));
    expect(signIn.sessionToken).not.toBe(admin.sessionToken);
  });

  it('refuses a forbidden procedure even when called directly', async () => {
    ok(
      await call(
        'staff.create',
        { username: 'clerk', displayName: 'Clerk', password: 'clerk password', roles: ['inside_sales'] },
        admin.sessionToken,
      ),
    );
    const clerk = ok(await call<SignInResult>('session.signIn', { username: 'clerk', password: 'clerk password' }));
    const listed = await call('staff.list', {}, clerk.sessionToken);
    expect(listed).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const created = await call(
      'staff.create',
      { username: 'sneaky', displayName: 'Sneaky', password: 'sneaky password', roles: ['admin'] },
      clerk.sessionToken,
    );
    expect(created).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    const names = ok(await call<StaffView[]>('staff.list', {}, admin.sessionToken)).map((s) => s.username);
    expect(names).not.toContain('sneaky');
    expect(await call('staff.list', {}, null)).toMatchObject({ ok: false, error: { kind: 'unauthenticated' } });
  });

  it('answers malformed requests with validation errors as data', async () => {
    for (const body of [
      '{not json',
      '[]',
      '"x"',
      JSON.stringify({ input: {} }),
      JSON.stringify({ procedure: 'session.get', session: 42 }),
    ]) {
      const reply = await send({ method: 'POST', path: '/api/call', headers: cookie(), body });
      expect(reply.status, body).toBe(200);
      expect(JSON.parse(reply.body), body).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(await call('no.such.procedure', {})).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('limits the body to 1 MB', async () => {
    const big = JSON.stringify({ procedure: 'session.get', input: { pad: 'x'.repeat(1024 * 1024) }, session: null });
    const reply = await send({ method: 'POST', path: '/api/call', headers: cookie(), body: big });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    // Just under the limit is fine.
    const fits = JSON.stringify({ procedure: 'session.get', input: {}, session: null, pad: 'x'.repeat(1000 * 1000) });
    expect((await send({ method: 'POST', path: '/api/call', headers: cookie(), body: fits })).status).toBe(200);
  });

  it('only POST', async () => {
    expect((await send({ path: '/api/call', headers: cookie() })).status).toBe(405);
  });
});

describe('WebSocket /api/events', () => {
  function connect(headers: Record<string, string>): Promise<{ ws: WebSocket; frames: unknown[] } | { refused: number }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, { headers });
      const frames: unknown[] = [];
      ws.on('message', (data) => frames.push(JSON.parse(String(data))));
      ws.on('open', () => resolve({ ws, frames }));
      ws.on('unexpected-response', (_req, res) => {
        resolve({ refused: res.statusCode ?? 0 });
        ws.terminate();
      });
      ws.on('error', () => undefined);
    });
  }

  it('delivers every backend push as {"event", "payload"} text frames', async () => {
    const conn = await connect(cookie());
    if (!('ws' in conn)) throw new Error(`refused ${conn.refused}`);
    backend.push('replica.changed', { tables: ['platform_orders'] });
    backend.push('session.ended', { reason: 'test' });
    await expect.poll(() => conn.frames.length, { timeout: 5000 }).toBe(2);
    expect(conn.frames).toEqual([
      { event: 'replica.changed', payload: { tables: ['platform_orders'] } },
      { event: 'session.ended', payload: { reason: 'test' } },
    ]);
    conn.ws.close();
  });

  it('needs the token and the right Host, like every other request', async () => {
    expect(await connect({})).toEqual({ refused: 401 });
    expect(await connect({ cookie: 'dd_launch=nope' })).toEqual({ refused: 401 });
    expect(await connect({ ...cookie(), host: 'evil.example' })).toEqual({ refused: 403 });
    expect(await connect({ ...cookie(), origin: 'http://evil.example' })).toEqual({ refused: 403 });
    const bearer = await connect({ authorization: `Bearer ${host.token}` });
    expect('ws' in bearer).toBe(true);
    if ('ws' in bearer) bearer.ws.close();
  });
});

describe('static files', () => {
  it('serves assets with their content types and the security headers', async () => {
    const js = await send({ path: '/assets/app.js', headers: cookie() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect((await send({ path: '/assets/app.css', headers: cookie() })).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('falls back to index.html for client-side routes, 404 for missing assets', async () => {
    const route = await send({ path: '/orders/SO-1', headers: cookie() });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Dealer Desk</title>');
    expect(route.headers['cache-control']).toBe('no-store');
    expect((await send({ path: '/assets/missing.js', headers: cookie() })).status).toBe(404);
  });

  it('never serves files outside the static directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const reply = await send({ path, headers: cookie() });
      expect(reply.body, path).not.toContain('outside the static dir');
    }
  });

  it('says to run build:renderer when the UI is not built', async () => {
    const bare = await startWebHost({ backend, staticDir: join(root, 'no-such-dir') });
    try {
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: bare.port, path: '/', headers: { host: `127.0.0.1:${bare.port}`, cookie: `dd_launch=${bare.token}` } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += String(c)));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(reply.status).toBe(500);
      expect(reply.body).toMatch(/npm run build:renderer/);
      expect(bare.token).not.toBe(host.token);
    } finally {
      await bare.close();
    }
  });
});
