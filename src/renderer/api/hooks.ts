// React glue for the typed client: the ApiContext, `useApiQuery` (load + reload on push events, with an
// as-of time), and `usePushEvent`.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ProcedureInput, ProcedureName, ProcedureOutput, PushEventName, PushEvents } from '../../shared/api/contract';
import type { ApiError } from '../../shared/api/errors';
import { ApiCallError, type DeskApi } from './client';

export const ApiContext = createContext<DeskApi | null>(null);

export function useDeskApi(): DeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useDeskApi needs an <ApiContext.Provider> above it.');
  return api;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiCallError) return err.error;
  return { kind: 'internal', message: err instanceof Error ? err.message : String(err) };
}

export interface QueryState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** When `data` was fetched: every figure on screen shows its as-of time. */
  asOf: Date | null;
  reload: () => void;
}

export interface QueryOptions {
  /** Push events that make this query fetch again (e.g. 'replica.changed'). */
  refreshOn?: PushEventName[];
  /** Skip the call (e.g. until a prerequisite is known). */
  enabled?: boolean;
}

/** Calls a procedure on mount and whenever `input` (compared as JSON) or a `refreshOn` event changes. */
export function useApiQuery<K extends ProcedureName>(
  procedure: K,
  input: ProcedureInput<K>,
  options: QueryOptions = {},
): QueryState<ProcedureOutput<K>> {
  const api = useDeskApi();
  const [state, setState] = useState<Omit<QueryState<ProcedureOutput<K>>, 'reload'>>({
    data: null,
    error: null,
    loading: true,
    asOf: null,
  });
  const [generation, setGeneration] = useState(0);
  const inputKey = JSON.stringify(input);
  const enabled = options.enabled ?? true;
  const refreshKey = (options.refreshOn ?? []).join(',');

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .call(procedure, JSON.parse(inputKey) as ProcedureInput<K>)
      .then((data) => live && setState({ data, error: null, loading: false, asOf: new Date() }))
      .catch((err: unknown) => live && setState((s) => ({ ...s, error: toApiError(err), loading: false })));
    return () => {
      live = false;
    };
  }, [api, procedure, inputKey, enabled, generation]);

  useEffect(() => {
    if (!refreshKey) return;
    const offs = refreshKey.split(',').map((event) => api.subscribe(event as PushEventName, () => setGeneration((g) => g + 1)));
    return () => offs.forEach((off) => off());
  }, [api, refreshKey]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** Subscribes to a push event for the life of the component; the latest listener is always used. */
export function usePushEvent<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): void {
  const api = useDeskApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => api.subscribe(event, (payload) => latest.current(payload)), [api, event]);
}
