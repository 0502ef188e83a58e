// The web bridge against a real HTTP + WebSocket server on 127.0.0.1 speaking the web host's wire protocol:
// calls, error mapping, push events, and reconnect after the event socket drops.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createWebBridge, type SocketLike, type WebBridge } from '../../../src/renderer/api/webBridge';

let server: Server;
let wss: WebSocketServer;
let origin: string;
let lastRequest: { body: unknown; contentType: string | undefined } | null;
let respond: (body: unknown) => { status: number; text: string };
const bridges: WebBridge[] = [];

beforeEach(async () => {
  lastRequest = null;
  respond = () => ({ status: 200, text: JSON.stringify({ ok: true, value: { pong: true } }) });
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      lastRequest = { body: JSON.parse(raw) as unknown, contentType: req.headers['content-type'] };
      const { status, text } = respond(lastRequest.body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(text);
    });
  });
  wss = new WebSocketServer({ server, path: '/api/events' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  bridges.splice(0).forEach((b) => b.dispose());
  for (const client of wss.clients) client.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function bridge(extra: Parameters<typeof createWebBridge>[0] = {}): WebBridge {
  const b = createWebBridge({
    origin,
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    minReconnectDelayMs: 20,
    maxReconnectDelayMs: 100,
    ...extra,
  });
  bridges.push(b);
  return b;
}

function nextConnection(): Promise<WebSocket> {
  return new Promise((resolve) => wss.once('connection', (ws) => resolve(ws)));
}

describe('webBridge.call', () => {
  it('posts {procedure, input, session} as JSON and returns the ApiResult as sent', async () => {
    const result = await bridge().call('staff.list', { a: 1 }, 'sess-1');
    expect(lastRequest?.contentType).toBe('application/json');
    expect(lastRequest?.body).toEqual({ procedure: 'staff.list', input: { a: 1 }, session: 'sess-1' });
    expect(result).toEqual({ ok: true, value: { pong: true } });
  });

  it('passes backend errors through as data, issues included', async () => {
    const error = { kind: 'validation', message: 'Fix the fields.', issues: [{ path: 'password', message: 'Too short.' }] };
    respond = () => ({ status: 200, text: JSON.stringify({ ok: false, error }) });
    expect(await bridge().call('staff.create', {}, null)).toEqual({ ok: false, error });
  });

  it('turns a non-protocol answer into an internal error and a rejected token into unavailable', async () => {
    respond = () => ({ status: 500, text: '<html>oops</html>' });
    expect(await bridge().call('session.get', {}, null)).toMatchObject({ ok: false, error: { kind: 'internal' } });
    respond = () => ({ status: 401, text: JSON.stringify({ message: 'bad token' }) });
    expect(await bridge().call('session.get', {}, null)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });

  it('reports a host that is down as unavailable instead of throwing', async () => {
    const down = createWebBridge({ origin: 'http://127.0.0.1:1', openSocket: () => ({}) as SocketLike });
    expect(await down.call('session.get', {}, null)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});

describe('webBridge.subscribe', () => {
  it('delivers frames to listeners of that event only, and stops after unsubscribe', async () => {
    const connected = nextConnection();
    const b = bridge();
    const statuses: unknown[] = [];
    const replicas: unknown[] = [];
    const off = b.subscribe('sync.status', (p) => statuses.push(p));
    b.subscribe('replica.changed', (p) => replicas.push(p));
    const ws = await connected;
    ws.send(JSON.stringify({ event: 'sync.status', payload: { n: 1 } }));
    ws.send('not json');
    ws.send(JSON.stringify({ event: 'replica.changed', payload: { tables: ['orders'] } }));
    await expect.poll(() => replicas.length).toBe(1);
    expect(statuses).toEqual([{ n: 1 }]);
    off();
    ws.send(JSON.stringify({ event: 'sync.status', payload: { n: 2 } }));
    ws.send(JSON.stringify({ event: 'replica.changed', payload: { tables: ['accounts'] } }));
    await expect.poll(() => replicas.length).toBe(2);
    expect(statuses).toEqual([{ n: 1 }]);
  });

  it('reconnects with back-off after the socket drops and keeps delivering', async () => {
    const changes: boolean[] = [];
    const first = nextConnection();
    const b = bridge({ onConnectionChange: (up) => changes.push(up) });
    const got: unknown[] = [];
    b.subscribe('sync.status', (p) => got.push(p));
    (await first).terminate();
    const second = await nextConnection();
    second.send(JSON.stringify({ event: 'sync.status', payload: 'after reconnect' }));
    await expect.poll(() => got).toEqual(['after reconnect']);
    await expect.poll(() => changes).toEqual([true, false, true]);
  });
});
