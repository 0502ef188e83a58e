// Scale report for the seeded dataset: generates a scale into a counting sink (optionally serialising every
// record, as a store would) and reports throughput and peak memory. Also runnable alone:
//   npx tsx src/sim/data/report.ts --scale bench [--seed N] [--serialize]
import { pathToFileURL } from 'node:url';
import { type DatasetScaleName, generateDataset } from './index.js';

export interface ScaleReport {
  scale: DatasetScaleName;
  seed: number;
  rows: number;
  /** Rows per collection, keyed `<system>:<collection>`. */
  collections: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  /** Bytes of JSON when `serialize` was on, else 0. */
  jsonBytes: number;
}

export interface ScaleReportOptions {
  seed?: number;
  now?: Date;
  /** JSON-encode every record, as loading it into a store would (slower, closer to a real load). */
  serialize?: boolean;
  /** Called after each batch with the rows so far (progress output). */
  onProgress?: (rows: number) => void;
}

export function runScaleReport(scale: DatasetScaleName, opts: ScaleReportOptions = {}): ScaleReport {
  const seed = opts.seed ?? 1;
  const started = performance.now();
  let rows = 0;
  let jsonBytes = 0;
  let peakRss = process.memoryUsage().rss;
  const collections: Record<string, number> = {};
  let batches = 0;
  for (const batch of generateDataset({ seed, scale, now: opts.now ?? new Date() })) {
    rows += batch.records.length;
    const key = `${batch.system}:${batch.collection}`;
    collections[key] = (collections[key] ?? 0) + batch.records.length;
    if (opts.serialize) for (const r of batch.records) jsonBytes += JSON.stringify(r).length;
    // rss is a syscall: sample it every few batches, which is plenty at 5000 rows a batch.
    if (++batches % 4 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    opts.onProgress?.(rows);
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  return {
    scale,
    seed,
    rows,
    collections,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / Math.max(seconds, 1e-6)),
    peakRssMb: Math.round(peakRss / 1048576),
    jsonBytes,
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const scale = (argValue(args, '--scale') ?? 'demo') as DatasetScaleName;
  if (!['demo', 'bench', 'test', 'tiny'].includes(scale)) {
    process.stderr.write(`report: unknown scale ${scale} (demo|bench|test)\n`);
    process.exit(2);
  }
  const seed = Number(argValue(args, '--seed') ?? '1');
  let lastPrint = 0;
  const report = runScaleReport(scale, {
    seed,
    serialize: args.includes('--serialize'),
    onProgress: (rows) => {
      if (rows - lastPrint >= 500_000) {
        lastPrint = rows;
        process.stderr.write(`  ${rows} rows...\n`);
      }
    },
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
