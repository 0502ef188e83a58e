// The running desk: the backend, the sync engine and, in demo mode, the embedded reference servers.
// `npm run web` and the Electron shell both start it the same way. With endpoints configured the desk
// syncs with them ("live"); without, it starts the reference servers at demo scale with live activity in
// this process and syncs with those ("demo"). Demo data lives in its own database under `<dataDir>/demo`,
// so it never mixes with a live replica.
import { join } from 'node:path';
import type { SyncStatusView } from '../shared/api/contract';
import { createBackend, type Backend, type BackendOptions } from './backend';
import { readQueueCounts } from './api';
import { startDemoServers, type DemoServers } from './demo/servers';
import { moveAsideDemoThatRanAhead } from './demo/savedClock';
import { syncProcedureHandlers } from './sync/procedures';
import { startSync, type SyncEngine, type SyncOptions } from './sync/engine';

export interface Endpoints {
  platformUrl: string;
  dmsUrl: string;
  platformToken: string;
  dmsToken: string;
}

export interface DemoOptions {
  seed?: number;
  /**
   * How busy the demo is: the activity's density (default 1: a dealer order every few seconds, a credit
   * hold every few minutes, each order allocated, dispatched and delivered within minutes); 2 is twice as
   * busy, 0 pauses the activity. It never moves time: the demo's clock is the wall clock.
   */
  speed?: number;
  /** 'demo' (default) or 'test' (the small fixture; for tests). */
  scale?: 'demo' | 'test';
}

export interface DeskOptions {
  /** The user's data directory. Live data goes here; demo data under `<dataDir>/demo`. */
  dataDir: string;
  /** Real endpoints; null or absent runs demo mode. */
  endpoints?: Endpoints | null;
  demo?: DemoOptions;
  migrationsDir?: string;
  /** Human-readable progress (start-up, demo generation, sync problems). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Tuning passed to the engine (tests). */
  sync?: Pick<SyncOptions, 'pull' | 'outbox' | 'dutyIntervalMs' | 'requestTimeoutMs'>;
}

export interface Desk {
  readonly backend: Backend;
  readonly mode: 'demo' | 'live';
  /** Resolves when the sync engine runs (demo mode: after the reference servers are up); rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** The embedded reference servers in demo mode, once started. */
  servers(): DemoServers | null;
  engine(): SyncEngine | null;
  close(): Promise<void>;
}

export class EndpointConfigError extends Error {}

/**
 * Endpoints from command-line values, falling back to the environment (DEALER_DESK_PLATFORM_URL,
 * DEALER_DESK_DMS_URL, DEALER_DESK_TOKEN or DEALER_DESK_PLATFORM_TOKEN / DEALER_DESK_DMS_TOKEN).
 * Nothing configured: null (demo mode). Half a configuration is an error that says what is missing.
 */
export function endpointsFrom(
  values: {
    platform?: string | undefined;
    dms?: string | undefined;
    token?: string | undefined;
    platformToken?: string | undefined;
    dmsToken?: string | undefined;
  },
  env: NodeJS.ProcessEnv = process.env,
): Endpoints | null {
  const pick = (value: string | undefined, name: string) =>
    value && value !== '' ? value : env[name] && env[name] !== '' ? env[name] : undefined;
  const platformUrl = pick(values.platform, 'DEALER_DESK_PLATFORM_URL');
  const dmsUrl = pick(values.dms, 'DEALER_DESK_DMS_URL');
  const token = pick(values.token, 'DEALER_DESK_TOKEN');
  const platformToken = pick(values.platformToken, 'DEALER_DESK_PLATFORM_TOKEN') ?? token;
  const dmsToken = pick(values.dmsToken, 'DEALER_DESK_DMS_TOKEN') ?? token;
  if (!platformUrl && !dmsUrl) return null;
  const missing = [
    platformUrl ? null : 'the platform URL (--platform or DEALER_DESK_PLATFORM_URL)',
    dmsUrl ? null : 'the DMS URL (--dms or DEALER_DESK_DMS_URL)',
    platformToken ? null : 'the platform token (--token, --platform-token or DEALER_DESK_PLATFORM_TOKEN)',
    dmsToken ? null : 'the DMS token (--token, --dms-token or DEALER_DESK_DMS_TOKEN)',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) throw new EndpointConfigError(`To connect to real systems, also give ${missing.join(', ')}.`);
  for (const [label, url] of [
    ['platform', platformUrl],
    ['DMS', dmsUrl],
  ] as const) {
    let parsed: URL;
    try {
      parsed = new URL(url as string);
    } catch {
      throw new EndpointConfigError(`The ${label} URL "${url}" is not a URL (expected e.g. https://platform.example.com/v1).`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw new EndpointConfigError(`The ${label} URL must be http(s), not ${parsed.protocol}`);
    }
  }
  return {
    platformUrl: platformUrl as string,
    dmsUrl: dmsUrl as string,
    platformToken: platformToken as string,
    dmsToken: dmsToken as string,
  };
}

const ENDPOINTS_SETTING = 'sync.endpoints';

/** A replica belongs to the systems it was synced from: refuse to mix another pair into it. */
function checkSameSystems(backend: Backend, endpoints: Endpoints): void {
  const key = { platform: endpoints.platformUrl, dms: endpoints.dmsUrl };
  const stored = backend.services.settings.get(ENDPOINTS_SETTING) as { platform: string; dms: string } | null;
  if (stored && (stored.platform !== key.platform || stored.dms !== key.dms)) {
    throw new EndpointConfigError(
      `This data directory (${backend.dataDir}) holds a replica of ${stored.platform} and ${stored.dms}; ` +
        `it cannot also sync ${key.platform} and ${key.dms}. Use another --data-dir for the new systems.`,
    );
  }
  if (!stored) backend.services.settings.set(ENDPOINTS_SETTING, key, null);
}

function demoStatus(
  backend: Backend,
  state: 'syncing' | 'error',
  message: string,
): { status(): SyncStatusView; mode(): { mode: 'demo'; modeMessage: string } } {
  return {
    status: () => ({
      sources: (['platform', 'dms'] as const).map((system) => ({ system, state, lastSuccessAt: null, lagEvents: null, message })),
      ...readQueueCounts(backend.sqlite),
    }),
    mode: () => ({ mode: 'demo', modeMessage: `Demo data. ${message}` }),
  };
}

export async function startDesk(options: DeskOptions): Promise<Desk> {
  const log = options.log ?? (() => {});
  const endpoints = options.endpoints ?? null;
  const mode = endpoints ? 'live' : 'demo';
  if (mode === 'demo') {
    const moved = moveAsideDemoThatRanAhead(options.dataDir);
    if (moved) log('warn', moved);
  }
  const backendOptions: BackendOptions = {
    dataDir: mode === 'demo' ? join(options.dataDir, 'demo') : options.dataDir,
    handlers: [syncProcedureHandlers],
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
  };
  const backend = await createBackend(backendOptions);
  if (endpoints) {
    try {
      checkSameSystems(backend, endpoints);
    } catch (error) {
      await backend.close();
      throw error;
    }
  }
  let servers: DemoServers | null = null;
  let engine: SyncEngine | null = null;
  let closed = false;
  const abort = new AbortController();

  const syncLog = (entry: Record<string, unknown>) => {
    const level = entry['level'];
    if (level === 'warn' || level === 'error') {
      const { level: _level, msg, ...rest } = entry;
      log(level, `sync: ${String(msg)}${Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : ''}`);
    }
  };
  const run = (platform: Endpoints) => {
    engine = startSync({
      backend,
      platform: { url: platform.platformUrl, token: platform.platformToken },
      dms: { url: platform.dmsUrl, token: platform.dmsToken },
      mode,
      log: syncLog,
      ...(options.sync ?? {}),
    });
  };

  const ready = (async () => {
    if (endpoints) {
      run(endpoints);
      log('info', `Syncing with ${endpoints.platformUrl} and ${endpoints.dmsUrl}.`);
      return;
    }
    const scale = options.demo?.scale ?? 'demo';
    backend.setSyncStatusProvider(
      demoStatus(
        backend,
        'syncing',
        'Starting the embedded reference servers (the first start generates the demo dataset, which takes a few seconds).',
      ),
    );
    log('info', 'Demo mode: no endpoints configured; starting the embedded reference servers.');
    const started = await startDemoServers({
      seed: options.demo?.seed ?? 1,
      scale,
      activityRate: options.demo?.speed ?? 1,
      // The servers keep their state beside the demo replica; a restarted demo desk catches up to the wall clock.
      dataDir: join(backend.dataDir, 'reference-servers'),
      signal: abort.signal,
      log: (line) => log('info', `demo: ${line}`),
    });
    if (closed) {
      await started.close();
      return;
    }
    servers = started;
    run({ platformUrl: started.platformUrl, dmsUrl: started.dmsUrl, platformToken: started.token, dmsToken: started.token });
    log(
      'info',
      `Demo reference servers: platform ${started.platformUrl}, DMS ${started.dmsUrl}${started.inThread ? '' : ' (in the UI thread)'}.`,
    );
  })();
  ready.catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log('error', `Sync could not start: ${message}`);
    if (!closed && mode === 'demo')
      backend.setSyncStatusProvider(demoStatus(backend, 'error', `The demo servers could not start: ${message}`));
  });

  let closing: Promise<void> | null = null;
  return {
    backend,
    mode,
    ready,
    servers: () => servers,
    engine: () => engine,
    close() {
      closing ??= (async () => {
        closed = true;
        abort.abort();
        await ready.catch(() => {});
        await (engine as SyncEngine | null)?.stop();
        await (servers as DemoServers | null)?.close();
        await backend.close();
      })();
      return closing;
    },
  };
}
