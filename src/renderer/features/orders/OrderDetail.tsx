// The order detail (Enter on a row): the reconciliation of the platform order with its DMS order, line
// by line (ordered, allocated, dispatched, delivered, returned, invoiced) with every drift flag saying which
// system has which value, each side with its as-of time; then the order's timeline (issue 9).
import { Alert, Badge, Drawer, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { OrderReconciliationView, ReconciliationLineView } from '../../../shared/orders';
import { dmsOrderStatusLabels, driftKindLabels, orderChannelLabels } from '../../../shared/orders';
import { useApiQuery } from '../../api/hooks';
import { formatDateTime, formatMoney, formatTime } from '../../app/format';
import { OrderTimeline } from '../dealer-status/OrderTimeline';
import { PlatformStatusBadge } from './orderColumns';

export function OrderDetail({ orderId, onClose }: { orderId: string | null; onClose: () => void }) {
  return (
    <Drawer
      opened={orderId !== null}
      onClose={onClose}
      position="right"
      size={880}
      title={<Title order={3}>Order</Title>}
      closeButtonProps={{ 'aria-label': 'Close order' }}
      returnFocus
      aria-label="Order detail"
    >
      {orderId && <OrderDetailBody orderId={orderId} />}
    </Drawer>
  );
}

function OrderDetailBody({ orderId }: { orderId: string }) {
  const { data, error, loading } = useApiQuery('orders.reconciliation', { orderId }, { refreshOn: ['replica.changed'] });
  if (error && !data) {
    return (
      <Alert color="red" variant="light" title="This order could not be shown">
        {error.message}
      </Alert>
    );
  }
  if (!data) return loading ? <Loader size="sm" /> : null;
  return (
    <Stack gap="md">
      <Reconciliation view={data} />
      <OrderTimeline orderId={orderId} />
    </Stack>
  );
}

const money = (view: OrderReconciliationView, minor: number | null | undefined) =>
  minor === null || minor === undefined ? '—' : formatMoney(minor, view.currency);

function Side({ title, asOf, children }: { title: string; asOf: string | null; children: React.ReactNode }) {
  return (
    <Paper withBorder radius="sm" p="sm">
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {title}
        </Text>
        <Text size="xs" c="dimmed" title={asOf ? formatDateTime(asOf) : undefined}>
          {asOf ? `As of ${formatTime(asOf)}` : 'Not synced yet'}
        </Text>
      </Group>
      {children}
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" justify="space-between">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xs" component="div" ta="right">
        {children}
      </Text>
    </Group>
  );
}

function differs(line: ReconciliationLineView, field: 'qty' | 'unitPrice' | 'sku'): boolean {
  return line.differs.includes(field);
}

function Reconciliation({ view }: { view: OrderReconciliationView }) {
  const p = view.platform;
  const d = view.dms;
  const warn = { color: 'var(--mantine-color-red-text)', fontWeight: 600 } as const;
  return (
    <section aria-label="Reconciliation">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Group gap="xs" align="baseline">
            <Text fw={700} ff="monospace" size="lg">
              {view.number}
            </Text>
            <Text size="sm">
              {p.dealerName ?? 'Dealer not synced yet'}{' '}
              <Text span c="dimmed">
                {p.dealerCode}
              </Text>
            </Text>
          </Group>
          {view.flags.length === 0 ? (
            <Badge color="teal" variant="light" tt="none">
              {d ? 'Both systems agree' : 'Not in the DMS yet'}
            </Badge>
          ) : (
            <Badge color="red" variant="light" tt="none" leftSection={<IconAlertTriangle size={12} />} data-testid="drift-count">
              {view.flags.length} {view.flags.length === 1 ? 'difference' : 'differences'}
            </Badge>
          )}
        </Group>

        {view.flags.length > 0 && (
          <Stack gap={6} role="list" aria-label="Drift">
            {view.flags.map((f, i) => (
              <Alert
                key={i}
                role="listitem"
                color="red"
                variant="light"
                p="xs"
                title={driftKindLabels[f.kind]}
                data-drift-kind={f.kind}
                styles={{ title: { fontSize: 'var(--mantine-font-size-xs)' } }}
              >
                <Text size="xs">{f.message}</Text>
                <Group gap="lg" mt={4}>
                  <Text size="xs">
                    <Text span fw={600}>
                      Platform:
                    </Text>{' '}
                    {f.platform}
                  </Text>
                  <Text size="xs">
                    <Text span fw={600}>
                      DMS:
                    </Text>{' '}
                    {f.dms}
                  </Text>
                </Group>
              </Alert>
            ))}
          </Stack>
        )}

        <SimpleGrid cols={2} spacing="sm">
          <Side title="Dealer platform" asOf={view.asOf.platform}>
            <Stack gap={2}>
              <Fact label="Status">
                <PlatformStatusBadge status={p.status} />
              </Fact>
              <Fact label="Channel">{orderChannelLabels[p.channel]}</Fact>
              <Fact label="Placed">{formatDateTime(p.placedAt)}</Fact>
              <Fact label="Placed by">{p.placedByName}</Fact>
              <Fact label="Total">{money(view, p.total)}</Fact>
              <Fact label="Version">{p.version}</Fact>
            </Stack>
          </Side>
          <Side title="DMS" asOf={view.asOf.dms}>
            {d ? (
              <Stack gap={2}>
                <Fact label="Order">
                  <Text span size="xs" ff="monospace">
                    {d.number}
                  </Text>
                </Fact>
                <Fact label="Status">{dmsOrderStatusLabels[d.status]}</Fact>
                <Fact label="Created">{formatDateTime(d.createdAt)}</Fact>
                <Fact label="Shipments">{d.shipments.length}</Fact>
                <Fact label="Total">{money(view, d.total)}</Fact>
              </Stack>
            ) : (
              <Text size="xs" c="dimmed">
                {p.dmsOrderId
                  ? `The platform names DMS order ${p.dmsOrderId}, which is not in the desk’s copy of the DMS.`
                  : 'Not handed over yet.'}
              </Text>
            )}
          </Side>
        </SimpleGrid>

        {/* Every column fits the drawer (headers wrap, figures do not); a narrow window scrolls sideways. */}
        <Table.ScrollContainer minWidth={760} type="native">
          <Table
            withTableBorder
            withColumnBorders
            fz="xs"
            verticalSpacing={4}
            aria-label="Lines"
            styles={{ td: { whiteSpace: 'nowrap' }, th: { verticalAlign: 'bottom' } }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Line</Table.Th>
                <Table.Th>SKU</Table.Th>
                <Table.Th ta="right">
                  Ordered
                  <Text span display="block" fz={10} c="dimmed" fw={400}>
                    platform / DMS
                  </Text>
                </Table.Th>
                <Table.Th ta="right">
                  Unit price
                  <Text span display="block" fz={10} c="dimmed" fw={400}>
                    platform / DMS
                  </Text>
                </Table.Th>
                <Table.Th ta="right">Allocated</Table.Th>
                <Table.Th ta="right">Dispatched</Table.Th>
                <Table.Th ta="right">Delivered</Table.Th>
                <Table.Th ta="right">Returned</Table.Th>
                <Table.Th ta="right">Invoiced</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.lines.map((l) => (
                <Table.Tr key={l.lineNo} data-line={l.lineNo} data-differs={l.differs.join(' ') || undefined}>
                  <Table.Td>{l.lineNo}</Table.Td>
                  <Table.Td ff="monospace" style={differs(l, 'sku') ? warn : undefined}>
                    {l.platform?.sku ?? l.dms?.sku}
                    {differs(l, 'sku') ? ` / ${l.dms?.sku}` : ''}
                  </Table.Td>
                  <Table.Td
                    ta="right"
                    style={differs(l, 'qty') || l.differs.includes('onlyPlatform') || l.differs.includes('onlyDms') ? warn : undefined}
                  >
                    {l.platform?.qty ?? '—'} / {l.dms?.qty ?? '—'}
                  </Table.Td>
                  <Table.Td ta="right" style={differs(l, 'unitPrice') ? warn : undefined}>
                    {money(view, l.platform?.unitPrice)} / {money(view, l.dms?.unitPrice)}
                  </Table.Td>
                  <Table.Td ta="right">{l.dms?.allocated ?? '—'}</Table.Td>
                  <Table.Td ta="right">{l.dms?.dispatched ?? '—'}</Table.Td>
                  <Table.Td ta="right">{l.dms?.delivered ?? '—'}</Table.Td>
                  <Table.Td ta="right">{l.dms?.returned ?? '—'}</Table.Td>
                  <Table.Td ta="right">{l.dms?.invoiced ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>

        {d && d.shipments.length > 0 && (
          <Table withTableBorder fz="xs" verticalSpacing={4} aria-label="Shipments" style={{ whiteSpace: 'nowrap' }}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Shipment</Table.Th>
                <Table.Th>Dispatched</Table.Th>
                <Table.Th>Delivered</Table.Th>
                <Table.Th>Carrier</Table.Th>
                <Table.Th>Invoice</Table.Th>
                <Table.Th ta="right">Invoiced</Table.Th>
                <Table.Th ta="right">Value at order prices</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.shipments.map((s) => (
                <Table.Tr key={s.number}>
                  <Table.Td ff="monospace">{s.number}</Table.Td>
                  <Table.Td>{formatDateTime(s.dispatchedAt)}</Table.Td>
                  <Table.Td>{s.deliveredAt ? formatDateTime(s.deliveredAt) : s.eta ? `ETA ${s.eta}` : '—'}</Table.Td>
                  <Table.Td>{[s.carrier, s.trackingNumber].filter(Boolean).join(' ') || '—'}</Table.Td>
                  <Table.Td ff="monospace">{s.invoiceNumber ?? '—'}</Table.Td>
                  <Table.Td ta="right">{money(view, s.invoiced)}</Table.Td>
                  <Table.Td ta="right">{money(view, s.value)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </section>
  );
}
