// Worker-thread entry that runs the pullers off the UI process's event loop: fetching, JSON parsing,
// contract validation and SQLite apply of whole pages all happen here, on this thread's own connection to
// the same WAL database. The main thread receives only small messages (what changed, status, logs).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DmsConnector } from '../connectors/dms';
import { PlatformConnector } from '../connectors/platform';
import type { EndpointConfig } from '../connectors/http';
import { SourcePuller, type PullOptions, type PullStatus } from './pull';
import type { SyncSource } from '../db/schema';

export interface PullThreadData {
  dbFile: string;
  platform: EndpointConfig;
  dms: EndpointConfig;
  pull: Omit<PullOptions, 'onCommitted' | 'onStatus' | 'log' | 'now' | 'breaker'>;
  requestTimeoutMs?: number;
}

export type PullThreadMessage =
  | { type: 'committed'; source: SyncSource; tables: string[] }
  | { type: 'status'; status: PullStatus }
  | { type: 'log'; entry: Record<string, unknown> }
  | { type: 'stopped' };

export type PullThreadCommand = { type: 'poke' } | { type: 'stop' };

function run(): void {
  const port = parentPort;
  if (!port) throw new Error('pullThread must run in a worker thread');
  const data = workerData as PullThreadData;
  const sqlite = new Database(data.dbFile);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('recursive_triggers = ON');
  const post = (m: PullThreadMessage) => port.postMessage(m);
  const timeout = data.requestTimeoutMs ? { timeoutMs: data.requestTimeoutMs } : {};
  const options: PullOptions = {
    ...data.pull,
    log: (entry) => post({ type: 'log', entry }),
    onCommitted: (source, tables) => post({ type: 'committed', source, tables }),
    onStatus: (status) => post({ type: 'status', status }),
  };
  const pullers = [
    new SourcePuller(sqlite, new PlatformConnector({ ...data.platform, ...timeout }).reader, options),
    new SourcePuller(sqlite, new DmsConnector({ ...data.dms, ...timeout }).reader, options),
  ];
  for (const p of pullers) post({ type: 'status', status: p.getStatus() });
  port.on('message', (cmd: PullThreadCommand) => {
    if (cmd.type === 'poke') for (const p of pullers) p.poke();
    if (cmd.type === 'stop') {
      void Promise.all(pullers.map((p) => p.stop())).then(() => {
        sqlite.close();
        post({ type: 'stopped' });
        port.close();
      });
    }
  });
  for (const p of pullers) p.start();
}

if (parentPort) run();
