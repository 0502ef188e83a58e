// The encoders behind "Export CSV" and "Export XLSX", fed page by page (they run in the export worker and
// are unit-tested in Node).
// CSV: RFC 4180 through papaparse (CRLF, quotes where needed), UTF-8 with a byte-order mark so Excel reads
// the encoding right; text that a spreadsheet would run as a formula (= + - @ at the start) is prefixed
// with an apostrophe (OWASP's CSV-injection advice). Numbers are plain (money as a decimal in the
// currency's units, percent as "12.5%"), dates as `YYYY-MM-DD`, date-times as `YYYY-MM-DD HH:mm:ss` in the
// desk's time zone, which the header names (e.g. "Queued (UTC+05:30)").
// XLSX: exceljs with typed cells: integers and money as numbers (money with a currency number format),
// dates and date-times as dates with a date format, percent as a number with a percent format.
import type ExcelJSNamespace from 'exceljs';
import Papa from 'papaparse';
import type { ExportCell, ExportColumnSpec } from './columns';

type ExcelJS = typeof ExcelJSNamespace;

/** Digits after the decimal point of a currency's minor unit (INR 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "UTC+05:30" for the time zone of this process at `at`. */
export function utcOffsetLabel(at: Date = new Date()): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The header as written: date-times name the time zone they are shown in; money its currency. */
export function headerOf(column: ExportColumnSpec): string {
  if (column.type === 'datetime') return `${column.header} (${utcOffsetLabel()})`;
  if (column.type === 'money' && column.currency) return `${column.header} (${column.currency})`;
  return column.header;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local wall time of an instant, as `YYYY-MM-DD HH:mm:ss`. */
function localDateTime(instant: string): string | null {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return null;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

const formulaStart = /^[=+\-@\t\r]/;

function csvCell(column: ExportColumnSpec, cell: ExportCell): string {
  if (cell === null || cell === '') return '';
  switch (column.type) {
    case 'text': {
      const text = String(cell);
      return formulaStart.test(text) ? `'${text}` : text;
    }
    case 'integer':
      return String(Math.trunc(Number(cell)));
    case 'money': {
      const digits = minorDigits(column.currency ?? 'INR');
      return (Number(cell) / 10 ** digits).toFixed(digits);
    }
    case 'percent':
      return `${Number((Number(cell) * 100).toFixed(4))}%`;
    case 'date':
      return String(cell).slice(0, 10);
    case 'datetime':
      return localDateTime(String(cell)) ?? String(cell);
  }
}

export interface CsvEncoder {
  /** The byte-order mark and the header line. */
  start(): string;
  /** One page of rows, each line ending in CRLF. */
  rows(cells: readonly ExportCell[][]): string;
}

export function csvEncoder(columns: readonly ExportColumnSpec[]): CsvEncoder {
  const unparse = (rows: string[][]) => Papa.unparse(rows, { newline: '\r\n', quotes: false, header: false });
  return {
    start: () => `\uFEFF${unparse([columns.map(headerOf)])}\r\n`,
    rows: (cells) => (cells.length === 0 ? '' : `${unparse(cells.map((row) => columns.map((c, i) => csvCell(c, row[i] ?? null))))}\r\n`),
  };
}

/** Excel number formats per column type. */
export function numberFormatOf(column: ExportColumnSpec): string | undefined {
  switch (column.type) {
    case 'integer':
      return '0';
    case 'money': {
      const digits = minorDigits(column.currency ?? 'INR');
      const code = column.currency ?? '';
      return `#,##0${digits > 0 ? `.${'0'.repeat(digits)}` : ''} "${code}"`;
    }
    case 'percent':
      return '0.0%';
    case 'date':
      return 'yyyy-mm-dd';
    case 'datetime':
      return 'yyyy-mm-dd hh:mm:ss';
    default:
      return undefined;
  }
}

/** Excel keeps at most 32,767 characters in a cell. */
const EXCEL_CELL_LIMIT = 32_767;

/**
 * The value written to an XLSX cell. Dates are written as the wall time they show (Excel has no time zone):
 * exceljs turns a Date into a serial from its UTC fields, so the local wall time is moved into them.
 */
function xlsxValue(column: ExportColumnSpec, cell: ExportCell): string | number | Date | null {
  if (cell === null || cell === '') return null;
  switch (column.type) {
    case 'text': {
      const text = String(cell);
      return text.length > EXCEL_CELL_LIMIT ? `${text.slice(0, EXCEL_CELL_LIMIT - 14)} …(truncated)` : text;
    }
    case 'integer':
      return Math.trunc(Number(cell));
    case 'money':
      return Number(cell) / 10 ** minorDigits(column.currency ?? 'INR');
    case 'percent':
      return Number(cell);
    case 'date': {
      const d = new Date(`${String(cell).slice(0, 10)}T00:00:00.000Z`);
      return Number.isNaN(d.getTime()) ? String(cell) : d;
    }
    case 'datetime': {
      const d = new Date(String(cell));
      if (Number.isNaN(d.getTime())) return String(cell);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
    }
  }
}

export interface XlsxBuilder {
  rows(cells: readonly ExportCell[][]): void;
  /** The workbook as bytes. */
  finish(): Promise<ArrayBuffer>;
}

export function xlsxBuilder(excel: ExcelJS, columns: readonly ExportColumnSpec[], sheetName = 'Export'): XlsxBuilder {
  const workbook = new excel.Workbook();
  workbook.creator = 'Dealer Desk';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => {
    const numFmt = numberFormatOf(column);
    const width = column.type === 'datetime' ? 20 : column.type === 'text' ? Math.max(12, Math.min(40, column.header.length + 4)) : 14;
    return { header: headerOf(column), width, ...(numFmt ? { style: { numFmt } } : {}) };
  });
  sheet.getRow(1).font = { bold: true };
  return {
    rows(cells) {
      for (const row of cells) sheet.addRow(columns.map((c, i) => xlsxValue(c, row[i] ?? null)));
    },
    async finish() {
      const buffer = await workbook.xlsx.writeBuffer();
      return buffer as ArrayBuffer;
    },
  };
}
