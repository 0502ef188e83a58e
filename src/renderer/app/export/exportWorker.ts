// The export worker: builds the CSV or XLSX file off the UI thread, page by page, and hands back a Blob.
// Vite bundles it as its own file served from the app's origin (CSP `worker-src 'self'`).
/// <reference lib="webworker" />
import ExcelJS from 'exceljs';
import { csvEncoder, xlsxBuilder, type XlsxBuilder } from './encode';
import type { FromExportWorker, ToExportWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

let csv: { encode: ReturnType<typeof csvEncoder>; chunks: string[] } | null = null;
let xlsx: XlsxBuilder | null = null;
let rows = 0;

const post = (message: FromExportWorker) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<ToExportWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'start') {
      rows = 0;
      if (message.format === 'csv') {
        const encode = csvEncoder(message.columns);
        csv = { encode, chunks: [encode.start()] };
      } else {
        xlsx = xlsxBuilder(ExcelJS, message.columns, message.sheetName);
      }
      return;
    }
    if (message.type === 'rows') {
      if (csv) csv.chunks.push(csv.encode.rows(message.cells));
      else xlsx?.rows(message.cells);
      rows += message.cells.length;
      post({ type: 'added', rows });
      return;
    }
    post({ type: 'writing' });
    if (csv) {
      post({ type: 'done', blob: new Blob(csv.chunks, { type: 'text/csv;charset=utf-8' }) });
      csv = null;
    } else if (xlsx) {
      const bytes = await xlsx.finish();
      xlsx = null;
      post({ type: 'done', blob: new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) });
    }
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};
