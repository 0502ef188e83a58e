// The Orders screen's data: pages of `orders.list` fetched as the table scrolls to them (so a list of a
// million orders never loads at once), the total and the replica's as-of, and live refresh on
// 'replica.changed' (throttled) that re-reads the pages in view and keeps the rest of the screen as it is.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProcedureInput } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { OrderRowView } from '../../../shared/orders';
import { toApiError, useDeskApi, usePushEvent } from '../../api/hooks';

export const orderPageSize = 200;
/** At most one refresh per this many ms, however fast the sync brings changes in. */
export const refreshThrottleMs = 500;
/** Replica tables whose changes show on this screen. */
const shownTables = new Set(['platform_orders', 'platform_accounts', 'dms_orders', 'platform_dealer_statuses']);

export type OrderQuery = Omit<ProcedureInput<'orders.list'>, 'offset' | 'limit'>;

interface Page {
  rows: OrderRowView[];
  /** The refresh generation it was read in; older pages in view are read again. */
  generation: number;
}

export interface OrderPages {
  /** null until the first page of this query has arrived. */
  total: number | null;
  totalIsExact: boolean;
  /** The replica's as-of for the data on screen (the platform's last successful pull). */
  asOf: string | null;
  /** Row at an index, or undefined while its page is loading. */
  rowAt(index: number): OrderRowView | undefined;
  /** Where a loaded order is now (after a refresh moved it), or -1. */
  indexOf(orderId: string): number;
  /** The table reports which rows are in view; their pages are fetched (and re-fetched after a change). */
  setVisibleRange(first: number, last: number): void;
  error: ApiError | null;
  /** True while the first page of this query is on its way. */
  loading: boolean;
  /** A refresh is scheduled or in flight: the as-of shown is the one of the data on screen. */
  refreshing: boolean;
  reload(): void;
}

export function useOrderPages(query: OrderQuery): OrderPages {
  const api = useDeskApi();
  const queryKey = JSON.stringify(query);
  const [pages, setPages] = useState<{ key: string; byIndex: Map<number, Page> }>({ key: queryKey, byIndex: new Map() });
  const [meta, setMeta] = useState<{ key: string; total: number | null; totalIsExact: boolean; asOf: string | null; generation: number }>({
    key: queryKey,
    total: null,
    totalIsExact: true,
    asOf: null,
    generation: -1,
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const [pendingRefresh, setPendingRefresh] = useState(false);
  const visible = useRef<{ first: number; last: number }>({ first: 0, last: 0 });
  // Page index -> generation of the request in flight (a newer generation may ask again).
  const inFlight = useRef(new Map<number, number>());
  const latestKey = useRef(queryKey);
  latestKey.current = queryKey;
  const lastRefresh = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchPage = useCallback(
    (pageIndex: number, gen: number) => {
      const key = queryKey;
      const already = inFlight.current.get(pageIndex);
      if (already !== undefined && already >= gen) return;
      inFlight.current.set(pageIndex, gen);
      api
        .call('orders.list', { ...(JSON.parse(key) as OrderQuery), offset: pageIndex * orderPageSize, limit: orderPageSize })
        .then((result) => {
          if (latestKey.current !== key) return;
          setPages((prev) => {
            if (prev.key !== key) return prev;
            const current = prev.byIndex.get(pageIndex);
            if (current && current.generation > gen) return prev;
            const byIndex = new Map(prev.byIndex);
            byIndex.set(pageIndex, { rows: result.rows, generation: gen });
            return { key, byIndex };
          });
          setMeta((prev) =>
            prev.key === key && prev.generation > gen
              ? prev
              : { key, total: result.total, totalIsExact: result.totalIsExact, asOf: result.asOf, generation: gen },
          );
          setError(null);
        })
        .catch((err: unknown) => {
          if (latestKey.current === key) setError(toApiError(err));
        })
        .finally(() => {
          if (inFlight.current.get(pageIndex) === gen) inFlight.current.delete(pageIndex);
          if (inFlight.current.size === 0 && timer.current === null) setPendingRefresh(false);
        });
    },
    [api, queryKey],
  );

  const pagesInView = useCallback((): number[] => {
    const { first, last } = visible.current;
    const from = Math.max(0, Math.floor(first / orderPageSize));
    const to = Math.max(from, Math.floor(last / orderPageSize));
    const out: number[] = [];
    for (let p = from; p <= to; p++) out.push(p);
    return out;
  }, []);

  // A new query: start from its first page (the screen scrolls back to the top for it).
  useEffect(() => {
    inFlight.current.clear();
    visible.current = { first: 0, last: 0 };
    setPages({ key: queryKey, byIndex: new Map() });
    setMeta({ key: queryKey, total: null, totalIsExact: true, asOf: null, generation: -1 });
    setError(null);
    fetchPage(0, generation);
    // `generation` is read, not followed: a refresh is handled below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, fetchPage]);

  // A refresh: read the pages in view again (old rows stay on screen until the new ones arrive); pages
  // out of view are dropped and read when scrolled to.
  useEffect(() => {
    if (generation === 0) return;
    setPages((prev) => {
      const keep = new Set(pagesInView());
      const byIndex = new Map([...prev.byIndex].filter(([index]) => keep.has(index)));
      return { key: prev.key, byIndex };
    });
    const inView = pagesInView();
    for (const p of inView.length ? inView : [0]) fetchPage(p, generation);
  }, [generation, fetchPage, pagesInView]);

  // Throttled: at most one refresh per refreshThrottleMs, and always one after the last change.
  const scheduleRefresh = useCallback(() => {
    setPendingRefresh(true);
    if (timer.current) return;
    const wait = Math.max(0, lastRefresh.current + refreshThrottleMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRefresh.current = Date.now();
      setGeneration((g) => g + 1);
    }, wait);
  }, []);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  usePushEvent('replica.changed', ({ tables }) => {
    if (tables.some((t) => shownTables.has(t))) scheduleRefresh();
  });
  // Queues of the desk's own work (hand-overs held to confirm, failed pushes) move when the sync engine
  // derives duties or the outbox settles, which it announces with the sync status.
  const followsDuties = query.queue === 'awaitingHandover' || query.queue === 'failedPushes';
  usePushEvent('sync.status', () => {
    if (followsDuties) scheduleRefresh();
  });

  const current = useMemo(() => (pages.key === queryKey ? pages.byIndex : new Map<number, Page>()), [pages, queryKey]);
  const currentMeta = meta.key === queryKey ? meta : null;

  const setVisibleRange = useCallback(
    (first: number, last: number) => {
      visible.current = { first, last };
      for (const p of pagesInView()) {
        const page = pages.key === queryKey ? pages.byIndex.get(p) : undefined;
        if (!page || page.generation < generation) fetchPage(p, generation);
      }
    },
    [pages, queryKey, generation, fetchPage, pagesInView],
  );

  const rowAt = useCallback((index: number) => current.get(Math.floor(index / orderPageSize))?.rows[index % orderPageSize], [current]);
  const indexOf = useCallback(
    (orderId: string) => {
      for (const [p, page] of current) {
        const i = page.rows.findIndex((r) => r.id === orderId);
        if (i >= 0) return p * orderPageSize + i;
      }
      return -1;
    },
    [current],
  );

  return {
    total: currentMeta?.total ?? null,
    totalIsExact: currentMeta?.totalIsExact ?? true,
    asOf: currentMeta?.asOf ?? null,
    rowAt,
    indexOf,
    setVisibleRange,
    error,
    loading: currentMeta === null || currentMeta.total === null,
    refreshing: pendingRefresh,
    reload: scheduleRefresh,
  };
}
