// The one typed API between the UI and the backend: procedure name -> zod input -> output type, and
// who may call it. Both transports (Electron IPC and the web host) are built from this definition, and
// the backend enforces `access` on every call. Feature issues add procedures here.
import { z } from 'zod';
import { roles, type Role } from '../roles';

/** 'public': anyone (setup/sign-in); 'signed_in': any staff member; otherwise the roles allowed. */
export type Access = 'public' | 'signed_in' | readonly Role[];

export interface ProcedureDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Phantom: the output type. */
  output?: O;
}

function procedure<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access }): ProcedureDef<I, O> => def;
}

export const roleSchema = z.enum(roles);

export interface StaffView {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  createdAt: string;
}

export interface SessionView {
  /** False until the first admin has been created (the setup screen shows). */
  setupDone: boolean;
  staff: StaffView | null;
  /** Demo data (embedded reference servers) or real endpoints. */
  mode: 'demo' | 'live' | 'offline';
  /** Plain words shown in the banner, e.g. "Demo data: the reference servers are embedded." */
  modeMessage: string;
}

export interface SignInResult {
  sessionToken: string;
  staff: StaffView;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  /** First broken link, when not ok: which entry was changed or is missing. */
  problem: string | null;
}

export interface SyncStatusView {
  sources: {
    system: 'platform' | 'dms';
    state: 'idle' | 'syncing' | 'offline' | 'paused' | 'not_configured' | 'error';
    lastSuccessAt: string | null;
    lagEvents: number | null;
    message: string | null;
  }[];
  outbox: { pending: number; failed: number; conflict: number; oldestPendingAt: string | null };
  quarantine: number;
}

const password = z.string().min(10, 'Use at least 10 characters.').max(200);
const username = z
  .string()
  .trim()
  .min(2, 'A user name needs at least 2 characters.')
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'Letters, digits, dot, dash and underscore only.');

export const procedures = {
  'session.get': procedure<SessionView>()({ input: z.object({}), access: 'public' }),
  'session.setupAdmin': procedure<SignInResult>()({
    input: z.object({ username, displayName: z.string().trim().min(1).max(100), password }),
    access: 'public',
  }),
  'session.signIn': procedure<SignInResult>()({
    input: z.object({ username: z.string().trim().min(1), password: z.string().min(1) }),
    access: 'public',
  }),
  'session.signOut': procedure<{ signedOut: true }>()({ input: z.object({}), access: 'signed_in' }),

  'staff.list': procedure<StaffView[]>()({ input: z.object({}), access: ['admin'] }),
  'staff.create': procedure<StaffView>()({
    input: z.object({
      username,
      displayName: z.string().trim().min(1).max(100),
      password,
      roles: z.array(roleSchema).min(1, 'Give the person at least one role.'),
    }),
    access: ['admin'],
  }),
  'staff.setRoles': procedure<StaffView>()({
    input: z.object({ staffId: z.string().min(1), roles: z.array(roleSchema).min(1, 'Give the person at least one role.') }),
    access: ['admin'],
  }),
  'staff.setActive': procedure<StaffView>()({
    input: z.object({ staffId: z.string().min(1), active: z.boolean() }),
    access: ['admin'],
  }),

  'audit.list': procedure<AuditEntryView[]>()({
    input: z.object({ beforeSeq: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100) }),
    access: ['admin', 'manager'],
  }),
  'audit.verify': procedure<AuditVerification>()({ input: z.object({}), access: ['admin'] }),

  'sync.status': procedure<SyncStatusView>()({ input: z.object({}), access: 'signed_in' }),
} as const;

export type Procedures = typeof procedures;
export type ProcedureName = keyof Procedures;
export type ProcedureInput<K extends ProcedureName> = z.input<Procedures[K]['input']>;
export type ProcedureParsedInput<K extends ProcedureName> = z.output<Procedures[K]['input']>;
export type ProcedureOutput<K extends ProcedureName> = NonNullable<Procedures[K]['output']>;

/** Push events from the backend to every open UI. Feature issues add events here. */
export interface PushEvents {
  'sync.status': SyncStatusView;
  /** Rows of these replica tables changed; open screens re-query. */
  'replica.changed': { tables: string[] };
  'session.ended': { reason: string };
  /** The Electron shell's auto-updater: a new version is downloading, is ready to install, or failed. */
  'app.update': { state: 'available' | 'downloaded' | 'error'; version?: string; message: string };
}
export type PushEventName = keyof PushEvents;

/** The shape both transports give the renderer (the preload exposes exactly this on window.dealerDesk). */
export interface DeskBridge {
  call(procedure: string, input: unknown, sessionToken: string | null): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}
