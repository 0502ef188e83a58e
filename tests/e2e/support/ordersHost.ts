// A web host for the Orders end-to-end tests, on a fresh temp data directory. Two ways:
//   ordersHost.ts seeded <orders>          the backend with a synthetic replica (no sync running)
//   ordersHost.ts synced <platform> <dms> <token> [settings JSON]   the desk runtime syncing with those
//                                                  endpoints, with these desk settings written first
//                                                  (e.g. {"duties.handover": {"confirmChannels": ["portal"]}})
// Prints one JSON line {"url": ...} once serving; on SIGTERM/SIGINT (or stdin closing) it stops and
// deletes the directory. Run with tsx, as host.ts is.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/backend';
import { startDesk } from '../../../src/main/runtime';
import { startWebHost } from '../../../src/main/web/host';
import { seedSyntheticReplica } from '../../unit/queries/syntheticReplica';
import { serveUntilStopped } from './serve';

const [mode, ...args] = process.argv.slice(2);
const dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-orders-'));
let stop: () => Promise<void>;
let url: string;

if (mode === 'seeded') {
  const orders = Number(args[0] ?? 20_000);
  const backend = await createBackend({ dataDir });
  seedSyntheticReplica(backend.sqlite, { accounts: 400, orders });
  backend.sqlite
    .prepare(`INSERT INTO sync_cursors (source, feed_cursor, last_success_at, updated_at) VALUES ('platform', 'c1.1', ?, ?)`)
    .run(new Date().toISOString(), new Date().toISOString());
  const host = await startWebHost({ backend, staticDir: 'dist-web' });
  url = host.url;
  stop = async () => {
    await host.close();
    await backend.close();
  };
} else if (mode === 'synced') {
  const [platformUrl, dmsUrl, token, settingsJson] = args;
  if (!platformUrl || !dmsUrl || !token) throw new Error('usage: ordersHost.ts synced <platform url> <dms url> <token>');
  const desk = await startDesk({
    dataDir,
    endpoints: { platformUrl, dmsUrl, platformToken: token, dmsToken: token },
    log: (level, message) => process.stderr.write(`[desk] ${level}: ${message}\n`),
  });
  await desk.ready;
  const settings = settingsJson ? (JSON.parse(settingsJson) as Record<string, unknown>) : {};
  for (const [key, value] of Object.entries(settings)) desk.backend.services.settings.set(key, value, null);
  const host = await startWebHost({ backend: desk.backend, staticDir: 'dist-web' });
  url = host.url;
  stop = async () => {
    await host.close();
    await desk.close();
  };
} else {
  throw new Error(`unknown mode ${mode}: seeded | synced`);
}

serveUntilStopped(url, dataDir, stop);
