// The header's always-visible sync health: one dot per system plus outbox counts; click for the details.
import { Badge, Box, Group, Popover, Stack, Table, Text, UnstyledButton, Tooltip } from '@mantine/core';
import { formatAge, formatDateTime, formatTime } from '../../app/format';
import { stateLabels, systemLabels, useSyncStatus } from './useSyncStatus';

export function SyncIndicator({ onOpenSyncScreen }: { onOpenSyncScreen: () => void }) {
  const { status, asOf, error } = useSyncStatus();

  if (!status) {
    return (
      <Tooltip label={error?.message ?? 'Loading sync status'}>
        <Badge variant="light" color={error ? 'red' : 'gray'} data-testid="sync-indicator">
          {error ? 'Sync status unavailable' : 'Sync…'}
        </Badge>
      </Tooltip>
    );
  }

  const { outbox } = status;
  const attention = outbox.failed + outbox.conflict;
  return (
    <Popover width={420} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <UnstyledButton aria-label="Sync status" data-testid="sync-indicator">
          <Group gap={8} wrap="nowrap">
            {status.sources.map((source) => (
              <Group key={source.system} gap={4} wrap="nowrap">
                <Box
                  w={8}
                  h={8}
                  bg={`var(--mantine-color-${stateLabels[source.state].color}-filled)`}
                  style={{ borderRadius: '50%' }}
                  aria-hidden
                />
                <Text size="xs" title={`${systemLabels[source.system]}: ${stateLabels[source.state].label}`}>
                  {systemLabels[source.system]}
                </Text>
              </Group>
            ))}
            {outbox.pending > 0 && (
              <Badge size="sm" variant="light" color="blue" tt="none">
                {outbox.pending} pending
              </Badge>
            )}
            {attention > 0 && (
              <Badge size="sm" variant="light" color="red" tt="none">
                {attention} need a person
              </Badge>
            )}
            <Text size="xs" c="dimmed">
              {asOf ? `as of ${formatTime(asOf)}` : ''}
            </Text>
          </Group>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Table fz="xs" verticalSpacing={4} withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>System</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Last success</Table.Th>
                <Table.Th>Lag</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {status.sources.map((source) => (
                <Table.Tr key={source.system}>
                  <Table.Td>{systemLabels[source.system]}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c={stateLabels[source.state].color}>
                      {stateLabels[source.state].label}
                    </Text>
                    {source.message && (
                      <Text size="xs" c="dimmed">
                        {source.message}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td title={formatDateTime(source.lastSuccessAt)}>{formatAge(source.lastSuccessAt)}</Table.Td>
                  <Table.Td>{source.lagEvents === null ? '—' : `${source.lagEvents} events`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs">
            Outbox: {outbox.pending} pending, {outbox.failed} failed, {outbox.conflict} in conflict
            {outbox.oldestPendingAt ? ` (oldest ${formatAge(outbox.oldestPendingAt)})` : ''}. Quarantine: {status.quarantine}.
          </Text>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              As of {asOf ? formatTime(asOf) : '—'}
            </Text>
            <UnstyledButton onClick={onOpenSyncScreen}>
              <Text size="xs" c="blue">
                Open Sync screen
              </Text>
            </UnstyledButton>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
