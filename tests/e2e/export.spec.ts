// The shared export in Chromium, on the Sync screen's outbox (100,000 seeded commands) and quarantine:
// a cancelled export hands over nothing;
// Export XLSX streams page by page with a progress bar, the page stays responsive meanwhile (no long task
// over the limit, typing in the command palette keeps up), and the downloaded workbook, opened with exceljs,
// has every row with typed cells. Export CSV of the quarantine is parsed back with papaparse. Screenshots
// of the progress bar in light and dark go to test-results/screenshots/.
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { seededItem } from './support/exportSeed';
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

const ITEMS = 100_000;
/**
 * No task on the page's main thread may last this long while the export runs. Built on the main thread, the
 * workbook would be one synchronous XML render of 20 s or more for 100k rows (18-20 s in Node here), which
 * this catches. It is not lower because the machine is 2 cores shared by the backend, the worker and, in
 * development, other engineers' builds: at a load average of 12-18 the Sync screen's own once-a-second
 * re-render was stretched to 2-3 s of wall time even while only the worker was busy writing the file.
 * The test prints every task over 500 ms with the progress at that moment.
 */
const LONG_TASK_LIMIT_MS = 5_000;

// 100,000 rows: about 1.5 min on an idle 2-core machine, 3.7 min at a load average of 18.
test.setTimeout(480_000);

test('Export XLSX of 100,000 outbox items streams with progress, keeps the page responsive, and has typed cells; CSV parses back', async ({
  page,
}) => {
  const { desk, child } = await startHost('tests/e2e/support/exportHost.ts', [String(ITEMS)]);
  try {
    await openDesk(page, desk);
    await setupAdminViaApi(page);
    await page.reload();
    await signInViaUi(page, adminAccount.username, adminAccount.password);
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expect(page.getByRole('heading', { name: 'Sync' })).toBeVisible();
    await page.getByRole('radiogroup', { name: 'Which commands' }).getByText('All', { exact: true }).click();
    await expect(page.getByRole('row', { name: `Outbox item ${ITEMS}` })).toBeVisible();

    // Cancel: a CSV export started and cancelled leaves no file and gives the buttons back.
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect(page.getByRole('progressbar', { name: 'Exporting CSV' })).toBeVisible();
    await expect(page.getByTestId('export-progress')).toContainText('/ 100,000 rows');
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Exporting CSV' })).toBeHidden();
    expect(downloads, 'a cancelled export must not hand over a file').toBe(0);

    // Long tasks on the page's main thread from here on.
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
      (window as unknown as { taskLog: string[] }).taskLog = [];
      new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => {
          if (e.duration > 500)
            (window as unknown as { taskLog: string[] }).taskLog.push(
              `${Math.round(e.startTime)}+${Math.round(e.duration)} ${document.querySelector('[data-testid=export-progress]')?.textContent ?? '-'}`,
            );
        }),
      ).observe({ type: 'longtask' });
    });

    const download = page.waitForEvent('download', { timeout: 420_000 });
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    const progress = page.getByRole('progressbar', { name: 'Exporting XLSX' });
    await expect(progress).toBeVisible();
    const progressText = page.getByTestId('export-progress');
    await expect(progressText).toContainText('/ 100,000 rows');
    // The count moves while pages stream in.
    const readRows = async () => Number(((await progressText.textContent()) ?? '').replace(/[^\d/]/g, '').split('/')[0] || 0);
    const before = await readRows();
    await expect.poll(readRows, { timeout: 120_000 }).toBeGreaterThan(before);
    for (const scheme of ['light', 'dark'] as const) {
      await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
      await page.screenshot({ path: `test-results/screenshots/export-progress-${scheme}.png` });
    }
    await page.evaluate(() => document.documentElement.setAttribute('data-mantine-color-scheme', 'light'));

    // Typing during the export: the command palette's field keeps up with each key.
    await page.keyboard.press('Control+k');
    const command = page.getByRole('textbox', { name: 'Command' });
    const typedAt = Date.now();
    await command.pressSequentially('dealer');
    await expect(command).toHaveValue('dealer', { timeout: 2_000 });
    const typingMs = Date.now() - typedAt;
    await page.keyboard.press('Escape');
    expect(await progress.isVisible(), 'the export was still running while typing').toBe(true);

    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^outbox-all-\d{4}-\d{2}-\d{2}-\d{4}\.xlsx$/);
    const path = test.info().outputPath(file.suggestedFilename());
    await file.saveAs(path);
    await expect(progress).toBeHidden();

    console.info(
      '[export] tasks over 500 ms:',
      JSON.stringify(await page.evaluate(() => (window as unknown as { taskLog: string[] }).taskLog)),
    );
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    const longest = Math.max(0, ...longTasks);
    console.info(
      `[export] long tasks during the export: ${longTasks.length}, longest ${longest.toFixed(0)} ms; typing 6 keys took ${typingMs} ms`,
    );
    test.info().annotations.push({ type: 'longest task', description: `${longest.toFixed(0)} ms of ${longTasks.length}` });
    expect(longest, `a ${longest} ms task froze the page`).toBeLessThan(LONG_TASK_LIMIT_MS);

    // The workbook: a header and every item, newest first, each cell of its type.
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync(path);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(ITEMS + 1);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 9)).toEqual(['#', 'To', 'Command', 'Command kind', 'For', 'Status', 'Tries', 'Last HTTP status', 'Message']);
    expect(String(header[10])).toMatch(/^Queued \(UTC[+-]\d{2}:\d{2}\)$/);
    for (const [rowNumber, id] of [
      [2, ITEMS],
      [2 + 5, ITEMS - 5],
      [ITEMS + 1, 1],
    ] as const) {
      const row = sheet.getRow(rowNumber);
      const seeded = seededItem(id);
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(1).value).toBe(id);
      expect(row.getCell(4).value).toBe(seeded.kind);
      expect(row.getCell(5).value).toBe(seeded.entityKey);
      expect(row.getCell(6).value).toBe(seeded.status === 'failed' ? 'Failed' : 'Pending');
      expect(row.getCell(7).type).toBe(ExcelJS.ValueType.Number);
      expect(row.getCell(7).value).toBe(seeded.attempts);
      expect(row.getCell(11).type).toBe(ExcelJS.ValueType.Date);
      expect(row.getCell(11).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    }
    // A failed item: its HTTP status a number, its message text (never a formula, though it starts with "=").
    const failed = sheet.getRow(2);
    expect(failed.getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(failed.getCell(8).value).toBe(422);
    expect(failed.getCell(9).type).toBe(ExcelJS.ValueType.String);
    expect(failed.getCell(9).value).toBe(seededItem(ITEMS).lastError);

    // Export CSV of the quarantine: parsed back, quotes and commas intact, formula-looking text defused.
    await page.getByRole('tab', { name: /Quarantine/ }).click();
    await expect(page.getByRole('row', { name: 'Quarantined record 3' })).toBeVisible();
    const csvDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await csvDownload;
    expect(csvFile.suggestedFilename()).toMatch(/^quarantine-open-.*\.csv$/);
    const csvPath = test.info().outputPath(csvFile.suggestedFilename());
    await csvFile.saveAs(csvPath);
    const text = readFileSync(csvPath, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toHaveLength(4);
    expect(parsed.data[0]!.slice(0, 6)).toEqual(['#', 'From', 'Record type', 'Record id', 'Arrived as', 'Error']);
    expect(parsed.data[1]!.slice(0, 6)).toEqual(['3', 'Platform', 'order', 'po-3', 'event:order', 'Order: /total must be integer (3)']);
    expect(JSON.parse(parsed.data[1]![8]!)).toEqual({
      id: 'evt-3',
      type: 'order.updated',
      resource: { type: 'order', id: 'po-3', total: 'abc, "quoted"' },
    });
  } finally {
    await stopHost(child);
  }
});
