// The order queues' columns (TanStack Table definitions, sorted by the server), the status badges and the
// SLA ageing cell (elapsed in the current status against its target, amber then red).
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { createContext, useContext } from 'react';
import type { OrderColumnId } from '../../../shared/orderViews';
import {
  dealerVisibleStatusLabels,
  defaultSlaTargets,
  dmsOrderStatusLabels,
  driftKindLabels,
  driftKindsOf,
  orderChannelLabels,
  platformOrderStatusLabels,
  slaStageLabels,
  type DealerVisibleStatus,
  type DmsOrderStatus,
  type OrderRowView,
  type PlatformOrderStatus,
  type SlaTargets,
} from '../../../shared/orders';
import { defaultWorkingCalendar, readSla, type SlaState, type WorkingCalendar } from '../../../shared/sla';
import { formatCompactDateTime, formatDateTime, formatMoney } from '../../app/format';

const platformStatusColors: Record<PlatformOrderStatus, string> = {
  received: 'blue',
  credit_hold: 'orange',
  approved: 'teal',
  in_fulfillment: 'cyan',
  closed: 'gray',
  rejected: 'red',
  cancelled: 'gray',
};

const dmsStatusColors: Record<DmsOrderStatus, string> = {
  open: 'blue',
  allocated: 'teal',
  partially_allocated: 'yellow',
  backordered: 'orange',
  picking: 'indigo',
  partially_dispatched: 'cyan',
  dispatched: 'cyan',
  partially_delivered: 'lime',
  delivered: 'green',
  closed: 'gray',
  cancelled: 'gray',
};

const dealerStatusColors: Record<DealerVisibleStatus, string> = {
  received: 'blue',
  under_review: 'orange',
  on_hold: 'orange',
  confirmed: 'teal',
  processing: 'indigo',
  backordered: 'orange',
  partially_dispatched: 'cyan',
  dispatched: 'cyan',
  partially_delivered: 'lime',
  delivered: 'green',
  rejected: 'red',
  cancelled: 'gray',
};

function StatusBadge({ label, color }: { label: string; color: string }) {
  return (
    <Badge size="sm" variant="light" color={color} tt="none" fw={500} radius="sm" style={{ flexShrink: 0, overflow: 'visible' }}>
      {label}
    </Badge>
  );
}

export function PlatformStatusBadge({ status }: { status: PlatformOrderStatus }) {
  return <StatusBadge label={platformOrderStatusLabels[status]} color={platformStatusColors[status]} />;
}

const dash = (
  <Text span size="xs" c="dimmed">
    —
  </Text>
);

const column = createColumnHelper<OrderRowView>();

/** What the SLA cells read: the targets, the office calendar, and a clock that ticks while the screen is open. */
export interface SlaClock {
  targets: SlaTargets;
  calendar: WorkingCalendar;
  now: number;
}
export const SlaClockContext = createContext<SlaClock>({ targets: defaultSlaTargets, calendar: defaultWorkingCalendar, now: Date.now() });

const slaColors: Record<SlaState, string> = { ok: 'gray', amber: 'yellow', red: 'red' };
const slaWords: Record<SlaState, string> = { ok: 'within target', amber: 'close to target', red: 'over target' };

/** "45m", "3h 05m", "2d 4h": ageing at a glance. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function SlaCell({ sla }: { sla: OrderRowView['sla'] }) {
  const clock = useContext(SlaClockContext);
  if (!sla) return dash;
  const target = clock.targets[sla.stage];
  const reading = readSla(Date.parse(sla.since), clock.now, target, clock.calendar);
  const hours = target.clock === 'working' ? ' working' : '';
  const label = `${slaStageLabels[sla.stage]}: ${formatDuration(reading.elapsedMs)}${hours} of ${formatDuration(reading.targetMs)}${hours}, ${slaWords[reading.state]} (since ${formatDateTime(sla.since)})`;
  return (
    <Tooltip label={label} openDelay={400} multiline w={260}>
      <Badge
        size="sm"
        radius="sm"
        tt="none"
        fw={500}
        variant={reading.state === 'ok' ? 'transparent' : 'light'}
        color={slaColors[reading.state]}
        data-sla={reading.state}
        aria-label={label}
        style={{ fontVariantNumeric: 'tabular-nums', paddingInline: reading.state === 'ok' ? 0 : undefined }}
      >
        {formatDuration(reading.elapsedMs)}
      </Badge>
    </Tooltip>
  );
}

/** Column id = the server's sort column; `width` is the grid track (fixed, or a flexible minimum). */
export interface OrderColumnMeta {
  width: string;
  align?: 'right';
  /** Shown on the header when sorting by this column is not offered right now. */
  sortHint?: string;
}

export const orderColumns = [
  column.accessor('number', {
    id: 'number',
    header: 'Number',
    cell: (info) => (
      <Text span size="xs" ff="monospace" fw={500}>
        {info.getValue()}
      </Text>
    ),
    meta: { width: '120px' },
  }),
  column.accessor('dealerName', {
    id: 'dealer',
    header: 'Dealer',
    cell: (info) => {
      const row = info.row.original;
      if (row.dealerName === null) {
        return (
          <Text span size="xs" c="dimmed" fs="italic" title={`Account ${row.accountId} has not arrived from the platform yet`}>
            Dealer not synced yet ({row.accountId})
          </Text>
        );
      }
      return (
        <Group gap={6} wrap="nowrap" miw={0} title={`${row.dealerName} · ${row.dealerCode ?? ''} · ${row.region ?? ''}`}>
          <Text span size="xs" truncate="end">
            {row.dealerName}
          </Text>
          <Text span size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            {row.dealerCode}
          </Text>
        </Group>
      );
    },
    meta: { width: 'minmax(170px, 1.1fr)' },
  }),
  column.accessor('channel', {
    id: 'channel',
    header: 'Channel',
    cell: (info) => (
      <Text span size="xs">
        {orderChannelLabels[info.getValue()]}
      </Text>
    ),
    meta: { width: '68px' },
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: (info) => <PlatformStatusBadge status={info.getValue()} />,
    meta: { width: '100px' },
  }),
  column.accessor('sla', {
    id: 'sla',
    header: 'In status',
    cell: (info) => <SlaCell sla={info.getValue()} />,
    meta: { width: '84px' },
    sortDescFirst: true,
  }),
  column.accessor('total', {
    id: 'total',
    header: 'Total',
    cell: (info) => (
      <Text span size="xs" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMoney(info.getValue(), info.row.original.currency)}
      </Text>
    ),
    meta: { width: '108px', align: 'right' },
    sortDescFirst: true,
  }),
  column.accessor('placedAt', {
    id: 'placedAt',
    header: 'Placed',
    cell: (info) => (
      <Text span size="xs" style={{ fontVariantNumeric: 'tabular-nums' }} title={formatDateTime(info.getValue())}>
        {formatCompactDateTime(info.getValue())}
      </Text>
    ),
    meta: { width: '122px' },
    sortDescFirst: true,
  }),
  column.accessor('placedByName', {
    id: 'placedBy',
    header: 'Placed by',
    enableSorting: false,
    cell: (info) => (
      <Text span size="xs" truncate="end">
        {info.getValue()}
      </Text>
    ),
    meta: { width: 'minmax(110px, 0.6fr)' },
  }),
  column.accessor('dmsStatus', {
    id: 'dmsStatus',
    header: 'DMS status',
    cell: (info) => {
      const status = info.getValue();
      if (!status) return dash;
      return (
        <span title={info.row.original.dmsOrderNumber ?? undefined}>
          <StatusBadge label={dmsOrderStatusLabels[status]} color={dmsStatusColors[status]} />
        </span>
      );
    },
    meta: { width: '104px' },
  }),
  column.accessor('dealerStatus', {
    id: 'dealerStatus',
    header: 'Dealer sees',
    cell: (info) => {
      const row = info.row.original;
      const status = row.dealerStatus;
      if (!status) return dash;
      const carrier = row.tracking?.carrier ?? null;
      const trackingNumber = row.tracking?.number ?? null;
      return (
        <Group gap={6} wrap="nowrap" miw={0} title={row.dealerStatusAt ? `Published ${formatDateTime(row.dealerStatusAt)}` : undefined}>
          <StatusBadge label={dealerVisibleStatusLabels[status]} color={dealerStatusColors[status]} />
          {(trackingNumber || carrier) && (
            <Tooltip label={`Tracking: ${[carrier, trackingNumber].filter(Boolean).join(' ')}`} openDelay={400}>
              <Text
                span
                size="xs"
                c="dimmed"
                truncate="end"
                data-testid="tracking"
                aria-label={`Tracking ${carrier ?? ''} ${trackingNumber ?? ''}`}
              >
                {trackingNumber ?? carrier}
              </Text>
            </Tooltip>
          )}
        </Group>
      );
    },
    meta: { width: 'minmax(190px, 1fr)' },
  }),
  column.accessor('drift', {
    id: 'drift',
    header: 'Drift',
    enableSorting: false,
    cell: (info) => {
      const kinds = driftKindsOf(info.getValue());
      if (kinds.length === 0) return dash;
      return (
        <Group gap={4} wrap="nowrap">
          {kinds.map((k) => (
            <Badge key={k} size="sm" variant="light" color="red" tt="none" fw={500} radius="sm">
              {driftKindLabels[k]}
            </Badge>
          ))}
        </Group>
      );
    },
    meta: { width: 'minmax(170px, 1fr)' },
  }),
];

export function columnMeta(meta: unknown): OrderColumnMeta {
  return (meta as OrderColumnMeta | undefined) ?? { width: '1fr' };
}

/** The columns of a view, in its order. */
export function columnsFor(ids: readonly OrderColumnId[]) {
  return ids.flatMap((id) => orderColumns.filter((c) => c.id === id));
}
