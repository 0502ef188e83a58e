// DeskBridge for the web host: procedure calls over `POST /api/call`, push events over the `/api/events`
// WebSocket (same origin; the launch token travels as the server's HttpOnly cookie, never in script).
import type { DeskBridge } from '../../shared/api/contract';
import type { ApiResult } from '../../shared/api/errors';

/** Minimal WebSocket surface we use, so tests can hand in a fake or Node's `ws`. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

export interface WebBridgeOptions {
  /** Origin of the web host, e.g. `http://127.0.0.1:5123`. Default: the page's own origin. */
  origin?: string;
  fetch?: typeof fetch;
  openSocket?: (url: string) => SocketLike;
  /** Reconnect back-off bounds in ms. */
  minReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Told when the event stream goes up or down, so the UI can say live updates are paused. */
  onConnectionChange?: (connected: boolean) => void;
}

export interface WebBridge extends DeskBridge {
  /** Close the event socket and stop reconnecting (tests, page teardown). */
  dispose(): void;
}

function failure(kind: 'unavailable' | 'internal', message: string): ApiResult<never> {
  return { ok: false, error: { kind, message } };
}

function isApiResult(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in value;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { kind?: unknown; message?: unknown };
  return typeof e.kind === 'string' && typeof e.message === 'string';
}

export function createWebBridge(options: WebBridgeOptions = {}): WebBridge {
  const origin = options.origin ?? window.location.origin;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const openSocket = options.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const minDelay = options.minReconnectDelayMs ?? 500;
  const maxDelay = options.maxReconnectDelayMs ?? 15_000;

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: SocketLike | null = null;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let disposed = false;
  let connected = false;

  const eventsUrl = origin.replace(/^http/, 'ws') + '/api/events';

  function setConnected(value: boolean): void {
    if (connected === value) return;
    connected = value;
    options.onConnectionChange?.(value);
  }

  function scheduleReconnect(): void {
    if (disposed || reconnectTimer !== null || listeners.size === 0) return;
    // Exponential back-off with full jitter, so many tabs/desks do not reconnect in lock-step after a restart.
    const ceiling = Math.min(maxDelay, minDelay * 2 ** attempt);
    const delay = minDelay / 2 + Math.random() * (ceiling - minDelay / 2);
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (disposed || socket !== null) return;
    let ws: SocketLike;
    try {
      ws = openSocket(eventsUrl);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setConnected(true);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      let frame: unknown;
      try {
        frame = JSON.parse(ev.data);
      } catch {
        return; // A malformed frame must not take the stream down.
      }
      if (typeof frame !== 'object' || frame === null) return;
      const { event, payload } = frame as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload);
        } catch (err) {
          console.error(`push listener for ${event} failed`, err);
        }
      }
    };
    ws.onerror = () => {
      // onclose follows; reconnecting happens there.
    };
    ws.onclose = () => {
      if (socket === ws) socket = null;
      setConnected(false);
      scheduleReconnect();
    };
  }

  return {
    async call(procedure, input, sessionToken) {
      let response: Response;
      try {
        response = await doFetch(`${origin}/api/call`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ procedure, input, session: sessionToken }),
        });
      } catch {
        return failure('unavailable', 'Dealer Desk is not answering. Check that it is still running, then try again.');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure('internal', `Dealer Desk sent an unreadable answer (HTTP ${response.status}).`);
      }
      if (isApiResult(body)) return body;
      if (response.status === 401 || response.status === 403) {
        return failure('unavailable', 'This browser tab is no longer authorised. Open the address Dealer Desk printed at start-up.');
      }
      return failure('internal', `Dealer Desk sent an unexpected answer (HTTP ${response.status}).`);
    },

    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      connect();
      return () => {
        const current = listeners.get(event);
        current?.delete(listener);
        if (current && current.size === 0) listeners.delete(event);
      };
    },

    dispose() {
      disposed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      socket?.close();
      socket = null;
    },
  };
}
