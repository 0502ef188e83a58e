// The order queues' bulk commands through backend procedures, over real HTTP to the reference servers with
// the sync engine running: a cancellation lands; one the dealer beat (seen in the replica, or only by the
// platform) ends as a conflict that says so; one for an order already handed to the DMS is a conflict with
// what to do instead; a hand-over held "to confirm" goes to the DMS; the results read back per order.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import type { BulkReceipt, CommandResultView } from '../../../src/shared/api/features/orders';
import { tempDir, waitFor } from './helpers';

let servers: ReferenceServers;
let backend: Backend;
let engine: SyncEngine;
let token: string;
let dataDir: string;

beforeAll(async () => {
  servers = await startReferenceServers({ seed: 43, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  dataDir = tempDir('dd-order-commands-');
  backend = await createBackend({ dataDir, log: () => {} });
  backend.services.settings.set(
    'duties.handover',
    { confirmChannels: ['portal'], confirmWithNotes: false, confirmWithPriceOverride: false },
    null,
  );
  engine = startSync({
    backend,
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 200,
  });
  const { staff } = await backend.services.staff.create(
    { username: 'ravi', displayName: 'Ravi Kumar', password: 'long enough password', roles: ['inside_sales'] },
    null,
  );
  token = backend.services.sessions.open(staff.id);
  await waitFor(() => engine.status().sources.every((s) => s.lagEvents === 0), 15_000, 'caught up');
});
afterAll(async () => {
  await engine?.stop();
  await backend?.close();
  await servers?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function call<T>(procedure: string, input: unknown): Promise<T> {
  const res = await backend.dispatch(procedure, input, { sessionToken: token });
  if (!res.ok) throw new Error(`${res.error.kind}: ${res.error.message}`);
  return res.value as T;
}

const replicaStatus = (id: string) =>
  backend.sqlite.prepare('SELECT status FROM platform_orders WHERE id = ?').pluck().get(id) as string | undefined;
const replicaVersion = (id: string) => backend.sqlite.prepare('SELECT version FROM platform_orders WHERE id = ?').pluck().get(id) as number;

async function settled(outboxIds: number[]): Promise<CommandResultView[]> {
  let results: CommandResultView[] = [];
  await waitFor(
    async () => {
      results = await call<CommandResultView[]>('orders.commandResults', { outboxIds });
      return results.every((r) => r.state !== 'pending');
    },
    20_000,
    'the commands to end',
  );
  return results;
}

function place(qty: number) {
  const order = servers.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.cable, qty }] });
  expect(order.status).toBe('received');
  return order;
}

describe('bulk commands against the reference servers', () => {
  it('cancels, and reports the dealer’s earlier cancellation (in the replica or only on the platform) as a conflict', async () => {
    const [a, b, c] = [place(2), place(3), place(4)];
    await waitFor(() => [a, b, c].every((o) => replicaStatus(o.id) === 'received'), 10_000, 'orders in the replica');
    // b: the dealer cancelled and the desk has seen it; c: cancelled on the platform a moment before sending.
    servers.platform.domain.cancelByDealer(b.id, 'Wrong size');
    await waitFor(() => replicaStatus(b.id) === 'cancelled', 10_000, 'the cancellation synced');
    const versions = [a, b, c].map((o) => ({ id: o.id, version: o.id === b.id ? 1 : replicaVersion(o.id) }));
    servers.platform.domain.cancelByDealer(c.id, 'Changed my mind');
    const receipt = await call<BulkReceipt>('orders.cancel', { orders: versions, reasonCode: 'dealer_request' });
    const results = await settled(receipt.items.map((i) => i.outboxId as number));
    const byOrder = new Map(results.map((r) => [r.orderId, r]));
    expect(byOrder.get(a.id)?.state).toBe('done');
    for (const id of [b.id, c.id]) {
      expect(byOrder.get(id)?.state).toBe('conflict');
      expect(byOrder.get(id)?.message).toMatch(/^Already cancelled by the dealer \(.+\) at .+: “.+”\. Nothing was sent\.$/);
    }
    expect(servers.platform.domain.getOrder(a.id)?.cancellation).toMatchObject({
      by: { type: 'staff', name: 'Ravi Kumar' },
      reason_code: 'dealer_request',
    });
    expect(servers.platform.domain.getOrder(c.id)?.cancellation?.by?.type).toBe('dealer');
  });

  it('hands over an order held to confirm, then refuses to cancel it on the platform and says what to do', async () => {
    const order = place(5);
    await waitFor(
      () => backend.sqlite.prepare(`SELECT state FROM handover_confirmations WHERE order_id = ?`).pluck().get(order.id) === 'open',
      10_000,
      'held to confirm',
    );
    const handover = await call<BulkReceipt>('orders.handOver', { orderIds: [order.id] });
    const [done] = await settled([handover.items[0]!.outboxId as number]);
    expect(done?.state).toBe('done');
    await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'in_fulfillment', 15_000, 'in fulfilment on the platform');
    expect(servers.dms.domain.getOrderByPlatformOrder(order.id)).toBeTruthy();
    // A clerk who still had version 1 on screen.
    const receipt = await call<BulkReceipt>('orders.cancel', { orders: [{ id: order.id, version: 1 }], reasonCode: 'other' });
    const [conflict] = await settled([receipt.items[0]!.outboxId as number]);
    expect(conflict?.state).toBe('conflict');
    expect(conflict?.message).toMatch(/in fulfillment now and can no longer be cancelled on the platform.*ask the warehouse/);
    expect(servers.platform.domain.getOrder(order.id)?.status).toBe('in_fulfillment');
  });
});
