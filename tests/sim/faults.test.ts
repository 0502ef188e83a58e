// Fault injection through /_sim/*: every switch, its determinism for a seed, reset, clock and state.
import { afterAll, beforeAll, afterEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/shared/contracts';
import { fixtureIds as A, fixtureSkus as S } from '../../src/sim/index';
import { expectNoContractMismatches, expectProblem, startTestServers, type TestServers } from './helpers';

let t: TestServers;
beforeAll(async () => {
  t = await startTestServers();
});
afterEach(async () => {
  await t.platform.sim('POST', 'reset-faults');
  await t.dms.sim('POST', 'reset-faults');
});
afterAll(async () => {
  await t.servers.close();
  expectNoContractMismatches();
});

const staff = { id: 'st-1', name: 'Asha Rao' };
let refNo = 0;
const order = () => ({
  account_id: A.plain.id,
  channel: 'phone',
  placed_by: staff,
  client_reference: `F-${++refNo}`,
  lines: [{ sku: S.cable, qty: 1, unit_price: 100_000 }],
});

async function statuses(count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await t.platform.get(`/accounts/${A.plain.id}`)).status);
  return out;
}

describe('error rates', () => {
  it('injects 500, 503 and 429 (with Retry-After) at the set rates, the same way for the same seed', async () => {
    await t.platform.sim('POST', 'faults', { seed: 42, error_rates: { '500': 0.2, '503': 0.2, '429': 0.2 }, retry_after_s: 3 });
    const first = await statuses(60);
    await t.platform.sim('POST', 'faults', { seed: 42 });
    const second = await statuses(60);
    expect(second).toEqual(first);
    for (const s of [200, 500, 503, 429]) expect(first).toContain(s);
    const res429 = await (async () => {
      for (;;) {
        const r = await t.platform.get(`/accounts/${A.plain.id}`);
        if (r.status === 429) return r;
      }
    })();
    expectProblem(res429, 429, 'rate-limited');
    expect(res429.headers.get('retry-after')).toBe('3');
    await t.platform.sim('POST', 'faults', { seed: 43 });
    expect(await statuses(60)).not.toEqual(first);
  });
  it('can be limited to chosen operations', async () => {
    await t.platform.sim('POST', 'faults', { error_rates: { '503': 1 }, operations: ['createOrder'] });
    expect((await t.platform.get(`/accounts/${A.plain.id}`)).status).toBe(200);
    const res = await t.platform.post('/orders', order());
    expectProblem(res, 503, 'unavailable');
    expect(res.headers.get('retry-after')).toBe('1');
    await t.platform.sim('POST', 'faults', { error_rates: { '503': 0, '500': 1 }, operations: ['getOrder'] });
    expectProblem(await t.platform.get('/orders/po_any'), 500, 'internal');
  });
  it('a rate limit answers 429 with Retry-After once the burst is spent', async () => {
    await t.dms.sim('POST', 'faults', { rate_limit: { per_second: 0.1, burst: 3 }, retry_after_s: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await t.dms.get('/accounts/D001')).status);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    const r = await t.dms.get('/accounts/D001');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
  });
});

describe('latency and hang', () => {
  it('adds latency', async () => {
    await t.platform.sim('POST', 'faults', { latency_ms: 250 });
    const started = performance.now();
    expect((await t.platform.get(`/accounts/${A.plain.id}`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });
  it('hangs: accepts and never answers', async () => {
    await t.platform.sim('POST', 'faults', { hang_rate: 1, operations: ['getOrder'] });
    await expect(t.platform.get('/orders/po_x', { signal: AbortSignal.timeout(400) })).rejects.toThrow();
    expect((await t.platform.get(`/accounts/${A.plain.id}`)).status).toBe(200);
  });
});

describe('commit then drop the connection', () => {
  it('commits the order, drops the response, and a resend with the same key replays it', async () => {
    await t.platform.sim('POST', 'faults', { drop_after_commit: ['createOrder'] });
    const body = order();
    await expect(t.platform.post('/orders', body, { idempotencyKey: 'drop-1' })).rejects.toThrow();
    const found = await t.platform.get<Platform.Order>(`/orders/by-reference/${A.plain.id}/${body.client_reference}`);
    expect(found.status).toBe(200);
    await t.platform.sim('POST', 'reset-faults');
    const replay = await t.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'drop-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(found.body.id);
  });
});

describe('feed faults', () => {
  async function makeEvents(n: number): Promise<string> {
    const cursor = (await t.dms.get<{ events_cursor: string }>('/snapshot/accounts?limit=1')).body.events_cursor;
    for (let i = 0; i < n; i++) t.servers.dms.domain.restock(S.cable, 'WH-CHE', 1);
    return cursor;
  }
  type Page = {
    events: { id: string; resource: { id: string; version: number }; data: Record<string, unknown> }[];
    next_cursor: string;
    has_more: boolean;
  };
  it('duplicates events', async () => {
    const cursor = await makeEvents(10);
    await t.dms.sim('POST', 'faults', { feed_duplicate_rate: 1 });
    const page = (await t.dms.get<Page>(`/events?after=${cursor}`)).body;
    expect(page.events).toHaveLength(20);
    expect(page.events[0]?.id).toBe(page.events[1]?.id);
  });
  it('replays part of a page through a cursor that steps back, and still progresses', async () => {
    const cursor = await makeEvents(10);
    await t.dms.sim('POST', 'faults', { feed_replay_rate: 1 });
    const page1 = (await t.dms.get<Page>(`/events?after=${cursor}&limit=4`)).body;
    const page2 = (await t.dms.get<Page>(`/events?after=${page1.next_cursor}&limit=4`)).body;
    expect(page2.events[0]?.id).toBe(page1.events[2]?.id);
    const seen = new Set<string>();
    let c = cursor;
    for (let i = 0; i < 20; i++) {
      const p = (await t.dms.get<Page>(`/events?after=${c}&limit=4`)).body;
      p.events.forEach((e) => seen.add(e.id));
      c = p.next_cursor;
      if (!p.has_more) break;
    }
    expect(seen.size).toBe(10);
  });
  it('injects schema-invalid records into the feed', async () => {
    const cursor = await makeEvents(2);
    await t.dms.sim('POST', 'faults', { feed_invalid_rate: 1 });
    const page = (await t.dms.get<Page>(`/events?after=${cursor}`)).body;
    expect(page.events).toHaveLength(3);
    const { checkAgainst } = await import('../../src/shared/contracts/validate');
    expect(checkAgainst('dms', 'Order', page.events[0]?.data).length).toBeGreaterThan(0);
  });
  it('forces cursor expiry', async () => {
    const cursor = await makeEvents(2);
    const r = await t.dms.sim<{ purged_through: number }>('POST', 'expire-cursors');
    expect(r.status).toBe(200);
    expectProblem(await t.dms.get(`/events?after=${cursor}`), 410, 'cursor-expired');
    const snap = (await t.dms.get<{ events_cursor: string }>('/snapshot/stock?limit=1')).body.events_cursor;
    expect((await t.dms.get(`/events?after=${snap}`)).status).toBe(200);
  });
});

describe('/_sim control', () => {
  it('faults can be read back and reset', async () => {
    await t.platform.sim('POST', 'faults', { latency_ms: 5, error_rates: { '500': 0.5 } });
    const got = await t.platform.sim<{ latency_ms: number; error_rates: Record<string, number> }>('GET', 'faults');
    expect(got.body).toMatchObject({ latency_ms: 5, error_rates: { '500': 0.5 } });
    const reset = await t.platform.sim<{ latency_ms: number; error_rates: Record<string, number> }>('POST', 'reset-faults');
    expect(reset.body).toMatchObject({ latency_ms: 0, error_rates: {} });
  });
  it('refuses a fault config it cannot apply', async () => {
    for (const bad of [
      { hang_rate: 2 },
      { error_rates: { '404': 0.1 } },
      { nope: 1 },
      { rate_limit: { per_second: 0, burst: 1 } },
      { operations: 'createOrder' },
    ]) {
      expect((await t.platform.sim('POST', 'faults', bad)).status, JSON.stringify(bad)).toBe(400);
    }
    expect((await t.platform.sim<{ hang_rate: number }>('GET', 'faults')).body.hang_rate).toBe(0);
  });
  it('clock: get, set speed, pause, advance', async () => {
    const before = await t.platform.sim<{ now: string; speed: number; paused: boolean }>('GET', 'clock');
    expect(before.body.paused).toBe(true);
    const advanced = await t.platform.sim<{ now: string }>('POST', 'clock', { advance_days: 2 });
    expect(Date.parse(advanced.body.now) - Date.parse(before.body.now)).toBe(2 * 86_400_000);
    const fast = await t.platform.sim<{ speed: number; paused: boolean }>('POST', 'clock', { speed: 60 });
    expect(fast.body).toMatchObject({ speed: 60, paused: false });
    await t.platform.sim('POST', 'clock', { speed: 0 });
    expect((await t.platform.sim<{ speed: number }>('POST', 'clock', { advance_ms: -1 })).status).toBe(400);
    expect((await t.platform.sim('POST', 'clock', { now: 'yesterday-ish' })).status).toBe(400);
  });
  it('state: counts per collection, feed and idempotency figures', async () => {
    const s = await t.dms.sim<{ counts: Record<string, number>; events: { last_seq: number }; idempotency_records: number }>(
      'GET',
      'state',
    );
    expect(s.body.counts).toMatchObject({ accounts: 7, warehouses: 3 });
    expect(s.body.events.last_seq).toBeGreaterThan(0);
    expect(typeof s.body.idempotency_records).toBe('number');
  });
});
