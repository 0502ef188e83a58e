// The book (issue 11): every dealer, at-risk first, in one virtualised table ("Dealers at risk"); the book's
// totals, breakdowns by region and tier, overdue ageing and the hold funnel, where every figure drills down
// to the dealers behind it (a filter on the table), and every dealer opens its dashboard (click or Enter).
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
import { useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import {
  metricDefinitions,
  riskReasonText,
  type BookView as BookData,
  type BreakdownRow,
  type DealerFigures,
  type RiskReason,
} from '../../../shared/dashboards';
import { useApiQuery } from '../../api/hooks';
import { formatCount } from '../../app/format';
import { asOfText, formatDay, formatMinutes, formatMoneyCompact, formatPercent, money, moneyWhole } from './dashboardFormat';
import { DefinitionButton } from './MetricFigure';

/** A drill-down: the dealers behind a figure. */
export interface BookFilter {
  label: string;
  test: (d: DealerFigures) => boolean;
}

type SortKey = 'risk' | 'name' | 'utilisation' | 'over60' | 'dso' | 'holds' | 'sales' | 'balance' | 'fill' | 'onTime';

interface Column {
  key: SortKey | null;
  header: string;
  width: string;
  align?: 'right';
  cell: (d: DealerFigures) => ReactNode;
  sortValue?: (d: DealerFigures) => number | string | null;
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
    width: 'minmax(210px, 2.4fr)',
    cell: (d) => (
      <span>
        {d.name}{' '}
        <Text span size="xs" c="dimmed">
          {d.dealerCode}
        </Text>
      </span>
    ),
    sortValue: (d) => d.name,
  },
  { key: null, header: 'Region', width: '70px', cell: (d) => d.region ?? '—' },
  { key: null, header: 'Tier', width: '64px', cell: (d) => d.tier ?? '—' },
  {
    key: 'risk',
    header: 'At risk because',
    width: 'minmax(230px, 2fr)',
    cell: (d) => <RiskBadges reasons={d.riskReasons} short />,
    sortValue: (d) => d.riskReasons.length,
  },
  {
    key: 'utilisation',
    header: 'Utilisation',
    width: '78px',
    align: 'right',
    cell: (d) =>
      d.noLimit ? (
        <Text span size="xs" c="dimmed">
          no limit
        </Text>
      ) : (
        formatPercent(d.utilisation, 0)
      ),
    sortValue: (d) => d.utilisation,
  },
  {
    key: 'over60',
    header: 'Overdue > 60 d',
    width: '112px',
    align: 'right',
    cell: (d) => (d.overdueOver60 ? <MoneyCell minor={d.overdueOver60} currency={d.currency} /> : '—'),
    sortValue: (d) => d.overdueOver60,
  },
  { key: 'dso', header: 'DSO (Δ)', width: '80px', align: 'right', cell: dsoCell, sortValue: (d) => d.dso },
  {
    key: 'holds',
    header: 'Holds 90 d (prev.)',
    width: '118px',
    align: 'right',
    cell: (d) => `${d.holds90Days} (${d.holdsPrevious90Days})`,
    sortValue: (d) => d.holds90Days,
  },
  {
    key: 'sales',
    header: 'Sales 12 m',
    width: '118px',
    align: 'right',
    cell: (d) => <MoneyCell minor={d.sales12Months} currency={d.currency} />,
    sortValue: (d) => d.sales12Months,
  },
  {
    key: 'balance',
    header: 'Receivable',
    width: '118px',
    align: 'right',
    cell: (d) => <MoneyCell minor={d.receivableBalance} currency={d.currency} />,
    sortValue: (d) => d.receivableBalance,
  },
  { key: 'fill', header: 'Fill', width: '52px', align: 'right', cell: (d) => formatPercent(d.fillRate, 0), sortValue: (d) => d.fillRate },
  {
    key: 'onTime',
    header: 'On time',
    width: '62px',
    align: 'right',
    cell: (d) => formatPercent(d.onTimeDelivery, 0),
    sortValue: (d) => d.onTimeDelivery,
  },
];

const gridTemplate = columns.map((c) => c.width).join(' ');
const rowHeight = 32;

function compare(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b) : (a as number) - (b as number);
}

/** The at-risk table: every dealer (filtered by the drill-down), virtualised; Enter or click opens one. */
function DealersTable({ dealers, onOpen }: { dealers: DealerFigures[]; onOpen: (d: DealerFigures) => void }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'risk', desc: true });
  const sorted = useMemo(() => {
    if (sort.key === 'risk') return sort.desc ? dealers : [...dealers].reverse();
    const column = columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return dealers;
    const value = column.sortValue;
    return [...dealers].sort((a, b) => (sort.desc ? -1 : 1) * compare(value(a), value(b)) || a.name.localeCompare(b.name));
  }, [dealers, sort]);
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const activeIndex = Math.min(active, Math.max(0, sorted.length - 1));

  const onKeyDown = (e: ReactKeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      const next = Math.max(0, Math.min(sorted.length - 1, to));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    };
    if (e.key === 'ArrowDown') move(activeIndex + 1);
    else if (e.key === 'ArrowUp') move(activeIndex - 1);
    else if (e.key === 'PageDown') move(activeIndex + 15);
    else if (e.key === 'PageUp') move(activeIndex - 15);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(sorted.length - 1);
    else if (e.key === 'Enter') {
      const d = sorted[activeIndex];
      if (d) {
        e.preventDefault();
        onOpen(d);
      }
    }
  };

  return (
    <div
      ref={scrollRef}
      className="dd-book-scroll"
      role="table"
      aria-label="Dealers at risk"
      aria-rowcount={sorted.length + 1}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-activedescendant={sorted[activeIndex] ? `book-row-${activeIndex}` : undefined}
    >
      <div role="rowgroup">
        <div role="row" className="dd-book-head" style={{ gridTemplateColumns: gridTemplate }} aria-rowindex={1}>
          {columns.map((c) => (
            <div
              key={c.header}
              role="columnheader"
              style={{ textAlign: c.align ?? 'left' }}
              aria-sort={c.key && sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : undefined}
            >
              {c.key ? (
                <UnstyledButton
                  className="dd-book-sort"
                  onClick={() => setSort((s) => ({ key: c.key as SortKey, desc: s.key === c.key ? !s.desc : true }))}
                >
                  {c.header}
                  {sort.key === c.key && (sort.desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />)}
                </UnstyledButton>
              ) : (
                c.header
              )}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const d = sorted[item.index];
          if (!d) return null;
          const selected = item.index === activeIndex;
          return (
            <div
              key={`${d.dealerCode}:${d.accountId ?? ''}`}
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
  );
}

function DrillButton({ children, onClick, label }: { children: ReactNode; onClick: () => void; label: string }) {
  return (
    <UnstyledButton onClick={onClick} aria-label={label} className="dd-drill" fz="inherit">
      {children}
    </UnstyledButton>
  );
}

function Breakdown({
  title,
  rows,
  currency,
  drill,
  groupTest,
}: {
  title: string;
  rows: BreakdownRow[];
  currency: string;
  drill: (f: BookFilter) => void;
  groupTest: (group: string) => (d: DealerFigures) => boolean;
}) {
  return (
    <Paper withBorder p="xs">
      <Text fw={600} size="sm" mb={4}>
        {title}
      </Text>
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
              const inGroup = groupTest(r.group);
              return (
                <Table.Tr key={r.group}>
                  <Table.Td>{r.group}</Table.Td>
                  <Table.Td ta="right">
                    <DrillButton label={`Dealers in ${r.group}`} onClick={() => drill({ label: `${r.group}`, test: inGroup })}>
                      {formatCount(r.dealers)}
                    </DrillButton>
                  </Table.Td>
                  <Table.Td ta="right">
                    <DrillButton
                      label={`Dealers at risk in ${r.group}`}
                      onClick={() => drill({ label: `At risk in ${r.group}`, test: (d) => inGroup(d) && d.riskReasons.length > 0 })}
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
                      onClick={() =>
                        drill({ label: `Overdue beyond 60 days in ${r.group}`, test: (d) => inGroup(d) && d.overdueOver60 > 0 })
                      }
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

function sumBy(dealers: readonly DealerFigures[], value: (d: DealerFigures) => number): number {
  return dealers.reduce((s, d) => s + value(d), 0);
}

export function BookView({ onOpenDealer }: { onOpenDealer: (d: DealerFigures) => void }) {
  const book = useApiQuery('dashboards.book', {}, { refreshOn: ['replica.changed'] });
  const [filter, setFilter] = useState<BookFilter | null>(null);
  const data: BookData | null = book.data;
  const dealers = useMemo(() => (data ? (filter ? data.dealers.filter(filter.test) : data.dealers) : []), [data, filter]);

  if (book.error && !data)
    return (
      <Alert color="red" title="The book could not be read">
        {book.error.message}
      </Alert>
    );
  if (!data) return <Skeleton h={400} />;
  const currency = data.dealers[0]?.currency ?? 'INR';
  const atRisk = data.dealers.filter((d) => d.riskReasons.length > 0);
  const dmsAsOf = asOfText(data.asOf, 'dms');
  const funnel = data.holdFunnel;
  const ageing = {
    d1To30: sumBy(data.dealers, (d) => d.ageing.d1To30),
    d31To60: sumBy(data.dealers, (d) => d.ageing.d31To60),
    d61To90: sumBy(data.dealers, (d) => d.ageing.d61To90),
    over90: sumBy(data.dealers, (d) => d.ageing.over90),
  };
  const ageingBuckets = [
    { bucket: '1–30 days', key: 'd1To30' as const, amount: ageing.d1To30 },
    { bucket: '31–60 days', key: 'd31To60' as const, amount: ageing.d31To60 },
    { bucket: '61–90 days', key: 'd61To90' as const, amount: ageing.d61To90 },
    { bucket: 'over 90 days', key: 'over90' as const, amount: ageing.over90 },
  ];
  const funnelBars = [
    { stage: 'Held', count: funnel.held, test: (d: DealerFigures) => d.holds12Months.held > 0 },
    { stage: 'Approved', count: funnel.approved, test: (d: DealerFigures) => d.holds12Months.approved > 0 },
    { stage: 'Rejected', count: funnel.rejected, test: (d: DealerFigures) => d.holds12Months.rejected > 0 },
    { stage: 'Cancelled', count: funnel.cancelled, test: (d: DealerFigures) => d.holds12Months.cancelled > 0 },
    { stage: 'Still open', count: funnel.stillOpen, test: (d: DealerFigures) => d.holds12Months.stillOpen > 0 },
  ];

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
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="xs">
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Dealers
          </Text>
          <Text fw={650} size="lg">
            {formatCount(data.dealers.length)}
          </Text>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            At risk
          </Text>
          <DrillButton
            label="Show the dealers at risk"
            onClick={() => setFilter({ label: 'At risk', test: (d) => d.riskReasons.length > 0 })}
          >
            <Text fw={650} size="lg" c={atRisk.length ? 'red.7' : undefined}>
              {formatCount(atRisk.length)}
            </Text>
          </DrillButton>
        </Paper>
        <Paper withBorder p="xs">
          <Text size="xs" c="dimmed">
            Receivable balance
          </Text>
          <Text fw={650} size="lg">
            {money(
              sumBy(data.dealers, (d) => d.receivableBalance),
              currency,
            )}
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
            onClick={() => setFilter({ label: 'Overdue beyond 60 days', test: (d) => d.overdueOver60 > 0 })}
          >
            <Text fw={650} size="lg">
              {money(
                sumBy(data.dealers, (d) => d.overdueOver60),
                currency,
              )}
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
            {money(
              sumBy(data.dealers, (d) => d.sales12Months),
              currency,
            )}
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
          <Text size="xs" c="dimmed">
            {formatCount(dealers.length)} shown · ↑↓ to move, Enter opens the dealer
          </Text>
          {filter && (
            <Badge
              variant="light"
              size="md"
              tt="none"
              rightSection={<CloseButton size="xs" aria-label="Clear the filter" onClick={() => setFilter(null)} />}
              data-testid="book-filter"
            >
              {filter.label}
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
              onClick={() => setFilter({ label: riskReasonText[r].label, test: (d) => d.riskReasons.includes(r) })}
            >
              {riskReasonText[r].label}: {formatCount(data.dealers.filter((d) => d.riskReasons.includes(r)).length)}
            </Button>
          ))}
        </Group>
      </Group>
      <DealersTable dealers={dealers} onOpen={onOpenDealer} />

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Breakdown
          title="By region"
          rows={data.byRegion}
          currency={currency}
          drill={setFilter}
          groupTest={(g) => (d) => (d.region ?? '—') === g}
        />
        <Breakdown
          title="By tier"
          rows={data.byTier}
          currency={currency}
          drill={setFilter}
          groupTest={(g) => (d) => (d.tier ?? '—') === g}
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
                onClick={() => setFilter({ label: `Holds ${b.stage.toLowerCase()}`, test: b.test })}
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
                onClick={() => setFilter({ label: `Overdue ${b.bucket}`, test: (d) => d.ageing[b.key] > 0 })}
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
    </Stack>
  );
}
