// The shell's download policy (session 'will-download'): exports the app built itself open the save dialog
// with a safe name; everything else is cancelled. The wiring is checked in main-wiring.test.ts.
import { describe, expect, it } from 'vitest';
import { decideDownload, safeFileName } from '../../../src/main/electron/download-policy';

const app = 'app://desk';

describe('decideDownload', () => {
  it('saves the app\u2019s own CSV and XLSX exports with a filter for their type', () => {
    expect(decideDownload({ url: 'blob:app://desk/0e6f', fileName: 'outbox-pending-2026-12-07-0803.csv' }, app)).toEqual({
      action: 'save',
      fileName: 'outbox-pending-2026-12-07-0803.csv',
      filters: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
    });
    // The Vite dev server's origin in `npm start`.
    expect(decideDownload({ url: 'blob:http://localhost:5173/0e6f', fileName: 'q.XLSX' }, 'http://localhost:5173')).toMatchObject({
      action: 'save',
      filters: [{ extensions: ['xlsx'] }],
    });
  });

  it.each([
    ['a remote file', 'https://example.com/report.xlsx', 'report.xlsx'],
    ["another origin's blob", 'blob:https://evil.test/0e6f', 'report.xlsx'],
    ['a data: URL', 'data:text/csv,a,b', 'a.csv'],
    ['a type the app never writes', 'blob:app://desk/0e6f', 'setup.exe'],
    ['no name at all', 'blob:app://desk/0e6f', '.csv'],
  ])('cancels %s', (_what, url, fileName) => {
    expect(decideDownload({ url, fileName }, app).action).toBe('cancel');
  });
});

describe('safeFileName', () => {
  it('keeps the name and drops directories, reserved and control characters, leading dots', () => {
    expect(safeFileName('../../etc/passwd.csv')).toBe('passwd.csv');
    expect(safeFileName('C:\\Users\\x\\a:b*c?.xlsx')).toBe('a-b-c-.xlsx');
    expect(safeFileName('..hidden\u0007.csv')).toBe('hidden-.csv');
    const long = `${'x'.repeat(300)}.xlsx`;
    expect(safeFileName(long)).toHaveLength(120);
    expect(safeFileName(long).endsWith('.xlsx')).toBe(true);
  });
});
