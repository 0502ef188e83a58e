// Opens the desk's SQLite file: refuses a file written by a newer app (without touching it), then sets the
// connection up (WAL, foreign keys, busy timeout) and applies the committed drizzle migrations.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema';

export type DeskDatabase = BetterSQLite3Database<typeof schema>;

/** drizzle's own bookkeeping table (its default name). */
const MIGRATIONS_TABLE = '__drizzle_migrations';

/** The file was written by a newer Dealer Desk: the app must not open (let alone migrate) it. */
export class NewerSchemaError extends Error {
  constructor(
    readonly fileSchema: number,
    readonly appSchema: number,
  ) {
    super(
      `This data file was written by a newer Dealer Desk (schema ${fileSchema}, this app knows ${appSchema}). ` +
        'Update the app; the file was not changed.',
    );
    this.name = 'NewerSchemaError';
  }
}

/**
 * Finds the `drizzle/` folder by walking up from this module: it sits at the repository root both when
 * running from source (src/main/db) and from the electron-vite build (out/main). Packaged apps pass it.
 */
export function defaultMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the drizzle/ migrations folder; pass migrationsDir.');
    dir = parent;
  }
}

export interface KnownMigration {
  tag: string;
  /** drizzle records this as `created_at` of the applied migration. */
  folderMillis: number;
  hash: string;
}

export function knownMigrations(migrationsDir: string): KnownMigration[] {
  const journal = JSON.parse(readFileSync(join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const files = readMigrationFiles({ migrationsFolder: migrationsDir });
  return files.map((m, i) => ({ tag: journal.entries[i]?.tag ?? `#${i}`, folderMillis: m.folderMillis, hash: m.hash }));
}

/**
 * Reads which migrations an existing file has applied, through a read-only connection that changes
 * nothing (no pragma that writes, no WAL switch), and throws NewerSchemaError when the file knows
 * migrations this build does not.
 */
export function assertSchemaNotNewer(file: string, known: KnownMigration[]): { applied: number } {
  if (!existsSync(file)) return { applied: 0 };
  // Reading a WAL-mode file, even read-only, makes SQLite create empty -wal/-shm side files. Those we
  // create we remove again, so a refused data directory is left exactly as it was found.
  const sideFiles = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = probe.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATIONS_TABLE) as
      { name: string } | undefined;
    if (!table) return { applied: 0 };
    const rows = probe.prepare(`SELECT hash, created_at AS createdAt FROM "${MIGRATIONS_TABLE}"`).all() as {
      hash: string;
      createdAt: number | string;
    }[];
    const knownMillis = new Set(known.map((m) => m.folderMillis));
    const unknown = rows.filter((r) => !knownMillis.has(Number(r.createdAt)));
    if (unknown.length > 0) throw new NewerSchemaError(rows.length, known.length);
    return { applied: rows.length };
  } finally {
    probe.close();
    const wal = `${file}-wal`;
    const walEmpty = !existsSync(wal) || statSync(wal).size === 0;
    if (walEmpty) for (const side of sideFiles) rmSync(side, { force: true });
  }
}

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: DeskDatabase;
  /** Migrations applied by this open (0 when the file was already current). */
  migrationsApplied: number;
  schemaVersion: number;
}

/** Opens (creating if needed) and migrates the database file. `:memory:` is accepted for tests. */
export function openDatabase(file: string, options: { migrationsDir?: string } = {}): OpenedDatabase {
  const migrationsDir = resolve(options.migrationsDir ?? defaultMigrationsDir());
  const known = knownMigrations(migrationsDir);
  const before = file === ':memory:' ? { applied: 0 } : assertSchemaNotNewer(file, known);

  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Up to 128 MiB of page cache (SQLite's default is 2 MiB): at a 1M-order replica the order queue's
    // broad counts and deep pages read far fewer pages from disk (measured 26 -> 6 ms for a page at offset
    // 500k). It is a ceiling, filled only as pages are read.
    sqlite.pragma('cache_size = -131072');
    // So that an INSERT OR REPLACE into a replica table fires the DELETE triggers that keep the
    // search indexes (FTS5, migration 0001) in step; upserts should use ON CONFLICT DO UPDATE anyway.
    sqlite.pragma('recursive_triggers = ON');
    const db = drizzle(sqlite, { schema });
    migrate(db, { migrationsFolder: migrationsDir });
    return { sqlite, db, migrationsApplied: known.length - before.applied, schemaVersion: known.length };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
