// The Sync screen against real systems: the reference servers run in this process, and two desks started
// with `npm run web`'s CLI sync with them (one with both tokens right, one whose DMS token is wrong). In
// Chromium we see schema-invalid feed records land in quarantine while the stream carries on, hand-overs
// the DMS refuses (account on stop) fail with its message, one retried after the fix and delivered, one
// discarded with a reason that the audit log keeps, a discard the backend refuses once the role is gone,
// and a system that refuses the desk's credentials shown as paused.
import type { Page } from '@playwright/test';
import { fixtureIds, fixtureSkus, startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import type { AuditEntryView } from '../../src/shared/api/contract';
import { startSyncedDesk, type SyncedDesk } from './support/deskCli';
import { adminAccount, expect, rawCall, signInViaUi, test } from './support/fixtures';

const manager = { username: 'divya.mgr', displayName: 'Divya Menon', password: 'reconcile every evening', roles: ['manager' as const] };
const shots = 'test-results/screenshots';

async function simFaults(servers: ReferenceServers, system: 'platform' | 'dms', faults: Record<string, unknown>): Promise<void> {
  const base = (system === 'platform' ? servers.platform.url : servers.dms.url).replace(/\/v1$/, '');
  const response = await fetch(`${base}/_sim/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.ok, await response.text()).toBe(true);
}

/** First run on a desk: the admin through the API (returns its session), then `who` signs in through the UI. */
async function setUpAndSignIn(page: Page, desk: SyncedDesk, who: { username: string; password: string } = adminAccount): Promise<string> {
  await page.goto(desk.url);
  const setup = await rawCall(page, 'session.setupAdmin', adminAccount, null);
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  const adminSession = (setup.value as { sessionToken: string }).sessionToken;
  if (who !== adminAccount) {
    const created = await rawCall(page, 'staff.create', who, adminSession);
    expect(created.ok, JSON.stringify(created.error)).toBe(true);
  }
  await page.reload();
  await signInViaUi(page, who.username, who.password);
  // Keyboard first: "g s" opens the Sync screen from anywhere.
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { name: 'Sync' })).toBeVisible();
  return adminSession;
}

/** The outbox's view filter (a segmented control: the radio inputs are hidden behind their labels). */
async function showCommands(page: Page, view: 'Needs a person' | 'Pending' | 'Delivered' | 'All'): Promise<void> {
  await page.getByLabel('Which commands').locator('label', { hasText: view }).click();
  await expect(page.getByRole('radio', { name: new RegExp(`^${view}`) })).toBeChecked();
}

function outboxRow(page: Page, id: number) {
  return page.getByRole('table', { name: 'Outbox' }).locator(`tr[data-outbox-id="${id}"]`);
}

/** Outbox items (as the procedure lists them) for one platform order's hand-over. */
async function handoverItem(page: Page, session: string, orderId: string) {
  const listed = await rawCall(page, 'sync.outbox.list', { view: 'all' }, session);
  const items = (listed.value ?? []) as { id: number; kind: string; entityKey: string; status: string }[];
  return items.find((item) => item.kind === 'dms.createOrder' && item.entityKey === `order:${orderId}`) ?? null;
}

test('Sync screen: quarantine, a failed hand-over retried after the fix, a discard in the audit log, a paused system', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const servers = await startReferenceServers({ seed: 404, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const endpoints = { platformUrl: servers.platform.url, dmsUrl: servers.dms.url, platformToken: servers.token, dmsToken: servers.token };
  const [desk, locked] = await Promise.all([startSyncedDesk(endpoints), startSyncedDesk({ ...endpoints, dmsToken: 'not-the-dms-token' })]);
  try {
    const adminSession = await setUpAndSignIn(page, desk, manager);
    const platformState = page.getByTestId('sync-state-platform');
    const dmsState = page.getByTestId('sync-state-dms');
    await expect(platformState).toHaveText('Up to date', { timeout: 20_000 });
    await expect(dmsState).toHaveText('Up to date', { timeout: 20_000 });
    await expect(page.getByRole('region', { name: 'Platform sync' })).toContainText(/Last success: \d{1,2}:\d{2}:\d{2}/);

    await test.step('schema-invalid feed records go to quarantine; the stream carries on', async () => {
      await simFaults(servers, 'platform', { feed_invalid_rate: 1 });
      // A valid order in the same pages as the invalid records: it must still arrive and be handed over.
      const valid = servers.platform.domain.placeDealerOrder({
        account_id: fixtureIds.contract.id,
        lines: [{ sku: fixtureSkus.paint, qty: 2 }],
      });
      expect(valid.status).toBe('received');
      await page.getByRole('tab', { name: /^Quarantine/ }).click();
      const table = page.getByRole('table', { name: 'Quarantine' });
      const first = table.locator('tr[data-quarantine-id]').last();
      await expect(first).toContainText(/order\s+injected-invalid-\d+/);
      await expect(first).toContainText('Platform');
      await expect(first).toContainText('feed event');
      await expect(first).toContainText("Order: / must have required property 'number'");
      await simFaults(servers, 'platform', { feed_invalid_rate: 0 });
      await first.getByRole('button', { name: /^Details of quarantined record/ }).click();
      const payload = table.getByLabel(/^Raw payload of quarantined record/).first();
      await expect(payload).toContainText('"lines": "not-a-list"');
      await expect(payload).toContainText('"status": 42');
      await expect(table).toContainText('Why it was refused: not a valid Order under the contract');
      await expect(table.getByRole('listitem').first()).toHaveText("must have required property 'number'");
      await page.screenshot({ path: `${shots}/sync-quarantine.png`, fullPage: true });

      await page.getByRole('tab', { name: /^Outbox/ }).click();
      await showCommands(page, 'Delivered');
      const handedOver = page.getByRole('table', { name: 'Outbox' }).locator('tr[data-outbox-id]', { hasText: `order:${valid.id}` });
      await expect(handedOver.filter({ hasText: 'Hand-over to DMS' })).toContainText('Delivered');
      await expect(platformState).toHaveText('Up to date');
    });

    await test.step('a hand-over the DMS refuses fails with its message; fixed in the DMS and retried, it is delivered', async () => {
      servers.dms.domain.setBlocked(fixtureIds.plain.code, true);
      const orders = [fixtureSkus.cable, fixtureSkus.switchPlate, fixtureSkus.cement].map((sku) =>
        servers.platform.domain.placeDealerOrder({
          account_id: fixtureIds.plain.id,
          lines: [{ sku, qty: sku === fixtureSkus.cement ? 10 : 2 }],
        }),
      );
      expect(orders.map((o) => o.status)).toEqual(['received', 'received', 'received']);
      await showCommands(page, 'Needs a person');
      const rows = page.getByRole('table', { name: 'Outbox' }).locator('tr[data-status="failed"]');
      await expect(rows).toHaveCount(3);
      await expect(rows.first()).toContainText('Account D001 is on stop; name a credit override for this order');
      await expect(page.getByRole('status', { name: 'Commands that need a person' })).toContainText('3 commands need a person');
      await expect(page.getByTestId('sync-indicator')).toContainText('3 need a person');
      const ids = await Promise.all(orders.map(async (o) => (await handoverItem(page, adminSession, o.id))?.id ?? 0));
      const [retried, discarded, refused] = ids as [number, number, number];

      await outboxRow(page, retried)
        .getByRole('button', { name: `Details of outbox item ${retried}` })
        .click();
      const details = page.getByTestId(`outbox-details-${retried}`);
      await expect(details).toContainText('HTTP 422');
      await expect(details).toContainText(`"platform_order_id": "${orders[0]!.id}"`);
      await expect(details).toContainText('"code": "account-blocked"');
      await page.screenshot({ path: `${shots}/sync-failed.png`, fullPage: true });
      // Dense, but it fits: the open item does not push the page sideways at 1280 px.
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

      // The fix is in the DMS (the account comes off stop); then a retry goes through.
      servers.dms.domain.setBlocked(fixtureIds.plain.code, false);
      await outboxRow(page, retried).getByRole('button', { name: 'Retry' }).click();
      await expect(rows).toHaveCount(2);
      await showCommands(page, 'All');
      await expect(outboxRow(page, retried)).toHaveAttribute('data-status', 'delivered');

      await test.step('discard needs a reason; it is audited', async () => {
        await outboxRow(page, discarded).getByRole('button', { name: 'Discard' }).click();
        const form = page.getByRole('form', { name: 'Discard outbox item' });
        const confirm = form.getByRole('button', { name: `Discard item ${discarded}` });
        await expect(confirm).toBeDisabled();
        await form.getByLabel('Reason').fill('Dealer re-orders next week with a credit override');
        await page.screenshot({ path: `${shots}/sync-discard-dialog.png`, fullPage: true });
        await confirm.click();
        await expect(form).toBeHidden();
        await expect(outboxRow(page, discarded)).toHaveAttribute('data-status', 'discarded');
        await expect(outboxRow(page, discarded)).toContainText('discarded: Dealer re-orders next week');

        const audit = await rawCall(page, 'audit.list', { limit: 50 }, adminSession);
        const entries = (audit.value ?? []) as AuditEntryView[];
        const entry = entries.find((e) => e.action === 'outbox.discard' && e.subject === `outbox:${discarded}`);
        expect(entry?.actor).toBe(manager.displayName);
        expect(entry?.detail).toMatchObject({ kind: 'dms.createOrder', reason: 'Dealer re-orders next week with a credit override' });
        expect(entries.some((e) => e.action === 'outbox.retry' && e.subject === `outbox:${retried}`)).toBe(true);
      });

      await test.step("the backend's refusal shows when the role is gone; then the button is not offered", async () => {
        await outboxRow(page, refused).getByRole('button', { name: 'Discard' }).click();
        const form = page.getByRole('form', { name: 'Discard outbox item' });
        await form.getByLabel('Reason').fill('Duplicate of another order');
        const staffList = await rawCall(page, 'staff.list', {}, adminSession);
        const me = ((staffList.value ?? []) as { id: string; username: string }[]).find((s) => s.username === manager.username);
        const demoted = await rawCall(page, 'staff.setRoles', { staffId: me?.id, roles: ['inside_sales'] }, adminSession);
        expect(demoted.ok, JSON.stringify(demoted.error)).toBe(true);
        await form.getByRole('button', { name: `Discard item ${refused}` }).click();
        await expect(form.getByRole('alert')).toContainText('Your role does not allow this');
        await form.getByRole('button', { name: 'Keep it' }).click();
        await page.reload();
        await page.keyboard.press('g');
        await page.keyboard.press('s');
        await expect(outboxRow(page, refused)).toHaveAttribute('data-status', 'failed');
        await expect(outboxRow(page, refused).getByRole('button', { name: 'Retry' })).toBeVisible();
        await expect(outboxRow(page, refused).getByRole('button', { name: 'Discard' })).toHaveCount(0);
        await expect(page.getByText('Discarding a command needs the role of admin, manager or credit manager.')).toBeVisible();
      });
    });

    await test.step('a system that refuses the credentials (401) shows as paused', async () => {
      const context = await browser.newContext();
      const lockedPage = await context.newPage();
      try {
        await setUpAndSignIn(lockedPage, locked);
        await expect(lockedPage.getByTestId('sync-state-dms')).toHaveText('Paused', { timeout: 20_000 });
        await expect(lockedPage.getByTestId('sync-state-platform')).toHaveText('Up to date');
        const alert = lockedPage.getByRole('alert').filter({ hasText: 'DMS: paused' });
        await expect(alert).toContainText('The DMS refused the credentials (401); check the token.');
        await expect(lockedPage.getByRole('region', { name: 'DMS sync' })).toContainText('Last success: never');
        await lockedPage.screenshot({ path: `${shots}/sync-paused.png`, fullPage: true });
      } finally {
        await context.close();
      }
    });
  } finally {
    await Promise.all([desk.stop(), locked.stop()]);
    await servers.close();
  }
});
