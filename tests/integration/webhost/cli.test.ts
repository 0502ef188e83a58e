// `npm run web` minus the renderer build: the CLI starts the backend and host, prints the URL with its
// token on one line, serves it, and exits cleanly on SIGTERM/SIGINT.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const root = mkdtempSync(join(tmpdir(), 'dd-webcli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function runCli(args: string[], env: Record<string, string>, signal: NodeJS.Signals) {
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
      runCli(['--port', '0', '--data-dir', explicit], {}, 'SIGTERM'),
      runCli([], { DEALER_DESK_DATA_DIR: fromEnv }, 'SIGINT'),
    ]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(existsSync(join(explicit, 'dealer-desk.sqlite'))).toBe(true);
    expect(existsSync(join(fromEnv, 'dealer-desk.sqlite'))).toBe(true);
    // Closed cleanly: the WAL was folded back into the database file.
    expect(existsSync(join(explicit, 'dealer-desk.sqlite-wal'))).toBe(false);
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
