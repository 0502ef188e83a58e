// Nothing typed is ever lost: the desk process (`npm run web`'s CLI, syncing with the reference servers) is
// killed with SIGKILL while a clerk has a half-typed draft and an order the platform has not taken yet.
// Restarted on the same data directory, the draft is there as typed and the order is still on its way; when
// the platform takes orders again it is placed, exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { fixtureIds, fixtureSkus, startReferenceServers, type ReferenceServers } from '../../src/sim/index';
import { createStaffViaApi, expect, setupAdminViaApi, signInViaUi, test } from './support/fixtures';

let servers: ReferenceServers | null = null;
// Made by the test itself: Playwright also loads this file in its runner process, where a directory made at
// load time would never be removed.
let dataDir: string | null = null;
let running: ChildProcess | null = null;

test.afterAll(async () => {
  if (running && running.exitCode === null && running.signalCode === null) {
    const exited = new Promise((resolve) => running?.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  }
  await servers?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const clerk = { username: 'meena', displayName: 'Meena Iyer', password: 'long enough password', roles: ['inside_sales' as const] };

/** `npm run web`'s CLI on the test's data directory; resolves with its launch URL. */
async function launchDesk(sim: ReferenceServers, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/web/cli.ts',
      '--port=0',
      `--data-dir=${dataDir}`,
      `--platform=${sim.platform.url}`,
      `--dms=${sim.dms.url}`,
      `--platform-token=${sim.token}`,
      `--dms-token=${sim.token}`,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  running = child;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the desk did not start in 30 s:\n${output}`)), 30_000);
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /Dealer Desk is running at (\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the desk exited before serving:\n${output}`));
    });
  });
  return { url, child };
}

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
  await page.getByRole('textbox', { name: 'Dealer' }).fill(typed);
  await expect(page.getByRole('listbox', { name: 'Dealers found' }).getByRole('option').first()).toHaveAccessibleName(
    new RegExp(`^${name}`),
    {
      timeout: 20_000,
    },
  );
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Add SKU' })).toBeFocused();
}

async function addSku(page: Page, typed: string, sku: string, qty: string) {
  await page.getByRole('textbox', { name: 'Add SKU' }).pressSequentially(typed);
  await expect(page.getByRole('listbox', { name: 'SKUs found' }).getByRole('option').first()).toContainText(sku);
  await page.keyboard.press('Enter');
  const quantity = page.locator(`tr[data-sku="${sku}"]`).getByRole('textbox', { name: 'Quantity' });
  await expect(quantity).toBeFocused();
  await page.keyboard.type(qty);
  await expect(quantity).toHaveValue(qty);
}

test('SIGKILL with a half-typed draft and an unsent order: both intact after a restart, the order placed exactly once', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A script error on the page would blank the screen: fail with it rather than with a missing element.
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  servers = await startReferenceServers({ seed: 41, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  // The platform takes no orders for now (every other call works), so the submitted order stays unsent.
  await faults(sim, { error_rates: { '503': 1 }, operations: ['createOrder'], retry_after_s: 0 });

  dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-crash-'));
  const dir = dataDir;
  let desk = await launchDesk(sim, dir);
  await page.goto(desk.url);
  const admin = await setupAdminViaApi(page);
  await createStaffViaApi(page, admin, clerk);
  await page.reload();
  await signInViaUi(page, clerk.username, clerk.password);

  // An order, submitted: it waits in the outbox.
  await pickDealer(page, 'D001', 'Shree Ganesh Electricals');
  await addSku(page, 'cab', fixtureSkus.cable, '7');
  const reference = (await page.getByText(/^Reference PH-/).innerText()).replace('Reference ', '');
  await page.keyboard.press('Control+Enter');
  const sent = page.getByRole('region', { name: 'My phone orders' }).locator(`tr[data-client-reference="${reference}"]`);
  await expect(sent).toHaveAttribute('data-state', 'sending');
  await expect(sent).toContainText('waiting to send', { timeout: 20_000 });

  // A second dealer calls: the draft is half typed (a line, a quantity, a note) when the desk dies.
  await pickDealer(page, 'Patil', 'Patil Hardware');
  await addSku(page, 'opc', fixtureSkus.cement, '30');
  await page.getByRole('textbox', { name: 'Notes for the order' }).fill('call back at 5 about the rest');
  await page.getByRole('checkbox', { name: 'Dealer waiting on the phone' }).check();
  await expect(page.getByTestId('draft-saved')).toContainText('Draft saved');
  const exited = new Promise<NodeJS.Signals | null>((resolve) => desk.child.once('exit', (_code, signal) => resolve(signal)));
  desk.child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(sim.platform.domain.getOrderByReference(fixtureIds.plain.id, reference)).toBeUndefined();

  // Restart on the same data directory (a new launch token, so a new address).
  desk = await launchDesk(sim, dir);
  await page.goto(desk.url);
  await signInViaUi(page, clerk.username, clerk.password);
  const tab = page.getByRole('tab', { name: /D002 Patil Hardware/ });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const cement = page.locator(`tr[data-sku="${fixtureSkus.cement}"]`);
  await expect(cement.getByRole('textbox', { name: 'Quantity' })).toHaveValue('30');
  await expect(page.getByRole('textbox', { name: 'Notes for the order' })).toHaveValue('call back at 5 about the rest');
  await expect(page.getByRole('checkbox', { name: 'Dealer waiting on the phone' })).toBeChecked();
  const after = page.getByRole('region', { name: 'My phone orders' }).locator(`tr[data-client-reference="${reference}"]`);
  await expect(after).toHaveAttribute('data-state', 'sending');

  // The platform takes orders again: placed once.
  await faults(sim, {}, '/_sim/reset-faults');
  await expect(after).toHaveAttribute('data-state', 'placed', { timeout: 45_000 });
  const phoneOrders = sim.platform.domain.listOrders(fixtureIds.plain.id).filter((o) => o.channel === 'phone');
  expect(phoneOrders.map((o) => o.client_reference)).toEqual([reference]);
  expect(phoneOrders[0]?.lines.map((l) => [l.sku, l.qty])).toEqual([[fixtureSkus.cable, 7]]);
  // One outbox item for it on the desk, delivered; the draft is still a draft.
  const db = new Database(join(dir, 'dealer-desk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const items = db
      .prepare('SELECT status FROM outbox WHERE entity_key = ?')
      .pluck()
      .all(`phone-order:${fixtureIds.plain.id}:${reference}`);
    expect(items).toEqual(['delivered']);
    expect(db.prepare("SELECT count(*) FROM phone_order_drafts WHERE status = 'draft'").pluck().get()).toBe(1);
  } finally {
    db.close();
  }
  await page.screenshot({ path: test.info().outputPath('phone-order-after-restart.png') });
  expect(pageErrors).toEqual([]);
});
