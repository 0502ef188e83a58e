// The phone order desk (issue 7): an inside-sales clerk takes a dealer's call and places the order without
// leaving the keyboard. `/` finds the dealer (arrows + Enter pick), the dealer card shows terms, credit,
// holds and the last orders (Reorder), "Add SKU" adds lines as you type, Tab moves through quantities, the
// credit preview beside the lines follows every change, and Ctrl+Enter places the order through the outbox
// (offline it queues) and returns to an empty order at once. Drafts are saved as you type, several per clerk.
import { Alert, Box, Button, Checkbox, Group, Kbd, Modal, Stack, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPhoneCall, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DraftView, SkuHitView, SubmitResult } from '../../../shared/api/features/phoneOrder';
import { correctedQuantity } from '../../../shared/phoneOrder/pricing';
import type { ScreenDef } from '../../app/screens';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { formatCompactDateTime, formatMoney, formatTime } from '../../app/format';
import { CreditPreview } from './CreditPreview';
import { DealerCard } from './DealerCard';
import { DealerPicker, type PickedDealer } from './DealerPicker';
import { MyPhoneOrders } from './MyPhoneOrders';
import { OrderLines } from './OrderLines';
import { SkuSearch } from './SkuSearch';
import { useDraftEditor, type SaveState } from './useDraftEditor';

function SaveIndicator({ state, onReload }: { state: SaveState; onReload: () => void }) {
  if (state.kind === 'saving')
    return (
      <Text size="xs" c="dimmed" data-testid="draft-saved">
        Saving…
      </Text>
    );
  if (state.kind === 'error')
    return (
      <Group gap={4} data-testid="draft-saved">
        <Text size="xs" c="red">
          Not saved: {state.error.message}
        </Text>
        {state.error.kind === 'conflict' && (
          <Button size="compact-xs" variant="light" onClick={onReload}>
            Reload draft
          </Button>
        )}
      </Group>
    );
  return (
    <Text size="xs" c="dimmed" data-testid="draft-saved">
      Draft saved {formatTime(state.at)}
    </Text>
  );
}

interface EditorProps {
  draft: DraftView;
  mayOverride: boolean;
  onSubmitted: (draft: DraftView, result: Extract<SubmitResult, { outcome: 'submitted' }>, currency: string) => void;
  onDiscarded: (draftId: string) => void;
  onReload: () => void;
  skuRef: React.RefObject<HTMLInputElement | null>;
}

function DraftEditor({ draft, mayOverride, onSubmitted, onDiscarded, onReload, skuRef }: EditorProps) {
  const api = useDeskApi();
  const { content, setContent, saveState, flush } = useDraftEditor(draft);
  const [previewLines] = useDebouncedValue(content.lines, 60);
  const preview = useApiQuery(
    'phoneOrder.preview',
    { accountId: draft.accountId, lines: previewLines, draftId: draft.id },
    { refreshOn: ['replica.changed'] },
  );
  const previewCurrent = previewLines === content.lines && !preview.loading;
  const currency = preview.data?.currency ?? 'INR';
  const quantityInputs = useRef(new Map<number, HTMLInputElement>());
  const [focusLine, setFocusLine] = useState<number | null>(null);
  const [reorderNote, setReorderNote] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<Extract<SubmitResult, { outcome: 'duplicate' }>['matches'] | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);

  useEffect(() => {
    if (focusLine === null) return;
    const el = quantityInputs.current.get(focusLine);
    if (el) {
      el.focus();
      el.select();
      setFocusLine(null);
    }
  }, [focusLine, content.lines]);

  const addSku = useCallback(
    (hit: SkuHitView) => {
      const existing = content.lines.findIndex((l) => l.sku === hit.sku);
      if (existing >= 0) {
        setFocusLine(existing);
        return;
      }
      const qty = correctedQuantity(hit.minOrderQty, { minOrderQty: hit.minOrderQty, orderMultiple: hit.orderMultiple });
      setContent((c) => ({ ...c, lines: [...c.lines, { sku: hit.sku, qty }] }));
      setFocusLine(content.lines.length);
    },
    [content.lines, setContent],
  );

  async function reorder(orderId: string) {
    try {
      const past = await api.call('phoneOrder.reorderLines', { orderId });
      setContent((c) => ({
        ...c,
        lines: [...c.lines, ...past.lines.map((l) => ({ sku: l.sku, qty: l.qty, previousUnitPrice: l.previousUnitPrice }))],
      }));
      const left = past.withdrawn.map((w) => `${w.sku} (${w.why})`);
      setReorderNote(
        `Reordered ${past.lines.length} line(s) from ${past.order.number}, re-priced at today's prices.` +
          (left.length > 0 ? ` Left out: ${left.join(', ')}.` : ''),
      );
      setFocusLine(content.lines.length);
    } catch (err) {
      notifications.show({ color: 'red', message: toApiError(err).message });
    }
  }

  const submit = useCallback(
    async (confirmDuplicate: boolean) => {
      if (submitting) return;
      setSubmitting(true);
      setSubmitError(null);
      try {
        const revision = await flush();
        const result = await api.call('phoneOrder.submit', {
          draftId: draft.id,
          revision,
          lines: content.lines,
          notes: content.notes.trim() ? content.notes : null,
          dealerWaiting: content.dealerWaiting,
          requestedDeliveryDate: content.requestedDeliveryDate,
          confirmDuplicate,
        });
        if (result.outcome === 'duplicate') {
          setDuplicates(result.matches);
          return;
        }
        setDuplicates(null);
        onSubmitted(draft, result, currency);
      } catch (err) {
        setSubmitError(toApiError(err).message);
      } finally {
        setSubmitting(false);
      }
    },
    [api, content, currency, draft, flush, onSubmitted, submitting],
  );

  // Ctrl+Enter places the order from anywhere on the screen.
  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !duplicates) {
        e.preventDefault();
        void submit(false);
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [submit, duplicates]);

  const p = preview.data;
  const suspended = draft.dealer?.status === 'suspended';
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Stack gap="sm">
          <DealerCard accountId={draft.accountId} onReorder={(id) => void reorder(id)} />
          <Group align="flex-end" gap="sm" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <SkuSearch ref={skuRef} accountId={draft.accountId} currency={currency} disabled={suspended} onAdd={addSku} />
            </div>
            <Text size="xs" c="dimmed" pb={8}>
              Prices for {p?.pricingDate ?? '…'}, as of {p?.asOf.platform ? formatTime(p.asOf.platform) : '…'} · stock as of{' '}
              {p?.asOf.dms ? formatTime(p.asOf.dms) : '…'}
            </Text>
          </Group>
          {reorderNote && (
            <Alert color="blue" variant="light" p={6} withCloseButton onClose={() => setReorderNote(null)}>
              <Text size="xs">{reorderNote}</Text>
            </Alert>
          )}
          {content.lines.length > 0 ? (
            <OrderLines
              lines={content.lines}
              preview={p}
              currency={currency}
              mayOverride={mayOverride}
              onChange={(index, line) => setContent((c) => ({ ...c, lines: c.lines.map((l, i) => (i === index ? line : l)) }))}
              onRemove={(index) => {
                setContent((c) => ({ ...c, lines: c.lines.filter((_, i) => i !== index) }));
                skuRef.current?.focus();
              }}
              onDone={() => skuRef.current?.focus()}
              quantityRef={(index, el) => {
                if (el) quantityInputs.current.set(index, el);
                else quantityInputs.current.delete(index);
              }}
            />
          ) : (
            <Text size="sm" c="dimmed">
              No lines yet: type in Add SKU, or Reorder one of the last orders.
            </Text>
          )}
          <Group align="flex-start" gap="sm" grow>
            <Textarea
              label="Notes for the order"
              autosize
              minRows={1}
              maxRows={4}
              value={content.notes}
              onChange={(e) => {
                const notes = e.currentTarget.value;
                setContent((c) => ({ ...c, notes }));
              }}
            />
            <TextInput
              label="Requested delivery date"
              type="date"
              value={content.requestedDeliveryDate ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setContent((c) => ({ ...c, requestedDeliveryDate: value || null }));
              }}
            />
          </Group>
        </Stack>
      </Box>
      <Box w={310} style={{ flexShrink: 0, position: 'sticky', top: 'calc(var(--app-shell-header-height, 52px) + 8px)' }}>
        <Stack gap="sm">
          <CreditPreview credit={p?.credit ?? null} currency={currency} stale={!previewCurrent} />
          <Group justify="space-between">
            <Text size="sm">{p ? `${p.lines.length} line(s) · GST ${formatMoney(p.taxTotal, currency)}` : ''}</Text>
            <Text fw={700} data-testid="order-total">
              {p ? formatMoney(p.total, currency) : ''}
            </Text>
          </Group>
          <Checkbox
            label="Dealer waiting on the phone"
            description="Credit control sees it first in the hold queue"
            checked={content.dealerWaiting}
            onChange={(e) => {
              const waiting = e.currentTarget.checked;
              setContent((c) => ({ ...c, dealerWaiting: waiting }));
            }}
          />
          {p && p.problems.length > 0 && content.lines.length > 0 && (
            <Alert color="red" variant="light" p={6} role="status">
              {p.problems.map((problem) => (
                <Text key={problem} size="xs">
                  {problem}
                </Text>
              ))}
            </Alert>
          )}
          {submitError && (
            <Alert color="red" role="alert" p={6}>
              <Text size="xs">{submitError}</Text>
            </Alert>
          )}
          <Button
            size="md"
            onClick={() => void submit(false)}
            loading={submitting}
            disabled={suspended || content.lines.length === 0}
            rightSection={<Kbd size="xs">Ctrl Enter</Kbd>}
            aria-label="Place order"
            aria-keyshortcuts="Control+Enter"
          >
            Place order
          </Button>
          <Group justify="space-between">
            <SaveIndicator state={saveState} onReload={onReload} />
            <Button
              size="compact-xs"
              variant={confirmDiscard ? 'filled' : 'subtle'}
              color="red"
              onClick={() => {
                if (!confirmDiscard) return setConfirmDiscard(true);
                void api
                  .call('phoneOrder.draft.discard', { draftId: draft.id })
                  .then(() => onDiscarded(draft.id))
                  .catch((err: unknown) => notifications.show({ color: 'red', message: toApiError(err).message }));
              }}
              onBlur={() => setConfirmDiscard(false)}
            >
              {confirmDiscard ? 'Discard this draft: sure?' : 'Discard draft'}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Reference {draft.clientReference}
          </Text>
        </Stack>
      </Box>
      <Modal opened={duplicates !== null} onClose={() => setDuplicates(null)} title="Same order in the last 24 hours" size="lg">
        <Stack gap="sm">
          <Text size="sm">This dealer already has an order with exactly these lines:</Text>
          {(duplicates ?? []).map((m) => (
            <Text key={`${m.clientReference}:${m.placedAt}`} size="sm">
              {m.orderNumber ?? m.clientReference} · {formatCompactDateTime(m.placedAt)} ·{' '}
              {m.total !== null ? formatMoney(m.total, currency) : ''} · {m.source === 'desk' ? 'sent from this desk' : 'on the platform'}
            </Text>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDuplicates(null)}>
              Do not place
            </Button>
            <Button data-autofocus onClick={() => void submit(true)} loading={submitting}>
              Place it anyway
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}

export function PhoneOrderScreen({ screen }: { screen: ScreenDef }) {
  const api = useDeskApi();
  const drafts = useApiQuery('phoneOrder.drafts', {});
  const settings = useApiQuery('phoneOrder.settings', {});
  const [current, setCurrent] = useState<string | null>(null);
  const [list, setList] = useState<DraftView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const dealerRef = useRef<HTMLInputElement>(null);
  const skuRef = useRef<HTMLInputElement>(null);
  const [focusSku, setFocusSku] = useState(false);

  // The drafts as the desk has them when the screen opens; this screen is their only editor afterwards.
  useEffect(() => {
    if (drafts.data && list === null) {
      setList(drafts.data);
      const newest = [...drafts.data].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
      setCurrent(newest?.id ?? null);
    }
  }, [drafts.data, list]);

  useEffect(() => {
    if (current === null) dealerRef.current?.focus();
  }, [current]);
  useEffect(() => {
    if (focusSku && current !== null) {
      skuRef.current?.focus();
      setFocusSku(false);
    }
  }, [focusSku, current]);

  async function pickDealer(dealer: PickedDealer) {
    setError(null);
    // An empty draft for the same dealer is reused, so picking twice does not pile up drafts.
    const empty = (list ?? []).find((d) => d.accountId === dealer.id && d.lines.length === 0);
    if (empty) {
      setCurrent(empty.id);
      setFocusSku(true);
      return;
    }
    try {
      const draft = await api.call('phoneOrder.draft.create', { accountId: dealer.id });
      setList((l) => [...(l ?? []), draft]);
      setCurrent(draft.id);
      setFocusSku(true);
    } catch (err) {
      setError(toApiError(err).message);
    }
  }

  const reloadDrafts = useCallback(
    async (select?: string) => {
      const fresh = await api.call('phoneOrder.drafts', {});
      setList(fresh);
      setEditorKey((k) => k + 1);
      if (select !== undefined) setCurrent(select);
    },
    [api],
  );

  const onSubmitted = useCallback((draft: DraftView, result: Extract<SubmitResult, { outcome: 'submitted' }>, currency: string) => {
    setList((l) => (l ?? []).filter((d) => d.id !== draft.id));
    setCurrent(null);
    notifications.show({
      color: 'teal',
      message: `Order for ${draft.dealer?.name ?? draft.accountId} queued (${result.clientReference}, ${formatMoney(result.total, currency)}). It is placed on the platform as soon as the link allows.`,
    });
  }, []);

  const currentDraft = (list ?? []).find((d) => d.id === current) ?? null;
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Group gap="sm" align="flex-end" wrap="nowrap" style={{ flex: 1 }}>
          <Title order={3} style={{ whiteSpace: 'nowrap' }}>
            {screen.label}
          </Title>
          <div style={{ flex: 1, maxWidth: 520 }}>
            <DealerPicker inputRef={dealerRef} onPick={(d) => void pickDealer(d)} />
          </div>
        </Group>
        <Text size="xs" c="dimmed">
          <Kbd size="xs">/</Kbd> dealer · <Kbd size="xs">Tab</Kbd> quantities · <Kbd size="xs">Ctrl Enter</Kbd> place order
        </Text>
      </Group>
      {error && (
        <Alert color="red" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {(list ?? []).length > 0 && (
        <Tabs value={current ?? 'new'} onChange={(v) => setCurrent(v === 'new' || v === null ? null : v)} variant="outline">
          <Tabs.List aria-label="Open orders">
            {(list ?? []).map((d) => (
              <Tabs.Tab key={d.id} value={d.id} leftSection={d.dealerWaiting ? <IconPhoneCall size={12} /> : undefined}>
                {d.dealer ? `${d.dealer.code} ${d.dealer.name}` : d.accountId}
              </Tabs.Tab>
            ))}
            <Tabs.Tab value="new" leftSection={<IconX size={12} style={{ transform: 'rotate(45deg)' }} />}>
              New order
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
      )}
      {currentDraft ? (
        <DraftEditor
          key={`${currentDraft.id}:${editorKey}`}
          draft={currentDraft}
          mayOverride={settings.data?.mayOverride ?? false}
          onSubmitted={onSubmitted}
          onDiscarded={(id) => {
            setList((l) => (l ?? []).filter((d) => d.id !== id));
            setCurrent(null);
          }}
          onReload={() => void reloadDrafts(currentDraft.id)}
          skuRef={skuRef}
        />
      ) : (
        <Alert color="gray" variant="light">
          <Text size="sm">
            New order: find the dealer in <b>Dealer</b> above (<Kbd size="xs">/</Kbd>) by name, code, phone in any format, town or GSTIN.
            {(list ?? []).length > 0 ? ' Your open orders stay in the tabs above.' : ''}
          </Text>
        </Alert>
      )}
      <MyPhoneOrders onReopened={(id) => void reloadDrafts(id)} />
    </Stack>
  );
}
