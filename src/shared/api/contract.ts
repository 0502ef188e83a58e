// The one typed API between the UI and the backend: procedure name -> zod input -> output type, and
// who may call it. Both transports (Electron IPC and the web host) are built from this definition, and
// the backend enforces `access` on every call. Each feature declares its procedures in ./features/<feature>.ts.
import { z } from 'zod';
import { roles, type Role } from '../roles';
import { creditProcedures } from './features/credit';
import { dashboardProcedures } from './features/dashboards';
import { dealerProcedures } from './features/dealers';
import { dealerStatusProcedures } from './features/dealerStatus';
import { orderProcedures } from './features/orders';
import { phoneOrderProcedures } from './features/phoneOrder';
import { procedure } from './procedure';

export type { Access, ProcedureDef } from './procedure';
export type { CreditDecisionReceipt, CreditHoldAuthorityView } from './features/credit';
export type { DealerStatusReviewView } from './features/dealerStatus';
export { orderListInput } from './features/orders';

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

/** One outbox item as the Sync screen lists it (issue 4). */
export interface OutboxItemView {
  id: number;
  target: 'platform' | 'dms';
  kind: string;
  entityKey: string;
  status: 'pending' | 'in_flight' | 'delivered' | 'failed' | 'conflict' | 'discarded';
  attempts: number;
  nextAttemptAt: string | null;
  /** The problem's message, or why it waits; what a clerk acts on. */
  lastError: string | null;
  lastStatus: number | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  payload: unknown;
  result: unknown;
}

export interface QuarantineView {
  id: number;
  source: 'platform' | 'dms';
  /** How it arrived: `event:<type>`, `event` (the envelope itself was invalid) or `snapshot:<collection>`. */
  kind: string;
  /** The record it claims to be, read from the raw payload; null when the payload does not say. */
  recordType: string | null;
  recordId: string | null;
  /** The payload exactly as received (JSON text). */
  raw: string;
  error: string;
  receivedAt: string;
  resolvedAt: string | null;
}

const password = z.string().min(10, 'Use at least 10 characters.').max(200);
const username = z
  .string()
  .trim()
  .min(2, 'A user name needs at least 2 characters.')
  .max(64)
  .regex(/^[a-z0-9._-]+$/i, 'Letters, digits, dot, dash and underscore only.');

const coreProcedures = {
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

  // Sync engine (issue 4): the outbox and quarantine behind the Sync screen.
  // Newest first. `beforeId` pages on (the ids below the last row of the previous page), so rows queued
  // meanwhile never shift a page: the export walks a view this way.
  'sync.outbox.list': procedure<OutboxItemView[]>()({
    input: z.object({
      view: z.enum(['attention', 'pending', 'delivered', 'all']),
      target: z.enum(['platform', 'dms']).optional(),
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    access: 'signed_in',
  }),
  /** How many items `sync.outbox.list` would walk for this view (the export's total). */
  'sync.outbox.count': procedure<{ total: number }>()({
    input: z.object({ view: z.enum(['attention', 'pending', 'delivered', 'all']), target: z.enum(['platform', 'dms']).optional() }),
    access: 'signed_in',
  }),
  'sync.outbox.retry': procedure<OutboxItemView>()({ input: z.object({ id: z.number().int().positive() }), access: 'signed_in' }),
  'sync.outbox.discard': procedure<OutboxItemView>()({
    input: z.object({
      id: z.number().int().positive(),
      confirm: z.literal(true, { error: 'Confirm that this command will not be sent.' }),
      reason: z.string().trim().min(3, 'Say why it is discarded.').max(500),
    }),
    access: ['admin', 'manager', 'credit_manager'],
  }),
  'sync.quarantine.list': procedure<QuarantineView[]>()({
    input: z.object({
      state: z.enum(['open', 'resolved']),
      beforeId: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    access: 'signed_in',
  }),
  'sync.quarantine.count': procedure<{ total: number }>()({
    input: z.object({ state: z.enum(['open', 'resolved']) }),
    access: 'signed_in',
  }),

  // Hand-over routing (DESIGN.md duty 2): orders the `duties.handover` setting sends to a "to confirm" queue.
  'handover.queue': procedure<{ orderId: string; reason: string; state: 'open' | 'confirmed'; createdAt: string }[]>()({
    input: z.object({ state: z.enum(['open', 'confirmed']), limit: z.number().int().min(1).max(1000).default(200) }),
    access: 'signed_in',
  }),
  'handover.confirm': procedure<{ outboxId: number }>()({
    input: z.object({ orderId: z.string().min(1) }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
} as const;

/** Every procedure: the core ones here, and each feature's from its file under ./features. */
export const procedures = {
  ...coreProcedures,
  ...orderProcedures,
  ...creditProcedures,
  ...dealerStatusProcedures,
  ...phoneOrderProcedures,
  ...dealerProcedures,
  ...dashboardProcedures,
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
