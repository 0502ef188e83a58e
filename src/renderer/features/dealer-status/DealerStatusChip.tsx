// The dealer-visible status as a chip, in the colours the Orders screen uses for the same statuses.
import { Badge } from '@mantine/core';
import { dealerVisibleStatusLabels, type DealerVisibleStatus } from '../../../shared/orders';

export const dealerStatusColors: Record<DealerVisibleStatus, string> = {
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

export function DealerStatusChip({ status, size = 'sm' }: { status: DealerVisibleStatus; size?: 'xs' | 'sm' | 'md' }) {
  return (
    <Badge size={size} variant="light" color={dealerStatusColors[status]} tt="none" fw={500} radius="sm" style={{ flexShrink: 0 }}>
      {dealerVisibleStatusLabels[status]}
    </Badge>
  );
}
