// Builds a bench-scale replica through the real backend (the app's migrations, indexes and search
// triggers): the seeded dataset of src/sim/data, every collection of both systems, each record validated
// against its contract and written by the sync engine's ReplicaWriter, one transaction per page.
//
// The generator emits history dealer by dealer, but a snapshot pages each collection in id order (the
// reference servers serve `ORDER BY id`; seeded ids follow placement time). Applying in generator order
// would scatter every insert over the time-ordered indexes and give a replica laid out unlike a synced
// one, so the records are first spooled to files in id buckets and then applied collection by collection,
// in id order, the way an initial sync delivers them.
//
// The fill is not a budget figure (bench/sync.ts times the apply path against raw inserts), so it takes
// the short cuts that leave the same database behind: plain upserts without the snapshot bookkeeping
// (`sync_snapshot_seen`, nothing to prune on a fresh desk), larger transactions, and synchronous = OFF
// until the end (the app's NORMAL is restored and the WAL checkpointed before anything is measured).
import fs from 'node:fs';
import path from 'node:path';
import type { Platform } from '../src/shared/contracts';
import { createBackend, type Backend } from '../src/main/backend';
import { dmsSource, platformSource, readSnapshotItem, type IncomingRecord } from '../src/main/connectors/source';
import { ReplicaWriter } from '../src/main/sync/replica';
import { generateDataset, type DatasetSizes } from '../src/sim/data/index';

/** A fixed "now" so every run builds the same replica (open orders are the last 36 hours before it). */
export const BENCH_NOW = new Date('2026-11-27T09:30:00.000Z');
export const BENCH_SEED = 1;
/** Records per fill transaction. */
export const FILL_PAGE = 5000;

export interface ReplicaProgress {
  phase: 'generate' | 'apply';
  records: number;
  /** Records the phase will handle in all (known once generation is done). */
  of?: number;
}

export interface BenchReplica {
  backend: Backend;
  /** Top-level records written, per `<system>:<collection>`. */
  collections: Record<string, number>;
  /** Records the contract validation refused (0: the dataset is contract-shaped). */
  quarantined: number;
  /** Rows in the replica tables after the fill, children included. */
  tables: Record<string, number>;
  rows: number;
  /** Platform orders per status, per channel; accounts per region. */
  orderStatuses: Record<string, number>;
  orderChannels: Record<string, number>;
  accountRegions: Record<string, number>;
  generateSeconds: number;
  applySeconds: number;
  /** Rows (children included) per second of the fill's apply phase: parse, validate, ReplicaWriter.apply. */
  applyRowsPerSecond: number;
  databaseMb: number;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Collections whose ids carry the order sequence (`po-0000444`, `ds-0000444-2`, `inv-0000444-1`, ...). */
const sequencedCollections = new Set([
  'platform:orders',
  'platform:dealer_statuses',
  'dms:orders',
  'dms:invoices',
  'dms:returns',
  'dms:credit_overrides',
]);

/** Snapshot order of the collections (the connectors' order), platform first. */
const snapshotOrder: { system: 'platform' | 'dms'; collection: string }[] = [
  ...Object.keys(platformSource.collections).map((collection) => ({ system: 'platform' as const, collection })),
  ...Object.keys(dmsSource.collections).map((collection) => ({ system: 'dms' as const, collection })),
];

function idOf(system: 'platform' | 'dms', collection: string, record: Record<string, unknown>): string {
  const spec = system === 'platform' ? platformSource : dmsSource;
  const type = spec.collections[collection];
  const field = type ? spec.resources[type]?.idField : undefined;
  return String(field ? record[field] : '');
}

/** Spools records into per-(collection, id bucket) JSON-lines files; buckets are in id order. */
class Spool {
  private readonly buffers = new Map<string, string[]>();
  private readonly sizes = new Map<string, number>();
  readonly buckets = new Map<string, Set<number>>();
  readonly counts = new Map<string, number>();

  constructor(
    private readonly dir: string,
    private readonly bucketWidth: number,
  ) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(key: string, bucket: number): string {
    return path.join(this.dir, `${key.replace(':', '.')}.${bucket}.jsonl`);
  }

  add(system: 'platform' | 'dms', collection: string, record: object): void {
    const key = `${system}:${collection}`;
    let bucket = 0;
    if (sequencedCollections.has(key)) {
      const seq = /\d+/.exec(idOf(system, collection, record as Record<string, unknown>));
      bucket = seq ? Math.floor(Number(seq[0]) / this.bucketWidth) : 0;
    }
    const name = `${key}#${bucket}`;
    let buffer = this.buffers.get(name);
    if (!buffer) this.buffers.set(name, (buffer = []));
    const line = JSON.stringify(record);
    buffer.push(line);
    const size = (this.sizes.get(name) ?? 0) + line.length;
    this.sizes.set(name, size);
    let set = this.buckets.get(key);
    if (!set) this.buckets.set(key, (set = new Set()));
    set.add(bucket);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (size > 4_000_000) this.flush(key, bucket);
  }

  private flush(key: string, bucket: number): void {
    const name = `${key}#${bucket}`;
    const buffer = this.buffers.get(name);
    if (!buffer || buffer.length === 0) return;
    fs.appendFileSync(this.file(key, bucket), `${buffer.join('\n')}\n`);
    this.buffers.set(name, []);
    this.sizes.set(name, 0);
  }

  flushAll(): void {
    for (const [key, set] of this.buckets) for (const bucket of set) this.flush(key, bucket);
  }

  /** The records of one bucket, sorted by id; the file is removed once read. */
  read(system: 'platform' | 'dms', collection: string, bucket: number): Record<string, unknown>[] {
    const file = this.file(`${system}:${collection}`, bucket);
    const text = fs.readFileSync(file, 'utf8');
    fs.rmSync(file);
    const records = text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const keyed = records.map((r) => ({ id: idOf(system, collection, r), r }));
    keyed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return keyed.map((k) => k.r);
  }
}

function countBy(sqlite: Backend['sqlite'], sql: string): Record<string, number> {
  const rows = sqlite.prepare(sql).all() as { k: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.k, r.n]));
}

/**
 * Fills a fresh backend in `dataDir` (the spool goes to `dataDir/spool` and is removed). Async only so
 * that Ctrl+C and progress output get a turn between pages; the work itself is synchronous, as in the
 * sync engine's pull thread.
 */
export async function buildBenchReplica(opts: {
  dataDir: string;
  sizes: DatasetSizes;
  seed?: number;
  now?: Date;
  onProgress?: (p: ReplicaProgress) => void;
}): Promise<BenchReplica> {
  const now = opts.now ?? BENCH_NOW;
  const spoolDir = path.join(opts.dataDir, 'spool');
  const spool = new Spool(spoolDir, Math.max(1000, Math.ceil(opts.sizes.orders / 40)));

  let t = performance.now();
  let generated = 0;
  for (const batch of generateDataset({ seed: opts.seed ?? BENCH_SEED, scale: 'bench', sizes: opts.sizes, now })) {
    for (const r of batch.records) spool.add(batch.system, batch.collection, r);
    generated += batch.records.length;
    opts.onProgress?.({ phase: 'generate', records: generated });
    await yieldToEvents();
  }
  spool.flushAll();
  const generateSeconds = (performance.now() - t) / 1000;

  const backend = await createBackend({ dataDir: opts.dataDir, now: () => now, log: () => {} });
  try {
    const sqlite = backend.sqlite;
    sqlite.pragma('synchronous = OFF');
    const writers = { platform: new ReplicaWriter(sqlite, 'platform'), dms: new ReplicaWriter(sqlite, 'dms') };
    const collections: Record<string, number> = {};
    let quarantined = 0;
    let applied = 0;
    t = performance.now();
    for (const { system, collection } of snapshotOrder) {
      const key = `${system}:${collection}`;
      const spec = system === 'platform' ? platformSource : dmsSource;
      let lastId = '';
      for (const bucket of [...(spool.buckets.get(key) ?? [])].sort((a, b) => a - b)) {
        const records = spool.read(system, collection, bucket);
        for (let i = 0; i < records.length; i += FILL_PAGE) {
          const page: IncomingRecord[] = [];
          for (const raw of records.slice(i, i + FILL_PAGE)) {
            const r = readSnapshotItem(spec, collection, raw);
            if ('error' in r) {
              quarantined++;
              continue;
            }
            if (r.id <= lastId) throw new Error(`${key}: ${r.id} after ${lastId}: the id buckets are not in id order`);
            lastId = r.id;
            page.push(r);
          }
          sqlite.transaction(() => writers[system].apply(page))();
          collections[key] = (collections[key] ?? 0) + page.length;
          applied += page.length;
          opts.onProgress?.({ phase: 'apply', records: applied, of: generated });
          await yieldToEvents();
        }
      }
    }
    const applySeconds = (performance.now() - t) / 1000;
    // Back to the app's settings, the WAL folded in: what is measured next runs on a desk as the app leaves it.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    // No ANALYZE: the app never runs it, so the planner sees what it sees on a freshly synced desk.

    const tableNames = (
      sqlite
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'platform\\_%' ESCAPE '\\' OR name LIKE 'dms\\_%' ESCAPE '\\') AND name NOT LIKE '%fts%' ORDER BY name",
        )
        .pluck()
        .all() as string[]
    ).filter((n) => n !== 'platform_order_counts');
    const tables = Object.fromEntries(tableNames.map((n) => [n, sqlite.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
    const rows = Object.values(tables).reduce((a, b) => a + b, 0);
    const pageCount = sqlite.pragma('page_count', { simple: true }) as number;
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    return {
      backend,
      collections,
      quarantined,
      tables,
      rows,
      orderStatuses: countBy(sqlite, 'SELECT status AS k, count(*) AS n FROM platform_orders GROUP BY status ORDER BY n DESC'),
      orderChannels: countBy(sqlite, 'SELECT channel AS k, count(*) AS n FROM platform_orders GROUP BY channel ORDER BY n DESC'),
      accountRegions: countBy(sqlite, 'SELECT region AS k, count(*) AS n FROM platform_accounts GROUP BY region ORDER BY n DESC'),
      generateSeconds: Number(generateSeconds.toFixed(1)),
      applySeconds: Number(applySeconds.toFixed(1)),
      applyRowsPerSecond: Math.round(rows / applySeconds),
      databaseMb: Math.round((pageCount * pageSize) / 1048576),
    };
  } catch (error) {
    await backend.close();
    throw error;
  } finally {
    fs.rmSync(spoolDir, { recursive: true, force: true });
  }
}

/**
 * The seeded dataset's platform orders alone, in id order (as a snapshot pages them). The other
 * collections are generated and dropped; the orders are held as JSON until sorted, so keep `orders` to a
 * few hundred thousand.
 */
export function* datasetOrders(sizes: DatasetSizes, seed = BENCH_SEED, now = BENCH_NOW): Generator<Platform.Order> {
  const held: { id: string; json: string }[] = [];
  for (const batch of generateDataset({ seed, scale: 'bench', sizes, now })) {
    if (batch.system !== 'platform' || batch.collection !== 'orders') continue;
    for (const o of batch.records as Platform.Order[]) held.push({ id: o.id, json: JSON.stringify(o) });
  }
  held.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const h of held) yield JSON.parse(h.json) as Platform.Order;
}
