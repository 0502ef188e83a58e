// Shared helpers for the sync integration tests: desks on temp SQLite files, reference servers, and a
// comparison of a replica with the servers' current state (read through their snapshots).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../../src/main/db/open';
import { HttpClient } from '../../../src/main/connectors/http';
import { SourceReader, dmsSource, platformSource, type SourceSpec } from '../../../src/main/connectors/source';
import { replicaTables } from '../../../src/main/sync/replica';
import type { SyncSource } from '../../../src/main/db/schema';

export function tempDir(prefix = 'dd-sync-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openDesk(dir: string): Database.Database {
  fs.mkdirSync(dir, { recursive: true });
  return openDatabase(path.join(dir, 'dealer-desk.sqlite')).sqlite;
}

/** id -> version of every resource of every collection, as the server holds it now. */
export async function serverState(url: string, token: string, spec: SourceSpec): Promise<Map<string, Map<string, number>>> {
  const reader = new SourceReader(new HttpClient({ system: spec.system, url, token }), spec);
  const state = new Map<string, Map<string, number>>();
  for (const [collection, type] of Object.entries(spec.collections)) {
    const ids = new Map<string, number>();
    let token2: string | null = null;
    do {
      const res = await reader.snapshot(collection, token2, 5000);
      if (res.kind !== 'ok') throw new Error(`snapshot ${collection}: ${res.kind}`);
      for (const r of res.body.records) ids.set(r.id, r.version);
      token2 = res.body.nextPageToken;
    } while (token2);
    state.set(type, ids);
  }
  return state;
}

export function replicaState(sqlite: Database.Database, source: SyncSource): Map<string, Map<string, number>> {
  const state = new Map<string, Map<string, number>>();
  for (const [type, spec] of Object.entries(replicaTables[source])) {
    const rows = sqlite.prepare(`SELECT "${spec.key}" AS id, version FROM ${spec.table}`).all() as { id: string; version: number }[];
    state.set(type, new Map(rows.map((r) => [r.id, r.version])));
  }
  return state;
}

/** Differences as readable lines; empty when the replica equals the server. */
export function diffStates(server: Map<string, Map<string, number>>, replica: Map<string, Map<string, number>>): string[] {
  const out: string[] = [];
  for (const [type, ids] of server) {
    const mine = replica.get(type) ?? new Map<string, number>();
    for (const [id, v] of ids) if (mine.get(id) !== v) out.push(`${type} ${id}: server v${v}, replica v${mine.get(id) ?? 'none'}`);
    for (const id of mine.keys()) if (!ids.has(id)) out.push(`${type} ${id}: only in replica`);
  }
  return out;
}

export { dmsSource, platformSource };

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}
