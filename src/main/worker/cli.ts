// The headless integration worker (`npm run worker -- --data-dir D --platform URL --dms URL --token T`):
// the backend and the sync engine without a UI, so the join keeps working when no desk is open.
// Logs JSON lines on stdout; SIGTERM/SIGINT stop it cleanly; kill -9 loses nothing (every step is a
// committed transaction and in-flight sends are looked up after a restart).
import { parseArgs } from 'node:util';
import { createBackend } from '../backend';
import { startSync } from '../sync/engine';

function log(entry: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
}

const usage = 'usage: npm run worker -- --data-dir D --platform URL --dms URL --token T [--platform-token T] [--dms-token T]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      platform: { type: 'string' },
      dms: { type: 'string' },
      token: { type: 'string' },
      'platform-token': { type: 'string' },
      'dms-token': { type: 'string' },
      'poll-ms': { type: 'string' },
      'retry-base-ms': { type: 'string' },
      'retry-cap-ms': { type: 'string' },
      'duty-interval-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
    },
    allowPositionals: false,
  });
  const dataDir = values['data-dir'] ?? process.env.DEALER_DESK_DATA_DIR;
  const platformToken = values['platform-token'] ?? values.token;
  const dmsToken = values['dms-token'] ?? values.token;
  if (!dataDir || !values.platform || !values.dms || !platformToken || !dmsToken) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  const backend = await createBackend({
    dataDir,
    log: (level, message, detail) => log({ level, msg: message, ...(detail === undefined ? {} : { detail: String(detail) }) }),
  });
  const engine = startSync({
    backend,
    platform: { url: values.platform, token: platformToken },
    dms: { url: values.dms, token: dmsToken },
    log,
    ...(values['poll-ms'] ? { pull: { pollMs: Number(values['poll-ms']) } } : {}),
    // Tuning for tests and impatient operators; the defaults suit a server that runs for months.
    ...(values['retry-base-ms'] || values['retry-cap-ms']
      ? {
          outbox: {
            backoff: {
              ...(values['retry-base-ms'] ? { baseMs: Number(values['retry-base-ms']) } : {}),
              ...(values['retry-cap-ms'] ? { capMs: Number(values['retry-cap-ms']) } : {}),
            },
            breaker: { threshold: 8, openMs: 200, maxOpenMs: 1000 },
          },
        }
      : {}),
    ...(values['duty-interval-ms'] ? { dutyIntervalMs: Number(values['duty-interval-ms']) } : {}),
    ...(values['request-timeout-ms'] ? { requestTimeoutMs: Number(values['request-timeout-ms']) } : {}),
  });
  log({ level: 'info', msg: 'worker started', dataDir, platform: values.platform, dms: values.dms, pid: process.pid });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log({ level: 'info', msg: 'worker stopping', signal });
    void (async () => {
      try {
        await engine.stop();
        const outbox = engine.status().outbox;
        await backend.close();
        log({ level: 'info', msg: 'worker stopped', outbox });
        process.exit(0);
      } catch (error) {
        log({ level: 'error', msg: 'shutdown failed', error: String(error) });
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log({ level: 'error', msg: 'worker failed to start', error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
