// Keyboard-first navigation: the Ctrl+K command palette and the "g <key>" / Alt+N shortcuts.
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

test('Ctrl+K opens the command palette, which navigates; g-shortcuts navigate too', async ({ page, desk }) => {
  await openDesk(page, desk);
  await setupAdminViaApi(page);
  await page.reload();
  await signInViaUi(page, adminAccount.username, adminAccount.password);
  await expect(page.getByRole('heading', { name: 'Staff' })).toBeVisible();

  await page.keyboard.press('Control+k');
  const search = page.getByRole('textbox', { name: 'Command' });
  await expect(search).toBeVisible();
  // Only the admin's screens are offered, with their shortcuts.
  const palette = page.getByRole('dialog');
  await expect(palette.getByRole('button', { name: /^Sync/ })).toContainText('g s');
  await expect(palette.getByRole('button', { name: /^Admin/ })).toContainText('Alt+7');
  await expect(palette.getByRole('button', { name: /^Credit holds/ })).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/palette.png' });
  await search.fill('sync');
  await page.keyboard.press('Enter');
  await expect(search).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Sync' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Outbox' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/sync.png', fullPage: true });

  await page.keyboard.press('g');
  await page.keyboard.press('o');
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  await expect(page.getByTestId('orders-empty')).toContainText('No orders');

  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { name: 'Staff' })).toBeVisible();

  // Sign out from the palette.
  await page.keyboard.press('Control+k');
  await page.getByRole('textbox', { name: 'Command' }).fill('sign out');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
});
