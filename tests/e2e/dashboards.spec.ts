// Manager dashboards end to end in Chromium (issue 11): reference servers seeded with a small generated
// dataset (twelve months of history for 40 dealers), a desk syncing with them over HTTP, and a manager who
// opens the book, drills into an at-risk dealer, finds two figures equal to a computation straight from the
// servers' API, exports the table, and prints the dealer's statement to PDF in the web host.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Dms } from '../../src/shared/contracts';
import { addDays, addMonths, officeDay } from '../../src/shared/dashboards';

const addMonthsToDay = (day: string, n: number) => `${addMonths(day.slice(0, 7), n)}-01`;
import { generateDataset } from '../../src/sim/data/index';
import { startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import { createStaffViaApi, expect, openDesk, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

let servers: ReferenceServers | null = null;
test.afterEach(async () => {
  await servers?.close();
  servers = null;
});

const manager = { username: 'meera.manager', displayName: 'Meera Iyer', password: 'dashboards all day', roles: ['manager' as const] };

/** Every record of a DMS collection, paged through the contract's snapshot endpoint. */
async function snapshot<T>(sim: ReferenceServers, collection: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = null;
  do {
    const url = new URL(`${sim.dms.url}/snapshot/${collection}`);
    url.searchParams.set('limit', '5000');
    if (token) url.searchParams.set('page_token', token);
    const response = await fetch(url, { headers: { authorization: `Bearer ${sim.token}` } });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { data: T[]; next_page_token: string | null };
    out.push(...page.data);
    token = page.next_page_token;
  } while (token);
  return out;
}

async function screenshotBothThemes(page: Page, name: string): Promise<void> {
  // Notices (e.g. "…csv is ready") fade after a few seconds; the screenshots show the screen without them.
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(0, { timeout: 15_000 });
  const toggle = page.getByRole('button', { name: 'Toggle colour theme' });
  await page.screenshot({ path: test.info().outputPath(`${name}-light.png`), fullPage: true });
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  // The toggle's own tooltip would cover the header: move the pointer off it and let the tooltip go.
  await page.mouse.move(4, 400);
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath(`${name}-dark.png`), fullPage: true });
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
}

test('the book, an at-risk dealer checked against the servers, export and a statement printed to PDF', async ({ page }) => {
  test.setTimeout(180_000);
  const now = new Date();
  servers = await startReferenceServers({
    seed: 11,
    scale: 'test',
    dataset: generateDataset({ seed: 11, scale: 'bench', sizes: { dealers: 40, skus: 200, orders: 3000 }, now }),
    now,
    speed: 0,
    platformPort: 0,
    dmsPort: 0,
    log: () => {},
  });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openDesk(page, desk);
    const adminSession = await setupAdminViaApi(page);
    await createStaffViaApi(page, adminSession, manager);
    await page.reload();
    await signInViaUi(page, manager.username, manager.password);

    // A manager lands on the dashboards: the book, at-risk dealers first.
    const table = page.getByRole('table', { name: 'Dealers at risk' });
    await expect(table).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText('Figures not ready yet')).toHaveCount(0, { timeout: 60_000 });
    const firstRow = table.locator('[role="row"][data-dealer-code]').first();
    await expect(firstRow).toHaveAttribute('data-at-risk', 'true', { timeout: 60_000 });
    await expect(page.getByTestId('book-as-of')).toContainText('DMS as of');
    await screenshotBothThemes(page, 'dashboards-book');

    // Drill down from a figure to the dealers behind it: the at-risk count.
    const atRisk = Number((await page.getByTestId('book-at-risk').innerText()).replace(/\D/g, ''));
    expect(atRisk).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Show the dealers at risk' }).click();
    await expect(page.getByTestId('book-filter')).toHaveText('At risk');
    await expect(page.getByTestId('book-count')).toContainText(`${atRisk} dealers`);
    await expect(table.locator('[role="row"][data-at-risk="false"]')).toHaveCount(0);

    // Export the table as filtered: CSV (every at-risk dealer, typed columns) and XLSX (typed cells).
    const list = page.getByRole('region', { name: 'Dealer list' });
    const csvDownload = page.waitForEvent('download');
    await list.getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await csvDownload;
    const csvPath = test.info().outputPath(csvFile.suggestedFilename());
    await csvFile.saveAs(csvPath);
    const csv = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').slice(1), { skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data[0]?.slice(0, 5)).toEqual(['Dealer', 'Code', 'Region', 'Tier', 'At risk because']);
    expect(csv.data).toHaveLength(atRisk + 1);
    const codeColumn = csv.data[0]!.indexOf('Code');
    const utilisationColumn = csv.data[0]!.indexOf('Credit utilisation');
    const xlsxDownload = page.waitForEvent('download');
    await list.getByRole('button', { name: 'Export XLSX' }).click();
    const xlsxFile = await xlsxDownload;
    const xlsxPath = test.info().outputPath(xlsxFile.suggestedFilename());
    await xlsxFile.saveAs(xlsxPath);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxPath);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(atRisk + 1);
    expect(sheet.getRow(2).getCell(codeColumn + 1).value).toBe(csv.data[1]![codeColumn]);
    // Utilisation is a number with a percent format in the workbook, "117.8%"-style text in the CSV.
    const utilisationCell = sheet.getRow(2).getCell(utilisationColumn + 1);
    expect(typeof utilisationCell.value).toBe('number');
    expect(utilisationCell.numFmt).toContain('%');

    // Drill into the first at-risk dealer.
    const code = (await firstRow.getAttribute('data-dealer-code')) as string;
    await firstRow.click();
    const dashboard = page.getByRole('region', { name: 'Dealer dashboard' });
    await expect(dashboard).toBeVisible();
    for (const name of ['Credit utilisation', 'DSO', 'Fill rate', 'Return rate', 'On-time delivery'])
      await expect(dashboard.getByRole('figure', { name, exact: true })).toBeVisible();

    // Two figures against a direct computation from the servers' API.
    const accountResponse = await fetch(`${sim.dms.url}/accounts/${code}`, { headers: { authorization: `Bearer ${sim.token}` } });
    const account = (await accountResponse.json()) as Dms.Account;
    const utilisation =
      account.credit_limit === 0 ? 'no limit' : `${(((account.balance + account.unbilled) / account.credit_limit) * 100).toFixed(1)}%`;
    await expect(
      dashboard.getByRole('figure', { name: 'Credit utilisation', exact: true }).getByTestId('figure-utilisation-value'),
    ).toHaveText(utilisation);

    const today = officeDay(now);
    const mine = <T extends { dealer_code: string }>(rows: T[]) => rows.filter((r) => r.dealer_code === code);
    const invoices = mine(await snapshot<Dms.Invoice>(sim, 'invoices')).filter((i) => i.status !== 'void');
    const payments = mine(await snapshot<Dms.Payment>(sim, 'payments'));
    const returns = mine(await snapshot<Dms.Return>(sim, 'returns'));
    const upToToday = (at: string) => officeDay(at) <= today;
    const balance =
      invoices.filter((i) => upToToday(i.issued_at)).reduce((s, i) => s + i.amount, 0) -
      payments.filter((p) => upToToday(p.received_at)).reduce((s, p) => s + p.amount, 0) -
      returns.filter((r) => upToToday(r.received_at)).reduce((s, r) => s + r.credit_amount, 0);
    const from90 = addDays(today, -89);
    const sales90 = invoices.filter((i) => officeDay(i.issued_at) >= from90 && upToToday(i.issued_at)).reduce((s, i) => s + i.amount, 0);
    const dso = sales90 > 0 ? `${((balance / sales90) * 90).toFixed(1)} days` : '—';
    console.info(`[dashboards e2e] ${code}: utilisation ${utilisation}, DSO ${dso} (balance ${balance}, sales 90 d ${sales90})`);
    await expect(dashboard.getByTestId('figure-dso-value')).toHaveText(dso);

    // Chart tooltips carry the exact figure (paise included), not the axis' rounded lakh.
    const salesChart = dashboard.getByRole('region', { name: 'Sales by month' });
    const surface = salesChart.locator('.recharts-surface').first();
    const box = (await surface.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.5);
    await expect(salesChart.locator('.recharts-tooltip-wrapper')).toContainText(/This year\s*₹[\d,]+\.\d{2}/);

    // The definition is a click away.
    await dashboard.getByRole('button', { name: 'Definition of DSO' }).click();
    await expect(page.getByRole('note', { name: 'DSO: definition' })).toContainText(
      'Receivable balance / (sales of the last 90 days) × 90',
    );
    await page.keyboard.press('Escape');
    await expect(page.getByRole('note', { name: 'DSO: definition' })).toBeHidden();
    await screenshotBothThemes(page, 'dashboards-dealer');

    // The dealer picker (the phone desk's one-box search) opens any dealer from here.
    const otherCode = csv.data
      .slice(1)
      .map((row) => row[codeColumn])
      .find((c) => c && c !== code) as string;
    const picker = page.getByRole('textbox', { name: 'Dealer' });
    await picker.fill(otherCode);
    await page
      .getByRole('option', { name: new RegExp(otherCode) })
      .first()
      .click();
    await expect(dashboard.getByRole('figure', { name: 'DSO', exact: true })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`dealer=`));
    await expect(dashboard).toContainText(otherCode);
    await page.goBack();
    await expect(dashboard).toContainText(code);

    // The statement, printed to PDF the way the web host does it: the browser's print.
    await dashboard.getByRole('button', { name: 'Statement' }).click();
    const statement = page.getByRole('article', { name: 'Account statement' });
    await expect(statement).toBeVisible();
    await expect(page.getByTestId('statement-closing')).not.toBeEmpty();
    // A chosen period: from the first of the month three months back, to today.
    const from = `${addMonthsToDay(today, -3).slice(0, 7)}-01`;
    await page.getByLabel('From').fill(from);
    await page.getByRole('button', { name: 'Show period' }).click();
    await expect(page).toHaveURL(new RegExp(`from=${from}`));
    await expect(page.getByTestId('statement-period')).toContainText(String(Number(from.slice(8, 10))));
    // Opening balance: the dealer's invoices less payments and returns before the period, from the servers' records.
    const before = (at: string) => officeDay(at) < from;
    const opening =
      invoices.filter((i) => before(i.issued_at)).reduce((s, i) => s + i.amount, 0) -
      payments.filter((p) => before(p.received_at)).reduce((s, p) => s + p.amount, 0) -
      returns.filter((r) => before(r.received_at)).reduce((s, r) => s + r.credit_amount, 0);
    await expect(page.getByTestId('statement-opening')).toHaveText(
      new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR' }).format(opening / 100),
    );
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Save as PDF' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(statement).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeHidden();
    await page.screenshot({ path: test.info().outputPath('dashboards-statement-print.png'), fullPage: true });
    const pdfPath = test.info().outputPath('statement.pdf');
    await page.pdf({ path: pdfPath, format: 'A4', printBackground: false });
    const pdf = readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    await page.emulateMedia({ media: 'screen' });
    await page.screenshot({ path: test.info().outputPath('dashboards-statement-light.png'), fullPage: true });
  } finally {
    await stopHost(child);
  }
});
