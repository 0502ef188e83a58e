// Worker-thread entry for demo mode: the embedded reference servers (dataset generation or cache copy,
// HTTP serving of snapshot pages, simulated activity) run here, so none of it stalls the event loop that
// serves the UI. The main thread receives the endpoints, log lines and a 'closed' when asked to stop.
import { parentPort, workerData } from 'node:worker_threads';
import { startReferenceServers, type ReferenceServerOptions } from '../../sim/index';

export type DemoThreadData = Pick<ReferenceServerOptions, 'seed' | 'scale' | 'activityRate' | 'dataDir'>;

export type DemoThreadMessage =
  | { type: 'ready'; platformUrl: string; dmsUrl: string; token: string }
  | { type: 'log'; line: string }
  | { type: 'failed'; message: string }
  | { type: 'closed' };

export type DemoThreadCommand = { type: 'close' };

function run(): void {
  const port = parentPort;
  if (!port) throw new Error('demoServersThread must run in a worker thread');
  const post = (m: DemoThreadMessage) => port.postMessage(m);
  const abort = new AbortController();
  let closeRequested = false;
  const started = startReferenceServers({
    ...(workerData as DemoThreadData),
    // What a person sees: simulated time is the wall clock.
    clock: 'wall',
    platformPort: 0,
    dmsPort: 0,
    signal: abort.signal,
    log: (line) => post({ type: 'log', line }),
  });
  port.on('message', (cmd: DemoThreadCommand) => {
    if (cmd.type !== 'close' || closeRequested) return;
    closeRequested = true;
    abort.abort();
    void started
      .then((servers) => servers.close())
      .catch(() => undefined)
      .then(() => {
        post({ type: 'closed' });
        port.close();
      });
  });
  started.then(
    (servers) => {
      if (!closeRequested) post({ type: 'ready', platformUrl: servers.platform.url, dmsUrl: servers.dms.url, token: servers.token });
    },
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}

run();
