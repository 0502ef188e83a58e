// The publish queue, the policy and the order timeline through the backend's procedures, with the sync
// engine running against the reference servers over real HTTP: the admin edits a template (an unknown
// placeholder is refused when saved, changes apply from then on), a backordered order reaches the queue,
// staff edit, set the ETA and publish (exactly that message reaches the platform), skip with a reason,
// bulk publish with a result per item; two desks and one review item make a single publication; the
// timeline merges the platform's and the DMS's events, the publications and the audit entries.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { defaultDealerStatusPolicy } from '../../../src/shared/dealerStatus';
import type { DealerStatusReviewView } from '../../../src/shared/api/features/dealerStatus';
import { waitFor } from '../sync/helpers';
import { handedOver, placeBackorderable, startTestDesk, type TestDesk } from './support';

let sim: ReferenceServers;
const desks: TestDesk[] = [];
beforeAll(async () => {
  sim = await startReferenceServers({ seed: 93, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterEach(async () => {
  while (desks.length) await desks.pop()?.stop();
});
afterAll(async () => {
  await sim?.close();
});

async function desk(): Promise<TestDesk> {
  const d = await startTestDesk(sim);
  desks.push(d);
  return d;
}

async function queued(d: TestDesk, platformOrderId: string, topic = 'backordered'): Promise<DealerStatusReviewView> {
  let found: DealerStatusReviewView | undefined;
  await waitFor(
    async () => {
      found = (await d.call('sales', 'dealerStatus.reviews', { state: 'open' })).find(
        (r) => r.platformOrderId === platformOrderId && r.topic === topic,
      );
      return !!found;
    },
    15_000,
    `review item ${topic}`,
  );
  return found!;
}

const published = (orderId: string, status: string) => sim.platform.domain.listDealerStatus(orderId).filter((p) => p.status === status);

describe('dealer status policy', () => {
  it('is saved by an admin only, refuses an unknown placeholder when saved, is audited, and applies from then on', async () => {
    const d = await desk();
    const before = await d.call('sales', 'dealerStatus.policy', {});
    expect(before.policy).toEqual(defaultDealerStatusPolicy);
    expect(before.updatedAt).toBeNull();

    // An item raised under the default template keeps its text after the edit.
    const early = placeBackorderable(sim);
    sim.dms.domain.allocate(await handedOver(sim, early.id));
    const earlyItem = await queued(d, early.id);
    expect(earlyItem.proposed.message).toContain(`Order ${early.number} is on backorder: ${fixtureSkus.switchPlate} × 3`);

    const edited = {
      ...before.policy,
      rules: {
        ...before.policy.rules,
        backordered: { mode: 'review' as const, template: '{dealer_name}: {order_number} waits for {backordered_items}. {eta_date}' },
      },
    };
    await expect(d.call('admin', 'dealerStatus.setPolicy', edited)).rejects.toMatchObject({
      kind: 'validation',
      issues: [{ path: 'rules.backordered.template', message: expect.stringContaining('Unknown placeholder {eta_date}') }],
    });
    edited.rules.backordered.template = '{dealer_name}: {order_number} waits for {backordered_items}.';
    await expect(d.call('manager', 'dealerStatus.setPolicy', edited)).rejects.toMatchObject({ kind: 'forbidden' });
    const saved = await d.call('admin', 'dealerStatus.setPolicy', { ...edited, catchUpHours: 48 });
    expect(saved.policy.rules.backordered.template).toBe('{dealer_name}: {order_number} waits for {backordered_items}.');
    expect(saved.policy.catchUpHours).toBe(48);
    expect(saved.updatedBy).toBe('ADMIN');
    const audit = d.backend.services.audit.list({ limit: 10 }).filter((e) => e.action === 'settings.set');
    expect(audit.map((e) => e.subject)).toEqual(
      expect.arrayContaining(['setting:dealerStatus.policy', 'setting:dealerStatus.catchUpHours']),
    );

    const later = placeBackorderable(sim);
    sim.dms.domain.allocate(await handedOver(sim, later.id));
    const laterItem = await queued(d, later.id);
    const dealer = sim.platform.domain.getAccount(fixtureIds.plain.id)!.name;
    expect(laterItem.proposed.message).toBe(`${dealer}: ${later.number} waits for ${fixtureSkus.switchPlate} × 3.`);
    expect((await d.call('sales', 'dealerStatus.reviews', { state: 'open' })).find((r) => r.id === earlyItem.id)?.proposed.message).toBe(
      earlyItem.proposed.message,
    );
  }, 60_000);
  it('a derived situation speaks when its status row says nothing: backordered lines under an internal "backordered"', async () => {
    const d = await desk();
    const { policy } = await d.call('admin', 'dealerStatus.policy', {});
    await d.call('admin', 'dealerStatus.setPolicy', {
      ...policy,
      rules: {
        ...policy.rules,
        backordered: { ...policy.rules.backordered, mode: 'internal' },
        backordered_lines: { mode: 'review', template: 'Still to come on {order_number}: {backordered_items}.' },
      },
    });
    const order = placeBackorderable(sim);
    sim.dms.domain.allocate(await handedOver(sim, order.id));
    const item = await queued(d, order.id, 'backordered_lines');
    expect(item).toMatchObject({ rule: 'backordered_lines', proposed: { status: 'backordered' } });
    expect(item.proposed.message).toBe(`Still to come on ${order.number}: ${fixtureSkus.switchPlate} × 3.`);
    // The internal status row raised nothing of its own.
    const open = await d.call('sales', 'dealerStatus.reviews', { state: 'open' });
    expect(open.filter((r) => r.platformOrderId === order.id).map((r) => r.topic)).toEqual(['backordered_lines']);
  }, 60_000);
});

describe('publish queue', () => {
  it('staff edit the message and ETA and publish; the platform has exactly that; skip needs a reason; all audited', async () => {
    const d = await desk();
    const order = placeBackorderable(sim);
    const dmsOrderId = await handedOver(sim, order.id);
    sim.dms.domain.allocate(dmsOrderId);
    const item = await queued(d, order.id);
    expect(item).toMatchObject({
      state: 'open',
      rule: 'backordered',
      dmsStatus: 'backordered',
      orderNumber: order.number,
      dealerCode: fixtureIds.plain.code,
    });

    // Roles: a manager may publish (the screen's roles); an admin may not (not a dealer-status role).
    await expect(d.call('admin', 'dealerStatus.publishReview', { reviewId: item.id, message: 'x' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(d.call('sales', 'dealerStatus.publishReview', { reviewId: item.id, message: '  ' })).rejects.toMatchObject({
      kind: 'validation',
    });
    const message = 'Switch plates are on backorder; we expect them on 12 March and will ship the same day.';
    await d.call('sales', 'dealerStatus.publishReview', { reviewId: item.id, message, eta: '2030-03-12' });
    await waitFor(() => published(order.id, 'backordered').length > 0, 15_000, 'published');
    expect(published(order.id, 'backordered')).toHaveLength(1);
    expect(published(order.id, 'backordered')[0]).toMatchObject({ message, eta: '2030-03-12', published_by: { name: 'SALES' } });
    await expect(d.call('sales2', 'dealerStatus.publishReview', { reviewId: item.id, message: 'again' })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('already published'),
    });
    const decided = (await d.call('sales', 'dealerStatus.reviews', { state: 'decided' })).find((r) => r.id === item.id);
    expect(decided).toMatchObject({ state: 'published', decidedBy: 'SALES', sent: { message, eta: '2030-03-12' } });
    await waitFor(
      async () =>
        (await d.call('sales', 'dealerStatus.reviews', { state: 'published' })).find((r) => r.id === item.id)?.delivery?.status ===
        'delivered',
      10_000,
      'delivery delivered',
    );

    // Skip: a reason is required, and the item leaves the queue with it.
    const other = placeBackorderable(sim);
    sim.dms.domain.allocate(await handedOver(sim, other.id));
    const second = await queued(d, other.id);
    await expect(d.call('sales', 'dealerStatus.skipReview', { reviewId: second.id, reason: '' })).rejects.toMatchObject({
      kind: 'validation',
    });
    await d.call('manager', 'dealerStatus.skipReview', { reviewId: second.id, reason: 'Dealer called; told on the phone.' });
    expect((await d.call('sales', 'dealerStatus.reviews', { state: 'skipped' })).find((r) => r.id === second.id)).toMatchObject({
      skipReason: 'Dealer called; told on the phone.',
      decidedBy: 'MANAGER',
    });
    expect(published(other.id, 'backordered')).toEqual([]);

    const audit = d.backend.services.audit.list({ limit: 50 });
    expect(audit.find((e) => e.action === 'dealer_status.publish' && e.subject === `order:${order.id}`)?.detail).toMatchObject({
      reviewId: item.id,
      message,
      eta: '2030-03-12',
    });
    expect(audit.find((e) => e.action === 'dealer_status.skip' && e.subject === `order:${other.id}`)?.detail).toMatchObject({
      reason: 'Dealer called; told on the phone.',
    });
  }, 60_000);

  it('bulk publish gives a result per item: published, or why not', async () => {
    const d = await desk();
    const orders = [placeBackorderable(sim), placeBackorderable(sim)];
    for (const o of orders) sim.dms.domain.allocate(await handedOver(sim, o.id));
    const items = [await queued(d, orders[0]!.id), await queued(d, orders[1]!.id)];
    await d.call('sales', 'dealerStatus.skipReview', { reviewId: items[1]!.id, reason: 'Not for this dealer' });
    const { results } = await d.call('sales', 'dealerStatus.publishReviews', {
      items: items.map((i) => ({ reviewId: i.id, message: i.proposed.message })).concat([{ reviewId: 999_999, message: 'nothing' }]),
    });
    expect(results).toEqual([
      { reviewId: items[0]!.id, ok: true, outboxId: expect.any(Number) },
      { reviewId: items[1]!.id, ok: false, error: { kind: 'conflict', message: expect.stringContaining('already skipped') } },
      { reviewId: 999_999, ok: false, error: { kind: 'conflict', message: 'There is no such item in the publish queue.' } },
    ]);
    await waitFor(() => published(orders[0]!.id, 'backordered').length === 1, 15_000, 'bulk published');
    expect(published(orders[1]!.id, 'backordered')).toEqual([]);
  }, 60_000);

  it('two desks and one review item: a single publication, and the other desk closes its item', async () => {
    const a = await desk();
    const b = await desk();
    const order = placeBackorderable(sim);
    sim.dms.domain.allocate(await handedOver(sim, order.id));
    const onA = await queued(a, order.id);
    const onB = await queued(b, order.id);
    // Both publish the same item at once, each with their own words.
    const results = await Promise.allSettled([
      a.call('sales', 'dealerStatus.publishReview', { reviewId: onA.id, message: 'From desk A: backordered.' }),
      b.call('sales', 'dealerStatus.publishReview', { reviewId: onB.id, message: 'From desk B: backordered.' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    await waitFor(() => published(order.id, 'backordered').length > 0, 15_000, 'published');
    await a.engine.dispatcher.idle();
    await b.engine.dispatcher.idle();
    await waitFor(
      async () =>
        (await a.call('sales', 'dealerStatus.reviews', { state: 'published' })).find((r) => r.id === onA.id)?.delivery?.status ===
          'delivered' &&
        (await b.call('sales', 'dealerStatus.reviews', { state: 'published' })).find((r) => r.id === onB.id)?.delivery?.status ===
          'delivered',
      15_000,
      'both desks see their item delivered',
    );
    expect(published(order.id, 'backordered')).toHaveLength(1);

    // A third desk raises the same item; once the publication reaches its replica, the item closes by itself.
    const c = await desk();
    await waitFor(
      async () =>
        (await c.call('sales', 'dealerStatus.reviews', { state: 'decided' })).some(
          (r) => r.platformOrderId === order.id && r.state === 'published',
        ) || !(await c.call('sales', 'dealerStatus.reviews', { state: 'open' })).some((r) => r.platformOrderId === order.id),
      15_000,
      'third desk has nothing open for it',
    );
    expect((await c.call('sales', 'dealerStatus.reviews', { state: 'open' })).filter((r) => r.platformOrderId === order.id)).toEqual([]);
    expect(published(order.id, 'backordered')).toHaveLength(1);
  }, 90_000);
});

describe('order timeline', () => {
  it('merges platform and DMS events, publications (auto and by staff, next to their DMS event) and the audit entries', async () => {
    const d = await desk();
    // The contract account has no credit limit checked, so a large order is not held.
    const order = sim.platform.domain.placeDealerOrder({
      account_id: fixtureIds.contract.id,
      lines: [{ sku: fixtureSkus.cable, qty: 150 }],
    });
    const dmsOrderId = await handedOver(sim, order.id);
    // 120 in stock across warehouses, one warehouse allocates: partly allocated (the rest backordered).
    expect(sim.dms.domain.allocate(dmsOrderId).status).toBe('partially_allocated');
    const item = await queued(d, order.id);
    await d.call('sales', 'dealerStatus.publishReview', { reviewId: item.id, message: 'Part of your cable is on backorder.' });
    sim.dms.domain.startPicking(dmsOrderId);
    sim.dms.domain.dispatch(dmsOrderId, { carrier: 'Gati', tracking_number: 'GT123456789', vehicle_no: 'MH12AB1234', eta: '2030-01-05' });
    await waitFor(() => published(order.id, 'backordered').length > 0, 15_000, 'backorder published');
    await waitFor(
      async () => {
        const seen = await d.call('sales', 'dealerStatus.timeline', { orderId: order.id });
        return (
          seen.dmsStatus === 'partially_dispatched' &&
          seen.entries.some((e) => e.publication?.status === 'backordered' && e.publication.state === 'published')
        );
      },
      15_000,
      'publication and dispatch in the replica',
    );
    const view = await d.call('sales', 'dealerStatus.timeline', { orderId: order.id });
    expect(view).toMatchObject({ orderNumber: order.number, dmsStatus: 'partially_dispatched' });
    const ids = view.entries.map((e) => e.id);
    expect(ids[0]).toBe('platform:placed');
    expect(ids).toEqual(expect.arrayContaining(['platform:handed_over', 'dms:received', 'dms:status:partially_allocated']));
    // The staff publication stands right after the DMS event it came from, and says who published it.
    const source = ids.indexOf('dms:status:partially_allocated');
    const pub = view.entries[source + 1];
    expect(pub?.publication).toMatchObject({
      status: 'backordered',
      origin: 'staff',
      state: 'published',
      sourceEntryId: 'dms:status:partially_allocated',
    });
    expect(pub?.by).toBe('SALES');
    expect(pub?.publication?.message).toBe('Part of your cable is on backorder.');
    const dispatched = view.entries.find((e) => e.source === 'dms' && e.kind === 'dispatched');
    expect(dispatched?.title).toContain('with Gati, tracking GT123456789');
    expect(view.entries.find((e) => e.kind === 'invoiced')?.money).toMatchObject({ currency: 'INR' });
    expect(view.entries.find((e) => e.source === 'audit')).toMatchObject({
      title: 'Publication approved from the publish queue',
      by: 'SALES',
    });
    // Entries are in time order apart from publications placed beside their source.
    const unlinked = view.entries.filter((e) => !e.publication?.sourceEntryId).map((e) => e.at);
    expect(unlinked).toEqual([...unlinked].sort());

    // An auto-publication (allocated -> confirmed by the policy) says so, beside its DMS event.
    const small = sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.contract.id, lines: [{ sku: fixtureSkus.cable, qty: 1 }] });
    sim.dms.domain.allocate(await handedOver(sim, small.id));
    await waitFor(
      async () =>
        (await d.call('sales', 'dealerStatus.timeline', { orderId: small.id })).entries.some((e) => e.publication?.state === 'published'),
      15_000,
      'confirmed in the replica',
    );
    const smallView = await d.call('sales', 'dealerStatus.timeline', { orderId: small.id });
    const allocated = smallView.entries.findIndex((e) => e.id === 'dms:status:allocated');
    expect(smallView.entries[allocated + 1]).toMatchObject({
      by: 'auto (policy)',
      publication: { status: 'confirmed', origin: 'auto', state: 'published', sourceEntryId: 'dms:status:allocated' },
    });
    await expect(d.call('sales', 'dealerStatus.timeline', { orderId: 'no-such-order' })).rejects.toMatchObject({ kind: 'not_found' });
  }, 60_000);
});
