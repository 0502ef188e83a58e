// An ad-hoc update to a dealer from any order: a free message, the status the dealer should see and an
// optional ETA, previewed exactly as the dealer will see it, then published through the outbox (audited).
import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../../shared/api/errors';
import { MESSAGE_MAX } from '../../../shared/dealerStatus';
import { dealerVisibleStatusLabels, dealerVisibleStatuses, type DealerVisibleStatus } from '../../../shared/orders';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { fieldErrors, formLevelMessage } from '../../app/format';
import { DealerPreview } from './DealerPreview';
import { DealerStatusChip } from './DealerStatusChip';

export interface AdHocOrder {
  id: string;
  number: string;
  dealerName: string | null;
  /** What the dealer sees now; the form starts from it. */
  dealerStatus: DealerVisibleStatus | null;
}

function OrderPicker({ onPick }: { onPick: (order: AdHocOrder) => void }) {
  const [text, setText] = useState('');
  const [search] = useDebouncedValue(text.trim(), 250);
  const found = useApiQuery('orders.list', { search, limit: 8 }, { enabled: search.length >= 2 });
  const rows = search.length >= 2 ? (found.data?.rows ?? []) : [];
  return (
    <Stack gap={6}>
      <TextInput
        label="Order"
        description="Order number or dealer; at least 2 characters."
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        data-autofocus
      />
      {rows.map((row) => (
        <UnstyledButton
          key={row.id}
          onClick={() => onPick({ id: row.id, number: row.number, dealerName: row.dealerName, dealerStatus: row.dealerStatus })}
          p={6}
          style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
        >
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">
              <b>{row.number}</b> · {row.dealerName ?? row.dealerCode ?? row.accountId}
            </Text>
            {row.dealerStatus && <DealerStatusChip status={row.dealerStatus} size="xs" />}
          </Group>
        </UnstyledButton>
      ))}
      {search.length >= 2 && found.data && rows.length === 0 && (
        <Text size="xs" c="dimmed">
          No order matches “{search}”.
        </Text>
      )}
    </Stack>
  );
}

export function AdHocPublishModal({ order, onClose }: { order: AdHocOrder | null; onClose: () => void }) {
  const api = useDeskApi();
  const [picked, setPicked] = useState<AdHocOrder | null>(order);
  const [status, setStatus] = useState<DealerVisibleStatus>(order?.dealerStatus ?? 'processing');
  const [message, setMessage] = useState('');
  const [eta, setEta] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);

  function pick(o: AdHocOrder) {
    setPicked(o);
    if (o.dealerStatus) setStatus(o.dealerStatus);
  }

  async function publish(event: FormEvent) {
    event.preventDefault();
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('dealerStatus.publish', { orderId: picked.id, status, message, eta: eta || null });
      notifications.show({ color: 'teal', message: `Update for ${picked.number} is on its way to the dealer.` });
      onClose();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal opened onClose={onClose} title={picked ? `Update the dealer on ${picked.number}` : 'Update a dealer on an order'} size="lg">
      {!picked ? (
        <OrderPicker onPick={pick} />
      ) : (
        <form onSubmit={publish} aria-label="Ad-hoc update">
          <Stack gap="sm">
            <Group grow align="flex-start">
              <Select
                label="Status the dealer sees"
                data={dealerVisibleStatuses.map((s) => ({ value: s, label: dealerVisibleStatusLabels[s] }))}
                value={status}
                onChange={(v) => v && setStatus(v as DealerVisibleStatus)}
                allowDeselect={false}
                error={fields.status}
              />
              <TextInput
                type="date"
                className="dd-date-input"
                label="ETA (optional)"
                value={eta}
                onChange={(e) => setEta(e.currentTarget.value)}
                error={fields.eta}
              />
            </Group>
            <Textarea
              label="Message"
              description={`${message.length}/${MESSAGE_MAX} characters`}
              autosize
              minRows={3}
              maxLength={MESSAGE_MAX}
              value={message}
              onChange={(e) => setMessage(e.currentTarget.value)}
              error={fields.message}
              data-autofocus
            />
            <DealerPreview
              orderNumber={picked.number}
              dealerName={picked.dealerName}
              message={{ status, message, eta: eta || null, tracking: null }}
            />
            {formLevelMessage(error, ['status', 'message', 'eta']) && (
              <Alert color="red" role="alert" title="Not published">
                {formLevelMessage(error, ['status', 'message', 'eta'])}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={message.trim().length === 0}>
                Publish
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
