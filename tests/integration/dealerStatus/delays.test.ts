// Delay detection on a simulated clock: the desk's clock (the engine's `now`, injected here) moves past an
// order's expected dispatch date and past a shipment's ETA; each becomes one review item with a suggested
// message, once per order and situation however often the duties run; lateness older than the catch-up
// window is left as history. The reference servers' own clock stands still (speed 0).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import type { DealerStatusReviewView } from '../../../src/shared/api/features/dealerStatus';
import { dealerDate } from '../../../src/shared/dealerStatus';
import { waitFor } from '../sync/helpers';
import { handedOver, startTestDesk, type TestDesk } from './support';

const DAY = 86_400_000;
let sim: ReferenceServers;
let desk: TestDesk;
let clock = new Date();

beforeAll(async () => {
  sim = await startReferenceServers({ seed: 95, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  clock = sim.clock.now();
  desk = await startTestDesk(sim, { engineNow: () => clock });
});
afterAll(async () => {
  await desk?.stop();
  await sim?.close();
});

async function items(): Promise<DealerStatusReviewView[]> {
  return [
    ...(await desk.call('sales', 'dealerStatus.reviews', { state: 'open' })),
    ...(await desk.call('sales', 'dealerStatus.reviews', { state: 'decided' })),
  ];
}

async function allocated(qty = 1) {
  const order = sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.cable, qty }] });
  const dmsOrder = sim.dms.domain.allocate(await handedOver(sim, order.id));
  expect(dmsOrder.status).toBe('allocated');
  await waitFor(() => sim.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'confirmed'), 15_000, 'confirmed');
  return { order, dmsOrder };
}

/** Several rounds of the duties, as the engine's timer would run them. */
async function tick(rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    desk.engine.runDuties();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('delay detection', () => {
  it('raises "not dispatched by the expected date" once per order, on the desk clock', async () => {
    const { order, dmsOrder } = await allocated();
    const expected = dmsOrder.expected_dispatch_date as string;
    await tick(5);
    expect((await items()).filter((i) => i.platformOrderId === order.id && i.topic === 'late')).toEqual([]);

    // The desk's clock passes the end of the expected dispatch day.
    clock = new Date(Date.parse(`${expected}T00:00:00Z`) + DAY + 3_600_000);
    await waitFor(async () => (await items()).some((i) => i.platformOrderId === order.id && i.topic === 'late'), 10_000, 'late item');
    await tick(20);
    const late = (await items()).filter((i) => i.platformOrderId === order.id && i.topic === 'late');
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({
      rule: 'late',
      state: 'open',
      // The dealer keeps seeing "confirmed"; the message explains the delay.
      proposed: { status: 'confirmed', message: expect.stringContaining(`by the expected date (${dealerDate(expected)})`) },
    });
    expect(late[0]!.proposed.message).toContain(order.number);
  }, 60_000);

  it('raises "past ETA, not delivered" once per shipment order, with carrier and tracking in the suggestion', async () => {
    clock = sim.clock.now();
    const { order, dmsOrder } = await allocated();
    sim.dms.domain.startPicking(dmsOrder.id);
    const eta = new Date(sim.clock.now().getTime() + DAY).toISOString().slice(0, 10);
    sim.dms.domain.dispatch(dmsOrder.id, { carrier: 'Safexpress', tracking_number: 'SX0000000042', vehicle_no: 'KA01AB0001', eta });
    await waitFor(() => sim.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'dispatched'), 15_000, 'dispatched');
    clock = new Date(Date.parse(`${eta}T00:00:00Z`) + DAY + 3_600_000);
    await waitFor(
      async () => (await items()).some((i) => i.platformOrderId === order.id && i.topic === 'delayed_in_transit'),
      10_000,
      'delayed item',
    );
    await tick(20);
    const delayed = (await items()).filter((i) => i.platformOrderId === order.id && i.topic === 'delayed_in_transit');
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.proposed).toMatchObject({ status: 'dispatched', tracking: { carrier: 'Safexpress', number: 'SX0000000042' } });
    expect(delayed[0]!.proposed.message).toContain(
      `with Safexpress (tracking SX0000000042) is past its expected delivery date of ${dealerDate(eta)}`,
    );
    // Delivered after all: the item leaves the queue with that reason, and nothing new is raised for it.
    sim.dms.domain.deliver(dmsOrder.id, sim.dms.domain.getOrder(dmsOrder.id)!.shipments[0]!.id);
    await waitFor(async () => (await items()).some((i) => i.id === delayed[0]!.id && i.state === 'skipped'), 10_000, 'delay item settled');
    await tick(10);
    const settled = (await items()).filter((i) => i.platformOrderId === order.id && i.topic === 'delayed_in_transit');
    expect(settled).toHaveLength(1);
    expect(settled[0]).toMatchObject({ state: 'skipped', skipReason: 'No longer delayed: the DMS order is delivered now.' });
  }, 60_000);

  it('leaves lateness older than the catch-up window as history', async () => {
    clock = sim.clock.now();
    const { order, dmsOrder } = await allocated();
    // The desk was off: when it looks again, the order has been late for eight days (window: 72 hours).
    clock = new Date(Date.parse(`${dmsOrder.expected_dispatch_date as string}T00:00:00Z`) + 8 * DAY);
    await tick(20);
    expect((await items()).filter((i) => i.platformOrderId === order.id && i.topic === 'late')).toEqual([]);
  }, 60_000);
});
