// The order's lines: quantity (Tab moves from one to the next; Enter goes back to "Add SKU"), the account's
// unit price and its source, a reordered line's old price when it changed, the next quantity break, the
// quantity rules with the corrected quantity offered, stock per warehouse (home first), GST and the line
// total. Line actions have keyboard equivalents on the quantity field (Alt+C correct, Alt+P override,
// Ctrl+Delete remove), so Tab stays on quantities.
import './phoneOrder.css';
import { ActionIcon, Button, Group, Popover, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { IconHome, IconPencilDollar, IconTrash } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import type { DraftLine, PhoneOrderPreviewView, PreviewLineView } from '../../../shared/api/features/phoneOrder';
import { formatCount, formatMoney } from '../../app/format';
import { breakHint, gstText, parseRupees, priceSourceText, rupeesText } from './phoneOrderFormat';

export interface OrderLinesProps {
  lines: DraftLine[];
  preview: PhoneOrderPreviewView | null;
  currency: string;
  mayOverride: boolean;
  onChange: (index: number, line: DraftLine) => void;
  onRemove: (index: number) => void;
  /** Enter in a quantity: back to the SKU search. */
  onDone: () => void;
  quantityRef: (index: number, el: HTMLInputElement | null) => void;
}

function OverrideEditor({
  line,
  listPrice,
  currency,
  onClose,
  onApply,
}: {
  line: DraftLine;
  listPrice: number | null;
  currency: string;
  onClose: () => void;
  onApply: (override: DraftLine['priceOverride']) => void;
}) {
  const [price, setPrice] = useState(line.priceOverride ? rupeesText(line.priceOverride.unitPrice) : '');
  const [reason, setReason] = useState(line.priceOverride?.reason ?? '');
  const parsed = parseRupees(price);
  const reasonOk = reason.trim().length >= 3;
  return (
    <Popover.Dropdown>
      <form
        aria-label={`Price override for ${line.sku}`}
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed === null || !reasonOk) return;
          onApply({ unitPrice: parsed, reason: reason.trim() });
          onClose();
        }}
      >
        <Stack gap={6} w={260}>
          <Text size="xs" c="dimmed">
            List price {listPrice === null ? '—' : formatMoney(listPrice, currency)}. The platform accepts the override with its reason.
          </Text>
          <TextInput
            label="Unit price (₹)"
            size="xs"
            value={price}
            data-autofocus
            onChange={(e) => setPrice(e.currentTarget.value)}
            error={price && parsed === null ? 'A price like 1250 or 1250.50' : undefined}
          />
          <TextInput
            label="Reason"
            size="xs"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reason && !reasonOk ? 'At least 3 characters' : undefined}
          />
          <Group justify="space-between">
            {line.priceOverride ? (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => {
                  onApply(null);
                  onClose();
                }}
              >
                Remove override
              </Button>
            ) : (
              <span />
            )}
            <Group gap={4}>
              <Button size="compact-xs" variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button size="compact-xs" type="submit" disabled={parsed === null || !reasonOk}>
                Apply
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Popover.Dropdown>
  );
}

function LineRow(props: OrderLinesProps & { index: number; line: DraftLine; view: PreviewLineView | null }) {
  const { index, line, view, currency, mayOverride, onChange, onRemove, onDone, quantityRef } = props;
  const [qtyText, setQtyText] = useState(String(line.qty));
  const [overrideOpen, setOverrideOpen] = useState(false);
  const money = (n: number) => formatMoney(n, currency);
  const shownQty = String(line.qty);
  // The field shows what is typed; an outside change (Use 20, reorder) resets it.
  const [seenQty, setSeenQty] = useState(shownQty);
  if (seenQty !== shownQty) {
    setSeenQty(shownQty);
    if (Number(qtyText) !== line.qty) setQtyText(shownQty);
  }
  const correct = () => {
    if (view?.correctedQty) onChange(index, { ...line, qty: view.correctedQty });
  };

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      onDone();
    } else if (e.altKey && e.code === 'KeyC') {
      e.preventDefault();
      correct();
    } else if (e.altKey && e.code === 'KeyP' && mayOverride) {
      e.preventDefault();
      setOverrideOpen(true);
    } else if (e.ctrlKey && e.key === 'Delete') {
      e.preventDefault();
      onRemove(index);
    }
  }

  const changed = view?.priceChanged ?? false;
  const blocked = view?.blocked ?? null;
  return (
    <Table.Tr
      data-sku={line.sku}
      data-price-changed={changed || undefined}
      className={blocked ? 'dd-line-blocked' : changed ? 'dd-line-changed' : undefined}
    >
      <Table.Td maw={200}>
        <Text size="xs" c="dimmed" span>
          {index + 1}.{' '}
        </Text>
        <Text size="sm" ff="monospace" fw={600} span>
          {line.sku}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {view?.name ?? '…'}
        </Text>
        {blocked && (
          <Text size="xs" c="red" role="alert">
            {blocked}
          </Text>
        )}
      </Table.Td>
      <Table.Td w={108}>
        <TextInput
          aria-label="Quantity"
          size="xs"
          inputMode="numeric"
          value={qtyText}
          ref={(el) => quantityRef(index, el)}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => {
            const text = e.currentTarget.value.replace(/[^\d]/g, '');
            setQtyText(text);
            onChange(index, { ...line, qty: text === '' ? 0 : Math.min(Number(text), 10_000_000) });
          }}
          onKeyDown={onKeyDown}
          error={view?.qtyProblem ? true : undefined}
          rightSection={
            <Text size="xs" c="dimmed">
              {view?.uom ?? ''}
            </Text>
          }
          rightSectionWidth={40}
          styles={{ input: { minWidth: 88 } }}
        />
        {view?.qtyProblem && (
          <Group gap={4} mt={2} wrap="nowrap">
            <Text size="xs" c="red">
              {view.qtyProblem}
            </Text>
            <Button size="compact-xs" variant="light" tabIndex={-1} onClick={correct} title="Alt+C">
              Use {view.correctedQty}
            </Button>
          </Group>
        )}
      </Table.Td>
      <Table.Td ta="right" miw={120}>
        {view?.unitPrice !== null && view?.unitPrice !== undefined ? (
          <>
            <Group gap={6} justify="flex-end" wrap="nowrap">
              {changed && view.previousUnitPrice !== null && (
                <Text size="xs" c="dimmed" td="line-through" aria-label={`was ${money(view.previousUnitPrice)}`}>
                  {money(view.previousUnitPrice)}
                </Text>
              )}
              <Text size="sm" fw={changed ? 700 : 500} data-testid="unit-price">
                {money(view.unitPrice)}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {view.override
                ? `override (list ${view.listUnitPrice === null ? '—' : money(view.listUnitPrice)})`
                : priceSourceText(view.priceSource)}
              {changed ? ' · price changed' : ''}
            </Text>
            {breakHint(view, currency) && (
              <Text size="xs" c="teal" data-testid="break-hint">
                {breakHint(view, currency)}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={3} data-testid="stock" maw={130}>
          {(view?.stock ?? []).length === 0 && (
            <Text size="xs" c="dimmed">
              {view ? 'no stock rows' : ''}
            </Text>
          )}
          {(view?.stock ?? []).slice(0, 4).map((s) => (
            <Tooltip key={s.warehouseId} label={`${s.name}${s.home ? ' (home warehouse)' : ''}: ${formatCount(s.available)} available`}>
              <Group
                gap={2}
                wrap="nowrap"
                px={5}
                style={{
                  border: `1px solid var(--mantine-color-${s.home ? 'blue-light-color' : 'default-border'})`,
                  borderRadius: 4,
                  whiteSpace: 'nowrap',
                }}
                aria-label={`${s.code}${s.home ? ' (home)' : ''} ${s.available} available`}
              >
                {s.home && <IconHome size={10} />}
                <Text size="xs" fw={s.home ? 600 : 400}>
                  {s.code}
                </Text>
                <Text size="xs" c={s.available <= 0 ? 'red' : s.available < line.qty ? 'orange' : undefined}>
                  {formatCount(s.available)}
                </Text>
              </Group>
            </Tooltip>
          ))}
          {(view?.stock.length ?? 0) > 4 && (
            <Text size="xs" c="dimmed">
              +{(view?.stock.length ?? 0) - 4}
            </Text>
          )}
        </Group>
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" fw={600} data-testid="line-total">
          {view ? money(view.lineTotal) : ''}
        </Text>
        <Text size="xs" c="dimmed" data-testid="gst">
          {view?.taxRateBp !== null && view?.taxRateBp !== undefined ? `GST ${gstText(view.taxRateBp)} ${money(view.tax)}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={2} wrap="nowrap">
          {mayOverride && (
            <Popover opened={overrideOpen} onChange={setOverrideOpen} position="bottom-end" withArrow trapFocus>
              <Popover.Target>
                <ActionIcon
                  variant={line.priceOverride ? 'filled' : 'subtle'}
                  size="sm"
                  tabIndex={-1}
                  aria-label={`Override price of ${line.sku}`}
                  title="Override price (Alt+P)"
                  onClick={() => setOverrideOpen((o) => !o)}
                >
                  <IconPencilDollar size={14} />
                </ActionIcon>
              </Popover.Target>
              {overrideOpen && (
                <OverrideEditor
                  line={line}
                  listPrice={view?.listUnitPrice ?? null}
                  currency={currency}
                  onClose={() => setOverrideOpen(false)}
                  onApply={(priceOverride) => onChange(index, { ...line, priceOverride })}
                />
              )}
            </Popover>
          )}
          <ActionIcon
            variant="subtle"
            color="red"
            size="sm"
            tabIndex={-1}
            aria-label={`Remove ${line.sku}`}
            title="Remove line (Ctrl+Delete)"
            onClick={() => onRemove(index)}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function OrderLines(props: OrderLinesProps) {
  const { lines, preview } = props;
  return (
    <Table.ScrollContainer minWidth={600} type="native">
      <Table verticalSpacing={4} horizontalSpacing="xs" aria-label="Order lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SKU</Table.Th>
            <Table.Th>Quantity</Table.Th>
            <Table.Th ta="right">Unit price</Table.Th>
            <Table.Th>Stock by warehouse</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
              Line total
            </Table.Th>
            <Table.Th w={56} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((line, index) => {
            const candidate = preview?.lines[index];
            const view = candidate && candidate.sku === line.sku ? candidate : null;
            return <LineRow key={`${index}:${line.sku}`} {...props} index={index} line={line} view={view} />;
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
