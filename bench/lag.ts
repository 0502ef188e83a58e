// Event-loop lag of the desk's process during a full sync (DESIGN.md: never more than 50 ms at p99).
// The reference servers run in a child process (`npm run sim`), as remote systems would, so the loop
// measured here is the desk's alone: a fresh backend with the sync procedures, the real engine
// (`startSync`, pullers in their worker thread, duties on) and perf_hooks.monitorEventLoopDelay from
// the engine's start until both sources have caught up with their feeds.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../src/main/backend';
import { startSync } from '../src/main/sync/engine';
import { syncProcedureHandlers } from '../src/main/sync/procedures';
import { replicaTables } from '../src/main/sync/replica';
import { atCleanup, benchTempDir, silentLog, watchChild, type ProgressLog } from './measure';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface LagBenchResult {
  /** The reference servers' scale ('demo': ~500 dealers, 50,000 orders). */
  scale: 'demo' | 'test';
  /** Seconds from the engine's start until both sources were caught up (snapshot + feed, over HTTP). */
  seconds: number;
  /** Replica rows after the sync, child rows included. */
  rows: number;
  rowsPerSecond: number;
  pullInThread: boolean;
  /** Event-loop delay of this process while syncing, ms. */
  eventLoop: { p50: number; p99: number; max: number };
  /** Seconds the reference servers took to start (a first start generates and caches the dataset). */
  serverStartSeconds: number;
}

interface SimChild {
  platform: string;
  dms: string;
  token: string;
  stop(): Promise<void>;
}

/** Starts `src/sim/cli.ts` in a child process on free ports; its stderr goes to the progress log. */
async function spawnReferenceServers(scale: 'demo' | 'test', seed: number, log: ProgressLog): Promise<SimChild> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/sim/cli.ts',
      '--scale',
      scale,
      '--seed',
      String(seed),
      '--speed',
      '0',
      '--platform-port',
      '0',
      '--dms-port',
      '0',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  const unwatch = watchChild(child.pid);
  const forget = atCleanup(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    unwatch();
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split('\n')) if (line.trim()) log(`  sim: ${line.trim()}`, { throttle: 'sim-stderr' });
  });
  const first = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk;
      const i = buffer.indexOf('\n');
      if (i >= 0) resolve(buffer.slice(0, i));
    });
    child.once('exit', (code, signal) => reject(new Error(`reference servers exited (${code ?? signal}): ${stderr.slice(-2000)}`)));
  });
  const info = JSON.parse(first) as { platform: string; dms: string; token: string };
  return {
    ...info,
    stop: async () => {
      await stop();
      forget();
    },
  };
}

function replicaRows(sqlite: import('better-sqlite3').Database): number {
  const tables = new Set<string>();
  for (const specs of Object.values(replicaTables)) {
    for (const spec of Object.values(specs)) {
      tables.add(spec.table);
      for (const child of spec.childTables ?? []) tables.add(child.table);
    }
  }
  let rows = 0;
  for (const t of tables) rows += sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number;
  return rows;
}

export async function benchSyncLag(
  opts: { scale?: 'demo' | 'test'; seed?: number; log?: ProgressLog; timeoutMs?: number } = {},
): Promise<LagBenchResult> {
  const scale = opts.scale ?? 'demo';
  const log = opts.log ?? silentLog;
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const temp = benchTempDir('dd-bench-lag-');
  let t = performance.now();
  log(`lag: starting the reference servers (scale ${scale}; a first start generates the dataset, ~15 s, cached in the temp dir)`);
  const sim = await spawnReferenceServers(scale, opts.seed ?? 1, log);
  const serverStartSeconds = (performance.now() - t) / 1000;
  const backend = await createBackend({ dataDir: temp.dir, handlers: [syncProcedureHandlers], log: () => {} });
  try {
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    t = performance.now();
    const engine = startSync({
      backend,
      platform: { url: sim.platform, token: sim.token },
      dms: { url: sim.dms, token: sim.token },
      mode: 'live',
    });
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const sources = engine.status().sources;
        if (sources.every((s) => s.lagEvents === 0)) break;
        if (Date.now() > deadline) throw new Error(`full sync not caught up after ${timeoutMs / 1000} s: ${JSON.stringify(sources)}`);
        log(`lag: syncing (${sources.map((s) => `${s.system} ${s.state}${s.message ? `: ${s.message}` : ''}`).join('; ')})`, {
          throttle: 'lag-sync',
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - t) / 1000;
      histogram.disable();
      const rows = replicaRows(backend.sqlite);
      const ms = (ns: number) => Number((ns / 1e6).toFixed(1));
      return {
        scale,
        seconds: Number(seconds.toFixed(1)),
        rows,
        rowsPerSecond: Math.round(rows / seconds),
        pullInThread: engine.pullInThread,
        eventLoop: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) },
        serverStartSeconds: Number(serverStartSeconds.toFixed(1)),
      };
    } finally {
      histogram.disable();
      await engine.stop();
    }
  } finally {
    await backend.close();
    await sim.stop();
    temp.remove();
  }
}
