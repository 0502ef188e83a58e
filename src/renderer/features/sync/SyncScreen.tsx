// The Sync screen: per-system health, the outbox (filters, retry, discard with confirmation and reason)
// and the quarantine of records that failed validation. Re-queries when the sync engine pushes news.
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Modal,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OutboxItemView, ProcedureInput, QuarantineView } from '../../../shared/api/contract';
import type { ApiError } from '../../../shared/api/errors';
import type { Role } from '../../../shared/roles';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { fieldErrors, formatAge, formatDateTime, formatTime } from '../../app/format';
import { stateLabels, systemLabels, useSyncStatus } from './useSyncStatus';

/** Mirrors the contract's access for sync.outbox.discard, to offer the button only where it can work. */
const mayDiscard: readonly Role[] = ['admin', 'manager', 'credit_manager'];

const outboxStatusColors: Record<OutboxItemView['status'], string> = {
  pending: 'blue',
  in_flight: 'cyan',
  delivered: 'teal',
  failed: 'red',
  conflict: 'orange',
  discarded: 'gray',
};

type OutboxFilter = ProcedureInput<'sync.outbox.list'>['view'];

/** Something not there or not reachable (yet) is news in orange/grey, not an alarm; anything else is red. */
function QueryError({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return (
    <Alert color={error.kind === 'not_found' ? 'gray' : error.kind === 'unavailable' ? 'orange' : 'red'} variant="light">
      {error.message}
    </Alert>
  );
}

function HealthCards() {
  const { status, asOf, error } = useSyncStatus();
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="baseline">
        <Title order={2}>Sync</Title>
        <Text size="xs" c="dimmed">
          As of {asOf ? formatTime(asOf) : '—'}
        </Text>
      </Group>
      {error && <Alert color="red">{error.message}</Alert>}
      {status && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {status.sources.map((source) => (
            <Card key={source.system} withBorder padding="sm">
              <Group justify="space-between">
                <Text fw={600}>{systemLabels[source.system]}</Text>
                <Badge variant="light" tt="none" color={stateLabels[source.state].color}>
                  {stateLabels[source.state].label}
                </Badge>
              </Group>
              <Text size="sm" mt={4} title={formatDateTime(source.lastSuccessAt)}>
                Last success: {formatAge(source.lastSuccessAt)}
              </Text>
              <Text size="sm">Lag: {source.lagEvents === null ? '—' : `${source.lagEvents} events`}</Text>
              {source.message && (
                <Text size="xs" c="dimmed">
                  {source.message}
                </Text>
              )}
            </Card>
          ))}
          <Card withBorder padding="sm">
            <Text fw={600}>Outbox</Text>
            <Text size="sm" mt={4}>
              {status.outbox.pending} pending · {status.outbox.failed} failed · {status.outbox.conflict} in conflict
            </Text>
            <Text size="sm">Oldest pending: {formatAge(status.outbox.oldestPendingAt)}</Text>
            <Text size="sm">Quarantined records: {status.quarantine}</Text>
          </Card>
        </SimpleGrid>
      )}
    </Stack>
  );
}

function DiscardModal({ item, onClose, onDone }: { item: OutboxItemView; onClose: () => void; onDone: () => void }) {
  const api = useDeskApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  async function discard() {
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
    <Modal opened onClose={onClose} title={`Discard outbox item ${item.id}`} size="md">
      <Stack gap="sm">
        <Text size="sm">
          This {item.kind} for {item.entityKey} will never be sent to the {systemLabels[item.target]}. The discard and your reason go into
          the audit log.
        </Text>
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldErrors(error).reason}
          data-autofocus
        />
        {error && !fieldErrors(error).reason && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void discard()} loading={busy}>
            Discard
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function OutboxTable({ roles }: { roles: readonly Role[] }) {
  const api = useDeskApi();
  const [filter, setFilter] = useState<OutboxFilter>('attention');
  const query = useApiQuery('sync.outbox.list', { view: filter, limit: 200 }, { refreshOn: ['sync.status'] });
  const [discarding, setDiscarding] = useState<OutboxItemView | null>(null);
  const canDiscard = roles.some((role) => mayDiscard.includes(role));

  async function retry(item: OutboxItemView) {
    try {
      await api.call('sync.outbox.retry', { id: item.id });
      notifications.show({ message: `Outbox item ${item.id} will be sent again.`, color: 'teal' });
      query.reload();
    } catch (err) {
      notifications.show({ title: `Outbox item ${item.id} not retried`, message: toApiError(err).message, color: 'red' });
    }
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(v) => setFilter(v as OutboxFilter)}
          data={[
            { value: 'attention', label: 'Needs a person' },
            { value: 'pending', label: 'Pending' },
            { value: 'delivered', label: 'Delivered' },
            { value: 'all', label: 'All' },
          ]}
        />
        <Text size="xs" c="dimmed">
          As of {query.asOf ? formatTime(query.asOf) : '—'}
        </Text>
      </Group>
      <QueryError error={query.error} />
      <Table striped highlightOnHover fz="xs" verticalSpacing={4} aria-label="Outbox" hidden={!query.data}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>To</Table.Th>
            <Table.Th>Command</Table.Th>
            <Table.Th>For</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Tries</Table.Th>
            <Table.Th>Last error</Table.Th>
            <Table.Th>Queued</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(query.data ?? []).map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>{item.id}</Table.Td>
              <Table.Td>{systemLabels[item.target]}</Table.Td>
              <Table.Td ff="monospace">{item.kind}</Table.Td>
              <Table.Td ff="monospace">{item.entityKey}</Table.Td>
              <Table.Td>
                <Badge size="xs" variant="light" tt="none" color={outboxStatusColors[item.status]}>
                  {item.status.replace('_', ' ')}
                </Badge>
              </Table.Td>
              <Table.Td>{item.attempts}</Table.Td>
              <Table.Td maw={320}>
                <Text size="xs" lineClamp={2} title={item.lastError ?? undefined}>
                  {item.lastStatus ? `${item.lastStatus}: ` : ''}
                  {item.lastError ?? ''}
                </Text>
              </Table.Td>
              <Table.Td title={formatDateTime(item.createdAt)}>{formatAge(item.createdAt)}</Table.Td>
              <Table.Td>
                {(item.status === 'failed' || item.status === 'conflict') && (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button size="compact-xs" variant="subtle" onClick={() => void retry(item)}>
                      Retry
                    </Button>
                    {canDiscard && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDiscarding(item)}>
                        Discard
                      </Button>
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {query.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {filter === 'attention' ? 'Nothing needs a person: every command was delivered or is on its way.' : 'No outbox items here.'}
        </Text>
      )}
      {discarding && (
        <DiscardModal
          item={discarding}
          onClose={() => setDiscarding(null)}
          onDone={() => {
            setDiscarding(null);
            notifications.show({ message: `Outbox item ${discarding.id} discarded.`, color: 'teal' });
            query.reload();
          }}
        />
      )}
    </Stack>
  );
}

function QuarantineTable() {
  const query = useApiQuery('sync.quarantine.list', { state: 'open', limit: 200 }, { refreshOn: ['sync.status'] });
  const [open, setOpen] = useState<QuarantineView | null>(null);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Records the systems sent that failed validation. They never block the stream; each waits here with its raw payload and the error.
        </Text>
        <Text size="xs" c="dimmed">
          As of {query.asOf ? formatTime(query.asOf) : '—'}
        </Text>
      </Group>
      <QueryError error={query.error} />
      <Table striped highlightOnHover fz="xs" verticalSpacing={4} aria-label="Quarantine" hidden={!query.data}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Error</Table.Th>
            <Table.Th>Received</Table.Th>
            <Table.Th aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(query.data ?? []).map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{row.id}</Table.Td>
              <Table.Td>{systemLabels[row.source]}</Table.Td>
              <Table.Td ff="monospace">{row.kind}</Table.Td>
              <Table.Td maw={420}>
                <Text size="xs" lineClamp={2}>
                  {row.error}
                </Text>
              </Table.Td>
              <Table.Td title={formatDateTime(row.receivedAt)}>{formatAge(row.receivedAt)}</Table.Td>
              <Table.Td>
                <Button size="compact-xs" variant="subtle" onClick={() => setOpen(row)}>
                  Payload
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {query.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing in quarantine.
        </Text>
      )}
      {open && (
        <Modal opened onClose={() => setOpen(null)} title={`Quarantined ${open.kind} from the ${systemLabels[open.source]}`} size="xl">
          <Stack gap="xs">
            <Text size="sm" c="red">
              {open.error}
            </Text>
            <Code block>{prettyJson(open.raw)}</Code>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function SyncScreen({ roles }: { roles: readonly Role[] }) {
  return (
    <Stack gap="md" maw={1200}>
      <HealthCards />
      <Tabs defaultValue="outbox" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="outbox">Outbox</Tabs.Tab>
          <Tabs.Tab value="quarantine">Quarantine</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbox" pt="sm">
          <OutboxTable roles={roles} />
        </Tabs.Panel>
        <Tabs.Panel value="quarantine" pt="sm">
          <QuarantineTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
