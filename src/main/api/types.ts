// Types for the backend side of the UI/backend contract: one handler per procedure, grouped by domain
// and merged into one `Handlers` object keyed by ProcedureName (Actual Budget's pattern).
import type Database from 'better-sqlite3';
import type {
  ProcedureName,
  ProcedureOutput,
  ProcedureParsedInput,
  PushEventName,
  PushEvents,
  SessionView,
  StaffView,
  SyncStatusView,
} from '../../shared/api/contract';
import type { DeskDatabase } from '../db/open';
import type { Actor, AuditLog } from '../services/audit';
import type { SessionService } from '../services/sessions';
import type { SettingsService } from '../services/settings';
import type { StaffService } from '../services/staff';

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** The signed-in staff member; always set for procedures whose access is not 'public'. */
  staff: StaffView | null;
  /** For the audit log: the signed-in staff member, or null. */
  actor: Actor | null;
  /** The raw session token the call carried (session.signOut ends it). */
  sessionToken: string | null;
}

export type Handler<K extends ProcedureName> = (
  input: ProcedureParsedInput<K>,
  ctx: CallContext,
) => ProcedureOutput<K> | Promise<ProcedureOutput<K>>;

/** Every procedure of the contract with its handler. */
export type Handlers = { [K in ProcedureName]: Handler<K> };

/** What one domain contributes; the backend merges all of them. */
export type HandlerMap = Partial<Handlers>;

/**
 * Where `sync.status` and the session banner get their facts. The sync engine replaces the default
 * (both sources not_configured) through `backend.setSyncStatusProvider`.
 */
export interface SyncStatusProvider {
  status(): SyncStatusView | Promise<SyncStatusView>;
  /** The mode shown in the banner (session.get). */
  mode(): Pick<SessionView, 'mode' | 'modeMessage'>;
}

/** Everything a domain's handlers may use; later features receive the same object. */
export interface BackendServices {
  readonly dataDir: string;
  readonly sqlite: Database.Database;
  readonly db: DeskDatabase;
  readonly now: () => Date;
  readonly audit: AuditLog;
  readonly staff: StaffService;
  readonly sessions: SessionService;
  readonly settings: SettingsService;
  push<E extends PushEventName>(event: E, payload: PushEvents[E]): void;
  syncStatusProvider(): SyncStatusProvider;
  log(level: 'info' | 'warn' | 'error', message: string, detail?: unknown): void;
}

export type HandlerFactory = (services: BackendServices) => HandlerMap;
