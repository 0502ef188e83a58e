// Reload on replica changes that matter to the hold desk, at most once per `ms`: a busy feed commits many
// pages a second, and the queue must stay live without re-querying on every one.
import { useEffect, useRef, useState } from 'react';
import { usePushEvent } from '../../api/hooks';

const holdTables = new Set([
  'platform_orders',
  'platform_order_approvals',
  'platform_accounts',
  'dms_accounts',
  'dms_payments',
  'dms_invoices',
  'dms_orders',
  'outbox',
]);

/** A number that grows when a relevant replica change arrived (throttled); use it as a reload key. */
export function useReplicaGeneration(ms = 750): number {
  const [generation, setGeneration] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = useRef(0);
  usePushEvent('replica.changed', ({ tables }) => {
    if (!tables.some((t) => holdTables.has(t)) || timer.current) return;
    const wait = Math.max(0, last.current + ms - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      setGeneration((g) => g + 1);
    }, wait);
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return generation;
}
