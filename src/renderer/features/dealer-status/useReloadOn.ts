// Re-reads a query when the replica tables it shows change (push event 'replica.changed'), at most once
// per `minGapMs`, so a burst of sync pages is one reload and the screen never lags behind the data.
import { useEffect, useRef } from 'react';
import { usePushEvent } from '../../api/hooks';

export function useReloadOn(reload: () => void, tables: readonly string[], minGapMs = 400): void {
  const latest = useRef(reload);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = reload;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  usePushEvent('replica.changed', (event) => {
    if (!event.tables.some((t) => tables.includes(t)) || timer.current) return;
    timer.current = setTimeout(
      () => {
        timer.current = null;
        last.current = Date.now();
        latest.current();
      },
      Math.max(0, last.current + minGapMs - Date.now()),
    );
  });
}
