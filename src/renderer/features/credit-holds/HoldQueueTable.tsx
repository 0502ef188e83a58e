// The hold queue as a dense table named "Credit holds": one row per held order (order number in the row),
// dealer-waiting first then oldest, with amount, excess, reasons, age, SLA, approvals and flags. Arrow keys
// move the open hold, Space ticks it for a bulk decision.
import { Badge, Checkbox, Group, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconPhoneCall, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { HoldRowView } from '../../../shared/api/features/credit';
import { holdReasonLabels } from '../../../shared/credit/holds';
import { staleSummary } from '../../../shared/credit/words';
import type { WorkingCalendar } from '../../../shared/sla';
import { formatMoney } from '../../app/format';
import { durationWords, holdSla, myPartWords, slaColors, slaWords } from './holdFormat';

export interface HoldQueueTableProps {
  rows: HoldRowView[];
  calendar: WorkingCalendar;
  now: number;
  openId: string | null;
  onOpen: (orderId: string) => void;
  ticked: ReadonlySet<string>;
  onTick: (orderId: string, ticked: boolean) => void;
  onTickAll: (ticked: boolean) => void;
}

function PendingBadge({ row }: { row: HoldRowView }) {
  const p = row.pending;
  if (!p) return null;
  const stopped = p.status === 'conflict' || p.status === 'failed';
  const label = stopped ? 'Not sent' : p.what === 'reject' ? 'Rejection sent' : p.what === 'approval' ? 'Approval sent' : 'Approving';
  return (
    <Tooltip label={p.message ?? label} disabled={!p.message} multiline w={280}>
      <Badge size="xs" variant="light" color={stopped ? 'red' : 'blue'} tt="none" leftSection={stopped ? null : <IconSend size={10} />}>
        {label}
      </Badge>
    </Tooltip>
  );
}

export function HoldQueueTable({ rows, calendar, now, openId, onOpen, ticked, onTick, onTickAll }: HoldQueueTableProps) {
  const openIndex = rows.findIndex((r) => r.orderId === openId);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  useEffect(() => {
    if (openId) rowRefs.current.get(openId)?.scrollIntoView({ block: 'nearest' });
  }, [openId]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.target instanceof HTMLInputElement) return;
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : event.key === 'Home' ? -Infinity : event.key === 'End' ? Infinity : 0;
    if (move !== 0 && rows.length > 0) {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, openIndex < 0 ? 0 : openIndex + move));
      const target = rows[next];
      if (target) onOpen(target.orderId);
    } else if (event.key === ' ' && openId) {
      event.preventDefault();
      onTick(openId, !ticked.has(openId));
    }
  }

  const allTicked = rows.length > 0 && rows.every((r) => ticked.has(r.orderId));
  return (
    <div className="dd-holds-scroll" tabIndex={0} onKeyDown={onKeyDown} data-testid="hold-queue">
      <Table aria-label="Credit holds" stickyHeader highlightOnHover verticalSpacing={4} horizontalSpacing={6} fz="xs" className="dd-holds-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={28}>
              <Checkbox
                size="xs"
                aria-label="Select every hold shown"
                checked={allTicked}
                indeterminate={!allTicked && rows.some((r) => ticked.has(r.orderId))}
                onChange={(e) => onTickAll(e.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th>Order · dealer</Table.Th>
            <Table.Th ta="right">Amount · excess</Table.Th>
            <Table.Th>Reasons</Table.Th>
            <Table.Th>Age · SLA</Table.Th>
            <Table.Th>Approvals</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const sla = holdSla(row, calendar, now);
            const stale = staleSummary(row.stale, row.currency);
            const open = row.orderId === openId;
            const people = new Set(row.approvals.map((a) => a.staffId)).size;
            return (
              <Table.Tr
                key={row.orderId}
                ref={(el) => {
                  if (el) rowRefs.current.set(row.orderId, el);
                  else rowRefs.current.delete(row.orderId);
                }}
                aria-selected={open}
                data-order-id={row.orderId}
                data-sla={sla.state}
                className="dd-holds-row"
                onClick={() => onOpen(row.orderId)}
              >
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Checkbox
                    size="xs"
                    aria-label={`Select ${row.orderNumber}`}
                    checked={ticked.has(row.orderId)}
                    onChange={(e) => onTick(row.orderId, e.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td maw={230}>
                  <Group gap={4} wrap="nowrap">
                    {row.dealerWaiting && (
                      <Tooltip label="Dealer waiting on the phone">
                        <IconPhoneCall size={13} color="var(--mantine-color-grape-6)" aria-label="Dealer waiting on the phone" />
                      </Tooltip>
                    )}
                    <Text span size="xs" ff="monospace" fw={600}>
                      {row.orderNumber}
                    </Text>
                    {stale && (
                      <Tooltip label={stale} multiline w={320}>
                        <Badge size="xs" color="orange" variant="light" tt="none" leftSection={<IconAlertTriangle size={10} />}>
                          Changed since hold
                          <VisuallyHidden>: {stale}</VisuallyHidden>
                        </Badge>
                      </Tooltip>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end">
                    {row.dealerName ?? `Account ${row.accountId} (not synced yet)`} · {row.dealerCode} · {row.region}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  <Text span size="xs" ff="monospace">
                    {formatMoney(row.total, row.currency)}
                  </Text>
                  <Text size="xs" c={row.excess > 0 ? 'red' : 'dimmed'} ff="monospace">
                    {row.excess > 0 ? `+${formatMoney(row.excess, row.currency)}` : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={3}>
                    {row.reasons.map((r) => (
                      <Badge key={r} size="xs" variant="outline" color={r === 'account_blocked' ? 'red' : 'gray'} tt="none">
                        {holdReasonLabels[r]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text span size="xs">
                    {durationWords(now - Date.parse(row.heldAt))}
                  </Text>
                  <Tooltip label={`${durationWords(sla.elapsedMs)} of ${durationWords(sla.targetMs)} working time: ${slaWords[sla.state]}`}>
                    <Badge size="xs" ml={4} variant="light" color={slaColors[sla.state]} tt="none" aria-label={`SLA: ${slaWords[sla.state]}`}>
                      {durationWords(sla.elapsedMs)} / {durationWords(sla.targetMs)}
                    </Badge>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={row.missing ? `Needs ${row.missing}` : 'The approvals satisfy the policy'} multiline w={260}>
                      <Text span size="xs" c={row.waitingForSecond ? 'grape' : undefined} fw={row.waitingForSecond ? 600 : undefined}>
                        {people}/{row.tier === 'manager_second' ? 2 : 1}
                      </Text>
                    </Tooltip>
                    <PendingBadge row={row} />
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end" maw={150}>
                    {myPartWords[row.myPart]}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}
