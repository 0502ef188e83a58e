// The outbox on the Sync screen: every command the desk sends to the platform or the DMS, filtered by what
// needs a person, what waits and what was delivered, and by system. Each row shows where the command is
// (status, tries, next attempt, the system's message) and opens to its payload and the system's answer.
// Failed and conflicting commands can be retried; a command that should never be sent can be discarded,
// with a reason that goes into the audit log (only roles the backend allows see that button).
import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Modal,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Fragment, useState, type FormEvent } from 'react';
import type { OutboxItemView, ProcedureInput, SyncStatusView } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import { roleLabels, type Role } from '../../../shared/roles';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { fieldErrors, formatAge, formatDateTime, formatTime } from '../../app/format';
import { commandLabel, formatDue, outboxStatusLabels, prettyJson, useNow } from './syncFormat';
import { useLiveReload } from './useLiveReload';
import { systemLabels } from './useSyncStatus';
import { ExpandToggle } from './ExpandToggle';
import { ExportButtons } from '../../app/export/ExportButtons';
import { outboxExportColumns, outboxExportSource } from './syncExports';

/** Mirrors the contract's access for sync.outbox.discard, to offer the button only where it can work. */
const mayDiscard: readonly Role[] = ['admin', 'manager', 'credit_manager'];
const retryable = new Set<OutboxItemView['status']>(['failed', 'conflict']);
const discardable = new Set<OutboxItemView['status']>(['failed', 'conflict', 'pending']);
const LIMIT = 200;

export type OutboxView = ProcedureInput<'sync.outbox.list'>['view'];
type TargetFilter = 'both' | OutboxItemView['target'];

const emptyMessages: Record<OutboxView, string> = {
  attention: 'Nothing needs a person: every command was delivered or is on its way.',
  pending: 'Nothing is waiting to be sent.',
  delivered: 'Nothing delivered in the last 30 days.',
  all: 'The outbox is empty.',
};

function DiscardModal({ item, onClose, onDone }: { item: OutboxItemView; onClose: () => void; onDone: () => void }) {
  const api = useDeskApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonError = fieldErrors(error).reason;

  async function discard(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.call('sync.outbox.discard', { id: item.id, confirm: true, reason });
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Discard outbox item ${item.id}?`} size="md">
      <form onSubmit={discard} aria-label="Discard outbox item">
        <Stack gap="sm">
          <Text size="sm">
            <b>{commandLabel(item.kind)}</b> for <Code>{item.entityKey}</Code> will never be sent to the {systemLabels[item.target]}.
            Commands queued behind it for the same record go ahead. The discard and your reason go into the audit log.
          </Text>
          {item.lastError && (
            <Text size="xs" c="dimmed">
              Last message: {item.lastError}
            </Text>
          )}
          <Textarea
            label="Reason"
            description="Why this command should not be sent; at least 3 characters."
            autosize
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            withAsterisk
            data-autofocus
          />
          {error && !reasonError && (
            <Alert color="red" role="alert" title="Not discarded">
              {error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Keep it
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={reason.trim().length < 3}>
              Discard item {item.id}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function JsonBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600}>
        {label}
      </Text>
      <ScrollArea.Autosize mah={260} type="auto">
        <Code block fz="xs">
          {prettyJson(value)}
        </Code>
      </ScrollArea.Autosize>
    </Stack>
  );
}

function ItemDetails({ item }: { item: OutboxItemView }) {
  const facts: [string, string][] = [
    ['Command', item.kind],
    ['Queued', `${formatDateTime(item.createdAt)} by ${item.createdBy}`],
    ['Last change', formatDateTime(item.updatedAt)],
    [
      'Last answer',
      item.lastStatus === null ? '—' : item.lastStatus === 0 ? 'unknown (no answer; checked before any resend)' : `HTTP ${item.lastStatus}`,
    ],
    ['Next attempt', item.nextAttemptAt ? formatDateTime(item.nextAttemptAt) : '—'],
  ];
  const answerLabel =
    item.status === 'conflict'
      ? 'What the system has now'
      : item.status === 'failed'
        ? 'The problem it reported'
        : 'What the system answered';
  return (
    <Stack gap="xs" py={6} data-testid={`outbox-details-${item.id}`}>
      <Group gap="lg" align="flex-start">
        {facts.map(([label, value]) => (
          <Box key={label}>
            <Text size="xs" c="dimmed">
              {label}
            </Text>
            <Text size="xs" ff={label === 'Command' ? 'monospace' : undefined}>
              {value}
            </Text>
          </Box>
        ))}
      </Group>
      {item.lastError && (
        <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
          {item.lastError}
        </Text>
      )}
      <SimpleGrid cols={item.result === null ? 1 : 2} spacing="sm">
        <JsonBlock label="Payload" value={item.payload} />
        {item.result !== null && <JsonBlock label={answerLabel} value={item.result} />}
      </SimpleGrid>
    </Stack>
  );
}

function nextAttempt(item: OutboxItemView, now: Date): string {
  if (item.status === 'in_flight') return 'sending';
  if (item.status !== 'pending') return '—';
  return formatDue(item.nextAttemptAt, now) ?? 'due now';
}

export function OutboxPanel({
  roles,
  status,
  view,
  onViewChange,
}: {
  roles: readonly Role[];
  status: SyncStatusView | null;
  view: OutboxView;
  onViewChange: (view: OutboxView) => void;
}) {
  const api = useDeskApi();
  const now = useNow();
  const [target, setTarget] = useState<TargetFilter>('both');
  const query = useApiQuery('sync.outbox.list', { view, ...(target === 'both' ? {} : { target }), limit: LIMIT });
  const counts = status?.outbox;
  useLiveReload(query.reload, { tables: ['outbox'], summary: counts ? `${counts.pending}/${counts.failed}/${counts.conflict}` : '' });
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [retrying, setRetrying] = useState<number | null>(null);
  const [discarding, setDiscarding] = useState<OutboxItemView | null>(null);
  const canDiscard = roles.some((role) => mayDiscard.includes(role));
  const items = query.data ?? [];

  function toggle(id: number) {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  async function retry(item: OutboxItemView) {
    setRetrying(item.id);
    try {
      await api.call('sync.outbox.retry', { id: item.id });
      notifications.show({ message: `Outbox item ${item.id} will be sent again.`, color: 'teal' });
      query.reload();
    } catch (err) {
      notifications.show({ title: `Outbox item ${item.id} was not retried`, message: toApiError(err).message, color: 'red' });
    } finally {
      setRetrying(null);
    }
  }

  const attention = counts ? counts.failed + counts.conflict : null;
  const countBadge = (n: number | null | undefined, color: string) =>
    n ? (
      <Badge size="xs" circle={n < 10} variant="filled" color={color}>
        {n}
      </Badge>
    ) : null;

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            aria-label="Which commands"
            value={view}
            onChange={(v) => onViewChange(v as OutboxView)}
            data={[
              {
                value: 'attention',
                label: (
                  <Group gap={6} wrap="nowrap">
                    Needs a person {countBadge(attention, 'red')}
                  </Group>
                ),
              },
              {
                value: 'pending',
                label: (
                  <Group gap={6} wrap="nowrap">
                    Pending {countBadge(counts?.pending, 'blue')}
                  </Group>
                ),
              },
              { value: 'delivered', label: 'Delivered' },
              { value: 'all', label: 'All' },
            ]}
          />
          <SegmentedControl
            size="xs"
            aria-label="Which system"
            value={target}
            onChange={(v) => setTarget(v as TargetFilter)}
            data={[
              { value: 'both', label: 'Both systems' },
              { value: 'platform', label: systemLabels.platform },
              { value: 'dms', label: systemLabels.dms },
            ]}
          />
        </Group>
        <Group gap="sm" wrap="nowrap">
          <ExportButtons
            title={`Outbox ${view}${target === 'both' ? '' : ` ${target}`}`}
            columns={outboxExportColumns}
            source={() => outboxExportSource(api, { view, ...(target === 'both' ? {} : { target }) })}
            disabled={items.length === 0}
          />
          <Text size="xs" c="dimmed">
            As of {query.asOf ? formatTime(query.asOf) : '—'}
          </Text>
        </Group>
      </Group>
      {query.error && (
        <Alert color={query.error.kind === 'unavailable' ? 'orange' : 'red'} variant="light">
          {query.error.message}
        </Alert>
      )}
      {!canDiscard && items.some((item) => discardable.has(item.status)) && (
        <Text size="xs" c="dimmed">
          Discarding a command needs the role of{' '}
          {mayDiscard
            .map((role) => roleLabels[role].toLowerCase())
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')}
          .
        </Text>
      )}
      <Table.ScrollContainer minWidth={960} type="native" hidden={!query.data}>
        <Table
          highlightOnHover
          fz="xs"
          verticalSpacing={4}
          horizontalSpacing={8}
          aria-label="Outbox"
          styles={{ th: { whiteSpace: 'nowrap' } }}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={28} aria-label="Details" />
              <Table.Th>#</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th>Command</Table.Th>
              <Table.Th>For</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Tries</Table.Th>
              <Table.Th>Next attempt</Table.Th>
              <Table.Th>Message</Table.Th>
              <Table.Th>Queued</Table.Th>
              <Table.Th aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => {
              const open = expanded.has(item.id);
              const statusLabel = outboxStatusLabels[item.status];
              return (
                <Fragment key={item.id}>
                  <Table.Tr data-outbox-id={item.id} data-status={item.status} aria-label={`Outbox item ${item.id}`}>
                    <Table.Td>
                      <ExpandToggle open={open} onToggle={() => toggle(item.id)} label={`Details of outbox item ${item.id}`} />
                    </Table.Td>
                    <Table.Td>{item.id}</Table.Td>
                    <Table.Td>{systemLabels[item.target]}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={item.kind}>
                      {commandLabel(item.kind)}
                    </Table.Td>
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {item.entityKey}
                    </Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light" tt="none" color={statusLabel.color} style={{ minWidth: 'max-content' }}>
                        {statusLabel.label}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{item.attempts}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={item.nextAttemptAt ? formatDateTime(item.nextAttemptAt) : undefined}>
                      {nextAttempt(item, now)}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" lineClamp={2} title={item.lastError ?? undefined} c={item.lastError ? undefined : 'dimmed'}>
                        {item.lastError ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(item.createdAt)}>
                      {formatAge(item.createdAt, now)}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {retryable.has(item.status) && (
                          <Button size="compact-xs" variant="light" loading={retrying === item.id} onClick={() => void retry(item)}>
                            Retry
                          </Button>
                        )}
                        {canDiscard && discardable.has(item.status) && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDiscarding(item)}>
                            Discard
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {open && (
                    <Table.Tr>
                      <Table.Td />
                      <Table.Td colSpan={10}>
                        <ItemDetails item={item} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {query.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {emptyMessages[view]}
        </Text>
      )}
      {items.length === LIMIT && (
        <Text size="xs" c="dimmed">
          Showing the latest {LIMIT}; Export CSV / XLSX writes every item of this view.
        </Text>
      )}
      {discarding && (
        <DiscardModal
          item={discarding}
          onClose={() => setDiscarding(null)}
          onDone={() => {
            notifications.show({ message: `Outbox item ${discarding.id} discarded.`, color: 'teal' });
            setDiscarding(null);
            query.reload();
          }}
        />
      )}
    </Stack>
  );
}
