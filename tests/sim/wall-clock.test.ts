// Reference servers on the wall clock, as demo mode and `npm run sim` start them: a fresh start moves a
// cached dataset generated days ago so that its history ends just before now; with live activity, the
// clock and every stamp are sampled never ahead of the wall clock; a restart after days catches up (ageing,
// feed and idempotency retention as of now); a data dir written by a clock that ran ahead is refused; and
// nobody can move the clock over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dms, Platform } from '../../src/shared/contracts';
import { generateDataset } from '../../src/sim/data/index';
import { ClockAheadError, datasetCachePath, fixtureIds as A, fixtureSkus as S, writeSeededStores } from '../../src/sim/index';
import { SimClient, expectNoContractMismatches, expectProblem, startTestServers } from './helpers';

const DAY = 86_400_000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-wall-clock-'));
const cacheDir = path.join(root, 'cache');
const SEED = 4;
/** When the small stand-in for the demo cache was "generated": three and a half days before the tests run. */
let generatedAt: number;

beforeAll(async () => {
  generatedAt = Math.floor((Date.now() - 3.5 * DAY) / 1000) * 1000;
  const dir = datasetCachePath(cacheDir, SEED, 'demo');
  fs.mkdirSync(dir, { recursive: true });
  // The demo scale's cache, but small: the servers copy and move it exactly as they would the real one.
  const batches = generateDataset({ seed: SEED, scale: 'test', now: new Date(generatedAt), sizes: { dealers: 20, skus: 60, orders: 400 } });
  await writeSeededStores(dir, batches, new Date(generatedAt), 'demo');
}, 60_000);
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  expectNoContractMismatches();
});

/** Every timestamp in a snapshot collection (paged through the contract-checked client). */
async function stampsOf(client: SimClient, collection: string): Promise<number[]> {
  const out: number[] = [];
  let token: string | null = null;
  do {
    const res: { body: { data: object[]; next_page_token: string | null } } = await client.get(
      `/snapshot/${collection}?limit=1000${token ? `&page_token=${token}` : ''}`,
    );
    for (const record of res.body.data)
      for (const m of JSON.stringify(record).matchAll(/"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)"/g))
        out.push(Date.parse(m[1] ?? ''));
    token = res.body.next_page_token;
  } while (token);
  return out;
}

describe('a fresh start from a cached dataset', () => {
  it('moves the history to end just before now and runs on the wall clock, which nobody can move', async () => {
    const lines: string[] = [];
    const startedAt = Date.now();
    const t = await startTestServers({
      scale: 'demo',
      seed: SEED,
      cacheDir,
      dataDir: path.join(root, 'fresh'),
      clock: 'wall',
      speed: undefined,
      now: undefined,
      activity: false,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines.some((l) => /moving the demo dataset's history forward by 3\.5 days so that it ends now/.test(l))).toBe(true);
      const stamps = [
        ...(await stampsOf(t.platform, 'orders')),
        ...(await stampsOf(t.platform, 'credit')),
        ...(await stampsOf(t.dms, 'orders')),
        ...(await stampsOf(t.dms, 'invoices')),
        ...(await stampsOf(t.dms, 'payments')),
        ...(await stampsOf(t.dms, 'stock')),
      ];
      expect(stamps.length).toBeGreaterThan(1000);
      const newest = Math.max(...stamps);
      expect(newest).toBeLessThanOrEqual(Date.now());
      // Without the move, the newest record would be three and a half days old.
      expect(newest).toBeGreaterThan(startedAt - 12 * 3_600_000);
      // Orders still open were placed within the last days, as the generator made them.
      const orders = await t.platform.get<{ data: Platform.Order[] }>('/snapshot/orders?limit=1000');
      const open = orders.body.data.filter((o) => o.status === 'received' || o.status === 'credit_hold');
      for (const o of open) expect(Date.parse(o.placed_at)).toBeGreaterThan(startedAt - 2 * DAY);

      const before = Date.now();
      const clock = await t.platform.sim<{ now: string; follows_wall_clock: boolean; speed: number; paused: boolean }>('GET', 'clock');
      expect(clock.body).toMatchObject({ follows_wall_clock: true, speed: 1, paused: false });
      expect(Date.parse(clock.body.now)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(clock.body.now)).toBeLessThanOrEqual(Date.now());
      for (const change of [{ speed: 60 }, { advance_days: 1 }, { paused: true }, { now: new Date(Date.now() + DAY).toISOString() }]) {
        const refused = await t.dms.sim<{ type: string; detail: string }>('POST', 'clock', change);
        expect(refused.status, JSON.stringify(change)).toBe(409);
        expect(refused.body.type).toBe('/problems/clock-follows-wall-clock');
      }
      expect(Math.abs(t.servers.clock.nowMs() - Date.now())).toBeLessThan(1000);
    } finally {
      await t.servers.close();
    }
  });
});

describe('a fresh start from a cache made minutes ago', () => {
  it('uses it as it is: its history already ends just before now', async () => {
    const madeAt = Math.floor((Date.now() - 2 * 60_000) / 1000) * 1000;
    const dir = datasetCachePath(cacheDir, SEED + 1, 'demo');
    fs.mkdirSync(dir, { recursive: true });
    const batches = generateDataset({
      seed: SEED + 1,
      scale: 'test',
      now: new Date(madeAt),
      sizes: { dealers: 10, skus: 30, orders: 100 },
    });
    await writeSeededStores(dir, batches, new Date(madeAt), 'demo');
    const lines: string[] = [];
    const t = await startTestServers({
      scale: 'demo',
      seed: SEED + 1,
      cacheDir,
      dataDir: path.join(root, 'recent'),
      clock: 'wall',
      speed: undefined,
      now: undefined,
      activity: false,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines.filter((l) => l.includes('moving'))).toEqual([]);
      const newest = Math.max(...(await stampsOf(t.dms, 'stock')), ...(await stampsOf(t.platform, 'orders')));
      expect(newest).toBeLessThanOrEqual(madeAt);
      expect(newest).toBeGreaterThan(madeAt - 3 * DAY);
    } finally {
      await t.servers.close();
    }
  });
});

describe('live activity on the wall clock', () => {
  it('sampled over a run, the clock and every stamp are never ahead of the wall clock', async () => {
    // A busy demo (30 times the default), so a few seconds of real time hold dozens of changes.
    const t = await startTestServers({
      scale: 'demo',
      seed: SEED,
      cacheDir,
      dataDir: path.join(root, 'live'),
      clock: 'wall',
      speed: undefined,
      now: undefined,
      activityRate: 30,
    });
    try {
      const seen = { platform: 0, dms: 0 };
      const ahead: string[] = [];
      const sample = async (): Promise<number> => {
        const before = Date.now();
        const clock = await t.platform.sim<{ now: string }>('GET', 'clock');
        const after = Date.now();
        const at = Date.parse(clock.body.now);
        if (at < before || at > after) ahead.push(`clock ${clock.body.now} read between ${before} and ${after}`);
        for (const system of ['platform', 'dms'] as const) {
          const events = t.servers[system].store.eventsAfter(seen[system], 10_000);
          const readAt = Date.now();
          for (const e of events) {
            seen[system] = e.seq;
            if (Date.parse(e.occurred_at) > readAt) ahead.push(`${system} ${e.type} ${e.occurred_at} read at ${readAt}`);
            const updated = (e.data as { updated_at?: string }).updated_at;
            if (updated && Date.parse(updated) > readAt) ahead.push(`${system} ${e.type} updated_at ${updated} read at ${readAt}`);
          }
        }
        return t.servers.platform.store.db
          .prepare("SELECT count(*) AS n FROM events WHERE type = 'order.upserted'")
          .pluck()
          .get() as number;
      };
      await expect.poll(sample, { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(20);
      expect(ahead).toEqual([]);
    } finally {
      await t.servers.close();
    }
  }, 90_000);
});

describe('a restart after days', () => {
  it('catches up to the wall clock: ageing, feed and idempotency retention are as of now', async () => {
    let real = Date.parse('2026-12-01T06:00:00Z');
    const dataDir = path.join(root, 'restart');
    const wall = { clock: 'wall' as const, speed: undefined, now: undefined, realNow: () => real, dataDir, token: 'tok' };
    const first = await startTestServers(wall);
    const body = {
      account_id: A.plain.id,
      channel: 'phone',
      placed_by: { id: 's', name: 'S' },
      client_reference: 'R-restart',
      lines: [{ sku: S.cable, qty: 1, unit_price: 100_000 }],
    };
    const placed = await first.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'restart-key' });
    expect(placed.status).toBe(201);
    expect(placed.body.placed_at).toBe(new Date(real).toISOString());
    const cursor = (await first.dms.get<{ events_cursor: string }>('/snapshot/accounts?limit=1')).body.events_cursor;
    first.servers.dms.domain.setBlocked(A.gold.code, true);
    const overdueBefore = first.servers.dms.domain.getAccount(A.overdue.code);
    await first.servers.close();

    // Nine days later (the machine was off): beyond the feed's 7 days and the keys' 48 hours.
    real += 9 * DAY;
    const lines: string[] = [];
    const second = await startTestServers({ ...wall, log: (l) => lines.push(l) });
    try {
      expect(second.servers.clock.nowMs()).toBe(real);
      expect(lines.some((l) => l.includes('caught up with the wall clock') && l.includes('9.0 days ago'))).toBe(true);
      // Re-aged at start: the overdue account's oldest invoice is nine days older.
      const overdue = second.servers.dms.domain.getAccount(A.overdue.code);
      expect(overdue?.oldest_overdue_days).toBe((overdueBefore?.oldest_overdue_days ?? 0) + 9);
      expect(second.servers.dms.store.getMeta('ageing_date')).toBe('2026-12-10');
      // The desk's old cursor is behind the retention: it must take a new snapshot.
      expectProblem(await second.dms.get(`/events?after=${cursor}`), 410, 'cursor-expired');
      // The key was forgotten after 48 h: the resend is a new request, and the business key guards it.
      const resent = await second.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'restart-key' });
      expect(resent.headers.get('idempotent-replayed')).toBeNull();
      expectProblem(resent, 409, 'duplicate-client-reference');
      // New work is stamped now.
      const next = await second.platform.post<Platform.Order>('/orders', { ...body, client_reference: 'R-after' });
      expect(next.body.placed_at).toBe(new Date(real).toISOString());
      const events = await second.dms.get<{ events: { type: string; occurred_at: string; data: Dms.Account }[] }>('/events');
      const reaged = events.body.events.find((e) => e.type === 'account.upserted' && e.data.dealer_code === A.overdue.code);
      expect(reaged?.occurred_at).toBe(new Date(real).toISOString());
    } finally {
      await second.servers.close();
    }
  });

  it('refuses a data dir whose saved clock ran ahead of the wall clock, saying what to do', async () => {
    const dataDir = path.join(root, 'ahead');
    // Written by a clock two days ahead, as the old 60x demo clock left its data.
    const old = await startTestServers({ dataDir, now: new Date(Date.now() + 2 * DAY) });
    await old.servers.close();
    const start = startTestServers({ dataDir, clock: 'wall', speed: undefined, now: undefined });
    await expect(start).rejects.toThrow(ClockAheadError);
    await expect(start).rejects.toThrow(/ahead of the wall clock .*delete the folder to start afresh/);
  });
});
