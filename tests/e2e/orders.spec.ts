// The Orders screen against a replica of 20,000 synthetic orders: virtualised scrolling (the DOM holds a
// screenful of rows whatever the total), sort, filters, search, keyboard, empty state.
import type { Page } from '@playwright/test';
import {
  adminAccount,
  expect,
  openDesk,
  rawCall,
  setupAdminViaApi,
  signInViaUi,
  startHost,
  stopHost,
  test as base,
  type Desk,
} from './support/fixtures';

const test = base.extend<{ seededDesk: Desk }>({
  seededDesk: async ({}, use) => {
    const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['seeded', '20000']);
    try {
      await use(desk);
    } finally {
      await stopHost(child);
    }
  },
});

const orderRows = (page: Page) => page.getByRole('table', { name: 'Orders' }).locator('[role="row"][data-order-id]');

/** ₹1,23,456.78 -> 12345678 (paise). */
function paise(text: string): number {
  return Math.round(Number(text.replace(/[^\d.]/g, '')) * 100);
}

async function totalsShown(page: Page, n: number): Promise<number[]> {
  const cells = await orderRows(page).evaluateAll(
    (rows, n) =>
      rows
        .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
        .slice(0, n)
        .map((r) => r.querySelectorAll('[role="cell"]')[5]?.textContent ?? ''),
    n,
  );
  return cells.map(paise);
}

test('orders: virtualised list of 20,000 with sort, filters, search and keyboard', async ({ page, seededDesk }) => {
  await openDesk(page, seededDesk);
  const session = await setupAdminViaApi(page);
  await page.reload();
  await signInViaUi(page, adminAccount.username, adminAccount.password);
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: /Orders/ })
    .click();

  const table = page.getByRole('table', { name: 'Orders' });
  await expect(page.getByTestId('orders-count')).toHaveText('20,000 orders');
  await expect(page.getByTestId('orders-as-of')).toContainText('As of');
  await expect(orderRows(page).first()).toBeVisible();
  // Newest first by default.
  await expect(table.getByRole('columnheader', { name: 'Placed' })).toHaveAttribute('aria-sort', 'descending');

  // Virtualised: a screenful of rows in the DOM, also deep in the list.
  expect(await orderRows(page).count()).toBeLessThan(80);
  await table.evaluate((el) => (el.scrollTop = 34 * 12_000));
  await expect(table.locator('[role="row"][aria-rowindex="12005"][data-order-id]')).toBeVisible();
  expect(await orderRows(page).count()).toBeLessThan(80);
  await table.evaluate((el) => (el.scrollTop = 0));

  // Sort by total: largest first, then smallest first (the server sorts).
  await table.getByRole('columnheader', { name: 'Total' }).getByRole('button').click();
  await expect(table.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'descending');
  await expect
    .poll(async () => {
      const t = await totalsShown(page, 8);
      return t.length === 8 && t.every((v, i) => i === 0 || t[i - 1]! >= v);
    })
    .toBe(true);
  const largest = (await totalsShown(page, 1))[0]!;
  await table.getByRole('columnheader', { name: 'Total' }).getByRole('button').click();
  await expect(table.getByRole('columnheader', { name: 'Total' })).toHaveAttribute('aria-sort', 'ascending');
  await expect
    .poll(async () => {
      const t = await totalsShown(page, 8);
      return t.length === 8 && t.every((v, i) => i === 0 || t[i - 1]! <= v) && t[0]! < largest;
    })
    .toBe(true);

  // Filter by status: the count is the backend's, and every row shown has that status.
  const holds = await rawCall(page, 'orders.list', { status: ['credit_hold'], limit: 1 }, session);
  const holdTotal = (holds.value as { total: number }).total;
  await page.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'Credit hold' }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('orders-count')).toHaveText(`${holdTotal.toLocaleString('en-IN')} orders`);
  await expect(orderRows(page).first()).toBeVisible();
  const statuses = await orderRows(page).evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="cell"]')[4]?.textContent));
  expect(new Set(statuses)).toEqual(new Set(['Credit hold']));

  // Filter by channel and region on top: the count follows the backend again.
  await page.getByRole('combobox', { name: 'Region' }).click();
  await page.getByRole('option', { name: 'West' }).click();
  await page.keyboard.press('Escape');
  const west = await rawCall(page, 'orders.list', { status: ['credit_hold'], region: ['West'], limit: 1 }, session);
  await expect(page.getByTestId('orders-count')).toHaveText(`${(west.value as { total: number }).total.toLocaleString('en-IN')} orders`);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByTestId('orders-count')).toHaveText('20,000 orders');

  // "/" focuses search; a dealer code finds that dealer's orders; arrows move the selection.
  await table.click();
  await page.keyboard.press('/');
  await expect(page.getByRole('textbox', { name: 'Search orders' })).toBeFocused();
  await page.keyboard.type('DLR10007');
  const dealer = await rawCall(page, 'orders.list', { search: 'DLR10007', limit: 1 }, session);
  const dealerTotal = (dealer.value as { total: number }).total;
  await expect(page.getByTestId('orders-count')).toHaveText(`${dealerTotal} orders`);
  const codes = await orderRows(page).evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="cell"]')[2]?.textContent ?? ''));
  expect(codes.length).toBeGreaterThan(0);
  for (const code of codes) expect(code).toContain('DLR10007');
  await page.keyboard.press('ArrowDown');
  await expect(table.locator('[role="row"][aria-selected="true"]')).toHaveAttribute('aria-rowindex', '2');
  await page.keyboard.press('ArrowDown');
  await expect(table.locator('[role="row"][aria-selected="true"]')).toHaveAttribute('aria-rowindex', '3');
  await page.keyboard.press('ArrowUp');
  await expect(table.locator('[role="row"][aria-selected="true"]')).toHaveAttribute('aria-rowindex', '2');

  // An order number, by its prefix.
  await page.keyboard.press('/');
  await page.keyboard.type('SO-2025-01234');
  await expect(page.getByTestId('orders-count')).toHaveText('10 orders');
  await page.screenshot({ path: test.info().outputPath('orders-screen.png') });

  // Nothing matches: the empty state says what search looks at and offers a way back.
  await page.keyboard.press('/');
  await page.keyboard.type('no dealer called this');
  await expect(page.getByTestId('orders-empty')).toContainText('No orders match');
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(page.getByTestId('orders-count')).toHaveText('20,000 orders');
});
