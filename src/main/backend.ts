// The backend factory: one data directory in, a ready backend out (database migrated, services built,
// every procedure dispatched with its access check). Plain Node; the Electron shell, the web host, the
// worker and the tests all build it the same way.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { PushEventName, PushEvents } from '../shared/api/contract';
import type { ApiResult } from '../shared/api/errors';
import { coreHandlerFactories, createDispatcher, defaultSyncStatusProvider } from './api';
import type { BackendServices, HandlerFactory, HandlerMap, SyncStatusProvider } from './api/types';
import { openDatabase } from './db/open';
import type * as schema from './db/schema';
import { AuditLog } from './services/audit';
import { SessionService } from './services/sessions';
import { SettingsService } from './services/settings';
import { StaffService } from './services/staff';

export const DATABASE_FILE_NAME = 'dealer-desk.sqlite';

export interface BackendOptions {
  dataDir: string;
  now?: () => Date;
  /** Where drizzle's migrations are; default: the `drizzle/` folder found above this module. */
  migrationsDir?: string;
  /** Extra handler factories (features), merged over the core ones. */
  handlers?: readonly HandlerFactory[];
  /** Where unexpected errors are reported; default: console (stderr). */
  log?: (level: 'info' | 'warn' | 'error', message: string, detail?: unknown) => void;
}

export interface Backend {
  readonly dataDir: string;
  readonly sqlite: Database.Database;
  readonly db: BetterSQLite3Database<typeof schema>;
  dispatch(procedure: string, input: unknown, ctx: { sessionToken: string | null }): Promise<ApiResult<unknown>>;
  onPush(listener: (event: PushEventName, payload: unknown) => void): () => void;
  push<E extends PushEventName>(event: E, payload: PushEvents[E]): void;
  close(): Promise<void>;
  /** The services handlers use (staff, sessions, audit, settings, clock, ...). */
  readonly services: BackendServices;
  /** Adds (or replaces) handlers for procedures; later features call this at start-up. */
  registerHandlers(factory: HandlerFactory): void;
  /** Installs the source of `sync.status` and the mode banner (the sync engine does this). */
  setSyncStatusProvider(provider: SyncStatusProvider): void;
}

function defaultLog(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void {
  const line = `[dealer-desk] ${level}: ${message}`;
  if (level === 'error') console.error(line, detail ?? '');
  else if (level === 'warn') console.warn(line, detail ?? '');
  else console.info(line);
}

export async function createBackend(options: BackendOptions): Promise<Backend> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const now = options.now ?? (() => new Date());
  const log = options.log ?? defaultLog;

  // Migrations run here, before any service or handler exists; a newer file throws NewerSchemaError.
  const { sqlite, db } = openDatabase(join(dataDir, DATABASE_FILE_NAME), {
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
  });

  const listeners = new Set<(event: PushEventName, payload: unknown) => void>();
  const push = <E extends PushEventName>(event: E, payload: PushEvents[E]): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event, payload);
      } catch (error) {
        // One broken subscriber (a closed socket, a dead window) must not starve the others.
        log('error', `push listener for ${event} failed`, error);
      }
    }
  };

  let syncStatusProvider: SyncStatusProvider = defaultSyncStatusProvider(sqlite);
  const audit = new AuditLog(sqlite, now);
  const staff = new StaffService(sqlite, audit, now);
  const sessions = new SessionService(sqlite, staff, now);
  const settings = new SettingsService(sqlite, audit, now);
  const services: BackendServices = {
    dataDir,
    sqlite,
    db,
    now,
    audit,
    staff,
    sessions,
    settings,
    push,
    syncStatusProvider: () => syncStatusProvider,
    log,
  };

  let handlers: HandlerMap = {};
  const registerHandlers = (factory: HandlerFactory): void => {
    handlers = { ...handlers, ...factory(services) };
  };
  for (const factory of [...coreHandlerFactories, ...(options.handlers ?? [])]) registerHandlers(factory);

  const dispatch = createDispatcher({ handlers: () => handlers, resolveSession: (token) => sessions.resolve(token), log });

  let closed = false;
  let closing: Promise<void> | null = null;
  return {
    dataDir,
    sqlite,
    db,
    services,
    dispatch: async (procedure, input, ctx) => {
      if (closed) return { ok: false, error: { kind: 'unavailable', message: 'Dealer Desk is shutting down.' } };
      return dispatch(procedure, input, ctx);
    },
    onPush(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    push,
    registerHandlers,
    setSyncStatusProvider(provider) {
      syncStatusProvider = provider;
    },
    close() {
      closing ??= (async () => {
        closed = true;
        listeners.clear();
        if (sqlite.open) {
          try {
            // Fold the WAL back into the main file so the data directory is one self-contained file.
            sqlite.pragma('wal_checkpoint(TRUNCATE)');
          } catch (error) {
            log('warn', 'WAL checkpoint on close failed', error);
          }
          sqlite.close();
        }
      })();
      return closing;
    },
  };
}
