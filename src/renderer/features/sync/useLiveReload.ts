// Keeps a Sync screen list current without re-querying on every push: reload when a `replica.changed`
// event names one of the list's tables, or when a summary the list depends on (counts from `sync.status`)
// changes; bursts are folded into at most one reload per `minGapMs`.
import { useEffect, useRef } from 'react';
import { usePushEvent } from '../../api/hooks';

export function useLiveReload(
  reload: () => void,
  { tables, summary, minGapMs = 400 }: { tables: string[]; summary: string; minGapMs?: number },
) {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latestReload = useRef(reload);
  useEffect(() => {
    latestReload.current = reload;
  });

  const request = useRef(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + minGapMs - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      latestReload.current();
    }, wait);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  usePushEvent('replica.changed', (event) => {
    if (event.tables.some((table) => tables.includes(table))) request.current();
  });

  const seen = useRef(summary);
  useEffect(() => {
    if (seen.current === summary) return;
    seen.current = summary;
    request.current();
  }, [summary]);
}
