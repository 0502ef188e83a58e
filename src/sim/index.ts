// Embeds both reference servers in-process (demo mode, tests, the CLI): opens or seeds their SQLite
// stores, starts the HTTP servers on 127.0.0.1 and, when the clock runs, the live activity generator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { SimClock } from './clock';
import { SimStore } from './store/store';
import { SimServer } from './http/server';
import { PlatformDomain, platformCollections } from './platform/domain';
import { DmsDomain, dmsCollections } from './dms/domain';
import { platformRoutes } from './platform/server';
import { dmsRoutes } from './dms/server';
import { loadDataset, loadDatasetAsync, type DatasetBatch, type LoadStats } from './dataset';
import { testFixture } from './fixture';

export { SimClock } from './clock';
export { PlatformDomain } from './platform/domain';
export { DmsDomain } from './dms/domain';
export { ApiProblem } from './http/problem';
export type { FaultConfig } from './http/faults';
export { loadDataset, loadDatasetAsync, type DatasetBatch, type LoadStats } from './dataset';
export { testFixture, fixtureIds, fixtureSkus } from './fixture';

export type SimScale = 'demo' | 'bench' | 'test';

/** What the activity generator (src/sim/activity) receives: the domain handles and the clock. */
export interface ActivityOptions {
  platform: PlatformDomain;
  dms: DmsDomain;
  clock: SimClock;
  seed: number;
}

export interface ReferenceServerOptions {
  seed?: number;
  scale?: SimScale;
  /** 0 = a free port. Defaults 0 (embedded); the CLI defaults to 4010/4020. */
  platformPort?: number;
  dmsPort?: number;
  /** Simulated seconds per real second; 0 pauses the clock. Default 1. */
  speed?: number;
  /** Keeps platform.sqlite and dms.sqlite there; a restart reuses them. Without it: a temp dir (or memory for 'test'). */
  dataDir?: string;
  token?: string;
  /** Simulated start time (default: where a reused data dir's clock stopped, else now). */
  now?: Date;
  /** Start the activity generator (default: speed > 0 and scale is not 'test'). */
  activity?: boolean;
  /** Where generated demo/bench stores are cached by (seed, scale). */
  cacheDir?: string;
  feedRetentionMs?: number;
  idempotencyRetentionMs?: number;
  /** Seeds a fresh store with these batches instead of the scale's data (tests, experiments). */
  dataset?: Iterable<DatasetBatch>;
  /** Aborts a long first-time generation (the CLI wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
  /** Progress and warnings (default: stderr). */
  log?: (line: string) => void;
}

export interface RunningServer<D> {
  /** Base URL including /v1. */
  url: string;
  server: http.Server;
  sim: SimServer;
  store: SimStore;
  domain: D;
}

export interface ReferenceServers {
  platform: RunningServer<PlatformDomain>;
  dms: RunningServer<DmsDomain>;
  token: string;
  clock: SimClock;
  /** Set when this start seeded the stores. */
  loadStats?: LoadStats;
  close(): Promise<void>;
}

const DAY = 86_400_000;

export async function startReferenceServers(opts: ReferenceServerOptions = {}): Promise<ReferenceServers> {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 'test';
  const speed = opts.speed ?? 1;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const token = opts.token ?? randomBytes(18).toString('base64url');

  let dataDir = opts.dataDir;
  let tempDir: string | undefined;
  if (!dataDir && scale !== 'test') {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dealer-desk-sim-'));
    dataDir = tempDir;
  }
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const platformFile = dataDir ? path.join(dataDir, 'platform.sqlite') : ':memory:';
  const dmsFile = dataDir ? path.join(dataDir, 'dms.sqlite') : ':memory:';
  const fresh = !dataDir || !fs.existsSync(platformFile) || !fs.existsSync(dmsFile);

  let loadStats: LoadStats | undefined;
  if (fresh && dataDir && scale !== 'test' && !opts.dataset) {
    // Large scales: build the stores once per (seed, scale) and copy them, so a start takes seconds.
    try {
      const cached = await cachedStores(seed, scale, opts.cacheDir ?? path.join(os.tmpdir(), 'dealer-desk-sim-cache'), log, opts.signal);
      fs.copyFileSync(cached.platform, platformFile);
      fs.copyFileSync(cached.dms, dmsFile);
      loadStats = cached.stats;
    } catch (err) {
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      throw err;
    }
  }

  const platformStore = new SimStore(platformFile, platformCollections);
  const dmsStore = new SimStore(dmsFile, dmsCollections);
  const stoppedAt = Number(platformStore.getMeta('clock_ms') ?? '0');
  // A reused data dir resumes its simulated time where it stopped, so ageing and retention stay coherent.
  // A fresh copy of a cached dataset starts now (never before the dataset's own day).
  const start = opts.now ?? new Date(fresh ? Math.max(Date.now(), stoppedAt) : stoppedAt > 0 ? stoppedAt : Date.now());
  const clock = new SimClock(start, speed);
  const platform = new PlatformDomain(platformStore, clock);
  const dms = new DmsDomain(dmsStore, clock);

  if (platformStore.getMeta('seeded') === undefined) {
    // The test fixture, or the caller's dataset: the large scales arrive through the cache above.
    loadStats = loadDataset({ platform: platformStore, dms: dmsStore }, opts.dataset ?? testFixture(clock.now()));
    dms.recomputeAccountsSilently();
    platformStore.setMeta('seeded', scale);
    dmsStore.setMeta('seeded', scale);
  }

  const feedRetentionMs = opts.feedRetentionMs ?? 7 * DAY;
  const idempotencyRetentionMs = Math.max(opts.idempotencyRetentionMs ?? 48 * 3_600_000, 24 * 3_600_000);
  const common = { clock, token, seed, feedRetentionMs, idempotencyRetentionMs };
  const platformSim = new SimServer({ ...common, name: 'platform', store: platformStore, routes: platformRoutes(platform) });
  const dmsSim = new SimServer({
    ...common,
    seed: seed + 1,
    name: 'dms',
    store: dmsStore,
    routes: dmsRoutes(dms),
    // Ageing moves with the simulated date: re-age once per day before serving.
    beforeRequest: () => {
      if (dmsStore.getMeta('ageing_date') !== clock.today()) dms.refreshAccounts();
    },
  });

  let platformUrl: string;
  let dmsUrl: string;
  try {
    platformUrl = await platformSim.listen(opts.platformPort ?? 0);
    dmsUrl = await dmsSim.listen(opts.dmsPort ?? 0);
  } catch (err) {
    // A taken port: leave nothing open or behind.
    await Promise.all([platformSim.close(), dmsSim.close()]);
    platformStore.close();
    dmsStore.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }

  const saveClock = () => {
    for (const s of [platformStore, dmsStore]) if (s.db.open) s.setMeta('clock_ms', String(clock.nowMs()));
  };
  const clockTimer = setInterval(saveClock, 5_000);
  clockTimer.unref();

  let stopActivity: (() => void) | undefined;
  if (opts.activity ?? (speed > 0 && scale !== 'test')) {
    stopActivity = await startActivityIfPresent({ platform, dms, clock, seed }, log);
  }

  let closed = false;
  return {
    platform: { url: platformUrl, server: platformSim.server, sim: platformSim, store: platformStore, domain: platform },
    dms: { url: dmsUrl, server: dmsSim.server, sim: dmsSim, store: dmsStore, domain: dms },
    token,
    clock,
    loadStats,
    async close() {
      if (closed) return;
      closed = true;
      stopActivity?.();
      clearInterval(clockTimer);
      await Promise.all([platformSim.close(), dmsSim.close()]);
      saveClock();
      platformStore.close();
      dmsStore.close();
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

// Imported lazily: the generator and the activity are large and only the larger scales / a running
// clock need them (tests at 'test' scale never load them).
async function startActivityIfPresent(opts: ActivityOptions, log: (l: string) => void): Promise<(() => void) | undefined> {
  try {
    const { startActivity } = await import('./activity/index');
    const handle = startActivity({ ...opts, log });
    return () => handle.stop();
  } catch (err) {
    log(`sim: live activity not started: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Bumped whenever the stores' layout or key columns change, so an old cache is never reused. */
const STORE_FORMAT = 3;

async function cachedStores(
  seed: number,
  scale: 'demo' | 'bench',
  cacheDir: string,
  log: (l: string) => void,
  signal?: AbortSignal,
): Promise<{ platform: string; dms: string; stats?: LoadStats }> {
  const dir = path.join(cacheDir, `v${STORE_FORMAT}-${scale}-seed${seed}`);
  const platform = path.join(dir, 'platform.sqlite');
  const dms = path.join(dir, 'dms.sqlite');
  if (fs.existsSync(platform) && fs.existsSync(dms)) return { platform, dms };

  // The generator's history ends today; the cache keeps that day as its clock start.
  const now = new Date(Math.floor(Date.now() / DAY) * DAY + 12 * 3_600_000);
  let batches: Iterable<DatasetBatch>;
  try {
    const { generateDataset } = await import('./data/index');
    batches = generateDataset({ seed, scale, now });
  } catch (err) {
    log(
      `sim: dataset generator unavailable (${err instanceof Error ? err.message : String(err)}); seeding ${scale} with the small test fixture`,
    );
    batches = testFixture(now);
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  // A build killed half-way leaves its folder behind; clear those older than an hour.
  for (const name of fs.readdirSync(cacheDir)) {
    const full = path.join(cacheDir, name);
    if (name.startsWith('.build-') && Date.now() - fs.statSync(full).mtimeMs > 3_600_000) fs.rmSync(full, { recursive: true, force: true });
  }
  // Built beside the cache and renamed in, so two processes never see half a cache.
  const build = fs.mkdtempSync(path.join(cacheDir, `.build-v${STORE_FORMAT}-${scale}-seed${seed}-`));
  const clock = new SimClock(now, 0);
  const ps = new SimStore(path.join(build, 'platform.sqlite'), platformCollections);
  const ds = new SimStore(path.join(build, 'dms.sqlite'), dmsCollections);
  let stats: LoadStats;
  const buildStarted = performance.now();
  try {
    for (const s of [ps, ds]) {
      s.db.pragma('synchronous = OFF');
      s.dropKeyIndexes();
    }
    stats = await loadDatasetAsync({ platform: ps, dms: ds }, batches, signal);
    ps.createKeyIndexes();
    ds.createKeyIndexes();
    new DmsDomain(ds, clock).recomputeAccountsSilently();
    for (const s of [ps, ds]) {
      s.setMeta('seeded', scale);
      s.setMeta('clock_ms', String(now.getTime()));
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      s.db.pragma('journal_mode = DELETE');
    }
  } catch (err) {
    ps.close();
    ds.close();
    fs.rmSync(build, { recursive: true, force: true });
    throw err;
  }
  ps.close();
  ds.close();
  log(
    `sim: generated ${scale} seed ${seed}: ${stats.rows} rows in ${(stats.ms / 1000).toFixed(1)} s ` +
      `(${stats.rowsPerSecond} rows/s), peak RSS ${Math.round(stats.peakRssBytes / 1048576)} MiB; ` +
      `cache ready after ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`,
  );
  try {
    fs.renameSync(build, dir);
  } catch {
    // Another process won the race: use its cache and drop ours.
    fs.rmSync(build, { recursive: true, force: true });
  }
  return { platform, dms, stats };
}
