// The dealer card: who is calling (code, tier, terms, price list, home warehouse), where their credit stands
// (with the time the figures are from), open holds, and the last orders, each with Reorder.
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconPhoneCall, IconRepeat } from '@tabler/icons-react';
import type { DealerCardView } from '../../../shared/api/features/phoneOrder';
import { platformOrderStatusLabels, type PlatformOrderStatus } from '../../../shared/orders';
import { useApiQuery } from '../../api/hooks';
import { formatCompactDateTime, formatDateTime, formatMoney } from '../../app/format';
import { holdReasonText, priceSourceText } from './phoneOrderFormat';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function DealerCard({ accountId, onReorder }: { accountId: string; onReorder: (orderId: string) => void }) {
  const card = useApiQuery('phoneOrder.dealer', { accountId }, { refreshOn: ['replica.changed'] });
  if (card.error) return <Alert color="red">{card.error.message}</Alert>;
  if (!card.data) return <Skeleton h={140} />;
  const d: DealerCardView = card.data;
  const a = d.account;
  const money = (n: number) => formatMoney(n, a.currency);
  return (
    <Paper withBorder p="sm" radius="md" aria-label="Dealer card" component="section">
      <Group justify="space-between" wrap="nowrap" mb={6}>
        <Group gap="xs" wrap="nowrap">
          <Text fw={700}>{a.name}</Text>
          <Text ff="monospace" size="sm" c="dimmed">
            {a.code}
          </Text>
          {a.status === 'suspended' && (
            <Badge color="red" variant="filled">
              Suspended: cannot be ordered for
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {[a.city, a.region].filter(Boolean).join(' · ')} {a.phone ? `· ${a.phone}` : ''}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm" verticalSpacing={4}>
        <Fact label="Tier">{a.tier}</Fact>
        <Fact label="Payment terms">{a.paymentTermsDays} days</Fact>
        <Fact label="Price list">
          {a.priceList.name ?? a.priceList.id}{' '}
          <Text span size="xs" c="dimmed">
            ({priceSourceText(a.priceList.source)})
          </Text>
        </Fact>
        <Fact label="Home warehouse">{d.homeWarehouse ? `${d.homeWarehouse.code} · ${d.homeWarehouse.name}` : '—'}</Fact>
        <Fact label="GSTIN">
          <Text span ff="monospace" size="xs" style={{ wordBreak: 'break-all' }}>
            {a.taxId ?? '—'}
          </Text>
        </Fact>
        <Fact label="Contacts">
          {a.contacts.length === 0
            ? '—'
            : a.contacts
                .slice(0, 2)
                .map((c) => `${c.name}${c.phone ? ` ${c.phone}` : ''}`)
                .join('; ')}
        </Fact>
      </SimpleGrid>

      <Group gap="lg" mt="xs" aria-label="Credit summary" role="group" wrap="wrap">
        {d.credit.source === 'none' ? (
          <Text size="sm" c="orange">
            No credit position on the platform yet: every order will be held until one is pushed.
          </Text>
        ) : (
          <>
            <Fact label="Credit limit">{d.credit.limit === 0 ? 'no limit checked' : money(d.credit.limit)}</Fact>
            <Fact label="Exposure">{money(d.credit.exposure)}</Fact>
            <Fact label="Available">
              <Text span size="sm" c={d.credit.available < 0 && d.credit.limit > 0 ? 'red' : undefined} fw={600}>
                {d.credit.limit === 0 ? '—' : money(d.credit.available)}
              </Text>
            </Fact>
            <Fact label="Overdue">
              {d.credit.overdue > 0 ? `${money(d.credit.overdue)}, oldest ${d.credit.oldestOverdueDays} days` : 'nothing overdue'}
            </Fact>
            {d.credit.blocked && (
              <Badge color="red" variant="light">
                Blocked
              </Badge>
            )}
          </>
        )}
        <Text size="xs" c="dimmed" data-testid="dealer-credit-as-of">
          Credit as of {formatDateTime(d.credit.asOf)} (DMS); orders as of {formatDateTime(d.asOf.platform)}
        </Text>
      </Group>

      {d.openHolds.length > 0 && (
        <Group gap={6} mt="xs" aria-label="Open holds" role="group">
          <Text size="xs" c="dimmed">
            Open holds:
          </Text>
          {d.openHolds.map((h) => (
            <Tooltip key={h.id} label={h.reasons.map(holdReasonText).join(', ')}>
              <Badge variant="light" color="orange" leftSection={h.dealerWaiting ? <IconPhoneCall size={12} /> : undefined}>
                {h.number} · {money(h.total)}
              </Badge>
            </Tooltip>
          ))}
        </Group>
      )}

      <Table mt="xs" verticalSpacing={2} horizontalSpacing="xs" fz="xs" aria-label="Last orders" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Last orders</Table.Th>
            <Table.Th>Placed</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Lines</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {d.lastOrders.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="xs" c="dimmed">
                  No orders in the replica for this dealer.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {d.lastOrders.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td ff="monospace">{o.number}</Table.Td>
              <Table.Td>{formatCompactDateTime(o.placedAt)}</Table.Td>
              <Table.Td>{platformOrderStatusLabels[o.status as PlatformOrderStatus] ?? o.status}</Table.Td>
              <Table.Td ta="right">{o.lineCount}</Table.Td>
              <Table.Td ta="right">{money(o.total)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="compact-xs"
                  variant="subtle"
                  leftSection={<IconRepeat size={12} />}
                  onClick={() => onReorder(o.id)}
                  aria-label={`Reorder ${o.number}`}
                >
                  Reorder
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
