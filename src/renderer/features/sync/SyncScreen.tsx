// The Sync screen: per-system health and outbox/quarantine counts now; outbox items and the quarantine
// viewer arrive with the sync engine (issue 4).
import { Alert, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatAge, formatDateTime, formatTime } from '../../app/format';
import { stateLabels, systemLabels, useSyncStatus } from './useSyncStatus';

export function SyncScreen({ summary }: { summary: string }) {
  const { status, asOf, error } = useSyncStatus();
  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>Sync</Title>
        <Text size="xs" c="dimmed">
          As of {asOf ? formatTime(asOf) : '—'}
        </Text>
      </Group>
      {error && <Alert color="red">{error.message}</Alert>}
      {status && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {status.sources.map((source) => (
            <Card key={source.system} withBorder padding="sm">
              <Text fw={600}>{systemLabels[source.system]}</Text>
              <Text size="sm" c={stateLabels[source.state].color}>
                {stateLabels[source.state].label}
              </Text>
              <Text size="sm">Last success: {formatAge(source.lastSuccessAt)}</Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(source.lastSuccessAt)}
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
            <Text size="sm">{status.outbox.pending} pending</Text>
            <Text size="sm">{status.outbox.failed} failed</Text>
            <Text size="sm">{status.outbox.conflict} in conflict</Text>
            <Text size="sm">Oldest pending: {formatAge(status.outbox.oldestPendingAt)}</Text>
            <Text size="sm">Quarantine: {status.quarantine}</Text>
          </Card>
        </SimpleGrid>
      )}
      <Text size="sm" c="dimmed">
        Coming with the sync engine: {summary}
      </Text>
    </Stack>
  );
}
