// What an export is made of, shared by the page (which turns rows into cells) and the worker (which
// encodes cells): columns with a header and a type, and cells that are plain values, so a page of rows
// crosses to the worker as structured-clone data.

/** The types a column can have; each is encoded as its own kind of cell (see encode.ts). */
export type ExportColumnType = 'text' | 'integer' | 'money' | 'date' | 'datetime' | 'percent';

/**
 * A cell as the worker receives it:
 * - text: a string;
 * - integer: a whole number;
 * - money: integer minor units (paise) of the column's currency;
 * - date: `YYYY-MM-DD`; datetime: an RFC 3339 instant (`2026-12-07T08:03:12.000Z`), shown in the desk's time zone;
 * - percent: a ratio (0.125 is 12.5%);
 * - null: empty.
 */
export type ExportCell = string | number | null;

/** A column as the worker sees it (no functions: it is posted to the worker). */
export interface ExportColumnSpec {
  header: string;
  type: ExportColumnType;
  /** Money columns: the ISO 4217 currency of every amount in the column, e.g. "INR". */
  currency?: string;
}

/** A column as a screen declares it: the spec plus how to read the cell from one of its rows. */
export interface ExportColumn<Row> extends ExportColumnSpec {
  value: (row: Row) => ExportCell;
}

/**
 * Where the rows come from, "as it is filtered and sorted": pages in the order the table shows them, read
 * from the backend as the export goes (e.g. an async generator calling a list procedure page by page), and
 * the total when the backend knows it (for the progress bar).
 */
export interface ExportSource<Row> {
  total: number | null;
  pages: AsyncIterable<readonly Row[]>;
}

export type ExportFormat = 'csv' | 'xlsx';

export function specsOf<Row>(columns: readonly ExportColumn<Row>[]): ExportColumnSpec[] {
  return columns.map(({ header, type, currency }) => (currency === undefined ? { header, type } : { header, type, currency }));
}

export function cellsOf<Row>(columns: readonly ExportColumn<Row>[], rows: readonly Row[]): ExportCell[][] {
  return rows.map((row) => columns.map((column) => column.value(row)));
}

/** Pages through a list procedure by keyset: `fetchPage(after)` returns the page after the given row. */
export async function* keysetPages<Row>(
  fetchPage: (after: Row | null) => Promise<readonly Row[]>,
  pageSize: number,
): AsyncGenerator<readonly Row[]> {
  let after: Row | null = null;
  for (;;) {
    const page = await fetchPage(after);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}
