// Embeds both reference servers in-process (demo mode, tests, the CLI): opens or seeds their SQLite
// stores, starts the HTTP servers on 127.0.0.1 and, when the clock runs, the live activity generator.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import Database from 'better-sqlite3';
import { SimClock } from './clock';
import { SimStore } from './store/store';
import { SimServer } from './http/server';
import { PlatformDomain, platformCollections } from './platform/domain';
import { DmsDomain, dmsCollections } from './dms/domain';
import { platformRoutes } from './platform/server';
import { dmsRoutes } from './dms/server';
import { loadDataset, loadDatasetAsync, type DatasetBatch, type LoadStats } from './dataset';
import { testFixture } from './fixture';
import { copyShifted } from './shift';

export { SimClock, WallClockError } from './clock';
export { PlatformDomain } from './platform/domain';
export { DmsDomain } from './dms/domain';
export { ApiProblem } from './http/problem';
export type { FaultConfig } from './http/faults';
export { loadDataset, loadDatasetAsync, type DatasetBatch, type LoadStats } from './dataset';
export { testFixture, fixtureIds, fixtureSkus } from './fixture';

export type SimScale = 'demo' | 'bench' | 'test';

/** What the activity generator (src/sim/activity) receives: the domain handles, the clock and its rate. */
export interface ActivityOptions {
  platform: PlatformDomain;
  dms: DmsDomain;
  clock: SimClock;
  seed: number;
  rate: number;
}

/**
 * A reused data dir whose saved clock is ahead of the wall clock: its data was written by a clock that ran
 * fast (demo mode before it followed the wall clock), so it holds records dated in the future.
 */
export class ClockAheadError extends Error {
  constructor(
    readonly dataDir: string,
    readonly savedClockMs: number,
    readonly wallClockMs: number,
  ) {
    super(
      `The reference servers' data in ${dataDir} was written up to ${new Date(savedClockMs).toISOString()}, ` +
        `${formatSpan(savedClockMs - wallClockMs)} ahead of the wall clock (an older version ran the demo clock fast). ` +
        'Their clock follows the wall clock now, so that data would stay dated in the future: delete the folder to start afresh.',
    );
    this.name = 'ClockAheadError';
  }
}

export interface ReferenceServerOptions {
  seed?: number;
  scale?: SimScale;
  /** 0 = a free port. Defaults 0 (embedded); the CLI defaults to 4010/4020. */
  platformPort?: number;
  dmsPort?: number;
  /**
   * 'wall': simulated time is the wall clock, never ahead and never behind (demo mode, `npm run sim`); a
   * reused data dir catches up to now. 'controlled' (default, for tests): a clock that runs at `speed` and
   * that /_sim/clock or `clock.advance` can move.
   */
  clock?: 'wall' | 'controlled';
  /** Controlled clock only: simulated seconds per real second; 0 pauses the clock. Default 1. */
  speed?: number;
  /** The real-time source (default Date.now). Tests drive it to let minutes of activity pass at once. */
  realNow?: () => number;
  /** How much the live activity does per real minute: 1 is the demo's default, 2 twice as much, 0 nothing. */
  activityRate?: number;
  /** Keeps platform.sqlite and dms.sqlite there; a restart reuses them. Without it: a temp dir (or memory for 'test'). */
  dataDir?: string;
  token?: string;
  /** Controlled clock only: simulated start time (default: where a reused data dir's clock stopped, else now). */
  now?: Date;
  /**
   * Start the activity generator (default: not at 'test' scale, and with a wall clock when activityRate > 0,
   * with a controlled clock when speed > 0).
   */
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
/** A saved clock this far ahead of the wall clock is clock skew, not data from the future. */
const AHEAD_TOLERANCE_MS = 60_000;
/** A cached history that ended less than this before a start is used as it is. */
const FRESH_CACHE_MS = 10 * 60_000;

function formatSpan(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = minutes / 60;
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

export async function startReferenceServers(opts: ReferenceServerOptions = {}): Promise<ReferenceServers> {
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 'test';
  const wall = opts.clock === 'wall';
  if (wall && (opts.speed !== undefined || opts.now !== undefined))
    throw new Error('speed and now apply to a controlled clock; a wall clock is always now (use activityRate for how much happens)');
  const speed = opts.speed ?? 1;
  const activityRate = opts.activityRate ?? 1;
  if (!(activityRate >= 0) || !Number.isFinite(activityRate)) throw new Error('activityRate must be a finite number >= 0');
  const realNow = opts.realNow ?? Date.now;
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
  const fromCache = fresh && !!dataDir && scale !== 'test' && !opts.dataset;
  if (fromCache) {
    // Large scales: build the stores once per (seed, scale) and copy them, so a start takes seconds. The
    // cache holds history up to the moment it was generated, maybe days ago: the copy is moved to end now.
    try {
      const cached = await cachedStores(seed, scale, opts.cacheDir ?? path.join(os.tmpdir(), 'dealer-desk-sim-cache'), log, opts.signal);
      let target = wall ? realNow() : (opts.now?.getTime() ?? realNow());
      // A cache made minutes ago (this very start, or a restart soon after) already ends just before now:
      // moving 360,000 records for that is not worth the seconds it takes.
      if (target >= cached.historyUntilMs && target - cached.historyUntilMs < FRESH_CACHE_MS) target = cached.historyUntilMs;
      else log(`sim: moving the ${scale} dataset's history forward by ${formatSpan(target - cached.historyUntilMs)} so that it ends now`);
      const shifted = await copyShifted(cached, { platform: platformFile, dms: dmsFile }, cached.historyUntilMs, target, opts.signal);
      if (shifted.rows > 0) log(`sim: moved ${shifted.rows} records in ${(shifted.ms / 1000).toFixed(1)} s`);
      loadStats = cached.stats;
    } catch (err) {
      if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
      throw err;
    }
  }

  const platformStore = new SimStore(platformFile, platformCollections);
  const dmsStore = new SimStore(dmsFile, dmsCollections);
  const stoppedAt = Number(platformStore.getMeta('clock_ms') ?? '0');
  let clock: SimClock;
  if (wall) {
    // Simulated time is real time. A reused data dir catches up: whatever was due meanwhile is due now.
    if (!fresh && stoppedAt > realNow() + AHEAD_TOLERANCE_MS) {
      platformStore.close();
      dmsStore.close();
      throw new ClockAheadError(dataDir ?? '(memory)', stoppedAt, realNow());
    }
    clock = SimClock.wall(realNow);
  } else {
    // A controlled clock on a reused data dir resumes where it stopped, so tests see ageing and retention
    // move only when they say; a fresh copy starts where its history ends.
    const start = opts.now ?? new Date(stoppedAt > 0 ? stoppedAt : realNow());
    clock = new SimClock(start, speed, realNow);
  }
  const platform = new PlatformDomain(platformStore, clock);
  const dms = new DmsDomain(dmsStore, clock);

  if (wall && !fresh && stoppedAt > 0 && realNow() - stoppedAt > AHEAD_TOLERANCE_MS) {
    log(
      `sim: caught up with the wall clock: these servers stopped at ${new Date(stoppedAt).toISOString()}, ${formatSpan(realNow() - stoppedAt)} ago; ` +
        'due dates and ageing are as of now, and feed cursors or idempotency keys older than their retention have expired',
    );
    // Re-age before anything (the activity, the first request) reads the accounts.
    dms.refreshAccounts();
  }

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
  if (opts.activity ?? (scale !== 'test' && (wall ? activityRate > 0 : speed > 0))) {
    stopActivity = await startActivityIfPresent({ platform, dms, clock, seed, rate: activityRate }, log);
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

/**
 * Bumped whenever the stores' layout, key columns or meta change, so an old cache is never reused
 * (4: history ends at the generation moment, recorded as history_until_ms).
 */
const STORE_FORMAT = 4;

/** Where the cached stores of one (seed, scale) live inside `cacheDir`. */
export function datasetCachePath(cacheDir: string, seed: number, scale: SimScale): string {
  return path.join(cacheDir, `v${STORE_FORMAT}-${scale}-seed${seed}`);
}

/**
 * Writes a seeded pair of stores (`platform.sqlite`, `dms.sqlite`) into `dir`, as the cache keeps them:
 * records without feed events, account figures as of `historyUntil`, and that moment recorded so that a
 * start can move the history to its own now.
 */
export async function writeSeededStores(
  dir: string,
  batches: Iterable<DatasetBatch>,
  historyUntil: Date,
  scale: SimScale,
  signal?: AbortSignal,
): Promise<LoadStats> {
  const clock = new SimClock(historyUntil, 0);
  const ps = new SimStore(path.join(dir, 'platform.sqlite'), platformCollections);
  const ds = new SimStore(path.join(dir, 'dms.sqlite'), dmsCollections);
  try {
    for (const s of [ps, ds]) {
      s.db.pragma('synchronous = OFF');
      s.dropKeyIndexes();
    }
    const stats = await loadDatasetAsync({ platform: ps, dms: ds }, batches, signal);
    ps.createKeyIndexes();
    ds.createKeyIndexes();
    new DmsDomain(ds, clock).recomputeAccountsSilently();
    for (const s of [ps, ds]) {
      s.setMeta('seeded', scale);
      s.setMeta('clock_ms', String(historyUntil.getTime()));
      s.setMeta('history_until_ms', String(historyUntil.getTime()));
      s.db.pragma('wal_checkpoint(TRUNCATE)');
      s.db.pragma('journal_mode = DELETE');
    }
    return stats;
  } finally {
    ps.close();
    ds.close();
  }
}

/** The moment a cached store's history ends, or undefined for a cache that does not record it. */
function historyUntilOf(platformFile: string): number | undefined {
  const db = new Database(platformFile, { readonly: true });
  try {
    const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'history_until_ms'").get();
    return row ? Number(row.value) : undefined;
  } finally {
    db.close();
  }
}

async function cachedStores(
  seed: number,
  scale: 'demo' | 'bench',
  cacheDir: string,
  log: (l: string) => void,
  signal?: AbortSignal,
): Promise<{ platform: string; dms: string; historyUntilMs: number; stats?: LoadStats }> {
  const dir = datasetCachePath(cacheDir, seed, scale);
  const platform = path.join(dir, 'platform.sqlite');
  const dms = path.join(dir, 'dms.sqlite');
  if (fs.existsSync(platform) && fs.existsSync(dms)) {
    const historyUntilMs = historyUntilOf(platform);
    if (historyUntilMs !== undefined) return { platform, dms, historyUntilMs };
    // A cache that does not say when its history ends cannot be moved to now: build it again.
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The generator's history ends at this moment (never later); a start copies it and moves it to its own now.
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
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
  let stats: LoadStats;
  const buildStarted = performance.now();
  try {
    stats = await writeSeededStores(build, batches, now, scale, signal);
  } catch (err) {
    fs.rmSync(build, { recursive: true, force: true });
    throw err;
  }
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
  return { platform, dms, historyUntilMs: historyUntilOf(platform) ?? now.getTime(), stats };
}
