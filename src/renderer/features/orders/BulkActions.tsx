// The bulk bar of the order queues: what is selected, the actions (hand over now, cancel with a reason
// code, publish a dealer message, export), a confirmation for each, and one result per order as its
// outbox item ends: done, or failed / conflict with the system's reason. Results follow the outbox live.
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { IconArrowsExchange, IconMessage, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { BulkReceipt, CommandResultView } from '../../../shared/api/features/orders';
import { bulkActionLimit, cancelReasonCodes, cancelReasonLabels, type CancelReasonCode } from '../../../shared/orderViews';
import {
  dealerVisibleStatusLabels,
  dealerVisibleStatuses,
  type DealerVisibleStatus,
  type OrderRowView,
  type PlatformOrderStatus,
  type SlaStage,
} from '../../../shared/orders';
import { toApiError, useDeskApi, usePushEvent } from '../../api/hooks';
import { formatCount } from '../../app/format';

export interface CheckedOrder {
  id: string;
  number: string;
  version: number;
  status: PlatformOrderStatus;
  stage: SlaStage | null;
  /** The row as it was when selected (the bulk "Export" writes these). */
  row: OrderRowView;
}

type ItemState = 'sending' | 'pending' | 'done' | 'failed' | 'conflict' | 'discarded' | 'refused';

interface ResultItem {
  orderId: string;
  number: string;
  outboxId: number | null;
  state: ItemState;
  message: string | null;
}

interface BulkRun {
  /** Tells runs apart, so a late answer for an earlier run never lands in a newer one. */
  id: number;
  action: string;
  items: ResultItem[];
}

/** Every change to a run is an update of the latest state: the publish loop and the results' refresh both
 * write to it, and a whole-run write from either would put back what the other had just changed. */
type RunUpdate = (update: (run: BulkRun | null) => BulkRun | null) => void;

let nextRunId = 1;

const stateLabels: Record<ItemState, string> = {
  sending: 'Sending',
  pending: 'Queued',
  done: 'Done',
  failed: 'Failed',
  conflict: 'Conflict',
  discarded: 'Discarded',
  refused: 'Not sent',
};
const stateColors: Record<ItemState, string> = {
  sending: 'gray',
  pending: 'blue',
  done: 'teal',
  failed: 'red',
  conflict: 'orange',
  discarded: 'gray',
  refused: 'red',
};

const settled = (s: ItemState) => s !== 'sending' && s !== 'pending';

export function BulkActions({
  checked,
  onClear,
  exportSlot,
  mayPublish,
}: {
  checked: CheckedOrder[];
  onClear: () => void;
  /** Whether the signed-in person holds a role dealerStatus.publish accepts (the backend refuses the others). */
  mayPublish: boolean;
  /** The shared export's buttons for the selection (src/renderer/app/export), when available. */
  exportSlot?: ReactNode;
}) {
  const api = useDeskApi();
  const [dialog, setDialog] = useState<'cancel' | 'publish' | 'handover' | null>(null);
  const [run, setRun] = useState<BulkRun | null>(null);
  const toConfirm = checked.filter((o) => o.stage === 'awaitingHandover');

  const fromReceipt = (action: string, receipt: BulkReceipt, fallbackNumbers: Map<string, string>): BulkRun => ({
    id: nextRunId++,
    action,
    items: receipt.items.map((i) => ({
      orderId: i.orderId,
      number: i.number ?? fallbackNumbers.get(i.orderId) ?? i.orderId,
      outboxId: i.outboxId,
      state: i.outboxId === null ? 'refused' : 'pending',
      message: i.message,
    })),
  });
  const numbers = new Map(checked.map((o) => [o.id, o.number]));

  return (
    <>
      {checked.length > 0 && (
        <Paper withBorder radius="sm" px="sm" py={6} role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
          <Group justify="space-between" wrap="nowrap">
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" fw={600} data-testid="selected-count">
                {formatCount(checked.length)} selected
              </Text>
              <Tooltip
                label={
                  toConfirm.length === checked.length
                    ? 'Send them to the DMS now'
                    : 'Only orders in the “to confirm” queue of the hand-over routing can be handed over by hand; the others go automatically.'
                }
                multiline
                w={280}
              >
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconArrowsExchange size={14} />}
                  disabled={toConfirm.length === 0}
                  onClick={() => setDialog('handover')}
                >
                  Hand over
                </Button>
              </Tooltip>
              <Button size="xs" variant="light" color="red" leftSection={<IconX size={14} />} onClick={() => setDialog('cancel')}>
                Cancel orders
              </Button>
              {mayPublish && (
                <Button size="xs" variant="light" leftSection={<IconMessage size={14} />} onClick={() => setDialog('publish')}>
                  Publish message
                </Button>
              )}
              {exportSlot}
            </Group>
            <Button size="xs" variant="subtle" onClick={onClear}>
              Clear selection
            </Button>
          </Group>
        </Paper>
      )}

      <HandOverDialog
        opened={dialog === 'handover'}
        orders={toConfirm}
        skipped={checked.length - toConfirm.length}
        onClose={() => setDialog(null)}
        onConfirm={async () => {
          const receipt = await api.call('orders.handOver', { orderIds: toConfirm.map((o) => o.id) });
          setRun(fromReceipt('Hand over', receipt, numbers));
          onClear();
        }}
      />
      <CancelDialog
        opened={dialog === 'cancel'}
        orders={checked}
        onClose={() => setDialog(null)}
        onConfirm={async (reasonCode, note) => {
          const receipt = await api.call('orders.cancel', {
            orders: checked.map((o) => ({ id: o.id, version: o.version })),
            reasonCode,
            ...(note ? { note } : {}),
          });
          setRun(fromReceipt('Cancel orders', receipt, numbers));
          onClear();
        }}
      />
      <PublishDialog
        opened={mayPublish && dialog === 'publish'}
        orders={checked}
        onClose={() => setDialog(null)}
        onConfirm={async (status, message) => {
          // One publication per order through the dealer-status path (dealerStatus.publish, issue 9).
          const items: ResultItem[] = checked.map((o) => ({
            orderId: o.id,
            number: o.number,
            outboxId: null,
            state: 'sending',
            message: null,
          }));
          const runId = nextRunId++;
          setRun({ id: runId, action: 'Publish message', items });
          onClear();
          const settle = (orderId: string, change: Partial<ResultItem>) =>
            setRun((current) =>
              current?.id === runId
                ? { ...current, items: current.items.map((item) => (item.orderId === orderId ? { ...item, ...change } : item)) }
                : current,
            );
          for (const order of checked) {
            try {
              const { outboxId } = await api.call('dealerStatus.publish', { orderId: order.id, status, message });
              settle(order.id, { outboxId, state: 'pending' });
            } catch (err) {
              settle(order.id, { state: 'refused', message: toApiError(err).message });
            }
          }
        }}
      />
      {run && <BulkResults run={run} onUpdate={setRun} onClose={() => setRun(null)} />}
    </>
  );
}

/** One row per order, following each outbox item until it ends. */
function BulkResults({ run, onUpdate, onClose }: { run: BulkRun; onUpdate: RunUpdate; onClose: () => void }) {
  const api = useDeskApi();
  const latest = useRef(run);
  latest.current = run;
  const refresh = useCallback(async () => {
    const open = latest.current.items.filter((i) => i.outboxId !== null && !settled(i.state));
    if (open.length === 0) return;
    try {
      const results = await api.call('orders.commandResults', { outboxIds: open.map((i) => i.outboxId as number) });
      const byId = new Map(results.map((r: CommandResultView) => [r.outboxId, r]));
      const runId = latest.current.id;
      onUpdate((current) =>
        current?.id === runId
          ? {
              ...current,
              items: current.items.map((i) => {
                const r = i.outboxId !== null ? byId.get(i.outboxId) : undefined;
                return r ? { ...i, state: r.state, message: r.state === 'done' ? null : r.message } : i;
              }),
            }
          : current,
      );
    } catch {
      // The next outbox change or tick asks again.
    }
  }, [api, onUpdate]);
  // Outbox outcomes move the sync status; a slow tick covers anything else while items are open.
  usePushEvent('sync.status', () => void refresh());
  const openCount = run.items.filter((i) => !settled(i.state)).length;
  useEffect(() => {
    if (openCount === 0) return;
    void refresh();
    const timer = setInterval(() => void refresh(), 1500);
    return () => clearInterval(timer);
  }, [openCount, refresh]);

  const tally = (s: ItemState) => run.items.filter((i) => i.state === s).length;
  const done = tally('done');
  const problems = run.items.filter((i) => ['failed', 'conflict', 'refused', 'discarded'].includes(i.state));
  return (
    <Paper withBorder radius="sm" p="sm" role="region" aria-label="Bulk results" data-testid="bulk-results">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {run.action}: {formatCount(run.items.length)} {run.items.length === 1 ? 'order' : 'orders'}
          </Text>
          <Badge color="teal" variant="light" data-testid="bulk-done">
            {done} done
          </Badge>
          {openCount > 0 && (
            <Badge color="blue" variant="light">
              {openCount} on their way
            </Badge>
          )}
          {problems.length > 0 && (
            <Badge color="orange" variant="light" data-testid="bulk-problems">
              {problems.length} need a look
            </Badge>
          )}
        </Group>
        <CloseButton size="sm" aria-label="Close results" onClick={onClose} />
      </Group>
      <ScrollArea.Autosize mah={180}>
        <Table withRowBorders={false} verticalSpacing={2} fz="xs">
          <Table.Tbody>
            {run.items.map((item) => (
              <Table.Tr key={item.orderId} data-result-order={item.number} data-state={item.state}>
                <Table.Td w={130} ff="monospace">
                  {item.number}
                </Table.Td>
                <Table.Td w={90}>
                  <Badge size="sm" radius="sm" variant="light" tt="none" color={stateColors[item.state]}>
                    {stateLabels[item.state]}
                  </Badge>
                </Table.Td>
                <Table.Td c={settled(item.state) && item.state !== 'done' ? undefined : 'dimmed'}>{item.message ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}

function ConfirmFooter({
  busy,
  error,
  label,
  color,
  onClose,
  onConfirm,
  disabled,
}: {
  busy: boolean;
  error: string | null;
  label: string;
  color?: string;
  onClose: () => void;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  return (
    <>
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Back
        </Button>
        <Button color={color} loading={busy} disabled={disabled} onClick={onConfirm}>
          {label}
        </Button>
      </Group>
    </>
  );
}

function useSubmit(onConfirm: () => Promise<void>, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    setBusy(true);
    setError(null);
    onConfirm()
      .then(onClose, (err: unknown) => setError(toApiError(err).message))
      .finally(() => setBusy(false));
  };
  return { busy, error, submit, reset: () => setError(null) };
}

function OrderNumbers({ orders }: { orders: { number: string }[] }) {
  const shown = orders.slice(0, 8).map((o) => o.number);
  return (
    <Text size="xs" c="dimmed" ff="monospace">
      {shown.join(', ')}
      {orders.length > shown.length ? ` and ${formatCount(orders.length - shown.length)} more` : ''}
    </Text>
  );
}

function HandOverDialog({
  opened,
  orders,
  skipped,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  orders: CheckedOrder[];
  skipped: number;
  onClose: () => void;
  onConfirm: () => Promise<void>;
}) {
  const { busy, error, submit } = useSubmit(onConfirm, onClose);
  return (
    <Modal opened={opened} onClose={onClose} title="Hand over now" size="md">
      <Stack gap="sm">
        <Text size="sm">
          Send {formatCount(orders.length)} {orders.length === 1 ? 'order' : 'orders'} from the “to confirm” queue to the DMS now. Each goes
          through the outbox; you see the result of each.
        </Text>
        <OrderNumbers orders={orders} />
        {skipped > 0 && (
          <Text size="xs" c="dimmed">
            {formatCount(skipped)} selected {skipped === 1 ? 'order is' : 'orders are'} not waiting for confirmation and{' '}
            {skipped === 1 ? 'is' : 'are'} left out.
          </Text>
        )}
        <ConfirmFooter busy={busy} error={error} label={`Hand over ${formatCount(orders.length)}`} onClose={onClose} onConfirm={submit} />
      </Stack>
    </Modal>
  );
}

function CancelDialog({
  opened,
  orders,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  orders: CheckedOrder[];
  onClose: () => void;
  onConfirm: (reasonCode: CancelReasonCode, note: string) => Promise<void>;
}) {
  const [reason, setReason] = useState<CancelReasonCode | null>(null);
  const [note, setNote] = useState('');
  const { busy, error, submit } = useSubmit(() => onConfirm(reason as CancelReasonCode, note.trim()), onClose);
  const late = orders.filter((o) => !['received', 'credit_hold', 'approved'].includes(o.status));
  return (
    <Modal opened={opened} onClose={onClose} title="Cancel orders" size="md">
      <Stack gap="sm">
        <Text size="sm">
          Cancel {formatCount(orders.length)} {orders.length === 1 ? 'order' : 'orders'} on the platform. The dealer sees the order
          cancelled.
        </Text>
        <OrderNumbers orders={orders} />
        {late.length > 0 && (
          <Alert color="yellow" variant="light">
            {formatCount(late.length)} of them {late.length === 1 ? 'is' : 'are'} past the point where the platform allows a cancellation;{' '}
            {late.length === 1 ? 'it' : 'they'} will come back as conflicts.
          </Alert>
        )}
        <Select
          label="Reason"
          placeholder="Why are they cancelled?"
          data={cancelReasonCodes.map((code) => ({ value: code, label: cancelReasonLabels[code] }))}
          value={reason}
          onChange={(v) => setReason(v as CancelReasonCode | null)}
          withAsterisk
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Note for the record"
          autosize
          minRows={2}
          maxLength={500}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
        />
        <ConfirmFooter
          busy={busy}
          error={error}
          color="red"
          label={`Cancel ${formatCount(orders.length)} ${orders.length === 1 ? 'order' : 'orders'}`}
          disabled={reason === null || orders.length > bulkActionLimit}
          onClose={onClose}
          onConfirm={submit}
        />
      </Stack>
    </Modal>
  );
}

function PublishDialog({
  opened,
  orders,
  onClose,
  onConfirm,
}: {
  opened: boolean;
  orders: CheckedOrder[];
  onClose: () => void;
  onConfirm: (status: DealerVisibleStatus, message: string) => Promise<void>;
}) {
  const [status, setStatus] = useState<DealerVisibleStatus | null>(null);
  const [message, setMessage] = useState('');
  const { busy, error, submit } = useSubmit(() => onConfirm(status as DealerVisibleStatus, message.trim()), onClose);
  return (
    <Modal opened={opened} onClose={onClose} title="Publish a message to the dealers" size="md">
      <Stack gap="sm">
        <Text size="sm">
          Each dealer sees this on their order ({formatCount(orders.length)} {orders.length === 1 ? 'order' : 'orders'}), as a status update
          kept in the order’s timeline.
        </Text>
        <OrderNumbers orders={orders} />
        <Select
          label="Status the dealer sees"
          data={dealerVisibleStatuses.map((s) => ({ value: s, label: dealerVisibleStatusLabels[s] }))}
          value={status}
          onChange={(v) => setStatus(v as DealerVisibleStatus | null)}
          withAsterisk
          comboboxProps={{ withinPortal: true }}
        />
        <Textarea
          label="Message"
          description={`${message.trim().length} / 500`}
          autosize
          minRows={3}
          maxLength={500}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          withAsterisk
        />
        <ConfirmFooter
          busy={busy}
          error={error}
          label={`Publish to ${formatCount(orders.length)}`}
          disabled={status === null || message.trim().length === 0}
          onClose={onClose}
          onConfirm={submit}
        />
      </Stack>
    </Modal>
  );
}
