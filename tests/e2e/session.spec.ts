// Sign-in and sign-out against the real backend.
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

test('sign-in refuses a wrong password, accepts the right one, and sign-out returns to sign-in', async ({ page, desk }) => {
  await openDesk(page, desk);
  await setupAdminViaApi(page);
  await page.reload();

  const form = page.getByRole('form', { name: 'Sign in' });
  await expect(form).toBeVisible();
  await form.getByLabel('User name').fill(adminAccount.username);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(form.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toHaveCount(0);

  await signInViaUi(page, adminAccount.username, adminAccount.password);
  await expect(page.getByTestId('user-menu')).toContainText(adminAccount.displayName);
  // A reload keeps the session (the token lives in sessionStorage for this tab).
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  const token = await page.evaluate(() => sessionStorage.getItem('dealerDesk.sessionToken'));
  expect(token).toBeTruthy();

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('dealerDesk.sessionToken'))).toBeNull();

  // The old token is dead in the backend too, not only forgotten by the page.
  const result = await page.evaluate(async (session) => {
    const response = await fetch('/api/call', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ procedure: 'staff.list', input: {}, session }),
    });
    return (await response.json()) as { ok: boolean; error?: { kind: string } };
  }, token);
  expect(result.ok).toBe(false);
  expect(result.error?.kind).toBe('unauthenticated');
});
