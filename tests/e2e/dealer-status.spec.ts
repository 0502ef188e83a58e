// Dealer-visible status publishing, end to end in Chromium: reference servers for both systems in this
// process, a desk syncing with them (its own process, real HTTP), and the screens. An admin edits the
// backorder template and sees it in the preview; a dealer's order is backordered by the DMS and reaches the
// publish queue; inside sales edits the message and ETA, sees the dealer's preview change, and publishes;
// the platform's dealer-status list for the order has exactly that message; the order's timeline shows the
// publication right after the DMS event it came from. Screenshots in light and dark go to
// test-results/dealer-status/.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../src/sim/index';
import {
  adminAccount,
  createStaffViaApi,
  expect,
  openDesk,
  setupAdminViaApi,
  signInViaUi,
  startHost,
  stopHost,
  test,
} from './support/fixtures';

const shots = 'test-results/dealer-status';
let servers: ReferenceServers | null = null;
test.afterEach(async () => {
  await servers?.close();
  servers = null;
});

/** Light, then dark, then back to light: both themes of what is on screen now. */
async function screenshots(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}-light.png`, fullPage });
  // dispatchEvent: an open drawer's overlay covers the header, and the theme must still switch under it.
  const toggle = page.getByRole('button', { name: 'Toggle colour theme' });
  await toggle.dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.screenshot({ path: `${shots}/${name}-dark.png`, fullPage });
  await toggle.dispatchEvent('click');
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
}

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
}

test('a backordered order is reviewed, edited and published; the dealer gets exactly that; the timeline shows it beside its DMS event', async ({
  page,
}) => {
  test.setTimeout(120_000);
  servers = await startReferenceServers({ seed: 23, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    const adminSession = await setupAdminViaApi(page);
    await createStaffViaApi(page, adminSession, {
      username: 'ravi.sales',
      displayName: 'Ravi Sharma',
      password: 'dispatch notes daily',
      roles: ['inside_sales'],
    });
    await page.reload();

    // 1. The admin edits the backorder template and sees it in the preview.
    await signInViaUi(page, adminAccount.username, adminAccount.password);
    await page.getByRole('tab', { name: 'Dealer status policy' }).click();
    const policy = page.getByRole('table', { name: 'Status policy' });
    await expect(policy).toBeVisible();
    const template = policy.getByRole('textbox', { name: 'Template for Backordered', exact: true });
    // An unknown placeholder is refused when saving, on its row.
    await template.fill('Dear {dealer_name}, {order_number} waits for {backorderd_items}.');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(policy.locator('tr[data-rule="backordered"]')).toContainText('Unknown placeholder {backorderd_items}');
    await template.fill('Dear {dealer_name}, {order_number} waits for stock: {backordered_items}. We ship the day it lands.');
    const templatePreview = page.getByRole('region', { name: 'Template preview' });
    await expect(templatePreview).toContainText('Dear Patil Hardware, SO-2026-004512 waits for stock: SWT-6A-WHT × 12, CAB-1.5-90M × 4.');
    await expect(templatePreview).toContainText('Backordered');
    await screenshots(page, 'policy-editor', true);
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText('Dealer status policy saved.')).toBeVisible();
    await signOut(page);

    // 2. A dealer orders switch plates no warehouse has; the desk hands the order over and the DMS backorders it.
    await signInViaUi(page, 'ravi.sales', 'dispatch notes daily');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: /Dealer status/ })
      .click();
    const queue = page.getByRole('table', { name: 'Publish queue' });
    await expect(queue).toBeVisible();
    await expect(page.getByTestId('queue-count')).toHaveText('Nothing waiting for review.');
    const order = sim.platform.domain.placeDealerOrder({
      account_id: fixtureIds.plain.id,
      lines: [{ sku: fixtureSkus.switchPlate, qty: 5 }],
    });
    await expect.poll(() => sim.dms.domain.getOrderByPlatformOrder(order.id)?.id ?? null, { timeout: 15_000 }).not.toBeNull();
    const dmsOrderId = sim.dms.domain.getOrderByPlatformOrder(order.id)!.id;
    expect(sim.dms.domain.allocate(dmsOrderId).status).toBe('backordered');

    // 3. It reaches the queue, with the admin's template filled in for this order.
    const row = queue.locator(`tr[data-order-number="${order.number}"]`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row).toContainText('Backordered');
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    const dealer = sim.platform.domain.getAccount(fixtureIds.plain.id)!.name;
    const preview = page.getByRole('region', { name: 'Dealer preview' });
    await expect(preview).toContainText(
      `Dear ${dealer}, ${order.number} waits for stock: ${fixtureSkus.switchPlate} × 5. We ship the day it lands.`,
    );
    await screenshots(page, 'publish-queue');

    // 4. Edit the message and set the ETA; the preview follows; publish.
    const message = `Your ${order.number}: 5 cases of switch plates arrive from our supplier on 14 March; we dispatch them that day.`;
    await page.getByRole('textbox', { name: 'Message' }).fill(message);
    await page.getByLabel('ETA').fill('2030-03-14');
    await expect(preview.getByTestId('dealer-preview-message')).toHaveText(message);
    await expect(preview).toContainText('Expected delivery 14 Mar 2030');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId('queue-count')).toHaveText('Nothing waiting for review.');

    // 5. The platform's dealer-status list for the order has exactly that message, once.
    await expect
      .poll(
        () =>
          sim.platform.domain
            .listDealerStatus(order.id)
            .filter((p) => p.status === 'backordered')
            .map((p) => p.message),
        {
          timeout: 15_000,
        },
      )
      .toEqual([message]);
    const publication = sim.platform.domain.listDealerStatus(order.id).find((p) => p.status === 'backordered')!;
    expect(publication).toMatchObject({ eta: '2030-03-14', published_by: { name: 'Ravi Sharma' } });

    // 6. The order's timeline, opened from the publish queue's decided items: the publication stands right
    //    after the DMS event it came from.
    await page.getByRole('tab', { name: 'Decided' }).click();
    await page.getByRole('button', { name: `Timeline of ${order.number}` }).click();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await expect(timeline.locator('[data-entry-id^="publication:"]')).toContainText(message, { timeout: 15_000 });
    const entries = timeline.getByRole('listitem');
    const ids = await entries.evaluateAll((items) => items.map((li) => li.getAttribute('data-entry-id')));
    const source = ids.indexOf('dms:status:backordered');
    expect(source).toBeGreaterThan(ids.indexOf('platform:placed'));
    expect(ids[source + 1]).toBe(`publication:${publication.id}`);
    await expect(entries.nth(source)).toContainText('Backordered');
    await expect(entries.nth(source + 1)).toContainText(message);
    await expect(entries.nth(source + 1)).toContainText('by Ravi Sharma');
    await expect(timeline).toContainText('Publication approved from the publish queue');
    await screenshots(page, 'order-timeline');
  } finally {
    await stopHost(child);
  }
});

test('the queue by keyboard: skip one with a reason, bulk-publish the rest with a result per item, and an ad-hoc update', async ({
  page,
}) => {
  test.setTimeout(120_000);
  servers = await startReferenceServers({ seed: 24, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    const adminSession = await setupAdminViaApi(page);
    await createStaffViaApi(page, adminSession, {
      username: 'nisha.sales',
      displayName: 'Nisha Rao',
      password: 'dispatch notes daily',
      roles: ['inside_sales'],
    });
    await page.reload();
    await signInViaUi(page, 'nisha.sales', 'dispatch notes daily');
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: /Dealer status/ })
      .click();
    const queue = page.getByRole('table', { name: 'Publish queue' });
    await expect(queue).toBeVisible();

    const orders = [1, 2, 3].map((qty) =>
      sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.switchPlate, qty }] }),
    );
    for (const o of orders) {
      await expect.poll(() => sim.dms.domain.getOrderByPlatformOrder(o.id)?.id ?? null, { timeout: 15_000 }).not.toBeNull();
      sim.dms.domain.allocate(sim.dms.domain.getOrderByPlatformOrder(o.id)!.id);
    }
    await expect(queue.locator('tbody tr')).toHaveCount(3, { timeout: 15_000 });
    await expect(page.getByTestId('queue-count')).toHaveText('3 waiting, oldest first');

    // Keyboard: the first item is selected; move to the second, Enter edits its message.
    const rowOf = (n: number) => queue.locator(`tr[data-order-number="${orders[n]!.number}"]`);
    await expect(rowOf(0)).toHaveAttribute('aria-selected', 'true');
    await queue.focus();
    await page.keyboard.press('ArrowDown');
    await expect(rowOf(1)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Message' })).toBeFocused();
    await expect(page.getByRole('region', { name: 'Dealer preview' })).toContainText(orders[1]!.number);

    // Skip it, with a reason.
    await page.getByRole('button', { name: 'Skip', exact: true }).click();
    await page.getByLabel('Reason for skipping').fill('Dealer was told on the phone this morning.');
    await page.getByRole('button', { name: 'Skip', exact: true }).click();
    await expect(rowOf(1)).toHaveCount(0);

    // Bulk: tick both remaining items and publish them; a result for each.
    await queue.getByRole('checkbox', { name: 'Select all' }).check();
    await page.getByRole('button', { name: 'Publish 2 selected' }).click();
    const results = page.getByRole('status', { name: 'Bulk publish results' });
    await expect(results).toContainText('2 published');
    for (const n of [0, 2]) await expect(results).toContainText(`${orders[n]!.number}: published`);
    await expect(page.getByTestId('queue-count')).toHaveText('Nothing waiting for review.');
    await expect
      .poll(
        () => [0, 1, 2].map((n) => sim.platform.domain.listDealerStatus(orders[n]!.id).filter((p) => p.status === 'backordered').length),
        {
          timeout: 15_000,
        },
      )
      .toEqual([1, 0, 1]);

    await page.getByRole('tab', { name: 'Decided' }).click();
    const decided = page.getByRole('table', { name: 'Decided items' });
    await expect(decided.locator('tbody tr')).toHaveCount(3);
    await expect(decided).toContainText('Dealer was told on the phone this morning.');
    await screenshots(page, 'decided');

    // An ad-hoc update about an order, found by its number.
    await page.getByRole('button', { name: 'Ad-hoc update' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Order').fill(orders[1]!.number);
    await dialog.getByRole('button', { name: new RegExp(orders[1]!.number) }).click();
    const note = 'Your switch plates leave our Pune warehouse on Friday.';
    await dialog.getByRole('textbox', { name: 'Message' }).fill(note);
    await expect(dialog.getByRole('region', { name: 'Dealer preview' })).toContainText(note);
    await screenshots(page, 'ad-hoc');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect
      .poll(() => sim.platform.domain.listDealerStatus(orders[1]!.id).map((p) => [p.message, p.published_by.name]), { timeout: 15_000 })
      .toContainEqual([note, 'Nisha Rao']);
  } finally {
    await stopHost(child);
  }
});
