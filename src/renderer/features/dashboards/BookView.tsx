// The book (issue 11): every dealer, at-risk first, in one virtualised table ("Dealers at risk", read a page at
// a time as it scrolls); the book's totals, breakdowns by region and tier, overdue ageing and the hold funnel,
// where every figure drills down to the dealers behind it (a filter on the table, applied by the backend),
// and every dealer opens its dashboard (click or Enter).
import {
  Alert,
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { IconArrowDown, IconArrowUp, IconRefresh } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import {
  metricDefinitions,
  riskReasonText,
  type BookFilter,
  type BookSortColumn,
  type BookView as BookData,
  type BreakdownRow,
  type DealerFigures,
  type RiskReason,
} from '../../../shared/dashboards';
import { useApiQuery, useDeskApi } from '../../api/hooks';
import { ExportButtons } from '../../app/export/ExportButtons';
import { formatCount } from '../../app/format';
import { asOfText, formatDay, formatMinutes, formatMoneyCompact, formatPercent, money, moneyWhole } from './dashboardFormat';
import { breakdownExportColumns, dealerExportColumns, dealerExportSource, listSource } from './dashboardExports';
import { DefinitionButton } from './MetricFigure';
import { useBookDealers, type BookSort } from './useBookDealers';

/** A drill-down: the dealers behind a figure, and how the chip above the table names them. */
export interface Drill {
  label: string;
  filter: BookFilter;
}

type SortKey = BookSortColumn;

interface Column {
  key: SortKey | null;
  header: string;
  width: string;
  align?: 'right';
  cell: (d: DealerFigures) => ReactNode;
}

const reasonColor: Record<RiskReason, string> = { utilisation: 'red', overdue60: 'orange', dsoRise: 'grape', holdsRise: 'yellow' };

export function RiskBadges({ reasons, short = false }: { reasons: readonly RiskReason[]; short?: boolean }) {
  if (reasons.length === 0)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap">
      {reasons.map((r) => (
        <Tooltip key={r} label={riskReasonText[r].rule} withArrow>
          <Badge size="xs" variant="light" color={reasonColor[r]} tt="none" aria-label={riskReasonText[r].label}>
            {short ? riskReasonText[r].short : riskReasonText[r].label}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

/** A money cell: whole units, the exact amount on hover. */
function MoneyCell({ minor, currency }: { minor: number; currency: string }) {
  return <span title={money(minor, currency)}>{moneyWhole(minor, currency)}</span>;
}

function dsoCell(d: DealerFigures) {
  if (d.dso === null)
    return (
      <Text size="xs" c="dimmed">
        —
      </Text>
    );
  const delta = d.dso90DaysAgo === null ? null : d.dso - d.dso90DaysAgo;
  return (
    <span>
      {d.dso.toFixed(0)}
      {delta !== null && (
        <Text span size="xs" c={delta > 15 ? 'red.7' : 'dimmed'}>
          {' '}
          ({delta >= 0 ? '+' : ''}
          {delta.toFixed(0)})
        </Text>
      )}
    </span>
  );
}

const columns: Column[] = [
  {
    key: 'name',
    header: 'Dealer',
    width: 'minmax(146px, 2fr)',
    cell: (d) => (
      <span>
        {d.name}{' '}
        <Text span size="xs" c="dimmed">
          {d.dealerCode}
        </Text>
      </span>
    ),
  },
  { key: null, header: 'Region', width: '64px', cell: (d) => d.region ?? '—' },
  { key: null, header: 'Tier', width: '52px', cell: (d) => d.tier ?? '—' },
  {
    key: 'risk',
    header: 'At risk because',
    width: 'minmax(150px, 1.4fr)',
    cell: (d) => <RiskBadges reasons={d.riskReasons} short />,
  },
  {
    key: 'utilisation',
    header: 'Utilisation',
    width: '90px',
    align: 'right',
    cell: (d) =>
      d.noLimit ? (
        <Text span size="xs" c="dimmed">
          no limit
        </Text>
      ) : (
        formatPercent(d.utilisation, 0)
      ),
  },
  {
    key: 'over60',
    header: 'Overdue > 60 d',
    width: '104px',
    align: 'right',
    cell: (d) => (d.overdueOver60 ? <MoneyCell minor={d.overdueOver60} currency={d.currency} /> : '—'),
  },
  { key: 'dso', header: 'DSO (Δ)', width: '92px', align: 'right', cell: dsoCell },
  {
    key: 'holds',
    header: 'Holds 90 d',
    width: '88px',
    align: 'right',
    cell: (d) => `${d.holds90Days} (${d.holdsPrevious90Days})`,
  },
  {
    key: 'sales',
    header: 'Sales 12 m',
    width: '102px',
    align: 'right',
    cell: (d) => <MoneyCell minor={d.sales12Months} currency={d.currency} />,
  },
  {
    key: 'balance',
    header: 'Receivable',
    width: '102px',
    align: 'right',
    cell: (d) => <MoneyCell minor={d.receivableBalance} currency={d.currency} />,
  },
  { key: 'fill', header: 'Fill', width: '58px', align: 'right', cell: (d) => formatPercent(d.fillRate, 0) },
  {
    key: 'onTime',
    header: 'On time',
    width: '72px',
    align: 'right',
    cell: (d) => formatPercent(d.onTimeDelivery, 0),
  },
];

const gridTemplate = columns.map((c) => c.width).join(' ');
const rowHeight = 32;

/** The at-risk table: every dealer behind the drill-down, virtualised and paged; Enter or click opens one. */
function DealersTable({
  filter,
  title,
  currency,
  onOpen,
}: {
  filter: BookFilter;
  title: string;
  currency: string;
  onOpen: (d: DealerFigures) => void;
}) {
  const api = useDeskApi();
  const [sort, setSort] = useState<BookSort>({ column: 'risk', direction: 'desc' });
  const data = useBookDealers(filter, sort);
  const count = data.total ?? 0;
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items[items.length - 1]?.index ?? 0;
  const { setVisibleRange } = data;
  useEffect(() => setVisibleRange(firstVisible, lastVisible), [firstVisible, lastVisible, setVisibleRange]);
  const activeIndex = Math.min(active, Math.max(0, count - 1));

  const onKeyDown = (e: ReactKeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      const next = Math.max(0, Math.min(count - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    };
    if (e.key === 'ArrowDown') move(activeIndex + 1);
    else if (e.key === 'ArrowUp') move(activeIndex - 1);
    else if (e.key === 'PageDown') move(activeIndex + 15);
    else if (e.key === 'PageUp') move(activeIndex - 15);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(count - 1);
    else if (e.key === 'Enter') {
      const d = data.rowAt(activeIndex);
      if (d) {
        e.preventDefault();
        onOpen(d);
      }
    }
  };

  return (
    <Stack gap={4}>
      {data.error && (
        <Alert color="red" title="The dealer list could not be read">
          {data.error.message}
        </Alert>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed" data-testid="book-count">
          {data.total === null ? 'Reading…' : `${formatCount(count)} dealers`} · ↑↓ to move, Enter opens the dealer
        </Text>
        <ExportButtons
          title={title}
          columns={dealerExportColumns(currency)}
          source={() => dealerExportSource(api, filter, sort)}
          disabled={!count}
        />
      </Group>
      <div
        ref={scrollRef}
        className="dd-book-scroll"
        role="table"
        aria-label="Dealers at risk"
        aria-rowcount={count + 1}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-activedescendant={count > 0 ? `book-row-${activeIndex}` : undefined}
      >
        <div role="rowgroup">
          <div role="row" className="dd-book-head" style={{ gridTemplateColumns: gridTemplate }} aria-rowindex={1}>
            {columns.map((c) => (
              <div
                key={c.header}
                role="columnheader"
                style={{ textAlign: c.align ?? 'left' }}
                aria-sort={c.key && sort.column === c.key ? (sort.direction === 'desc' ? 'descending' : 'ascending') : undefined}
              >
                {c.key ? (
                  <UnstyledButton
                    className="dd-book-sort"
                    onClick={() =>
                      setSort((s) => ({
                        column: c.key as SortKey,
                        direction: s.column === c.key ? (s.direction === 'desc' ? 'asc' : 'desc') : c.key === 'name' ? 'asc' : 'desc',
                      }))
                    }
                  >
                    {c.header}
                    {sort.column === c.key && (sort.direction === 'desc' ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
                  </UnstyledButton>
                ) : (
                  c.header
                )}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const d = data.rowAt(item.index);
            const selected = item.index === activeIndex;
            if (!d)
              return (
                <div
                  key={`loading-${item.index}`}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="dd-book-row"
                  style={{ gridTemplateColumns: gridTemplate, transform: `translateY(${item.start}px)`, height: rowHeight }}
                >
                  <div role="cell">
                    <Skeleton h={10} w={160} />
                  </div>
                </div>
              );
            return (
              <div
                key={`${d.dealerCode}:${item.index}`}
                id={`book-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                data-dealer-code={d.dealerCode}
                data-at-risk={d.riskReasons.length > 0}
                className={`dd-book-row${selected ? ' dd-book-row-selected' : ''}${d.riskReasons.length === 0 ? ' dd-book-row-calm' : ''}`}
                style={{ gridTemplateColumns: gridTemplate, transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => {
                  setActive(item.index);
                  onOpen(d);
                }}
              >
                {columns.map((c) => (
                  <div key={c.header} role="cell" style={{ textAlign: c.align ?? 'left' }}>
                    {c.cell(d)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </Stack>
  );
}

function DrillButton({ children, onClick, label }: { children: ReactNode; onClick: () => void; label: string }) {
  return (
    <UnstyledButton onClick={onClick} aria-label={label} className="dd-drill" style={{ fontSize: 'inherit' }}>
      {children}
    </UnstyledButton>
  );
}

function Breakdown({
  title,
  rows,
  currency,
  drill,
  groupFilter,
}: {
  title: string;
  rows: BreakdownRow[];
  currency: string;
  drill: (d: Drill) => void;
  groupFilter: (group: string) => BookFilter;
}) {
  return (
    <Paper withBorder p="xs" component="section" aria-label={title}>
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        <ExportButtons
          title={`Dealers ${title.toLowerCase()}`}
          columns={breakdownExportColumns(
            title.replace('By ', '').replace(/^./, (c) => c.toUpperCase()),
            currency,
          )}
          source={() => listSource(rows)}
          disabled={rows.length === 0}
        />
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table striped={false} highlightOnHover withRowBorders verticalSpacing={3} fz="xs" aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{title.replace('By ', '').replace(/^./, (c) => c.toUpperCase())}</Table.Th>
              <Table.Th ta="right">Dealers</Table.Th>
              <Table.Th ta="right">At risk</Table.Th>
              <Table.Th ta="right">Sales 12 m</Table.Th>
              <Table.Th ta="right">Receivable</Table.Th>
              <Table.Th ta="right">Overdue &gt; 60 d</Table.Th>
              <Table.Th ta="right">Holds 12 m</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => {
              const inGroup = groupFilter(r.group);
              return (
                <Table.Tr key={r.group}>
                  <Table.Td>{r.group}</Table.Td>
                  <Table.Td ta="right">
                    <DrillButton label={`Dealers in ${r.group}`} onClick={() => drill({ label: `${r.group}`, filter: inGroup })}>
                      {formatCount(r.dealers)}
                    </DrillButton>
                  </Table.Td>
                  <Table.Td ta="right">
                    <DrillButton
                      label={`Dealers at risk in ${r.group}`}
                      onClick={() => drill({ label: `At risk in ${r.group}`, filter: { ...inGroup, atRisk: true } })}
                    >
                      <Text span size="xs" c={r.atRisk > 0 ? 'red.7' : undefined} fw={r.atRisk > 0 ? 600 : undefined}>
                        {formatCount(r.atRisk)}
                      </Text>
                    </DrillButton>
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyCell minor={r.sales12Months} currency={currency} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <MoneyCell minor={r.receivableBalance} currency={currency} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <DrillButton
                      label={`Dealers in ${r.group} overdue beyond 60 days`}
                      onClick={() => drill({ label: `Overdue beyond 60 days in ${r.group}`, filter: { ...inGroup, overdue: 'over60' } })}
                    >
                      <MoneyCell minor={r.over60} currency={currency} />
                    </DrillButton>
                  </Table.Td>
                  <Table.Td ta="right">{formatCount(r.holds12Months)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export function BookView({ onOpenDealer }: { onOpenDealer: (d: DealerFigures) => void }) {
  const book = useApiQuery('dashboards.book', {}, { refreshOn: ['replica.changed'] });
  const [drill, setDrill] = useState<Drill | null>(null);
  const data: BookData | null = book.data;

  if (book.error && !data)
    return (
      <Alert color="red" title="The book could not be read">
        {book.error.message}
      </Alert>
    );
  if (!data) return <Skeleton h={400} />;

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Dealer book</Title>
          <Text size="xs" c="dimmed" data-testid="book-as-of">
            Figures for {formatDay(data.asOf.today)} · {asOfText(data.asOf, 'both')} · 12 months from{' '}
            {formatDay(data.periods.last12Months.from)}
          </Text>
        </div>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={book.reload} loading={book.loading}>
          Refresh
        </Button>
      </Group>
      {data.notReady && (
        <Alert color="blue" title="Figures not ready yet">
          {data.notReady}
        </Alert>
      )}
      {!data.notReady && <BookBody data={data} onOpenDealer={onOpenDealer} drill={drill} setDrill={setDrill} />}
    </Stack>
  );
}

function BookBody({
  data,
  onOpenDealer,
  drill,
  setDrill,
}: {
  data: BookData;
  onOpenDealer: (d: DealerFigures) => void;
  drill: Drill | null;
  setDrill: (d: Drill | null) => void;
}) {
  const totals = data.totals;
  const currency = totals.currencies[0] ?? 'INR';
  const dmsAsOf = asOfText(data.asOf, 'dms');
  const funnel = data.holdFunnel;
  const ageingBuckets = [
    { bucket: '1–30 days', key: 'd1To30' as const, amount: totals.ageing.d1To30 },
    { bucket: '31–60 days', key: 'd31To60' as const, amount: totals.ageing.d31To60 },
    { bucket: '61–90 days', key: 'd61To90' as const, amount: totals.ageing.d61To90 },
    { bucket: 'over 90 days', key: 'over90' as const, amount: totals.ageing.over90 },
  ];
  const funnelBars = [
    { stage: 'Held', count: funnel.held, holds: 'held' as const },
    { stage: 'Approved', count: funnel.approved, holds: 'approved' as const },
    { stage: 'Rejected', count: funnel.rejected, holds: 'rejected' as const },
    { stage: 'Cancelled', count: funnel.cancelled, holds: 'cancelled' as const },
    { stage: 'Still open', count: funnel.stillOpen, holds: 'stillOpen' as const },
  ];
  return (
    <>
      {totals.currencies.length > 1 && (
        <Alert color="yellow" title="Several currencies">
          The book holds accounts in {totals.currencies.join(', ')}: totals add amounts of different currencies and are only a rough guide.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="xs">
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Dealers
          </Text>
          <Text fw={650} size="lg">
            {formatCount(totals.dealers)}
          </Text>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            At risk
          </Text>
          <DrillButton label="Show the dealers at risk" onClick={() => setDrill({ label: 'At risk', filter: { atRisk: true } })}>
            <Text fw={650} size="lg" c={totals.atRisk ? 'red.7' : undefined} data-testid="book-at-risk">
              {formatCount(totals.atRisk)}
            </Text>
          </DrillButton>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Receivable balance
          </Text>
          <Text fw={650} size="lg">
            {money(totals.receivableBalance, currency)}
          </Text>
          <Text size="xs" c="dimmed">
            {dmsAsOf}
          </Text>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Overdue beyond 60 days
          </Text>
          <DrillButton
            label="Show the dealers overdue beyond 60 days"
            onClick={() => setDrill({ label: 'Overdue beyond 60 days', filter: { overdue: 'over60' } })}
          >
            <Text fw={650} size="lg">
              {money(totals.overdueOver60, currency)}
            </Text>
          </DrillButton>
          <Text size="xs" c="dimmed">
            {dmsAsOf}
          </Text>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Sales, last 12 months
          </Text>
          <Text fw={650} size="lg">
            {money(totals.sales12Months, currency)}
          </Text>
          <Text size="xs" c="dimmed">
            {dmsAsOf}
          </Text>
        </Paper>
      </SimpleGrid>

      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm">
            Dealers at risk first
          </Text>
          {drill && (
            <Badge
              variant="light"
              size="md"
              tt="none"
              rightSection={<CloseButton size="xs" aria-label="Clear the filter" onClick={() => setDrill(null)} />}
              data-testid="book-filter"
            >
              {drill.label}
            </Badge>
          )}
        </Group>
        <Group gap={6}>
          {(Object.keys(riskReasonText) as RiskReason[]).map((r) => (
            <Button
              key={r}
              size="compact-xs"
              variant="light"
              color={reasonColor[r]}
              onClick={() => setDrill({ label: riskReasonText[r].label, filter: { reason: r } })}
            >
              {riskReasonText[r].label}: {formatCount(totals.byReason[r])}
            </Button>
          ))}
        </Group>
      </Group>
      <section aria-label="Dealer list">
        <DealersTable
          filter={drill?.filter ?? {}}
          title={drill ? `Dealers - ${drill.label}` : 'Dealers at risk first'}
          currency={currency}
          onOpen={onOpenDealer}
        />
      </section>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Breakdown
          title="By region"
          rows={data.byRegion}
          currency={currency}
          drill={setDrill}
          groupFilter={(g) => ({ region: g === '—' ? null : g })}
        />
        <Breakdown
          title="By tier"
          rows={data.byTier}
          currency={currency}
          drill={setDrill}
          groupFilter={(g) => ({ tier: g === '—' ? null : g })}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Paper withBorder p="xs" component="section" aria-label="Hold funnel">
          <Group justify="space-between">
            <Text fw={600} size="sm">
              Hold funnel, last 12 months
            </Text>
            <DefinitionButton metric="holds" />
          </Group>
          <Text size="xs" c="dimmed">
            Median time to decision {formatMinutes(funnel.medianMinutesToDecision)} over {formatCount(funnel.decided)} decided holds ·{' '}
            {asOfText(data.asOf, 'platform')}
          </Text>
          <BarChart
            h={180}
            data={funnelBars.map((b) => ({ stage: b.stage, Holds: b.count }))}
            dataKey="stage"
            series={[{ name: 'Holds', color: 'blue.6' }]}
            orientation="vertical"
            yAxisProps={{ width: 80 }}
            valueFormatter={(v) => formatCount(v)}
            tooltipAnimationDuration={0}
            gridAxis="x"
          />
          <Group gap={6} mt={4}>
            {funnelBars.map((b) => (
              <Button
                key={b.stage}
                size="compact-xs"
                variant="default"
                onClick={() => setDrill({ label: `Holds ${b.stage.toLowerCase()}, last 12 months`, filter: { holds: b.holds } })}
              >
                {b.stage}: {formatCount(b.count)}
              </Button>
            ))}
          </Group>
        </Paper>
        <Paper withBorder p="xs" component="section" aria-label="Overdue ageing of the book">
          <Group justify="space-between">
            <Text fw={600} size="sm">
              Overdue ageing of the book
            </Text>
            <DefinitionButton metric="overdueAgeing" />
          </Group>
          <Text size="xs" c="dimmed">
            Outstanding by days past due on {formatDay(data.asOf.today)} · {dmsAsOf}
          </Text>
          <BarChart
            h={180}
            data={ageingBuckets.map((b) => ({ bucket: b.bucket, Outstanding: b.amount }))}
            dataKey="bucket"
            series={[{ name: 'Outstanding', color: 'orange.6' }]}
            valueFormatter={(v) => money(v, currency)}
            yAxisProps={{ tickFormatter: (v: number) => formatMoneyCompact(v, currency), width: 70 }}
            tooltipAnimationDuration={0}
            gridAxis="y"
          />
          <Group gap={6} mt={4}>
            {ageingBuckets.map((b) => (
              <Button
                key={b.key}
                size="compact-xs"
                variant="default"
                onClick={() => setDrill({ label: `Overdue ${b.bucket}`, filter: { overdue: b.key } })}
              >
                {b.bucket}: {formatMoneyCompact(b.amount, currency)}
              </Button>
            ))}
          </Group>
        </Paper>
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        A dealer is at risk when any of these holds:{' '}
        {Object.values(riskReasonText)
          .map((r) => r.rule.replace(/\.$/, '').replace(/^(Credit|An|More) /, (w) => w.toLowerCase()))
          .join('; ')}
        . The previous 90 days run from {formatDay(data.periods.previous90Days.from)} to {formatDay(data.periods.previous90Days.to)}. DSO:{' '}
        {metricDefinitions.dso.definition}
      </Text>
    </>
  );
}
