// The export encoders (src/renderer/app/export/encode.ts) in Node, fed page by page as the worker feeds
// them: the CSV parsed back with papaparse (RFC 4180 quoting, BOM, CRLF, formula-looking text defused),
// the XLSX opened with exceljs (values and cell types: numbers, money with a currency format, dates, percent).
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellsOf, keysetPages, specsOf, type ExportColumn } from '../../../src/renderer/app/export/columns';
import { csvEncoder, headerOf, minorDigits, utcOffsetLabel, xlsxBuilder } from '../../../src/renderer/app/export/encode';

interface OrderRow {
  number: string;
  dealer: string;
  lines: number;
  total: number; // paise
  placed: string; // instant
  due: string | null; // date
  fill: number | null; // ratio
}

const columns: ExportColumn<OrderRow>[] = [
  { header: 'Order', type: 'text', value: (r) => r.number },
  { header: 'Dealer', type: 'text', value: (r) => r.dealer },
  { header: 'Lines', type: 'integer', value: (r) => r.lines },
  { header: 'Total', type: 'money', currency: 'INR', value: (r) => r.total },
  { header: 'Placed', type: 'datetime', value: (r) => r.placed },
  { header: 'Due', type: 'date', value: (r) => r.due },
  { header: 'Fill rate', type: 'percent', value: (r) => r.fill },
];

const rows: OrderRow[] = [
  {
    number: 'SO-1',
    dealer: 'Sharma "Best" Electricals, Pune',
    lines: 3,
    total: 1_234_550,
    placed: '2026-12-07T08:03:12.000Z',
    due: '2026-12-31',
    fill: 0.125,
  },
  { number: 'SO-2', dealer: '=HYPERLINK("http://x")', lines: 1, total: 5, placed: '2026-01-01T00:00:00.000Z', due: null, fill: null },
  {
    number: 'SO-3',
    dealer: 'Line one\nline two — ₹ ok',
    lines: 0,
    total: 0,
    placed: '2026-06-15T23:59:59.000Z',
    due: '2026-02-28',
    fill: 1,
  },
];

/** The local wall time an instant shows as, "YYYY-MM-DD HH:mm:ss". */
function local(instant: string): string {
  const d = new Date(instant);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

describe('CSV', () => {
  it('is RFC 4180 with a BOM and CRLF, parses back to the same rows, and defuses formulas', () => {
    const encode = csvEncoder(specsOf(columns));
    // Two pages, as the worker receives them.
    const text = encode.start() + encode.rows(cellsOf(columns, rows.slice(0, 2))) + encode.rows(cellsOf(columns, rows.slice(2)));
    expect(text.startsWith('\uFEFF')).toBe(true);
    // Every line ends in CRLF; the only bare LF is inside a quoted field.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"(?:[^"]|"")*"/g, '')).not.toMatch(/[^\r]\n/);
    const parsed = Papa.parse<string[]>(text.slice(1), { newline: '\r\n', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['Order', 'Dealer', 'Lines', 'Total (INR)', `Placed (${utcOffsetLabel()})`, 'Due', 'Fill rate'],
      ['SO-1', 'Sharma "Best" Electricals, Pune', '3', '12345.50', local(rows[0]!.placed), '2026-12-31', '12.5%'],
      ['SO-2', `'=HYPERLINK("http://x")`, '1', '0.05', local(rows[1]!.placed), '', ''],
      ['SO-3', 'Line one\nline two — ₹ ok', '0', '0.00', local(rows[2]!.placed), '2026-02-28', '100%'],
    ]);
  });

  it('writes amounts in the currency\u2019s own minor unit', () => {
    expect(minorDigits('INR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    const encode = csvEncoder([{ header: 'Amount', type: 'money', currency: 'JPY' }]);
    expect(encode.rows([[1500]])).toBe('1500\r\n');
    expect(headerOf({ header: 'Amount', type: 'money', currency: 'JPY' })).toBe('Amount (JPY)');
  });
});

describe('XLSX', () => {
  it('has typed cells: numbers, money with a currency format, dates as dates, percent', async () => {
    const builder = xlsxBuilder(ExcelJS, specsOf(columns), 'Orders');
    builder.rows(cellsOf(columns, rows.slice(0, 1)));
    builder.rows(cellsOf(columns, rows.slice(1)));
    const bytes = await builder.finish();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes);
    const sheet = workbook.getWorksheet('Orders')!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      'Order',
      'Dealer',
      'Lines',
      'Total (INR)',
      `Placed (${utcOffsetLabel()})`,
      'Due',
      'Fill rate',
    ]);

    const first = sheet.getRow(2);
    expect(first.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(first.getCell(2).value).toBe('Sharma "Best" Electricals, Pune');
    expect(first.getCell(3).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(3).value).toBe(3);
    expect(first.getCell(4).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getCell(4).value).toBe(12345.5);
    expect(first.getCell(4).numFmt).toBe('#,##0.00 "INR"');
    expect(first.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect(first.getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    // Excel has no time zone: the cell holds the wall time the desk shows (its UTC fields are that time).
    const placed = first.getCell(5).value as Date;
    expect(placed.toISOString().slice(0, 19).replace('T', ' ')).toBe(local(rows[0]!.placed));
    expect(first.getCell(6).type).toBe(ExcelJS.ValueType.Date);
    expect((first.getCell(6).value as Date).toISOString()).toBe('2026-12-31T00:00:00.000Z');
    expect(first.getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(first.getCell(7).value).toBe(0.125);
    expect(first.getCell(7).numFmt).toBe('0.0%');

    // Text that looks like a formula stays text in XLSX (no formula cell); empty cells stay empty.
    const second = sheet.getRow(3);
    expect(second.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(second.getCell(2).value).toBe('=HYPERLINK("http://x")');
    expect(second.getCell(4).value).toBe(0.05);
    expect(second.getCell(6).type).toBe(ExcelJS.ValueType.Null);
    expect(second.getCell(7).type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getRow(4).getCell(2).value).toBe('Line one\nline two — ₹ ok');
  });

  it('cuts text longer than an Excel cell holds, and says so', async () => {
    const builder = xlsxBuilder(ExcelJS, [{ header: 'Raw', type: 'text' }]);
    builder.rows([['x'.repeat(40_000)]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await builder.finish());
    const value = workbook.getWorksheet('Export')!.getRow(2).getCell(1).value as string;
    expect(value.length).toBeLessThanOrEqual(32_767);
    expect(value.endsWith('…(truncated)')).toBe(true);
  });
});

describe('keysetPages', () => {
  it('walks every page once, asking after the last row of the previous page, and stops on a short page', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => 25 - i);
    const asked: (number | null)[] = [];
    const pages: number[][] = [];
    for await (const page of keysetPages<number>(async (after) => {
      asked.push(after);
      return ids.filter((id) => after === null || id < after).slice(0, 10);
    }, 10)) {
      pages.push([...page]);
    }
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(ids);
    expect(asked).toEqual([null, 16, 6]);
  });
});
