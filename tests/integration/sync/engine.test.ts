// The engine end to end over real HTTP: two desks against the same reference servers hand a cleared order
// over exactly once, move it to in_fulfillment, push credit positions, and survive commit-then-drop.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import { enqueuePhoneOrder } from '../../../src/main/duties/phoneOrder';
import { getItem } from '../../../src/main/sync/outbox';
import { openDesk, tempDir, waitFor } from './helpers';

let servers: ReferenceServers;
beforeAll(async () => {
  servers = await startReferenceServers({ seed: 11, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterAll(async () => {
  await servers?.close();
});

interface Desk {
  sqlite: Database.Database;
  engine: SyncEngine;
  pushes: string[];
}

function startDesk(): Desk {
  const sqlite = openDesk(tempDir());
  const pushes: string[] = [];
  const engine = startSync({
    backend: { sqlite, push: (event) => pushes.push(event) },
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 200,
    requestTimeoutMs: 2000,
  });
  return { sqlite, engine, pushes };
}

async function stopDesk(d: Desk) {
  await d.engine.stop();
  d.sqlite.close();
}

async function sim(server: 'platform' | 'dms', path: string, body: unknown) {
  const base = servers[server].url.replace(/\/v1$/, '');
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

describe('sync engine', () => {
  it('two desks hand a cleared order to the DMS exactly once and move it to in_fulfillment', async () => {
    const a = startDesk();
    const b = startDesk();
    try {
      const order = servers.platform.domain.placeDealerOrder({
        account_id: fixtureIds.plain.id,
        lines: [{ sku: fixtureSkus.cable, qty: 3 }],
      });
      expect(order.status).toBe('received');
      await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'in_fulfillment', 15_000, 'in_fulfillment');
      const dmsOrders = servers.dms.domain.listOrders(fixtureIds.plain.code).filter((o) => o.platform_order_id === order.id);
      expect(dmsOrders).toHaveLength(1);
      expect(servers.platform.domain.getOrder(order.id)?.fulfillment?.dms_order_id).toBe(dmsOrders[0]?.id);
      // Both desks see it through their feeds.
      for (const d of [a, b]) {
        await waitFor(
          () => d.sqlite.prepare('SELECT dms_order_id FROM platform_orders WHERE id = ?').pluck().get(order.id) === dmsOrders[0]?.id,
          10_000,
          'replica',
        );
        await d.engine.dispatcher.idle();
        const counts = d.engine.status().outbox;
        expect(counts.failed + counts.conflict).toBe(0);
      }
      expect(a.pushes).toContain('replica.changed');
    } finally {
      await stopDesk(a);
      await stopDesk(b);
    }
  });

  it('pushes DMS credit changes to the platform, once per DMS version', async () => {
    const a = startDesk();
    try {
      servers.dms.domain.setBlocked(fixtureIds.plain.code, true);
      const dmsVersion = servers.dms.domain.getAccount(fixtureIds.plain.code)?.version;
      await waitFor(() => servers.platform.domain.getCredit(fixtureIds.plain.id)?.source_version === dmsVersion, 15_000, 'credit pushed');
      expect(servers.platform.domain.getCredit(fixtureIds.plain.id)?.blocked).toBe(true);
      servers.dms.domain.setBlocked(fixtureIds.plain.code, false);
      await waitFor(() => servers.platform.domain.getCredit(fixtureIds.plain.id)?.blocked === false, 15_000, 'unblocked');
    } finally {
      await stopDesk(a);
    }
  });

  it('publishes confirmed, dispatched (with tracking and ETA) and delivered to the dealer, once, in order', async () => {
    const a = startDesk();
    const b = startDesk();
    try {
      const order = servers.platform.domain.placeDealerOrder({
        account_id: fixtureIds.plain.id,
        lines: [{ sku: fixtureSkus.cable, qty: 1 }],
      });
      await waitFor(() => !!servers.platform.domain.getOrder(order.id)?.fulfillment?.dms_order_id, 15_000, 'handed over');
      const dmsId = servers.platform.domain.getOrder(order.id)?.fulfillment?.dms_order_id as string;
      const allocated = servers.dms.domain.allocate(dmsId);
      expect(allocated.status).toBe('allocated');
      await waitFor(() => servers.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'confirmed'), 15_000, 'confirmed');
      servers.dms.domain.startPicking(dmsId);
      const { shipment } = servers.dms.domain.dispatch(dmsId, {
        carrier: 'Blue Dart',
        tracking_number: 'BD123456789',
        vehicle_no: 'MH12AB1234',
        eta: '2030-01-05',
      });
      await waitFor(() => servers.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'dispatched'), 15_000, 'dispatched');
      servers.dms.domain.deliver(dmsId, shipment.id);
      await waitFor(() => servers.platform.domain.listDealerStatus(order.id).some((p) => p.status === 'delivered'), 15_000, 'delivered');
      await a.engine.dispatcher.idle();
      await b.engine.dispatcher.idle();
      const timeline = servers.platform.domain.listDealerStatus(order.id);
      expect(timeline.map((p) => p.status)).toEqual(['confirmed', 'dispatched', 'delivered']);
      const dispatched = timeline[1];
      expect(dispatched?.tracking).toMatchObject({ carrier: 'Blue Dart', number: 'BD123456789' });
      expect(dispatched?.eta).toBe('2030-01-05');
    } finally {
      await stopDesk(a);
      await stopDesk(b);
    }
  });

  it('places a phone order once despite commit-then-drop, and shows a price mismatch as failed with the message', async () => {
    await sim('platform', '/_sim/faults', { drop_after_commit: ['createOrder'], drop_rate: 1 });
    const a = startDesk();
    try {
      const staff = { id: 'st-1', name: 'Asha (inside sales)' };
      const ok = a.sqlite.transaction(() =>
        enqueuePhoneOrder(
          a.sqlite,
          {
            account_id: fixtureIds.plain.id,
            channel: 'phone',
            placed_by: staff,
            client_reference: 'PH-0001',
            lines: [{ sku: fixtureSkus.cable, qty: 1, unit_price: 100_000 }],
          },
          staff.id,
          new Date(),
        ),
      )();
      a.engine.dispatcher.kick();
      await waitFor(() => !!servers.platform.domain.getOrderByReference(fixtureIds.plain.id, 'PH-0001'), 15_000, 'placed');
      await sim('platform', '/_sim/reset-faults', {});
      await waitFor(() => getItem(a.sqlite, ok)?.status === 'delivered', 15_000, 'delivered after look-up');
      expect(servers.platform.domain.listOrders(fixtureIds.plain.id).filter((o) => o.client_reference === 'PH-0001')).toHaveLength(1);

      const bad = a.sqlite.transaction(() =>
        enqueuePhoneOrder(
          a.sqlite,
          {
            account_id: fixtureIds.plain.id,
            channel: 'phone',
            placed_by: staff,
            client_reference: 'PH-0002',
            lines: [{ sku: fixtureSkus.cable, qty: 1, unit_price: 1 }],
          },
          staff.id,
          new Date(),
        ),
      )();
      a.engine.dispatcher.kick();
      await waitFor(() => getItem(a.sqlite, bad)?.status === 'failed', 15_000, 'failed');
      const item = getItem(a.sqlite, bad);
      expect(item?.lastStatus).toBe(422);
      expect(item?.lastError).toBeTruthy();
      expect((item?.result as { code?: string }).code).toBe('price-mismatch');
    } finally {
      await sim('platform', '/_sim/reset-faults', {});
      await stopDesk(a);
    }
  });

  it('after commit-then-drop on the DMS hand-over, looks it up and does not create a second order', async () => {
    await sim('dms', '/_sim/faults', { drop_after_commit: ['createOrder'], drop_rate: 1 });
    const a = startDesk();
    try {
      const order = servers.platform.domain.placeDealerOrder({
        account_id: fixtureIds.plain.id,
        lines: [{ sku: fixtureSkus.cable, qty: 2 }],
      });
      await waitFor(
        () => servers.dms.domain.listOrders(fixtureIds.plain.code).some((o) => o.platform_order_id === order.id),
        15_000,
        'dms order',
      );
      await sim('dms', '/_sim/reset-faults', {});
      await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'in_fulfillment', 15_000, 'in_fulfillment');
      expect(servers.dms.domain.listOrders(fixtureIds.plain.code).filter((o) => o.platform_order_id === order.id)).toHaveLength(1);
    } finally {
      await sim('dms', '/_sim/reset-faults', {});
      await stopDesk(a);
    }
  });
});
