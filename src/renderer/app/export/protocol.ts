// Messages between the page and the export worker. The page pages through the backend and posts each page
// as cells; the worker encodes it and answers `added`, so the page never runs more than one page ahead
// (memory stays bounded, and cancel is prompt).
import type { ExportCell, ExportColumnSpec, ExportFormat } from './columns';

export type ToExportWorker =
  | { type: 'start'; format: ExportFormat; columns: ExportColumnSpec[]; sheetName: string }
  | { type: 'rows'; cells: ExportCell[][] }
  | { type: 'finish' };

export type FromExportWorker =
  { type: 'added'; rows: number } | { type: 'writing' } | { type: 'done'; blob: Blob } | { type: 'failed'; message: string };
