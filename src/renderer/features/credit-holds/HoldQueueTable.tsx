// The hold queue as a dense table named "Credit holds": one row per held order (order number in the row),
// dealer-waiting first then oldest, with amount, excess, reasons, age, SLA, approvals and flags. Arrow keys
// move the open hold, Space ticks it for a bulk decision.
import { Checkbox, Group, Stack, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconPhoneCall, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { HoldRowView } from '../../../shared/api/features/credit';
import { holdReasonLabels } from '../../../shared/credit/holds';
import { staleSummary } from '../../../shared/credit/words';
import type { WorkingCalendar } from '../../../shared/sla';
import { formatMoney } from '../../app/format';
import { durationWords, holdSla, myPartWords, slaColors, slaLeftWords, slaWords } from './holdFormat';

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
      <span className="dd-holds-tag" data-tone={stopped ? 'red' : 'blue'}>
        {stopped ? null : <IconSend size={9} style={{ marginRight: 3 }} />}
        {label}
      </span>
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
    const move =
      event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : event.key === 'Home' ? -Infinity : event.key === 'End' ? Infinity : 0;
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
      <Table
        aria-label="Credit holds"
        stickyHeader
        highlightOnHover
        verticalSpacing={4}
        horizontalSpacing={5}
        fz="xs"
        className="dd-holds-table"
      >
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
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th>Reasons</Table.Th>
            <Table.Th style={{ whiteSpace: 'nowrap' }}>Age · SLA</Table.Th>
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
                <Table.Td maw={170}>
                  <Group gap={4} wrap="nowrap">
                    {row.dealerWaiting && (
                      <Tooltip label="Dealer waiting on the phone">
                        <IconPhoneCall size={13} color="var(--mantine-color-grape-6)" aria-label="Dealer waiting on the phone" />
                      </Tooltip>
                    )}
                    <Text span size="xs" ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {row.orderNumber}
                    </Text>
                    {stale && (
                      <Tooltip label={stale} multiline w={320}>
                        <IconAlertTriangle
                          size={14}
                          color="var(--mantine-color-orange-6)"
                          data-testid="stale-mark"
                          style={{ flexShrink: 0 }}
                        />
                      </Tooltip>
                    )}
                    {stale && <VisuallyHidden>{stale}</VisuallyHidden>}
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end">
                    {row.dealerName ?? `Account ${row.accountId} (not synced yet)`} · {row.dealerCode} · {row.region}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" className="dd-holds-num">
                  <Text size="xs">{formatMoney(row.total, row.currency)}</Text>
                  <Tooltip label="Excess over the limit when the platform held it">
                    <Text size="xs" c={row.excess > 0 ? 'red' : 'dimmed'}>
                      {row.excess > 0 ? `+${formatMoney(row.excess, row.currency)}` : '—'}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    {row.reasons.map((r) => (
                      <span key={r} className="dd-holds-tag" data-tone={r === 'account_blocked' ? 'red' : 'gray'}>
                        {holdReasonLabels[r]}
                      </span>
                    ))}
                  </Stack>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="xs">{durationWords(Math.max(0, now - Date.parse(row.heldAt)))}</Text>
                  <Tooltip label={`${durationWords(sla.elapsedMs)} of ${durationWords(sla.targetMs)} working time: ${slaWords[sla.state]}`}>
                    <span className="dd-holds-tag" data-tone={slaColors[sla.state]}>
                      {slaLeftWords(sla)}
                    </span>
                  </Tooltip>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Tooltip
                    label={`${row.missing ? `Needs ${row.missing}` : 'The approvals satisfy the policy'}. ${myPartWords[row.myPart]}.`}
                    multiline
                    w={260}
                  >
                    <Text size="xs" c={row.waitingForSecond ? 'grape' : undefined} fw={row.waitingForSecond ? 600 : undefined}>
                      {people} of {row.tier === 'manager_second' ? 2 : 1}
                    </Text>
                  </Tooltip>
                  <PendingBadge row={row} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </div>
  );
}
