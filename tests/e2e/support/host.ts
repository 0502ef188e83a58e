// Starts the real backend and the web host on a fresh temp data directory, for one Playwright test.
// Run with tsx (so the backend's ESM TypeScript loads exactly as in `npm run web`); prints one JSON line
// {"url": "..."} on stdout, then serves until SIGTERM/SIGINT, when it closes and deletes the directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/backend';
import { startWebHost } from '../../../src/main/web/host';
import { serveUntilStopped } from './serve';

const dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-'));
const backend = await createBackend({ dataDir });
const host = await startWebHost({ backend, staticDir: 'dist-web' });

serveUntilStopped(host.url, dataDir, async () => {
  await host.close();
  await backend.close();
});
