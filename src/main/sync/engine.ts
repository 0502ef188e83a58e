// The sync engine, assembled: a puller per source, the outbox dispatcher with the duties' handlers, and
// the derivation of duties after every committed page. `startSync` is what the desk, the web host and the
// headless worker call.
import { findThreadEntry, startThread } from '../threads';
import type Database from 'better-sqlite3';
import type { PushEventName, PushEvents, SyncStatusView } from '../../shared/api/contract';
import { DmsConnector } from '../connectors/dms';
import type { EndpointConfig } from '../connectors/http';
import { PlatformConnector } from '../connectors/platform';
import type { SyncSource } from '../db/schema';
import { defaultDutySettings, deriveDuties, dutyHandlers, type DutySettings } from '../duties';
import { OutboxDispatcher, pruneOutbox, type DispatcherOptions, type KindHandler } from './outbox';
import { SourcePuller, type PullOptions, type PullStatus } from './pull';
import type { PullThreadCommand, PullThreadData, PullThreadMessage } from './pullThread';
import { ensureSyncTables } from './replica';
import { readSyncStatus } from './status';

/** What the engine needs from the backend (the real Backend satisfies it; tests may pass less). */
export interface SyncHost {
  readonly sqlite: Database.Database;
  push<E extends PushEventName>(event: E, payload: PushEvents[E]): void;
  setSyncStatusProvider?(provider: { status(): SyncStatusView; mode(): { mode: 'demo' | 'live' | 'offline'; modeMessage: string } }): void;
}

export interface SyncOptions {
  backend: SyncHost;
  platform: EndpointConfig;
  dms: EndpointConfig;
  /** 'demo' when the endpoints are the embedded reference servers (the banner says so). */
  mode?: 'demo' | 'live';
  now?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
  pull?: Omit<PullOptions, 'onCommitted' | 'onStatus' | 'log' | 'now'>;
  outbox?: Omit<DispatcherOptions, 'sqlite' | 'platform' | 'dms' | 'handlers' | 'now' | 'log' | 'onChange'>;
  duties?: Partial<DutySettings>;
  /** Extra outbox kinds (phone orders, credit decisions, ...). */
  handlers?: Record<string, KindHandler>;
  requestTimeoutMs?: number;
  /** Per-request hook (rate accounting in tests). */
  onRequest?: ConstructorParameters<typeof PlatformConnector>[0]['onRequest'];
  /** How often duties are re-derived even without a change (safety net). */
  dutyIntervalMs?: number;
  /**
   * Run the pullers in a worker thread (default: yes when the database is a file and the thread's entry
   * can be found), so fetching, validating and applying pages never stalls this process's event loop.
   */
  pullInThread?: boolean;
}

/** What the engine exposes of a puller, wherever it runs. */
export interface PullerHandle {
  readonly source: SyncSource;
  getStatus(): PullStatus;
  poke(): void;
}

export interface SyncEngine {
  stop(): Promise<void>;
  status(): SyncStatusView;
  readonly platform: PlatformConnector;
  readonly dms: DmsConnector;
  readonly dispatcher: OutboxDispatcher;
  readonly pullers: Record<SyncSource, PullerHandle>;
  /** Whether the pullers run in a worker thread. */
  readonly pullInThread: boolean;
  /** Derive duties now and kick the outbox. */
  runDuties(): number;
  /** Ask both pullers to poll now. */
  poke(): void;
}

/** The engine running on a database in this process, so procedures can kick it after an enqueue. */
const running = new WeakMap<Database.Database, SyncEngine>();

export function engineFor(sqlite: Database.Database): SyncEngine | undefined {
  return running.get(sqlite);
}

export function startSync(options: SyncOptions): SyncEngine {
  const { backend } = options;
  const sqlite = backend.sqlite;
  const now = options.now ?? (() => new Date());
  const log = options.log;
  ensureSyncTables(sqlite);
  const connectorOpts = {
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  };
  const platform = new PlatformConnector({ ...options.platform, ...connectorOpts });
  const dms = new DmsConnector({ ...options.dms, ...connectorOpts });
  const settings: DutySettings = { ...defaultDutySettings, ...(options.duties ?? {}) };

  let statusTimer: NodeJS.Timeout | null = null;
  const pushStatus = () => {
    // Coalesced: a burst of pages or outbox outcomes becomes one push.
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = null;
      if (sqlite.open) backend.push('sync.status', status());
    }, 100);
  };

  const dispatcher = new OutboxDispatcher({
    ...(options.outbox ?? {}),
    sqlite,
    platform,
    dms,
    handlers: { ...dutyHandlers, ...(options.handlers ?? {}) },
    now,
    ...(log ? { log } : {}),
    onChange: () => {
      backend.push('replica.changed', { tables: ['outbox'] });
      pushStatus();
    },
  });

  let dutyTimer: NodeJS.Timeout | null = null;
  let dutySoon: NodeJS.Timeout | null = null;
  const runDuties = (): number => {
    if (!sqlite.open) return 0;
    // While either replica is still being snapshotted it is incomplete: deriving work from it would push
    // credit positions the platform already has, or miss hand-overs another desk did. Wait for the feed.
    // (`pullers` is assigned below, before the first run.) Nothing is lost meanwhile: dealer-status work
    // waits in its durable queue (dealer_status_queue), the rest is derived from the replica's state.
    if (pullers.platform.getStatus().mode !== 'feed' || pullers.dms.getStatus().mode !== 'feed') return 0;
    try {
      const dmsCaughtUp = pullers.dms.getStatus().lagEvents === 0;
      const { added, dealerStatusBacklog } = deriveDuties(sqlite, now(), settings, { detectDelays: dmsCaughtUp });
      if (added > 0) {
        log?.({ level: 'info', msg: 'duties derived', added });
        backend.push('replica.changed', { tables: ['dealer_status_reviews'] });
        pushStatus();
      }
      // The queue is drained in batches, so one derivation never holds the write lock for long.
      if (dealerStatusBacklog > 0) scheduleDuties();
      dispatcher.kick();
      return added;
    } catch (error) {
      log?.({ level: 'error', msg: 'deriving duties failed', error: error instanceof Error ? error.message : String(error) });
      return 0;
    }
  };
  const scheduleDuties = () => {
    if (dutySoon) return;
    dutySoon = setTimeout(() => {
      dutySoon = null;
      runDuties();
    }, 50);
  };

  const onCommitted = (_source: SyncSource, tables: string[]) => {
    backend.push('replica.changed', { tables });
    scheduleDuties();
  };
  // Duties wait until both replicas follow their feeds. The page that ends the last snapshot may commit
  // before its puller reports the feed mode, and a quiet feed commits nothing after it: so a puller
  // reaching the feed is itself a reason to derive, or the work would wait for the safety-net timer.
  const inFeed: Record<SyncSource, boolean> = { platform: false, dms: false };
  const onPullStatus = (status: PullStatus) => {
    const reached = status.mode === 'feed' && !inFeed[status.source];
    inFeed[status.source] = status.mode === 'feed';
    if (reached) scheduleDuties();
    pushStatus();
  };

  const dbFile = sqlite.name;
  const entry = dbFile && dbFile !== ':memory:' ? findThreadEntry('pullThread', import.meta.url) : null;
  const useThread = (options.pullInThread ?? true) && entry !== null;
  let pullers: Record<SyncSource, PullerHandle>;
  let stopPullers: () => Promise<void>;
  if (useThread && entry) {
    const data: PullThreadData = {
      dbFile,
      platform: options.platform,
      dms: options.dms,
      // Smaller snapshot pages off-thread: each page's write transaction stays short, so a main-thread
      // write (an outbox outcome, a decision) never waits long for the lock.
      pull: { snapshotPageSize: 250, ...(options.pull ?? {}) },
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    };
    const worker = startThread(entry, data);
    const statuses: Record<SyncSource, PullStatus> = {
      platform: { source: 'platform', state: 'idle', mode: 'snapshot', lastSuccessAt: null, lagEvents: null, message: 'starting' },
      dms: { source: 'dms', state: 'idle', mode: 'snapshot', lastSuccessAt: null, lagEvents: null, message: 'starting' },
    };
    let stopped: (() => void) | null = null;
    worker.on('message', (m: PullThreadMessage) => {
      if (m.type === 'committed') onCommitted(m.source, m.tables);
      else if (m.type === 'status') {
        statuses[m.status.source] = m.status;
        onPullStatus(m.status);
      } else if (m.type === 'log') log?.(m.entry);
      else if (m.type === 'stopped') stopped?.();
    });
    worker.on('error', (error) => {
      log?.({ level: 'error', msg: 'pull thread failed', error: error.message });
      for (const s of ['platform', 'dms'] as const)
        statuses[s] = { ...statuses[s], state: 'error', message: `sync thread failed: ${error.message}` };
      pushStatus();
    });
    const send = (cmd: PullThreadCommand) => worker.postMessage(cmd);
    const handle = (source: SyncSource): PullerHandle => ({
      source,
      getStatus: () => ({ ...statuses[source] }),
      poke: () => send({ type: 'poke' }),
    });
    pullers = { platform: handle('platform'), dms: handle('dms') };
    stopPullers = async () => {
      const done = new Promise<void>((resolve) => {
        stopped = resolve;
        worker.once('exit', () => resolve());
      });
      send({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await done;
      clearTimeout(timer);
      await worker.terminate();
    };
  } else {
    const pullOptions: PullOptions = {
      ...(options.pull ?? {}),
      now,
      ...(log ? { log } : {}),
      onCommitted,
      onStatus: onPullStatus,
    };
    const inline = {
      platform: new SourcePuller(sqlite, platform.reader, pullOptions),
      dms: new SourcePuller(sqlite, dms.reader, pullOptions),
    };
    inline.platform.start();
    inline.dms.start();
    pullers = inline;
    stopPullers = async () => {
      await Promise.all([inline.platform.stop(), inline.dms.stop()]);
    };
  }

  const status = (): SyncStatusView => {
    const view = readSyncStatus(sqlite);
    view.sources = view.sources.map((s) => {
      const live = pullers[s.system].getStatus();
      const health = dispatcher.health(s.system);
      const paused = health.paused || live.state === 'paused';
      return {
        ...s,
        state: paused ? 'paused' : live.state,
        lastSuccessAt: live.lastSuccessAt ?? s.lastSuccessAt,
        lagEvents: live.mode === 'snapshot' ? null : live.lagEvents,
        message: health.paused
          ? health.pausedReason
          : (live.message ??
            (live.mode === 'snapshot'
              ? 'taking a snapshot'
              : health.breaker !== 'closed'
                ? `sending paused after repeated errors (${health.breaker})`
                : null)),
      };
    });
    return view;
  };

  const mode = options.mode ?? 'live';
  backend.setSyncStatusProvider?.({
    status,
    mode: () =>
      mode === 'demo'
        ? {
            mode: 'demo',
            modeMessage: 'Demo data: the reference servers are embedded in this desk, with simulated dealer and warehouse activity.',
          }
        : { mode: 'live', modeMessage: `Connected to ${options.platform.url} and ${options.dms.url}.` },
  });

  dispatcher.start();
  runDuties();
  dutyTimer = setInterval(runDuties, options.dutyIntervalMs ?? 5000);
  dutyTimer.unref?.();
  const prune = () => {
    try {
      if (sqlite.open) pruneOutbox(sqlite, now());
    } catch (error) {
      log?.({ level: 'warn', msg: 'pruning the outbox failed', error: error instanceof Error ? error.message : String(error) });
    }
  };
  prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref?.();

  let stopping: Promise<void> | null = null;
  const engine: SyncEngine = {
    platform,
    dms,
    dispatcher,
    pullers,
    pullInThread: useThread,
    runDuties,
    status,
    poke() {
      pullers.platform.poke();
      pullers.dms.poke();
    },
    stop() {
      stopping ??= (async () => {
        if (dutyTimer) clearInterval(dutyTimer);
        clearInterval(pruneTimer);
        if (dutySoon) clearTimeout(dutySoon);
        if (statusTimer) clearTimeout(statusTimer);
        await Promise.all([stopPullers(), dispatcher.stop()]);
        if (running.get(sqlite) === engine) running.delete(sqlite);
      })();
      return stopping;
    },
  };
  running.set(sqlite, engine);
  return engine;
}
