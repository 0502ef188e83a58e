// Starts `npm run web`'s CLI (src/main/web/cli.ts, through tsx, exactly as a person would) on a fresh data
// directory against the given endpoints, for end-to-end tests that need the real runtime: the backend with
// the sync procedures, the sync engine and the web host. Stops it with SIGTERM and removes the directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SyncedDesk {
  /** The launch URL with its token. */
  url: string;
  origin: string;
  dataDir: string;
  /** Everything the CLI printed so far (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface DeskEndpoints {
  platformUrl: string;
  dmsUrl: string;
  platformToken: string;
  dmsToken: string;
}

export async function startSyncedDesk(endpoints: DeskEndpoints, timeoutMs = 30_000): Promise<SyncedDesk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-sync-'));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/web/cli.ts',
      '--port=0',
      `--data-dir=${dataDir}`,
      `--platform=${endpoints.platformUrl}`,
      `--dms=${endpoints.dmsUrl}`,
      // `=` form: a generated token may start with a dash, which parseArgs would read as an option.
      `--platform-token=${endpoints.platformToken}`,
      `--dms-token=${endpoints.dmsToken}`,
    ],
    { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the desk did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const look = () => {
        const found = /Dealer Desk is running at (\S+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.on('data', look);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the desk exited before serving:\n${output}`));
      });
    });
    return { url, origin: new URL(url).origin, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
