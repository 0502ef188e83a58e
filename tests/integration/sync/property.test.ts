// Property test of the whole join: two desks and a worker share the same reference servers while fast-check
// generates dealer and warehouse activity, restarts (a desk stopping and coming back; kill -9 of the
// worker process at whatever point it is) and faults
// (500, 429, hang, commit-then-drop, duplicated/replayed feed events, cursor expiry, invalid records).
// After quiescence: every replica equals the servers, at most one remote effect per intent, no outbox item
// lost or left waiting, no dealer-visible status regresses, and every status the policy auto-publishes is
// eventually published (whatever snapshot, 410 or kill -9 it reached a node through). CI runs a few cases;
// DD_LONG=1 runs many.
import { spawn } from 'node:child_process';
import path from 'node:path';
import BetterSqlite from 'better-sqlite3';
import fc from 'fast-check';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { startSync } from '../../../src/main/sync/engine';
import { outboxCounts } from '../../../src/main/sync/outbox';
import { readSyncStatus } from '../../../src/main/sync/status';
import { dealerStatusRank, defaultDealerStatusPolicy, policyDealerStatus, type DealerStatusName } from '../../../src/shared/dealerStatus';
import { diffStates, dmsSource, openDesk, platformSource, replicaState, serverState, tempDir, waitFor } from './helpers';

const root = path.resolve(__dirname, '../../..');
const LONG = process.env.DD_LONG === '1';
const RUNS = Number(process.env.DD_PROPERTY_RUNS ?? (LONG ? 40 : 3));

type Action =
  | { kind: 'place'; account: 0 | 1 | 2; qty: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'progress'; pick: number; steps: number }
  | { kind: 'block'; blocked: boolean }
  | { kind: 'fault'; server: 'platform' | 'dms'; fault: Fault }
  | { kind: 'clearFaults' }
  | { kind: 'expireCursors'; server: 'platform' | 'dms' }
  | { kind: 'restart'; node: 0 | 1 | 2 }
  | { kind: 'wait'; ms: number };

type Fault = 'e500' | 'e429' | 'hang' | 'drop' | 'dup' | 'replay' | 'invalid';

const faultConfig: Record<Fault, Record<string, unknown>> = {
  e500: { error_rates: { '500': 0.3 } },
  e429: { error_rates: { '429': 0.3 }, retry_after_s: 0 },
  hang: { hang_rate: 0.05 },
  drop: { drop_after_commit: ['createOrder', 'transitionOrder', 'publishDealerStatus', 'putCredit'], drop_rate: 0.5 },
  dup: { feed_duplicate_rate: 0.3 },
  replay: { feed_replay_rate: 0.3 },
  invalid: { feed_invalid_rate: 0.3 },
};

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('place' as const),
      account: fc.constantFrom(0 as const, 1 as const, 2 as const),
      qty: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('progress' as const), pick: fc.nat(), steps: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), blocked: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('fault' as const),
      server: fc.constantFrom('platform' as const, 'dms' as const),
      fault: fc.constantFrom<Fault>('e500', 'e429', 'hang', 'drop', 'dup', 'replay', 'invalid'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'clearFaults' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('expireCursors' as const), server: fc.constantFrom('platform' as const, 'dms' as const) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), node: fc.constantFrom(0 as const, 1 as const, 2 as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 20, max: 300 }) }) },
);

let servers: ReferenceServers;
beforeAll(async () => {
  servers = await startReferenceServers({ seed: 51, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterAll(async () => {
  await servers?.close();
});

interface Node {
  dir: string;
  /** The node's database (for the worker: a second connection, reading what the worker process writes). */
  sqlite: Database.Database;
  poke(): void;
  runDuties(): void;
  caughtUp(): boolean;
  /** Graceful for a desk; kill -9 for the worker process. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

function startDesk(dir: string): Node {
  const sqlite = openDesk(dir);
  const engine = startSync({
    backend: { sqlite, push: () => {} },
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    // Inline pullers for the two desks (restarted often); the worker process runs its pullers in a thread.
    pullInThread: false,
    pull: { pollMs: 50 },
    outbox: {
      watchdogMs: 50,
      backoff: { baseMs: 30, capMs: 400 },
      breaker: { threshold: 8, openMs: 200, maxOpenMs: 800 },
      authPauseMs: 500,
    },
    dutyIntervalMs: 150,
    requestTimeoutMs: 600,
  });
  return {
    dir,
    sqlite,
    poke: () => engine.poke(),
    runDuties: () => void engine.runDuties(),
    caughtUp: () => engine.status().sources.every((s) => s.lagEvents === 0 && s.state === 'idle'),
    stop: () => engine.stop(),
    close: async () => {
      await engine.stop();
      sqlite.close();
    },
  };
}

/** The headless worker as a real process, so a 'restart' of it is a kill -9 at whatever point it was. */
async function startWorkerNode(dir: string, reader?: Database.Database): Promise<Node> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/worker/cli.ts',
      '--data-dir',
      dir,
      '--platform',
      servers.platform.url,
      '--dms',
      servers.dms.url,
      '--token',
      servers.token,
      '--poll-ms',
      '50',
      '--retry-base-ms',
      '30',
      '--retry-cap-ms',
      '400',
      '--duty-interval-ms',
      '150',
      '--request-timeout-ms',
      '600',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('"worker started"')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
    child.once('exit', (code, signal) => {
      if (signal !== 'SIGKILL')
        process.stderr.write(`[property] worker exited unexpectedly: code ${code} signal ${signal}\n${out.slice(-2000)}\n`);
    });
  });
  await started;
  const sqlite = reader ?? new BetterSqlite(path.join(dir, 'dealer-desk.sqlite'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return {
    dir,
    sqlite,
    poke: () => {},
    runDuties: () => {},
    caughtUp: () => readSyncStatus(sqlite).sources.every((s) => s.lagEvents === 0 && s.state === 'idle'),
    stop: kill,
    close: async () => {
      await kill();
      sqlite.close();
    },
  };
}

/** DMS orders still queued for dealer-status derivation on a node (set-aside failures excluded). */
function dealerStatusBacklog(sqlite: Database.Database): number {
  return sqlite.prepare('SELECT count(*) FROM dealer_status_queue WHERE attempts < 3').pluck().get() as number;
}

async function simPost(server: 'platform' | 'dms', path: string, body: unknown): Promise<void> {
  const base = servers[server].url.replace(/\/v1$/, '');
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
}

const accounts = [fixtureIds.plain, fixtureIds.gold, fixtureIds.contract] as const;

function progressOne(dmsOrderId: string, steps: number): void {
  const dms = servers.dms.domain;
  for (let i = 0; i < steps; i++) {
    const o = dms.getOrder(dmsOrderId);
    if (!o) return;
    try {
      if (o.status === 'open') dms.allocate(o.id);
      else if (o.status === 'allocated' || o.status === 'partially_allocated') dms.startPicking(o.id);
      else if (o.status === 'picking')
        dms.dispatch(o.id, { carrier: 'Safexpress', tracking_number: `SX${o.id}`, vehicle_no: 'KA01AB0001', eta: '2030-02-01' });
      else if (o.status === 'dispatched') {
        const sh = o.shipments.find((s) => !s.delivered_at);
        if (sh) dms.deliver(o.id, sh.id);
      } else return;
    } catch {
      return; // a rule refused the step (e.g. backordered): the warehouse tries again later
    }
  }
}

/** The DMS refused this order's hand-over because the dealer is on stop: a business failure shown to staff. */
function refusedBlocked(nodes: Node[], platformOrderId: string): boolean {
  return nodes.some((n) => {
    const r = n.sqlite
      .prepare("SELECT result FROM outbox WHERE idempotency_key = ? AND status = 'failed'")
      .pluck()
      .get(`handover:${platformOrderId}`) as string | undefined;
    return !!r && (JSON.parse(r) as { code?: string }).code === 'account-blocked';
  });
}

async function runCase(actions: Action[]): Promise<void> {
  servers.dms.domain.setBlocked(fixtureIds.contract.code, false);
  await simPost('platform', '/_sim/reset-faults', {});
  await simPost('dms', '/_sim/reset-faults', {});
  const nodes: Node[] = [startDesk(tempDir('dd-prop-a-')), startDesk(tempDir('dd-prop-b-')), await startWorkerNode(tempDir('dd-prop-w-'))];
  const placed: string[] = [];
  try {
    for (const a of actions) {
      switch (a.kind) {
        case 'place': {
          const o = servers.platform.domain.placeDealerOrder({
            account_id: accounts[a.account].id,
            lines: [{ sku: fixtureSkus.switchPlate, qty: a.qty }],
          });
          placed.push(o.id);
          break;
        }
        case 'cancel': {
          const id = placed[a.pick % Math.max(1, placed.length)];
          const o = id ? servers.platform.domain.getOrder(id) : undefined;
          if (o && ['received', 'credit_hold', 'approved'].includes(o.status))
            servers.platform.domain.cancelByDealer(o.id, 'changed my mind');
          break;
        }
        case 'progress': {
          const id = placed[a.pick % Math.max(1, placed.length)];
          const dmsOrder = id ? servers.dms.domain.getOrderByPlatformOrder(id) : undefined;
          if (dmsOrder) progressOne(dmsOrder.id, a.steps);
          break;
        }
        case 'block':
          servers.dms.domain.setBlocked(fixtureIds.contract.code, a.blocked);
          break;
        case 'fault':
          await simPost(a.server, '/_sim/faults', faultConfig[a.fault]);
          break;
        case 'clearFaults':
          await simPost('platform', '/_sim/reset-faults', {});
          await simPost('dms', '/_sim/reset-faults', {});
          break;
        case 'expireCursors':
          await simPost(a.server, '/_sim/expire-cursors', {});
          break;
        case 'restart': {
          const old = nodes[a.node]!;
          if (a.node === 2) {
            // kill -9 of the worker process mid-whatever, then a fresh process on the same data.
            await old.stop();
            nodes[a.node] = await startWorkerNode(old.dir, old.sqlite);
          } else {
            await old.close();
            nodes[a.node] = startDesk(old.dir);
          }
          break;
        }
        case 'wait':
          await new Promise((r) => setTimeout(r, a.ms));
          break;
      }
    }
    // Quiescence: faults off, every node caught up with nothing left to send.
    await simPost('platform', '/_sim/reset-faults', {});
    await simPost('dms', '/_sim/reset-faults', {});
    for (const n of nodes) n.poke();
    await waitFor(
      async () => {
        for (const n of nodes) {
          n.runDuties();
          if (outboxCounts(n.sqlite).pending > 0) return false;
          if (!n.caughtUp()) return false;
          if (dealerStatusBacklog(n.sqlite) > 0) return false;
        }
        // Work that is due must have been done: nothing cleared is left un-handed-over, except an order the
        // DMS refused because the account went on stop before the platform heard of it (failed, visible).
        return placed.every(
          (id) => !['received', 'approved'].includes(servers.platform.domain.getOrder(id)?.status ?? '') || refusedBlocked(nodes, id),
        );
      },
      60_000,
      'quiescence',
    );
    // Convergence: every replica reaches the servers' state (feeds are polled, so allow a few polls).
    let platformState = await serverState(servers.platform.url, servers.token, platformSource);
    let dmsState = await serverState(servers.dms.url, servers.token, dmsSource);
    let stableSince: number | null = null;
    await waitFor(
      async () => {
        platformState = await serverState(servers.platform.url, servers.token, platformSource);
        dmsState = await serverState(servers.dms.url, servers.token, dmsSource);
        // Stable only when nothing is left to send either: catching up can reveal more work (a credit
        // position, a status), whose echo must then reach every replica in turn.
        for (const n of nodes) n.runDuties();
        const settled = nodes.every(
          (n) =>
            outboxCounts(n.sqlite).pending === 0 &&
            dealerStatusBacklog(n.sqlite) === 0 &&
            diffStates(platformState, replicaState(n.sqlite, 'platform')).length === 0 &&
            diffStates(dmsState, replicaState(n.sqlite, 'dms')).length === 0,
        );
        // The worker process derives duties on its own timer (150 ms), which the test cannot call: settled
        // must hold for several of its intervals, or a hand-over it derives just after this check (seen
        // on a loaded CI machine) would be asserted as "left pending".
        if (!settled) stableSince = null;
        else stableSince ??= Date.now();
        return stableSince !== null && Date.now() - stableSince >= 750;
      },
      30_000,
      'replicas equal to the servers',
    ).catch(() => {
      /* the assertions below show the differences */
    });
    for (const n of nodes) {
      // Every replica equals the servers' state.
      expect(diffStates(platformState, replicaState(n.sqlite, 'platform'))).toEqual([]);
      expect(diffStates(dmsState, replicaState(n.sqlite, 'dms'))).toEqual([]);
      // No outbox item lost or waiting silently; nothing needs a person in these scenarios.
      const counts = outboxCounts(n.sqlite);
      expect(
        counts.pending === 0
          ? []
          : n.sqlite
              .prepare(
                "SELECT kind, idempotency_key, status, attempts, next_attempt_at, last_status, last_error FROM outbox WHERE status IN ('pending', 'in_flight')",
              )
              .all(),
      ).toEqual([]);
      // The only item allowed to need a person: a dealer cancelled on the platform after the DMS took the
      // order (a real conflict between the systems, shown as such), never a lost or doubled command.
      const stuck = n.sqlite.prepare("SELECT kind, entity_key, last_error FROM outbox WHERE status IN ('failed', 'conflict')").all() as {
        kind: string;
        entity_key: string;
        last_error: string;
      }[];
      const unexplained = stuck.filter(
        (s) =>
          !(
            s.kind === 'platform.fulfil' && servers.platform.domain.getOrder(s.entity_key.slice('order:'.length))?.status === 'cancelled'
          ) &&
          !(s.kind === 'dms.createOrder' && refusedBlocked([n], s.entity_key.slice('order:'.length))) &&
          !(s.kind === 'dms.cancelOrder' && servers.platform.domain.getOrder(s.entity_key.slice('cancel:'.length))?.status === 'cancelled'),
      );
      expect(unexplained).toEqual([]);
    }
    for (const id of placed) {
      const order = servers.platform.domain.getOrder(id);
      // At most one remote effect per intent: one DMS order per platform order, and it is the one recorded.
      const dmsOrder = servers.dms.domain.getOrderByPlatformOrder(id);
      const dmsOrders = order ? servers.dms.domain.listOrders(dmsOrder?.dealer_code ?? '').filter((d) => d.platform_order_id === id) : [];
      expect(dmsOrders.length).toBeLessThanOrEqual(1);
      if (order?.fulfillment?.dms_order_id) expect(order.fulfillment.dms_order_id).toBe(dmsOrder?.id);
      // A dealer's cancellation after the hand-over reaches the DMS unless the warehouse had already shipped.
      if (order?.status === 'cancelled' && dmsOrder) {
        expect(['cancelled', 'dispatched', 'partially_dispatched', 'delivered', 'partially_delivered', 'closed']).toContain(
          dmsOrder.status,
        );
      }
      // Dealer-visible status: one publication per status, never going backwards.
      const timeline = servers.platform.domain.listDealerStatus(id);
      const statuses = timeline.map((p) => p.status);
      expect(new Set(statuses).size).toBe(statuses.length);
      const ranks = statuses.map((s) => dealerStatusRank[s as DealerStatusName]);
      expect(ranks).toEqual([...ranks].sort((x, y) => x - y));
      // Every policy-auto status is eventually published: the DMS order's status now, if the policy
      // publishes it automatically, is on the platform (or a later one is, which it must not undo).
      const rule = dmsOrder ? defaultDealerStatusPolicy.rules[dmsOrder.status] : undefined;
      if (dmsOrder && rule?.mode === 'auto') {
        const wanted = policyDealerStatus[dmsOrder.status] as DealerStatusName;
        expect(
          statuses.some((s) => s === wanted || dealerStatusRank[s as DealerStatusName] > dealerStatusRank[wanted]),
          `order ${id} (DMS ${dmsOrder.id} ${dmsOrder.status}): '${wanted}' not published; the dealer sees [${statuses.join(', ')}]`,
        ).toBe(true);
      }
    }
  } finally {
    for (const n of nodes) await n.close().catch(() => {});
    await simPost('platform', '/_sim/reset-faults', {});
    await simPost('dms', '/_sim/reset-faults', {});
  }
}

describe('sync engine properties', () => {
  it(
    `converge with exactly-once effects under random activity, faults and restarts (${RUNS} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: LONG ? 40 : 15 }), (actions) => runCase(actions)),
        { numRuns: RUNS, seed: process.env.DD_PROPERTY_SEED ? Number(process.env.DD_PROPERTY_SEED) : undefined, endOnFailure: true },
      );
    },
    LONG ? 3_600_000 : 150_000,
  );

  // Regression: seed -143548348 (path 2). A dealer cancelled after the DMS took the order; the platform
  // transition must end as a visible conflict, not loop, and nothing else may be left behind.
  it('regression: cancel after hand-over, cursor expiry, restarts, invalid records and hangs', async () => {
    await runCase([
      { kind: 'expireCursors', server: 'dms' },
      { kind: 'wait', ms: 134 },
      { kind: 'expireCursors', server: 'dms' },
      { kind: 'restart', node: 0 },
      { kind: 'fault', server: 'dms', fault: 'invalid' },
      { kind: 'restart', node: 2 },
      { kind: 'place', account: 0, qty: 4 },
      { kind: 'place', account: 2, qty: 3 },
      { kind: 'fault', server: 'dms', fault: 'hang' },
      { kind: 'cancel', pick: 1000447021 },
      { kind: 'progress', pick: 888398837, steps: 4 },
      { kind: 'progress', pick: 1844463161, steps: 3 },
      { kind: 'block', blocked: false },
      { kind: 'progress', pick: 11873776, steps: 3 },
    ]);
  }, 90_000);

  // Regression: seed 145744277 (path 33). The DMS put a dealer on stop before the platform heard of it;
  // the hand-over fails visibly (account-blocked) instead of retrying forever or blocking other orders.
  it('regression: hand-over refused for an account on stop, with duplicated feed events and drops', async () => {
    await runCase([
      { kind: 'place', account: 0, qty: 1 },
      { kind: 'place', account: 1, qty: 4 },
      { kind: 'progress', pick: 13, steps: 2 },
      { kind: 'place', account: 0, qty: 4 },
      { kind: 'fault', server: 'dms', fault: 'dup' },
      { kind: 'fault', server: 'dms', fault: 'drop' },
      { kind: 'block', blocked: true },
      { kind: 'place', account: 2, qty: 4 },
      { kind: 'clearFaults' },
    ]);
  }, 90_000);

  it('keeps the request rate bounded under persistent errors', async () => {
    await simPost('dms', '/_sim/faults', { error_rates: { '500': 1 } });
    let requests = 0;
    const sqlite = openDesk(tempDir('dd-rate-'));
    const engine = startSync({
      backend: { sqlite, push: () => {} },
      platform: { url: servers.platform.url, token: servers.token },
      dms: { url: servers.dms.url, token: servers.token },
      pullInThread: false,
      pull: { pollMs: 50 },
      outbox: { watchdogMs: 20 },
      onRequest: (info) => {
        if (info.system === 'dms') requests++;
      },
    });
    try {
      // Work for the failing target: hand-overs of a few cleared orders.
      for (let i = 0; i < 5; i++)
        servers.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.switchPlate, qty: 1 }] });
      await new Promise((r) => setTimeout(r, 4000));
      // Back-off (1 s base, doubling) and the circuit breaker (5 failures, then 5 s open) keep it to a trickle.
      expect(requests).toBeGreaterThan(0);
      expect(requests).toBeLessThan(40);
    } finally {
      await engine.stop();
      sqlite.close();
      await simPost('dms', '/_sim/reset-faults', {});
    }
  }, 30_000);
});
