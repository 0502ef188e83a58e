// The durable outbox: every command that changes a remote system is a row written in the same transaction
// as the local change; the dispatcher sends items per entity in order (independent entities in parallel),
// maps each response to an end state, paces retries, and looks effects up after ambiguous sends.
import type Database from 'better-sqlite3';
import type { SyncSource, OutboxStatus } from '../db/schema';
import { describeOutcome, type HttpClient, type HttpOutcome } from '../connectors/http';
import type { PlatformConnector } from '../connectors/platform';
import type { DmsConnector } from '../connectors/dms';
import { CircuitBreaker, backoffDelay } from './backoff';

export interface OutboxItem {
  id: number;
  target: SyncSource;
  kind: string;
  entityKey: string;
  idempotencyKey: string;
  method: 'POST' | 'PUT';
  path: string;
  payload: unknown;
  ifMatch: number | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** HTTP status of the last attempt; 0 = its outcome is unknown (timeout, dropped connection, crash). */
  lastStatus: number | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface EnqueueInput {
  target: SyncSource;
  kind: string;
  entityKey: string;
  /** Deterministic for work every desk derives from the same facts, so desks racing land once. */
  idempotencyKey: string;
  method: 'POST' | 'PUT';
  path: string;
  payload: unknown;
  ifMatch?: number | null;
  createdBy: string;
  notBefore?: Date;
}

/** Unknown outcome marker in last_status. */
export const AMBIGUOUS = 0;

/**
 * Staff retries of items the server refused. The servers store every 4xx outcome (except 412 and 428)
 * under its idempotency key and replay it for at least 24 hours, so resending a refused command under the
 * same key after the fix would only get the old refusal back. A refusal means nothing happened, so such a
 * retry is sent under `<key>#retry-<n>`; the item keeps its own key (the duties find their work by it) and
 * the contracts' business-key guards still make a command land once. Engine-owned, like the tables in
 * `ensureSyncTables`.
 */
export function ensureRetryKeys(sqlite: Database.Database): void {
  sqlite.exec('CREATE TABLE IF NOT EXISTS outbox_retry_keys (outbox_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL)');
}

/** A last answer the server stored and would replay to the same key: a 4xx other than 412/428. */
function refusalIsReplayed(lastStatus: number | null): boolean {
  return lastStatus !== null && lastStatus >= 400 && lastStatus < 500 && lastStatus !== 412 && lastStatus !== 428;
}

function keyForGeneration(idempotencyKey: string, generation: number | undefined): string {
  return generation ? `${idempotencyKey}#retry-${generation}` : idempotencyKey;
}

/** The Idempotency-Key the item's next attempt sends. */
export function sendKeyOf(sqlite: Database.Database, item: Pick<OutboxItem, 'id' | 'idempotencyKey'>): string {
  ensureRetryKeys(sqlite);
  const generation = sqlite.prepare('SELECT generation FROM outbox_retry_keys WHERE outbox_id = ?').pluck().get(item.id) as
    number | undefined;
  return keyForGeneration(item.idempotencyKey, generation);
}

interface OutboxRow {
  id: number;
  target: SyncSource;
  kind: string;
  entity_key: string;
  idempotency_key: string;
  method: 'POST' | 'PUT';
  path: string;
  payload: string;
  if_match: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_status: number | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  created_by: string;
}

export function rowToItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    target: r.target,
    kind: r.kind,
    entityKey: r.entity_key,
    idempotencyKey: r.idempotency_key,
    method: r.method,
    path: r.path,
    payload: JSON.parse(r.payload) as unknown,
    ifMatch: r.if_match === null ? null : Number(r.if_match),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    lastStatus: r.last_status,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
  };
}

/**
 * Writes an outbox item; call it inside the transaction of the local change it belongs to. The same
 * idempotency key twice is one item (INSERT OR IGNORE), which is how duties stay idempotent per desk.
 */
export function enqueue(sqlite: Database.Database, input: EnqueueInput, now: Date = new Date()): { id: number; inserted: boolean } {
  const at = now.toISOString();
  const res = sqlite
    .prepare(
      `INSERT OR IGNORE INTO outbox (target, kind, entity_key, idempotency_key, method, path, payload, if_match, status, attempts, next_attempt_at, created_at, updated_at, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)`,
    )
    .run(
      input.target,
      input.kind,
      input.entityKey,
      input.idempotencyKey,
      input.method,
      input.path,
      JSON.stringify(input.payload),
      input.ifMatch === undefined || input.ifMatch === null ? null : String(input.ifMatch),
      input.notBefore ? input.notBefore.toISOString() : null,
      at,
      at,
      input.createdBy,
    );
  if (res.changes > 0) return { id: Number(res.lastInsertRowid), inserted: true };
  const id = sqlite.prepare('SELECT id FROM outbox WHERE idempotency_key = ?').pluck().get(input.idempotencyKey) as number;
  return { id, inserted: false };
}

export function getItem(sqlite: Database.Database, id: number): OutboxItem | undefined {
  const row = sqlite.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined;
  return row ? rowToItem(row) : undefined;
}

export function listItems(
  sqlite: Database.Database,
  filter: { status?: OutboxStatus[]; target?: SyncSource; beforeId?: number; limit?: number } = {},
): OutboxItem[] {
  const { where, params } = outboxWhere(filter);
  const sql = `SELECT * FROM outbox ${where} ORDER BY id DESC LIMIT ?`;
  return (sqlite.prepare(sql).all(...params, filter.limit ?? 200) as OutboxRow[]).map(rowToItem);
}

/** How many items `listItems` would walk with this filter (no limit, no beforeId). */
export function countItems(sqlite: Database.Database, filter: { status?: OutboxStatus[]; target?: SyncSource } = {}): number {
  const { where, params } = outboxWhere(filter);
  return sqlite
    .prepare(`SELECT count(*) FROM outbox ${where}`)
    .pluck()
    .get(...params) as number;
}

function outboxWhere(filter: { status?: OutboxStatus[]; target?: SyncSource; beforeId?: number }): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.status?.length) {
    where.push(`status IN (${filter.status.map(() => '?').join(',')})`);
    params.push(...filter.status);
  }
  if (filter.target) {
    where.push('target = ?');
    params.push(filter.target);
  }
  if (filter.beforeId !== undefined) {
    where.push('id < ?');
    params.push(filter.beforeId);
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export interface OutboxCounts {
  pending: number;
  failed: number;
  conflict: number;
  delivered: number;
  oldestPendingAt: string | null;
}

export function outboxCounts(sqlite: Database.Database): OutboxCounts {
  const rows = sqlite.prepare('SELECT status, count(*) AS n, min(created_at) AS oldest FROM outbox GROUP BY status').all() as {
    status: OutboxStatus;
    n: number;
    oldest: string;
  }[];
  const get = (s: OutboxStatus) => rows.find((r) => r.status === s);
  const pendingRows = [get('pending'), get('in_flight')].filter((r): r is { status: OutboxStatus; n: number; oldest: string } => !!r);
  return {
    pending: pendingRows.reduce((a, r) => a + r.n, 0),
    failed: get('failed')?.n ?? 0,
    conflict: get('conflict')?.n ?? 0,
    delivered: get('delivered')?.n ?? 0,
    oldestPendingAt: pendingRows.map((r) => r.oldest).sort()[0] ?? null,
  };
}

/** How an attempt ends. */
export type Resolution =
  | { status: 'delivered'; result: unknown; message?: string }
  | { status: 'failed'; message: string; httpStatus?: number | null; result?: unknown }
  | { status: 'conflict'; message: string; httpStatus?: number | null; result?: unknown }
  | { status: 'discarded'; message: string }
  /** Try again later; `ambiguous` means the effect may have happened (look it up first next time). */
  | { status: 'retry'; delayMs: number; message: string; ambiguous?: boolean; httpStatus?: number | null }
  /** Send again now with a fresh precondition. */
  | { status: 'resend'; ifMatch: number | null; payload?: unknown; message: string };

export interface OutboxContext {
  sqlite: Database.Database;
  platform: PlatformConnector;
  dms: DmsConnector;
  now: () => Date;
  enqueue(input: EnqueueInput): { id: number; inserted: boolean };
}

export type PrepareResult = Resolution | { ifMatch?: number | null; payload?: unknown } | null;

export interface KindHandler {
  /** Re-check at send time against the replica; return a resolution to end without sending, or changes. */
  prepare?(item: OutboxItem, ctx: OutboxContext): PrepareResult | Promise<PrepareResult>;
  /** After an ambiguous outcome or a long outage: find the effect by business reference. */
  lookup?(item: OutboxItem, ctx: OutboxContext): Promise<Resolution | 'absent'>;
  /** Kind-specific reading of a response (e.g. 409 duplicate-order -> adopt); null = the default table. */
  interpret?(item: OutboxItem, outcome: HttpOutcome<unknown>, ctx: OutboxContext): Promise<Resolution | null> | Resolution | null;
  /** Runs inside the transaction that marks the item delivered: follow-up commands go in atomically. */
  onDelivered?(item: OutboxItem, result: unknown, ctx: OutboxContext): void;
}

export interface DispatcherOptions {
  sqlite: Database.Database;
  platform: PlatformConnector;
  dms: DmsConnector;
  handlers?: Record<string, KindHandler>;
  now?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
  /** Called after any item changed state (the engine pushes sync.status). */
  onChange?: () => void;
  maxInFlightPerTarget?: number;
  watchdogMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
  breaker?: { threshold?: number; openMs?: number; maxOpenMs?: number };
  /** Idempotency records live at least this long on the servers; beyond it we look up before resending. */
  idempotencyRetentionMs?: number;
  /** Give up (failed, visible) after this many attempts of retryable errors. */
  maxAttempts?: number;
  authPauseMs?: number;
}

export interface TargetHealth {
  paused: boolean;
  pausedReason: string | null;
  breaker: string;
}

export class OutboxDispatcher {
  private readonly sqlite: Database.Database;
  private readonly handlers: Record<string, KindHandler>;
  private readonly now: () => Date;
  private readonly ctx: OutboxContext;
  private readonly breakers: Record<SyncSource, CircuitBreaker>;
  private readonly pausedUntil: Record<SyncSource, { until: number; reason: string } | null> = { platform: null, dms: null };
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly inFlightByTarget: Record<SyncSource, number> = { platform: 0, dms: 0 };
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private again = false;
  private running = false;
  private readonly selectDue: Database.Statement;
  private readonly selectRetryGeneration: Database.Statement;

  constructor(private readonly options: DispatcherOptions) {
    this.sqlite = options.sqlite;
    this.handlers = options.handlers ?? {};
    this.now = options.now ?? (() => new Date());
    this.ctx = {
      sqlite: this.sqlite,
      platform: options.platform,
      dms: options.dms,
      now: this.now,
      enqueue: (input) => enqueue(this.sqlite, input, this.now()),
    };
    const b = options.breaker ?? {};
    this.breakers = { platform: new CircuitBreaker(b), dms: new CircuitBreaker(b) };
    ensureRetryKeys(this.sqlite);
    this.selectRetryGeneration = this.sqlite.prepare('SELECT generation FROM outbox_retry_keys WHERE outbox_id = ?').pluck();
    // The head of each entity's queue: nothing earlier for the same entity is still open. A failed or
    // conflicting earlier command blocks the later ones (they stay visible as pending behind it).
    this.selectDue = this.sqlite.prepare(
      `SELECT o.* FROM outbox o
       WHERE o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.entity_key = o.entity_key AND p.id < o.id AND p.status IN ('pending', 'in_flight', 'failed', 'conflict'))
       ORDER BY o.id LIMIT 200`,
    );
  }

  health(target: SyncSource): TargetHealth {
    const p = this.pausedUntil[target];
    return { paused: !!p && p.until > Date.now(), pausedReason: p?.reason ?? null, breaker: this.breakers[target].state };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Items left in flight by a crash: their outcome is unknown, so they are looked up before any resend.
    const recovered = this.sqlite
      .prepare(
        "UPDATE outbox SET status = 'pending', last_status = 0, last_error = 'interrupted while sending; will check before resending', updated_at = ? WHERE status = 'in_flight'",
      )
      .run(this.now().toISOString());
    if (recovered.changes > 0)
      this.options.log?.({ level: 'warn', msg: 'outbox items recovered after an interruption', count: recovered.changes });
    // The watchdog: due items are retried without waiting for any user activity.
    this.timer = setInterval(() => this.kick(), this.options.watchdogMs ?? 1000);
    this.timer.unref?.();
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Look for due work now (after an enqueue or a replica change). */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        this.tick();
      } while (this.again && this.running);
    } finally {
      this.ticking = false;
    }
  }

  /** Resolves when nothing is in flight and nothing is due (for tests and for a clean shutdown). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      this.kick();
      if (this.inFlight.size === 0) {
        const due = this.selectDue.all(this.now().toISOString()) as OutboxRow[];
        if (due.length === 0) return;
      }
      await Promise.race([...this.inFlight.values(), new Promise((r) => setTimeout(r, 20))]);
    }
    throw new Error('outbox did not become idle');
  }

  private tick(): void {
    const maxPerTarget = this.options.maxInFlightPerTarget ?? 4;
    const rows = this.selectDue.all(this.now().toISOString()) as OutboxRow[];
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue;
      const target = row.target;
      const paused = this.pausedUntil[target];
      if (paused && paused.until > Date.now()) continue;
      if (this.inFlightByTarget[target] >= maxPerTarget) continue;
      if (!this.breakers[target].tryAcquire()) continue;
      const item = rowToItem(row);
      this.inFlightByTarget[target]++;
      const p = this.process(item)
        .catch((error: unknown) => {
          this.options.log?.({
            level: 'error',
            msg: 'outbox item crashed',
            id: item.id,
            error: error instanceof Error ? error.message : String(error),
          });
          this.resolve(
            item,
            {
              status: 'retry',
              delayMs: backoffDelay(item.attempts + 1, this.options.backoff),
              message: `internal error: ${String(error)}`,
            },
            null,
          );
        })
        .finally(() => {
          this.inFlight.delete(item.id);
          this.inFlightByTarget[target]--;
          this.kick();
        });
      this.inFlight.set(item.id, p);
    }
  }

  private client(target: SyncSource): HttpClient {
    return target === 'platform' ? this.options.platform.http : this.options.dms.http;
  }

  private async process(claimed: OutboxItem): Promise<void> {
    const at = this.now().toISOString();
    const claim = this.sqlite
      .prepare("UPDATE outbox SET status = 'in_flight', attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending'")
      .run(at, claimed.id);
    if (claim.changes === 0) {
      this.breakers[claimed.target].neutral();
      return;
    }
    let item: OutboxItem = { ...claimed, attempts: claimed.attempts + 1, status: 'in_flight' };
    const handler = this.handlers[item.kind] ?? {};

    const prepared = (await handler.prepare?.(item, this.ctx)) ?? null;
    if (prepared && 'status' in prepared) {
      this.breakers[item.target].neutral();
      this.resolve(item, prepared, null);
      return;
    }
    if (prepared) {
      item = {
        ...item,
        ifMatch: prepared.ifMatch !== undefined ? prepared.ifMatch : item.ifMatch,
        payload: prepared.payload ?? item.payload,
      };
    }

    const retention = this.options.idempotencyRetentionMs ?? 24 * 3_600_000;
    const longOutage = item.attempts > 1 && this.now().getTime() - Date.parse(item.createdAt) > retention - 3_600_000;
    if (handler.lookup && (item.lastStatus === AMBIGUOUS || longOutage)) {
      const found = await handler.lookup(item, this.ctx);
      if (found !== 'absent') {
        if (found.status === 'retry') this.breakers[item.target].failure();
        else this.breakers[item.target].success();
        this.resolve(item, found, null);
        return;
      }
    }

    const generation = this.selectRetryGeneration.get(item.id) as number | undefined;
    const outcome = await this.client(item.target).request<unknown>({
      method: item.method,
      path: item.path,
      body: item.payload,
      idempotencyKey: item.method === 'POST' ? keyForGeneration(item.idempotencyKey, generation) : undefined,
      ifMatch: item.ifMatch ?? undefined,
    });
    const breaker = this.breakers[item.target];
    if (outcome.kind === 'retryable' || outcome.kind === 'ambiguous') breaker.failure();
    else if (outcome.kind === 'ok') breaker.success();
    else breaker.neutral();

    const special = await handler.interpret?.(item, outcome, this.ctx);
    this.resolve(item, special ?? this.defaultResolution(item, outcome), outcome);
  }

  private defaultResolution(item: OutboxItem, outcome: HttpOutcome<unknown>): Resolution {
    const message = describeOutcome(outcome);
    switch (outcome.kind) {
      case 'ok':
        return { status: 'delivered', result: outcome.body };
      case 'business':
        return {
          status: 'failed',
          message: outcome.problem.detail ?? outcome.problem.title,
          httpStatus: outcome.status,
          result: outcome.problem,
        };
      case 'conflict':
        if (outcome.problem.code === 'idempotency-key-in-flight')
          return { status: 'retry', delayMs: 1000, message, httpStatus: outcome.status };
        return {
          status: 'conflict',
          message: outcome.problem.detail ?? outcome.problem.title,
          httpStatus: outcome.status,
          result: outcome.problem,
        };
      case 'auth':
        this.pausedUntil[item.target] = {
          until: Date.now() + (this.options.authPauseMs ?? 30_000),
          reason: `The ${item.target === 'dms' ? 'DMS' : 'platform'} refused the credentials (${outcome.status}); check the token.`,
        };
        return { status: 'retry', delayMs: this.options.authPauseMs ?? 30_000, message: `paused: ${message}`, httpStatus: outcome.status };
      case 'retryable': {
        const delay = Math.max(outcome.retryAfterMs ?? 0, backoffDelay(item.attempts, this.options.backoff));
        return { status: 'retry', delayMs: delay, message, httpStatus: outcome.status };
      }
      case 'ambiguous':
        return { status: 'retry', delayMs: backoffDelay(item.attempts, this.options.backoff), message, ambiguous: true };
    }
  }

  /** Writes the end of an attempt (and, when delivered, the follow-ups) in one transaction. */
  private resolve(item: OutboxItem, resolution: Resolution, outcome: HttpOutcome<unknown> | null): void {
    const now = this.now();
    const at = now.toISOString();
    // High enough to ride out an outage of days (the 5-minute cap makes ~1000 attempts about 3.5 days); the
    // item stays visible as pending with its last error and age meanwhile.
    const maxAttempts = this.options.maxAttempts ?? 1000;
    const handler = this.handlers[item.kind] ?? {};
    const statusOf = (o: HttpOutcome<unknown> | null): number | null => (o ? (o.kind === 'ambiguous' ? AMBIGUOUS : o.status) : null);
    this.sqlite
      .transaction(() => {
        const set = (fields: Record<string, unknown>) => {
          const cols = Object.keys(fields);
          this.sqlite
            .prepare(`UPDATE outbox SET ${cols.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`)
            .run({ ...fields, at, id: item.id });
        };
        switch (resolution.status) {
          case 'delivered':
            set({
              status: 'delivered',
              result: JSON.stringify(resolution.result ?? null),
              last_error: resolution.message ?? null,
              last_status: statusOf(outcome),
              next_attempt_at: null,
            });
            handler.onDelivered?.(item, resolution.result, this.ctx);
            break;
          case 'failed':
          case 'conflict':
            set({
              status: resolution.status,
              last_error: resolution.message,
              last_status: resolution.httpStatus ?? statusOf(outcome),
              result: resolution.result === undefined ? null : JSON.stringify(resolution.result),
              next_attempt_at: null,
            });
            break;
          case 'discarded':
            set({ status: 'discarded', last_error: resolution.message, next_attempt_at: null });
            break;
          case 'resend':
            set({
              status: 'pending',
              if_match: resolution.ifMatch === null ? null : String(resolution.ifMatch),
              payload: JSON.stringify(resolution.payload ?? item.payload),
              last_error: resolution.message,
              last_status: statusOf(outcome),
              next_attempt_at: null,
            });
            break;
          case 'retry': {
            if (item.attempts >= maxAttempts) {
              set({
                status: 'failed',
                last_error: `gave up after ${item.attempts} attempts: ${resolution.message}`,
                last_status: resolution.ambiguous ? AMBIGUOUS : (resolution.httpStatus ?? statusOf(outcome)),
                next_attempt_at: null,
              });
              break;
            }
            // An earlier ambiguous outcome stays ambiguous until a lookup settles it.
            const wasAmbiguous = item.lastStatus === AMBIGUOUS;
            set({
              status: 'pending',
              last_error: resolution.message,
              last_status: resolution.ambiguous || wasAmbiguous ? AMBIGUOUS : (resolution.httpStatus ?? statusOf(outcome)),
              next_attempt_at: new Date(now.getTime() + resolution.delayMs).toISOString(),
            });
            break;
          }
        }
      })
      .immediate();
    if (resolution.status !== 'retry')
      this.options.log?.({
        level: resolution.status === 'delivered' ? 'info' : 'warn',
        msg: `outbox ${resolution.status}`,
        id: item.id,
        kind: item.kind,
        key: item.idempotencyKey,
        detail: 'message' in resolution ? resolution.message : undefined,
      });
    this.options.onChange?.();
  }

  /** Staff: send a failed or conflicting item again (see `retryItem` for the key it is sent under). */
  retry(id: number): OutboxItem {
    const item = retryItem(this.sqlite, id, this.now());
    this.options.onChange?.();
    this.kick();
    return item;
  }

  /** Staff: give up on an item. The caller writes the audit entry in the same transaction. */
  discard(id: number, reason: string): OutboxItem {
    const item = discardItem(this.sqlite, id, reason, this.now());
    this.options.onChange?.();
    return item;
  }
}

/**
 * Drops items that ended long ago (delivered or discarded), so the outbox does not grow for ever. Their
 * keys are no longer needed for de-duplication by then: the replica shows every such effect.
 */
export function pruneOutbox(sqlite: Database.Database, now: Date, keepMs = 30 * 86_400_000): number {
  const before = new Date(now.getTime() - keepMs).toISOString();
  const pruned = sqlite.prepare("DELETE FROM outbox WHERE status IN ('delivered', 'discarded') AND updated_at < ?").run(before).changes;
  if (pruned > 0) {
    ensureRetryKeys(sqlite);
    sqlite.prepare('DELETE FROM outbox_retry_keys WHERE outbox_id NOT IN (SELECT id FROM outbox)').run();
  }
  return pruned;
}

/**
 * Staff: send a failed or conflicting item again. It keeps its idempotency key (so a resend after an unknown
 * outcome cannot double); only after a refusal the server would replay is it sent under a fresh one.
 */
export function retryItem(sqlite: Database.Database, id: number, now: Date): OutboxItem {
  const before = getItem(sqlite, id);
  const res = sqlite
    .prepare(
      "UPDATE outbox SET status = 'pending', next_attempt_at = NULL, attempts = 0, updated_at = ? WHERE id = ? AND status IN ('failed', 'conflict')",
    )
    .run(now.toISOString(), id);
  if (res.changes === 0) throw new Error('Only a failed or conflicting item can be retried.');
  if (before && refusalIsReplayed(before.lastStatus)) {
    ensureRetryKeys(sqlite);
    sqlite
      .prepare(
        'INSERT INTO outbox_retry_keys (outbox_id, generation) VALUES (?, 1) ON CONFLICT(outbox_id) DO UPDATE SET generation = generation + 1',
      )
      .run(id);
  }
  return getItem(sqlite, id) as OutboxItem;
}

/** Staff: give up on an item that has not been delivered. Audit it in the same transaction. */
export function discardItem(sqlite: Database.Database, id: number, reason: string, now: Date): OutboxItem {
  const res = sqlite
    .prepare(
      "UPDATE outbox SET status = 'discarded', last_error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND status IN ('failed', 'conflict', 'pending')",
    )
    .run(`discarded: ${reason}`, now.toISOString(), id);
  if (res.changes === 0) throw new Error('This item is being sent or has already ended; it cannot be discarded now.');
  return getItem(sqlite, id) as OutboxItem;
}
