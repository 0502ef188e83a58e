// The Admin screen: add staff (backend validation shown on the fields), change roles, deactivate.
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

test('admin adds a person, fixes a field the backend rejects, changes their roles and deactivates them', async ({ page, desk }) => {
  await openDesk(page, desk);
  await setupAdminViaApi(page);
  await page.reload();
  await signInViaUi(page, adminAccount.username, adminAccount.password);

  await page.getByRole('button', { name: 'Add staff' }).click();
  const form = page.getByRole('form', { name: 'Add staff' });
  await form.getByLabel('User name').fill('meera.credit');
  await form.getByLabel('Full name').fill('Meera Iyer');
  await form.getByLabel('Initial password').fill('tooshort');
  await form.getByRole('button', { name: 'Add staff' }).click();
  await expect(form.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(form.getByText('Give the person at least one role.')).toBeVisible();

  await form.getByLabel('Initial password').fill('ledgers balance nightly');
  await form.getByLabel('Credit controller').check();
  await form.getByRole('button', { name: 'Add staff' }).click();
  await expect(form).toBeHidden();

  const row = page.getByRole('table', { name: 'Staff' }).locator('tr[data-username="meera.credit"]');
  await expect(row).toContainText('Credit controller');
  await expect(row).toContainText('Active');

  await row.getByRole('button', { name: 'Roles' }).click();
  const rolesForm = page.getByRole('form', { name: 'Change roles' });
  await rolesForm.getByLabel('Credit manager').check();
  await rolesForm.getByRole('button', { name: 'Save roles' }).click();
  await expect(rolesForm).toBeHidden();
  await expect(row).toContainText('Credit manager');

  await row.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');

  // A deactivated person cannot sign in.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  const signIn = page.getByRole('form', { name: 'Sign in' });
  await signIn.getByLabel('User name').fill('meera.credit');
  await signIn.getByRole('textbox', { name: 'Password', exact: true }).fill('ledgers balance nightly');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toHaveCount(0);
});
