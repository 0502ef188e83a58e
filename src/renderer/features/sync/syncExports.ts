// The Sync screen's exports: the outbox and quarantine lists as the screen filters them, newest first,
// paged from the backend by keyset (`beforeId`) so rows queued during the export never shift a page.
import type { OutboxItemView, QuarantineView } from '../../../shared/api/contract';
import type { DeskApi } from '../../api/client';
import { keysetPages, type ExportColumn, type ExportSource } from '../../app/export/columns';
import type { OutboxView } from './OutboxPanel';
import { commandLabel, outboxStatusLabels } from './syncFormat';
import { systemLabels } from './useSyncStatus';

/** The most a list procedure returns at once. */
const PAGE = 1000;

export const outboxExportColumns: ExportColumn<OutboxItemView>[] = [
  { header: '#', type: 'integer', value: (i) => i.id },
  { header: 'To', type: 'text', value: (i) => systemLabels[i.target] },
  { header: 'Command', type: 'text', value: (i) => commandLabel(i.kind) },
  { header: 'Command kind', type: 'text', value: (i) => i.kind },
  { header: 'For', type: 'text', value: (i) => i.entityKey },
  { header: 'Status', type: 'text', value: (i) => outboxStatusLabels[i.status].label },
  { header: 'Tries', type: 'integer', value: (i) => i.attempts },
  { header: 'Last HTTP status', type: 'integer', value: (i) => i.lastStatus },
  { header: 'Message', type: 'text', value: (i) => i.lastError },
  { header: 'Next attempt', type: 'datetime', value: (i) => i.nextAttemptAt },
  { header: 'Queued', type: 'datetime', value: (i) => i.createdAt },
  { header: 'Queued by', type: 'text', value: (i) => i.createdBy },
  { header: 'Last change', type: 'datetime', value: (i) => i.updatedAt },
  { header: 'Payload', type: 'text', value: (i) => JSON.stringify(i.payload) },
];

export async function outboxExportSource(
  api: DeskApi,
  filter: { view: OutboxView; target?: OutboxItemView['target'] },
): Promise<ExportSource<OutboxItemView>> {
  const { total } = await api.call('sync.outbox.count', filter);
  return {
    total,
    pages: keysetPages((after) => api.call('sync.outbox.list', { ...filter, limit: PAGE, ...(after ? { beforeId: after.id } : {}) }), PAGE),
  };
}

export const quarantineExportColumns: ExportColumn<QuarantineView>[] = [
  { header: '#', type: 'integer', value: (q) => q.id },
  { header: 'From', type: 'text', value: (q) => systemLabels[q.source] },
  { header: 'Record type', type: 'text', value: (q) => q.recordType },
  { header: 'Record id', type: 'text', value: (q) => q.recordId },
  { header: 'Arrived as', type: 'text', value: (q) => q.kind },
  { header: 'Error', type: 'text', value: (q) => q.error },
  { header: 'Received', type: 'datetime', value: (q) => q.receivedAt },
  { header: 'Resolved', type: 'datetime', value: (q) => q.resolvedAt },
  { header: 'Raw payload', type: 'text', value: (q) => q.raw },
];

export async function quarantineExportSource(api: DeskApi, state: 'open' | 'resolved'): Promise<ExportSource<QuarantineView>> {
  const { total } = await api.call('sync.quarantine.count', { state });
  return {
    total,
    pages: keysetPages((after) => api.call('sync.quarantine.list', { state, limit: PAGE, ...(after ? { beforeId: after.id } : {}) }), PAGE),
  };
}
