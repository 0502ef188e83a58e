// Starts the real backend and the web host on a fresh temp data directory, for one Playwright test.
// Run with tsx (so the backend's ESM TypeScript loads exactly as in `npm run web`); prints one JSON line
// {"url": "..."} on stdout, then serves until SIGTERM/SIGINT, when it closes and deletes the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/backend';
import { startWebHost } from '../../../src/main/web/host';

const dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-'));
const backend = await createBackend({ dataDir });
const host = await startWebHost({ backend, staticDir: 'dist-web' });

process.stdout.write(JSON.stringify({ url: host.url, dataDir }) + '\n');

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  try {
    await host.close();
    await backend.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
// If Playwright dies without signalling, do not linger.
process.stdin.on('end', () => void shutdown());
process.stdin.resume();
