// An order's timeline (issue 9): platform events, DMS events, every dealer publication (auto or by whom,
// on its way, or waiting for review) and the audit entries for the order, in time order; a publication
// stands right after the DMS event it came from. The Orders screen's detail pane (issue 10) and the publish
// queue both show it. Staff who may publish can send an ad-hoc update from here.
import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import {
  IconBuildingStore,
  IconBuildingWarehouse,
  IconClipboardText,
  IconMessage2,
  IconMessageCircleQuestion,
  IconSend,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { TimelineEntryView } from '../../../shared/api/features/dealerStatus';
import { dealerDate, dealerStatusRoles } from '../../../shared/dealerStatus';
import { dmsOrderStatusLabels } from '../../../shared/orders';
import { useApiQuery } from '../../api/hooks';
import { formatCompactDateTime, formatDateTime, formatMoney, formatTime } from '../../app/format';
import { AdHocPublishModal } from './AdHocPublish';
import { DealerStatusChip } from './DealerStatusChip';
import { useReloadOn } from './useReloadOn';

const sourceLooks: Record<TimelineEntryView['source'], { label: string; color: string; icon: ReactNode }> = {
  platform: { label: 'Platform', color: 'blue', icon: <IconBuildingStore size={13} stroke={1.6} /> },
  dms: { label: 'DMS', color: 'grape', icon: <IconBuildingWarehouse size={13} stroke={1.6} /> },
  publication: { label: 'Dealer', color: 'teal', icon: <IconMessage2 size={13} stroke={1.6} /> },
  audit: { label: 'Audit', color: 'gray', icon: <IconClipboardText size={13} stroke={1.6} /> },
};

const publicationStates: Record<NonNullable<TimelineEntryView['publication']>['state'], { label: string; color: string; icon: ReactNode }> =
  {
    published: { label: 'Published', color: 'teal', icon: <IconMessage2 size={13} stroke={1.6} /> },
    sending: { label: 'Sending', color: 'blue', icon: <IconSend size={13} stroke={1.6} /> },
    failed: { label: 'Not published', color: 'red', icon: <IconSend size={13} stroke={1.6} /> },
    waiting: { label: 'Waiting for review', color: 'orange', icon: <IconMessageCircleQuestion size={13} stroke={1.6} /> },
  };

function PublicationCard({ entry, source }: { entry: TimelineEntryView; source: TimelineEntryView | undefined }) {
  const p = entry.publication!;
  const state = publicationStates[p.state];
  return (
    <Paper withBorder radius="sm" p={8} mt={4} data-testid="timeline-publication">
      <Group gap={6} wrap="wrap">
        <DealerStatusChip status={p.status} size="xs" />
        <Badge size="xs" variant="outline" color={state.color} tt="none">
          {state.label}
        </Badge>
        <Text size="xs" c="dimmed">
          {p.origin === 'auto' ? 'by the policy' : `by ${entry.by ?? 'staff'}`}
          {source ? ` · from “${source.title}”` : ''}
        </Text>
      </Group>
      <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
        {p.message}
      </Text>
      {(p.eta || p.tracking) && (
        <Text size="xs" c="dimmed" mt={2}>
          {[
            p.eta ? `ETA ${dealerDate(p.eta)}` : null,
            p.tracking ? [p.tracking.carrier, p.tracking.number].filter(Boolean).join(' ') : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      )}
      {entry.detail && (
        <Text size="xs" c={p.state === 'failed' ? 'red' : 'dimmed'} mt={2}>
          {entry.detail}
        </Text>
      )}
    </Paper>
  );
}

export function OrderTimeline({
  orderId,
  compact = false,
}: {
  orderId: string;
  /** Leave out the header line (the host shows the order). */ compact?: boolean;
}) {
  const timeline = useApiQuery('dealerStatus.timeline', { orderId });
  const session = useApiQuery('session.get', {});
  const [publishing, setPublishing] = useState(false);
  useReloadOn(timeline.reload, [
    'platform_orders',
    'dms_orders',
    'platform_dealer_statuses',
    'dms_invoices',
    'dms_returns',
    'outbox',
    'dealer_status_reviews',
  ]);
  const view = timeline.data;
  const mayPublish = (session.data?.staff?.roles ?? []).some((r) => dealerStatusRoles.includes(r));
  const byId = new Map((view?.entries ?? []).map((e) => [e.id, e]));

  return (
    <Stack gap="sm" data-testid="order-timeline">
      {!compact && view && (
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={3} size="h4">
              Order {view.orderNumber ?? view.orderId}
            </Title>
            <Group gap={6}>
              <Text size="sm">{view.dealerName ?? '—'}</Text>
              {view.dmsOrderNumber && (
                <Text size="xs" c="dimmed">
                  DMS {view.dmsOrderNumber}
                  {view.dmsStatus ? ` · ${dmsOrderStatusLabels[view.dmsStatus]}` : ''}
                </Text>
              )}
            </Group>
          </Stack>
          <Stack gap={4} align="flex-end">
            <Group gap={6} wrap="nowrap">
              <Text size="xs" c="dimmed">
                Dealer sees
              </Text>
              {view.dealerStatus ? <DealerStatusChip status={view.dealerStatus} /> : <Text size="xs">nothing yet</Text>}
            </Group>
            <Text size="xs" c="dimmed" title={view.asOf ? `Replica as of ${formatDateTime(view.asOf)}` : undefined}>
              As of {timeline.asOf ? formatTime(timeline.asOf) : '—'}
            </Text>
          </Stack>
        </Group>
      )}
      {mayPublish && view && (
        <Group>
          <Button size="xs" variant="light" leftSection={<IconSend size={14} stroke={1.6} />} onClick={() => setPublishing(true)}>
            Publish an update
          </Button>
        </Group>
      )}
      {timeline.error && (
        <Alert color={timeline.error.kind === 'not_found' ? 'yellow' : 'red'} role="alert">
          {timeline.error.message}
        </Alert>
      )}
      {!view && !timeline.error && <Loader size="sm" aria-label="Loading the timeline" />}
      {view && (
        <Timeline role="list" aria-label="Timeline" bulletSize={22} lineWidth={2} active={-1}>
          {view.entries.map((entry) => {
            const look = entry.publication ? publicationStates[entry.publication.state] : sourceLooks[entry.source];
            const source = entry.publication?.sourceEntryId ? byId.get(entry.publication.sourceEntryId) : undefined;
            return (
              <Timeline.Item
                key={entry.id}
                role="listitem"
                data-entry-id={entry.id}
                data-source={entry.source}
                bullet={
                  <ThemeIcon size={22} radius="xl" variant="light" color={look.color}>
                    {look.icon}
                  </ThemeIcon>
                }
                pl={entry.publication?.sourceEntryId ? 'lg' : undefined}
                title={
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Text size="sm" fw={500} lineClamp={2}>
                      {entry.title}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(entry.at)}>
                      {formatCompactDateTime(entry.at)}
                    </Text>
                  </Group>
                }
              >
                <Group gap={6} wrap="wrap">
                  <Badge size="xs" variant="dot" color={sourceLooks[entry.source].color} tt="none">
                    {sourceLooks[entry.source].label}
                  </Badge>
                  {entry.by && !entry.publication && (
                    <Text size="xs" c="dimmed">
                      by {entry.by}
                    </Text>
                  )}
                  {entry.detail && !entry.publication && (
                    <Text size="xs" c="dimmed">
                      {entry.detail}
                    </Text>
                  )}
                  {entry.money && <Text size="xs">{formatMoney(entry.money.minor, entry.money.currency)}</Text>}
                </Group>
                {entry.publication && <PublicationCard entry={entry} source={source} />}
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      {publishing && view && (
        <AdHocPublishModal
          order={{
            id: view.orderId,
            number: view.orderNumber ?? view.orderId,
            dealerName: view.dealerName,
            dealerStatus: view.dealerStatus,
          }}
          onClose={() => {
            setPublishing(false);
            timeline.reload();
          }}
        />
      )}
    </Stack>
  );
}
