// The headless worker as a real process: JSON-line logs, kill -9 mid-sync then restart converges with
// nothing lost or doubled, clean exit on SIGTERM, and `desk status --json` reads its data file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { tempDir, waitFor } from './helpers';

const root = path.resolve(__dirname, '../../..');
// node --import tsx, not the tsx wrapper: signals (SIGKILL, SIGTERM) must reach the worker itself.
const node = process.execPath;
const tsxArgs = ['--import', 'tsx'];
let servers: ReferenceServers;

beforeAll(async () => {
  servers = await startReferenceServers({ seed: 21, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterAll(async () => {
  await servers?.close();
});

function startWorker(dataDir: string): {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(
    node,
    [
      ...tsxArgs,
      'src/main/worker/cli.ts',
      '--data-dir',
      dataDir,
      '--platform',
      servers.platform.url,
      '--dms',
      servers.dms.url,
      '--token',
      servers.token,
      '--poll-ms',
      '100',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: Record<string, unknown>[] = [];
  let buf = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buf += chunk.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => stderr, exited };
}

async function sim(server: 'platform' | 'dms', p: string, body: unknown) {
  const base = servers[server].url.replace(/\/v1$/, '');
  await fetch(`${base}${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('headless worker', () => {
  it('survives kill -9 mid-sync, converges after restart, exits cleanly on SIGTERM', async () => {
    const dataDir = tempDir('dd-worker-');
    // Slow hand-overs, so the kill lands while sends are in flight.
    await sim('dms', '/_sim/faults', { latency_ms: 150, operations: ['createOrder'] });
    const orders = Array.from({ length: 12 }, () =>
      servers.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.switchPlate, qty: 1 }] }),
    );
    const first = startWorker(dataDir);
    // A cold start (tsx compiling the backend on a busy 2-core CI machine) can take a while; a crash fails at once.
    await waitFor(
      () => {
        if (first.child.exitCode !== null) throw new Error(`worker exited with ${first.child.exitCode}: ${first.stderr()}`);
        return first.lines.some((l) => l.msg === 'worker started');
      },
      60_000,
      'worker start',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; worker stderr: ${first.stderr() || '(empty)'}`);
    });
    await waitFor(() => orders.some((o) => servers.dms.domain.getOrderByPlatformOrder(o.id)), 60_000, 'first hand-over');
    first.child.kill('SIGKILL');
    await first.exited;
    const handedBeforeRestart = orders.filter((o) => servers.dms.domain.getOrderByPlatformOrder(o.id)).length;
    expect(handedBeforeRestart).toBeLessThan(orders.length);

    await sim('dms', '/_sim/reset-faults', {});
    const second = startWorker(dataDir);
    await waitFor(
      () => orders.every((o) => servers.platform.domain.getOrder(o.id)?.status === 'in_fulfillment'),
      30_000,
      'all in fulfilment',
    );
    for (const o of orders) {
      expect(servers.dms.domain.listOrders(fixtureIds.plain.code).filter((d) => d.platform_order_id === o.id)).toHaveLength(1);
    }
    // Wait until the worker's own replica has seen the transitions, then stop it.
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((l) => l.msg === 'worker stopped')).toBe(true);
    for (const l of second.lines) expect(typeof l.at).toBe('string');

    const status = spawnSync(node, [...tsxArgs, 'src/main/cli/desk.ts', 'status', '--data-dir', dataDir, '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    const report = JSON.parse(status.stdout) as {
      sources: Record<string, { lastSuccessfulPullAt: string | null }>;
      outbox: { pending: number; failed: number; conflict: number };
    };
    expect(report.sources.platform?.lastSuccessfulPullAt).not.toBeNull();
    expect(report.sources.dms?.lastSuccessfulPullAt).not.toBeNull();
    expect(report.outbox.failed + report.outbox.conflict).toBe(0);
  }, 150_000);
});
