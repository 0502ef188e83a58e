// `npm run web -- [--port P] [--data-dir D] [--open]`: the backend plus the web host, until SIGINT/SIGTERM.
// The npm script builds the renderer first; this file builds nothing.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../backend';
import { startWebHost } from './host';

function defaultDataDir(): string {
  const fromEnv = process.env['DEALER_DESK_DATA_DIR'];
  if (fromEnv) return fromEnv;
  const xdg = process.env['XDG_DATA_HOME'];
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.local', 'share'), 'dealer-desk');
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => console.error(`Could not open a browser (${command}); open the address above yourself.`));
    child.unref();
  } catch {
    console.error(`Could not open a browser (${command}); open the address above yourself.`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      open: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: npm run web -- [--port P] [--data-dir D] [--open]');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`);
  const dataDir = values['data-dir'] ?? defaultDataDir();

  const backend = await createBackend({ dataDir });
  const host = await startWebHost({ backend, port }).catch(async (error: unknown) => {
    await backend.close();
    throw error;
  });
  console.log(`Dealer Desk is running at ${host.url}`);
  console.log(`Data: ${backend.dataDir}. Stop with Ctrl+C.`);
  if (values.open) openInBrowser(host.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${signal})...`);
    host
      .close()
      .then(() => backend.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Dealer Desk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
