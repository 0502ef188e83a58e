// One dealer's dashboard (issue 11): its headline figures (the same numbers as in the book), sales by month
// beside the previous year, credit limit against exposure over time, overdue ageing, holds and how they were
// decided, top SKUs, and where it stands against its region and tier. Every figure carries its as-of time
// and its definition a click away.
import { Alert, Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { BarChart, LineChart } from '@mantine/charts';
import { IconArrowLeft, IconFileInvoice, IconRefresh } from '@tabler/icons-react';
import { metricDefinitions, type DealerDashboardView, type MetricId, type PercentileView } from '../../../shared/dashboards';
import { useApiQuery } from '../../api/hooks';
import { ExportButtons } from '../../app/export/ExportButtons';
import { formatCompactDateTime, formatCount } from '../../app/format';
import { RiskBadges } from './BookView';
import { asOfText, formatDay, formatDays, formatMinutes, formatMoneyCompact, formatMonth, formatPercent, money } from './dashboardFormat';
import { holdExportColumns, listSource, percentileExportColumns, topSkuExportColumns } from './dashboardExports';
import { DefinitionButton, MetricFigure } from './MetricFigure';

const outcomeLabel = { approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled', still_open: 'Still open' } as const;
const outcomeColor = { approved: 'teal', rejected: 'red', cancelled: 'gray', still_open: 'yellow' } as const;

function ChartPanel({
  title,
  metric,
  asOf,
  children,
  label,
  actions,
}: {
  title: string;
  metric: MetricId;
  asOf: string;
  children: React.ReactNode;
  label: string;
  actions?: React.ReactNode;
}) {
  return (
    <Paper withBorder p="xs" component="section" aria-label={label}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        <Group gap={4} wrap="nowrap">
          {actions}
          <DefinitionButton metric={metric} />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {asOf}
      </Text>
      {children}
    </Paper>
  );
}

function percentileText(p: number | null, peers: number): string {
  if (p === null) return '—';
  return `${p.toFixed(0)}th of ${formatCount(peers)}`;
}

function Percentiles({
  rows,
  region,
  tier,
  figures,
}: {
  rows: PercentileView[];
  region: string | null;
  tier: string | null;
  figures: DealerDashboardView['figures'];
}) {
  const show = (metric: MetricId, value: number | null) => {
    if (value === null) return '—';
    if (metric === 'creditUtilisation' || metric === 'fillRate' || metric === 'returnRate' || metric === 'onTimeDelivery')
      return formatPercent(value);
    if (metric === 'dso') return formatDays(value);
    if (metric === 'holds') return formatCount(value);
    return money(value, figures.currency);
  };
  return (
    <Table verticalSpacing={3} fz="xs" aria-label="Percentiles against region and tier" withRowBorders>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Metric</Table.Th>
          <Table.Th ta="right">This dealer</Table.Th>
          <Table.Th ta="right">Percentile in {region ?? 'region'}</Table.Th>
          <Table.Th ta="right">Percentile in {tier ?? 'tier'}</Table.Th>
          <Table.Th>Better is</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((p) => {
          const d = metricDefinitions[p.metric];
          return (
            <Table.Tr key={p.metric}>
              <Table.Td>
                {d.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({p.metric === 'sales' ? '12 months' : p.metric === 'overdueAgeing' ? 'overdue total' : d.period})
                </Text>
              </Table.Td>
              <Table.Td ta="right">{show(p.metric, p.value)}</Table.Td>
              <Table.Td ta="right">{percentileText(p.regionPercentile, p.regionPeers)}</Table.Td>
              <Table.Td ta="right">{percentileText(p.tierPercentile, p.tierPeers)}</Table.Td>
              <Table.Td c="dimmed">{d.better === 'higher' ? 'higher' : d.better === 'lower' ? 'lower' : '—'}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function DealerDashboard({ dealer, onBack, onStatement }: { dealer: string; onBack: () => void; onStatement: () => void }) {
  const view = useApiQuery('dashboards.dealer', { dealer }, { refreshOn: ['replica.changed'] });
  const data = view.data;
  if (view.error && !data)
    return (
      <Stack>
        <Alert color="red" title="This dealer's dashboard could not open">
          {view.error.message}
        </Alert>
        <Group>
          <Button variant="default" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Back to the book
          </Button>
        </Group>
      </Stack>
    );
  if (!data) return <Skeleton h={500} />;
  const f = data.figures;
  const cur = f.currency;
  const dms = asOfText(data.asOf, 'dms');
  const platform = asOfText(data.asOf, 'platform');
  const periods = data.periods;
  const last12 = `${formatDay(periods.last12Months.from)} – ${formatDay(periods.last12Months.to)}`;
  const holdsTotal = f.holds12Months;
  const overdue = f.ageing.d1To30 + f.ageing.d31To60 + f.ageing.d61To90 + f.ageing.over90;

  return (
    <Stack gap="sm" component="section" aria-label="Dealer dashboard">
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <div>
          <Group gap="xs">
            <Title order={2} data-testid="dealer-name">
              {f.name}
            </Title>
            <Badge variant="outline" tt="none">
              {f.dealerCode}
            </Badge>
            {f.region && (
              <Badge variant="light" tt="none">
                {f.region}
              </Badge>
            )}
            {f.tier && (
              <Badge variant="light" color="gray" tt="none">
                {f.tier}
              </Badge>
            )}
            {data.blocked && <Badge color="red">On stop in the DMS</Badge>}
          </Group>
          <Group gap="xs" mt={4}>
            <RiskBadges reasons={f.riskReasons} />
          </Group>
          <Text size="xs" c="dimmed" mt={2}>
            Figures for {formatDay(data.asOf.today)} · {asOfText(data.asOf, 'both')}
          </Text>
        </div>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Book
          </Button>
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={view.reload} loading={view.loading}>
            Refresh
          </Button>
          <Button size="xs" leftSection={<IconFileInvoice size={14} />} onClick={onStatement}>
            Statement
          </Button>
        </Group>
      </Group>
      {data.notReady && (
        <Alert color="blue" title="Figures not ready yet">
          {data.notReady}
        </Alert>
      )}

      {/* Headline figures come from the aggregates: not shown until they are ready. */}
      {!data.notReady && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
          <MetricFigure
            metric="creditUtilisation"
            testId="figure-utilisation"
            value={f.noLimit ? 'no limit' : formatPercent(f.utilisation)}
            tone={f.utilisation !== null && f.utilisation > 0.9 ? 'alert' : 'normal'}
            detail={
              f.creditLimit === null
                ? 'No DMS account'
                : `${money((f.balance ?? 0) + (f.unbilled ?? 0), cur)} of ${money(f.creditLimit, cur)}`
            }
            workings={
              <Text size="xs">
                Balance {money(f.balance, cur)} + unbilled {money(f.unbilled, cur)} = {money((f.balance ?? 0) + (f.unbilled ?? 0), cur)};
                credit limit {money(f.creditLimit, cur)}.
              </Text>
            }
            asOf={dms}
          />
          <MetricFigure
            metric="dso"
            testId="figure-dso"
            value={formatDays(f.dso)}
            tone={f.riskReasons.includes('dsoRise') ? 'alert' : 'normal'}
            detail={`90 days ago ${formatDays(f.dso90DaysAgo)}`}
            workings={
              <Text size="xs">
                {money(f.receivableBalance, cur)} / {money(f.sales90Days, cur)} × 90 (sales {formatDay(periods.last90Days.from)} –{' '}
                {formatDay(periods.last90Days.to)}). 90 days ago: {money(f.receivableBalance90DaysAgo, cur)} /{' '}
                {money(f.salesPrevious90Days, cur)} × 90.
              </Text>
            }
            asOf={dms}
          />
          <MetricFigure
            metric="overdueAgeing"
            testId="figure-overdue"
            value={money(overdue, cur)}
            tone={f.overdueOver60 > 0 ? 'alert' : 'normal'}
            detail={`Overdue total; oldest ${formatCount(data.oldestOverdueDays)} days past due`}
            asOf={dms}
          />
          <MetricFigure
            metric="fillRate"
            testId="figure-fill-rate"
            value={formatPercent(f.fillRate)}
            detail={`${formatCount(f.deliveredQty12Months)} of ${formatCount(f.orderedQty12Months)} units`}
            workings={<Text size="xs">Orders delivered {last12}.</Text>}
            asOf={dms}
          />
          <MetricFigure
            metric="returnRate"
            testId="figure-return-rate"
            value={formatPercent(f.returnRate, 2)}
            detail={`${money(f.returnCredits12Months, cur)} of ${money(f.sales12Months, cur)}`}
            workings={<Text size="xs">Returns and invoices {last12}.</Text>}
            asOf={dms}
          />
          <MetricFigure
            metric="onTimeDelivery"
            testId="figure-on-time"
            value={formatPercent(f.onTimeDelivery)}
            detail={`${formatCount(f.onTimeDeliveries12Months)} of ${formatCount(f.deliveries12Months)} deliveries`}
            workings={<Text size="xs">Deliveries {last12}.</Text>}
            asOf={dms}
          />
          <MetricFigure
            metric="holds"
            testId="figure-holds"
            value={formatCount(holdsTotal.held)}
            tone={f.riskReasons.includes('holdsRise') ? 'alert' : 'normal'}
            detail={`${f.holds90Days} in 90 days (previous ${f.holdsPrevious90Days}) · median ${formatMinutes(data.medianMinutesToDecision)}`}
            asOf={platform}
          />
          <MetricFigure
            metric="sales"
            label="Sales"
            testId="figure-sales"
            value={money(f.sales12Months, cur)}
            detail="Last 12 months"
            workings={<Text size="xs">Invoices {last12}.</Text>}
            asOf={dms}
          />
        </SimpleGrid>
      )}

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <ChartPanel title="Sales by month, with the previous year" metric="sales" asOf={dms} label="Sales by month">
          <BarChart
            h={220}
            data={data.salesByMonth.map((m) => ({ month: formatMonth(m.month), 'This year': m.sales, 'Previous year': m.previousYear }))}
            dataKey="month"
            series={[
              { name: 'Previous year', color: 'gray.5' },
              { name: 'This year', color: 'blue.6' },
            ]}
            withLegend
            valueFormatter={(v) => money(v, cur)}
            yAxisProps={{ tickFormatter: (v: number) => formatMoneyCompact(v, cur), width: 70 }}
            tooltipAnimationDuration={0}
            gridAxis="y"
          />
        </ChartPanel>
        <ChartPanel title="Credit limit against exposure" metric="creditUtilisation" asOf={dms} label="Credit limit against exposure">
          <LineChart
            h={220}
            data={data.exposure.map((p) => ({
              day: p.day === data.asOf.today ? 'Today' : formatMonth(p.day.slice(0, 7)),
              Exposure: p.exposure,
              'Credit limit': p.creditLimit,
            }))}
            dataKey="day"
            series={[
              { name: 'Exposure', color: 'orange.6' },
              { name: 'Credit limit', color: 'teal.6' },
            ]}
            withLegend
            curveType="linear"
            connectNulls={false}
            valueFormatter={(v) => money(v, cur)}
            yAxisProps={{ tickFormatter: (v: number) => formatMoneyCompact(v, cur), width: 70 }}
            tooltipAnimationDuration={0}
            gridAxis="y"
          />
          <Text size="xs" c="dimmed">
            At each month end: receivable balance (invoices less payments and return credits to date) plus unbilled DMS orders (order totals
            less what was invoiced on them, cancelled, or left undispatched at closing); the limit in force then (from the DMS accounts this
            desk saw and the platform’s credit checks).
          </Text>
        </ChartPanel>
        <ChartPanel title="Overdue ageing" metric="overdueAgeing" asOf={dms} label="Overdue ageing">
          <BarChart
            h={200}
            data={[
              { bucket: 'Not due', Outstanding: f.ageing.notDue },
              { bucket: '1–30', Outstanding: f.ageing.d1To30 },
              { bucket: '31–60', Outstanding: f.ageing.d31To60 },
              { bucket: '61–90', Outstanding: f.ageing.d61To90 },
              { bucket: 'Over 90', Outstanding: f.ageing.over90 },
            ]}
            dataKey="bucket"
            series={[{ name: 'Outstanding', color: 'orange.6' }]}
            valueFormatter={(v) => money(v, cur)}
            yAxisProps={{ tickFormatter: (v: number) => formatMoneyCompact(v, cur), width: 70 }}
            tooltipAnimationDuration={0}
            gridAxis="y"
          />
        </ChartPanel>
        <ChartPanel
          title="Holds in the last 12 months and how they were decided"
          metric="holds"
          asOf={platform}
          label="Holds"
          actions={
            <ExportButtons
              title={`Holds ${f.dealerCode}`}
              columns={holdExportColumns(cur)}
              source={() => listSource(data.holds)}
              disabled={data.holds.length === 0}
            />
          }
        >
          <Group gap="xs" mb={6}>
            {(['approved', 'rejected', 'cancelled', 'still_open'] as const).map((o) => (
              <Badge key={o} variant="light" color={outcomeColor[o]} tt="none">
                {outcomeLabel[o]}: {formatCount(o === 'still_open' ? holdsTotal.stillOpen : holdsTotal[o])}
              </Badge>
            ))}
            <Text size="xs" c="dimmed">
              Median time to decision {formatMinutes(data.medianMinutesToDecision)}
            </Text>
          </Group>
          {data.holds.length === 0 ? (
            <Text size="sm" c="dimmed">
              No holds in the last 12 months.
            </Text>
          ) : (
            <div style={{ maxHeight: 220, overflow: 'auto' }}>
              <Table verticalSpacing={2} fz="xs" stickyHeader aria-label="Holds" withRowBorders>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Order</Table.Th>
                    <Table.Th>Held</Table.Th>
                    <Table.Th>Reasons</Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th ta="right">To decision</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.holds.map((h) => (
                    <Table.Tr key={h.orderId}>
                      <Table.Td>{h.orderNumber}</Table.Td>
                      <Table.Td>{formatCompactDateTime(h.heldAt)}</Table.Td>
                      <Table.Td>{h.reasons.join(', ').replaceAll('_', ' ')}</Table.Td>
                      <Table.Td ta="right">{money(h.total, cur)}</Table.Td>
                      <Table.Td>
                        <Text span size="xs" c={outcomeColor[h.outcome]}>
                          {outcomeLabel[h.outcome]}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">{formatMinutes(h.minutesToDecision)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          )}
        </ChartPanel>
        <Paper withBorder p="xs" component="section" aria-label="Top SKUs">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600} size="sm">
              Top SKUs, last 12 months
            </Text>
            <ExportButtons
              title={`Top SKUs ${f.dealerCode}`}
              columns={topSkuExportColumns(cur)}
              source={() => listSource(data.topSkus)}
              disabled={data.topSkus.length === 0}
            />
          </Group>
          <Text size="xs" c="dimmed" mb={4}>
            Ordered value with tax of DMS orders created {last12}, cancelled orders excluded · {dms}
          </Text>
          {data.topSkus.length === 0 ? (
            <Text size="sm" c="dimmed">
              No orders in the last 12 months.
            </Text>
          ) : (
            <Table verticalSpacing={2} fz="xs" aria-label="Top SKUs" withRowBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>SKU</Table.Th>
                  <Table.Th>Product</Table.Th>
                  <Table.Th ta="right">Qty</Table.Th>
                  <Table.Th ta="right">Orders</Table.Th>
                  <Table.Th ta="right">Value</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.topSkus.map((s) => (
                  <Table.Tr key={s.sku}>
                    <Table.Td>{s.sku}</Table.Td>
                    <Table.Td>{s.name ?? '—'}</Table.Td>
                    <Table.Td ta="right">{formatCount(s.orderedQty)}</Table.Td>
                    <Table.Td ta="right">{formatCount(s.orders)}</Table.Td>
                    <Table.Td ta="right">{money(s.value, cur)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="xs" component="section" aria-label="Against region and tier">
          <Group justify="space-between" wrap="nowrap">
            <Text fw={600} size="sm">
              Where {f.name} stands against its region and tier
            </Text>
            <ExportButtons
              title={`Percentiles ${f.dealerCode}`}
              columns={percentileExportColumns()}
              source={() => listSource(data.percentiles)}
              disabled={data.percentiles.length === 0}
            />
          </Group>
          <Text size="xs" c="dimmed" mb={4}>
            Percentile rank among dealers with a value: the share below, plus half the ties · {asOfText(data.asOf, 'both')}
          </Text>
          <Percentiles rows={data.percentiles} region={data.region} tier={data.tier} figures={f} />
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
