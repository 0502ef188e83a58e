// The credit control desk end to end in Chromium: reference servers for both systems in this process, desks
// syncing with them over real HTTP (each its own process and data directory), people in their own browser
// contexts. A hold beyond the controller's tier needs a controller on one desk and a credit manager on
// another, and the DMS override and each platform move happen exactly once; a dealer cancelling while the
// controller approves is shown as exactly that, with nothing pushed; a payment arriving flags the open hold.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../src/sim/index';
import type { Role } from '../../src/shared/roles';
import { DEALER_WAITING_MARKER } from '../../src/shared/dealerWaiting';
import { createStaffViaApi, expect, openDesk, rawCall, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

const gold = fixtureIds.gold;
const perCase = 106_200; // gold cable: 900.00 + 18% GST

let servers: ReferenceServers | null = null;
const hosts: ChildProcess[] = [];
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  for (const child of hosts.splice(0)) await stopHost(child);
  await servers?.close();
  servers = null;
});

async function startServers(options: { hoursAgo?: number } = {}): Promise<ReferenceServers> {
  const sim = await startReferenceServers({
    seed: 61,
    scale: 'test',
    platformPort: 0,
    dmsPort: 0,
    speed: 0,
    log: () => {},
    ...(options.hoursAgo ? { now: new Date(Date.now() - options.hoursAgo * 3_600_000) } : {}),
  });
  servers = sim;
  // Production-like credit positions: a DMS change makes the desks push the DMS's figures to the platform.
  for (const a of [gold, fixtureIds.blocked, fixtureIds.plain]) {
    const account = sim.dms.domain.getAccount(a.code);
    if (account) sim.dms.domain.setCreditLimit(a.code, account.credit_limit + 10_000_000);
  }
  return sim;
}

interface Person {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
}

/** A desk of its own (process, data directory) syncing with the servers, and one person signed in on it. */
async function deskFor(browser: Browser, sim: ReferenceServers, person: Person, setup?: (page: Page, admin: string) => Promise<void>) {
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  hosts.push(child);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  await openDesk(page, desk);
  const admin = await setupAdminViaApi(page);
  await createStaffViaApi(page, admin, person);
  if (setup) await setup(page, admin);
  await page.reload();
  await signInViaUi(page, person.username, person.password);
  return { page, context, desk, admin };
}

/** Waits until the platform holds the DMS's figures for these accounts (pushed by a desk). */
async function creditPushed(sim: ReferenceServers): Promise<void> {
  await expect
    .poll(
      () =>
        [gold, fixtureIds.blocked].every(
          (a) => sim.platform.domain.getCredit(a.id)?.source_version === sim.dms.domain.getAccount(a.code)?.version,
        ),
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
}

function placeHeld(sim: ReferenceServers, excess: number, notes?: string) {
  const credit = sim.platform.domain.getCredit(gold.id)!;
  const pending = sim.platform.domain
    .listOrders(gold.id)
    .filter((o) => o.status === 'received' || o.status === 'approved')
    .reduce((s, o) => s + o.total, 0);
  const qty = Math.max(1, Math.floor((credit.credit_limit - credit.exposure - pending) / perCase) + 1 + Math.ceil(excess / perCase));
  const order = sim.platform.domain.placeDealerOrder({
    account_id: gold.id,
    lines: [{ sku: fixtureSkus.cable, qty }],
    ...(notes ? { notes } : {}),
  });
  expect(order.status).toBe('credit_hold');
  return order;
}

/** Every event a server's feed holds, oldest first. */
async function feed(baseUrl: string, token: string): Promise<{ type: string; resource: { id: string }; data: Record<string, unknown> }[]> {
  const events: { type: string; resource: { id: string }; data: Record<string, unknown> }[] = [];
  let after: string | null = null;
  for (;;) {
    const url = `${baseUrl}/events?limit=1000${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { events: typeof events; next_cursor: string; has_more: boolean };
    events.push(...page.events);
    if (!page.has_more) return events;
    after = page.next_cursor;
  }
}

const queueRow = (page: Page, orderNumber: string) =>
  page.getByRole('table', { name: 'Credit holds' }).getByRole('row').filter({ hasText: orderNumber });

test('two desks: a hold beyond the controller tier needs a controller and a credit manager; override and each move happen once', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const sim = await startServers();
  const controller = await deskFor(browser, sim, {
    username: 'ravi',
    displayName: 'Ravi Kumar',
    password: 'holds all morning',
    roles: ['credit_controller'],
  });
  const manager = await deskFor(browser, sim, {
    username: 'meera',
    displayName: 'Meera Iyer',
    password: 'second pair of eyes',
    roles: ['credit_manager'],
  });
  await creditPushed(sim);

  // 30,000.00 over a 2 lakh limit: beyond 10% of it, so a controller alone may not release it.
  const order = placeHeld(sim, 3_000_000);
  const ctl = controller.page;
  await expect(ctl.getByRole('heading', { name: 'Credit holds' })).toBeVisible();
  await queueRow(ctl, order.number).click();
  const ctlDetail = ctl.getByTestId('hold-detail');
  await expect(ctlDetail).toHaveAttribute('data-order-number', order.number);
  await expect(ctlDetail.getByText(/Needs an approval by a credit controller and a second approval by a credit manager/)).toBeVisible();
  await expect(ctl.getByRole('region', { name: 'Exposure' })).toContainText('Credit limit');
  await ctlDetail.getByRole('button', { name: 'Approve' }).click();
  // No success claim before the platform confirms: first "sent", then the approval on the platform.
  await expect(ctlDetail.getByTestId('local-decisions')).toContainText(
    /Approval (sent, waiting for the platform to confirm|confirmed by the platform)/,
  );
  await expect(ctlDetail.getByTestId('approvals')).toContainText('You · Credit controller', { timeout: 15_000 });
  await expect(ctlDetail.getByText('Needs a second approval by a credit manager')).toBeVisible();
  expect(sim.platform.domain.getOrder(order.id)).toMatchObject({
    status: 'credit_hold',
    approvals: [{ by: { name: 'Ravi Kumar' }, role: 'credit_controller' }],
  });

  // The manager's desk shows the controller's approval, recorded on the platform by the other desk.
  const mgr = manager.page;
  await queueRow(mgr, order.number).click();
  const mgrDetail = mgr.getByTestId('hold-detail');
  await expect(mgrDetail.getByTestId('approvals')).toContainText('Ravi Kumar · Credit controller', { timeout: 15_000 });
  if (await mgrDetail.getByTestId('changed-while-open').isVisible())
    await mgrDetail.getByRole('button', { name: 'Review the new figures' }).click();
  await mgrDetail.getByRole('button', { name: 'Approve' }).click();

  // Approved, the DMS override recorded, then handed over to the DMS: in_fulfillment.
  await expect.poll(() => sim.platform.domain.getOrder(order.id)?.status, { timeout: 30_000 }).toBe('in_fulfillment');
  await expect(queueRow(mgr, order.number)).toHaveCount(0, { timeout: 15_000 });
  await expect(queueRow(ctl, order.number)).toHaveCount(0, { timeout: 15_000 });
  const final = sim.platform.domain.getOrder(order.id)!;
  expect(final.approvals.map((a) => [a.by.name, a.role])).toEqual([
    ['Ravi Kumar', 'credit_controller'],
    ['Meera Iyer', 'credit_manager'],
  ]);
  expect(final.decision?.outcome).toBe('approved');

  // Exactly once, on the servers' own records: one override, one approved, one in_fulfillment, one DMS order.
  const platformEvents = (await feed(sim.platform.url, sim.token)).filter((e) => e.type === 'order.upserted' && e.resource.id === order.id);
  expect(platformEvents.filter((e) => e.data['status'] === 'approved')).toHaveLength(1);
  expect(platformEvents.filter((e) => e.data['status'] === 'in_fulfillment')).toHaveLength(1);
  const dmsEvents = await feed(sim.dms.url, sim.token);
  const overrides = dmsEvents.filter((e) => e.type === 'credit_override.upserted' && e.data['platform_order_id'] === order.id);
  expect(overrides).toHaveLength(1);
  expect(final.decision?.reference).toBe(overrides[0]?.resource.id);
  expect(overrides[0]?.data).toMatchObject({
    amount: order.credit_check.exposure - order.credit_check.credit_limit,
    approved_by: [{ name: 'Ravi Kumar' }, { name: 'Meera Iyer' }],
  });
  expect(
    dmsEvents.filter((e) => e.type === 'order.upserted' && e.data['platform_order_id'] === order.id && e.data['status'] === 'open'),
  ).toHaveLength(1);
});

test('the dealer cancels while the controller is approving: the conflict says so, and nothing is pushed', async ({ browser }) => {
  test.setTimeout(120_000);
  const sim = await startServers();
  const { page } = await deskFor(browser, sim, {
    username: 'ravi',
    displayName: 'Ravi Kumar',
    password: 'holds all morning',
    roles: ['credit_controller'],
  });
  await creditPushed(sim);
  const order = placeHeld(sim, 0);
  await queueRow(page, order.number).click();
  const detail = page.getByTestId('hold-detail');
  await expect(detail).toHaveAttribute('data-order-number', order.number);
  await expect(detail.getByRole('button', { name: 'Approve' })).toBeEnabled();

  // The desk's view of the platform lags by a few seconds (a slow feed), so it still shows the hold when the
  // controller clicks; the platform itself already has the cancellation.
  await fetch(`${sim.platform.url.replace(/\/v1$/, '')}/_sim/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ latency_ms: 6000, operations: ['listEvents'] }),
  });
  sim.platform.domain.cancelByDealer(order.id, 'Bought from a local distributor');
  await detail.getByRole('button', { name: 'Approve' }).click();
  const stopped = detail.getByRole('alert').filter({ hasText: 'not recorded' });
  await expect(stopped).toContainText(/The dealer cancelled this order at .*\("Bought from a local distributor"\); nothing was sent\./, {
    timeout: 15_000,
  });
  await fetch(`${sim.platform.url.replace(/\/v1$/, '')}/_sim/reset-faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}` },
  });
  // The new facts reach the screen: the order is cancelled and has left the queue.
  await expect(detail.getByTestId('no-longer-held')).toContainText('cancelled', { timeout: 20_000 });
  await expect(queueRow(page, order.number)).toHaveCount(0);

  expect(sim.platform.domain.getOrder(order.id)).toMatchObject({ status: 'cancelled', approvals: [] });
  const dmsEvents = await feed(sim.dms.url, sim.token);
  expect(dmsEvents.filter((e) => e.data['platform_order_id'] === order.id)).toEqual([]);
});

test('a payment arrives on the DMS: the open hold is marked stale with the change; a new hold notifies; screenshots', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const sim = await startServers({ hoursAgo: 5 });
  const person = { username: 'ravi', displayName: 'Ravi Kumar', password: 'holds all morning', roles: ['credit_controller' as const] };
  const { page, context } = await deskFor(browser, sim, person, async (adminPage, admin) => {
    // The office calendar counts every hour, so a hold placed 5 hours ago is past a 4-hour SLA whenever this runs.
    const saved = await rawCall(
      adminPage,
      'credit.saveSettings',
      { calendar: { days: [1, 2, 3, 4, 5, 6, 7], startMinute: 0, endMinute: 1440, utcOffsetMinutes: 330 } },
      admin,
    );
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
  });
  await context.grantPermissions(['notifications']);
  // Records what the page asks the Notification API to show (headless Chromium draws nothing).
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        shown.push(title);
        super(title, options);
      }
    } as typeof Notification;
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Credit holds' })).toBeVisible();
  await creditPushed(sim);

  // A queue worth looking at: a dealer waiting on the phone, a blocked account, and the hold we follow.
  const followed = placeHeld(sim, 150_000);
  placeHeld(sim, 4_000_000, `${DEALER_WAITING_MARKER}\nSite manager on the line`);
  sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.blocked.id, lines: [{ sku: fixtureSkus.switchPlate, qty: 4 }] });
  const table = page.getByRole('table', { name: 'Credit holds' });
  await expect(table.getByRole('row')).toHaveCount(4, { timeout: 15_000 });
  // Dealer waiting first; every hold here is past its SLA (5 hours against 4).
  await expect(table.getByRole('row').nth(1).getByLabel('Dealer waiting on the phone')).toBeVisible();
  await expect(table.locator('tr[data-sla="red"]')).toHaveCount(3);

  await queueRow(page, followed.number).click();
  const detail = page.getByTestId('hold-detail');
  await expect(detail).toHaveAttribute('data-order-number', followed.number);
  await expect(detail.getByText(/changed since/i)).toHaveCount(0);

  // A payment lands in the DMS a minute later.
  sim.clock.advance(60_000);
  sim.dms.domain.recordPayment(gold.code, 1_250_000, 'neft', 'UTR8812');
  const flag = detail.getByTestId('stale-flag');
  await expect(flag).toContainText('Changed since the hold: a payment of ₹12,500.00 arrived on', { timeout: 15_000 });
  await expect(flag).toContainText('(UTR8812)');
  await expect(queueRow(page, followed.number)).toContainText(/changed since/i);
  // The payment landed as cash on account (no open invoice to clear), so no figure on the screen moved. The
  // credit team then raises the limit: that moves the figures under the controller's eyes.
  await expect(detail.getByTestId('changed-while-open')).toHaveCount(0);
  const limit = sim.dms.domain.getAccount(gold.code)!.credit_limit;
  sim.dms.domain.setCreditLimit(gold.code, limit + 5_000_000);
  await expect(flag).toContainText('the credit limit was raised to ₹2,50,000.00 (the platform checked against ₹2,00,000.00)', {
    timeout: 15_000,
  });
  // The decision waits until the new figures have been looked at.
  await expect(detail.getByTestId('changed-while-open')).toContainText('Changed since you opened it: the credit limit rose by ₹50,000.00');
  await expect(detail.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await page.screenshot({ path: 'test-results/credit-holds/queue-and-detail-light.png' });
  await detail.getByRole('button', { name: 'Review the new figures' }).click();
  await expect(detail.getByRole('button', { name: 'Approve' })).toBeEnabled();
  await page.getByRole('region', { name: 'Exposure' }).screenshot({ path: 'test-results/credit-holds/exposure-light.png' });

  // Holds that arrive while the desk is open are desktop notifications (several at once are summed up).
  const shown = () => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications);
  const holdsTold = (titles: string[]) =>
    titles.reduce((n, t) => n + Number(/^(\d+) new credit holds/.exec(t)?.[1] ?? (/new credit hold /.test(t) ? 1 : 0)), 0);
  await expect.poll(async () => holdsTold(await shown()), { timeout: 15_000 }).toBe(3);
  const fresh = placeHeld(sim, 0);
  await expect.poll(async () => (await shown()).at(-1), { timeout: 15_000 }).toBe(`new credit hold ${fresh.number}`);
  expect(holdsTold(await shown())).toBe(4);

  // The reject form, then dark theme.
  await detail.getByRole('button', { name: 'Reject' }).click();
  await detail.getByLabel('Reason').selectOption('over_limit');
  await expect(detail.getByLabel('Message to the dealer')).toHaveValue(new RegExp(followed.number));
  await page.getByRole('button', { name: 'Toggle colour theme' }).click();
  await page.screenshot({ path: 'test-results/credit-holds/queue-and-reject-dark.png' });
  await detail.getByRole('textbox', { name: 'Note', exact: true }).fill('Two invoices overdue; dealer to pay before we release');
  await detail.getByRole('button', { name: 'Reject' }).click();
  await expect.poll(() => sim.platform.domain.getOrder(followed.id)?.status, { timeout: 15_000 }).toBe('rejected');
  await expect
    .poll(() => sim.platform.domain.listDealerStatus(followed.id).map((s) => s.status), { timeout: 15_000 })
    .toEqual(['rejected']);
  await expect(queueRow(page, followed.number)).toHaveCount(0, { timeout: 15_000 });
});
