// "My phone orders": what the clerk submitted, as it moves: sending, placed, credit hold, needs attention.
// An order the platform refused comes back here as a task with the platform's reason and the fix (for a
// price-mismatch: accept the platform's prices and re-submit, one action). Nothing leaves this list silently.
import { Badge, Button, Group, Paper, ScrollArea, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoneCall } from '@tabler/icons-react';
import { useState } from 'react';
import type { MyPhoneOrderView } from '../../../shared/api/features/phoneOrder';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { formatCompactDateTime, formatMoney, formatTime } from '../../app/format';
import { useLiveReload } from '../sync/useLiveReload';
import { holdReasonText, myOrderStates } from './phoneOrderFormat';

export function MyPhoneOrders({ onReopened }: { onReopened: (draftId: string) => void }) {
  const api = useDeskApi();
  const list = useApiQuery('phoneOrder.mine', { limit: 50 });
  const [busy, setBusy] = useState<string | null>(null);
  // Discarding a refused order is final: the first click asks, the second does it.
  const [confirming, setConfirming] = useState<string | null>(null);
  const { reload } = list;
  useLiveReload(reload, { tables: ['phone_order_drafts', 'outbox', 'platform_orders'], summary: '', minGapMs: 250 });

  async function act(order: MyPhoneOrderView, action: 'acceptPlatformPrices' | 'reopen' | 'discard') {
    setBusy(order.draftId);
    try {
      if (action === 'acceptPlatformPrices') {
        await api.call('phoneOrder.acceptPlatformPrices', { draftId: order.draftId });
        notifications.show({ message: `${order.clientReference}: platform prices accepted, sending again.` });
      } else if (action === 'reopen') {
        await api.call('phoneOrder.reopen', { draftId: order.draftId });
        onReopened(order.draftId);
      } else {
        await api.call('phoneOrder.draft.discard', { draftId: order.draftId });
        notifications.show({ message: `${order.clientReference} discarded; it will not be sent.` });
      }
      reload();
    } catch (err) {
      notifications.show({ color: 'red', message: toApiError(err).message });
    } finally {
      setBusy(null);
    }
  }

  const rows = list.data ?? [];
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label="My phone orders">
      <Group justify="space-between" mb={4}>
        <Text fw={700}>My phone orders</Text>
        <Text size="xs" c="dimmed">
          {list.asOf ? `As of ${formatTime(list.asOf)}` : ''}
        </Text>
      </Group>
      {list.error && (
        <Text c="red" size="sm">
          {list.error.message}
        </Text>
      )}
      <ScrollArea.Autosize mah={320}>
        <Table verticalSpacing={3} horizontalSpacing="xs" fz="sm" aria-label="My phone orders list" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Submitted</Table.Th>
              <Table.Th>Dealer</Table.Th>
              <Table.Th>Order</Table.Th>
              <Table.Th ta="right">Total</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>What is happening</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.length === 0 && !list.loading && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text size="sm" c="dimmed">
                    Nothing submitted yet. Orders you place show here until they are placed, held or need you.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {rows.map((o) => {
              const state = myOrderStates[o.state];
              return (
                <Table.Tr key={o.draftId} data-client-reference={o.clientReference} data-state={o.state}>
                  <Table.Td>{formatCompactDateTime(o.submittedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {o.dealerWaiting && (
                        <Tooltip label="Dealer waiting on the phone">
                          <IconPhoneCall size={14} aria-label="Dealer waiting on the phone" />
                        </Tooltip>
                      )}
                      <Text size="sm" truncate maw={150}>
                        {o.dealer ? `${o.dealer.code} ${o.dealer.name}` : o.accountId}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {o.orderNumber ?? o.clientReference}
                  </Table.Td>
                  <Table.Td ta="right">{o.total !== null && o.currency ? formatMoney(o.total, o.currency) : ''}</Table.Td>
                  <Table.Td w={150} style={{ whiteSpace: 'nowrap' }}>
                    <Badge
                      styles={{ root: { maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } }}
                      color={state.color}
                      variant={o.state === 'needs_attention' ? 'filled' : 'light'}
                      data-testid="my-order-state"
                    >
                      {state.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {o.state === 'credit_hold' && (
                      <Text size="xs">Held: {o.holdReasons.map(holdReasonText).join(', ')}. Credit control decides.</Text>
                    )}
                    {o.state !== 'credit_hold' && o.detail && (
                      <Text size="xs" c={o.state === 'needs_attention' ? 'red' : 'dimmed'}>
                        {o.detail}
                      </Text>
                    )}
                    {o.fix?.changes && (
                      <Text size="xs">
                        {o.fix.changes
                          .map(
                            (c) =>
                              `line ${c.lineNo} ${c.sku}: ${formatMoney(c.from, o.currency ?? 'INR')} → ${formatMoney(c.to, o.currency ?? 'INR')}`,
                          )
                          .join('; ')}
                      </Text>
                    )}
                    {o.state === 'needs_attention' && (
                      <Group gap={4} mt={2}>
                        {o.fix && (
                          <Button
                            size="compact-xs"
                            h="auto"
                            py={2}
                            styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                            loading={busy === o.draftId}
                            onClick={() => void act(o, o.fix!.action)}
                          >
                            {o.fix.label}
                          </Button>
                        )}
                        <Button
                          size="compact-xs"
                          variant={confirming === o.draftId ? 'filled' : 'subtle'}
                          color="red"
                          disabled={busy === o.draftId}
                          onClick={() => {
                            if (confirming !== o.draftId) setConfirming(o.draftId);
                            else void act(o, 'discard');
                          }}
                          onBlur={() => setConfirming(null)}
                        >
                          {confirming === o.draftId ? 'Discard: it will not be sent' : 'Discard'}
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
