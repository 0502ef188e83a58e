// First run: the setup screen creates the admin, who lands in the shell; the theme toggle persists.
import { adminAccount, expect, openDesk, rawCall, test } from './support/fixtures';

test('first run shows the setup screen and creates the admin', async ({ page, desk }) => {
  await openDesk(page, desk);
  const form = page.getByRole('form', { name: 'Create the admin account' });
  await expect(form).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Set up Dealer Desk' })).toBeVisible();

  // A password the backend rejects comes back on the field, not as a generic failure.
  await form.getByLabel('User name').fill(adminAccount.username);
  await form.getByLabel('Full name').fill(adminAccount.displayName);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
  await form.getByLabel('Repeat password').fill('short');
  await form.getByRole('button', { name: 'Create admin and sign in' }).click();
  await expect(form.getByText('Use at least 10 characters.')).toBeVisible();

  await form.getByRole('textbox', { name: 'Password', exact: true }).fill(adminAccount.password);
  await form.getByLabel('Repeat password').fill(adminAccount.password);
  await form.getByRole('button', { name: 'Create admin and sign in' }).click();

  const nav = page.getByRole('navigation', { name: 'Screens' });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: /Admin/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Staff' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Staff' }).getByText(adminAccount.username)).toBeVisible();
  await expect(page.getByTestId('sync-indicator')).toBeVisible();

  // Setup happens once: the backend now refuses a second admin set-up, even called directly.
  const again = await rawCall(page, 'session.setupAdmin', { ...adminAccount, username: 'mallory' }, null);
  expect(again.ok).toBe(false);

  // Screenshots of the signed-in shell, light then dark; the choice survives a reload.
  await page.screenshot({ path: 'test-results/screenshots/shell-admin-light.png', fullPage: true });
  await page.getByRole('button', { name: 'Toggle colour theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.mouse.move(600, 500); // Away from the toggle, so its tooltip is not in the picture.
  await expect(page.getByRole('tooltip')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screenshots/shell-admin-dark.png', fullPage: true });
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
});
