// The credit control desk (issue 8): the hold queue on the left (live, dealer-waiting first, then oldest,
// with filters), the open hold on the right, bulk decisions on the ticked ones. Keyboard: arrows move the
// open hold, Space ticks it, "/" is not needed (filters are menus), Escape clears the ticks.
import './credit-holds.css';
import { Alert, Badge, Button, Group, MultiSelect, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconBell, IconFilterOff, IconListCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import { amountBands, holdReasonLabels, holdReasons, type AmountBand, type HoldReason } from '../../../shared/credit/holds';
import { useApiQuery } from '../../api/hooks';
import { formatTime } from '../../app/format';
import type { ScreenDef } from '../../app/screens';
import { BulkDecisionModal } from './BulkDecisionModal';
import { HoldDetail } from './HoldDetail';
import { HoldQueueTable } from './HoldQueueTable';
import { useNow } from './holdFormat';
import { notificationPermission, requestNotificationPermission } from './useHoldNotifications';
import { useReplicaGeneration } from './useReplicaReload';

type Mine = 'all' | 'needs_my_approval' | 'waiting_for_second';

export function CreditHoldsScreen({ staff }: { screen: ScreenDef; staff: StaffView }) {
  const [reasons, setReasons] = useState<HoldReason[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [bands, setBands] = useState<AmountBand[]>([]);
  const [mine, setMine] = useState<Mine>('all');
  const filter = useMemo(
    () => ({
      ...(reasons.length ? { reasons } : {}),
      ...(regions.length ? { regions } : {}),
      ...(bands.length ? { bands } : {}),
      ...(mine !== 'all' ? { mine } : {}),
    }),
    [reasons, regions, bands, mine],
  );
  const queue = useApiQuery('credit.holds', filter);
  const generation = useReplicaGeneration();
  const { reload } = queue;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const now = useNow();
  const rows = useMemo(() => queue.data?.rows ?? [], [queue.data]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<string[] | null>(null);
  const [permission, setPermission] = useState(notificationPermission());

  // The first hold opens by itself; a hold that left the queue stays open (it says what happened to it).
  useEffect(() => {
    if (openId === null && rows[0]) setOpenId(rows[0].orderId);
  }, [rows, openId]);
  // Ticks follow the queue: a hold that left it cannot be decided in bulk.
  useEffect(() => {
    setTicked((t) => {
      const present = new Set(rows.map((r) => r.orderId));
      const kept = [...t].filter((id) => present.has(id));
      return kept.length === t.size ? t : new Set(kept);
    });
  }, [rows]);

  const tick = useCallback((id: string, on: boolean) => {
    setTicked((t) => {
      const next = new Set(t);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ticked.size > 0 && !bulk) setTicked(new Set());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ticked, bulk]);

  const filtered = reasons.length > 0 || regions.length > 0 || bands.length > 0 || mine !== 'all';
  const data = queue.data;
  const asOf = data?.platformAsOf && data.dmsAsOf ? (data.platformAsOf < data.dmsAsOf ? data.platformAsOf : data.dmsAsOf) : null;

  return (
    <Stack gap="xs" h="calc(100dvh - var(--app-shell-header-height, 52px) - 2 * var(--mantine-spacing-md))" miw={0}>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Group gap="sm" align="baseline" wrap="nowrap">
          <Title order={2}>Credit holds</Title>
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="holds-count">
            {data ? `${rows.length}${filtered ? ` of ${data.totalHolds}` : ''} on hold` : 'Loading…'}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {permission === 'default' && (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconBell size={14} />}
              onClick={() => void requestNotificationPermission().then(setPermission)}
            >
              Turn on desktop notifications
            </Button>
          )}
          <Text size="xs" c="dimmed" data-testid="holds-as-of" title="The older of the last platform and DMS reads">
            {asOf ? `As of ${formatTime(asOf)}` : 'Not synced yet'}
          </Text>
        </Group>
      </Group>

      <Group gap="xs" align="flex-start">
        <SegmentedControl
          size="xs"
          value={mine}
          onChange={(v) => setMine(v as Mine)}
          aria-label="Whose holds"
          data={[
            { value: 'all', label: 'All' },
            { value: 'needs_my_approval', label: 'Needs my approval' },
            { value: 'waiting_for_second', label: 'Waiting for a second approver' },
          ]}
        />
        <MultiSelect
          aria-label="Hold reason"
          placeholder={reasons.length ? undefined : 'Reason'}
          size="xs"
          w={180}
          clearable
          data={holdReasons.map((r) => ({ value: r, label: holdReasonLabels[r] }))}
          value={reasons}
          onChange={(v) => setReasons(v as HoldReason[])}
        />
        <MultiSelect
          aria-label="Region"
          placeholder={regions.length ? undefined : 'Region'}
          size="xs"
          w={150}
          clearable
          data={[...new Set([...(data?.regions ?? []), ...regions])]}
          value={regions}
          onChange={setRegions}
        />
        <MultiSelect
          aria-label="Amount"
          placeholder={bands.length ? undefined : 'Amount'}
          size="xs"
          w={170}
          clearable
          data={amountBands.map((b) => ({ value: b.id, label: b.label }))}
          value={bands}
          onChange={(v) => setBands(v as AmountBand[])}
        />
        {filtered && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconFilterOff size={14} />}
            onClick={() => {
              setReasons([]);
              setRegions([]);
              setBands([]);
              setMine('all');
            }}
          >
            Clear filters
          </Button>
        )}
        {ticked.size > 0 && (
          <Group gap={6} ml="auto">
            <Badge variant="light" tt="none">
              {ticked.size} selected
            </Badge>
            <Button size="xs" leftSection={<IconListCheck size={14} />} onClick={() => setBulk([...ticked])}>
              Decide selected…
            </Button>
          </Group>
        )}
      </Group>

      {queue.error && (
        <Alert color="red" role="alert" title="The hold queue could not be loaded">
          {queue.error.message}
        </Alert>
      )}

      <div className="dd-holds-split">
        <div className="dd-holds-queue">
          {data && rows.length === 0 ? (
            <Stack gap={6} py="xl" align="center" data-testid="holds-empty">
              <Text fw={600}>{filtered ? 'No holds match these filters.' : 'No orders are on credit hold.'}</Text>
              <Text size="sm" c="dimmed" ta="center" maw={360}>
                {filtered
                  ? 'Clear the filters to see the whole queue.'
                  : 'New holds appear here as the platform places them, with a desktop notification if it is on.'}
              </Text>
            </Stack>
          ) : (
            <HoldQueueTable
              rows={rows}
              calendar={data?.calendar ?? { days: [1, 2, 3, 4, 5, 6], startMinute: 570, endMinute: 1080, utcOffsetMinutes: 330 }}
              now={now}
              openId={openId}
              onOpen={setOpenId}
              ticked={ticked}
              onTick={tick}
              onTickAll={(on) => setTicked(on ? new Set(rows.map((r) => r.orderId)) : new Set())}
            />
          )}
        </div>
        <div className="dd-holds-detail">
          {openId && data ? (
            <HoldDetail orderId={openId} staff={staff} calendar={data.calendar} now={now} generation={generation} />
          ) : (
            <Text size="sm" c="dimmed" p="md">
              Open a hold from the queue to see the exposure behind it.
            </Text>
          )}
        </div>
      </div>
      {bulk && (
        <BulkDecisionModal
          orderIds={bulk}
          onClose={() => {
            setBulk(null);
            setTicked(new Set());
            reload();
          }}
        />
      )}
    </Stack>
  );
}
