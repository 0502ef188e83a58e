// "Add SKU": search the catalogue as you type (code, name words, category), every hit with the dealer's
// price and stock; arrows + Enter add it. A SKU that cannot be ordered shows why and cannot be picked.
import { Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { forwardRef, useEffect, useState } from 'react';
import type { SkuHitView } from '../../../shared/api/features/phoneOrder';
import { useApiQuery } from '../../api/hooks';
import { formatCount, formatMoney } from '../../app/format';
import { priceSourceText } from './phoneOrderFormat';

export interface SkuSearchProps {
  accountId: string;
  currency: string;
  disabled?: boolean;
  onAdd: (hit: SkuHitView) => void;
}

export const SkuSearch = forwardRef<HTMLInputElement, SkuSearchProps>(function SkuSearch({ accountId, currency, disabled, onAdd }, ref) {
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 80);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const hits = useApiQuery('phoneOrder.skuSearch', { accountId, text: query, limit: 12 }, { enabled: query.length > 0 });
  const rows = query.length > 0 && hits.data ? hits.data : [];
  const current = query === text.trim();
  // Enter adds the first SKU that can be added without an arrow press first.
  const { selectFirstOption } = combobox;
  useEffect(() => {
    if (hits.data && hits.data.length > 0) selectFirstOption();
  }, [hits.data, selectFirstOption]);

  function pick(sku: string) {
    const hit = rows.find((h) => h.sku === sku);
    if (!hit || !hit.addable) return;
    onAdd(hit);
    setText('');
    combobox.closeDropdown();
  }

  return (
    <Combobox store={combobox} onOptionSubmit={pick} withinPortal={false} width={640} position="bottom-start">
      <Combobox.Target>
        <TextInput
          ref={ref}
          label="Add SKU"
          placeholder="Code, name words or category"
          value={text}
          disabled={disabled}
          leftSection={<IconPlus size={14} />}
          rightSection={hits.loading && query ? <Loader size={14} /> : null}
          onChange={(e) => {
            setText(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => text && combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setText('');
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query.length === 0}>
        <Combobox.Options mah={360} style={{ overflowY: 'auto' }} aria-label="SKUs found">
          {rows.length === 0 && current && !hits.loading && <Combobox.Empty>No SKU matches “{query}”.</Combobox.Empty>}
          {rows.map((h) => (
            <Combobox.Option value={h.sku} key={h.sku} disabled={!h.addable}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <div style={{ minWidth: 0 }}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" ff="monospace" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {h.sku}
                    </Text>
                    <Text size="sm" truncate>
                      {h.name}
                    </Text>
                  </Group>
                  <Text size="xs" c={h.addable ? 'dimmed' : 'red'}>
                    {h.addable
                      ? `${h.category} · min ${h.minOrderQty} ${h.uom}${h.orderMultiple > 1 ? `, ×${h.orderMultiple}` : ''}`
                      : `Cannot be added: ${h.why ?? ''}`}
                  </Text>
                </div>
                <div style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <Text size="sm">{h.unitPrice !== null ? formatMoney(h.unitPrice, currency) : '—'}</Text>
                  <Text size="xs" c="dimmed">
                    {h.priceSource ? priceSourceText(h.priceSource) : ''} · stock {formatCount(h.available)}
                  </Text>
                </div>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
});
