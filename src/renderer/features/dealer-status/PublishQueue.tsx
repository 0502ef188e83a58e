// The publish queue: dealer-status updates the policy sends for review, oldest first, with the order, the
// dealer, the status and the age. The selected item opens beside the list: edit the message, set or
// correct the ETA, see exactly what the dealer will see, then publish, or skip with a reason. Several items
// can be published at once, with a result per item. The list follows the replica live (an item published
// from another desk leaves it). Keyboard: arrows (or j/k) move, Space ticks, Enter edits the message,
// Ctrl+Enter publishes, t opens the order's timeline.
import { Alert, Box, Button, Checkbox, Group, Kbd, List, ScrollArea, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTimeline } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { DealerStatusReviewView, PublishReviewResult } from '../../../shared/api/features/dealerStatus';
import type { ApiError } from '../../../shared/api/errors';
import { isDerivedSituation, MESSAGE_MAX, policyRuleLabels, type DerivedSituation } from '../../../shared/dealerStatus';
import { dmsOrderStatusLabels } from '../../../shared/orders';
import { toApiError, useDeskApi, type QueryState } from '../../api/hooks';
import { fieldErrors, formatAge, formatDateTime } from '../../app/format';
import { useNow } from '../sync/syncFormat';
import { DealerPreview } from './DealerPreview';
import { DealerStatusChip } from './DealerStatusChip';

interface Draft {
  message: string;
  eta: string;
}

function draftOf(item: DealerStatusReviewView, drafts: ReadonlyMap<number, Draft>): Draft {
  return drafts.get(item.id) ?? { message: item.proposed.message, eta: item.proposed.eta ?? '' };
}

/** A derived situation in a word or two, for the narrow status column (the editor says it in full). */
const situationShort: Record<DerivedSituation, string> = {
  late: 'late',
  delayed_in_transit: 'past ETA',
  backordered_lines: 'lines short',
  partial_delivery: 'part delivered',
};

function whatRaisedIt(item: DealerStatusReviewView): string {
  return item.rule ? policyRuleLabels[item.rule] : item.topic.replace(/_/g, ' ');
}

function ItemEditor({
  item,
  draft,
  onDraft,
  onDone,
  onOpenTimeline,
  messageRef,
}: {
  item: DealerStatusReviewView;
  draft: Draft;
  onDraft: (draft: Draft) => void;
  onDone: (what: string) => void;
  onOpenTimeline: () => void;
  messageRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const api = useDeskApi();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<'publish' | 'skip' | null>(null);
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const now = useNow();
  const fields = fieldErrors(error);
  useEffect(() => {
    setError(null);
    setSkipping(false);
    setReason('');
  }, [item.id]);

  async function publish() {
    setBusy('publish');
    setError(null);
    try {
      await api.call('dealerStatus.publishReview', { reviewId: item.id, message: draft.message, eta: draft.eta || null });
      onDone(`Published to the dealer: ${item.orderNumber ?? item.platformOrderId}.`);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  }

  async function skip() {
    setBusy('skip');
    setError(null);
    try {
      await api.call('dealerStatus.skipReview', { reviewId: item.id, reason });
      onDone(`Skipped: ${item.orderNumber ?? item.platformOrderId}. The dealer is not told.`);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  }

  const edited = draft.message !== item.proposed.message || (draft.eta || null) !== (item.proposed.eta ?? null);
  return (
    <Stack gap="sm" data-testid="review-editor" data-review-id={item.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={0}>
          <Title order={3} size="h4">
            {item.orderNumber ?? item.platformOrderId} · {item.dealerName ?? item.dealerCode ?? 'dealer not in the replica yet'}
          </Title>
          <Text size="xs" c="dimmed">
            Raised by “{whatRaisedIt(item)}” {formatAge(item.createdAt, now)} ({formatDateTime(item.createdAt)}) · DMS{' '}
            {item.dmsOrderNumber ?? item.dmsOrderId}: {item.dmsStatus ? dmsOrderStatusLabels[item.dmsStatus] : 'not in the replica'}
          </Text>
        </Stack>
        <Button
          size="xs"
          variant="default"
          leftSection={<IconTimeline size={14} stroke={1.6} />}
          onClick={onOpenTimeline}
          style={{ flexShrink: 0 }}
        >
          Timeline
        </Button>
      </Group>
      <Textarea
        ref={messageRef}
        label="Message"
        description={`${draft.message.length}/${MESSAGE_MAX} characters${edited ? ' · edited' : ''}`}
        autosize
        minRows={3}
        maxRows={8}
        maxLength={MESSAGE_MAX}
        value={draft.message}
        onChange={(e) => onDraft({ ...draft, message: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void publish();
          }
        }}
        error={fields.message}
      />
      <Group align="flex-end" gap="sm">
        <TextInput
          type="date"
          className="dd-date-input"
          label="ETA"
          description="Expected delivery date the dealer sees"
          value={draft.eta}
          onChange={(e) => onDraft({ ...draft, eta: e.currentTarget.value })}
          error={fields.eta}
          w={220}
        />
        {edited && (
          <Button variant="subtle" size="xs" onClick={() => onDraft({ message: item.proposed.message, eta: item.proposed.eta ?? '' })}>
            Back to the suggestion
          </Button>
        )}
      </Group>
      <DealerPreview
        orderNumber={item.orderNumber}
        dealerName={item.dealerName}
        message={{ ...item.proposed, message: draft.message, eta: draft.eta || null }}
      />
      {error && !fields.message && !fields.eta && (
        <Alert color={error.kind === 'conflict' ? 'orange' : 'red'} role="alert" title="Not done">
          {error.message}
        </Alert>
      )}
      {skipping ? (
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Reason for skipping"
            description="Goes into the audit log; at least 3 characters."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.reason}
            style={{ flex: 1 }}
            data-autofocus
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Enter' && reason.trim().length >= 3) void skip();
              if (e.key === 'Escape') setSkipping(false);
            }}
          />
          <Button variant="default" onClick={() => setSkipping(false)}>
            Keep it
          </Button>
          <Button color="orange" onClick={() => void skip()} loading={busy === 'skip'} disabled={reason.trim().length < 3}>
            Skip
          </Button>
        </Group>
      ) : (
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> publishes
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={() => setSkipping(true)}>
              Skip
            </Button>
            <Button onClick={() => void publish()} loading={busy === 'publish'} disabled={draft.message.trim().length === 0}>
              Publish
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}

function BulkResults({
  results,
  items,
  onClose,
}: {
  results: PublishReviewResult[];
  items: ReadonlyMap<number, string>;
  onClose: () => void;
}) {
  const failed = results.filter((r) => !r.ok).length;
  return (
    <Alert color={failed ? 'orange' : 'teal'} role="status" aria-label="Bulk publish results" withCloseButton onClose={onClose} py={8}>
      {/* No title prop: Mantine would name the alert after it, and the name must stay "Bulk publish results". */}
      <Text size="sm" fw={600}>
        {results.length - failed} published{failed ? `, ${failed} not published` : ''}
      </Text>
      <List size="xs" spacing={2}>
        {results.map((r) => (
          <List.Item key={r.reviewId} data-review-id={r.reviewId} data-ok={r.ok}>
            {items.get(r.reviewId) ?? `Item ${r.reviewId}`}: {r.ok ? 'published' : r.error.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

export function PublishQueue({
  query,
  onOpenTimeline,
}: {
  query: QueryState<DealerStatusReviewView[]>;
  onOpenTimeline: (platformOrderId: string) => void;
}) {
  const api = useDeskApi();
  const now = useNow();
  const items = useMemo(() => query.data ?? [], [query.data]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [drafts, setDrafts] = useState<ReadonlyMap<number, Draft>>(new Map());
  const [results, setResults] = useState<PublishReviewResult[] | null>(null);
  const [resultLabels, setResultLabels] = useState<ReadonlyMap<number, string>>(new Map());
  const [bulkBusy, setBulkBusy] = useState(false);
  const [gone, setGone] = useState<string | null>(null);
  const messageRef = useRef<HTMLTextAreaElement | null>(null);
  const tableRef = useRef<HTMLTableElement | null>(null);

  const selected = items.find((i) => i.id === selectedId) ?? null;
  // The selection follows the live list: first item by default; when the selected one leaves (decided
  // here or on another desk), say so and move to the next.
  const previous = useRef<DealerStatusReviewView[]>([]);
  /** Items this window decided (their leaving is no news). */
  const decidedHere = useRef(new Set<number>());
  useEffect(() => {
    if (selectedId !== null && !items.some((i) => i.id === selectedId)) {
      const was = previous.current.find((i) => i.id === selectedId);
      const index = previous.current.findIndex((i) => i.id === selectedId);
      const next = previous.current.slice(index + 1).find((i) => items.some((n) => n.id === i.id)) ?? items[0] ?? null;
      setSelectedId(next?.id ?? null);
      if (was && !decidedHere.current.has(was.id))
        setGone(`${was.orderNumber ?? was.platformOrderId} was decided elsewhere (another desk or window).`);
    } else if (selectedId === null && items[0]) setSelectedId(items[0].id);
    setChecked((c) => new Set([...c].filter((id) => items.some((i) => i.id === id))));
    previous.current = items;
  }, [items, selectedId]);

  function move(delta: number) {
    if (items.length === 0) return;
    const index = Math.max(
      0,
      items.findIndex((i) => i.id === selectedId),
    );
    const next = items[Math.min(items.length - 1, Math.max(0, index + delta))];
    if (next) {
      setSelectedId(next.id);
      tableRef.current?.querySelector(`[data-review-id="${next.id}"]`)?.scrollIntoView({ block: 'nearest' });
    }
  }

  function toggle(id: number) {
    setChecked((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function onTableKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    if (event.target instanceof HTMLInputElement) return;
    if (event.key === 'ArrowDown' || event.key === 'j') move(1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(-1);
    else if (event.key === ' ' && selected) toggle(selected.id);
    else if (event.key === 'Enter') messageRef.current?.focus();
    else if (event.key === 't' && selected) onOpenTimeline(selected.platformOrderId);
    else return;
    event.preventDefault();
  }

  function done(message: string) {
    if (selected) decidedHere.current.add(selected.id);
    notifications.show({ color: 'teal', message });
    query.reload();
  }

  async function publishChecked() {
    const chosen = items.filter((i) => checked.has(i.id));
    if (chosen.length === 0) return;
    setBulkBusy(true);
    try {
      const res = await api.call('dealerStatus.publishReviews', {
        items: chosen.map((i) => {
          const d = draftOf(i, drafts);
          return { reviewId: i.id, message: d.message, eta: d.eta || null };
        }),
      });
      chosen.forEach((i) => decidedHere.current.add(i.id));
      setResultLabels(new Map(chosen.map((i) => [i.id, i.orderNumber ?? i.platformOrderId])));
      setResults(res.results);
      setChecked(new Set());
      query.reload();
    } catch (err) {
      setResults(chosen.map((i) => ({ reviewId: i.id, ok: false, error: toApiError(err) })));
    } finally {
      setBulkBusy(false);
    }
  }

  const allChecked = items.length > 0 && items.every((i) => checked.has(i.id));
  return (
    <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1.15fr) minmax(360px, 1fr)', gap: 'var(--mantine-spacing-md)' }}>
      <Stack gap="xs" miw={0}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" c="dimmed" aria-live="polite" data-testid="queue-count">
            {items.length === 0 ? 'Nothing waiting for review.' : `${items.length} waiting, oldest first`}
          </Text>
          <Button size="xs" onClick={() => void publishChecked()} loading={bulkBusy} disabled={checked.size === 0}>
            Publish {checked.size > 0 ? checked.size : ''} selected
          </Button>
        </Group>
        {results && <BulkResults results={results} items={resultLabels} onClose={() => setResults(null)} />}
        {gone && (
          <Alert color="blue" role="status" withCloseButton onClose={() => setGone(null)} py={6}>
            {gone}
          </Alert>
        )}
        {query.error && <Alert color="red">{query.error.message}</Alert>}
        <ScrollArea.Autosize mah="calc(100vh - 230px)" type="auto">
          <Table
            ref={tableRef}
            aria-label="Publish queue"
            highlightOnHover
            verticalSpacing={5}
            fz="sm"
            tabIndex={0}
            onKeyDown={onTableKeyDown}
            stickyHeader
            style={{ outlineOffset: -2 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32}>
                  <Checkbox
                    size="xs"
                    aria-label="Select all"
                    checked={allChecked}
                    indeterminate={checked.size > 0 && !allChecked}
                    onChange={() => setChecked(allChecked ? new Set() : new Set(items.map((i) => i.id)))}
                  />
                </Table.Th>
                <Table.Th>Order</Table.Th>
                <Table.Th>Dealer</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Age</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => {
                const isSelected = item.id === selectedId;
                return (
                  <Table.Tr
                    key={item.id}
                    data-review-id={item.id}
                    data-order-number={item.orderNumber ?? ''}
                    aria-selected={isSelected}
                    onClick={() => setSelectedId(item.id)}
                    bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}
                    style={{ cursor: 'pointer' }}
                  >
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Checkbox
                        size="xs"
                        aria-label={`Select ${item.orderNumber ?? item.platformOrderId}`}
                        checked={checked.has(item.id)}
                        onChange={() => toggle(item.id)}
                      />
                    </Table.Td>
                    <Table.Td ff="monospace" fz="xs" style={{ whiteSpace: 'nowrap' }}>
                      {item.orderNumber ?? item.platformOrderId}
                    </Table.Td>
                    <Table.Td maw={200}>
                      <Text size="sm" truncate>
                        {item.dealerName ?? item.dealerCode ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        <DealerStatusChip status={item.proposed.status} size="xs" />
                        {item.rule && isDerivedSituation(item.rule) && (
                          <Text size="xs" c="dimmed" truncate>
                            {situationShort[item.rule]}
                          </Text>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" fz="xs" title={formatDateTime(item.createdAt)} style={{ whiteSpace: 'nowrap' }}>
                      {formatAge(item.createdAt, now)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> move · <Kbd size="xs">Space</Kbd> select · <Kbd size="xs">Enter</Kbd> edit ·{' '}
          <Kbd size="xs">t</Kbd> timeline
        </Text>
      </Stack>
      <Box miw={0}>
        {selected ? (
          <ItemEditor
            item={selected}
            draft={draftOf(selected, drafts)}
            onDraft={(draft) => setDrafts((d) => new Map(d).set(selected.id, draft))}
            onDone={done}
            onOpenTimeline={() => onOpenTimeline(selected.platformOrderId)}
            messageRef={messageRef}
          />
        ) : (
          <Text size="sm" c="dimmed" mt="md">
            {items.length === 0 ? 'When the policy sends a status for review, it appears here.' : 'Choose an item to review it.'}
          </Text>
        )}
      </Box>
    </Box>
  );
}
