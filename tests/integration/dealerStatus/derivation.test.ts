// Regression tests for issue 9's defect, over real HTTP against the reference servers: dealer-visible status
// was derived only from an in-memory set of DMS orders changed by feed pages, so a dispatch that reached a
// desk through a snapshot (first start, or after a 410 cursor-expired) or in a page committed just before a
// crash was never published. One test per path; each fails on the old design.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import { openDesk, tempDir, waitFor } from '../sync/helpers';

const root = path.resolve(__dirname, '../../..');
const DAY = 86_400_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function servers(opts: { now?: Date } = {}): Promise<ReferenceServers> {
  const s = await startReferenceServers({ seed: 91, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {}, ...opts });
  cleanups.push(() => s.close());
  return s;
}

function dataDir(prefix: string): string {
  const dir = tempDir(prefix);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An in-process desk on its own data directory (pullers in their thread, as in the app). */
function startDesk(sim: ReferenceServers, dir: string): { engine: SyncEngine; sqlite: BetterSqlite.Database; stop(): Promise<void> } {
  const sqlite = openDesk(dir);
  const engine = startSync({
    backend: { sqlite, push: () => {} },
    platform: { url: sim.platform.url, token: sim.token },
    dms: { url: sim.dms.url, token: sim.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 200,
    requestTimeoutMs: 2000,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await engine.stop();
    sqlite.close();
  };
  cleanups.push(stop);
  return { engine, sqlite, stop };
}

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnTsx(script: string, args: string[]): Proc {
  // node --import tsx, not the tsx wrapper: signals must reach the process itself.
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => output, exited };
}

/** The headless worker (npm run worker) as a real process. */
async function startWorker(sim: ReferenceServers, dir: string): Promise<Proc> {
  const worker = spawnTsx('src/main/worker/cli.ts', [
    '--data-dir',
    dir,
    '--platform',
    sim.platform.url,
    '--dms',
    sim.dms.url,
    '--token',
    sim.token,
    '--poll-ms',
    '50',
    '--retry-base-ms',
    '50',
    '--retry-cap-ms',
    '500',
    '--duty-interval-ms',
    '200',
  ]);
  await waitFor(
    () => {
      if (worker.child.exitCode !== null) throw new Error(`worker exited with ${worker.child.exitCode}: ${worker.output()}`);
      return worker.output().includes('"worker started"');
    },
    60_000,
    'worker start',
  );
  return worker;
}

async function simPost(sim: ReferenceServers, server: 'platform' | 'dms', p: string, body: unknown): Promise<void> {
  const res = await fetch(`${sim[server].url.replace(/\/v1$/, '')}${p}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

function place(sim: ReferenceServers, qty = 1) {
  return sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.cable, qty }] });
}

/** What a desk's hand-over does (DMS order, platform order in fulfilment), done on the servers directly. */
function handOverDirectly(sim: ReferenceServers, platformOrderId: string): string {
  const order = sim.platform.domain.getOrder(platformOrderId)!;
  const dmsOrder = sim.dms.domain.createOrder({
    platform_order_id: order.id,
    platform_order_number: order.number,
    dealer_code: fixtureIds.plain.code,
    lines: order.lines.map((l) => ({ line_no: l.line_no, sku: l.sku, qty: l.qty, unit_price: l.unit_price, tax_rate_bp: l.tax_rate_bp })),
  });
  sim.platform.domain.transition(order.id, { to: 'in_fulfillment', dms_order_id: dmsOrder.id, by: { id: 'test', name: 'Test hand-over' } });
  return dmsOrder.id;
}

function dispatch(sim: ReferenceServers, dmsOrderId: string, n: number): void {
  const dms = sim.dms.domain;
  dms.allocate(dmsOrderId);
  dms.startPicking(dmsOrderId);
  dms.dispatch(dmsOrderId, {
    carrier: 'Gati',
    tracking_number: `GT${String(n).padStart(9, '0')}`,
    vehicle_no: 'MH12AB1234',
    eta: '2030-01-05',
  });
}

const publications = (sim: ReferenceServers, orderId: string, status: string) =>
  sim.platform.domain.listDealerStatus(orderId).filter((p) => p.status === status);

/** Reads a desk's database file while (or after) a process writes it. */
function readDb(dir: string): BetterSqlite.Database {
  const db = new BetterSqlite(path.join(dir, 'dealer-desk.sqlite'), { readonly: true });
  cleanups.push(() => void db.close());
  return db;
}

describe('dealer status derivation never misses a publication', () => {
  it('snapshot -> dispatch -> published: a first start publishes a dispatch it only saw in its snapshot; older history stays as it is', async () => {
    // The servers' clock starts five days ago, so one order's dispatch lies outside the 72-hour window.
    // Both are handed over and dispatched with no desk running: nobody has published either dispatch.
    const sim = await servers({ now: new Date(Date.now() - 5 * DAY) });
    const old = place(sim);
    dispatch(sim, handOverDirectly(sim, old.id), 1);
    sim.clock.advance(Date.now() - sim.clock.now().getTime());
    const recent = place(sim);
    dispatch(sim, handOverDirectly(sim, recent.id), 2);
    expect(publications(sim, recent.id, 'dispatched')).toEqual([]);
    expect(publications(sim, old.id, 'dispatched')).toEqual([]);

    // A brand-new desk: its first snapshot is the only way it learns of either dispatch.
    const fresh = startDesk(sim, dataDir('dd-ds-fresh-'));
    await waitFor(() => publications(sim, recent.id, 'dispatched').length > 0, 20_000, 'recent dispatch published');
    await waitFor(
      () => fresh.sqlite.prepare('SELECT count(*) FROM dealer_status_queue').pluck().get() === 0,
      10_000,
      'derivation queue drained',
    );
    await fresh.engine.dispatcher.idle();
    const [published] = publications(sim, recent.id, 'dispatched');
    expect(publications(sim, recent.id, 'dispatched')).toHaveLength(1);
    expect(published?.tracking).toMatchObject({ carrier: 'Gati', number: 'GT000000002' });
    // Outside the catch-up window: left as it is.
    expect(publications(sim, old.id, 'dispatched')).toEqual([]);
  }, 90_000);

  it('worker stopped, orders dispatched, cursors expired, worker restarted: every dispatch published exactly once', async () => {
    const sim = await servers();
    const dir = dataDir('dd-ds-worker-');
    const orders = Array.from({ length: 6 }, () => place(sim));
    const first = await startWorker(sim, dir);
    await waitFor(() => orders.every((o) => sim.platform.domain.getOrder(o.id)?.status === 'in_fulfillment'), 30_000, 'handed over');
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    // While the worker is away: every order is dispatched, then the servers drop their feeds (410 on resume).
    orders.forEach((o, i) => dispatch(sim, sim.dms.domain.getOrderByPlatformOrder(o.id)!.id, 100 + i));
    await simPost(sim, 'dms', '/_sim/expire-cursors', {});
    await simPost(sim, 'platform', '/_sim/expire-cursors', {});
    for (const o of orders) expect(publications(sim, o.id, 'dispatched')).toEqual([]);

    const second = await startWorker(sim, dir);
    await waitFor(() => orders.every((o) => publications(sim, o.id, 'dispatched').length > 0), 30_000, 'every dispatch published');
    const db = readDb(dir);
    await waitFor(
      () =>
        db.prepare('SELECT count(*) FROM dealer_status_queue').pluck().get() === 0 &&
        db.prepare("SELECT count(*) FROM outbox WHERE status IN ('pending', 'in_flight')").pluck().get() === 0,
      15_000,
      'worker idle',
    );
    expect(second.output()).toMatch(/snapshot started.*cursor-expired/);
    for (const o of orders) expect(publications(sim, o.id, 'dispatched')).toHaveLength(1);
  }, 150_000);

  it('kill -9 just after a page commit: the dispatch in that page is published after the restart', async () => {
    const sim = await servers();
    const dir = dataDir('dd-ds-crash-');
    const order = place(sim);
    const crashing = spawnTsx('tests/integration/dealerStatus/crashAfterCommit.ts', [
      dir,
      sim.platform.url,
      sim.dms.url,
      sim.token,
      order.id,
    ]);
    await waitFor(
      () => {
        if (crashing.child.exitCode !== null || crashing.child.signalCode !== null)
          throw new Error(`desk exited early (${crashing.child.exitCode ?? crashing.child.signalCode}): ${crashing.output()}`);
        return sim.platform.domain.getOrder(order.id)?.status === 'in_fulfillment';
      },
      60_000,
      'handed over by the desk',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; desk output: ${crashing.output()}`);
    });
    const dmsOrderId = sim.dms.domain.getOrderByPlatformOrder(order.id)!.id;
    dispatch(sim, dmsOrderId, 7);
    const ended = await crashing.exited;
    expect(ended.signal).toBe('SIGKILL');
    expect(crashing.output()).toContain('killing myself after the page commit');

    // What the crash left: the page is committed (the replica says dispatched), nothing was derived from it.
    const db = readDb(dir);
    expect(db.prepare('SELECT status FROM dms_orders WHERE id = ?').pluck().get(dmsOrderId)).toBe('dispatched');
    expect(db.prepare('SELECT count(*) FROM outbox WHERE idempotency_key = ?').pluck().get(`dealer-status:${dmsOrderId}:dispatched`)).toBe(
      0,
    );
    expect(db.prepare('SELECT reason FROM dealer_status_queue WHERE dms_order_id = ?').pluck().get(dmsOrderId)).toBe('feed');
    expect(publications(sim, order.id, 'dispatched')).toEqual([]);

    await startWorker(sim, dir);
    await waitFor(() => publications(sim, order.id, 'dispatched').length > 0, 30_000, 'dispatch published after restart');
    await waitFor(
      () => db.prepare("SELECT count(*) FROM outbox WHERE status IN ('pending', 'in_flight')").pluck().get() === 0,
      15_000,
      'worker idle',
    );
    expect(publications(sim, order.id, 'dispatched')).toHaveLength(1);
    expect(db.prepare('SELECT count(*) FROM dealer_status_queue').pluck().get()).toBe(0);
  }, 150_000);
});
