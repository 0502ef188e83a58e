// Demo mode as `npm run web` and the Electron shell start it: the desk runtime with no endpoints starts the
// reference servers in a worker thread on the wall clock, syncs with them over HTTP, shows the demo banner,
// keeps demo data under <dataDir>/demo, catches up after a restart with an old saved clock, moves aside demo
// data written by a clock that ran ahead, and closes everything cleanly.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../../../src/main/runtime';
import { startReferenceServers } from '../../../src/sim/index';

const DAY = 86_400_000;
const root = mkdtempSync(join(tmpdir(), 'dd-runtime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function simCall<T>(desk: Desk, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const servers = desk.servers();
  if (!servers) throw new Error('the demo servers are not up');
  const res = await fetch(`${servers.platformUrl.replace(/\/v1$/, '')}/_sim/${path}`, {
    method,
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Reads the demo servers' clock, checking it against the wall clock read around the request. */
async function expectWallClock(desk: Desk): Promise<void> {
  const before = Date.now();
  const clock = await simCall<{ now: string; follows_wall_clock: boolean }>(desk, 'GET', 'clock');
  const after = Date.now();
  expect(clock.body.follows_wall_clock).toBe(true);
  expect(Date.parse(clock.body.now)).toBeGreaterThanOrEqual(before);
  expect(Date.parse(clock.body.now)).toBeLessThanOrEqual(after);
}

/** Rewrites where the demo servers' saved clock stopped (both stores), as if they had stopped then. */
function setSavedClock(serversDir: string, ms: number): void {
  for (const file of ['platform.sqlite', 'dms.sqlite']) {
    const db = new Database(join(serversDir, file));
    db.prepare("UPDATE meta SET value = ? WHERE name = 'clock_ms'").run(String(ms));
    db.close();
  }
}

describe('desk runtime, demo mode', () => {
  it('starts the reference servers in a thread on the wall clock, syncs both replicas, and says it is demo data', async () => {
    const lines: string[] = [];
    const desk = await startDesk({ dataDir: root, demo: { scale: 'test', speed: 0 }, log: (_level, message) => lines.push(message) });
    try {
      expect(desk.mode).toBe('demo');
      expect(desk.backend.dataDir).toBe(join(root, 'demo'));
      await desk.ready;
      const servers = desk.servers();
      expect(servers?.inThread).toBe(true);
      // The servers answer real HTTP with the token they gave.
      const state = await simCall<object>(desk, 'GET', 'state');
      expect(state.status).toBe(200);
      // "Now" is the same for the desk and the demo data: the servers' clock is the wall clock, fixed.
      await expectWallClock(desk);
      const faster = await simCall<{ type: string }>(desk, 'POST', 'clock', { speed: 60 });
      expect(faster.status).toBe(409);
      expect(faster.body.type).toBe('/problems/clock-follows-wall-clock');
      // In snapshot mode lag is unknown (null); idle with a known lag means the feed is being followed.
      const phases = () =>
        desk
          .engine()
          ?.status()
          .sources.map((s) => `${s.state} ${s.lagEvents === null ? 'snapshot' : 'feed'}`);
      await expect.poll(phases, { timeout: 30_000, interval: 100 }).toEqual(['idle feed', 'idle feed']);
      const accounts = desk.backend.sqlite.prepare('SELECT count(*) AS n FROM platform_accounts').get() as { n: number };
      const dmsAccounts = desk.backend.sqlite.prepare('SELECT count(*) AS n FROM dms_accounts').get() as { n: number };
      expect(accounts.n).toBeGreaterThan(0);
      expect(dmsAccounts.n).toBeGreaterThan(0);
      // The replica holds nothing dated after the wall clock.
      const newest = desk.backend.sqlite.prepare('SELECT max(updated_at) AS at FROM dms_accounts').get() as { at: string };
      expect(Date.parse(newest.at)).toBeLessThanOrEqual(Date.now());
      const mode = desk.backend.services.syncStatusProvider().mode();
      expect(mode).toMatchObject({ mode: 'demo', modeMessage: expect.stringMatching(/^Demo data/) });
      expect(lines.some((l) => l.startsWith('Demo reference servers:') && !l.includes('in the UI thread'))).toBe(true);
    } finally {
      await desk.close();
    }
    expect(existsSync(join(root, 'demo', 'dealer-desk.sqlite'))).toBe(true);
    expect(existsSync(join(root, 'demo', 'dealer-desk.sqlite-wal'))).toBe(false);
  }, 60_000);

  it('a restarted demo whose servers stopped days ago catches up to the wall clock', async () => {
    const dir = join(root, 'restarted');
    const first = await startDesk({ dataDir: dir, demo: { scale: 'test', speed: 0 } });
    await first.ready;
    await first.close();
    setSavedClock(join(dir, 'demo', 'reference-servers'), Date.now() - 3 * DAY);

    const lines: string[] = [];
    const desk = await startDesk({ dataDir: dir, demo: { scale: 'test', speed: 0 }, log: (_level, message) => lines.push(message) });
    try {
      await desk.ready;
      expect(lines.some((l) => l.includes('caught up with the wall clock') && l.includes('3.0 days ago'))).toBe(true);
      await expectWallClock(desk);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('moves aside demo data written by a clock that ran ahead, and starts afresh on the wall clock', async () => {
    const dir = join(root, 'ran-ahead');
    // The servers' state as the old demo left it: its clock had run 60 times faster, two days ahead.
    const old = await startReferenceServers({
      scale: 'test',
      dataDir: join(dir, 'demo', 'reference-servers'),
      now: new Date(Date.now() + 2 * DAY),
      speed: 0,
      log: () => {},
    });
    await old.close();
    const warnings: string[] = [];
    const desk = await startDesk({
      dataDir: dir,
      demo: { scale: 'test', speed: 0 },
      log: (level, message) => (level === 'warn' ? warnings.push(message) : undefined),
    });
    try {
      await desk.ready;
      expect(warnings.some((w) => /ahead of the wall clock/.test(w) && w.includes(join(dir, 'demo-ran-ahead')))).toBe(true);
      expect(existsSync(join(dir, 'demo-ran-ahead', 'reference-servers', 'platform.sqlite'))).toBe(true);
      await expectWallClock(desk);
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('closes cleanly when stopped while the demo servers are still starting', async () => {
    const dir = join(root, 'early');
    const desk = await startDesk({ dataDir: dir, demo: { scale: 'test', speed: 0 } });
    await desk.close();
    expect(desk.engine()).toBeNull();
    expect(desk.backend.sqlite.open).toBe(false);
  }, 30_000);
});
