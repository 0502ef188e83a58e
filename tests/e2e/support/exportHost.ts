// A web host for the export end-to-end test: a backend with the Sync screen's procedures on a fresh temp
// data directory, its outbox seeded with <items> commands (no sync engine runs, so they stay as seeded) and a
// few quarantined records. Usage: exportHost.ts <items>. Prints {"url", "dataDir"}, then serves until
// stopped (tests/e2e/support/serve.ts), deleting the directory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../../src/main/backend';
import { syncProcedureHandlers } from '../../../src/main/sync/procedures';
import { startWebHost } from '../../../src/main/web/host';
import { seededItem } from './exportSeed';
import { serveUntilStopped } from './serve';

const items = Number(process.argv[2] ?? 100_000);
const dataDir = mkdtempSync(join(tmpdir(), 'dealer-desk-e2e-export-'));
const backend = await createBackend({ dataDir, handlers: [syncProcedureHandlers] });
const insert = backend.sqlite.prepare(
  `INSERT INTO outbox (id, target, kind, entity_key, idempotency_key, method, path, payload, status, attempts, last_status, last_error,
     created_at, updated_at, created_by)
   VALUES (?, ?, ?, ?, ?, 'POST', '/orders', ?, ?, ?, ?, ?, ?, ?, 'system')`,
);
backend.sqlite.transaction(() => {
  for (let i = 1; i <= items; i++) {
    const it = seededItem(i);
    insert.run(
      i,
      it.target,
      it.kind,
      it.entityKey,
      `seed:${i}`,
      JSON.stringify({ n: i }),
      it.status,
      it.attempts,
      it.lastStatus,
      it.lastError,
      it.createdAt,
      it.createdAt,
    );
  }
  const quarantine = backend.sqlite.prepare(
    "INSERT INTO quarantine (source, kind, raw, error, received_at) VALUES ('platform', 'event:order', ?, ?, '2026-11-20T10:00:00.000Z')",
  );
  for (let i = 1; i <= 3; i++) {
    const event = { id: `evt-${i}`, type: 'order.updated', resource: { type: 'order', id: `po-${i}`, total: 'abc, "quoted"' } };
    quarantine.run(JSON.stringify(event), `Order: /total must be integer (${i})`);
  }
})();
const host = await startWebHost({ backend, staticDir: 'dist-web' });

serveUntilStopped(host.url, dataDir, async () => {
  await host.close();
  await backend.close();
});
