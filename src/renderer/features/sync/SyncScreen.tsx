// The Sync screen: per-system health (state, last success with its time, lag, message), a banner for
// whatever needs attention, the outbox (filters, retry, discard with a reason) and the quarantine of
// records that failed validation. Kept current by the `sync.status` and `replica.changed` push events.
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SyncStatusView } from '../../../shared/api/contract';
import type { Role } from '../../../shared/roles';
import { formatAge, formatDateTime, formatTime } from '../../app/format';
import { OutboxPanel, type OutboxView } from './OutboxPanel';
import { QuarantinePanel } from './QuarantinePanel';
import { useNow } from './syncFormat';
import { stateLabels, systemLabels, useSyncStatus } from './useSyncStatus';

type Source = SyncStatusView['sources'][number];

/** What a state means for the person looking at it; the engine's own message follows. */
const stateConsequences: Partial<Record<Source['state'], string>> = {
  paused: 'Reading and sending wait until it accepts the desk’s credentials again; commands stay in the outbox meanwhile.',
  offline: 'The system does not answer. The desk keeps trying; commands wait in the outbox and nothing is lost.',
  error: 'The last attempt failed. The desk tries again by itself.',
};

function SourceCard({ source, now }: { source: Source; now: Date }) {
  const state = stateLabels[source.state];
  return (
    <Card withBorder padding="sm" aria-label={`${systemLabels[source.system]} sync`} role="region">
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600}>{systemLabels[source.system]}</Text>
        <Badge variant="light" tt="none" color={state.color} data-testid={`sync-state-${source.system}`}>
          {state.label}
        </Badge>
      </Group>
      <Text size="sm" mt={4} title={formatDateTime(source.lastSuccessAt)}>
        Last success:{' '}
        {source.lastSuccessAt ? (
          <>
            {formatTime(source.lastSuccessAt)}{' '}
            <Text span size="xs" c="dimmed">
              ({formatAge(source.lastSuccessAt, now)})
            </Text>
          </>
        ) : (
          'never'
        )}
      </Text>
      <Text size="sm">
        Lag:{' '}
        {source.lagEvents === null ? (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        ) : (
          `${source.lagEvents} ${source.lagEvents === 1 ? 'event' : 'events'}`
        )}
      </Text>
      {source.message && (
        <Text size="xs" c={source.state === 'idle' || source.state === 'syncing' ? 'dimmed' : state.color} mt={2}>
          {source.message}
        </Text>
      )}
    </Card>
  );
}

function Banner({ status, onShowAttention }: { status: SyncStatusView; onShowAttention: () => void }) {
  const troubled = status.sources.filter((s) => s.state in stateConsequences);
  const attention = status.outbox.failed + status.outbox.conflict;
  if (troubled.length === 0 && attention === 0) return null;
  return (
    <Stack gap={6}>
      {troubled.map((source) => (
        <Alert
          key={source.system}
          variant="light"
          color={stateLabels[source.state].color}
          title={`${systemLabels[source.system]}: ${stateLabels[source.state].label.toLowerCase()}`}
          role="alert"
          py={8}
        >
          <Text size="sm">
            {source.message ? `${source.message.replace(/\.?$/, '.')} ` : ''}
            {stateConsequences[source.state]}
          </Text>
        </Alert>
      ))}
      {attention > 0 && (
        <Alert variant="light" color="red" py={8} role="status" aria-label="Commands that need a person">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              {attention === 1 ? '1 command needs a person' : `${attention} commands need a person`}:{' '}
              {[
                status.outbox.failed ? `${status.outbox.failed} failed` : null,
                status.outbox.conflict ? `${status.outbox.conflict} in conflict` : null,
              ]
                .filter(Boolean)
                .join(', ')}
              . Later commands for the same records wait behind them.
            </Text>
            <Button size="compact-xs" variant="light" color="red" onClick={onShowAttention}>
              Show them
            </Button>
          </Group>
        </Alert>
      )}
    </Stack>
  );
}

export function SyncScreen({ roles }: { roles: readonly Role[] }) {
  const { status, asOf, error } = useSyncStatus();
  const now = useNow();
  const [tab, setTab] = useState<string>('outbox');
  const [view, setView] = useState<OutboxView>('attention');
  const attention = status ? status.outbox.failed + status.outbox.conflict : 0;

  return (
    <Stack gap="sm" maw={1400}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Sync</Title>
        <Text size="xs" c="dimmed">
          As of {asOf ? formatTime(asOf) : '—'}
        </Text>
      </Group>
      {error && <Alert color={error.kind === 'unavailable' ? 'orange' : 'red'}>{error.message}</Alert>}
      {status && (
        <>
          <Banner
            status={status}
            onShowAttention={() => {
              setTab('outbox');
              setView('attention');
            }}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {status.sources.map((source) => (
              <SourceCard key={source.system} source={source} now={now} />
            ))}
            <Card withBorder padding="sm" aria-label="Outbox and quarantine" role="region">
              <Text fw={600}>Outbox</Text>
              <Text size="sm" mt={4}>
                {attention} need a person · {status.outbox.pending} pending
              </Text>
              <Text size="sm" title={formatDateTime(status.outbox.oldestPendingAt)}>
                Oldest pending: {status.outbox.oldestPendingAt ? formatAge(status.outbox.oldestPendingAt, now) : '—'}
              </Text>
              <Text size="sm">Quarantined records: {status.quarantine}</Text>
            </Card>
          </SimpleGrid>
        </>
      )}
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'outbox')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab
            value="outbox"
            rightSection={
              attention > 0 ? (
                <Badge size="xs" color="red" variant="filled" circle={attention < 10}>
                  {attention}
                </Badge>
              ) : null
            }
          >
            Outbox
          </Tabs.Tab>
          <Tabs.Tab
            value="quarantine"
            rightSection={
              status && status.quarantine > 0 ? (
                <Badge size="xs" color="orange" variant="filled" circle={status.quarantine < 10}>
                  {status.quarantine}
                </Badge>
              ) : null
            }
          >
            Quarantine
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="outbox" pt="sm">
          <OutboxPanel roles={roles} status={status} view={view} onViewChange={setView} />
        </Tabs.Panel>
        <Tabs.Panel value="quarantine" pt="sm">
          <QuarantinePanel status={status} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
