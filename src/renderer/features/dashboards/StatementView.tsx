// A dealer's account statement (issue 11): opening balance, invoices, payments and returns of a chosen
// period with a running balance, and the closing balance. Printable as a page (print CSS shows only the
// statement); "Save as PDF" uses Electron's printToPDF in the desktop shell and the browser's print here.
import { Alert, Button, Group, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { useState } from 'react';
import type { StatementView as StatementData } from '../../../shared/dashboards';
import { toApiError, useApiQuery, useDeskApi } from '../../api/hooks';
import { ExportButtons } from '../../app/export/ExportButtons';
import { formatDateTime } from '../../app/format';
import { listSource, statementExportColumns, statementRows } from './dashboardExports';
import { asOfText, formatDay, money } from './dashboardFormat';

const kindLabel = { invoice: 'Invoice', payment: 'Payment', return: 'Return' } as const;

export function StatementTable({ s }: { s: StatementData }) {
  const cur = s.dealer.currency;
  return (
    <Table verticalSpacing={3} fz="xs" withRowBorders aria-label="Statement entries" className="dd-statement-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Reference</Table.Th>
          <Table.Th>Details</Table.Th>
          <Table.Th ta="right">Debit</Table.Th>
          <Table.Th ta="right">Credit</Table.Th>
          <Table.Th ta="right">Balance</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>{formatDay(s.from)}</Table.Td>
          <Table.Td colSpan={5} fw={600}>
            Opening balance
          </Table.Td>
          <Table.Td ta="right" fw={600} data-testid="statement-opening">
            {money(s.openingBalance, cur)}
          </Table.Td>
        </Table.Tr>
        {s.entries.map((e, i) => (
          <Table.Tr key={`${e.kind}:${e.reference}:${i}`}>
            <Table.Td>{formatDay(e.day)}</Table.Td>
            <Table.Td>{kindLabel[e.kind]}</Table.Td>
            <Table.Td>{e.reference}</Table.Td>
            <Table.Td>{e.detail}</Table.Td>
            <Table.Td ta="right">{e.debit ? money(e.debit, cur) : ''}</Table.Td>
            <Table.Td ta="right">{e.credit ? money(e.credit, cur) : ''}</Table.Td>
            <Table.Td ta="right">{money(e.balance, cur)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <Table.Tr>
          <Table.Td colSpan={4}>Totals of the period</Table.Td>
          <Table.Td ta="right">{money(s.totalInvoiced, cur)}</Table.Td>
          <Table.Td ta="right">{money(s.totalPaid + s.totalReturned, cur)}</Table.Td>
          <Table.Td />
        </Table.Tr>
        <Table.Tr>
          <Table.Td>{formatDay(s.to)}</Table.Td>
          <Table.Td colSpan={5} fw={700}>
            Closing balance
          </Table.Td>
          <Table.Td ta="right" fw={700} data-testid="statement-closing">
            {money(s.closingBalance, cur)}
          </Table.Td>
        </Table.Tr>
      </Table.Tfoot>
    </Table>
  );
}

export function StatementView({
  dealer,
  from,
  to,
  onPeriod,
  onBack,
}: {
  dealer: string;
  from: string | null;
  to: string | null;
  onPeriod: (from: string, to: string) => void;
  onBack: () => void;
}) {
  const api = useDeskApi();
  // Without a period in the address: this month so far (the dashboard's "today" is the data's day).
  const book = useApiQuery('dashboards.dealer', { dealer }, { enabled: !from || !to });
  const today = book.data?.asOf.today ?? null;
  const period = from && to ? { from, to } : today ? { from: `${today.slice(0, 7)}-01`, to: today } : null;
  const statement = useApiQuery(
    'dashboards.statement',
    { dealer, from: period?.from ?? '', to: period?.to ?? '' },
    { enabled: period !== null },
  );
  const [draft, setDraft] = useState<{ from: string; to: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const shown = draft ?? period;
  const s = statement.data;

  const savePdf = async () => {
    if (!period) return;
    setSaving(true);
    try {
      const result = await api.call('dashboards.saveStatementPdf', { dealer, from: period.from, to: period.to });
      if (result.kind === 'saved') notifications.show({ color: 'teal', title: 'Statement saved', message: result.path });
      else {
        notifications.show({ title: 'Save as PDF', message: result.message });
        window.print();
      }
    } catch (err) {
      notifications.show({ color: 'red', title: 'The PDF was not saved', message: toApiError(err).message });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" className="dd-no-print">
        <Group gap="xs" align="flex-end">
          <Button variant="default" size="xs" leftSection={<IconArrowLeft size={14} />} onClick={onBack}>
            Dashboard
          </Button>
          <TextInput
            type="date"
            label="From"
            size="xs"
            value={shown?.from ?? ''}
            onChange={(e) => setDraft({ from: e.currentTarget.value, to: shown?.to ?? '' })}
          />
          <TextInput
            type="date"
            label="To"
            size="xs"
            value={shown?.to ?? ''}
            onChange={(e) => setDraft({ from: shown?.from ?? '', to: e.currentTarget.value })}
          />
          <Button
            size="xs"
            variant="light"
            disabled={!draft || !draft.from || !draft.to}
            onClick={() => {
              if (draft?.from && draft.to) onPeriod(draft.from, draft.to);
              setDraft(null);
            }}
          >
            Show period
          </Button>
        </Group>
        <Group gap="xs">
          {s && (
            <ExportButtons
              title={`Statement ${s.dealer.dealerCode} ${s.from} to ${s.to}`}
              columns={statementExportColumns(s.dealer.currency)}
              source={() => listSource(statementRows(s))}
            />
          )}
          <Button size="xs" variant="default" leftSection={<IconPrinter size={14} />} onClick={() => window.print()} disabled={!s}>
            Print
          </Button>
          <Button size="xs" leftSection={<IconFileTypePdf size={14} />} onClick={() => void savePdf()} loading={saving} disabled={!s}>
            Save as PDF
          </Button>
        </Group>
      </Group>
      {statement.error && (
        <Alert color="red" title="The statement could not be made" className="dd-no-print">
          {statement.error.message}
        </Alert>
      )}
      {!s ? (
        !statement.error && <Skeleton h={300} />
      ) : (
        <Paper withBorder p="md" className="dd-print-root" component="article" aria-label="Account statement">
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3}>Statement of account</Title>
              <Text size="sm" fw={600}>
                {s.dealer.legalName ?? s.dealer.name}
              </Text>
              <Text size="xs" c="dimmed">
                Dealer {s.dealer.dealerCode}
                {s.dealer.city ? ` · ${s.dealer.city}` : ''} · amounts in {s.dealer.currency}, tax included
              </Text>
            </div>
            <div style={{ textAlign: 'right' }}>
              <Text size="sm" fw={600} data-testid="statement-period">
                {formatDay(s.from)} – {formatDay(s.to)}
              </Text>
              <Text size="xs" c="dimmed">
                Prepared {formatDateTime(s.asOf.computedAt)} · {asOfText(s.asOf, 'dms')}
              </Text>
            </div>
          </Group>
          <StatementTable s={s} />
          {s.to === s.asOf.today && s.dmsBalance !== null && s.dmsBalance !== s.closingBalance && (
            <Text size="xs" c="dimmed" mt={6}>
              The DMS shows {money(s.dmsBalance, s.dealer.currency)} outstanding on open invoices; the difference of{' '}
              {money(s.closingBalance - s.dmsBalance, s.dealer.currency)} is money on account (payments or return credits not set against an
              open invoice).
            </Text>
          )}
        </Paper>
      )}
    </Stack>
  );
}
