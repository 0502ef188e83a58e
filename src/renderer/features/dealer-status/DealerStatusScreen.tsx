// The Dealer status screen (issue 9): the publish queue (items the policy sends for review; edit, preview,
// publish or skip; bulk publish), what was decided lately and how its delivery went, and ad-hoc updates to a
// dealer about any order. Everything follows the replica live.
import './dealer-status.css';
import { Badge, Button, Drawer, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { IconSend, IconTimeline } from '@tabler/icons-react';
import { useState } from 'react';
import type { DealerStatusReviewView } from '../../../shared/api/features/dealerStatus';
import { isDerivedSituation, policyRuleLabels } from '../../../shared/dealerStatus';
import { useApiQuery, type QueryState } from '../../api/hooks';
import type { ScreenDef } from '../../app/screens';
import { formatCompactDateTime, formatDateTime, formatTime } from '../../app/format';
import { outboxStatusLabels } from '../sync/syncFormat';
import { AdHocPublishModal } from './AdHocPublish';
import { DealerStatusChip } from './DealerStatusChip';
import { OrderTimeline } from './OrderTimeline';
import { PublishQueue } from './PublishQueue';
import { useReloadOn } from './useReloadOn';

/** Replica tables whose change can add, close or move a queue item. */
const queueTables = ['dealer_status_reviews', 'platform_dealer_statuses', 'dms_orders', 'platform_orders', 'outbox'];

function deliveryLabel(item: DealerStatusReviewView): { label: string; color: string } {
  if (item.state === 'skipped') return { label: 'Skipped', color: 'gray' };
  if (!item.delivery) return { label: 'Published', color: 'teal' };
  const known = outboxStatusLabels[item.delivery.status as keyof typeof outboxStatusLabels];
  return known ?? { label: item.delivery.status, color: 'gray' };
}

function Decided({
  query,
  onOpenTimeline,
}: {
  query: QueryState<DealerStatusReviewView[]>;
  onOpenTimeline: (platformOrderId: string) => void;
}) {
  const items = query.data ?? [];
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing decided yet.
      </Text>
    );
  return (
    <Table aria-label="Decided items" verticalSpacing={5} fz="sm" striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Decided</Table.Th>
          <Table.Th>Order</Table.Th>
          <Table.Th>Dealer</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Delivery</Table.Th>
          <Table.Th>By</Table.Th>
          <Table.Th>Message sent, or why skipped</Table.Th>
          <Table.Th aria-label="Actions" />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((item) => {
          const outcome = deliveryLabel(item);
          return (
            <Table.Tr key={item.id} data-review-id={item.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }} title={formatDateTime(item.decidedAt)}>
                {item.decidedAt ? formatCompactDateTime(item.decidedAt) : '—'}
              </Table.Td>
              <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                {item.orderNumber ?? item.platformOrderId}
              </Table.Td>
              <Table.Td>{item.dealerName ?? item.dealerCode ?? '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <DealerStatusChip status={(item.sent ?? item.proposed).status} size="xs" />
                  {item.rule && isDerivedSituation(item.rule) && (
                    <Text size="xs" c="dimmed" truncate maw={160}>
                      {policyRuleLabels[item.rule]}
                    </Text>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge
                  size="xs"
                  variant="light"
                  color={outcome.color}
                  tt="none"
                  title={item.delivery?.lastError ?? (item.delivery ? `Outbox item ${item.delivery.outboxId}` : undefined)}
                >
                  {outcome.label}
                </Badge>
              </Table.Td>
              <Table.Td>{item.decidedBy ?? '—'}</Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={2}>
                  {item.state === 'skipped' ? item.skipReason : (item.sent ?? item.proposed).message}
                </Text>
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  aria-label={`Timeline of ${item.orderNumber ?? item.platformOrderId}`}
                  onClick={() => onOpenTimeline(item.platformOrderId)}
                >
                  Timeline
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function DealerStatusScreen({ screen }: { screen: ScreenDef }) {
  const [tab, setTab] = useState<string>('queue');
  const [adHoc, setAdHoc] = useState(false);
  const [timelineOf, setTimelineOf] = useState<string | null>(null);
  const open = useApiQuery('dealerStatus.reviews', { state: 'open', limit: 500 });
  const decided = useApiQuery('dealerStatus.reviews', { state: 'decided', limit: 200 }, { enabled: tab === 'decided' });
  useReloadOn(open.reload, queueTables);
  useReloadOn(decided.reload, queueTables);

  return (
    <Stack gap="sm" maw={1500}>
      <Group justify="space-between" align="baseline">
        <Title order={2}>{screen.label}</Title>
        <Group gap="sm">
          <Text size="xs" c="dimmed" data-testid="dealer-status-as-of">
            As of {open.asOf ? formatTime(open.asOf) : '—'}
          </Text>
          <Button size="xs" variant="light" leftSection={<IconSend size={14} stroke={1.6} />} onClick={() => setAdHoc(true)}>
            Ad-hoc update
          </Button>
        </Group>
      </Group>
      <Tabs value={tab} onChange={(v) => setTab(v ?? 'queue')} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab
            value="queue"
            rightSection={
              open.data && open.data.length > 0 ? (
                <Badge size="xs" variant="filled" circle={open.data.length < 10}>
                  {open.data.length}
                </Badge>
              ) : null
            }
          >
            To review
          </Tabs.Tab>
          <Tabs.Tab value="decided">Decided</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="sm">
          <PublishQueue query={open} onOpenTimeline={setTimelineOf} />
        </Tabs.Panel>
        <Tabs.Panel value="decided" pt="sm">
          <Decided query={decided} onOpenTimeline={setTimelineOf} />
        </Tabs.Panel>
      </Tabs>
      {adHoc && <AdHocPublishModal order={null} onClose={() => setAdHoc(false)} />}
      <Drawer
        opened={timelineOf !== null}
        onClose={() => setTimelineOf(null)}
        position="right"
        size="lg"
        title={
          <Group gap={6}>
            <IconTimeline size={16} stroke={1.6} />
            <Text fw={600}>Order timeline</Text>
          </Group>
        }
        closeButtonProps={{ 'aria-label': 'Close the timeline' }}
      >
        {timelineOf && <OrderTimeline orderId={timelineOf} />}
      </Drawer>
    </Stack>
  );
}
