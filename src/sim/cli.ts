// `npm run sim -- [--seed N] [--scale demo|bench|test] [--platform-port P] [--dms-port Q] [--activity X]
// [--data-dir D] [--token T]`: starts both reference servers on the wall clock, prints one JSON line with
// their base URLs and the token, and runs until SIGINT/SIGTERM.
import { startReferenceServers } from './index';
import { parseSimArgs, type CliOptions } from './cli-args';

async function main(): Promise<void> {
  let args: CliOptions;
  try {
    args = parseSimArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  // Signals are wired before the (possibly long) first generation, which checks this between batches.
  const abort = new AbortController();
  let servers: Awaited<ReturnType<typeof startReferenceServers>> | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!servers) {
      abort.abort();
      return;
    }
    servers.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sim: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    servers = await startReferenceServers({ ...args, clock: 'wall', signal: abort.signal });
  } catch (err) {
    if (abort.signal.aborted) {
      process.stderr.write('sim: stopped before the servers were up\n');
      process.exit(0);
    }
    throw err;
  }
  if (stopping) {
    await servers.close();
    process.exit(0);
  }
  process.stdout.write(`${JSON.stringify({ platform: servers.platform.url, dms: servers.dms.url, token: servers.token })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`sim: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
