// The quarantine viewer: records a system sent that failed validation. They were set aside so the stream
// carried on; each row names the record it claims to be and why it was refused, and opens to the
// validation issues and the raw payload exactly as it arrived.
import { Alert, Code, Group, List, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { QuarantineView, SyncStatusView } from '../../../shared/api/contract';
import { useApiQuery } from '../../api/hooks';
import { formatAge, formatDateTime, formatTime } from '../../app/format';
import { prettyJson, useNow } from './syncFormat';
import { useLiveReload } from './useLiveReload';
import { systemLabels } from './useSyncStatus';
import { ExpandToggle } from './ExpandToggle';
import { useDeskApi } from '../../api/hooks';
import { ExportButtons } from '../../app/export/ExportButtons';
import { quarantineExportColumns, quarantineExportSource } from './syncExports';

function arrivedAs(kind: string): string {
  if (kind.startsWith('snapshot:')) return `snapshot of ${kind.slice('snapshot:'.length)}`;
  if (kind === 'event') return 'feed event (malformed)';
  return 'feed event';
}

/**
 * The stored error is "<Schema>: <issue>; <issue>; ..." (at most five issues) or one sentence: the schema it
 * failed, if named, and one line per issue ("/" alone is the record itself, so it is left out).
 */
function explain(error: string): { schema: string | null; issues: string[] } {
  const named = /^([A-Za-z]+): (.*)$/s.exec(error);
  const issues = (named?.[2] ?? error)
    .split('; ')
    .map((part) => part.trim().replace(/^\/ /, ''))
    .filter(Boolean);
  return { schema: named?.[1] ?? null, issues };
}

function RecordDetails({ row }: { row: QuarantineView }) {
  const why = explain(row.error);
  return (
    <Stack gap="xs" py={6} data-testid={`quarantine-details-${row.id}`}>
      <Group gap="lg">
        <Text size="xs">
          <Text span c="dimmed">
            Received{' '}
          </Text>
          {formatDateTime(row.receivedAt)}
        </Text>
        <Text size="xs">
          <Text span c="dimmed">
            Arrived as{' '}
          </Text>
          <Text span ff="monospace">
            {row.kind}
          </Text>
        </Text>
      </Group>
      <Stack gap={2}>
        <Text size="xs" fw={600}>
          {why.schema ? `Why it was refused: not a valid ${why.schema} under the contract` : 'Why it was refused'}
        </Text>
        <List size="xs" spacing={0}>
          {why.issues.map((issue, i) => (
            <List.Item key={i}>{issue}</List.Item>
          ))}
        </List>
      </Stack>
      <Stack gap={4}>
        <Text size="xs" fw={600}>
          Raw payload
        </Text>
        <ScrollArea.Autosize mah={320} type="auto">
          <Code block fz="xs" aria-label={`Raw payload of quarantined record ${row.id}`}>
            {prettyJson(row.raw)}
          </Code>
        </ScrollArea.Autosize>
      </Stack>
    </Stack>
  );
}

export function QuarantinePanel({ status }: { status: SyncStatusView | null }) {
  const api = useDeskApi();
  const now = useNow();
  const query = useApiQuery('sync.quarantine.list', { state: 'open', limit: 200 });
  useLiveReload(query.reload, { tables: ['quarantine'], summary: String(status?.quarantine ?? '') });
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());

  function toggle(id: number) {
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Text size="xs" c="dimmed">
          Records the systems sent that failed validation. They were set aside and never block the stream; each waits here with the error
          and its raw payload.
        </Text>
        <Group gap="sm" wrap="nowrap">
          <ExportButtons
            title="Quarantine open"
            columns={quarantineExportColumns}
            source={() => quarantineExportSource(api, 'open')}
            disabled={(query.data ?? []).length === 0}
          />
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            As of {query.asOf ? formatTime(query.asOf) : '—'}
          </Text>
        </Group>
      </Group>
      {query.error && (
        <Alert color={query.error.kind === 'unavailable' ? 'orange' : 'red'} variant="light">
          {query.error.message}
        </Alert>
      )}
      <Table
        highlightOnHover
        fz="xs"
        verticalSpacing={4}
        aria-label="Quarantine"
        hidden={!query.data}
        styles={{ th: { whiteSpace: 'nowrap' } }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28} aria-label="Details" />
            <Table.Th>#</Table.Th>
            <Table.Th>From</Table.Th>
            <Table.Th>Record</Table.Th>
            <Table.Th>Arrived as</Table.Th>
            <Table.Th>Error</Table.Th>
            <Table.Th>Received</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(query.data ?? []).map((row) => {
            const open = expanded.has(row.id);
            return (
              <Fragment key={row.id}>
                <Table.Tr data-quarantine-id={row.id} aria-label={`Quarantined record ${row.id}`}>
                  <Table.Td>
                    <ExpandToggle open={open} onToggle={() => toggle(row.id)} label={`Details of quarantined record ${row.id}`} />
                  </Table.Td>
                  <Table.Td>{row.id}</Table.Td>
                  <Table.Td>{systemLabels[row.source]}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {row.recordType ?? 'unknown'}{' '}
                    <Text span size="xs" ff="monospace">
                      {row.recordId ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{arrivedAs(row.kind)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" lineClamp={1} title={row.error}>
                      {row.error}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(row.receivedAt)}>
                    {formatAge(row.receivedAt, now)}
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={6}>
                      <RecordDetails row={row} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      {query.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          Nothing in quarantine: every record received so far was valid.
        </Text>
      )}
    </Stack>
  );
}
