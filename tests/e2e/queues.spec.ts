// Order queues end to end in Chromium: reference servers for both systems (in this process, their domain
// driven directly), a desk syncing with them in its own process over real HTTP, with the hand-over routing
// holding portal orders "to confirm". The views follow live activity with their counts; a personal view is
// saved and exported as XLSX (read back with exceljs: rows, money as numbers, dates as dates); three
// received orders are bulk-cancelled while the dealer cancels one of them meanwhile (two done,
// one conflict); an order handed over by hand; an order with drift injected in the DMS is flagged in the
// "Drift" view and its reconciliation. Screenshots in light and dark.
import type { Locator, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../src/sim/index';
import {
  adminAccount,
  createStaffViaApi,
  expect,
  openDesk,
  rawCall,
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

const viewsNav = (page: Page) => page.getByRole('navigation', { name: 'Views' });
const viewLink = (page: Page, name: string) => viewsNav(page).getByRole('link', { name: new RegExp(`^${name}\\s`) });
const ordersTable = (page: Page) => page.getByRole('table', { name: 'Orders' });
const row = (page: Page, number: string) => ordersTable(page).locator(`[role="row"][data-order-number="${number}"]`);

/** The count a view shows in the navigation. */
async function countOf(link: Locator): Promise<number> {
  const text =
    (await link
      .getByTestId('view-count')
      .textContent({ timeout: 2000 })
      .catch(() => null)) ?? '';
  return /^\d[\d,]*$/.test(text) ? Number(text.replace(/,/g, '')) : -1;
}

async function shot(page: Page, name: string) {
  // Away from the navigation, whose tooltips would cover the screen.
  await page.mouse.move(1100, 760);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
    await page.screenshot({ path: test.info().outputPath(`${name}-${scheme}.png`) });
  }
  await page.evaluate(() => document.documentElement.setAttribute('data-mantine-color-scheme', 'light'));
}

test('order queues: live views, a personal view, bulk cancel with a conflict, hand over, drift in the reconciliation', async ({ page }) => {
  test.setTimeout(150_000);
  servers = await startReferenceServers({ seed: 41, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const routing = JSON.stringify({
    'duties.handover': { confirmChannels: ['portal'], confirmWithNotes: false, confirmWithPriceOverride: false },
  });
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token, routing]);
  try {
    await openDesk(page, desk);
    const adminSession = await setupAdminViaApi(page);
    const manager = { username: 'meera.manager', displayName: 'Meera Iyer', password: 'monday morning queues' };
    await createStaffViaApi(page, adminSession, { ...manager, roles: ['manager'] });
    await page.reload();
    await signInViaUi(page, adminAccount.username, adminAccount.password);

    // The views are in the navigation with their counts; an admin's job comes first.
    await expect(viewsNav(page).getByRole('link').first()).toHaveAccessibleName(/^Failed pushes\s/);
    const awaiting = viewLink(page, 'Awaiting hand-over');
    const newPortal = viewLink(page, 'New portal orders');
    await expect.poll(() => countOf(awaiting)).toBe(0);
    await expect.poll(() => countOf(newPortal)).toBe(0);

    // Live activity: dealers place portal orders; the routing holds them to confirm; the counts follow.
    const place = (qty: number) =>
      sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.cable, qty }] });
    const orders = [place(3), place(4), place(5), place(6)];
    for (const o of orders) expect(o.status).toBe('received');
    await expect.poll(() => countOf(awaiting), { timeout: 10_000 }).toBe(4);
    await expect.poll(() => countOf(newPortal)).toBe(4);

    // Switch to the view: its orders, its own columns (the SLA ageing column), most overdue first.
    await awaiting.click();
    await expect(page.getByRole('heading', { name: 'Awaiting hand-over' })).toBeVisible();
    await expect(awaiting).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('orders-count')).toHaveText('4 orders');
    for (const o of orders) await expect(row(page, o.number)).toBeVisible();
    await expect(ordersTable(page).getByRole('columnheader', { name: 'In status' })).toHaveAttribute('aria-sort', 'descending');
    await shot(page, 'queues-awaiting-handover');

    // Hand over one by hand: it goes to the DMS and leaves the queue.
    const [handOver, ...toCancel] = orders as [(typeof orders)[0], ...typeof orders];
    await page.getByRole('checkbox', { name: `Select order ${handOver.number}` }).click();
    // An admin may not publish what dealers see (DESIGN.md's dealer-status roles): not offered, and refused by the backend.
    const bulkBar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await expect(bulkBar.getByRole('button', { name: 'Cancel orders' })).toBeVisible();
    await expect(bulkBar.getByRole('button', { name: 'Publish message' })).toHaveCount(0);
    const refused = await rawCall(page, 'dealerStatus.publish', { orderId: handOver.id, status: 'processing', message: 'x' }, adminSession);
    expect(refused.ok).toBe(false);
    expect(refused.error?.kind).toBe('forbidden');
    await bulkBar.getByRole('button', { name: 'Hand over' }).click();
    await page.getByRole('dialog', { name: 'Hand over now' }).getByRole('button', { name: 'Hand over 1' }).click();
    const results = page.getByRole('region', { name: 'Bulk results' });
    await expect(results.locator(`[data-result-order="${handOver.number}"]`)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    await expect.poll(() => sim.platform.domain.getOrder(handOver.id)?.status, { timeout: 15_000 }).toBe('in_fulfillment');
    await expect.poll(() => countOf(awaiting), { timeout: 10_000 }).toBe(3);
    await results.getByRole('button', { name: 'Close results' }).click();

    // Bulk cancel three received orders: the first row, shift-click the third (a range); then the dealer
    // cancels the middle one before the clerk confirms.
    for (const o of toCancel) await expect(row(page, o.number)).toBeVisible();
    const shown = await ordersTable(page)
      .locator('[role="row"][data-order-number]')
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          .map((r) => r.getAttribute('data-order-number')),
      );
    const [first, middle, last] = shown.map((n) => toCancel.find((o) => o.number === n)!) as [
      (typeof orders)[0],
      (typeof orders)[0],
      (typeof orders)[0],
    ];
    await page.getByRole('checkbox', { name: `Select order ${first.number}` }).click();
    await page.getByRole('checkbox', { name: `Select order ${last.number}` }).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('selected-count')).toHaveText('3 selected');
    await expect(page.getByRole('checkbox', { name: `Select order ${middle.number}` })).toBeChecked();
    sim.platform.domain.cancelByDealer(middle.id, 'Ordered twice by mistake');
    await page.getByRole('toolbar', { name: 'Bulk actions' }).getByRole('button', { name: 'Cancel orders' }).click();
    const cancel = page.getByRole('dialog', { name: 'Cancel orders' });
    await cancel.getByLabel('Reason').click();
    await page.getByRole('option', { name: 'Dealer asked to cancel' }).click();
    await cancel.getByLabel('Note for the record').fill('Phoned in by the dealer');
    await cancel.getByRole('button', { name: 'Cancel 3 orders' }).click();
    await expect(results.locator(`[data-result-order="${first.number}"]`)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    await expect(results.locator(`[data-result-order="${last.number}"]`)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    const conflict = results.locator(`[data-result-order="${middle.number}"]`);
    await expect(conflict).toHaveAttribute('data-state', 'conflict', { timeout: 15_000 });
    await expect(conflict).toContainText('Already cancelled by the dealer');
    await expect(results.getByTestId('bulk-done')).toHaveText('2 done');
    await expect(results.getByTestId('bulk-problems')).toHaveText('1 need a look');
    expect(sim.platform.domain.getOrder(first.id)?.cancellation).toMatchObject({ by: { type: 'staff' }, reason_code: 'dealer_request' });
    expect(sim.platform.domain.getOrder(middle.id)?.cancellation?.by?.type).toBe('dealer');
    await expect.poll(() => countOf(awaiting), { timeout: 10_000 }).toBe(0);
    await shot(page, 'queues-bulk-results');
    await results.getByRole('button', { name: 'Close results' }).click();

    // A personal view: "New portal orders" with every status and the DMS column, saved as the admin's own.
    await newPortal.click();
    await expect(page.getByRole('heading', { name: 'New portal orders' })).toBeVisible();
    // The view's own statuses are shown as pills over the input.
    await page.getByRole('combobox', { name: 'Status' }).click({ force: true });
    await page.getByRole('option', { name: 'Cancelled' }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('view-changed')).toHaveText('Changed, not saved');
    await expect(page.getByTestId('orders-count')).toHaveText('3 orders');
    await page.getByRole('button', { name: 'View actions' }).click();
    await page.getByRole('menuitem', { name: 'Save as my view…' }).click();
    const saveAs = page.getByRole('dialog', { name: 'Save as my view' });
    await saveAs.getByLabel('View name').fill('Portal, with cancellations');
    await saveAs.getByRole('button', { name: 'Save view' }).click();
    const mine = viewLink(page, 'Portal, with cancellations');
    await expect(mine).toHaveAttribute('aria-current', 'page');
    await expect.poll(() => countOf(mine)).toBe(3);
    await expect(page.getByText('My view', { exact: true })).toBeVisible();
    // The shipped view is untouched, and the saved one survives a reload.
    await expect.poll(() => countOf(newPortal)).toBe(0);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Portal, with cancellations' })).toBeVisible();
    await expect(viewLink(page, 'Portal, with cancellations')).toHaveAccessibleName('Portal, with cancellations 3');

    // Export the view as XLSX (the shared export) and read the workbook back: its rows as filtered and
    // sorted on screen, money as numbers, dates as dates.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    const file = await download;
    const saved = test.info().outputPath(file.suggestedFilename());
    await file.saveAs(saved);
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync(saved);
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + 3);
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const col = (prefix: string) => header.findIndex((h) => h.startsWith(prefix)) + 1;
    expect(header[0]).toBe('Number');
    expect(col('Total')).toBeGreaterThan(0);
    expect(col('Placed')).toBeGreaterThan(0);
    const onScreen = await ordersTable(page)
      .locator('[role="row"][data-order-number]')
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          .map((r) => r.getAttribute('data-order-number')),
      );
    const exported = [2, 3, 4].map((n) => sheet.getRow(n));
    expect(exported.map((r) => r.getCell(1).value)).toEqual(onScreen);
    for (const r of exported) {
      const order = toCancel.find((o) => o.number === r.getCell(1).value)!;
      expect(r.getCell(col('Total')).type).toBe(ExcelJS.ValueType.Number);
      expect(r.getCell(col('Total')).value).toBe(order.total / 100);
      expect(r.getCell(col('Placed')).type).toBe(ExcelJS.ValueType.Date);
      expect(r.getCell(col('Status')).value).toBe('Cancelled');
    }

    // Drift injected in the DMS: someone keyed a DMS order for a portal order with another quantity. The
    // desk adopts it (the platform moves into fulfilment) and flags the difference.
    const drifted = place(7);
    await expect.poll(() => countOf(awaiting), { timeout: 10_000 }).toBe(1);
    const line = drifted.lines[0]!;
    sim.dms.domain.createOrder({
      platform_order_id: drifted.id,
      platform_order_number: drifted.number,
      dealer_code: fixtureIds.plain.code,
      lines: [{ line_no: line.line_no, sku: line.sku, qty: line.qty + 2, unit_price: line.unit_price, tax_rate_bp: line.tax_rate_bp }],
      requested_delivery_date: null,
      warehouse_hint: null,
      credit_override_id: null,
      notes: null,
    });
    const driftView = viewLink(page, 'Drift');
    await expect.poll(() => countOf(driftView), { timeout: 15_000 }).toBe(1);
    await driftView.click();
    await expect(row(page, drifted.number)).toBeVisible();
    await expect(row(page, drifted.number)).toContainText('Price or quantity differs');

    // Keyboard: the table, j to the row, Enter opens the order; the reconciliation says who has what.
    await ordersTable(page).focus();
    await page.keyboard.press('j');
    await expect(row(page, drifted.number)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    const reconciliation = page.getByRole('region', { name: 'Reconciliation' });
    await expect(reconciliation).toBeVisible();
    const flag = reconciliation.locator('[data-drift-kind="lines"]');
    await expect(flag).toContainText(`the quantity differs`);
    await expect(flag).toContainText(`Platform: ${line.qty} ordered`);
    await expect(flag).toContainText(`DMS: ${line.qty + 2} ordered`);
    await expect(reconciliation.locator('[data-line="1"]')).toHaveAttribute('data-differs', 'qty');
    // The order's timeline (issue 9's OrderTimeline) below the reconciliation, with the order's own events.
    const timeline = page.getByTestId('order-timeline').getByRole('list', { name: 'Timeline' });
    await expect(timeline).toBeVisible();
    await expect(timeline.getByRole('listitem').first()).toBeVisible();
    await expect(timeline.locator('[data-source="platform"]').first()).toBeVisible();
    await shot(page, 'queues-reconciliation');
    await page.keyboard.press('Escape');
    await expect(reconciliation).toBeHidden();
    await expect(ordersTable(page)).toBeFocused();

    // The palette lists the views with their counts and the queue keys.
    await page.keyboard.press('Control+K');
    const palette = page.getByRole('dialog');
    await page.getByRole('textbox', { name: 'Command' }).fill('select');
    await expect(palette.getByText('Select every order in the view')).toBeVisible();
    await page.getByRole('textbox', { name: 'Command' }).fill('Drift');
    await expect(palette.getByRole('button', { name: /Drift/ }).first()).toBeVisible();
    await page.keyboard.press('Escape');

    await viewLink(page, 'Awaiting hand-over').click();
    await shot(page, 'queues-views');

    // The admin shares their view with credit controllers; Admin > Order queues lists it beside the SLA
    // targets, which the admin changes.
    await viewLink(page, 'Portal, with cancellations').click();
    await page.getByRole('button', { name: 'View actions' }).click();
    await page.getByRole('menuitem', { name: 'Share with roles…' }).click();
    const share = page.getByRole('dialog', { name: /^Share/ });
    await share.getByRole('checkbox', { name: 'Credit controller' }).check();
    await share.getByRole('button', { name: 'Share' }).click();
    await expect(page.getByText('Shared view', { exact: true })).toBeVisible();
    await page.keyboard.press('Alt+7');
    await page.getByRole('tab', { name: 'Order queues' }).click();
    await expect(page.getByRole('table', { name: 'Shared views' })).toContainText('Portal, with cancellations');
    const target = page.getByRole('textbox', { name: 'Received, not handed over: target' });
    await expect(target).toHaveValue('30');
    await target.fill('20');
    await page.getByRole('button', { name: 'Save SLA targets' }).click();
    await expect(page.getByText('SLA targets saved.', { exact: false })).toBeVisible();
    await shot(page, 'queues-admin');

    // A manager may publish what dealers see: the bulk bar offers it, through dealerStatus.publish, one
    // result per order, and each dealer gets exactly that message on the platform.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signInViaUi(page, manager.username, manager.password);
    await viewLink(page, 'All orders').click();
    await expect(viewLink(page, 'All orders')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('orders-count')).toHaveText('5 orders');
    // The keyboard: j / k move, x selects the focused order, Ctrl+A the whole view.
    const allShown = await ordersTable(page)
      .locator('[role="row"][data-order-number]')
      .evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          .map((r) => r.getAttribute('data-order-number')!),
      );
    expect(allShown).toHaveLength(5);
    await ordersTable(page).focus();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await expect(row(page, allShown[0]!)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('j');
    await expect(row(page, allShown[1]!)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('x');
    await expect(page.getByTestId('selected-count')).toHaveText('1 selected');
    await expect(page.getByRole('checkbox', { name: `Select order ${allShown[1]}` })).toBeChecked();
    await page.keyboard.press('Control+A');
    await expect(page.getByTestId('selected-count')).toHaveText('5 selected');
    for (const n of allShown) await expect(page.getByRole('checkbox', { name: `Select order ${n}` })).toBeChecked();
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toBeHidden();
    for (const o of [handOver, drifted]) await page.getByRole('checkbox', { name: `Select order ${o.number}` }).click();
    await expect(page.getByTestId('selected-count')).toHaveText('2 selected');
    // The bulk bar's Export: exactly the selected orders, through the shared export (CSV parsed back).
    const managerBar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await managerBar.getByRole('button', { name: 'Export', exact: true }).click();
    const selectionCsv = page.waitForEvent('download');
    await page.getByRole('dialog').getByRole('button', { name: 'Export CSV' }).click();
    const csvFile = await selectionCsv;
    const csvPath = test.info().outputPath(csvFile.suggestedFilename());
    await csvFile.saveAs(csvPath);
    const csv = Papa.parse<string[]>(readFileSync(csvPath, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(csv.errors).toEqual([]);
    expect(csv.data[0]![0]).toBe('Number');
    expect(
      csv.data
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([handOver.number, drifted.number].sort());
    await page.keyboard.press('Escape');
    await managerBar.getByRole('button', { name: 'Publish message' }).click();
    const publish = page.getByRole('dialog', { name: 'Publish a message to the dealers' });
    await publish.getByRole('combobox', { name: 'Status the dealer sees' }).click();
    await page.getByRole('option', { name: 'Processing', exact: true }).click();
    const note = 'Packed today; the truck leaves Bhiwandi tomorrow morning.';
    await publish.getByRole('textbox', { name: 'Message' }).fill(note);
    await publish.getByRole('button', { name: 'Publish to 2' }).click();
    for (const o of [handOver, drifted]) {
      await expect(results.locator(`[data-result-order="${o.number}"]`)).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
      await expect
        .poll(() => sim.platform.domain.listDealerStatus(o.id).map((p) => [p.status, p.message, p.published_by.name]), { timeout: 15_000 })
        .toContainEqual(['processing', note, manager.displayName]);
    }
    await expect(results.getByTestId('bulk-done')).toHaveText('2 done');
    await shot(page, 'queues-bulk-publish');
  } finally {
    await stopHost(child);
  }
});
