// Bulk approve or reject the ticked holds. It first re-reads each hold (the figures the decision is taken
// on, shown per hold), then sends them one by one on the backend: every hold gets its own result line, and
// approval only goes to holds this person's approval completes.
import { Alert, Badge, Button, Checkbox, Group, Modal, NativeSelect, SegmentedControl, Stack, Table, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { BulkDecisionResult, HoldDetailView } from '../../../shared/api/features/credit';
import type { ApiError } from '../../../shared/api/errors';
import { toApiError, useDeskApi } from '../../api/hooks';
import { formatMoney } from '../../app/format';
import { myPartWords } from './holdFormat';

const outcomeColors = { sent: 'teal', skipped: 'gray', refused: 'orange' } as const;

export function BulkDecisionModal({ orderIds, onClose }: { orderIds: string[]; onClose: (decided: string[]) => void }) {
  const api = useDeskApi();
  const [decision, setDecision] = useState<'approve' | 'reject'>('approve');
  const [details, setDetails] = useState<HoldDetailView[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [publish, setPublish] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<BulkDecisionResult[] | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all(orderIds.map((orderId) => api.call('credit.hold', { orderId })))
      .then((loaded) => live && setDetails(loaded))
      .catch((err: unknown) => live && setLoadError(toApiError(err)));
    return () => {
      live = false;
    };
  }, [api, orderIds]);

  const reasons = details?.[0]?.rejectionReasons ?? [];
  async function send() {
    if (!details) return;
    setBusy(true);
    setError(null);
    const holds = details.map((d) => ({ orderId: d.row.orderId, seen: d.snapshot }));
    try {
      const res =
        decision === 'approve'
          ? await api.call('credit.bulkDecide', { decision: 'approve', holds, ...(note.trim() ? { note: note.trim() } : {}) })
          : await api.call('credit.bulkDecide', { decision: 'reject', holds, reasonCode, reason: note, publishDealerMessage: publish });
      setResults(res.results);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const done = results !== null;
  const close = () => onClose(results?.filter((r) => r.outcome === 'sent').map((r) => r.orderId) ?? []);
  return (
    <Modal opened onClose={close} title={`Decide ${orderIds.length} selected hold${orderIds.length === 1 ? '' : 's'}`} size="xl">
      <Stack gap="sm">
        {!done && (
          <SegmentedControl
            value={decision}
            onChange={(v) => setDecision(v as 'approve' | 'reject')}
            data={[
              { value: 'approve', label: 'Approve all within my authority' },
              { value: 'reject', label: 'Reject all' },
            ]}
          />
        )}
        {loadError && (
          <Alert color="red" role="alert">
            {loadError.message}
          </Alert>
        )}
        {!details && !loadError && <Text size="sm">Re-reading the selected holds…</Text>}
        {details && (
          <Table fz="xs" verticalSpacing={2} aria-label="Selected holds">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Order</Table.Th>
                <Table.Th>Dealer</Table.Th>
                <Table.Th ta="right">Amount</Table.Th>
                <Table.Th ta="right">Available after (now)</Table.Th>
                <Table.Th>{done ? 'Result' : 'Your part'}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details.map((d) => {
                const result = results?.find((r) => r.orderId === d.row.orderId);
                return (
                  <Table.Tr key={d.row.orderId} data-order-id={d.row.orderId}>
                    <Table.Td ff="monospace">{d.row.orderNumber}</Table.Td>
                    <Table.Td>{d.row.dealerName}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(d.row.total, d.row.currency)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {d.exposure ? formatMoney(d.exposure.availableAfter, d.row.currency) : '—'}
                    </Table.Td>
                    <Table.Td>
                      {result ? (
                        <Group gap={4} wrap="nowrap" align="flex-start">
                          <Badge size="xs" color={outcomeColors[result.outcome]} variant="light" tt="none">
                            {result.outcome}
                          </Badge>
                          <Text size="xs">{result.message}</Text>
                        </Group>
                      ) : (
                        <Text size="xs" c={decision === 'approve' && d.row.myPart !== 'can_complete' ? 'dimmed' : undefined}>
                          {decision === 'approve' ? myPartWords[d.row.myPart] : 'Will be rejected'}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
        {!done && decision === 'reject' && (
          <>
            <NativeSelect
              label="Reason"
              size="xs"
              value={reasonCode}
              onChange={(e) => setReasonCode(e.currentTarget.value)}
              data={[{ value: '', label: 'Pick a reason…', disabled: true }, ...reasons.map((r) => ({ value: r.code, label: r.label }))]}
            />
            <Checkbox
              size="xs"
              label="Tell each dealer with the reason's message (published once each rejection lands)"
              checked={publish}
              onChange={(e) => setPublish(e.currentTarget.checked)}
            />
          </>
        )}
        {!done && (
          <Textarea
            label={decision === 'reject' ? 'Note' : 'Approval note (optional)'}
            size="xs"
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
        )}
        {error && (
          <Alert color="red" role="alert">
            {error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          {done ? (
            <Button onClick={close}>Close</Button>
          ) : (
            <>
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                color={decision === 'approve' ? 'teal' : 'red'}
                loading={busy}
                disabled={!details || (decision === 'reject' && (!reasonCode || note.trim().length < 3))}
                onClick={() => void send()}
              >
                Send {decision === 'approve' ? 'approvals' : 'rejections'}
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
