// The exposure behind a hold, as a region named "Exposure": what the platform decided at placement beside
// what is true now (the platform's formula on the replica's figures), the change, and each figure's as-of.
import { Badge, Group, Table, Text, Tooltip } from '@mantine/core';
import type { HoldDetailView } from '../../../shared/api/features/credit';
import { holdReasonLabels } from '../../../shared/credit/holds';
import { formatCompactDateTime, formatMoney } from '../../app/format';
import { asOfWords } from './holdFormat';

function Money({ value, currency, tone, upIsGood }: { value: number | null; currency: string; tone?: 'delta'; upIsGood?: boolean }) {
  if (value === null) {
    return (
      <Text span size="xs" c="dimmed">
        —
      </Text>
    );
  }
  const good = upIsGood ? value > 0 : value < 0;
  const color = tone === 'delta' ? (value === 0 ? 'dimmed' : good ? 'teal' : 'red') : undefined;
  const text = tone === 'delta' && value > 0 ? `+${formatMoney(value, currency)}` : formatMoney(value, currency);
  return (
    <Text span size="xs" c={color} className="dd-holds-num">
      {tone === 'delta' && value === 0 ? '—' : text}
    </Text>
  );
}

function AsOf({ at, what }: { at: string | null; what: string }) {
  return (
    <Tooltip label={at ? `${what}: ${formatCompactDateTime(at)}` : what}>
      <Text span size="xs" c="dimmed">
        {asOfWords(at)}
      </Text>
    </Tooltip>
  );
}

export function ExposurePanel({ detail }: { detail: HoldDetailView }) {
  const { placement, exposure: now, row } = detail;
  const c = row.currency;
  const dmsAsOf = now?.dmsAsOf ?? null;
  const platformAsOf = now?.platformAsOf ?? null;
  const dmsWhat = `Read from the DMS at this time${now?.dmsUpdatedAt ? `; the account last changed there at ${formatCompactDateTime(now.dmsUpdatedAt)}` : ''}`;
  const delta = (after: number | null, before: number | null) => (after === null || before === null ? null : after - before);
  const lines: {
    label: string;
    indent?: boolean;
    placed: number | null;
    current: number | null;
    deltaOf?: boolean;
    upIsGood?: boolean;
    asOf: string | null;
    asOfWhat: string;
    strong?: boolean;
  }[] = [
    {
      label: 'Credit limit',
      placed: placement.creditLimit,
      current: now?.creditLimit ?? null,
      deltaOf: true,
      upIsGood: true,
      asOf: dmsAsOf,
      asOfWhat: dmsWhat,
    },
    { label: 'DMS balance', placed: null, current: now?.balance ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat, strong: true },
    { label: 'Not due', indent: true, placed: null, current: now?.ageing.notDue ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    { label: '1–30 days', indent: true, placed: null, current: now?.ageing.d1To30 ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    { label: '31–60 days', indent: true, placed: null, current: now?.ageing.d31To60 ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    { label: '61–90 days', indent: true, placed: null, current: now?.ageing.d61To90 ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    { label: 'Over 90 days', indent: true, placed: null, current: now?.ageing.d90Plus ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    { label: 'DMS unbilled', placed: null, current: now?.unbilled ?? null, asOf: dmsAsOf, asOfWhat: dmsWhat },
    {
      label: `Orders not handed over${now ? ` (${now.notHandedOverCount})` : ''}`,
      placed: null,
      current: now?.notHandedOver ?? null,
      asOf: platformAsOf,
      asOfWhat: 'Read from the platform at this time',
    },
    {
      label: 'This order',
      placed: row.total,
      current: row.total,
      asOf: detail.orderUpdatedAt,
      asOfWhat: 'The order as last changed on the platform',
    },
    {
      label: 'Exposure with this order',
      placed: placement.exposure,
      current: now?.exposureAfter ?? null,
      deltaOf: true,
      asOf: dmsAsOf,
      asOfWhat: dmsWhat,
      strong: true,
    },
    {
      label: 'Available after',
      placed: placement.availableAfter,
      current: now?.availableAfter ?? null,
      deltaOf: true,
      upIsGood: true,
      asOf: dmsAsOf,
      asOfWhat: dmsWhat,
      strong: true,
    },
    { label: 'Excess over the limit', placed: row.excess, current: now?.excess ?? null, deltaOf: true, asOf: dmsAsOf, asOfWhat: dmsWhat },
  ];
  return (
    <section role="region" aria-label="Exposure" className="dd-holds-section">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          Exposure
        </Text>
        {now ? (
          <Badge size="sm" variant="light" color={now.recheck.wouldHold ? 'orange' : 'teal'} tt="none">
            {now.recheck.wouldHold
              ? `On today's figures the platform would still hold it: ${now.recheck.reasons.map((r) => holdReasonLabels[r].toLowerCase()).join(', ')}`
              : "On today's figures the platform would pass it"}
          </Badge>
        ) : (
          <Badge size="sm" variant="light" color="gray" tt="none">
            The DMS has no account for {row.dealerCode ?? 'this dealer'} yet
          </Badge>
        )}
      </Group>
      <Table fz="xs" verticalSpacing={2} horizontalSpacing={6} withRowBorders={false} className="dd-holds-figures">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th ta="right">
              At placement
              <Text size="xs" c="dimmed" fw={400}>
                {asOfWords(placement.checkedAt)}
              </Text>
            </Table.Th>
            <Table.Th ta="right">
              Now
              <Text size="xs" c="dimmed" fw={400}>
                re-checked
              </Text>
            </Table.Th>
            <Table.Th ta="right">Change</Table.Th>
            <Table.Th>As of</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={l.label}>
              <Table.Td pl={l.indent ? 18 : 6}>
                <Text span size="xs" fw={l.strong ? 600 : undefined} c={l.indent ? 'dimmed' : undefined}>
                  {l.label}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Money value={l.placed} currency={c} />
              </Table.Td>
              <Table.Td ta="right">
                <Money value={l.current} currency={c} />
              </Table.Td>
              <Table.Td ta="right">
                {l.deltaOf ? <Money value={delta(l.current, l.placed)} currency={c} tone="delta" upIsGood={l.upIsGood ?? false} /> : null}
              </Table.Td>
              <Table.Td>
                <AsOf at={l.asOf} what={l.asOfWhat} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {now && (
        <Text size="xs" c="dimmed" mt={4}>
          Overdue {formatMoney(now.overdue, c)}, oldest {now.oldestOverdueDays} days{now.blocked ? ' · account blocked in the DMS' : ''}
          {now.otherHolds.count > 0
            ? ` · ${now.otherHolds.count} other order(s) on hold for ${formatMoney(now.otherHolds.total, c)} (not in the platform's formula)`
            : ''}
        </Text>
      )}
    </section>
  );
}
