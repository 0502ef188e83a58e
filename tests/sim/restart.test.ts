// Durability and the CLI: a restarted server keeps its data, feed, idempotency records and clock; the
// CLI prints exactly one JSON line and stops cleanly on SIGTERM.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { Platform } from '../../src/shared/contracts';
import { fixtureIds as A, fixtureSkus as S } from '../../src/sim/index';
import { parseSimArgs } from '../../src/sim/cli-args';
import { SimClient, expectNoContractMismatches, startTestServers } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  expectNoContractMismatches();
});

describe('restart', () => {
  it('keeps data, feed, idempotency records and counters', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-restart-'));
    dirs.push(dataDir);
    const first = await startTestServers({ dataDir, token: 'tok' });
    const body = {
      account_id: A.plain.id,
      channel: 'phone',
      placed_by: { id: 's', name: 'S' },
      client_reference: 'R-1',
      lines: [{ sku: S.cable, qty: 1, unit_price: 100_000 }],
    };
    const placed = await first.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'restart-key' });
    const cursor = (await first.dms.get<{ events_cursor: string }>('/snapshot/accounts?limit=1')).body.events_cursor;
    first.servers.dms.domain.setBlocked(A.gold.code, true);
    first.servers.clock.advance(3_600_000);
    const clockBefore = first.servers.clock.nowMs();
    await first.servers.close();

    const second = await startTestServers({ dataDir, token: 'tok', now: undefined });
    try {
      expect(second.servers.clock.nowMs()).toBeGreaterThanOrEqual(clockBefore);
      const replay = await second.platform.post<Platform.Order>('/orders', body, { idempotencyKey: 'restart-key' });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(placed.body.id);
      expect((await second.platform.get<Platform.Order>(`/orders/${placed.body.id}`)).body.version).toBe(1);
      const feed = await second.dms.get<{ events: { type: string; resource: { id: string } }[] }>(`/events?after=${cursor}`);
      expect(feed.body.events.map((e) => [e.type, e.resource.id])).toEqual([['account.upserted', A.gold.code]]);
      const platformFeed = await second.platform.get<{ events: { resource: { id: string } }[] }>('/events');
      expect(platformFeed.body.events.map((e) => e.resource.id)).toContain(placed.body.id);
      // Counters survive, so ids never repeat.
      const next = await second.platform.post<Platform.Order>('/orders', { ...body, client_reference: 'R-2' });
      expect(next.body.id).not.toBe(placed.body.id);
      // The fixture is not loaded twice.
      expect((await second.platform.sim<{ counts: Record<string, number> }>('GET', 'state')).body.counts.accounts).toBe(7);
    } finally {
      await second.servers.close();
    }
  });
});

describe('CLI', () => {
  it('parses its options', () => {
    expect(parseSimArgs([])).toMatchObject({ seed: 1, scale: 'demo', platformPort: 4010, dmsPort: 4020, activityRate: 1 });
    expect(
      parseSimArgs([
        '--seed',
        '7',
        '--scale',
        'bench',
        '--platform-port',
        '0',
        '--dms-port',
        '0',
        '--activity',
        '0',
        '--data-dir',
        '/tmp/x',
        '--token',
        't',
      ]),
    ).toEqual({
      seed: 7,
      scale: 'bench',
      platformPort: 0,
      dmsPort: 0,
      activityRate: 0,
      dataDir: '/tmp/x',
      token: 't',
    });
    // --speed is the older name of --activity: how busy, never how fast the clock runs.
    expect(parseSimArgs(['--speed', '2.5'])).toMatchObject({ activityRate: 2.5 });
    expect(() => parseSimArgs(['--activity', '-1'])).toThrow(/>= 0/);
    expect(() => parseSimArgs(['--scale', 'huge'])).toThrow();
    expect(() => parseSimArgs(['--nope'])).toThrow();
  });
  it('prints one JSON line, serves with the printed token, and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/sim/cli.ts', '--scale', 'test', '--platform-port', '0', '--dms-port', '0', '--speed', '0'],
      {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output: ${err}`)), 20_000);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) {
          clearTimeout(timer);
          resolve(out.split('\n')[0] ?? '');
        }
      });
    });
    const printed = JSON.parse(line) as { platform: string; dms: string; token: string };
    expect(Object.keys(printed)).toEqual(['platform', 'dms', 'token']);
    expect(printed.platform).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const client = new SimClient('dms', printed.dms, printed.token);
    expect((await client.get('/events')).status).toBe(200);
    // What a person starts runs on the wall clock.
    const before = Date.now();
    const clock = await client.sim<{ now: string; follows_wall_clock: boolean }>('GET', 'clock');
    expect(clock.body.follows_wall_clock).toBe(true);
    expect(Date.parse(clock.body.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(clock.body.now)).toBeLessThanOrEqual(Date.now());
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out.trim().split('\n')).toHaveLength(1);
  });
});

describe('ports', () => {
  it('a taken port is a clear error and leaves nothing running', async () => {
    const first = await startTestServers();
    try {
      const port = Number(new URL(first.servers.platform.url).port);
      await expect(startTestServers({ platformPort: port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.servers.close();
    }
  });
});
