// What the dealer will see, drawn like an order card on the dealer portal: the order, the status chip, the
// message, the expected delivery date and the tracking link. Used by the publish queue and ad-hoc updates.
import { Anchor, Box, Group, Paper, Stack, Text } from '@mantine/core';
import { IconTruckDelivery } from '@tabler/icons-react';
import type { DealerMessageView } from '../../../shared/api/features/dealerStatus';
import { dealerDate } from '../../../shared/dealerStatus';
import { DealerStatusChip } from './DealerStatusChip';

export function DealerPreview({
  orderNumber,
  dealerName,
  message,
  label = 'Dealer preview',
}: {
  orderNumber: string | null;
  dealerName: string | null;
  message: DealerMessageView;
  label?: string;
}) {
  const tracking = message.tracking;
  const empty = message.message.trim().length === 0;
  return (
    <Paper withBorder radius="md" role="region" aria-label={label} data-testid="dealer-preview" style={{ overflow: 'hidden' }}>
      <Box px="sm" py={6} bg="var(--mantine-color-default-hover)" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Text size="xs" c="dimmed">
          Dealer portal{dealerName ? ` · ${dealerName}` : ''} · My orders
        </Text>
      </Box>
      <Stack gap={8} p="sm">
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            Order {orderNumber ?? '—'}
          </Text>
          <DealerStatusChip status={message.status} />
        </Group>
        <Text size="sm" c={empty ? 'dimmed' : undefined} style={{ whiteSpace: 'pre-wrap' }} data-testid="dealer-preview-message">
          {empty ? 'No message yet.' : message.message}
        </Text>
        {(message.eta || tracking) && (
          <Group gap="lg" wrap="wrap">
            {message.eta && (
              <Text size="xs">
                <Text span c="dimmed">
                  Expected delivery{' '}
                </Text>
                <b>{dealerDate(message.eta)}</b>
              </Text>
            )}
            {tracking && (tracking.carrier || tracking.number) && (
              <Group gap={4} wrap="nowrap">
                <IconTruckDelivery size={14} stroke={1.5} aria-hidden />
                <Text size="xs">{[tracking.carrier, tracking.number].filter(Boolean).join(' · ')}</Text>
                {tracking.url && (
                  <Anchor size="xs" href={tracking.url} target="_blank" rel="noopener noreferrer">
                    Track shipment
                  </Anchor>
                )}
              </Group>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
