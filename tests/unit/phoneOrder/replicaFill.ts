// Writes contract records into a desk replica the way the sync engine does (validated snapshot items through
// the ReplicaWriter, in one transaction), and marks both sources as pulled, for the phone order tests.
import type Database from 'better-sqlite3';
import { dmsSource, platformSource, readSnapshotItem, type IncomingRecord } from '../../../src/main/connectors/source';
import { ReplicaWriter } from '../../../src/main/sync/replica';

export interface ReplicaBatch {
  system: 'platform' | 'dms';
  collection: string;
  records: readonly object[];
}

export function fillReplica(sqlite: Database.Database, batches: readonly ReplicaBatch[], pulledAt = new Date()): void {
  const writers = { platform: new ReplicaWriter(sqlite, 'platform'), dms: new ReplicaWriter(sqlite, 'dms') };
  sqlite.transaction(() => {
    for (const batch of batches) {
      const spec = batch.system === 'platform' ? platformSource : dmsSource;
      const records: IncomingRecord[] = batch.records.map((raw) => {
        const item = readSnapshotItem(spec, batch.collection, raw);
        if ('error' in item) throw new Error(`${batch.system}/${batch.collection}: ${item.error}`);
        return item;
      });
      writers[batch.system].apply(records);
    }
    const at = pulledAt.toISOString();
    for (const source of ['platform', 'dms'])
      sqlite
        .prepare(
          `INSERT INTO sync_cursors (source, feed_cursor, last_success_at, updated_at) VALUES (?, 'c1.1', ?, ?)
           ON CONFLICT(source) DO UPDATE SET last_success_at = excluded.last_success_at`,
        )
        .run(source, at, at);
  })();
}
