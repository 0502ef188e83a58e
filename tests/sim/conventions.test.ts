// The README conventions both servers share: bearer auth, idempotency, If-Match, the change feed
// (cursors, retention, commit order) and snapshots; plus a check that the contract checker bites.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/shared/contracts';
import { fixtureIds as A, fixtureSkus as S } from '../../src/sim/index';
import { encodeCursor } from '../../src/sim/http/server';
import { checkResponse, expectNoContractMismatches, expectProblem, startTestServers, type TestServers } from './helpers';

let t: TestServers;
beforeAll(async () => {
  t = await startTestServers({ feedRetentionMs: 3 * 86_400_000 });
});
afterAll(async () => {
  await t.servers.close();
  expectNoContractMismatches();
});

const staff = { id: 'st-1', name: 'Asha Rao' };
let refNo = 0;
const order = (ref = `C-${++refNo}`) => ({
  account_id: A.plain.id,
  channel: 'phone',
  placed_by: staff,
  client_reference: ref,
  lines: [{ sku: S.cable, qty: 1, unit_price: 100_000 }],
});

describe('the contract checker', () => {
  it('reports a body, status or content type the contract does not allow', () => {
    expect(checkResponse('platform', 'GET', '/orders/x', 200, 'application/json', { id: 'x' }).length).toBeGreaterThan(0);
    expect(
      checkResponse('platform', 'GET', '/orders/x', 404, 'application/json', { type: '/problems/not-found', title: 'x', status: 404 })
        .length,
    ).toBeGreaterThan(0);
    expect(
      checkResponse('dms', 'GET', '/events', 410, 'application/problem+json', {
        type: '/problems/cursor-expired',
        title: 't',
        status: 410,
      }),
    ).toEqual([]);
    expect(checkResponse('dms', 'GET', '/events', 410, 'application/problem+json', { title: 't', status: 410 }).length).toBeGreaterThan(0);
  });
});

describe('bearer auth', () => {
  it('401 without or with a wrong token, on both servers and on /_sim', async () => {
    expectProblem(await t.platform.get(`/accounts/${A.plain.id}`, { token: null }), 401, 'unauthorized');
    expectProblem(await t.dms.get('/events', { token: 'wrong' }), 401, 'unauthorized');
    const root = t.servers.platform.url.replace(/\/v1$/, '');
    expect((await fetch(`${root}/_sim/state`)).status).toBe(401);
  });
});

describe('idempotency', () => {
  it('400 idempotency-key-missing', async () => {
    expectProblem(await t.platform.post('/orders', order(), { idempotencyKey: null }), 400, 'idempotency-key-missing');
  });
  it('replays the stored 2xx with Idempotent-Replayed, whatever the key order of the body', async () => {
    const body = order();
    const first = await t.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'idem-1' });
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await t.platform.post<Platform.Order>('/orders', reordered, { idempotencyKey: 'idem-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('etag')).toBe('"1"');
  });
  it('422 idempotency-key-reused for another body', async () => {
    await t.platform.post('/orders', order(), { idempotencyKey: 'idem-2' });
    expectProblem(await t.platform.post('/orders', order(), { idempotencyKey: 'idem-2' }), 422, 'idempotency-key-reused');
  });
  it('stores 4xx outcomes too', async () => {
    const bad = { ...order(), account_id: 'acc_nope' };
    expectProblem(await t.platform.post('/orders', bad, { idempotencyKey: 'idem-3' }), 422, 'unknown-account');
    const replay = await t.platform.post('/orders', bad, { idempotencyKey: 'idem-3' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
  it('409 idempotency-key-in-flight while the first is running', async () => {
    await t.platform.sim('POST', 'faults', { latency_ms: 1000, operations: ['createOrder'] });
    try {
      const body = order();
      const first = t.platform.post('/orders', body, { idempotencyKey: 'idem-4' });
      // Long enough for the first request to have reserved its key, even on a busy machine.
      await new Promise((r) => setTimeout(r, 300));
      expectProblem(await t.platform.post('/orders', body, { idempotencyKey: 'idem-4' }), 409, 'idempotency-key-in-flight');
      expect((await first).status).toBe(201);
      expect((await t.platform.post('/orders', body, { idempotencyKey: 'idem-4' })).headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await t.platform.sim('POST', 'reset-faults');
    }
  });
  it('412 and 428 are not stored: the same key works with a fresh If-Match', async () => {
    const held = (await t.platform.post<Platform.Order>('/orders', { ...order(), account_id: A.overdue.id })).body;
    const body = { by: staff, role: 'credit_controller' };
    expectProblem(await t.platform.post(`/orders/${held.id}/approvals`, body, { idempotencyKey: 'idem-5' }), 428, 'precondition-required');
    expectProblem(
      await t.platform.post(`/orders/${held.id}/approvals`, body, { idempotencyKey: 'idem-5', ifMatch: 7 }),
      412,
      'version-mismatch',
    );
    const ok = await t.platform.post(`/orders/${held.id}/approvals`, body, { idempotencyKey: 'idem-5', ifMatch: 1 });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('idempotent-replayed')).toBeNull();
  });
  it('keys are per token and kept at least 24 h on the simulated clock', async () => {
    const body = order();
    await t.platform.post('/orders', body, { idempotencyKey: 'idem-6' });
    t.servers.clock.advance(23 * 3_600_000);
    expect((await t.platform.post('/orders', body, { idempotencyKey: 'idem-6' })).headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('change feed', () => {
  it('delivers in commit order, pages with opaque cursors, and ends with has_more false', async () => {
    const start = (await t.dms.get<{ events: unknown[]; next_cursor: string; has_more: boolean }>('/events?limit=1000')).body;
    const d = t.servers.dms.domain;
    d.restock(S.cable, 'WH-DEL', 5);
    d.setBlocked(A.gold.code, true);
    d.restock(S.cable, 'WH-DEL', 5);
    const page1 = await t.dms.get<{
      events: { type: string; resource: { id: string; version: number } }[];
      next_cursor: string;
      has_more: boolean;
    }>(`/events?after=${start.next_cursor}&limit=2`);
    expect(page1.body.events.map((e) => e.type)).toEqual(['stock.upserted', 'account.upserted']);
    expect(page1.body.has_more).toBe(true);
    const page2 = await t.dms.get<typeof page1.body>(`/events?after=${page1.body.next_cursor}&limit=2`);
    expect(page2.body.events.map((e) => [e.type, e.resource.version])).toEqual([
      ['stock.upserted', page1.body.events[0]!.resource.version + 1],
    ]);
    expect(page2.body.has_more).toBe(false);
    const empty = await t.dms.get<typeof page1.body>(`/events?after=${page2.body.next_cursor}`);
    expect(empty.body.events).toEqual([]);
    expect(empty.body.next_cursor).toBe(page2.body.next_cursor);
  });
  it('400 invalid-cursor for an unreadable cursor or one ahead of the feed', async () => {
    expectProblem(await t.platform.get('/events?after=garbage'), 400, 'invalid-cursor');
    expectProblem(await t.platform.get(`/events?after=${encodeCursor(10_000_000)}`), 400, 'invalid-cursor');
    expectProblem(await t.platform.get('/events?limit=0'), 400, 'invalid-request');
  });
  it('drops events past retention: an old cursor gets 410 cursor-expired', async () => {
    const old = (await t.platform.get<{ next_cursor: string }>('/events?limit=1')).body.next_cursor;
    t.servers.platform.domain.placeDealerOrder({ account_id: A.plain.id, lines: [{ sku: S.cable, qty: 1 }] });
    t.servers.clock.advance(4 * 86_400_000);
    t.servers.platform.domain.placeDealerOrder({ account_id: A.plain.id, lines: [{ sku: S.cable, qty: 1 }] });
    expectProblem(await t.platform.get(`/events?after=${old}`), 410, 'cursor-expired');
    const fromOldest = await t.platform.get<{ events: { type: string }[] }>('/events');
    expect(fromOldest.body.events).toHaveLength(1);
  });
});

describe('snapshots', () => {
  it('pages a collection, events_cursor on the first page only, and the feed resumes from it', async () => {
    const first = await t.platform.get<{ data: { id: string }[]; next_page_token: string | null; events_cursor?: string }>(
      '/snapshot/prices?limit=4',
    );
    expect(first.body.data).toHaveLength(4);
    expect(first.body.events_cursor).toBeTypeOf('string');
    const ids = first.body.data.map((p) => p.id);
    let token = first.body.next_page_token;
    while (token) {
      const page = await t.platform.get<typeof first.body>(`/snapshot/prices?limit=4&page_token=${token}`);
      expect(page.body.events_cursor).toBeUndefined();
      ids.push(...page.body.data.map((p) => p.id));
      token = page.body.next_page_token;
    }
    expect(new Set(ids).size).toBe(11);
    t.servers.platform.domain.upsertPrice({ price_list_id: 'base', sku: S.switchPlate, min_qty: 50, unit_price: 4_500 });
    const feed = await t.platform.get<{ events: { type: string }[] }>(`/events?after=${first.body.events_cursor}`);
    expect(feed.body.events.map((e) => e.type)).toEqual(['price.upserted']);
    expectProblem(await t.platform.get('/snapshot/prices?page_token=bogus'), 400, 'invalid-request');
    expectProblem(await t.platform.get('/snapshot/nope'), 400, 'invalid-request');
  });
  it('DMS snapshots cover every collection', async () => {
    for (const c of ['accounts', 'warehouses', 'stock', 'orders', 'invoices', 'payments', 'returns', 'credit_overrides']) {
      const res = await t.dms.get<{ data: unknown[] }>(`/snapshot/${c}`);
      expect(res.status).toBe(200);
    }
  });
  it('deletions reach the feed as {id}', async () => {
    const cursor = (await t.platform.get<{ events_cursor: string }>('/snapshot/products?limit=1')).body.events_cursor;
    t.servers.platform.domain.deleteProduct(S.inactive);
    const feed = await t.platform.get<{ events: { type: string; data: unknown }[] }>(`/events?after=${cursor}`);
    expect(feed.body.events).toEqual([expect.objectContaining({ type: 'product.deleted', data: { id: S.inactive } })]);
  });
});

describe('routing', () => {
  it('unknown paths are 404 problems and wrong methods 405', async () => {
    expectProblem(await t.platform.get('/nothing-here'), 404, 'not-found');
    expectProblem(await t.platform.request('PUT', '/orders'), 405, 'method-not-allowed');
  });
});
