// Decides what happens when the renderer starts a download (session 'will-download'). The only downloads
// the app makes are its own exports: a Blob built in the page, handed over with <a download>. Those open
// the save dialog with the file name the page chose (made safe for every OS) and a filter for its type;
// anything else (a remote URL, another origin's blob, a type the app never writes) is cancelled. No
// Electron import, so the policy is tested in Node.
import { originOf } from './app-origin';

export type DownloadDecision =
  { action: 'save'; fileName: string; filters: { name: string; extensions: string[] }[] } | { action: 'cancel'; reason: string };

const exportTypes: Record<string, { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (comma-separated values)', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] },
};

/** A file name without directories, characters Windows or macOS refuse, control characters or a leading dot. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '-')
    .replace(/^[.\s]+/, '')
    .trim();
  if (cleaned.length <= 120) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 120 - ext.length) + ext;
}

export function decideDownload(download: { url: string; fileName: string }, appOrigin: string): DownloadDecision {
  if (!download.url.startsWith('blob:')) return { action: 'cancel', reason: 'only files the app built itself are saved' };
  if (originOf(download.url.slice('blob:'.length)) !== appOrigin) return { action: 'cancel', reason: 'the file comes from another origin' };
  const fileName = safeFileName(download.fileName);
  const ext = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase() : '';
  const type = exportTypes[ext];
  if (!type || fileName.length <= ext.length + 1) return { action: 'cancel', reason: `the app does not save .${ext || '?'} files` };
  return { action: 'save', fileName, filters: [type] };
}
