// Pull for one source: snapshot on the first run and after 410, then follow the change feed. Each page is
// applied in one transaction together with its cursor, so a crash at any point resumes exactly where the
// last committed page left off.
import type Database from 'better-sqlite3';
import type { SourceReader } from '../connectors/source';
import { describeOutcome, type FailedOutcome } from '../connectors/http';
import type { SyncSource } from '../db/schema';
import { CircuitBreaker, backoffDelay } from './backoff';
import { ReplicaWriter } from './replica';

export type PullState = 'idle' | 'syncing' | 'offline' | 'paused' | 'error';

export interface SnapshotProgress {
  /** Index into the source's collections. */
  index: number;
  pageToken: string | null;
  /** The events_cursor of the first page of the first collection: the earliest, so the feed resumes there. */
  eventsCursor: string | null;
}

export interface PullStatus {
  source: SyncSource;
  state: PullState;
  mode: 'snapshot' | 'feed';
  lastSuccessAt: string | null;
  lagEvents: number | null;
  message: string | null;
}

export interface PullOptions {
  pageSize?: number;
  snapshotPageSize?: number;
  /** Pause between feed polls once caught up. */
  pollMs?: number;
  now?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
  /** Called after every committed page with the replica tables it changed. */
  onCommitted?: (source: SyncSource, tables: string[]) => void;
  onStatus?: (status: PullStatus) => void;
  breaker?: CircuitBreaker;
}

interface CursorRow {
  feed_cursor: string | null;
  snapshot_state: string | null;
  last_success_at: string | null;
}

export type StepResult = { next: 'more' } | { next: 'idle' } | { next: 'wait'; ms: number };

export class SourcePuller {
  readonly source: SyncSource;
  private readonly writer: ReplicaWriter;
  private readonly collections: string[];
  private readonly pageSize: number;
  private readonly snapshotPageSize: number;
  private readonly pollMs: number;
  private readonly now: () => Date;
  private readonly breaker: CircuitBreaker;
  private failures = 0;
  private stopped = true;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private status: PullStatus;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly reader: SourceReader,
    private readonly options: PullOptions = {},
  ) {
    this.source = reader.system;
    this.now = options.now ?? (() => new Date());
    this.writer = new ReplicaWriter(sqlite, this.source, this.now);
    this.collections = Object.keys(reader.spec.collections);
    this.pageSize = options.pageSize ?? 500;
    this.snapshotPageSize = options.snapshotPageSize ?? 500;
    this.pollMs = options.pollMs ?? 1000;
    this.breaker = options.breaker ?? new CircuitBreaker();
    const row = this.cursorRow();
    this.status = {
      source: this.source,
      state: 'idle',
      mode: row?.feed_cursor && !row.snapshot_state ? 'feed' : 'snapshot',
      lastSuccessAt: row?.last_success_at ?? null,
      lagEvents: null,
      message: null,
    };
  }

  getStatus(): PullStatus {
    return { ...this.status };
  }

  private setStatus(patch: Partial<PullStatus>): void {
    this.status = { ...this.status, ...patch };
    this.sqlite
      .prepare(
        `INSERT INTO sync_feed_state (source, lag_events, state, message, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(source) DO UPDATE SET lag_events = excluded.lag_events, state = excluded.state, message = excluded.message, updated_at = excluded.updated_at`,
      )
      .run(this.source, this.status.lagEvents, this.status.state, this.status.message, this.now().toISOString());
    this.options.onStatus?.(this.getStatus());
  }

  private cursorRow(): CursorRow | undefined {
    return this.sqlite
      .prepare('SELECT feed_cursor, snapshot_state, last_success_at FROM sync_cursors WHERE source = ?')
      .get(this.source) as CursorRow | undefined;
  }

  private writeCursor(fields: {
    feed_cursor?: string | null;
    snapshot_state?: SnapshotProgress | null;
    success?: boolean;
    snapshotDone?: boolean;
  }): void {
    const at = this.now().toISOString();
    this.sqlite.prepare('INSERT OR IGNORE INTO sync_cursors (source, updated_at) VALUES (?, ?)').run(this.source, at);
    const sets: string[] = ['updated_at = @at'];
    const params: Record<string, unknown> = { at, source: this.source };
    if (fields.feed_cursor !== undefined) {
      sets.push('feed_cursor = @feed');
      params.feed = fields.feed_cursor;
    }
    if (fields.snapshot_state !== undefined) {
      sets.push('snapshot_state = @snap');
      params.snap = fields.snapshot_state === null ? null : JSON.stringify(fields.snapshot_state);
    }
    if (fields.success) sets.push('last_success_at = @at', 'last_error = NULL', 'last_error_at = NULL');
    if (fields.snapshotDone) sets.push('snapshot_completed_at = @at');
    this.sqlite.prepare(`UPDATE sync_cursors SET ${sets.join(', ')} WHERE source = @source`).run(params);
  }

  private recordError(message: string): void {
    const at = this.now().toISOString();
    this.sqlite.prepare('INSERT OR IGNORE INTO sync_cursors (source, updated_at) VALUES (?, ?)').run(this.source, at);
    this.sqlite
      .prepare('UPDATE sync_cursors SET last_error = ?, last_error_at = ?, updated_at = ? WHERE source = ?')
      .run(message, at, at, this.source);
  }

  private startSnapshot(reason: string): void {
    this.sqlite
      .transaction(() => {
        this.writer.beginSnapshot();
        this.writeCursor({ snapshot_state: { index: 0, pageToken: null, eventsCursor: null } });
      })
      .immediate();
    this.options.log?.({ level: 'info', msg: 'snapshot started', source: this.source, reason });
    this.setStatus({ mode: 'snapshot', lagEvents: null });
  }

  private committed(tables: Set<string>): void {
    if (tables.size > 0) this.options.onCommitted?.(this.source, [...tables]);
  }

  /** One unit of work: one snapshot page or one feed page. Public for tests that drive it step by step. */
  async step(): Promise<StepResult> {
    const row = this.cursorRow();
    if (!row || (!row.feed_cursor && !row.snapshot_state)) {
      this.startSnapshot(row ? 'no feed cursor' : 'first run');
      return { next: 'more' };
    }
    if (!this.breaker.tryAcquire()) return { next: 'wait', ms: Math.max(100, this.breaker.retryAt - Date.now()) };
    if (row.snapshot_state) return this.snapshotStep(JSON.parse(row.snapshot_state) as SnapshotProgress);
    return this.feedStep(row.feed_cursor as string);
  }

  private async snapshotStep(progress: SnapshotProgress): Promise<StepResult> {
    const collection = this.collections[progress.index];
    if (collection === undefined) throw new Error('snapshot progress beyond the collections');
    this.setStatus({ state: 'syncing', mode: 'snapshot' });
    const res = await this.reader.snapshot(collection, progress.pageToken, this.snapshotPageSize);
    if (res.kind !== 'ok') {
      // A page token the server no longer reads (e.g. it restarted): start the snapshot again.
      if (res.kind === 'business' && res.status === 400) {
        this.breaker.neutral();
        this.startSnapshot(`snapshot page refused: ${describeOutcome(res)}`);
        return { next: 'more' };
      }
      return this.failed(res);
    }
    this.breaker.success();
    this.failures = 0;
    const page = res.body;
    const tables = new Set<string>();
    this.sqlite
      .transaction(() => {
        const stats = this.writer.apply(page.records, { snapshot: true });
        stats.tables.forEach((t) => tables.add(t));
        this.writer.quarantine(page.quarantined);
        const type = this.reader.spec.collections[collection];
        const idField = type ? this.reader.spec.resources[type]?.idField : undefined;
        for (const q of page.quarantined) {
          const id = idField && q.raw && typeof q.raw === 'object' ? (q.raw as Record<string, unknown>)[idField] : undefined;
          if (type && typeof id === 'string') this.writer.markSeen(type, id);
        }
        const next: SnapshotProgress = {
          index: progress.index,
          pageToken: page.nextPageToken,
          eventsCursor: progress.eventsCursor ?? page.eventsCursor,
        };
        if (page.nextPageToken === null) {
          next.index++;
          next.pageToken = null;
        }
        if (next.index >= this.collections.length) {
          this.writer.finishSnapshot(Object.values(this.reader.spec.collections)).forEach((t) => tables.add(t));
          if (next.eventsCursor === null) throw new Error('snapshot finished without an events_cursor');
          this.writeCursor({ feed_cursor: next.eventsCursor, snapshot_state: null, success: true, snapshotDone: true });
        } else {
          this.writeCursor({ snapshot_state: next, success: true });
        }
      })
      .immediate();
    if (page.quarantined.length > 0)
      this.options.log?.({ level: 'warn', msg: 'records quarantined', source: this.source, count: page.quarantined.length });
    const done = this.cursorRow()?.snapshot_state === null;
    this.setStatus({ lastSuccessAt: this.now().toISOString(), mode: done ? 'feed' : 'snapshot', message: null });
    if (done) this.options.log?.({ level: 'info', msg: 'snapshot complete', source: this.source });
    this.committed(tables);
    return { next: 'more' };
  }

  private async feedStep(cursor: string): Promise<StepResult> {
    const res = await this.reader.events(cursor, this.pageSize);
    if (res.kind !== 'ok') {
      if (
        res.kind === 'business' &&
        (res.status === 410 || res.problem.code === 'cursor-expired' || res.problem.code === 'invalid-cursor')
      ) {
        this.breaker.neutral();
        this.startSnapshot(`feed refused the cursor: ${res.problem.code}`);
        return { next: 'more' };
      }
      return this.failed(res);
    }
    this.breaker.success();
    this.failures = 0;
    const page = res.body;
    const tables = new Set<string>();
    this.sqlite
      .transaction(() => {
        const stats = this.writer.apply(page.records);
        stats.tables.forEach((t) => tables.add(t));
        this.writer.quarantine(page.quarantined);
        this.writeCursor({ feed_cursor: page.nextCursor, success: true });
        this.sqlite
          .prepare(
            'UPDATE sync_feed_state SET events_applied = events_applied + ?, caught_up_at = CASE WHEN ? THEN ? ELSE caught_up_at END WHERE source = ?',
          )
          .run(page.records.length + page.quarantined.length, page.hasMore ? 0 : 1, this.now().toISOString(), this.source);
      })
      .immediate();
    if (page.quarantined.length > 0)
      this.options.log?.({ level: 'warn', msg: 'records quarantined', source: this.source, count: page.quarantined.length });
    // The feed does not say how far behind we are; while it has more we know at least a full page waits.
    this.setStatus({
      state: page.hasMore ? 'syncing' : 'idle',
      mode: 'feed',
      lastSuccessAt: this.now().toISOString(),
      lagEvents: page.hasMore ? Math.max(1, page.records.length + page.quarantined.length) : 0,
      message: null,
    });
    this.committed(tables);
    return page.hasMore ? { next: 'more' } : { next: 'idle' };
  }

  private failed(res: FailedOutcome): StepResult {
    const message = describeOutcome(res);
    this.recordError(message);
    if (res.kind === 'auth') {
      this.breaker.neutral();
      this.setStatus({
        state: 'paused',
        message: `The ${this.source === 'dms' ? 'DMS' : 'platform'} refused the credentials (${res.status}); check the token.`,
      });
      return { next: 'wait', ms: 30_000 };
    }
    this.failures++;
    if (res.kind === 'retryable' || res.kind === 'ambiguous') this.breaker.failure();
    else this.breaker.neutral();
    const offline = res.kind !== 'business' && res.status === null;
    this.setStatus({ state: offline ? 'offline' : 'error', message });
    this.options.log?.({ level: 'warn', msg: 'pull failed', source: this.source, error: message });
    const retryAfter = res.kind === 'retryable' ? (res.retryAfterMs ?? 0) : 0;
    return { next: 'wait', ms: Math.max(retryAfter, backoffDelay(this.failures, { baseMs: 500, capMs: 60_000 })) };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Ask for a poll now (e.g. after a local write that will echo through the feed). */
  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let result: StepResult;
      try {
        result = await this.step();
      } catch (error) {
        this.failures++;
        const message = error instanceof Error ? error.message : String(error);
        this.recordError(message);
        this.setStatus({ state: 'error', message });
        this.options.log?.({ level: 'error', msg: 'pull step crashed', source: this.source, error: message });
        result = { next: 'wait', ms: backoffDelay(this.failures, { baseMs: 1000, capMs: 60_000 }) };
      }
      if (this.stopped) break;
      if (result.next === 'more') await new Promise((r) => setImmediate(r));
      else await this.sleep(result.next === 'idle' ? this.pollMs : result.ms);
    }
  }
}
