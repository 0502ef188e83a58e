// Manager dashboards end to end in Chromium (issue 11): reference servers seeded with a small generated
// dataset (twelve months of history for 40 dealers), a desk syncing with them over HTTP, and a manager who
// opens the book, drills into an at-risk dealer, finds two figures equal to a computation straight from the
// servers' API, exports the table, and prints the dealer's statement to PDF in the web host.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Dms } from '../../src/shared/contracts';
import { addDays, officeDay } from '../../src/shared/dashboards';
import { generateDataset } from '../../src/sim/data/index';
import { startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import {
  createStaffViaApi,
  expect,
  openDesk,
  setupAdminViaApi,
  signInViaUi,
  startHost,
  stopHost,
  test,
} from './support/fixtures';

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
  const toggle = page.getByRole('button', { name: 'Toggle colour theme' });
  await page.screenshot({ path: test.info().outputPath(`${name}-light.png`), fullPage: true });
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
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

    // The definition is a click away.
    await dashboard.getByRole('button', { name: 'Definition of DSO' }).click();
    await expect(page.getByRole('note', { name: 'DSO: definition' })).toContainText(
      'Receivable balance / (sales of the last 90 days) × 90',
    );
    await page.keyboard.press('Escape');
    await expect(page.getByRole('note', { name: 'DSO: definition' })).toBeHidden();
    await screenshotBothThemes(page, 'dashboards-dealer');

    // The statement, printed to PDF the way the web host does it: the browser's print.
    await dashboard.getByRole('button', { name: 'Statement' }).click();
    const statement = page.getByRole('article', { name: 'Account statement' });
    await expect(statement).toBeVisible();
    await expect(page.getByTestId('statement-closing')).not.toBeEmpty();
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
