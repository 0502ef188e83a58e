// The Credit policy tab of the Admin screen: the admin edits the authority tiers, the different-person rule,
// an SLA target, the office calendar and a rejection reason; the backend's validation shows on the field;
// what is saved is what the hold desk then reads, and every change is in the audit log.
import { adminAccount, expect, openDesk, rawCall, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

test('the admin edits the credit policy; a bad value is refused on its field; changes are saved and audited', async ({ page, desk }) => {
  await openDesk(page, desk);
  const admin = await setupAdminViaApi(page);
  await page.reload();
  await signInViaUi(page, adminAccount.username, adminAccount.password);
  await page.getByRole('tab', { name: 'Credit policy' }).click();
  const settings = page.getByTestId('credit-policy-settings');
  await expect(settings.getByLabel('Controller tier: excess up to % of the limit')).toHaveValue('10%');
  await page.screenshot({ path: 'test-results/credit-holds/credit-policy-light.png' });

  await settings.getByLabel('Controller tier: excess up to % of the limit').fill('7.5');
  await settings.getByLabel('Overdue threshold (days)').fill('60');
  await settings.getByLabel('The second approver must be a different person from the first').uncheck();
  await expect(settings.getByText(/can release a hold beyond the controller tier alone/)).toBeVisible();
  await settings.getByLabel('The second approver must be a different person from the first').check();
  await settings.getByLabel('Over limit (working hours)').fill('2');
  await settings.getByLabel('Sun').check();
  // A code the platform would not take: the backend says why, on that field.
  await settings.getByLabel('Code of reason 1').fill('Over Limit!');
  await settings.getByRole('button', { name: 'Save credit settings' }).click();
  await expect(settings.getByRole('table', { name: 'Rejection reasons' }).getByText(/Codes use lower-case letters/)).toBeVisible();
  await expect(settings.getByRole('alert')).toHaveText('Nothing was saved: correct the fields marked in red.');
  await settings.getByLabel('Code of reason 1').fill('over_limit');
  await settings.getByRole('button', { name: 'Save credit settings' }).click();
  await expect(settings.getByText(/Saved at .*; every change is in the audit log\./)).toBeVisible();

  const saved = await rawCall(page, 'credit.settings', {}, admin);
  expect(saved.value).toMatchObject({
    policy: { controllerMaxExcessBp: 750, controllerMaxOverdueDays: 60, secondApproverDifferentPerson: true },
    slaTargets: { over_limit: 120 },
    calendar: { days: [1, 2, 3, 4, 5, 6, 7] },
  });
  const audit = (await rawCall(page, 'audit.list', { limit: 20 }, admin)).value as {
    action: string;
    subject: string;
    detail: { to: unknown };
  }[];
  expect(
    audit
      .filter((e) => e.action === 'settings.set')
      .map((e) => e.subject)
      .sort(),
  ).toEqual(['setting:credit.authorityPolicy', 'setting:credit.slaTargets', 'setting:sla.calendar']);
  await page.getByRole('button', { name: 'Toggle colour theme' }).click();
  await page.screenshot({ path: 'test-results/credit-holds/credit-policy-dark.png' });
});
