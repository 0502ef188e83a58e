// Role-filtered navigation, and the backend refusing what the UI hides even when called directly.
import { createStaffViaApi, expect, openDesk, rawCall, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

const clerk = { username: 'ravi.sales', displayName: 'Ravi Kumar', password: 'phones ring all day', roles: ['inside_sales' as const] };

test('an inside-sales user sees their screens only, and the backend refuses staff.list to them', async ({ page, desk }) => {
  await openDesk(page, desk);
  const adminSession = await setupAdminViaApi(page);
  await createStaffViaApi(page, adminSession, clerk);
  await page.reload();
  await signInViaUi(page, clerk.username, clerk.password);

  const nav = page.getByRole('navigation', { name: 'Screens' });
  for (const label of ['Orders', 'Phone order', 'Dealer status', 'Sync']) {
    await expect(nav.getByRole('link', { name: new RegExp(`^${label}`) })).toBeVisible();
  }
  for (const label of ['Admin', 'Credit holds', 'Dashboards']) {
    await expect(nav.getByRole('link', { name: new RegExp(`^${label}`) })).toHaveCount(0);
  }
  await page.screenshot({ path: 'test-results/screenshots/shell-inside-sales.png', fullPage: true });

  // Inside sales land on their main job; typing the Admin route by hand lands there too, not on Admin.
  await expect(page.getByRole('heading', { name: 'Phone order' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Screens' })
    .getByRole('link', { name: /^Orders/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeVisible();
  await page.evaluate(() => (window.location.hash = '/admin'));
  await expect(page.getByRole('heading', { name: 'Phone order' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Staff' })).toHaveCount(0);

  // The backend enforces the role itself: a raw call with the clerk's own valid session is forbidden.
  const clerkSession = await page.evaluate(() => sessionStorage.getItem('dealerDesk.sessionToken'));
  expect(clerkSession).toBeTruthy();
  const forbidden = await rawCall(page, 'staff.list', {}, clerkSession);
  expect(forbidden.ok).toBe(false);
  expect(forbidden.error?.kind).toBe('forbidden');
  const create = await rawCall(
    page,
    'staff.create',
    { username: 'sneaky', displayName: 'Sneaky', password: 'long enough password', roles: ['admin'] },
    clerkSession,
  );
  expect(create.error?.kind).toBe('forbidden');
  // ...and with no session at all it is unauthenticated, not data.
  const anonymous = await rawCall(page, 'staff.list', {}, null);
  expect(anonymous.error?.kind).toBe('unauthenticated');
});
