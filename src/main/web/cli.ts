// `npm run web -- [--port P] [--data-dir D] [--open] [--platform URL --dms URL --token T]`: the desk (backend,
// sync engine and, with no endpoints configured, the embedded demo servers) plus the web host, until
// SIGINT/SIGTERM. The npm script builds the renderer first; this file builds nothing.
import { spawn } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { endpointsFrom, startDesk } from '../runtime';
import { startWebHost } from './host';

function defaultDataDir(): string {
  const fromEnv = process.env['DEALER_DESK_DATA_DIR'];
  if (fromEnv) return fromEnv;
  const xdg = process.env['XDG_DATA_HOME'];
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.local', 'share'), 'dealer-desk');
}

const usage = `Usage: npm run web -- [--port P] [--data-dir D] [--open]
                    [--platform URL --dms URL --token T | --platform-token T --dms-token T]
                    [--demo-seed N] [--demo-speed X] [--demo-scale demo|test]

Without --platform/--dms (or DEALER_DESK_PLATFORM_URL / DEALER_DESK_DMS_URL) the desk runs in demo mode:
the reference servers start inside it, with demo data and live activity on the wall clock. --demo-speed
sets how busy it is: 1 (default) is a dealer order every few seconds and a credit hold every few minutes,
2 twice that, 0 pauses the activity. Demo dates are never ahead of the wall clock.`;

function numberFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number >= 0, not ${value}`);
  return n;
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
      platform: { type: 'string' },
      dms: { type: 'string' },
      token: { type: 'string' },
      'platform-token': { type: 'string' },
      'dms-token': { type: 'string' },
      'demo-seed': { type: 'string' },
      'demo-speed': { type: 'string' },
      'demo-scale': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, not ${values.port}`);
  const dataDir = values['data-dir'] ?? defaultDataDir();

  const endpoints = endpointsFrom({
    platform: values.platform,
    dms: values.dms,
    token: values.token,
    platformToken: values['platform-token'],
    dmsToken: values['dms-token'],
  });
  const scale = values['demo-scale'] ?? 'demo';
  if (scale !== 'demo' && scale !== 'test') throw new Error(`--demo-scale must be demo or test, not ${scale}`);
  const seed = numberFlag('demo-seed', values['demo-seed']);
  const speed = numberFlag('demo-speed', values['demo-speed']);

  const desk = await startDesk({
    dataDir,
    endpoints,
    demo: { scale, ...(seed === undefined ? {} : { seed }), ...(speed === undefined ? {} : { speed }) },
    log: (level, message) => (level === 'info' ? console.log(message) : console.error(message)),
  });
  const backend = desk.backend;
  const host = await startWebHost({ backend, port }).catch(async (error: unknown) => {
    await desk.close();
    throw error;
  });
  console.log(`Dealer Desk is running at ${host.url}`);
  console.log(`Data: ${backend.dataDir}${desk.mode === 'demo' ? ' (demo data)' : ''}. Stop with Ctrl+C.`);
  if (values.open) openInBrowser(host.url);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Stopping (${signal})...`);
    host
      .close()
      .then(() => desk.close())
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
