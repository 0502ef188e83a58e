// The Orders screen: every platform order in the replica in one virtualised table (TanStack Table for the
// columns and the sort state, TanStack Virtual for the rows), sorted and filtered by the backend, loaded a
// page at a time as it scrolls, and kept live by 'replica.changed'. Keyboard: "/" searches, arrows move
// the selected row, Page Up/Down and Home/End jump.
import './orders.css';
import { Alert, Badge, Button, Group, Kbd, MultiSelect, Skeleton, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconFilterOff, IconSearch, IconSelector, IconX } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import {
  orderChannelLabels,
  orderChannels,
  platformOrderStatusLabels,
  platformOrderStatuses,
  type OrderChannel,
  type OrderRowView,
  type OrderSortColumn,
  type PlatformOrderStatus,
} from '../../../shared/orders';
import { useApiQuery } from '../../api/hooks';
import { formatCount, formatDateTime, formatTime } from '../../app/format';
import { useSyncStatus } from '../sync/useSyncStatus';
import { columnMeta, orderColumns } from './orderColumns';
import { useOrderPages, type OrderQuery } from './useOrderPages';

const rowHeight = 34;
const defaultSorting: SortingState = [{ id: 'placedAt', desc: true }];

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Values for a filter menu: what the replica has, plus whatever is selected (so a choice never vanishes). */
function options<T extends string>(all: readonly T[], present: readonly T[] | undefined, selected: readonly T[], label: (v: T) => string) {
  const shown = all.filter((v) => !present || present.includes(v) || selected.includes(v));
  return shown.map((value) => ({ value, label: label(value) }));
}

export function OrdersScreen() {
  const [searchText, setSearchText] = useState('');
  const [search] = useDebouncedValue(searchText.trim(), 250);
  const [statuses, setStatuses] = useState<PlatformOrderStatus[]>([]);
  const [channels, setChannels] = useState<OrderChannel[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [sorting, setSorting] = useState<SortingState>(defaultSorting);
  const sort = sorting[0] ?? defaultSorting[0]!;

  const query = useMemo<OrderQuery>(
    () => ({
      ...(search ? { search } : {}),
      ...(statuses.length ? { status: statuses } : {}),
      ...(channels.length ? { channel: channels } : {}),
      ...(regions.length ? { region: regions } : {}),
      sort: { column: sort.id as OrderSortColumn, direction: sort.desc ? 'desc' : 'asc' },
    }),
    [search, statuses, channels, regions, sort.id, sort.desc],
  );
  const data = useOrderPages(query);
  const facets = useApiQuery('orders.facets', {});
  // The menus follow the data: new regions and statuses arrive with the sync (read again after a refresh).
  const { reload: reloadFacets } = facets;
  useEffect(() => reloadFacets(), [data.asOf, reloadFacets]);
  const sync = useSyncStatus();
  const filtered = Boolean(search || statuses.length || channels.length || regions.length);
  const total = data.total ?? 0;

  // Selection follows the order (by id) when a refresh moves it; the index is where the arrows start.
  const [selected, setSelected] = useState<{ id: string | null; index: number } | null>(null);
  const movedTo = selected?.id ? data.indexOf(selected.id) : -1;
  const selectedIndex = movedTo >= 0 ? movedTo : (selected?.index ?? -1);

  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const { setVisibleRange, rowAt } = data;
  useEffect(() => setVisibleRange(firstIndex, lastIndex), [firstIndex, lastIndex, setVisibleRange]);

  // A new query starts at the top with nothing selected.
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setSelected(null);
  }, [queryKey]);

  // "/" focuses the search from anywhere on the screen (not while typing in another field).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const columns = orderColumns;
  const visibleRows = useMemo(
    () => items.map((item) => rowAt(item.index)).filter((row): row is OrderRowView => row !== undefined),
    [items, rowAt],
  );
  const table = useReactTable({
    data: visibleRows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    manualSorting: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: setSorting,
  });
  const rowsById = table.getRowModel().rowsById;
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  const gridTemplateColumns = headers.map((h) => columnMeta(h.column.columnDef.meta).width).join(' ');

  const select = useCallback(
    (index: number) => {
      if (total === 0) return;
      const clamped = Math.max(0, Math.min(total - 1, index));
      setSelected({ id: data.rowAt(clamped)?.id ?? null, index: clamped });
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    [total, data, virtualizer],
  );
  // A selection made before its page arrived gets its order id once the row is there.
  useEffect(() => {
    if (selected && selected.id === null) {
      const row = data.rowAt(selected.index);
      if (row) setSelected({ id: row.id, index: selected.index });
    }
  }, [selected, data]);

  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
  function onTableKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    const from = selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: Math.max(0, from - 1),
      PageDown: from + pageRows,
      PageUp: from - pageRows,
      Home: 0,
      End: total - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select(to);
  }
  function onSearchKeyDown(event: ReactKeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      scrollRef.current?.focus();
      select(selectedIndex >= 0 ? selectedIndex : 0);
    } else if (event.key === 'Escape' && searchText) {
      event.preventDefault();
      setSearchText('');
    }
  }
  function clearFilters() {
    setSearchText('');
    setStatuses([]);
    setChannels([]);
    setRegions([]);
  }

  // The data's as-of: the platform's last pull behind the rows on screen. While no change is waiting to be
  // shown, a later successful pull (which brought nothing new) moves it forward.
  const platform = sync.status?.sources.find((s) => s.system === 'platform');
  const livePull = platform?.lastSuccessAt ?? null;
  const asOf = !data.refreshing && livePull && (!data.asOf || livePull > data.asOf) ? livePull : data.asOf;
  const linkDown = platform && ['offline', 'error', 'paused'].includes(platform.state);

  const facetData = facets.data;
  const error = data.error;
  const showTable = data.total !== null && data.total > 0;

  return (
    <Stack gap="xs" h="calc(100dvh - var(--app-shell-header-height, 52px) - 2 * var(--mantine-spacing-md))" miw={0}>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Group gap="sm" align="baseline" wrap="nowrap">
          <Title order={2}>Orders</Title>
          <Text size="sm" c="dimmed" data-testid="orders-count" aria-live="polite">
            {data.total === null ? 'Loading…' : `${formatCount(total)}${data.totalIsExact ? '' : '+'} ${total === 1 ? 'order' : 'orders'}`}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {linkDown && (
            <Badge color="orange" variant="light" tt="none">
              Platform link down: the data may be behind
            </Badge>
          )}
          <Text size="xs" c="dimmed" data-testid="orders-as-of" title={asOf ? formatDateTime(asOf) : undefined}>
            {asOf ? `As of ${formatTime(asOf)}` : 'Not synced with the platform yet'}
          </Text>
        </Group>
      </Group>

      <Group gap="xs" align="flex-start">
        <TextInput
          ref={searchRef}
          aria-label="Search orders"
          placeholder="Order no., dealer name or code"
          leftSection={<IconSearch size={14} stroke={1.5} />}
          rightSection={
            searchText ? (
              <IconX size={14} stroke={1.5} style={{ cursor: 'pointer' }} onClick={() => setSearchText('')} aria-label="Clear search" />
            ) : (
              <Kbd size="xs">/</Kbd>
            )
          }
          size="xs"
          w={280}
          value={searchText}
          onChange={(e) => setSearchText(e.currentTarget.value)}
          onKeyDown={onSearchKeyDown}
        />
        <MultiSelect
          aria-label="Status"
          placeholder={statuses.length ? undefined : 'Status'}
          size="xs"
          w={190}
          clearable
          data={options(platformOrderStatuses, facetData?.statuses, statuses, (s) => platformOrderStatusLabels[s])}
          value={statuses}
          onChange={(v) => setStatuses(v as PlatformOrderStatus[])}
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          aria-label="Channel"
          placeholder={channels.length ? undefined : 'Channel'}
          size="xs"
          w={160}
          clearable
          data={options(orderChannels, facetData?.channels, channels, (c) => orderChannelLabels[c])}
          value={channels}
          onChange={(v) => setChannels(v as OrderChannel[])}
        />
        <MultiSelect
          aria-label="Region"
          placeholder={regions.length ? undefined : 'Region'}
          size="xs"
          w={160}
          clearable
          data={[...new Set([...(facetData?.regions ?? []), ...regions])]}
          value={regions}
          onChange={setRegions}
        />
        {filtered && (
          <Button size="xs" variant="subtle" leftSection={<IconFilterOff size={14} />} onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </Group>

      {error && (
        <Alert
          color={error.kind === 'unavailable' ? 'orange' : error.kind === 'validation' ? 'yellow' : 'red'}
          variant="light"
          role="alert"
          title={error.kind === 'validation' ? 'That view is not available' : 'The orders could not be loaded'}
        >
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Text size="sm">{error.message}</Text>
            {error.kind === 'validation' && sort.id !== 'placedAt' ? (
              <Button size="xs" variant="default" onClick={() => setSorting(defaultSorting)}>
                Sort by placed date
              </Button>
            ) : (
              <Button size="xs" variant="default" onClick={data.reload}>
                Try again
              </Button>
            )}
          </Group>
        </Alert>
      )}

      {data.total === 0 && !error && (
        <Stack gap={6} py="xl" align="center" data-testid="orders-empty">
          {filtered ? (
            <>
              <Text fw={600}>No orders match {search ? `“${search}”` : 'these filters'}.</Text>
              <Text size="sm" c="dimmed">
                Search looks at the start of an order number, or a dealer’s name, code, town or phone.
              </Text>
              <Button size="xs" variant="default" onClick={clearFilters}>
                Clear search and filters
              </Button>
            </>
          ) : (
            <>
              <Text fw={600}>No orders in the desk’s copy of the platform yet.</Text>
              <Text size="sm" c="dimmed" maw={520} ta="center">
                They appear here as soon as the sync brings them in. If this stays empty, open Sync (g s) to see whether the platform is
                reachable.
              </Text>
            </>
          )}
        </Stack>
      )}

      {(showTable || data.loading) && (
        <div
          ref={scrollRef}
          className="dd-orders-scroll"
          tabIndex={0}
          role="table"
          aria-label="Orders"
          aria-rowcount={total + 1}
          aria-busy={data.loading}
          onKeyDown={onTableKeyDown}
        >
          <div style={{ minWidth: 960 }}>
            <div className="dd-orders-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns }}>
              {headers.map((header) => {
                const meta = columnMeta(header.column.columnDef.meta);
                const sorted = header.column.getIsSorted();
                const canSort = header.column.getCanSort();
                const button = (
                  <button
                    type="button"
                    className="dd-orders-sort"
                    onClick={header.column.getToggleSortingHandler()}
                    disabled={!canSort}
                    data-sorted={sorted || undefined}
                    style={meta.align === 'right' ? { flexDirection: 'row-reverse' } : undefined}
                  >
                    {flexRender(header.column.columnDef.header, header.getContext())}
                    {sorted === 'asc' ? (
                      <IconArrowUp size={12} stroke={2} />
                    ) : sorted === 'desc' ? (
                      <IconArrowDown size={12} stroke={2} />
                    ) : canSort ? (
                      <IconSelector size={12} stroke={1.5} opacity={0.5} />
                    ) : null}
                  </button>
                );
                return (
                  <div
                    key={header.id}
                    role="columnheader"
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                    style={meta.align === 'right' ? { textAlign: 'right' } : undefined}
                  >
                    {!canSort && meta.sortHint ? (
                      <Tooltip label={meta.sortHint} openDelay={300} multiline w={240}>
                        {button}
                      </Tooltip>
                    ) : (
                      button
                    )}
                  </div>
                );
              })}
            </div>
            <div style={{ position: 'relative', height: data.loading ? rowHeight * 8 : virtualizer.getTotalSize() }}>
              {data.loading
                ? Array.from({ length: 8 }, (_, i) => (
                    <div key={i} className="dd-orders-row" style={{ top: i * rowHeight, height: rowHeight, gridTemplateColumns }}>
                      {headers.map((h) => (
                        <div key={h.id}>
                          <Skeleton height={10} radius="sm" />
                        </div>
                      ))}
                    </div>
                  ))
                : items.map((item) => {
                    const order = data.rowAt(item.index);
                    const row = order ? rowsById[order.id] : undefined;
                    const isSelected = item.index === selectedIndex;
                    return (
                      <div
                        key={order?.id ?? `loading-${item.index}`}
                        className="dd-orders-row"
                        role="row"
                        aria-rowindex={item.index + 2}
                        aria-selected={isSelected}
                        data-order-id={order?.id}
                        data-order-number={order?.number}
                        onClick={() => {
                          setSelected({ id: order?.id ?? null, index: item.index });
                          scrollRef.current?.focus({ preventScroll: true });
                        }}
                        style={{ top: 0, height: item.size, transform: `translateY(${item.start}px)`, gridTemplateColumns }}
                      >
                        {row
                          ? row.getVisibleCells().map((cell) => {
                              const meta = columnMeta(cell.column.columnDef.meta);
                              return (
                                <div key={cell.id} role="cell" style={meta.align === 'right' ? { textAlign: 'right' } : undefined}>
                                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                                </div>
                              );
                            })
                          : headers.map((h) => (
                              <div key={h.id} role="cell">
                                <Skeleton height={10} radius="sm" />
                              </div>
                            ))}
                      </div>
                    );
                  })}
            </div>
            {!data.totalIsExact && (
              <Text size="xs" c="dimmed" p="xs">
                Showing the first {formatCount(total)} matches. Narrow the search to see the rest.
              </Text>
            )}
          </div>
        </div>
      )}
    </Stack>
  );
}
