// The Orders table's columns (TanStack Table definitions, sorted by the server) and the status badges.
import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import {
  dealerVisibleStatusLabels,
  dmsOrderStatusLabels,
  orderChannelLabels,
  platformOrderStatusLabels,
  type DealerVisibleStatus,
  type DmsOrderStatus,
  type OrderRowView,
  type OrderSortColumn,
  type PlatformOrderStatus,
} from '../../../shared/orders';
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
];

export function columnMeta(meta: unknown): OrderColumnMeta {
  return (meta as OrderColumnMeta | undefined) ?? { width: '1fr' };
}

export const sortColumnIds = orderColumns.map((c) => c.id as OrderSortColumn);
