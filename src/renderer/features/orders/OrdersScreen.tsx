// The order queues: one saved view at a time (its filters, columns and sort, changed on screen and kept
// or saved as the person's own), every order in one virtualised table (TanStack Table for the columns and
// sort state, TanStack Virtual for the rows), sorted and filtered by the backend, loaded a page at a time
// as it scrolls, kept live by 'replica.changed'. Rows are selected for bulk actions with their checkbox,
// shift-click, x or Ctrl+A; Enter opens the order's reconciliation and timeline. Keys: orderQueueShortcuts.
import './orders.css';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Kbd,
  Menu,
  MultiSelect,
  Popover,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowDown,
  IconArrowUp,
  IconColumns,
  IconFileExport,
  IconFilterOff,
  IconSearch,
  IconSelector,
  IconX,
} from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type MouseEvent } from 'react';
import type { StaffView } from '../../../shared/api/contract';
import {
  bulkActionLimit,
  orderColumnIds,
  orderColumnLabels,
  shippedOrderView,
  type OrderColumnId,
  type OrderViewDefinition,
  type OrderViewView,
} from '../../../shared/orderViews';
import {
  defaultSlaTargets,
  orderChannelLabels,
  orderChannels,
  platformOrderStatusLabels,
  platformOrderStatuses,
  type OrderChannel,
  type OrderRowView,
  type OrderSortColumn,
  type PlatformOrderStatus,
} from '../../../shared/orders';
import { defaultWorkingCalendar } from '../../../shared/sla';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { formatCount, formatDateTime, formatTime } from '../../app/format';
import { useSyncStatus } from '../sync/useSyncStatus';
import { ExportButtons } from '../../app/export/ExportButtons';
import { dealerStatusRoles } from '../../../shared/dealerStatus';
import { BulkActions, type CheckedOrder } from './BulkActions';
import { orderExportColumns, selectionExportSource, viewExportSource } from './orderExports';
import { OrderDetail } from './OrderDetail';
import { SlaClockContext, columnMeta, columnsFor, type SlaClock } from './orderColumns';
import { useOrderPages } from './useOrderPages';
import { useOrderViews } from './useOrderViews';
import { queryOf, sameDefinition, savedDefinition } from './viewDraft';
import { ViewMenu } from './ViewMenu';
import { orderViewRoute } from './ViewsNav';

const rowHeight = 34;
const checkboxWidth = '36px';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Values for a filter menu: what the replica has, plus whatever is selected (so a choice never vanishes). */
function options<T extends string>(all: readonly T[], present: readonly T[] | undefined, selected: readonly T[], label: (v: T) => string) {
  const shown = all.filter((v) => !present || present.includes(v) || selected.includes(v));
  return shown.map((value) => ({ value, label: label(value) }));
}

const checkedOf = (row: OrderRowView): CheckedOrder => ({
  id: row.id,
  number: row.number,
  version: row.version,
  status: row.status,
  stage: row.sla?.stage ?? null,
  row,
});

/** A clock for the SLA cells that ticks every 30 s while the screen is open. */
function useSlaClock(): SlaClock {
  const { sla } = useOrderViews();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return useMemo(
    () => ({ targets: sla?.targets ?? defaultSlaTargets, calendar: sla?.calendar ?? defaultWorkingCalendar, now }),
    [sla, now],
  );
}

export function OrdersScreen({ viewId, staff }: { viewId: string | null; staff: StaffView }) {
  const { views, loaded, reloadViews, reloadCounts } = useOrderViews();
  const fallback = shippedOrderView('all')!;
  const view: OrderViewView = views.find((v) => v.id === (viewId ?? 'all')) ?? {
    ...fallback,
    kind: 'shipped',
    changed: false,
    sharedRoles: [],
  };
  const unknownView = loaded && viewId !== null && !views.some((v) => v.id === viewId);
  return (
    <OrderQueue
      // A new view starts from its own saved definition, scrolled to the top, with nothing selected.
      key={`${view.id}:${JSON.stringify(view.definition)}`}
      view={view}
      staff={staff}
      unknownView={unknownView}
      onViewsChanged={async () => {
        await reloadViews();
        reloadCounts();
      }}
    />
  );
}

function OrderQueue({
  view,
  staff,
  unknownView,
  onViewsChanged,
}: {
  view: OrderViewView;
  staff: StaffView;
  unknownView: boolean;
  onViewsChanged: () => Promise<void>;
}) {
  const api = useDeskApi();
  const [draft, setDraft] = useState<OrderViewDefinition>(view.definition);
  const changed = !sameDefinition(draft, view.definition);
  const [searchText, setSearchText] = useState(view.definition.filters.search);
  const [search] = useDebouncedValue(searchText.trim(), 250);
  useEffect(() => setDraft((d) => (d.filters.search === search ? d : { ...d, filters: { ...d.filters, search } })), [search]);
  const filters = draft.filters;
  const setFilters = (patch: Partial<OrderViewDefinition['filters']>) => setDraft((d) => ({ ...d, filters: { ...d.filters, ...patch } }));

  const sorting: SortingState = [{ id: draft.sort.column, desc: draft.sort.direction === 'desc' }];
  const setSorting = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const next = (typeof updater === 'function' ? updater(sorting) : updater)[0];
    if (next) setDraft((d) => ({ ...d, sort: { column: next.id as OrderSortColumn, direction: next.desc ? 'desc' : 'asc' } }));
  };

  const query = useMemo(() => queryOf(draft, search), [draft, search]);
  const data = useOrderPages(query);
  const facets = useApiQuery('orders.facets', {});
  const { reload: reloadFacets } = facets;
  useEffect(() => reloadFacets(), [data.asOf, reloadFacets]);
  const sync = useSyncStatus();
  const clock = useSlaClock();
  // Narrowed on screen beyond the view's own filters (what "Clear filters" undoes).
  const saved = view.definition.filters;
  const viewHasFilters = Boolean(saved.status.length || saved.channel.length || saved.region.length);
  const filtered =
    Boolean(search) || !sameDefinition({ ...draft, filters: { ...filters, search: '' } }, { ...draft, filters: { ...saved, search: '' } });
  const total = data.total ?? 0;

  // The cursor (the row the keys act on) follows its order (by id) when a refresh moves it.
  const [cursor, setCursor] = useState<{ id: string | null; index: number } | null>(null);
  const movedTo = cursor?.id ? data.indexOf(cursor.id) : -1;
  const cursorIndex = movedTo >= 0 ? movedTo : (cursor?.index ?? -1);
  // Orders picked for a bulk action, by id; the anchor is where a shift-click range starts.
  const [checked, setChecked] = useState<Map<string, CheckedOrder>>(new Map());
  const anchor = useRef<number | null>(null);
  const [openOrderId, setOpenOrderId] = useState<string | null>(null);

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

  // A new query starts at the top with no cursor; the selection stays (it is by order, not by position).
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setCursor(null);
    anchor.current = null;
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

  const columns = useMemo(() => columnsFor(draft.columns), [draft.columns]);
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
  const gridTemplateColumns = [checkboxWidth, ...headers.map((h) => columnMeta(h.column.columnDef.meta).width)].join(' ');

  const moveCursor = useCallback(
    (index: number) => {
      if (total === 0) return;
      const clamped = Math.max(0, Math.min(total - 1, index));
      setCursor({ id: data.rowAt(clamped)?.id ?? null, index: clamped });
      virtualizer.scrollToIndex(clamped, { align: 'auto' });
    },
    [total, data, virtualizer],
  );
  // A cursor placed before its page arrived gets its order id once the row is there.
  useEffect(() => {
    if (cursor && cursor.id === null) {
      const row = data.rowAt(cursor.index);
      if (row) setCursor({ id: row.id, index: cursor.index });
    }
  }, [cursor, data]);

  const toggle = useCallback((rows: OrderRowView[], on?: boolean) => {
    setChecked((prev) => {
      const next = new Map(prev);
      const turnOn = on ?? rows.some((r) => !next.has(r.id));
      for (const r of rows) {
        if (turnOn) next.set(r.id, checkedOf(r));
        else next.delete(r.id);
      }
      return next;
    });
  }, []);
  const checkAt = useCallback(
    (index: number, shift: boolean) => {
      const row = data.rowAt(index);
      if (!row) return;
      if (shift && anchor.current !== null) {
        const [from, to] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
        const range: OrderRowView[] = [];
        for (let i = from; i <= to; i++) {
          const r = data.rowAt(i);
          if (r) range.push(r);
        }
        toggle(range, true);
      } else {
        toggle([row]);
      }
      anchor.current = index;
    },
    [data, toggle],
  );
  // Ctrl+A: every order of the view (up to what one bulk action takes), read from the backend in pages.
  const [selectingAll, setSelectingAll] = useState(false);
  const selectAll = useCallback(async () => {
    if (total === 0) return;
    setSelectingAll(true);
    try {
      const picked: OrderRowView[] = [];
      const want = Math.min(total, bulkActionLimit);
      while (picked.length < want) {
        const page = await api.call('orders.list', { ...query, offset: picked.length, limit: Math.min(500, want - picked.length) });
        if (page.rows.length === 0) break;
        picked.push(...page.rows);
      }
      setChecked(new Map(picked.map((r) => [r.id, checkedOf(r)])));
      if (total > bulkActionLimit) {
        notifications.show({
          color: 'yellow',
          message: `Selected the first ${formatCount(bulkActionLimit)} of ${formatCount(total)} orders: one bulk action takes at most ${formatCount(bulkActionLimit)}. Narrow the view to reach the rest.`,
        });
      }
    } catch (err) {
      notifications.show({ color: 'red', title: 'Could not select every order', message: toApiError(err).message });
    } finally {
      setSelectingAll(false);
    }
  }, [api, query, total]);

  const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);
  function onTableKeyDown(event: ReactKeyboardEvent<HTMLDivElement>) {
    if (isTypingTarget(event.target) && event.target !== event.currentTarget) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      void selectAll();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const from = cursorIndex;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      j: from + 1,
      ArrowUp: Math.max(0, from - 1),
      k: Math.max(0, from - 1),
      PageDown: from + pageRows,
      PageUp: from - pageRows,
      Home: 0,
      End: total - 1,
    };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      moveCursor(to);
      return;
    }
    if (event.key === 'Enter' && cursorIndex >= 0) {
      const row = data.rowAt(cursorIndex);
      if (row) {
        event.preventDefault();
        setOpenOrderId(row.id);
      }
    } else if ((event.key === 'x' || event.key === ' ') && cursorIndex >= 0) {
      event.preventDefault();
      checkAt(cursorIndex, event.shiftKey);
    }
  }
  function onSearchKeyDown(event: ReactKeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      scrollRef.current?.focus();
      moveCursor(cursorIndex >= 0 ? cursorIndex : 0);
    } else if (event.key === 'Escape' && searchText) {
      event.preventDefault();
      setSearchText('');
    }
  }
  function clearFilters() {
    setSearchText('');
    setFilters({ status: saved.status, channel: saved.channel, region: saved.region, search: '' });
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
  const checkedList = useMemo(() => [...checked.values()], [checked]);
  const visibleIds = visibleRows.map((r) => r.id);
  const allVisibleChecked = visibleIds.length > 0 && visibleIds.every((id) => checked.has(id));

  return (
    <SlaClockContext.Provider value={clock}>
      <Stack gap="xs" h="calc(100dvh - var(--app-shell-header-height, 52px) - 2 * var(--mantine-spacing-md))" miw={0}>
        <Group justify="space-between" align="baseline" wrap="nowrap">
          <Group gap="sm" align="baseline" wrap="nowrap" miw={0}>
            <Title order={2} style={{ whiteSpace: 'nowrap' }}>
              {view.id === 'all' && !unknownView ? 'Orders' : view.name}
            </Title>
            <Text size="sm" c="dimmed" data-testid="orders-count" aria-live="polite" style={{ whiteSpace: 'nowrap' }}>
              {data.total === null
                ? 'Loading…'
                : `${formatCount(total)}${data.totalIsExact ? '' : '+'} ${total === 1 ? 'order' : 'orders'}`}
            </Text>
            {view.kind !== 'shipped' && (
              <Badge size="sm" variant="light" color={view.kind === 'shared' ? 'grape' : 'blue'} tt="none">
                {view.kind === 'shared' ? 'Shared view' : 'My view'}
              </Badge>
            )}
            {(changed || view.changed) && (
              <Badge size="sm" variant="outline" color="yellow" tt="none" data-testid="view-changed">
                {changed ? 'Changed, not saved' : 'Changed from the default'}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            {linkDown && (
              <Badge color="orange" variant="light" tt="none">
                Platform link down: the data may be behind
              </Badge>
            )}
            <Text
              size="xs"
              c="dimmed"
              data-testid="orders-as-of"
              title={asOf ? formatDateTime(asOf) : undefined}
              style={{ whiteSpace: 'nowrap' }}
            >
              {asOf ? `As of ${formatTime(asOf)}` : 'Not synced with the platform yet'}
            </Text>
            <ExportButtons
              title={view.name}
              columns={orderExportColumns(draft.columns)}
              source={() => viewExportSource(api, query)}
              disabled={!showTable}
            />
            <ViewMenu
              view={view}
              draft={savedDefinition(draft)}
              changed={changed}
              staff={staff}
              onSaved={async () => onViewsChanged()}
              onOpenView={(id) => {
                window.location.hash = `/${orderViewRoute(id)}`;
              }}
            />
          </Group>
        </Group>

        {unknownView && (
          <Alert color="yellow" variant="light" title="That view is not available">
            It may have been deleted or no longer be shared with you. Showing all orders instead.
          </Alert>
        )}

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
            w={260}
            value={searchText}
            onChange={(e) => setSearchText(e.currentTarget.value)}
            onKeyDown={onSearchKeyDown}
          />
          <MultiSelect
            aria-label="Status"
            placeholder={filters.status.length ? undefined : 'Status'}
            size="xs"
            w={filters.status.length > 2 ? 300 : 190}
            clearable
            data={options(platformOrderStatuses, facetData?.statuses, filters.status, (s) => platformOrderStatusLabels[s])}
            value={filters.status}
            onChange={(v) => setFilters({ status: v as PlatformOrderStatus[] })}
            comboboxProps={{ withinPortal: true }}
          />
          <MultiSelect
            aria-label="Channel"
            placeholder={filters.channel.length ? undefined : 'Channel'}
            size="xs"
            w={160}
            clearable
            data={options(orderChannels, facetData?.channels, filters.channel, (c) => orderChannelLabels[c])}
            value={filters.channel}
            onChange={(v) => setFilters({ channel: v as OrderChannel[] })}
          />
          <MultiSelect
            aria-label="Region"
            placeholder={filters.region.length ? undefined : 'Region'}
            size="xs"
            w={160}
            clearable
            data={[...new Set([...(facetData?.regions ?? []), ...filters.region])]}
            value={filters.region}
            onChange={(region) => setFilters({ region })}
          />
          <ColumnsMenu columns={draft.columns} onChange={(columns) => setDraft((d) => ({ ...d, columns }))} />
          {filtered && (
            <Button size="xs" variant="subtle" leftSection={<IconFilterOff size={14} />} onClick={clearFilters}>
              {viewHasFilters ? 'Back to the view’s filters' : 'Clear filters'}
            </Button>
          )}
        </Group>

        <BulkActions
          checked={checkedList}
          onClear={() => setChecked(new Map())}
          mayPublish={staff.roles.some((r) => dealerStatusRoles.includes(r))}
          exportSlot={<SelectionExport title={`${view.name} (selected)`} columns={draft.columns} rows={checkedList.map((c) => c.row)} />}
        />

        {error && (
          <Alert
            color={error.kind === 'unavailable' ? 'orange' : error.kind === 'validation' ? 'yellow' : 'red'}
            variant="light"
            role="alert"
            title={error.kind === 'validation' ? 'That view is not available' : 'The orders could not be loaded'}
          >
            <Group justify="space-between" wrap="nowrap" gap="md">
              <Text size="sm">{error.message}</Text>
              <Button size="xs" variant="default" onClick={data.reload}>
                Try again
              </Button>
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
                  {viewHasFilters ? 'Back to the view’s filters' : 'Clear search and filters'}
                </Button>
              </>
            ) : filters.queue || viewHasFilters ? (
              <>
                <Text fw={600}>Nothing in “{view.name}” right now.</Text>
                <Text size="sm" c="dimmed" maw={520} ta="center">
                  {view.summary}
                </Text>
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
            aria-busy={data.loading || selectingAll}
            aria-multiselectable
            onKeyDown={onTableKeyDown}
          >
            <div style={{ minWidth: 960 }}>
              <div className="dd-orders-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns }}>
                <div role="columnheader">
                  <Checkbox
                    size="xs"
                    aria-label="Select the orders on screen"
                    checked={allVisibleChecked}
                    indeterminate={!allVisibleChecked && visibleIds.some((id) => checked.has(id))}
                    onChange={() => toggle(visibleRows, !allVisibleChecked)}
                  />
                </div>
                {headers.map((header) => {
                  const meta = columnMeta(header.column.columnDef.meta);
                  const sorted = header.column.getIsSorted();
                  const canSort = header.column.getCanSort();
                  return (
                    <div
                      key={header.id}
                      role="columnheader"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                      style={meta.align === 'right' ? { textAlign: 'right' } : undefined}
                    >
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
                    </div>
                  );
                })}
              </div>
              <div style={{ position: 'relative', height: data.loading ? rowHeight * 8 : virtualizer.getTotalSize() }}>
                {data.loading
                  ? Array.from({ length: 8 }, (_, i) => (
                      <div key={i} className="dd-orders-row" style={{ top: i * rowHeight, height: rowHeight, gridTemplateColumns }}>
                        {[{ id: 'check' }, ...headers].map((h) => (
                          <div key={h.id}>
                            <Skeleton height={10} radius="sm" />
                          </div>
                        ))}
                      </div>
                    ))
                  : items.map((item) => {
                      const order = data.rowAt(item.index);
                      const row = order ? rowsById[order.id] : undefined;
                      const isCursor = item.index === cursorIndex;
                      const isChecked = order ? checked.has(order.id) : false;
                      return (
                        <div
                          key={order?.id ?? `loading-${item.index}`}
                          className="dd-orders-row"
                          role="row"
                          aria-rowindex={item.index + 2}
                          aria-selected={isCursor}
                          data-checked={isChecked || undefined}
                          data-order-id={order?.id}
                          data-order-number={order?.number}
                          onClick={(event: MouseEvent) => {
                            setCursor({ id: order?.id ?? null, index: item.index });
                            if (event.shiftKey) checkAt(item.index, true);
                            scrollRef.current?.focus({ preventScroll: true });
                          }}
                          onDoubleClick={() => order && setOpenOrderId(order.id)}
                          style={{ top: 0, height: item.size, transform: `translateY(${item.start}px)`, gridTemplateColumns }}
                        >
                          <div role="cell" onClick={(e) => e.stopPropagation()}>
                            {order && (
                              <Checkbox
                                size="xs"
                                aria-label={`Select order ${order.number}`}
                                checked={isChecked}
                                tabIndex={-1}
                                onChange={() => undefined}
                                onClick={(e) => {
                                  setCursor({ id: order.id, index: item.index });
                                  checkAt(item.index, e.shiftKey);
                                }}
                              />
                            )}
                          </div>
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
        <Text size="xs" c="dimmed">
          <Kbd size="xs">j</Kbd>/<Kbd size="xs">k</Kbd> move · <Kbd size="xs">Enter</Kbd> open · <Kbd size="xs">x</Kbd> select ·{' '}
          <Kbd size="xs">Ctrl A</Kbd> select all · <Kbd size="xs">/</Kbd> search · every key in <Kbd size="xs">Ctrl K</Kbd>
        </Text>
      </Stack>
      <OrderDetail
        orderId={openOrderId}
        onClose={() => {
          setOpenOrderId(null);
          scrollRef.current?.focus({ preventScroll: true });
        }}
      />
    </SlaClockContext.Provider>
  );
}

function ColumnsMenu({ columns, onChange }: { columns: OrderColumnId[]; onChange: (columns: OrderColumnId[]) => void }) {
  return (
    <Menu closeOnItemClick={false} position="bottom-start" withinPortal>
      <Menu.Target>
        <Tooltip label="Columns of this view" openDelay={400}>
          <Button size="xs" variant="default" leftSection={<IconColumns size={14} />} aria-label="Columns">
            Columns
          </Button>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {orderColumnIds.map((id) => {
          const shown = columns.includes(id);
          return (
            <Menu.Item
              key={id}
              leftSection={<Checkbox size="xs" checked={shown} readOnly tabIndex={-1} aria-hidden />}
              disabled={shown && columns.length === 1}
              onClick={() =>
                onChange(shown ? columns.filter((c) => c !== id) : orderColumnIds.filter((c) => c === id || columns.includes(c)))
              }
            >
              {orderColumnLabels[id]}
            </Menu.Item>
          );
        })}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The bulk bar's "Export": the selected orders through the shared export, in the view's columns. */
function SelectionExport({ title, columns, rows }: { title: string; columns: OrderColumnId[]; rows: OrderRowView[] }) {
  return (
    <Popover position="bottom-start" withinPortal shadow="md">
      <Popover.Target>
        <Button size="xs" variant="light" leftSection={<IconFileExport size={14} />}>
          Export
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text size="xs" c="dimmed">
            {formatCount(rows.length)} selected {rows.length === 1 ? 'order' : 'orders'}, as they were when selected
          </Text>
          <ExportButtons title={title} columns={orderExportColumns(columns)} source={() => selectionExportSource(rows)} />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
