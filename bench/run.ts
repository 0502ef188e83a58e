// `npm run bench -- [--scale small|full] [--only apply,queue,search,holds,preview,lag,replica,status]`: the performance
// budgets of DESIGN.md ("Budgets"), each reported with its raw-SQLite comparison from the same run. Prints
// a table on stdout (progress on stderr), writes every figure to bench/results/latest.json, exits 1
// when a measured budget is broken (2 when a part could not run). Temp data lives under os.tmpdir() and
// is removed at the end and on Ctrl+C.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultMigrationsDir, knownMigrations } from '../src/main/db/open';
import type { DatasetSizes } from '../src/sim/data/index';
import { benchDealerStatus, type DealerStatusBenchResult } from './dealerStatus';
import { benchSyncLag, type LagBenchResult } from './lag';
import { benchApplyShare, benchDashboards, DASHBOARD_BUDGET_MS, type ApplyShareResult, type DashboardsBenchResult } from './dashboards';
import { benchTempDir, clock, installCleanupHandlers, progressLog, silentLog, type ProgressLog } from './measure';
import { benchHolds, type HoldsBenchResult } from './holds';
import { benchOrderQueue, rawOrderQueue, type QueueBenchResult } from './queue';
import { buildBenchReplica, datasetOrders, type BenchReplica } from './replica';
import { benchPreview, benchSkuSearch, type PreviewBenchResult, type SkuSearchBenchResult } from './phoneOrder';
import { benchSearch, type SearchBenchResult } from './search';
import { benchSync, type SyncBenchResult } from './sync';
import { replicaObserverFactories } from '../src/main/sync/observers';
import { orderQueueObserver } from '../src/main/features/orders/queueObserver';

export const parts = ['apply', 'lag', 'replica', 'queue', 'search', 'holds', 'preview', 'status', 'dashboards'] as const;
export type Part = (typeof parts)[number];

export interface BenchConfig {
  scale: string;
  /** The replica the queue and search run against. */
  replica: DatasetSizes;
  /** Orders of the sync-apply comparison (seeded dataset orders, snapshot order). */
  applyOrders: number;
  querySamples: number;
  searchSamples: number;
  /** Reference servers' scale for the full sync of the lag part. */
  lagScale: 'demo' | 'test';
  /** DMS orders of the dealer-status part (feed apply with the derivation queue, catch-up, delay detection). */
  statusOrders: number;
}

export const scales: Record<'small' | 'full', BenchConfig> = {
  full: {
    scale: 'full',
    replica: { dealers: 5000, skus: 20_000, orders: 1_000_000 },
    applyOrders: 200_000,
    querySamples: 100,
    searchSamples: 200,
    lagScale: 'demo',
    statusOrders: 200_000,
  },
  small: {
    scale: 'small',
    replica: { dealers: 5000, skus: 20_000, orders: 100_000 },
    applyOrders: 50_000,
    querySamples: 50,
    searchSamples: 100,
    lagScale: 'demo',
    statusOrders: 50_000,
  },
};

export type FigureStatus = 'pass' | 'fail' | 'info' | 'not measured' | 'error';

export interface Budget {
  op: '>=' | '<=' | '<';
  value: number;
  /** As DESIGN.md says it. */
  text: string;
}

export interface Figure {
  id: string;
  part: Part;
  label: string;
  value: number | null;
  unit: 'rows/s' | 'ms' | 'x' | 's' | 'MB';
  budget: Budget | null;
  /** The raw-SQLite figure it is compared with, and value/raw (or raw-relative ratio) when there is one. */
  raw?: number | null;
  ratio?: number | null;
  status: FigureStatus;
  note?: string;
}

export interface BenchReport {
  scale: string;
  config: BenchConfig;
  startedAt: string;
  seconds: number;
  machine: { cpus: number; loadAverage: number[]; node: string; platform: string };
  git: { commit: string | null; dirty: boolean | null };
  migrations: string[];
  figures: Figure[];
  details: {
    apply?: SyncBenchResult;
    lag?: LagBenchResult;
    replica?: Omit<BenchReplica, 'backend'>;
    queue?: QueueBenchResult;
    search?: SearchBenchResult;
    /** phoneOrder.skuSearch via API beside its statements raw (issue 7). */
    skuSearch?: SkuSearchBenchResult;
    /** phoneOrder.preview of 50 lines via API beside its statements raw (issue 7). */
    preview?: PreviewBenchResult;
    holds?: HoldsBenchResult;
    dashboards?: DashboardsBenchResult;
    applyShare?: ApplyShareResult;
    status?: DealerStatusBenchResult;
  };
  errors: { part: Part; message: string }[];
}

const QUERY_BUDGET_MS = 20;

function judge(value: number | null, budget: Budget | null): FigureStatus {
  if (value === null || !Number.isFinite(value)) return 'not measured';
  if (!budget) return 'info';
  const ok = budget.op === '>=' ? value >= budget.value : budget.op === '<=' ? value <= budget.value : value < budget.value;
  return ok ? 'pass' : 'fail';
}

function figure(f: Omit<Figure, 'status'> & { status?: FigureStatus }): Figure {
  return { ...f, status: f.status ?? judge(f.value, f.budget) };
}

function gitInfo(): BenchReport['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return { commit, dirty: dirty.length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** Runs the selected parts and returns every figure; never exits the process (the CLI does). */
export async function runBench(config: BenchConfig, opts: { only?: readonly Part[]; log?: ProgressLog } = {}): Promise<BenchReport> {
  const log = opts.log ?? silentLog;
  const want = (p: Part) => !opts.only || opts.only.length === 0 || opts.only.includes(p);
  const started = performance.now();
  const report: BenchReport = {
    scale: config.scale,
    config,
    startedAt: new Date().toISOString(),
    seconds: 0,
    machine: {
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      node: process.version,
      platform: process.platform,
    },
    git: gitInfo(),
    migrations: knownMigrations(defaultMigrationsDir()).map((m) => m.tag),
    figures: [],
    details: {},
    errors: [],
  };
  const add = (f: Omit<Figure, 'status'> & { status?: FigureStatus }) => report.figures.push(figure(f));
  const attempt = async (part: Part, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${part}: FAILED TO RUN: ${message}`);
      report.errors.push({ part, message });
      add({
        id: `${part}.error`,
        part,
        label: `${part} could not run`,
        value: null,
        unit: 'ms',
        budget: null,
        status: 'error',
        note: message,
      });
    }
  };

  // 1. Initial sync apply: the seeded dataset's orders, in snapshot order, apply path vs raw inserts.
  if (want('apply')) {
    await attempt('apply', async () => {
      log(`apply: generating ${fmt(config.applyOrders)} dataset orders and applying them page by page (engine vs raw inserts)`);
      const sizes = { ...config.replica, orders: Math.ceil(config.applyOrders * 1.01) };
      const result = benchSync(config.applyOrders, 500, {
        source: datasetOrders(sizes),
        sourceName: 'seeded dataset (src/sim/data), id order',
        // The same pages once more without the order queues' observer: its share of the apply time.
        compare: { label: 'without the order-queue observer', observers: replicaObserverFactories.filter((f) => f !== orderQueueObserver) },
        onProgress: (done) => log(`apply: ${fmt(done)} / ${fmt(config.applyOrders)} orders`, { throttle: 'apply' }),
      });
      report.details.apply = result;
      add({
        id: 'apply.rowsPerSecond',
        part: 'apply',
        label: `sync apply, ${fmt(result.orders)} orders (${fmt(result.rows)} rows)`,
        value: result.applyRowsPerSecond,
        unit: 'rows/s',
        budget: { op: '>=', value: 50_000, text: '>= 50,000 rows/s' },
        raw: result.rawRowsPerSecond,
      });
      add({
        id: 'apply.ratioToRaw',
        part: 'apply',
        label: 'sync apply time / raw batched inserts',
        value: result.ratioToRaw,
        unit: 'x',
        budget: { op: '<=', value: 1.3, text: 'within 1.3x of raw (DESIGN.md)' },
        ratio: result.ratioToRaw,
      });
      if (result.compare) {
        add({
          id: 'apply.orderQueueObserverShare',
          part: 'apply',
          label: 'of which the order queues observer (tallies, linked statuses, drift)',
          value: Number((result.ratioToRaw - result.compare.ratioToRaw).toFixed(2)),
          unit: 'x',
          budget: null,
          status: 'info',
          note: `apply ${result.compare.label}: ${result.compare.ratioToRaw}x of raw in the same run (pages interleaved)`,
        });
      }
      await new Promise((resolve) => setImmediate(resolve));
    });
  }

  // 2. Event-loop lag of the desk's process during a full sync from the reference servers.
  if (want('lag')) {
    await attempt('lag', async () => {
      const result = await benchSyncLag({ scale: config.lagScale, log });
      report.details.lag = result;
      add({
        id: 'lag.p99',
        part: 'lag',
        label: `event-loop delay p99, full sync (${config.lagScale}: ${fmt(result.rows)} rows in ${result.seconds} s)`,
        value: result.eventLoop.p99,
        unit: 'ms',
        budget: { op: '<', value: 50, text: 'p99 < 50 ms' },
        note: `max ${result.eventLoop.max} ms; monitorEventLoopDelay at 5 ms resolution (values include the 5 ms interval); pullers in a worker thread: ${result.pullInThread}`,
      });
    });
  }

  // 3. The bench-scale replica (queue and search run on it).
  const needReplica = want('replica') || want('queue') || want('search') || want('holds') || want('preview') || want('dashboards');
  let replica: BenchReplica | null = null;
  const temp = needReplica ? benchTempDir('dd-bench-replica-') : null;
  try {
    if (needReplica && temp) {
      await attempt('replica', async () => {
        const { dealers, skus, orders } = config.replica;
        log(`replica: building ${fmt(dealers)} dealers, ${fmt(skus)} SKUs, ${fmt(orders)} orders through the backend in ${temp.dir}`);
        replica = await buildBenchReplica({
          dataDir: temp.dir,
          sizes: config.replica,
          onProgress: (p) =>
            log(
              p.phase === 'generate'
                ? `replica: generated ${fmt(p.records)} records`
                : `replica: applied ${fmt(p.records)} / ${fmt(p.of ?? 0)} records (${Math.round((p.records / (p.of || 1)) * 100)}%)`,
              { throttle: `replica-${p.phase}` },
            ),
        });
        const { backend: _backend, ...details } = replica;
        report.details.replica = details;
        add({
          id: 'replica.applyRowsPerSecond',
          part: 'replica',
          label: `replica fill: ${fmt(details.rows)} rows, ${fmt(details.tables['platform_orders'] ?? 0)} orders, ${fmt(details.tables['platform_order_lines'] ?? 0)} lines`,
          value: details.applyRowsPerSecond,
          unit: 'rows/s',
          budget: null,
          note: `generate + spool ${details.generateSeconds} s, apply ${details.applySeconds} s (parse, validate, ReplicaWriter); database ${fmt(details.databaseMb)} MB; quarantined ${details.quarantined}`,
        });
      });
    }

    const r = replica as BenchReplica | null;
    // 4. The order queue page through the API against raw SQL.
    if (want('queue')) {
      await attempt('queue', async () => {
        if (!r) throw new Error('no replica (its build failed)');
        log('queue: orders.list through the API vs raw SQL');
        const result = await benchOrderQueue(r.backend, rawOrderQueue, { samples: config.querySamples });
        report.details.queue = result;
        if (!result.measured) {
          add({
            id: 'queue.p95',
            part: 'queue',
            label: 'order queue page (filter + sort + 100 rows) via API',
            value: null,
            unit: 'ms',
            budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API' },
            status: 'not measured',
            note: `not measured: ${result.reason}`,
          });
          return;
        }
        for (const c of result.cases) {
          add({
            id: `queue.${c.name}`,
            part: 'queue',
            label: `queue: ${c.name}`,
            value: c.api.p95,
            unit: 'ms',
            budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API' },
            raw: c.raw.p95,
            ratio: c.ratio,
            ...(c.sameAsApi
              ? {}
              : {
                  note: c.rawNote
                    ? `not the same question (${c.rawNote}): ratio indicative`
                    : 'raw SQL returned different rows than the API: ratio not comparable',
                }),
          });
        }
        add({
          id: 'queue.all',
          part: 'queue',
          label: `queue: all ${fmt(result.api.samples)} calls`,
          note: `count recomputed on every call; with the count cached (scrolling) p95 ${result.apiWarm.p95} ms`,
          value: result.api.p95,
          unit: 'ms',
          budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API' },
          raw: result.raw.p95,
          ratio: result.ratio,
        });
      });
    }

    // 5. Dealer search and SKU search through the API against the same SQL run raw.
    if (want('search')) {
      await attempt('search', async () => {
        if (!r) throw new Error('no replica (its build failed)');
        log('search: dealers.search through the API vs raw SQL; SKU search candidates (raw SQL)');
        const result = await benchSearch(r.backend, { samples: config.searchSamples });
        report.details.search = result;
        const differs = result.cases.filter((c) => c.kind === 'dealer' && c.sameAsApi === false).map((c) => c.name);
        add({
          id: 'search.dealer.p95',
          part: 'search',
          label: 'dealer search p95 via API (dealers.search)',
          value: result.dealerApi.p95,
          unit: 'ms',
          budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API' },
          raw: result.dealer.p95,
          ratio: result.dealerRatio,
          ...(differs.length > 0 ? { note: `raw SQL found other dealers than the API in: ${differs.join(', ')}` } : {}),
        });
        // SKU search: the phone desk's procedure (bench/phoneOrder.ts) beside its own statements raw.
        log('search: phoneOrder.skuSearch through the API vs raw SQL');
        const sku = await benchSkuSearch(r.backend, { samples: config.searchSamples });
        report.details.skuSearch = sku;
        add({
          id: 'search.sku.p95',
          part: 'search',
          label: 'SKU search p95 via API (phoneOrder.skuSearch, with price and stock)',
          value: sku.api.p95,
          unit: 'ms',
          budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API' },
          raw: sku.raw.p95,
          ratio: sku.ratio,
        });
      });
    }
    // 6. The phone order preview of a 50-line order (price, stock, credit) through the API vs its SQL raw.
    if (want('preview')) {
      await attempt('preview', async () => {
        if (!r) throw new Error('no replica (its build failed)');
        log('preview: phoneOrder.preview of 50 lines through the API vs raw SQL');
        const preview = await benchPreview(r.backend, { samples: config.searchSamples });
        report.details.preview = preview;
        add({
          id: 'preview.p95',
          part: 'preview',
          label: 'phone order preview (price, stock, credit) of 50 lines via API',
          value: preview.api.p95,
          unit: 'ms',
          budget: { op: '<', value: 5, text: 'p95 < 5 ms via API' },
          raw: preview.raw.p95,
          ratio: preview.ratio,
          note: `${preview.held} of ${preview.calls} previews came out held (the authority policy ran); raw = the same statements without the rules and shaping`,
        });
      });
    }

    // 7. The credit hold desk: the whole queue and one hold's detail through the API, beside raw SQL.
    if (want('holds')) {
      await attempt('holds', async () => {
        if (!r) throw new Error('no replica (its build failed)');
        log('holds: credit.holds and credit.hold through the API vs raw SQL');
        const result = await benchHolds(r.backend, { samples: config.querySamples });
        report.details.holds = result;
        add({
          id: 'holds.queue',
          part: 'holds',
          label: `hold queue (all ${fmt(result.holds)} holds, flags, approvals) via API`,
          value: result.queue.api.p95,
          unit: 'ms',
          budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API (the order queue budget)' },
          raw: result.queue.raw.p95,
          ratio: result.queue.ratio,
          note: 'raw: the held orders with dealer and DMS account, raw JSON parsed',
        });
        const detail = result.detail;
        add({
          id: 'holds.detail',
          part: 'holds',
          label: `hold detail (exposure, history, authority) via API${detail ? `, ${detail.orders} holds` : ''}`,
          value: detail?.api.p95 ?? null,
          unit: 'ms',
          budget: { op: '<', value: QUERY_BUDGET_MS, text: 'p95 < 20 ms via API (the order queue budget)' },
          raw: detail?.raw.p95 ?? null,
          ratio: detail?.ratio ?? null,
          ...(detail
            ? { note: "raw: the order with its dealer's DMS account, open invoices and payments" }
            : { status: 'not measured' as const, note: 'not measured: the replica holds no order on credit hold' }),
        });
      });
    }

    // 7. Manager dashboards: the book and a dealer's dashboard through the API against raw SQL (issue 11).
    if (want('dashboards')) {
      await attempt('dashboards', async () => {
        if (!r) throw new Error('no replica (its build failed)');
        log('dashboards: dashboards.book and dashboards.dealer through the API vs raw SQL');
        const result = await benchDashboards(r.backend, { samples: config.querySamples });
        report.details.dashboards = result;
        const budget = { op: '<' as const, value: DASHBOARD_BUDGET_MS, text: `p95 < ${DASHBOARD_BUDGET_MS} ms via API` };
        add({
          id: 'dashboards.book',
          part: 'dashboards',
          label: `book view opened: totals, breakdowns, hold funnel and the first 200 of ${fmt(result.dealers)} dealers`,
          value: result.book.api.p95,
          unit: 'ms',
          budget,
          raw: result.book.raw.p95,
          ratio: result.book.ratio,
          note: result.book.sameFigures
            ? `raw: the same headline sums straight from the replica tables (no aggregates), every dealer's figures equal the API's; API p50 ${result.book.api.p50} ms`
            : `raw SQL and API DISAGREE: ${result.book.mismatches.join('; ')}`,
          ...(result.book.sameFigures ? {} : { status: 'fail' as const }),
        });
        add({
          id: 'dashboards.dealer',
          part: 'dashboards',
          label: "a dealer's dashboard (figures, charts, holds, top SKUs, percentiles)",
          value: result.dealer.api.p95,
          unit: 'ms',
          budget,
          raw: result.dealer.raw.p95,
          ratio: result.dealer.ratio,
          note: `raw: that dealer's headline sums from its replica rows by the dealer indexes (no charts, no percentiles); API p50 ${result.dealer.api.p50} ms`,
        });
        add({
          id: 'dashboards.prime',
          part: 'dashboards',
          label: "windows and every dealer's figures computed once (end of the first snapshot)",
          value: result.primeMs,
          unit: 'ms',
          budget: null,
        });
        const orders = Math.ceil(config.applyOrders / 2);
        log(`dashboards: the aggregates' share of sync apply over ${fmt(orders)} dataset orders (DMS records and platform orders)`);
        const share = benchApplyShare(
          { ...config.replica, orders },
          { onProgress: (done) => log(`dashboards: applied ${fmt(done)} records x3`, { throttle: 'apply-share' }) },
        );
        report.details.applyShare = share;
        add({
          id: 'dashboards.applyWithAggregates',
          part: 'dashboards',
          label: `sync apply with the dashboards' aggregates, ${fmt(share.records)} records (${fmt(share.rows)} rows) / raw inserts`,
          value: share.withDashboardsRatio,
          unit: 'x',
          budget: { op: '<=', value: 1.3, text: 'within 1.3x of raw' },
          ratio: share.withDashboardsRatio,
          note: `writer alone ${share.writerRatio}x raw; the dashboards' observer adds ${share.dashboardsShare}x of raw insert time (raw ${share.rawSeconds} s, writer ${share.writerSeconds} s, with aggregates ${share.withDashboardsSeconds} s)`,
        });
      });
    }
  } finally {
    await (replica as BenchReplica | null)?.backend.close();
    temp?.remove();
  }

  // 7. Dealer-visible status (issue 9): what the durable derivation queue costs the DMS feed apply, the first
  //    start's catch-up, a steady delay-detection tick, and how fast the queue drains.
  if (want('status')) {
    await attempt('status', async () => {
      log(`status: ${fmt(config.statusOrders)} DMS orders through the feed apply (every observer, none, each alone) vs raw inserts`);
      const r = benchDealerStatus(config.statusOrders);
      report.details.status = r;
      const rowsPerSecond = (ms: number) => Math.round(r.rows / (ms / 1000));
      add({
        id: 'status.feedApply',
        part: 'status',
        label: `DMS feed apply with every replica observer, ${fmt(r.orders)} orders (${fmt(r.rows)} rows)`,
        value: rowsPerSecond(r.applyWithObserverMs),
        unit: 'rows/s',
        budget: null,
        raw: rowsPerSecond(r.rawApplyMs),
        ratio: r.ratioToRaw,
        note: `the same writer without observers: ${fmt(rowsPerSecond(r.applyWithoutObserverMs))} rows/s (observers together ${r.observerOverhead}x of it); each alone, share of raw insert time: ${r.observerShares.map((o) => `${o.observer} ${o.shareOfRaw >= 0 ? '+' : ''}${o.shareOfRaw}x`).join(', ')}; a first snapshot does no per-row work`,
      });
      add({
        id: 'status.catchUp',
        part: 'status',
        label: `first-start catch-up (72 h window): ${fmt(r.catchUpQueued)} of ${fmt(r.orders)} orders queued`,
        value: r.catchUpMs,
        unit: 'ms',
        budget: null,
        raw: r.rawCatchUpScanMs,
        ratio: Number((r.catchUpMs / r.rawCatchUpScanMs).toFixed(2)),
        note: 'one statement in the last snapshot transaction; raw: a count over the same rows and filter',
      });
      add({
        id: 'status.delayTick',
        part: 'status',
        label: `delay detection tick, nothing new (${fmt(r.lateOrders)} late, ${fmt(r.inTransitPastEta)} past ETA handled)`,
        value: r.delayTick.p95,
        unit: 'ms',
        budget: null,
        raw: r.rawDelayQueries.p95,
        ratio: r.rawDelayQueries.p95 > 0 ? Number((r.delayTick.p95 / r.rawDelayQueries.p95).toFixed(2)) : null,
        note: `p95 of ${r.delayTick.samples} ticks (max ${r.delayTick.max} ms), in a write transaction; raw: its two queries alone`,
      });
      add({
        id: 'status.derive',
        part: 'status',
        label: `queue drain: ${fmt(r.derivedOrders)} orders derived (policy, publications, review items)`,
        value: r.derivedPerSecond,
        unit: 'rows/s',
        budget: null,
        note: `orders per second, ${r.deriveMs} ms in batches of 500; no raw equivalent (each order is a decision)`,
      });
    });
  }

  report.seconds = Number(((performance.now() - started) / 1000).toFixed(1));
  return report;
}

// ---------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------

function show(value: number | null | undefined, unit: Figure['unit']): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (unit === 'rows/s') return `${fmt(Math.round(value))} rows/s`;
  if (unit === 'x') return `${value.toFixed(2)}x`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ${unit}`;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(report: BenchReport): string {
  const { dealers, skus, orders } = report.config.replica;
  const out: string[] = [];
  out.push(
    `Dealer Desk bench, scale ${report.scale} (replica ${fmt(dealers)} dealers, ${fmt(skus)} SKUs, ${fmt(orders)} orders), ` +
      `${report.machine.cpus} CPUs, Node ${report.machine.node}, load ${report.machine.loadAverage.join(' ')} at start, took ${clock(report.seconds)}`,
  );
  out.push(
    `commit ${report.git.commit?.slice(0, 10) ?? '?'}${report.git.dirty ? ' + uncommitted changes' : ''}; migrations ${report.migrations.join(', ')}`,
  );
  out.push('');
  out.push(
    table(
      ['part', 'figure', 'value', 'budget', 'raw SQLite', 'ratio', 'result'],
      report.figures.map((f) => [
        f.part,
        f.label,
        show(f.value, f.unit),
        f.budget?.text ?? '',
        f.raw === undefined ? '' : show(f.raw, f.unit === 'x' ? 'x' : f.unit),
        f.ratio === undefined || f.ratio === null ? '' : `${f.ratio.toFixed(2)}x`,
        f.status.toUpperCase(),
      ]),
    ),
  );
  const notes = report.figures.filter((f) => f.note);
  if (notes.length > 0) {
    out.push('');
    for (const f of notes) out.push(`  ${f.part} / ${f.label}: ${f.note}`);
  }
  const q = report.details.queue;
  if (q?.measured) {
    out.push('');
    out.push(
      'Order queue, per query (ms). API: backend.dispatch with a staff session, its row count recomputed every call (a new filter or a changed',
    );
    out.push(
      'replica); raw: the hand-written page + count on the same connection; "count cached": the same API call again, as when scrolling.',
    );
    out.push(
      table(
        ['query', 'rows', 'total', 'API p50', 'API p95', 'raw p50', 'raw p95', 'ratio p95', 'API p95 count cached', 'samples', 'same rows'],
        q.cases.map((c) => [
          c.name,
          String(c.rows),
          fmt(c.total),
          c.api.p50.toFixed(2),
          c.api.p95.toFixed(2),
          c.raw.p50.toFixed(2),
          c.raw.p95.toFixed(2),
          `${c.ratio.toFixed(2)}x`,
          c.apiWarm.p95.toFixed(2),
          String(c.api.samples),
          c.sameAsApi ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  const s = report.details.search;
  if (s) {
    out.push('');
    out.push('Dealer search (ms): dealers.search via API vs the same statements raw; SKU search candidates, raw SQL only:');
    out.push(
      table(
        ['query', 'example', 'rows', 'api p50', 'api p95', 'raw p50', 'raw p95', 'raw max', 'ratio', 'same'],
        s.cases.map((c) => [
          c.name,
          JSON.stringify(c.example),
          String(c.firstRows),
          c.api ? c.api.p50.toFixed(2) : '',
          c.api ? c.api.p95.toFixed(2) : '',
          c.raw.p50.toFixed(2),
          c.raw.p95.toFixed(2),
          c.raw.max.toFixed(2),
          c.ratio === undefined ? '' : `${c.ratio.toFixed(2)}x`,
          c.sameAsApi === undefined ? '' : c.sameAsApi ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  const phone = report.details.skuSearch;
  const preview = report.details.preview;
  if (phone || preview) {
    out.push('');
    out.push('Phone order desk (ms): phoneOrder.skuSearch and phoneOrder.preview via API vs the same statements raw:');
    out.push(
      table(
        ['query', 'example', 'rows', 'api p50', 'api p95', 'raw p50', 'raw p95', 'ratio p95', 'samples'],
        [...(phone?.cases ?? []), ...(preview ? [preview] : [])].map((c) => [
          c.name,
          JSON.stringify(c.example),
          String(c.rows),
          c.api.p50.toFixed(2),
          c.api.p95.toFixed(2),
          c.raw.p50.toFixed(2),
          c.raw.p95.toFixed(2),
          `${c.ratio.toFixed(2)}x`,
          String(c.api.samples),
        ]),
      ),
    );
  }
  const rep = report.details.replica;
  if (rep) {
    out.push('');
    out.push(
      `Replica: ${Object.entries(rep.orderStatuses)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')}; channels ${Object.entries(rep.orderChannels)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')}; regions ${Object.entries(rep.accountRegions)
        .map(([k, n]) => `${k} ${fmt(n)}`)
        .join(', ')}`,
    );
  }
  const broken = report.figures.filter((f) => f.status === 'fail');
  out.push('');
  out.push(
    broken.length > 0
      ? `BUDGETS BROKEN: ${broken.map((f) => `${f.part} / ${f.label}`).join('; ')}`
      : report.errors.length > 0
        ? `Some parts could not run: ${report.errors.map((e) => e.part).join(', ')}`
        : 'Every measured budget holds.',
  );
  return out.join('\n');
}

export function exitCodeOf(report: BenchReport): number {
  if (report.figures.some((f) => f.status === 'fail')) return 1;
  if (report.errors.length > 0) return 2;
  return 0;
}

function parseArgs(argv: string[]): { config: BenchConfig; only: Part[] } {
  let scale: 'small' | 'full' = 'full';
  let only: Part[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--scale' && (value === 'small' || value === 'full')) {
      scale = value;
      i++;
    } else if (flag === '--only' && value) {
      const asked = value.split(',').map((p) => p.trim());
      const unknown = asked.filter((p) => !(parts as readonly string[]).includes(p));
      if (unknown.length > 0) throw new Error(`--only: unknown part ${unknown.join(', ')} (parts: ${parts.join(', ')})`);
      only = asked as Part[];
      i++;
    } else {
      throw new Error(`unknown option ${flag ?? ''}${value ? ` ${value}` : ''}`);
    }
  }
  return { config: scales[scale], only };
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? error.message : String(error)}\nusage: npm run bench -- [--scale small|full] [--only ${parts.join('|')}[,...]]\n`,
    );
    process.exit(2);
  }
  const log = progressLog();
  installCleanupHandlers((line) => process.stderr.write(`${line}\n`));
  log(`scale ${args.config.scale}${args.only.length > 0 ? `, only ${args.only.join(', ')}` : ''}`);
  const report = await runBench(args.config, { only: args.only, log });
  const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, 'latest.json');
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${formatReport(report)}\nFigures: ${path.relative(process.cwd(), file)}\n`);
  process.exitCode = exitCodeOf(report);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  });
}
