// The dealer's history behind a hold: open invoices with due dates, payments in the last 12 months, DSO,
// past holds and how each was decided (by whom, with which reason), and the order's lines.
import { Badge, Group, Table, Tabs, Text } from '@mantine/core';
import type { HoldDetailView } from '../../../shared/api/features/credit';
import { holdReasonLabels } from '../../../shared/credit/holds';
import { formatCompactDateTime, formatCount, formatMoney } from '../../app/format';

const outcomeColors = { approved: 'teal', rejected: 'red', cancelled: 'gray', on_hold: 'orange' } as const;
const outcomeWords = { approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled', on_hold: 'On hold' } as const;

function Empty({ children }: { children: string }) {
  return (
    <Text size="xs" c="dimmed" p="xs">
      {children}
    </Text>
  );
}

export function DealerHistory({ detail }: { detail: HoldDetailView }) {
  const { history, row, lines } = detail;
  const c = row.currency;
  return (
    <section aria-label="Dealer history" className="dd-holds-section">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">
          Dealer history
        </Text>
        <Text size="xs" c="dimmed">
          DSO {history.dso === null ? '— (no sales in 90 days)' : `${formatCount(history.dso)} days`} · DMS as of{' '}
          {history.asOf ? formatCompactDateTime(history.asOf) : 'not read yet'}
        </Text>
      </Group>
      <Tabs defaultValue="invoices" keepMounted={false} variant="outline">
        <Tabs.List>
          <Tabs.Tab value="invoices">Open invoices ({history.openInvoices.length})</Tabs.Tab>
          <Tabs.Tab value="payments">Payments, 12 months ({history.payments.length})</Tabs.Tab>
          <Tabs.Tab value="holds">Past holds ({history.pastHolds.length})</Tabs.Tab>
          <Tabs.Tab value="lines">Lines ({lines.length})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="invoices">
          {history.openInvoices.length === 0 ? (
            <Empty>No open invoices.</Empty>
          ) : (
            <Table fz="xs" verticalSpacing={2} aria-label="Open invoices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Invoice</Table.Th>
                  <Table.Th>Issued</Table.Th>
                  <Table.Th>Due</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th ta="right">Outstanding</Table.Th>
                  <Table.Th ta="right">Overdue</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.openInvoices.map((i) => (
                  <Table.Tr key={i.number}>
                    <Table.Td ff="monospace">{i.number}</Table.Td>
                    <Table.Td>{i.issuedAt.slice(0, 10)}</Table.Td>
                    <Table.Td>{i.dueDate}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(i.amount, c)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(i.outstanding, c)}
                    </Table.Td>
                    <Table.Td ta="right" c={i.daysOverdue > 60 ? 'red' : i.daysOverdue > 0 ? 'orange' : 'dimmed'}>
                      {i.daysOverdue > 0 ? `${i.daysOverdue} d` : 'not due'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="payments">
          {history.payments.length === 0 ? (
            <Empty>No payments in the last 12 months.</Empty>
          ) : (
            <>
              <Text size="xs" c="dimmed" px="xs" pt={4}>
                {formatMoney(history.paymentsTotal, c)} received in the last 12 months
              </Text>
              <Table fz="xs" verticalSpacing={2} aria-label="Payments in the last 12 months">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Received</Table.Th>
                    <Table.Th>Method</Table.Th>
                    <Table.Th>Reference</Table.Th>
                    <Table.Th ta="right">Amount</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {history.payments.map((p, i) => (
                    <Table.Tr key={`${p.receivedAt}-${i}`}>
                      <Table.Td>{formatCompactDateTime(p.receivedAt)}</Table.Td>
                      <Table.Td tt="uppercase">{p.method ?? '—'}</Table.Td>
                      <Table.Td ff="monospace">{p.reference ?? '—'}</Table.Td>
                      <Table.Td ta="right" ff="monospace">
                        {formatMoney(p.amount, c)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="holds">
          {history.pastHolds.length === 0 ? (
            <Empty>No earlier credit holds for this dealer.</Empty>
          ) : (
            <Table fz="xs" verticalSpacing={2} aria-label="Past holds">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Order</Table.Th>
                  <Table.Th>Placed</Table.Th>
                  <Table.Th ta="right">Total</Table.Th>
                  <Table.Th>Reasons</Table.Th>
                  <Table.Th>Decision</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.pastHolds.map((h) => (
                  <Table.Tr key={h.orderId}>
                    <Table.Td ff="monospace">{h.orderNumber}</Table.Td>
                    <Table.Td>{formatCompactDateTime(h.placedAt)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {formatMoney(h.total, c)}
                    </Table.Td>
                    <Table.Td>{h.reasons.map((r) => holdReasonLabels[r]).join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light" color={outcomeColors[h.outcome]} tt="none">
                        {outcomeWords[h.outcome]}
                      </Badge>{' '}
                      {h.decidedBy ? `by ${h.decidedBy}` : ''}
                      {h.decidedAt ? `, ${formatCompactDateTime(h.decidedAt)}` : ''}
                      {h.reasonCode ? ` · ${h.reasonCode}` : ''}
                      {h.approvers.length > 0 ? ` · approvals: ${h.approvers.join(', ')}` : ''}
                      {h.reason ? (
                        <Text size="xs" c="dimmed" lineClamp={2}>
                          “{h.reason}”
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="lines">
          <Table fz="xs" verticalSpacing={2} aria-label="Order lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>SKU</Table.Th>
                <Table.Th>Product</Table.Th>
                <Table.Th ta="right">Qty</Table.Th>
                <Table.Th ta="right">Unit price</Table.Th>
                <Table.Th ta="right">Line total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((l) => (
                <Table.Tr key={l.lineNo}>
                  <Table.Td>{l.lineNo}</Table.Td>
                  <Table.Td ff="monospace">{l.sku}</Table.Td>
                  <Table.Td>{l.name ?? '—'}</Table.Td>
                  <Table.Td ta="right">{formatCount(l.qty)}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatMoney(l.unitPrice, c)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatMoney(l.lineTotal, c)}
                  </Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td colSpan={5} ta="right" c="dimmed">
                  Subtotal {formatMoney(detail.subtotal, c)} + tax {formatMoney(detail.taxTotal, c)}
                </Table.Td>
                <Table.Td ta="right" ff="monospace" fw={600}>
                  {formatMoney(row.total, c)}
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
      </Tabs>
    </section>
  );
}
