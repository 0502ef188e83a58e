// The credit preview beside the lines: the platform's own check, recomputed from the replica on every change,
// each figure with the time it is from; the hold reasons this order would get and who would have to approve.
import { Alert, Badge, Group, Paper, Stack, Table, Text } from '@mantine/core';
import type { CreditPreviewView } from '../../../shared/api/features/phoneOrder';
import { formatMoney } from '../../app/format';

const clock = new Intl.DateTimeFormat('en-IN', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
/** A figure's as-of time, short enough for a narrow column: 14:05:09. */
function formatTime(iso: string): string {
  return clock.format(new Date(iso));
}
import { holdReasonText } from './phoneOrderFormat';

function Row({ label, value, asOf, strong, tone }: { label: string; value: string; asOf: string; strong?: boolean; tone?: string }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={strong ? 700 : 400}>
          {label}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={strong ? 700 : 500} c={tone} data-testid={`credit-${label.toLowerCase().replaceAll(/[^a-z]+/g, '-')}`}>
          {value}
        </Text>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="xs" c="dimmed">
          {asOf}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

export function CreditPreview({ credit, currency, stale }: { credit: CreditPreviewView | null; currency: string; stale: boolean }) {
  const money = (n: number) => formatMoney(n, currency);
  const at = (iso: string | null) => (iso ? formatTime(iso) : 'never');
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="Credit preview" aria-busy={stale || undefined}>
      <Group justify="space-between" mb={4}>
        <Text fw={700}>Credit preview</Text>
        {credit &&
          (credit.result === 'held' ? (
            <Badge color="orange" variant="filled" data-testid="credit-result">
              Would go to credit hold
            </Badge>
          ) : (
            <Badge color="teal" variant="light" data-testid="credit-result">
              Within credit
            </Badge>
          ))}
      </Group>
      {!credit ? (
        <Text size="sm" c="dimmed">
          Available after: shown once the order has lines.
        </Text>
      ) : (
        <Stack gap={6}>
          <Table verticalSpacing={2} horizontalSpacing={4} aria-label="Credit figures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th ta="right" fz="xs">
                  Amount
                </Table.Th>
                <Table.Th ta="right" fz="xs">
                  As of
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              <Row
                label="Limit"
                value={credit.positionSource === 'none' ? 'no position' : credit.limit === 0 ? 'not checked' : money(credit.limit)}
                asOf={at(credit.asOf.position)}
              />
              {credit.dmsBalance !== null && credit.dmsUnbilled !== null ? (
                <>
                  <Row label="DMS balance" value={money(credit.dmsBalance)} asOf={at(credit.asOf.position)} />
                  <Row label="DMS unbilled" value={money(credit.dmsUnbilled)} asOf={at(credit.asOf.position)} />
                </>
              ) : (
                <Row label="DMS balance + unbilled" value={money(credit.dmsExposure)} asOf={at(credit.asOf.position)} />
              )}
              <Row
                label={`Platform orders not yet handed over (${credit.notHandedOverCount})`}
                value={money(credit.notHandedOver)}
                asOf={at(credit.asOf.platform)}
              />
              {credit.queuedOnDeskCount > 0 && (
                <Row
                  label={`Sent from this desk, not yet placed (${credit.queuedOnDeskCount})`}
                  value={money(credit.queuedOnDesk)}
                  asOf="now"
                />
              )}
              <Row label="This order" value={money(credit.thisOrder)} asOf={at(credit.asOf.computed)} />
              <Row
                label="Available after"
                value={credit.limit === 0 && credit.positionSource !== 'none' ? 'no limit checked' : money(credit.availableAfter)}
                asOf={at(credit.asOf.computed)}
                strong
                tone={credit.availableAfter < 0 && credit.limit > 0 ? 'red' : 'teal'}
              />
            </Table.Tbody>
          </Table>
          {credit.overdue > 0 && (
            <Text size="xs">
              Overdue {money(credit.overdue)}, oldest {credit.oldestOverdueDays} days
            </Text>
          )}
          {credit.reasons.length > 0 && (
            <div aria-label="Hold reasons" role="group">
              <Text size="xs" c="dimmed">
                This order would be held for:
              </Text>
              <Group gap={4} mt={2}>
                {credit.reasons.map((r) => (
                  <Badge key={r} color="orange" variant="light" size="sm" style={{ textTransform: 'none' }}>
                    {holdReasonText(r)}
                  </Badge>
                ))}
              </Group>
            </div>
          )}
          {credit.authority && (
            <Text size="xs" data-testid="approver">
              Would need approval by <b>{credit.authority.who}</b>
              {credit.authority.why.length > 0 ? ` (${credit.authority.why.join('; ')})` : ''}.
            </Text>
          )}
          {credit.pendingPush && (
            <Alert color="blue" variant="light" p={6}>
              <Text size="xs">
                Newer DMS figures (as of {formatTime(credit.pendingPush.asOf)}: exposure {money(credit.pendingPush.exposure)}, limit{' '}
                {money(credit.pendingPush.limit)}) are on their way to the platform; it checks the figures above until they land.
              </Text>
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
