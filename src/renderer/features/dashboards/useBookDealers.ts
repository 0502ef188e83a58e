// The book's dealer list, a page at a time: pages of `dashboards.bookDealers` are fetched as the table scrolls
// to them, for the filter and sort on screen, and read again (throttled) when the replica changes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError } from '../../../shared/api/errors';
import type { BookFilter, BookSortColumn, DealerFigures } from '../../../shared/dashboards';
import { toApiError, useDeskApi, usePushEvent } from '../../api/hooks';

export const bookPageSize = 200;
const refreshThrottleMs = 1000;

export interface BookSort {
  column: BookSortColumn;
  direction: 'asc' | 'desc';
}

export interface BookDealers {
  total: number | null;
  rowAt(index: number): DealerFigures | undefined;
  setVisibleRange(first: number, last: number): void;
  error: ApiError | null;
}

export function useBookDealers(filter: BookFilter, sort: BookSort): BookDealers {
  const api = useDeskApi();
  const key = JSON.stringify({ filter, sort });
  const [state, setState] = useState<{ key: string; total: number | null; pages: Map<number, DealerFigures[]> }>({
    key,
    total: null,
    pages: new Map(),
  });
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const visible = useRef({ first: 0, last: 0 });
  const requested = useRef(new Map<number, string>());
  const latest = useRef(key);
  latest.current = key;

  const fetchPage = useCallback(
    (page: number, gen: number) => {
      const tag = `${key}#${gen}`;
      if (requested.current.get(page) === tag) return;
      requested.current.set(page, tag);
      const { filter: f, sort: s } = JSON.parse(key) as { filter: BookFilter; sort: BookSort };
      api
        .call('dashboards.bookDealers', { filter: f, sort: s, offset: page * bookPageSize, limit: bookPageSize })
        .then((result) => {
          if (latest.current !== key) return;
          setError(null);
          setState((prev) => {
            const pages = prev.key === key ? new Map(prev.pages) : new Map<number, DealerFigures[]>();
            pages.set(page, result.rows);
            return { key, total: result.total, pages };
          });
        })
        .catch((err: unknown) => {
          requested.current.delete(page);
          if (latest.current === key) setError(toApiError(err));
        });
    },
    [api, key],
  );

  // A new filter or sort (or a refresh): read the first page and the pages in view again.
  useEffect(() => {
    requested.current.clear();
    const first = Math.floor(visible.current.first / bookPageSize);
    const last = Math.floor(visible.current.last / bookPageSize);
    // Pages out of view are dropped, so scrolling back reads them fresh rather than showing them stale.
    setState((prev) => ({ ...prev, pages: new Map([...prev.pages].filter(([p]) => p >= first && p <= last)) }));
    for (let p = Math.min(first, 0); p <= Math.max(last, 0); p++) fetchPage(p, generation);
  }, [fetchPage, generation]);

  const lastRefresh = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  usePushEvent('replica.changed', () => {
    if (timer.current) return;
    const wait = Math.max(0, lastRefresh.current + refreshThrottleMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRefresh.current = Date.now();
      setGeneration((g) => g + 1);
    }, wait);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const current = state.key === key ? state : { key, total: null, pages: new Map<number, DealerFigures[]>() };
  return {
    total: current.total,
    rowAt: (index) => current.pages.get(Math.floor(index / bookPageSize))?.[index % bookPageSize],
    setVisibleRange: (first, last) => {
      visible.current = { first, last };
      for (let p = Math.floor(first / bookPageSize); p <= Math.floor(last / bookPageSize); p++) {
        if (!current.pages.has(p)) fetchPage(p, generation);
      }
    },
    error,
  };
}
