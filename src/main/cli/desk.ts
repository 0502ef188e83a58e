// `npm run desk -- status --data-dir D [--json]`: the sync status of a desk's (or worker's) data file, read
// from the database alone, so it works while a worker runs and when nothing runs at all.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../db/open';
import { DATABASE_FILE_NAME } from '../backend';
import { readSyncStatus } from '../sync/status';

export interface DeskStatusReport {
  dataDir: string;
  sources: Record<
    'platform' | 'dms',
    { state: string; lastSuccessfulPullAt: string | null; lagEvents: number | null; message: string | null }
  >;
  outbox: { pending: number; failed: number; conflict: number; oldestPendingAt: string | null; oldestPendingAgeSeconds: number | null };
  quarantine: number;
}

export function deskStatus(dataDir: string, now: Date = new Date()): DeskStatusReport {
  const file = join(dataDir, DATABASE_FILE_NAME);
  if (!existsSync(file)) throw new Error(`No Dealer Desk data in ${dataDir} (expected ${DATABASE_FILE_NAME}).`);
  const { sqlite } = openDatabase(file);
  try {
    const view = readSyncStatus(sqlite);
    const source = (system: 'platform' | 'dms') => {
      const s = view.sources.find((x) => x.system === system);
      return {
        state: s?.state ?? 'not_configured',
        lastSuccessfulPullAt: s?.lastSuccessAt ?? null,
        lagEvents: s?.lagEvents ?? null,
        message: s?.message ?? null,
      };
    };
    const oldest = view.outbox.oldestPendingAt;
    return {
      dataDir,
      sources: { platform: source('platform'), dms: source('dms') },
      outbox: {
        ...view.outbox,
        oldestPendingAgeSeconds: oldest ? Math.max(0, Math.round((now.getTime() - Date.parse(oldest)) / 1000)) : null,
      },
      quarantine: view.quarantine,
    };
  } finally {
    sqlite.close();
  }
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const command = positionals[0];
  const dataDir = values['data-dir'] ?? process.env.DEALER_DESK_DATA_DIR;
  if (command !== 'status' || !dataDir) {
    process.stderr.write('usage: npm run desk -- status --data-dir D [--json]\n');
    process.exit(2);
  }
  try {
    const report = deskStatus(dataDir);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    for (const [name, s] of Object.entries(report.sources)) {
      process.stdout.write(
        `${name.padEnd(9)} ${s.state.padEnd(14)} last pull ${s.lastSuccessfulPullAt ?? 'never'}  lag ${s.lagEvents ?? '?'}${s.message ? `  (${s.message})` : ''}\n`,
      );
    }
    const o = report.outbox;
    process.stdout.write(
      `outbox    ${o.pending} pending, ${o.failed} failed, ${o.conflict} conflict${o.oldestPendingAgeSeconds !== null ? `, oldest pending ${o.oldestPendingAgeSeconds}s` : ''}\n`,
    );
    process.stdout.write(`quarantine ${report.quarantine}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && /desk\.(ts|js|mjs)$/.test(process.argv[1])) main();
