// The shared dealer search in Chromium, end to end: reference servers (in this process), a desk syncing
// with them (its own process, real HTTP, the pull thread's replica observer keeping the search index), and
// the command palette's "Find a dealer" look-up. A phone typed in another format than stored finds the
// dealer; a contact added on the platform while the desk runs is found by name and by phone; suspended
// dealers are marked; arrows + Enter pick; Escape closes; an answer held back by the network never
// overwrites a newer one. Light and dark screenshots go to test-results/screenshots/.
import type { Platform } from '../../src/shared/contracts';
import { fixtureIds, startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

let servers: ReferenceServers | null = null;
test.afterEach(async () => {
  await servers?.close();
  servers = null;
});

test('find a dealer by phone in any format, by a contact added live, suspended marked; keyboard only', async ({ page }) => {
  servers = await startReferenceServers({ seed: 21, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    await setupAdminViaApi(page);
    await page.reload();
    await signInViaUi(page, adminAccount.username, adminAccount.password);

    // Ctrl+K, "dealer", Enter: the look-up opens with the search box focused.
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Command' }).fill('find a dealer');
    await page.keyboard.press('Enter');
    const lookup = page.getByRole('dialog', { name: 'Find a dealer' });
    const box = lookup.getByRole('textbox', { name: 'Dealer' });
    await expect(box).toBeFocused();

    // Stored as "+91 98200 00002"; typed with the trunk prefix and a dash. The first pull may still be
    // landing, so the expectation waits for the row rather than for a fixed time.
    const patil = sim.platform.domain.getAccount(fixtureIds.gold.id)!;
    expect(patil.phone).toBe('+91 98200 00002');
    await box.pressSequentially('098200-00002');
    // The list floats in a portal above the dialog.
    const results = page.getByRole('listbox', { name: 'Dealers found' });
    const options = results.getByRole('option');
    await expect(options.first()).toHaveAccessibleName(`${patil.name} ${patil.code}`, { timeout: 20_000 });
    await expect(options.first()).toContainText('Phone +91 98200 00002');
    await expect(options.first()).toContainText('Pune, Maharashtra');
    await expect(options).toHaveCount(1);
    await page.keyboard.press('Enter');
    const found = lookup.getByRole('region', { name: 'Dealer found' });
    await expect(found).toContainText(patil.code);
    await expect(found).toContainText(patil.tax_id!);
    await expect(found).toContainText('Phone +91 98200 00002');

    // A contact added on the platform while the desk runs: found by name and by the last digits.
    const contacts: NonNullable<Platform.Account['contacts']> = [{ name: 'Sunita Deshpande', phone: '+91 99220 55501', role: 'accounts' }];
    const { version: _v, updated_at: _u, ...rest } = patil;
    sim.platform.domain.upsertAccount({ ...rest, contacts });
    await box.fill('55501');
    await expect(options.first()).toHaveAccessibleName(`${patil.name} ${patil.code}`, { timeout: 20_000 });
    await expect(options.first()).toContainText('Phone +91 99220 55501 (Sunita Deshpande)');
    await box.fill('deshpa');
    await expect(options.first()).toContainText('Contact Sunita Deshpande, +91 99220 55501');

    // Suspended dealers show, marked.
    await box.fill('closed');
    await expect(options.first()).toHaveAccessibleName('Closed Traders D004');
    await expect(options.first()).toContainText('Suspended');

    // Several matches: arrows move, Enter picks the one under the cursor; Escape closes the list only.
    await box.fill('Pune');
    await expect(options).not.toHaveCount(0);
    const count = await options.count();
    expect(count).toBeGreaterThanOrEqual(3);
    const second = (await options.nth(1).getAttribute('aria-label'))!;
    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1)).toHaveAttribute('data-combobox-selected', 'true');
    for (const scheme of ['light', 'dark'] as const) {
      await page.evaluate((s) => document.documentElement.setAttribute('data-mantine-color-scheme', s), scheme);
      await page.screenshot({ path: `test-results/screenshots/dealer-search-${scheme}.png` });
    }
    await page.evaluate(() => document.documentElement.setAttribute('data-mantine-color-scheme', 'light'));
    await page.keyboard.press('Enter');
    await expect(found).toContainText(second.split(' ').pop()!);
    // ArrowDown reopens the list after a pick.
    await expect(box).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(options.first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(results).toBeHidden();
    await expect(lookup).toBeVisible();

    // The network holds back the answer for "mehta" while "mehta x" is typed: the late answer is dropped.
    let release: () => void = () => {};
    const heldBack = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/call', async (route) => {
      const body = route.request().postDataJSON() as { procedure?: string; input?: { text?: string } } | null;
      if (body?.procedure === 'dealers.search' && body.input?.text === 'mehta') await heldBack;
      await route.continue();
    });
    await box.fill('mehta');
    await box.pressSequentially(' zz');
    await expect(page.getByText('No dealer matches “mehta zz”')).toBeVisible();
    // Release it and wait until its answer has reached the page, then check nothing changed.
    const lateAnswer = page.waitForResponse(
      (r) => r.url().endsWith('/api/call') && (r.request().postDataJSON() as { input?: { text?: string } }).input?.text === 'mehta',
    );
    release();
    await lateAnswer;
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await expect(page.getByText('No dealer matches “mehta zz”')).toBeVisible();
    await expect(options).toHaveCount(0);
    await page.unroute('**/api/call');
  } finally {
    await stopHost(child);
  }
});
