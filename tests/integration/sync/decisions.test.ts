// Credit decisions through backend procedures, over real HTTP: approval within the controller's authority
// goes all the way to approved + handed over; beyond it a different credit manager must approve; a stale
// view is refused; a rejection lands; access is by role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import { syncProcedureHandlers } from '../../../src/main/sync/procedures';
import type { CreditHoldAuthorityView, CreditDecisionReceipt } from '../../../src/shared/api/contract';
import type { Role } from '../../../src/shared/roles';
import { deriveDealerStatus } from '../../../src/main/duties/dealerStatus';
import { defaultDealerStatusPolicy } from '../../../src/shared/dealerStatus';
import { tempDir, waitFor } from './helpers';

let servers: ReferenceServers;
let backend: Backend;
let engine: SyncEngine;
const tokens = new Map<string, string>();

beforeAll(async () => {
  servers = await startReferenceServers({ seed: 31, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  backend = await createBackend({ dataDir: tempDir('dd-decisions-'), handlers: [syncProcedureHandlers], log: () => {} });
  engine = startSync({
    backend,
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 200,
  });
  const people: [string, Role[]][] = [
    ['ctl1', ['credit_controller']],
    ['ctl2', ['credit_controller']],
    ['mgr1', ['credit_manager']],
    ['sales', ['inside_sales']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    tokens.set(username, backend.services.sessions.open(staff.id));
  }
  // Let the credit positions settle before orders are placed against them.
  await waitFor(() => engine.status().sources.every((s) => s.lagEvents === 0), 15_000, 'caught up');
  await engine.dispatcher.idle();
});
afterAll(async () => {
  await engine?.stop();
  await backend?.close();
  await servers?.close();
});

async function call<T>(who: string, procedure: string, input: unknown): Promise<T> {
  const res = await backend.dispatch(procedure, input, { sessionToken: tokens.get(who) ?? null });
  if (!res.ok) throw Object.assign(new Error(res.error.message), { kind: res.error.kind });
  return res.value as T;
}

/** A held order for the gold account whose excess over the limit is about `excess` paise. */
function placeHeld(excessTarget: number) {
  const credit = servers.platform.domain.getCredit(fixtureIds.gold.id);
  if (!credit) throw new Error('no credit');
  const pending = servers.platform.domain
    .listOrders(fixtureIds.gold.id)
    .filter((o) => o.status === 'received' || o.status === 'approved')
    .reduce((s, o) => s + o.total, 0);
  const perCase = 106_200; // 900.00 + 18% GST
  const room = credit.credit_limit - credit.exposure - pending;
  // One case more than fits, plus enough cases for the wanted excess.
  const qty = Math.max(1, Math.floor(room / perCase) + 1 + Math.floor(excessTarget / perCase));
  const order = servers.platform.domain.placeDealerOrder({ account_id: fixtureIds.gold.id, lines: [{ sku: fixtureSkus.cable, qty }] });
  expect(order.status).toBe('credit_hold');
  return order;
}

async function seen(orderId: string, version: number): Promise<CreditHoldAuthorityView> {
  await waitFor(
    () => backend.sqlite.prepare('SELECT version FROM platform_orders WHERE id = ?').pluck().get(orderId) === version,
    10_000,
    `replica v${version}`,
  );
  return call<CreditHoldAuthorityView>('ctl1', 'credit.authority', { orderId });
}

describe('credit decisions', () => {
  it('a controller approves within authority: approval, DMS override, approved, then handed over', async () => {
    const order = placeHeld(0);
    const view = await seen(order.id, order.version);
    expect(view.authority.tier).toBe('controller');
    const receipt = await call<CreditDecisionReceipt>('ctl1', 'credit.approve', {
      orderId: order.id,
      seenOrderVersion: view.orderVersion,
      seenAccountVersion: view.dmsAccountVersion,
      note: 'Dealer promised payment Friday',
    });
    expect(receipt.stillNeeded).toBeNull();
    await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'in_fulfillment', 15_000, 'approved and handed over');
    const final = servers.platform.domain.getOrder(order.id);
    expect(final?.decision?.outcome).toBe('approved');
    const dmsOrder = servers.dms.domain.getOrderByPlatformOrder(order.id);
    expect(dmsOrder).toBeDefined();
    expect(final?.decision?.reference).toBeTruthy();
    expect(backend.services.audit.list({ limit: 50 }).some((e) => e.action === 'credit.approve' && e.subject === `order:${order.id}`)).toBe(
      true,
    );
  });

  it('beyond authority a second approval by a different credit manager is needed', async () => {
    const order = placeHeld(3_000_000);
    const view = await seen(order.id, order.version);
    expect(view.authority.tier).toBe('manager_second');
    const r1 = await call<CreditDecisionReceipt>('ctl2', 'credit.approve', { orderId: order.id, seenOrderVersion: view.orderVersion });
    expect(r1.stillNeeded).toMatch(/credit manager/);
    await waitFor(() => servers.platform.domain.getOrder(order.id)?.approvals.length === 1, 10_000, 'first approval');
    await engine.dispatcher.idle();
    expect(servers.platform.domain.getOrder(order.id)?.status).toBe('credit_hold');
    // The same controller cannot approve twice.
    const v2 = await seen(order.id, order.version + 1);
    await expect(call('ctl2', 'credit.approve', { orderId: order.id, seenOrderVersion: v2.orderVersion })).rejects.toMatchObject({
      kind: 'conflict',
    });
    await call<CreditDecisionReceipt>('mgr1', 'credit.approve', { orderId: order.id, seenOrderVersion: v2.orderVersion });
    await waitFor(
      () => ['approved', 'in_fulfillment'].includes(servers.platform.domain.getOrder(order.id)?.status ?? ''),
      15_000,
      'approved',
    );
  });

  it('refuses a decision on a stale view, and rejects with a reason; roles are enforced', async () => {
    const order = placeHeld(0);
    await seen(order.id, order.version);
    await expect(call('ctl1', 'credit.approve', { orderId: order.id, seenOrderVersion: order.version + 5 })).rejects.toMatchObject({
      kind: 'conflict',
    });
    await expect(
      call('sales', 'credit.reject', {
        orderId: order.id,
        seenOrderVersion: order.version,
        reasonCode: 'over_limit',
        reason: 'Over the limit',
      }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await call('ctl1', 'credit.reject', {
      orderId: order.id,
      seenOrderVersion: order.version,
      reasonCode: 'over_limit',
      reason: 'Over the limit; pay the overdue first',
    });
    await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'rejected', 15_000, 'rejected');
    expect(servers.platform.domain.getOrder(order.id)?.decision?.reason_code).toBe('over_limit');
    expect(servers.dms.domain.getOrderByPlatformOrder(order.id)).toBeUndefined();
  });

  it('staff publish an ad-hoc update and a reviewed status; the dealer sees both', async () => {
    const order = servers.platform.domain.placeDealerOrder({
      account_id: fixtureIds.plain.id,
      lines: [{ sku: fixtureSkus.switchPlate, qty: 1 }],
    });
    await waitFor(() => !!servers.dms.domain.getOrderByPlatformOrder(order.id), 15_000, 'handed over');
    const dmsOrder = servers.dms.domain.getOrderByPlatformOrder(order.id)!;
    await waitFor(
      () => backend.sqlite.prepare('SELECT 1 FROM dms_orders WHERE id = ?').pluck().get(dmsOrder.id) === 1,
      10_000,
      'dms replica',
    );
    await call('sales', 'dealerStatus.publish', { orderId: order.id, status: 'under_review', message: 'We are checking stock for you.' });
    await waitFor(
      () => servers.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'under_review'),
      10_000,
      'ad-hoc published',
    );
    expect(servers.platform.domain.listDealerStatus(order.id).find((p) => p.status === 'under_review')?.published_by.name).toBe('SALES');

    // A status the policy sends to review (here: the DMS order as it is, 'open', routed to review for the test).
    // Queued and derived in one transaction, so the running engine cannot drain it under the default policy first.
    backend.sqlite
      .transaction(() => {
        backend.sqlite
          .prepare("INSERT OR REPLACE INTO dealer_status_queue (dms_order_id, reason, queued_at) VALUES (?, 'feed', ?)")
          .run(dmsOrder.id, new Date().toISOString());
        deriveDealerStatus(backend.sqlite, new Date(), {
          ...defaultDealerStatusPolicy,
          rules: { ...defaultDealerStatusPolicy.rules, open: { mode: 'review', template: 'Order {order_number}: we are checking stock.' } },
        });
      })
      .immediate();
    const reviews = await call<{ id: number; platformOrderId: string; proposed: { message: string } }[]>('sales', 'dealerStatus.reviews', {
      state: 'open',
    });
    const review = reviews.find((r) => r.platformOrderId === order.id);
    expect(review?.proposed.message).toBe(`Order ${order.number}: we are checking stock.`);
    await call('sales', 'dealerStatus.publishReview', {
      reviewId: review!.id,
      message: 'Two cases follow next week; the rest ships today.',
    });
    await waitFor(
      () => servers.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'received'),
      10_000,
      'reviewed published',
    );
    expect(servers.platform.domain.listDealerStatus(order.id).find((p) => p.status === 'received')?.message).toBe(
      'Two cases follow next week; the rest ships today.',
    );
    // (The test policy applies to whatever else was queued at that moment too; only this order is checked.)
    expect(
      (await call<{ platformOrderId: string }[]>('sales', 'dealerStatus.reviews', { state: 'open' })).filter(
        (r) => r.platformOrderId === order.id,
      ),
    ).toEqual([]);
  });

  it('routes orders with notes through the "to confirm" queue when the setting says so', async () => {
    backend.services.settings.set(
      'duties.handover',
      { confirmChannels: [], confirmWithNotes: true, confirmWithPriceOverride: false },
      null,
    );
    try {
      const order = servers.platform.domain.placeDealerOrder({
        account_id: fixtureIds.plain.id,
        lines: [{ sku: fixtureSkus.switchPlate, qty: 1 }],
        notes: 'Deliver to the back gate',
      });
      expect(order.status).toBe('received');
      await waitFor(
        async () => (await call<{ orderId: string }[]>('sales', 'handover.queue', { state: 'open' })).some((q) => q.orderId === order.id),
        10_000,
        'queued',
      );
      await new Promise((r) => setTimeout(r, 400));
      expect(servers.dms.domain.getOrderByPlatformOrder(order.id)).toBeUndefined();
      await call('sales', 'handover.confirm', { orderId: order.id });
      await waitFor(
        () => servers.platform.domain.getOrder(order.id)?.status === 'in_fulfillment',
        15_000,
        'handed over after confirmation',
      );
      expect(backend.services.audit.list({ limit: 20 }).some((e) => e.action === 'handover.confirm')).toBe(true);
      await expect(call('sales', 'handover.confirm', { orderId: order.id })).rejects.toMatchObject({ kind: 'conflict' });
    } finally {
      backend.services.settings.set(
        'duties.handover',
        { confirmChannels: [], confirmWithNotes: false, confirmWithPriceOverride: false },
        null,
      );
    }
  });

  it('lists the outbox and lets staff retry and discard (with audit)', async () => {
    const items = await call<{ id: number; status: string }[]>('ctl1', 'sync.outbox.list', { view: 'all' });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => ['delivered', 'discarded', 'pending', 'in_flight'].includes(i.status))).toBe(true);
    await expect(call('ctl1', 'sync.outbox.retry', { id: items[0]!.id })).rejects.toMatchObject({ kind: 'conflict' });
    await expect(
      call('ctl1', 'sync.outbox.discard', { id: items[0]!.id, confirm: true, reason: 'no longer needed' }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await call<unknown[]>('ctl1', 'sync.quarantine.list', { state: 'open' })).toEqual([]);
  });
});
