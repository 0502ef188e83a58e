// Runs one export: pages through the source on the page (each page is one backend call), turns rows into
// cells, and lets the worker encode them; the page waits for the worker's `added` before fetching the
// next page, so only one page is ever in flight. Cancel (AbortSignal) stops between pages and ends the worker.
import { cellsOf, specsOf, type ExportColumn, type ExportFormat, type ExportSource } from './columns';
import type { FromExportWorker, ToExportWorker } from './protocol';

export interface ExportProgress {
  phase: 'reading' | 'writing';
  rows: number;
  total: number | null;
}

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled.');
    this.name = 'ExportCancelled';
  }
}

export async function runExport<Row>(options: {
  format: ExportFormat;
  columns: readonly ExportColumn<Row>[];
  source: ExportSource<Row>;
  sheetName: string;
  signal: AbortSignal;
  onProgress: (progress: ExportProgress) => void;
}): Promise<Blob> {
  const { format, columns, source, signal, onProgress } = options;
  const worker = new Worker(new URL('./exportWorker.ts', import.meta.url), { type: 'module', name: 'export' });
  const post = (message: ToExportWorker) => worker.postMessage(message);
  // One listener; each step awaits the next message of the kind it expects.
  let waiting: { resolve: (m: FromExportWorker) => void; reject: (e: Error) => void } | null = null;
  const next = () => new Promise<FromExportWorker>((resolve, reject) => (waiting = { resolve, reject }));
  worker.onmessage = (event: MessageEvent<FromExportWorker>) => {
    if (event.data.type === 'writing') {
      onProgress({ phase: 'writing', rows: rowsDone, total: source.total });
      return;
    }
    waiting?.resolve(event.data);
  };
  worker.onerror = (event) => waiting?.reject(new Error(event.message || 'The export worker stopped.'));
  const onAbort = () => waiting?.reject(new ExportCancelled());
  signal.addEventListener('abort', onAbort);
  let rowsDone = 0;
  try {
    post({ type: 'start', format, columns: specsOf(columns), sheetName: options.sheetName });
    onProgress({ phase: 'reading', rows: 0, total: source.total });
    for await (const page of source.pages) {
      if (signal.aborted) throw new ExportCancelled();
      const answer = next();
      post({ type: 'rows', cells: cellsOf(columns, page) });
      const reply = await answer;
      if (reply.type === 'failed') throw new Error(reply.message);
      if (reply.type === 'added') rowsDone = reply.rows;
      onProgress({ phase: 'reading', rows: rowsDone, total: source.total });
    }
    if (signal.aborted) throw new ExportCancelled();
    const finished = next();
    post({ type: 'finish' });
    const reply = await finished;
    if (reply.type === 'failed') throw new Error(reply.message);
    if (reply.type !== 'done') throw new Error('The export worker answered out of turn.');
    return reply.blob;
  } finally {
    signal.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}

/** Hands a file to the person: a download in the browser, the save dialog in the Electron shell. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once the click is handled; a minute is ample for the save dialog.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** "outbox-pending-2026-12-07-0803.xlsx": what, which view, when (local time). */
export function exportFileName(base: string, format: ExportFormat, at: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  const safe = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${safe || 'export'}-${stamp}.${format}`;
}
