// Sync status for the header indicator and the Sync screen: fetched once, then kept current by the
// 'sync.status' push event; `asOf` is when the figures were last received.
import { useMemo, useState } from 'react';
import type { SyncStatusView } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { useApiQuery, usePushEvent } from '../../api/hooks';

export function useSyncStatus(): { status: SyncStatusView | null; asOf: Date | null; error: ApiError | null } {
  const query = useApiQuery('sync.status', {});
  const [pushed, setPushed] = useState<{ status: SyncStatusView; asOf: Date } | null>(null);
  usePushEvent('sync.status', (status) => setPushed({ status, asOf: new Date() }));

  // Whichever arrived last wins: a push after the query, or a reload after an older push.
  const latest = useMemo(() => {
    const fromQuery = query.data && query.asOf ? { status: query.data, asOf: query.asOf } : null;
    if (!pushed) return fromQuery;
    if (!fromQuery) return pushed;
    return pushed.asOf > fromQuery.asOf ? pushed : fromQuery;
  }, [pushed, query.data, query.asOf]);

  return { status: latest?.status ?? null, asOf: latest?.asOf ?? null, error: latest ? null : query.error };
}

export const systemLabels: Record<SyncStatusView['sources'][number]['system'], string> = {
  platform: 'Platform',
  dms: 'DMS',
};

export const stateLabels: Record<SyncStatusView['sources'][number]['state'], { label: string; color: string }> = {
  idle: { label: 'Up to date', color: 'teal' },
  syncing: { label: 'Syncing', color: 'blue' },
  offline: { label: 'Offline', color: 'orange' },
  paused: { label: 'Paused', color: 'yellow' },
  not_configured: { label: 'Not configured', color: 'gray' },
  error: { label: 'Error', color: 'red' },
};
