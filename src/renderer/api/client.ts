// The typed client every screen uses: `api.call('staff.list', {})` and `api.subscribe('sync.status', ...)`,
// typed from the shared contract, over whichever DeskBridge this window has (Electron preload or web host).
import type { DeskBridge, ProcedureInput, ProcedureName, ProcedureOutput, PushEventName, PushEvents } from '../../shared/api/contract';
import type { ApiError, ApiResult } from '../../shared/api/errors';
import { createWebBridge } from './webBridge';

/** A procedure call that the backend refused or that could not be delivered; `error` is the boundary's data. */
export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
  get kind(): ApiError['kind'] {
    return this.error.kind;
  }
}

/** Where the staff session token lives: per tab (sessionStorage), so closing the tab signs the desk out. */
export interface SessionTokenStore {
  get(): string | null;
  set(token: string | null): void;
}

const sessionKey = 'dealerDesk.sessionToken';

export function browserSessionStore(storage: Storage = window.sessionStorage): SessionTokenStore {
  return {
    get: () => storage.getItem(sessionKey),
    set: (token) => (token === null ? storage.removeItem(sessionKey) : storage.setItem(sessionKey, token)),
  };
}

export interface DeskApi {
  call<K extends ProcedureName>(procedure: K, input: ProcedureInput<K>): Promise<ProcedureOutput<K>>;
  subscribe<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
  readonly session: SessionTokenStore;
  /** Called with the error whenever the backend says the session is not (or no longer) valid. */
  onUnauthenticated(listener: (error: ApiError) => void): () => void;
}

function asApiResult(raw: unknown): ApiResult<unknown> {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const r = raw as { ok: unknown; value?: unknown; error?: unknown };
    if (r.ok === true) return { ok: true, value: r.value };
    if (r.ok === false && typeof r.error === 'object' && r.error !== null) {
      const e = r.error as Partial<ApiError>;
      if (typeof e.kind === 'string' && typeof e.message === 'string') return { ok: false, error: e as ApiError };
    }
  }
  return { ok: false, error: { kind: 'internal', message: 'Dealer Desk sent an answer this screen cannot read.' } };
}

export function createDeskApi(bridge: DeskBridge, session: SessionTokenStore): DeskApi {
  const unauthenticatedListeners = new Set<(error: ApiError) => void>();
  return {
    session,
    async call(procedure, input) {
      let raw: unknown;
      try {
        raw = await bridge.call(procedure, input, session.get());
      } catch (err) {
        // A transport that throws instead of answering with data (e.g. IPC torn down) is "unavailable" to the clerk.
        const message = err instanceof Error && err.message ? err.message : 'Dealer Desk is not answering.';
        throw new ApiCallError({ kind: 'unavailable', message });
      }
      const result = asApiResult(raw);
      if (result.ok) return result.value as ProcedureOutput<typeof procedure>;
      if (result.error.kind === 'unauthenticated') {
        session.set(null);
        for (const listener of [...unauthenticatedListeners]) listener(result.error);
      }
      throw new ApiCallError(result.error);
    },
    subscribe(event, listener) {
      // The contract types the payloads; the bridge carries them as unknown.
      return bridge.subscribe(event, (payload) => listener(payload as PushEvents[typeof event]));
    },
    onUnauthenticated(listener) {
      unauthenticatedListeners.add(listener);
      return () => unauthenticatedListeners.delete(listener);
    },
  };
}

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser (web host). */
    dealerDesk?: DeskBridge;
  }
}

/** The bridge this window has: the preload's in Electron, otherwise the web host's HTTP/WebSocket one. */
export function pickBridge(onConnectionChange?: (connected: boolean) => void): DeskBridge {
  if (window.dealerDesk) return window.dealerDesk;
  return createWebBridge(onConnectionChange ? { onConnectionChange } : {});
}
