// The signed-in person's order views and their live counts, shared by the navigation, the command palette
// and the Orders screen: loaded once, counts read again (at most once a second) when the replica or the
// outbox changes, and the views list again after the person saves, renames, shares or resets one.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SlaSettingsView } from '../../../shared/api/features/orders';
import type { ApiError } from '../../../shared/api/errors';
import type { OrderViewView } from '../../../shared/orderViews';
import { toApiError, useDeskApi, usePushEvent } from '../../api/hooks';

/** Tables whose changes can move a view's count. */
const countedTables = new Set(['platform_orders', 'dms_orders', 'dms_shipments', 'platform_dealer_statuses', 'dms_invoices']);
const countGapMs = 1000;

export interface OrderViewsState {
  views: OrderViewView[];
  /** Every view shared with roles (admins only). */
  shared: OrderViewView[];
  counts: Record<string, { total: number; exact: boolean }>;
  /** The replica's as-of behind the counts. */
  countsAsOf: string | null;
  sla: SlaSettingsView | null;
  loaded: boolean;
  error: ApiError | null;
  reloadViews(): Promise<void>;
  reloadCounts(): void;
  reloadSla(): void;
}

const OrderViewsContext = createContext<OrderViewsState | null>(null);

export function useOrderViews(): OrderViewsState {
  const state = useContext(OrderViewsContext);
  if (!state) throw new Error('useOrderViews needs an <OrderViewsProvider> above it.');
  return state;
}

export function OrderViewsProvider({ children }: { children: ReactNode }) {
  const api = useDeskApi();
  const [views, setViews] = useState<OrderViewView[]>([]);
  const [shared, setShared] = useState<OrderViewView[]>([]);
  const [counts, setCounts] = useState<Record<string, { total: number; exact: boolean }>>({});
  const [countsAsOf, setCountsAsOf] = useState<string | null>(null);
  const [sla, setSla] = useState<SlaSettingsView | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const reloadViews = useCallback(async () => {
    try {
      const result = await api.call('orders.views.list', {});
      setViews(result.views);
      setShared(result.shared ?? []);
      setError(null);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setLoaded(true);
    }
  }, [api]);

  const readCounts = useCallback(async () => {
    try {
      const result = await api.call('orders.views.counts', {});
      setCounts(result.counts);
      setCountsAsOf(result.asOf);
    } catch {
      // The counts are a convenience in the navigation; the screen shows the real error when it loads.
    }
  }, [api]);

  const reloadSla = useCallback(() => {
    api.call('orders.sla.get', {}).then(setSla, () => undefined);
  }, [api]);

  // Counts again at most once per countGapMs, and always once after the last change.
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const reloadCounts = useCallback(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + countGapMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      void readCounts();
    }, wait);
  }, [readCounts]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  useEffect(() => {
    void reloadViews().then(() => readCounts());
    reloadSla();
  }, [reloadViews, readCounts, reloadSla]);
  // A changed view changes what is counted.
  const viewsKey = JSON.stringify(views.map((v) => [v.id, v.definition.filters]));
  useEffect(() => {
    if (loaded) reloadCounts();
  }, [viewsKey, loaded, reloadCounts]);

  usePushEvent('replica.changed', ({ tables }) => {
    if (tables.some((t) => countedTables.has(t))) reloadCounts();
  });
  // Outbox outcomes ("Failed pushes") and hand-overs held to confirm (derived duties) are announced with
  // the sync status, not as replica changes.
  usePushEvent('sync.status', () => reloadCounts());

  const value = useMemo(
    () => ({ views, shared, counts, countsAsOf, sla, loaded, error, reloadViews, reloadCounts, reloadSla }),
    [views, shared, counts, countsAsOf, sla, loaded, error, reloadViews, reloadCounts, reloadSla],
  );
  return <OrderViewsContext.Provider value={value}>{children}</OrderViewsContext.Provider>;
}
