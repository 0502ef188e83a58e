// SQLite state of one reference server: resources stored as JSON with indexed key columns, the change
// feed (commit order = seq order), the idempotency records, counters and settings. One file per server.
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** How a collection maps a resource to its id, its event resource type and its indexed keys. */
export interface CollectionSpec<R = Record<string, unknown>> {
  resourceType: string;
  id: (r: R) => string;
  keys?: (r: R) => { k1?: string | null; k2?: string | null; k3?: string | null };
}

export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  occurred_at: string;
  resource: { type: string; id: string; version: number };
  data: Record<string, unknown>;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: number | null;
  body: string | null;
  contentType: string | null;
  headers: Record<string, string>;
  createdMs: number;
}

const KEY_INDEXES = `
CREATE INDEX IF NOT EXISTS resources_by_k1 ON resources (collection, k1, id);
CREATE INDEX IF NOT EXISTS resources_by_k2 ON resources (collection, k2, id);
CREATE INDEX IF NOT EXISTS resources_by_k3 ON resources (collection, k3, id);
`;

const SCHEMA = `
-- A rowid table: resources are large JSON documents, which a WITHOUT ROWID b-tree handles badly.
CREATE TABLE IF NOT EXISTS resources (
  collection TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
  k1 TEXT, k2 TEXT, k3 TEXT, data TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS resources_by_id ON resources (collection, id);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, occurred_at TEXT NOT NULL,
  occurred_ms INTEGER NOT NULL, rtype TEXT NOT NULL, rid TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_ms ON events (occurred_ms);
CREATE TABLE IF NOT EXISTS idempotency (
  token TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER, body TEXT,
  content_type TEXT, headers TEXT NOT NULL DEFAULT '{}', created_ms INTEGER NOT NULL,
  PRIMARY KEY (token, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

export class SimStore {
  readonly db: Db;
  private readonly stmts;

  constructor(
    file: string,
    readonly collections: Record<string, CollectionSpec<never>>,
  ) {
    this.db = new Database(file);
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.db.exec(KEY_INDEXES);
    // Without statistics the planner prefers the primary key's collection prefix (a scan of the whole
    // collection) over the key indexes; the key look-ups therefore name their index.
    // A request that was running when the process died never finished: forget it so the key can be reused.
    this.db.prepare('DELETE FROM idempotency WHERE status IS NULL').run();
    this.stmts = {
      get: this.db.prepare<[string, string], { data: string }>('SELECT data FROM resources WHERE collection = ? AND id = ?'),
      byK1: this.db.prepare<[string, string], { data: string }>(
        'SELECT data FROM resources INDEXED BY resources_by_k1 WHERE collection = ? AND k1 = ? ORDER BY id',
      ),
      byK2: this.db.prepare<[string, string], { data: string }>(
        'SELECT data FROM resources INDEXED BY resources_by_k2 WHERE collection = ? AND k2 = ? ORDER BY id',
      ),
      byK3: this.db.prepare<[string, string], { data: string }>(
        'SELECT data FROM resources INDEXED BY resources_by_k3 WHERE collection = ? AND k3 = ? ORDER BY id',
      ),
      put: this.db.prepare(
        'INSERT INTO resources (collection, id, version, k1, k2, k3, data) VALUES (?, ?, ?, ?, ?, ?, ?) ' +
          'ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version, k1 = excluded.k1, k2 = excluded.k2, k3 = excluded.k3, data = excluded.data',
      ),
      del: this.db.prepare('DELETE FROM resources WHERE collection = ? AND id = ?'),
      event: this.db.prepare('INSERT INTO events (type, occurred_at, occurred_ms, rtype, rid, version, data) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      metaGet: this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE name = ?'),
      metaSet: this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
      lastSeq: this.db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
      eventsAfter: this.db.prepare<[number, number], EventRow>('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?'),
      page: this.db.prepare<[string, string, number], { id: string; data: string }>(
        'SELECT id, data FROM resources WHERE collection = ? AND id > ? ORDER BY id LIMIT ?',
      ),
      count: this.db.prepare<[], { collection: string; n: number }>('SELECT collection, count(*) AS n FROM resources GROUP BY collection'),
      idemGet: this.db.prepare<[string, string], IdemRow>('SELECT * FROM idempotency WHERE token = ? AND key = ?'),
      idemReserve: this.db.prepare('INSERT INTO idempotency (token, key, fingerprint, created_ms) VALUES (?, ?, ?, ?)'),
      idemStore: this.db.prepare('UPDATE idempotency SET status = ?, body = ?, content_type = ?, headers = ? WHERE token = ? AND key = ?'),
      idemRelease: this.db.prepare('DELETE FROM idempotency WHERE token = ? AND key = ?'),
    };
  }

  /** For a bulk load into a fresh store: inserting first and indexing after is about twice as fast. */
  dropKeyIndexes(): void {
    this.db.exec('DROP INDEX IF EXISTS resources_by_k1; DROP INDEX IF EXISTS resources_by_k2; DROP INDEX IF EXISTS resources_by_k3;');
  }

  createKeyIndexes(): void {
    this.db.exec(KEY_INDEXES);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  private spec(collection: string): CollectionSpec<Record<string, unknown>> {
    const spec = this.collections[collection] as CollectionSpec<Record<string, unknown>> | undefined;
    if (!spec) throw new Error(`unknown collection ${collection}`);
    return spec;
  }

  get<T>(collection: string, id: string): T | undefined {
    const row = this.stmts.get.get(collection, id);
    return row ? (JSON.parse(row.data) as T) : undefined;
  }

  findBy<T>(collection: string, key: 'k1' | 'k2' | 'k3', value: string): T[] {
    const stmt = key === 'k1' ? this.stmts.byK1 : key === 'k2' ? this.stmts.byK2 : this.stmts.byK3;
    return stmt.all(collection, value).map((r) => JSON.parse(r.data) as T);
  }

  /** Runs a read-only SQL query over the resources table and parses the `data` column. */
  query<T>(sql: string, ...params: (string | number | null)[]): T[] {
    return this.db
      .prepare<(string | number | null)[], { data: string }>(sql)
      .all(...params)
      .map((r) => JSON.parse(r.data) as T);
  }

  /** Writes a resource without a feed event (bulk load of seeded history). */
  putSilently(collection: string, resource: object): void {
    const spec = this.spec(collection);
    const r = resource as Record<string, unknown>;
    const keys = spec.keys?.(r) ?? {};
    this.stmts.put.run(
      collection,
      spec.id(r),
      Number(r.version ?? 1),
      keys.k1 ?? null,
      keys.k2 ?? null,
      keys.k3 ?? null,
      JSON.stringify(r),
    );
  }

  /** Writes a resource and appends its feed event; call inside a transaction with the rest of the change. */
  put(collection: string, resource: object, occurredAt: Date, eventType?: string): void {
    const spec = this.spec(collection);
    this.putSilently(collection, resource);
    const r = resource as Record<string, unknown>;
    this.appendEvent(eventType ?? `${spec.resourceType}.upserted`, spec.resourceType, spec.id(r), Number(r.version ?? 1), r, occurredAt);
  }

  /** Deletes a resource and appends a `<type>.deleted` event carrying {id}. */
  delete(collection: string, id: string, version: number, occurredAt: Date): void {
    const spec = this.spec(collection);
    this.stmts.del.run(collection, id);
    this.appendEvent(`${spec.resourceType}.deleted`, spec.resourceType, id, version, { id }, occurredAt);
  }

  appendEvent(type: string, rtype: string, rid: string, version: number, data: object, occurredAt: Date): void {
    this.stmts.event.run(type, occurredAt.toISOString(), occurredAt.getTime(), rtype, rid, version, JSON.stringify(data));
  }

  lastSeq(): number {
    return this.stmts.lastSeq.get()?.seq ?? 0;
  }

  /** Events with seq <= this have been dropped (retention or forced expiry). */
  purgedThrough(): number {
    return Number(this.getMeta('purged_through') ?? '0');
  }

  /** Drops every event older than `cutoffMs`; returns the new purged-through seq. */
  pruneEvents(cutoffMs: number): number {
    const row = this.db.prepare<[number], { seq: number | null }>('SELECT max(seq) AS seq FROM events WHERE occurred_ms < ?').get(cutoffMs);
    if (row?.seq) this.dropEventsThrough(row.seq);
    return this.purgedThrough();
  }

  /** Drops every event up to and including `seq`: a cursor behind it is then expired. */
  dropEventsThrough(seq: number): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM events WHERE seq <= ?').run(seq);
      if (seq > this.purgedThrough()) this.setMeta('purged_through', String(seq));
    });
  }

  eventsAfter(seq: number, limit: number): StoredEvent[] {
    return this.stmts.eventsAfter.all(seq, limit).map((r) => ({
      seq: r.seq,
      id: `evt_${r.seq}`,
      type: r.type,
      occurred_at: r.occurred_at,
      resource: { type: r.rtype, id: r.rid, version: r.version },
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
  }

  snapshotPage(collection: string, afterId: string, limit: number): { id: string; data: unknown }[] {
    return this.stmts.page.all(collection, afterId, limit).map((r) => ({ id: r.id, data: JSON.parse(r.data) as unknown }));
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const name of Object.keys(this.collections)) out[name] = 0;
    for (const row of this.stmts.count.all()) out[row.collection] = row.n;
    return out;
  }

  eventCount(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM events').get()?.n ?? 0;
  }

  getMeta(name: string): string | undefined {
    return this.stmts.metaGet.get(name)?.value;
  }

  setMeta(name: string, value: string): void {
    this.stmts.metaSet.run(name, value);
  }

  /** A persistent counter (order numbers, ids): survives restarts, so ids never repeat. */
  nextCounter(name: string): number {
    const next = Number(this.getMeta(`counter:${name}`) ?? '0') + 1;
    this.setMeta(`counter:${name}`, String(next));
    return next;
  }

  idempotencyGet(token: string, key: string): IdempotencyRecord | undefined {
    const row = this.stmts.idemGet.get(token, key);
    if (!row) return undefined;
    return {
      fingerprint: row.fingerprint,
      status: row.status,
      body: row.body,
      contentType: row.content_type,
      headers: JSON.parse(row.headers) as Record<string, string>,
      createdMs: row.created_ms,
    };
  }

  idempotencyReserve(token: string, key: string, fingerprint: string, nowMs: number): void {
    this.stmts.idemRelease.run(token, key);
    this.stmts.idemReserve.run(token, key, fingerprint, nowMs);
  }

  idempotencyStore(token: string, key: string, status: number, body: string, contentType: string, headers: Record<string, string>): void {
    this.stmts.idemStore.run(status, body, contentType, JSON.stringify(headers), token, key);
  }

  idempotencyRelease(token: string, key: string): void {
    this.stmts.idemRelease.run(token, key);
  }

  idempotencyPrune(cutoffMs: number): void {
    this.db.prepare('DELETE FROM idempotency WHERE created_ms < ? AND status IS NOT NULL').run(cutoffMs);
  }

  idempotencyCount(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency').get()?.n ?? 0;
  }
}

interface EventRow {
  seq: number;
  type: string;
  occurred_at: string;
  occurred_ms: number;
  rtype: string;
  rid: string;
  version: number;
  data: string;
}

interface IdemRow {
  token: string;
  key: string;
  fingerprint: string;
  status: number | null;
  body: string | null;
  content_type: string | null;
  headers: string;
  created_ms: number;
}
