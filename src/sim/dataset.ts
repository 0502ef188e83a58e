// The seeded-data interface between the dataset generator (src/sim/data) and the servers' stores, and
// the bulk loader: contract-shaped records inserted in transactions WITHOUT feed events (seeded history
// is in the snapshot; the feed starts after the seed).
import type { Dms, Platform } from '../shared/contracts';
import type { SimStore } from './store/store';

/** Same shape as src/sim/data's DatasetBatch; the loader checks that the collection belongs to the system. */
export interface DatasetBatch {
  system: 'platform' | 'dms';
  collection: Platform.SnapshotCollection | Dms.SnapshotCollection;
  records: object[];
}

export interface LoadStats {
  rows: number;
  ms: number;
  rowsPerSecond: number;
  peakRssBytes: number;
}

/** Inserts every batch (one transaction each) into the matching store; returns throughput figures. */
export function loadDataset(stores: { platform: SimStore; dms: SimStore }, batches: Iterable<DatasetBatch>): LoadStats {
  const started = performance.now();
  let rows = 0;
  let peak = process.memoryUsage().rss;
  for (const batch of batches) {
    const store = batch.system === 'platform' ? stores.platform : stores.dms;
    if (!(batch.collection in store.collections)) throw new Error(`unknown ${batch.system} collection ${batch.collection}`);
    store.transaction(() => {
      for (const record of batch.records) store.putSilently(batch.collection, record);
    });
    rows += batch.records.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - started;
  return { rows, ms, rowsPerSecond: ms > 0 ? Math.round((rows / ms) * 1000) : rows, peakRssBytes: peak };
}

/**
 * The same load, yielding to the event loop between batches so that a signal (Ctrl+C during a long
 * bench generation) is handled; stops with an error when `signal` aborts.
 */
export async function loadDatasetAsync(
  stores: { platform: SimStore; dms: SimStore },
  batches: Iterable<DatasetBatch>,
  signal?: AbortSignal,
): Promise<LoadStats> {
  const started = performance.now();
  let rows = 0;
  let peak = process.memoryUsage().rss;
  for (const batch of batches) {
    if (signal?.aborted) throw new Error('dataset load aborted');
    const stats = loadDataset(stores, [batch]);
    rows += stats.rows;
    peak = Math.max(peak, stats.peakRssBytes);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const ms = performance.now() - started;
  return { rows, ms, rowsPerSecond: ms > 0 ? Math.round((rows / ms) * 1000) : rows, peakRssBytes: peak };
}
