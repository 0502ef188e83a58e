// The join, end to end in Chromium: reference servers for both systems (in this process), a desk syncing
// with them (its own process, real HTTP), and the Orders screen. An order a dealer places on the platform
// shows within 2 s, is handed to the DMS without anyone touching it, and when the warehouse dispatches it
// the dealer sees "dispatched" with the tracking number, on the platform and in the row.
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../src/sim/index';
import { adminAccount, expect, openDesk, setupAdminViaApi, signInViaUi, startHost, stopHost, test } from './support/fixtures';

let servers: ReferenceServers | null = null;
test.afterEach(async () => {
  await servers?.close();
  servers = null;
});

test('a dealer order shows within 2 s, is handed to the DMS, and its dispatch reaches the dealer with tracking', async ({ page }) => {
  servers = await startReferenceServers({ seed: 21, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  const sim = servers;
  const { desk, child } = await startHost('tests/e2e/support/ordersHost.ts', ['synced', sim.platform.url, sim.dms.url, sim.token]);
  try {
    await openDesk(page, desk);
    await setupAdminViaApi(page);
    await page.reload();
    await signInViaUi(page, adminAccount.username, adminAccount.password);
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: /Orders/ })
      .click();
    // The first pull has landed: the screen says what the replica is as of, and that no order is there yet.
    await expect(page.getByTestId('orders-as-of')).toContainText('As of');
    await expect(page.getByTestId('orders-empty')).toContainText('No orders');

    // A dealer places an order on the platform's portal while the screen is open.
    const placedAt = Date.now();
    const order = sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.cable, qty: 3 }] });
    expect(order.status).toBe('received');
    const row = page.locator(`[role="row"][data-order-number="${order.number}"]`);
    await expect(row).toBeVisible({ timeout: 2000 });
    const shownAfterMs = Date.now() - placedAt;
    test.info().annotations.push({ type: 'shown after', description: `${shownAfterMs} ms` });
    console.info(`[orders flow] order shown ${shownAfterMs} ms after placement`);
    expect(shownAfterMs).toBeLessThan(2000);
    await expect(row).toContainText(fixtureIds.plain.code);
    const cell = (i: number) => row.locator('[role="cell"]').nth(i + 1); // cell 0 is the selection checkbox
    // The clerk selects it; the live updates below must not lose the selection.
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');

    // Handed to the DMS automatically: the platform order moves to in_fulfillment with the DMS order id,
    // and the row shows both.
    await expect(cell(3)).toHaveText('In fulfilment', { timeout: 15_000 });
    await expect(cell(6)).toHaveText('Open');
    const dmsOrderId = sim.platform.domain.getOrder(order.id)?.fulfillment?.dms_order_id;
    expect(dmsOrderId).toBeTruthy();
    expect(sim.dms.domain.getOrder(dmsOrderId as string)?.platform_order_id).toBe(order.id);

    // The warehouse works it: allocate (the dealer is told it is confirmed), pick, dispatch with a carrier.
    sim.dms.domain.allocate(dmsOrderId as string);
    await expect(cell(7)).toContainText('Confirmed', { timeout: 15_000 });
    sim.dms.domain.startPicking(dmsOrderId as string);
    sim.dms.domain.dispatch(dmsOrderId as string, {
      carrier: 'Blue Dart',
      tracking_number: 'BD123456789',
      vehicle_no: 'MH12AB1234',
      eta: '2030-01-05',
    });

    // The platform received the dealer-visible "dispatched" with the tracking number...
    await expect
      .poll(() => sim.platform.domain.listDealerStatus(order.id).find((p) => p.status === 'dispatched')?.tracking ?? null, {
        timeout: 15_000,
      })
      .toMatchObject({ carrier: 'Blue Dart', number: 'BD123456789' });
    // ...and the row says so: DMS status dispatched, the dealer sees dispatched with the tracking number.
    await expect(cell(6)).toHaveText('Dispatched', { timeout: 10_000 });
    await expect(cell(7)).toContainText('Dispatched', { timeout: 10_000 });
    await expect(row.getByTestId('tracking')).toHaveText('BD123456789');
    await expect(row.getByTestId('tracking')).toHaveAttribute('aria-label', /Blue Dart BD123456789/);
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await page.screenshot({ path: test.info().outputPath('orders-flow.png') });
  } finally {
    await stopHost(child);
  }
});
