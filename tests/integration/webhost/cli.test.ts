// `npm run web` minus the renderer build: the CLI starts the desk and host, prints the URL with its
// token on one line, serves it, and exits cleanly on SIGTERM/SIGINT. Without endpoints it runs demo mode
// (embedded reference servers, data under <dir>/demo); with --platform/--dms/--token it syncs those.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServers } from '../../../src/sim/index';

const repo = resolve(import.meta.dirname, '../../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const root = mkdtempSync(join(tmpdir(), 'dd-webcli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Reply = { ok: boolean; value?: Record<string, unknown>; error?: unknown };
type Source = { lastSuccessAt: string | null; state: string; lagEvents: number | null };
const sourcesOf = (reply: Reply) => (reply.value?.['sources'] as Source[] | undefined) ?? [];
type Call = (procedure: string, input: unknown, session?: string | null) => Promise<Reply>;

async function runCli(args: string[], env: Record<string, string>, signal: NodeJS.Signals, whileUp?: (call: Call) => Promise<void>) {
  const child = spawn(tsx, ['src/main/web/cli.ts', ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += String(c)));
  child.stderr.on('data', (c: Buffer) => (err += String(c)));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  try {
    await expect.poll(() => /Dealer Desk is running at (\S+)/.exec(out)?.[1], { timeout: 20_000, interval: 100 }).toBeTruthy();
    const url = /Dealer Desk is running at (\S+)/.exec(out)?.[1] ?? '';
    const line = out.split('\n').find((l) => l.startsWith('Dealer Desk is running at'));
    expect(line).toMatch(/^Dealer Desk is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
    const origin = new URL(url).origin;
    const token = new URL(url).searchParams.get('token') ?? '';
    const entry = await fetch(url, { redirect: 'manual' });
    expect(entry.status).toBe(302);
    const api = await fetch(`${origin}/api/call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ procedure: 'session.get', input: {}, session: null }),
    });
    expect(await api.json()).toMatchObject({ ok: true, value: { setupDone: false } });
    expect((await fetch(`${origin}/api/call`, { method: 'POST', body: '{}' })).status).toBe(401);
    if (whileUp) {
      await whileUp(async (procedure, input, session = null) => {
        const response = await fetch(`${origin}/api/call`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ procedure, input, session }),
        });
        return (await response.json()) as Reply;
      });
    }
    child.kill(signal);
    const code = await exited;
    return { code, out, err };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

describe('npm run web (CLI)', () => {
  it('serves with --data-dir and --port 0, stops cleanly on SIGTERM; $DEALER_DESK_DATA_DIR is the default, SIGINT works too', async () => {
    const explicit = join(root, 'explicit');
    const fromEnv = join(root, 'from-env', 'nested');
    const [a, b] = await Promise.all([
      runCli(['--port', '0', '--data-dir', explicit, '--demo-scale', 'test'], {}, 'SIGTERM', async (call) => {
        // Demo mode: the banner says so, and the embedded servers are synced.
        const admin = await call('session.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'a long enough password' });
        expect(admin.ok, JSON.stringify(admin.error)).toBe(true);
        const session = admin.value?.['sessionToken'] as string;
        const who = await call('session.get', {}, session);
        expect(who.value).toMatchObject({ mode: 'demo', modeMessage: expect.stringMatching(/^Demo data/) });
        await expect
          .poll(async () => sourcesOf(await call('sync.status', {}, session)).map((s) => s.lastSuccessAt !== null), {
            timeout: 30_000,
            interval: 200,
          })
          .toEqual([true, true]);
        // The sync procedures are registered (not "unavailable").
        expect(await call('sync.outbox.list', { view: 'all' }, session)).toMatchObject({ ok: true });
      }),
      runCli(['--demo-scale', 'test'], { DEALER_DESK_DATA_DIR: fromEnv }, 'SIGINT'),
    ]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(a.out).toMatch(/Demo mode: no endpoints configured/);
    // Demo data stays apart from a live replica.
    expect(existsSync(join(explicit, 'demo', 'dealer-desk.sqlite'))).toBe(true);
    expect(existsSync(join(explicit, 'dealer-desk.sqlite'))).toBe(false);
    expect(existsSync(join(fromEnv, 'demo', 'dealer-desk.sqlite'))).toBe(true);
    // Closed cleanly: the WAL was folded back into the database file.
    expect(existsSync(join(explicit, 'demo', 'dealer-desk.sqlite-wal'))).toBe(false);
  }, 60_000);

  it('syncs real endpoints given by flags, and refuses to mix another pair of systems into that replica', async () => {
    const servers = await startReferenceServers({ seed: 5, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
    const other = await startReferenceServers({ seed: 6, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
    try {
      const dir = join(root, 'live');
      const live = await runCli(
        ['--data-dir', dir, '--platform', servers.platform.url, '--dms', servers.dms.url, '--token', servers.token],
        {},
        'SIGTERM',
        async (call) => {
          const admin = await call('session.setupAdmin', { username: 'admin', displayName: 'Admin', password: 'a long enough password' });
          const session = admin.value?.['sessionToken'] as string;
          expect((await call('session.get', {}, session)).value).toMatchObject({
            mode: 'live',
            modeMessage: expect.stringContaining(servers.platform.url),
          });
          await expect
            .poll(
              async () =>
                sourcesOf(await call('sync.status', {}, session)).map((s) => `${s.state} ${s.lagEvents === null ? 'snapshot' : 'feed'}`),
              {
                timeout: 30_000,
                interval: 200,
              },
            )
            .toEqual(['idle feed', 'idle feed']);
        },
      );
      expect(live.code, live.err).toBe(0);
      expect(existsSync(join(dir, 'dealer-desk.sqlite'))).toBe(true);

      const mixed = spawn(
        tsx,
        ['src/main/web/cli.ts', '--data-dir', dir, '--platform', other.platform.url, '--dms', other.dms.url, '--token', other.token],
        {
          cwd: repo,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let err = '';
      mixed.stderr.on('data', (c: Buffer) => (err += String(c)));
      expect(await new Promise<number | null>((done) => mixed.on('exit', (c) => done(c)))).toBe(1);
      expect(err).toMatch(/holds a replica of .* Use another --data-dir/);
    } finally {
      await servers.close();
      await other.close();
    }
  }, 60_000);

  it('says what is missing when endpoints are half configured', async () => {
    const child = spawn(tsx, ['src/main/web/cli.ts', '--data-dir', join(root, 'half'), '--platform', 'http://127.0.0.1:9/v1'], {
      cwd: repo,
      env: { ...process.env, DEALER_DESK_DMS_URL: '', DEALER_DESK_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    expect(await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))).toBe(1);
    expect(err).toMatch(/also give the DMS URL \(--dms or DEALER_DESK_DMS_URL\), the platform token/);
  });

  it('refuses a bad --port with a clear message and a failing exit code', async () => {
    const child = spawn(tsx, ['src/main/web/cli.ts', '--port', 'eighty', '--data-dir', join(root, 'bad')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += String(c)));
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/--port must be 0\.\.65535/);
  });
});
