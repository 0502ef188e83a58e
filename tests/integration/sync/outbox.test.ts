// Outbox rules over real HTTP, driven directly: look-up before resending after a long outage, per-entity
// order with independent entities in parallel, 401 pauses the target, retry keeps the idempotency key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { PlatformConnector } from '../../../src/main/connectors/platform';
import { DmsConnector } from '../../../src/main/connectors/dms';
import { OutboxDispatcher, enqueue, getItem, retryItem } from '../../../src/main/sync/outbox';
import { dutyHandlers } from '../../../src/main/duties';
import { handoverBody } from '../../../src/main/duties/handover';
import { openDesk, tempDir, waitFor } from './helpers';

let servers: ReferenceServers;
beforeAll(async () => {
  servers = await startReferenceServers({ seed: 61, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterAll(async () => {
  await servers?.close();
});

function dispatcher(sqlite: ReturnType<typeof openDesk>, opts: { dmsToken?: string; now?: () => Date; requests?: string[] } = {}) {
  const onRequest = (i: { method: string; path: string; status: number | null }) =>
    opts.requests?.push(`${i.method} ${i.path} ${i.status}`);
  return new OutboxDispatcher({
    sqlite,
    platform: new PlatformConnector({ url: servers.platform.url, token: servers.token, onRequest }),
    dms: new DmsConnector({ url: servers.dms.url, token: opts.dmsToken ?? servers.token, onRequest }),
    handlers: dutyHandlers,
    watchdogMs: 30,
    backoff: { baseMs: 20, capMs: 100 },
    authPauseMs: 60_000,
    ...(opts.now ? { now: opts.now } : {}),
  });
}

describe('outbox', () => {
  it('after an outage longer than the idempotency retention, looks the hand-over up instead of sending it again', async () => {
    const sqlite = openDesk(tempDir());
    const order = servers.platform.domain.placeDealerOrder({
      account_id: fixtureIds.plain.id,
      lines: [{ sku: fixtureSkus.cable, qty: 1 }],
    });
    const body = handoverBody(order, fixtureIds.plain.code);
    // Another desk handed it over meanwhile.
    const existing = servers.dms.domain.createOrder(body);
    const created = new Date(Date.now() - 25 * 3_600_000);
    const { id } = enqueue(
      sqlite,
      {
        target: 'dms',
        kind: 'dms.createOrder',
        entityKey: `order:${order.id}`,
        idempotencyKey: `handover:${order.id}`,
        method: 'POST',
        path: '/orders',
        payload: body,
        createdBy: 'system',
      },
      created,
    );
    // It had been tried before the outage.
    sqlite.prepare("UPDATE outbox SET attempts = 3, last_status = 503, last_error = '503 unavailable' WHERE id = ?").run(id);
    const requests: string[] = [];
    const d = dispatcher(sqlite, { requests });
    d.start();
    await waitFor(() => getItem(sqlite, id)?.status === 'delivered', 10_000, 'delivered');
    await d.stop();
    expect(requests.filter((r) => r.startsWith('POST /orders'))).toEqual([]);
    expect(requests.some((r) => r.startsWith('GET /orders/by-platform-order/'))).toBe(true);
    expect((getItem(sqlite, id)?.result as { id: string }).id).toBe(existing.id);
    sqlite.close();
  });

  it('keeps one entity in order behind a failed item while other entities proceed; retry reuses the key', async () => {
    const sqlite = openDesk(tempDir());
    const bad = {
      account_id: fixtureIds.plain.id,
      channel: 'phone' as const,
      placed_by: { id: 's', name: 'S' },
      client_reference: 'OB-1',
      lines: [{ sku: fixtureSkus.cable, qty: 1, unit_price: 1 }],
    };
    const first = enqueue(sqlite, {
      target: 'platform',
      kind: 'platform.createOrder',
      entityKey: 'e:1',
      idempotencyKey: 'ob-1',
      method: 'POST',
      path: '/orders',
      payload: bad,
      createdBy: 's',
    }).id;
    const second = enqueue(sqlite, {
      target: 'platform',
      kind: 'platform.createOrder',
      entityKey: 'e:1',
      idempotencyKey: 'ob-2',
      method: 'POST',
      path: '/orders',
      payload: { ...bad, client_reference: 'OB-2', lines: [{ sku: fixtureSkus.cable, qty: 1, unit_price: 100_000 }] },
      createdBy: 's',
    }).id;
    const other = enqueue(sqlite, {
      target: 'platform',
      kind: 'platform.createOrder',
      entityKey: 'e:2',
      idempotencyKey: 'ob-3',
      method: 'POST',
      path: '/orders',
      payload: { ...bad, client_reference: 'OB-3', lines: [{ sku: fixtureSkus.cable, qty: 1, unit_price: 100_000 }] },
      createdBy: 's',
    }).id;
    const d = dispatcher(sqlite);
    d.start();
    await waitFor(
      () => getItem(sqlite, first)?.status === 'failed' && getItem(sqlite, other)?.status === 'delivered',
      10_000,
      'first failed, other delivered',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(getItem(sqlite, second)?.status).toBe('pending');
    expect(getItem(sqlite, second)?.attempts).toBe(0);
    // Staff fix nothing and retry: it fails again (the item keeps its key), and the next stays blocked.
    const again = retryItem(sqlite, first, new Date());
    expect(again.idempotencyKey).toBe('ob-1');
    d.kick();
    await waitFor(() => getItem(sqlite, first)?.status === 'failed', 10_000, 'failed again');
    expect(getItem(sqlite, first)?.lastError).toBeTruthy();
    // Once the blocking item is discarded, the next one for the entity goes.
    sqlite.prepare("UPDATE outbox SET status = 'discarded' WHERE id = ?").run(first);
    d.kick();
    await waitFor(() => getItem(sqlite, second)?.status === 'delivered', 10_000, 'second delivered');
    await d.stop();
    sqlite.close();
  });

  it('a staff retry after the fix goes through: a refused (stored, replayed) 4xx is resent under a fresh key', async () => {
    const sqlite = openDesk(tempDir());
    const dealer = fixtureIds.plain;
    servers.dms.domain.setBlocked(dealer.code, true);
    const order = servers.platform.domain.placeDealerOrder({ account_id: dealer.id, lines: [{ sku: fixtureSkus.cable, qty: 2 }] });
    const { id } = enqueue(sqlite, {
      target: 'dms',
      kind: 'dms.createOrder',
      entityKey: `order:${order.id}`,
      idempotencyKey: `handover:${order.id}`,
      method: 'POST',
      path: '/orders',
      payload: handoverBody(order, dealer.code),
      createdBy: 'system',
    });
    const requests: string[] = [];
    const d = dispatcher(sqlite, { requests });
    try {
      d.start();
      await waitFor(() => getItem(sqlite, id)?.status === 'failed', 10_000, 'refused');
      expect(getItem(sqlite, id)).toMatchObject({ lastStatus: 422, lastError: expect.stringMatching(/on stop/) });
      // The account comes off stop in the DMS. The server keeps the 422 under the first key and would
      // replay it for 24 hours, so the retry must not reuse that key; the item keeps its identity.
      servers.dms.domain.setBlocked(dealer.code, false);
      expect(retryItem(sqlite, id, new Date()).idempotencyKey).toBe(`handover:${order.id}`);
      d.kick();
      await waitFor(() => getItem(sqlite, id)?.status === 'delivered', 10_000, 'delivered after the fix');
      expect(servers.dms.domain.getOrderByPlatformOrder(order.id)).toBeTruthy();
      // The derivation still sees the item under its own key: no second hand-over is queued.
      expect(enqueue(sqlite, { ...getItem(sqlite, id)!, payload: {}, createdBy: 'system' }).inserted).toBe(false);
    } finally {
      servers.dms.domain.setBlocked(dealer.code, false);
      await d.stop();
      sqlite.close();
    }
  });

  it('pauses a target that refuses the credentials, without failing the item', async () => {
    const sqlite = openDesk(tempDir());
    const order = servers.platform.domain.placeDealerOrder({
      account_id: fixtureIds.plain.id,
      lines: [{ sku: fixtureSkus.cable, qty: 1 }],
    });
    const { id } = enqueue(sqlite, {
      target: 'dms',
      kind: 'dms.createOrder',
      entityKey: `order:${order.id}`,
      idempotencyKey: `handover:${order.id}`,
      method: 'POST',
      path: '/orders',
      payload: handoverBody(order, fixtureIds.plain.code),
      createdBy: 'system',
    });
    const requests: string[] = [];
    const d = dispatcher(sqlite, { dmsToken: 'wrong-token', requests });
    d.start();
    await waitFor(() => getItem(sqlite, id)?.lastStatus === 401, 10_000, '401 seen');
    await new Promise((r) => setTimeout(r, 300));
    expect(getItem(sqlite, id)?.status).toBe('pending');
    expect(d.health('dms').paused).toBe(true);
    expect(requests.filter((r) => r.includes('401'))).toHaveLength(1);
    await d.stop();
    sqlite.close();
  });
});
