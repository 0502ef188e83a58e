// The phone order desk end to end in Chromium: reference servers for both systems in this process, a desk
// syncing with them in its own process (real HTTP), and an inside-sales clerk on the keyboard. The clerk
// finds the dealer by a phone number typed in another format, reorders (a changed price highlighted, a
// withdrawn SKU left out), adds a line (break hint, stock per warehouse, quantity corrected), watches the
// credit preview follow the quantities, submits while the platform is down (the order waits, then is placed
// when it is back), and fixes a price-mismatch with one action. Screenshots in light and dark.
import type { Page } from '@playwright/test';
import { DEALER_WAITING_MARKER } from '../../src/shared/dealerWaiting';
import { fixtureIds, fixtureSkus, startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import { createStaffViaApi, expect, openDesk, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

let servers: ReferenceServers | null = null;
test.afterEach(async () => {
  await servers?.close();
  servers = null;
});

const clerk = { username: 'ravi', displayName: 'Ravi Kumar', password: 'long enough password', roles: ['inside_sales' as const] };

async function faults(sim: ReferenceServers, body: unknown, path = '/_sim/faults') {
  const res = await fetch(`${sim.platform.url.replace(/\/v1$/, '')}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

async function pickDealer(page: Page, typed: string, name: string) {
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  const box = page.getByRole('textbox', { name: 'Dealer' });
  await expect(box).toBeFocused();
  await box.fill('');
  await box.pressSequentially(typed);
  const first = page.getByRole('listbox', { name: 'Dealers found' }).getByRole('option').first();
  await expect(first).toHaveAccessibleName(new RegExp(`^${name}`), { timeout: 20_000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Dealer card' })).toContainText(name);
  await expect(page.getByRole('textbox', { name: 'Add SKU' })).toBeFocused();
}

function myOrder(page: Page, clientReference: string) {
  return page.getByRole('region', { name: 'My phone orders' }).locator(`tr[data-client-reference="${clientReference}"]`);
}

test('a clerk takes a phone order on the keyboard: phone lookup, reorder, lines, credit preview, offline submit, price-mismatch fix', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A script error on the page would blank the screen: fail with it rather than with a missing element.
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  servers = await startReferenceServers({ seed: 31, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  // History: D001 bought cable, cement and switch plates; since then cable went up and the switch plate
  // was withdrawn.
  const past = sim.platform.domain.placeDealerOrder({
    account_id: fixtureIds.plain.id,
    lines: [
      { sku: fixtureSkus.cable, qty: 6 },
      { sku: fixtureSkus.cement, qty: 20 },
      { sku: fixtureSkus.switchPlate, qty: 5 },
    ],
  });
  sim.platform.domain.upsertPrice({
    price_list_id: 'base',
    sku: fixtureSkus.cable,
    min_qty: 1,
    unit_price: 105_000,
    valid_from: null,
    valid_to: null,
  });
  const plate = sim.platform.domain.getProduct(fixtureSkus.switchPlate);
  if (!plate) throw new Error('fixture switch plate missing');
  sim.platform.domain.upsertProduct({ ...plate, active: false });

  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    const admin = await setupAdminViaApi(page);
    await createStaffViaApi(page, admin, clerk);
    await page.reload();
    await signInViaUi(page, clerk.username, clerk.password);
    await expect(page.getByRole('heading', { name: 'Phone order' })).toBeVisible();

    // 1. The dealer by phone: stored as "+91 98200 00001", typed with the trunk 0, a space and a dash.
    await pickDealer(page, '0 98200-00001', 'Shree Ganesh Electricals');
    const card = page.getByRole('region', { name: 'Dealer card' });
    await expect(card).toContainText('PUN · Pune');
    await expect(card.getByTestId('dealer-credit-as-of')).toContainText('Credit as of');

    // 2. Reorder: every line re-priced today; cable's old price beside the new one; the plate left out.
    await card.getByRole('button', { name: `Reorder ${past.number}` }).click();
    const cable = page.locator(`tr[data-sku="${fixtureSkus.cable}"]`);
    await expect(cable).toHaveAttribute('data-price-changed', 'true');
    await expect(cable.getByTestId('unit-price')).toHaveText('₹1,050.00');
    await expect(cable.getByLabel('was ₹1,000.00')).toBeVisible();
    await expect(page.getByText(`Left out: ${fixtureSkus.switchPlate}`)).toBeVisible();
    await expect(page.locator(`tr[data-sku="${fixtureSkus.switchPlate}"]`)).toHaveCount(0);
    // The break hint and the stock per warehouse, the home warehouse first.
    await expect(cable.getByTestId('break-hint')).toHaveText('4 more: ₹100.00 less each');
    await expect(cable.getByTestId('stock')).toHaveText(/^PUN\s*100\s*DEL\s*20$/);

    // 3. Add a line from the keyboard: "Add SKU", Enter, the quantity is focused; 3 drums break the
    // multiple of 2, the nearest allowed is offered and taken with Alt+C; Enter goes back to Add SKU.
    const addSku = page.getByRole('textbox', { name: 'Add SKU' });
    await addSku.click();
    await addSku.pressSequentially('enamel');
    await expect(page.getByRole('listbox', { name: 'SKUs found' }).getByRole('option').first()).toContainText(fixtureSkus.paint);
    await page.keyboard.press('Enter');
    const paint = page.locator(`tr[data-sku="${fixtureSkus.paint}"]`);
    const paintQty = paint.getByRole('textbox', { name: 'Quantity' });
    await expect(paintQty).toBeFocused();
    await page.keyboard.type('3');
    await expect(paint).toContainText('in multiples of 2');
    await page.keyboard.press('Alt+c');
    await expect(paintQty).toHaveValue('4');
    await expect(paint.getByTestId('stock')).toHaveText(/^PUN\s*4\s*CHE\s*50$/);
    await page.keyboard.press('Enter');
    await expect(addSku).toBeFocused();

    // 4. The credit preview follows the quantities; Tab walks the quantity fields.
    const preview = page.getByRole('region', { name: 'Credit preview' });
    await expect(preview).toContainText('Available after');
    const available = preview.getByTestId('credit-available-after');
    await expect(available).toHaveText(/₹/);
    const before = await available.textContent();
    const quantities = page.getByRole('textbox', { name: 'Quantity' });
    await quantities.first().focus();
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await expect(quantities.nth(1)).toBeFocused();
    await expect(available).not.toHaveText(before ?? '');
    // 12 cases reach the break: the hint is gone and the price is the break price.
    await expect(cable.getByTestId('unit-price')).toHaveText('₹950.00');
    await expect(preview.getByTestId('credit-this-order')).toHaveText(await page.getByTestId('order-total').innerText());
    await page.getByRole('checkbox', { name: 'Dealer waiting on the phone' }).check();
    await expect(page.getByTestId('draft-saved')).toContainText('Draft saved');
    // Tall enough for the whole screen without scrolling (a full-page capture splits the fixed header).
    await page.setViewportSize({ width: 1280, height: 1150 });
    await page.screenshot({ path: test.info().outputPath('phone-order-light.png') });
    await page.getByRole('button', { name: 'Toggle colour theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await page.screenshot({ path: test.info().outputPath('phone-order-dark.png') });
    await page.getByRole('button', { name: 'Toggle colour theme' }).click();

    // 5. The platform goes down; Ctrl+Enter still takes the order and returns to an empty order at once.
    await expect(page.getByRole('button', { name: 'Place order', exact: true })).toBeEnabled();
    await faults(sim, { error_rates: { '503': 1 }, retry_after_s: 0 });
    const reference = (await page.getByText(/^Reference PH-/).innerText()).replace('Reference ', '');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText('New order: find the dealer')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Dealer' })).toBeFocused();
    const first = myOrder(page, reference);
    await expect(first).toHaveAttribute('data-state', 'sending');
    await expect(first).toContainText('waiting to send', { timeout: 20_000 });
    await expect(first.getByLabel('Dealer waiting on the phone')).toBeVisible();
    // Back up: placed, with the order number, and on the platform exactly as the clerk left it.
    await faults(sim, {}, '/_sim/reset-faults');
    await expect(first).toHaveAttribute('data-state', 'placed', { timeout: 45_000 });
    await expect(first).toContainText(/SO-\d{4}-\d+/);
    const placed = sim.platform.domain.getOrderByReference(fixtureIds.plain.id, reference);
    expect(placed?.channel).toBe('phone');
    expect(placed?.notes?.startsWith(DEALER_WAITING_MARKER)).toBe(true);
    expect(placed?.lines.map((l) => [l.sku, l.qty, l.unit_price])).toEqual([
      [fixtureSkus.cable, 12, 95_000],
      [fixtureSkus.cement, 20, 40_000],
      [fixtureSkus.paint, 4, 250_000],
    ]);

    // 6. A price that changes while the order waits: the platform refuses it, the clerk accepts its prices.
    await pickDealer(page, 'D003', 'Mehta Paints');
    await page.keyboard.type('PNT-EML');
    await expect(page.getByRole('listbox', { name: 'SKUs found' }).getByRole('option').first()).toContainText('₹2,000.00');
    await page.keyboard.press('Enter');
    await expect(page.locator(`tr[data-sku="${fixtureSkus.paint}"]`).getByRole('textbox', { name: 'Quantity' })).toBeFocused();
    const second = (await page.getByText(/^Reference PH-/).innerText()).replace('Reference ', '');
    await faults(sim, { error_rates: { '503': 1 }, operations: ['createOrder'], retry_after_s: 0 });
    await page.keyboard.press('Control+Enter');
    await expect(myOrder(page, second)).toHaveAttribute('data-state', 'sending');
    sim.platform.domain.upsertPrice({
      price_list_id: 'cl-acc_003',
      sku: fixtureSkus.paint,
      min_qty: 1,
      unit_price: 210_000,
      valid_from: null,
      valid_to: null,
    });
    await faults(sim, {}, '/_sim/reset-faults');
    const task = myOrder(page, second);
    await expect(task).toHaveAttribute('data-state', 'needs_attention', { timeout: 45_000 });
    await expect(task).toContainText('differ from the account');
    await expect(task).toContainText('₹2,000.00 → ₹2,100.00');
    await page.screenshot({ path: test.info().outputPath('phone-order-task-light.png') });
    await task.getByRole('button', { name: "Accept the platform's prices and re-submit" }).click();
    await expect(task).toHaveAttribute('data-state', 'placed', { timeout: 30_000 });
    const fixed = sim.platform.domain.getOrderByReference(fixtureIds.contract.id, second);
    expect(fixed?.lines[0]?.unit_price).toBe(210_000);
    expect(sim.platform.domain.listOrders(fixtureIds.contract.id).filter((o) => o.client_reference === second)).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  } finally {
    await stopHost(child);
  }
});

test('price overrides only for the roles an admin allows; the same order twice in 24 hours asks first', async ({ page }) => {
  test.setTimeout(150_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  servers = await startReferenceServers({ seed: 32, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    const admin = await setupAdminViaApi(page);
    await createStaffViaApi(page, admin, clerk);
    await page.reload();

    // The clerk is not offered an override by default.
    await signInViaUi(page, clerk.username, clerk.password);
    await pickDealer(page, 'Shree Ganesh', 'Shree Ganesh Electricals');
    await page.keyboard.type('SWT-6A');
    await expect(page.getByRole('listbox', { name: 'SKUs found' }).getByRole('option').first()).toContainText(fixtureSkus.switchPlate);
    await page.keyboard.press('Enter');
    const plate = page.locator(`tr[data-sku="${fixtureSkus.switchPlate}"]`);
    await expect(plate.getByRole('textbox', { name: 'Quantity' })).toBeFocused();
    await expect(plate.getByRole('button', { name: `Override price of ${fixtureSkus.switchPlate}` })).toHaveCount(0);
    // Signing out straight after typing (inside the save debounce) keeps what was typed.
    await page.keyboard.type('3');
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    // Admin > Phone orders: inside sales may override.
    await signInViaUi(page, 'asha.admin', 'correct horse battery');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /Admin/ }).click();
    await page.getByRole('tab', { name: 'Phone orders' }).click();
    await page.getByRole('checkbox', { name: 'Inside sales' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Price overrides allowed for the chosen roles.')).toBeVisible();
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();

    // Back to the clerk's draft, which is where it was left: Alt+P overrides the price with a reason.
    await signInViaUi(page, clerk.username, clerk.password);
    const quantity = plate.getByRole('textbox', { name: 'Quantity' });
    await expect(quantity).toHaveValue('3');
    await quantity.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('12');
    await page.keyboard.press('Alt+p');
    const override = page.getByRole('form', { name: `Price override for ${fixtureSkus.switchPlate}` });
    await override.getByRole('textbox', { name: 'Unit price (₹)' }).fill('45');
    await override.getByRole('textbox', { name: 'Reason' }).fill('matching the distributor scheme');
    await override.getByRole('button', { name: 'Apply' }).click();
    await expect(plate.getByTestId('unit-price')).toHaveText('₹45.00');
    await expect(plate).toContainText('override (list ₹50.00)');
    const reference = (await page.getByText(/^Reference PH-/).innerText()).replace('Reference ', '');
    await page.getByRole('button', { name: 'Place order', exact: true }).click();
    const row = myOrder(page, reference);
    await expect(row).toHaveAttribute('data-state', 'placed', { timeout: 30_000 });
    const placed = sim.platform.domain.getOrderByReference(fixtureIds.plain.id, reference);
    expect(placed?.lines[0]).toMatchObject({
      qty: 12,
      unit_price: 4_500,
      list_price: 5_000,
      price_override_reason: 'matching the distributor scheme',
    });

    // The same lines again for the same dealer: a warning first, and nothing is sent until the clerk says so.
    await pickDealer(page, 'D001', 'Shree Ganesh Electricals');
    await page.keyboard.type('SWT-6A');
    await expect(page.getByRole('listbox', { name: 'SKUs found' }).getByRole('option').first()).toContainText(fixtureSkus.switchPlate);
    await page.keyboard.press('Enter');
    await page.keyboard.type('12');
    const again = (await page.getByText(/^Reference PH-/).innerText()).replace('Reference ', '');
    await page.keyboard.press('Control+Enter');
    const warning = page.getByRole('dialog', { name: 'Same order in the last 24 hours' });
    await expect(warning).toContainText(placed?.number ?? 'missing');
    expect(sim.platform.domain.getOrderByReference(fixtureIds.plain.id, again)).toBeUndefined();
    await warning.getByRole('button', { name: 'Place it anyway' }).click();
    await expect(myOrder(page, again)).toHaveAttribute('data-state', 'placed', { timeout: 30_000 });
    expect(pageErrors).toEqual([]);
  } finally {
    await stopHost(child);
  }
});
