// Demo mode's reference servers, started in a worker thread (demoServersThread) so that generating or
// loading the dataset, serving snapshot pages and the simulated activity never stall the UI's event loop.
// When the thread's entry cannot be found (an unusual build) they run in this thread instead.
import { findThreadEntry, startThread } from '../threads';
import type { DemoThreadCommand, DemoThreadData, DemoThreadMessage } from './demoServersThread';

export interface DemoServers {
  platformUrl: string;
  dmsUrl: string;
  token: string;
  /** Whether they run in a worker thread. */
  inThread: boolean;
  close(): Promise<void>;
}

export interface DemoServerOptions extends DemoThreadData {
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export async function startDemoServers(options: DemoServerOptions): Promise<DemoServers> {
  const { signal, log, ...data } = options;
  const entry = findThreadEntry('demoServersThread', import.meta.url);
  if (!entry) {
    const { startReferenceServers } = await import('../../sim/index');
    const servers = await startReferenceServers({
      ...data,
      clock: 'wall',
      platformPort: 0,
      dmsPort: 0,
      ...(signal ? { signal } : {}),
      ...(log ? { log } : {}),
    });
    return {
      platformUrl: servers.platform.url,
      dmsUrl: servers.dms.url,
      token: servers.token,
      inThread: false,
      close: () => servers.close(),
    };
  }
  const workerData: DemoThreadData = data;
  const worker = startThread(entry, workerData);
  const send = (cmd: DemoThreadCommand) => worker.postMessage(cmd);
  let exited = false;
  worker.once('exit', () => (exited = true));
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      if (exited) return resolve();
      const done = () => resolve();
      worker.once('exit', done);
      worker.on('message', (m: DemoThreadMessage) => {
        if (m.type === 'closed') void worker.terminate().then(done, done);
      });
      send({ type: 'close' });
      // A thread that does not answer within 10 s is stopped hard; the servers' files are SQLite (WAL).
      setTimeout(() => void worker.terminate().then(done, done), 10_000).unref();
    });
    return closing;
  };
  signal?.addEventListener('abort', () => void close(), { once: true });
  return new Promise<DemoServers>((resolve, reject) => {
    worker.on('message', (m: DemoThreadMessage) => {
      if (m.type === 'log') log?.(m.line);
      else if (m.type === 'ready') resolve({ platformUrl: m.platformUrl, dmsUrl: m.dmsUrl, token: m.token, inThread: true, close });
      else if (m.type === 'failed') {
        reject(new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on('error', (error) => reject(error));
    worker.on('exit', (code) => reject(new Error(`the demo servers' thread stopped (exit code ${code}) before they were up`)));
  });
}
