// The web host: the backend over HTTP + WebSocket on 127.0.0.1, for browser mode and the end-to-end tests.
// Every request needs the per-launch token (cookie `dd_launch` or `Authorization: Bearer`), the Host
// header must name this loopback port (DNS rebinding), and the built renderer is served from the same
// origin with the app's CSP.
//
// Wire protocol (the renderer's webBridge is written against this):
//   GET  /?token=T | /index.html?token=T -> 302 to / with Set-Cookie dd_launch=T (HttpOnly, SameSite=Strict)
//   POST /api/call  {"procedure", "input", "session"} -> 200 ApiResult JSON (413 + ApiResult when > 1 MB)
//   GET  /api/events (WebSocket) -> text frames {"event", "payload"} for every backend push
//   GET  anything else -> static file from staticDir, SPA fallback to index.html
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ApiResult } from '../../shared/api/errors';
import { contentSecurityPolicy } from '../security/csp';
import type { Backend } from '../backend';

export const LAUNCH_COOKIE = 'dd_launch';
export const MAX_BODY_BYTES = 1024 * 1024;

export interface WebHostOptions {
  backend: Pick<Backend, 'dispatch' | 'onPush'>;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (`npm run build:renderer`); default `<repo>/dist-web`. */
  staticDir?: string;
  /** The launch token; default 32 random bytes, base64url. */
  token?: string;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/?token=T`: the address to open. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** `<repo>/dist-web`, found by walking up from this module to the package.json. */
export function defaultStaticDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist-web');
    const parent = dirname(dir);
    if (parent === dir) return resolve('dist-web');
    dir = parent;
  }
}

/** Constant-time comparison that also hides the length: compare digests, not the strings. */
function sameToken(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function bearer(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  securityHeaders(res);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function validationFailure(message: string): ApiResult<never> {
  return { ok: false, error: { kind: 'validation', message } };
}

const unauthorisedText =
  'Dealer Desk: this address needs the launch token. Open the full URL that `npm run web` printed ' +
  '(http://127.0.0.1:PORT/?token=...).\n';

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { backend } = options;
  const token = options.token ?? randomBytes(32).toString('base64url');
  const staticDir = resolve(options.staticDir ?? defaultStaticDir());
  let port = 0;

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** Host (DNS rebinding) and, when a browser sends one, Origin (cross-site requests). */
  function hostProblem(req: IncomingMessage): string | null {
    const host = req.headers.host?.toLowerCase();
    if (!host || !allowedHosts().has(host)) return 'Dealer Desk only answers to 127.0.0.1 and localhost.\n';
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin.toLowerCase())) return 'Cross-origin requests are refused.\n';
    return null;
  }

  function hasToken(req: IncomingMessage): boolean {
    // Evaluate both so the time taken does not depend on which one the client used.
    const byCookie = sameToken(cookieValue(req.headers.cookie, LAUNCH_COOKIE), token);
    const byHeader = sameToken(bearer(req.headers.authorization), token);
    return byCookie || byHeader;
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, validationFailure('Use POST for /api/call.'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep draining (bounded) so the client gets the answer instead of a reset mid-upload.
        tooLarge = true;
        if (size > 16 * MAX_BODY_BYTES) break;
        continue;
      }
      chunks.push(chunk);
    }
    if (tooLarge) {
      res.setHeader('Connection', 'close');
      sendJson(res, 413, validationFailure('The request is larger than 1 MB. Send less at once.'));
      if (!req.complete) res.on('finish', () => req.destroy());
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      sendJson(res, 200, validationFailure('The request body is not valid JSON.'));
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendJson(res, 200, validationFailure('The request body must be {"procedure", "input", "session"}.'));
      return;
    }
    const { procedure, input, session } = body as { procedure?: unknown; input?: unknown; session?: unknown };
    if (typeof procedure !== 'string') {
      sendJson(res, 200, validationFailure('"procedure" must be a string.'));
      return;
    }
    if (session !== undefined && session !== null && typeof session !== 'string') {
      sendJson(res, 200, validationFailure('"session" must be a string or null.'));
      return;
    }
    const result = await backend.dispatch(procedure, input, { sessionToken: session ?? null });
    sendJson(res, 200, result);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(res, 405, 'Method not allowed.\n');
      return;
    }
    const indexFile = join(staticDir, 'index.html');
    if (!existsSync(indexFile)) {
      sendText(res, 500, `Dealer Desk's user interface is not built (no ${indexFile}). Run \`npm run build:renderer\`, then reload.\n`);
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      sendText(res, 400, 'Bad path.\n');
      return;
    }
    let file = resolve(staticDir, '.' + decoded);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) {
      sendText(res, 404, 'Not found.\n');
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // Client-side routes (no extension) get the app; a missing asset is a real 404.
      if (extname(decoded) !== '' && !decoded.endsWith('.html')) {
        sendText(res, 404, 'Not found.\n');
        return;
      }
      file = indexFile;
    }
    const body = await readFile(file);
    const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
    securityHeaders(res);
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': body.length,
      // HTML must always be fresh (it names the hashed assets); hashed assets may be revalidated.
      'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const problem = hostProblem(req);
    if (problem) {
      sendText(res, 403, problem);
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const queryToken = url.searchParams.get('token');
    if ((url.pathname === '/' || url.pathname === '/index.html') && queryToken !== null && req.method === 'GET') {
      if (!sameToken(queryToken, token)) {
        sendText(res, 401, unauthorisedText);
        return;
      }
      // Trade the token in the address for a cookie, and drop it from the address bar and history.
      securityHeaders(res);
      res.writeHead(302, {
        Location: '/',
        'Set-Cookie': `${LAUNCH_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!hasToken(req)) {
      sendText(res, 401, unauthorisedText);
      return;
    }
    if (url.pathname === '/api/call') return handleCall(req, res);
    if (url.pathname === '/api/events') {
      sendText(res, 426, 'Use a WebSocket for /api/events.\n');
      return;
    }
    return serveStatic(req, res, url.pathname);
  }

  const sockets = new Set<WebSocket>();
  const alive = new WeakSet<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const unsubscribe = backend.onPush((event, payload) => {
    const frame = JSON.stringify({ event, payload });
    for (const socket of sockets) {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    }
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[dealer-desk] web host request failed', error);
      if (!res.headersSent) sendText(res, 500, 'Dealer Desk could not answer this request.\n');
      else res.destroy();
    });
  });

  function refuseUpgrade(socket: Duplex, status: number, text: string): void {
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    );
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const problem = hostProblem(req);
    if (problem) return refuseUpgrade(socket, 403, problem);
    if (!hasToken(req)) return refuseUpgrade(socket, 401, unauthorisedText);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname !== '/api/events') return refuseUpgrade(socket, 404, 'Not found.\n');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
      // The stream is one-way; anything the client sends is ignored.
    });
  });

  // Browsers drop idle sockets silently; pings keep them open and clear out dead ones.
  const heartbeat = setInterval(() => {
    for (const ws of sockets) {
      if (!alive.has(ws)) {
        ws.terminate();
        sockets.delete(ws);
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, 30_000);
  heartbeat.unref();

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('web host: no TCP address');
  port = address.port;
  const origin = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        clearInterval(heartbeat);
        unsubscribe();
        for (const ws of sockets) ws.terminate();
        sockets.clear();
        wss.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
