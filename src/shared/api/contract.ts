// The one typed API between the UI and the backend: procedure name -> zod input -> output type, and
// who may call it. Both transports (Electron IPC and the web host) are built from this definition, and
// the backend enforces `access` on every call. Feature issues add procedures here.
import { z } from 'zod';
import { roles, type Role } from '../roles';
import type { AuthorityDecision } from '../credit/authority';
import { orderChannels, orderSortColumns, platformOrderStatuses, type OrderFacetsView, type OrderListView } from '../orders';

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

/** What the authority policy says about a held order, with the versions a decision must quote back. */
export interface CreditHoldAuthorityView {
  orderId: string;
  orderVersion: number;
  status: string;
  dmsAccountVersion: number | null;
  authority: AuthorityDecision;
}

export interface CreditDecisionReceipt {
  outboxId: number;
  /** What the policy still needs after this approval lands; null when it is (or will be) satisfied. */
  stillNeeded: string | null;
}

export interface DealerStatusReviewView {
  id: number;
  dmsOrderId: string;
  platformOrderId: string;
  status: string;
  proposed: { status: string; message: string; eta?: string | null; tracking?: { carrier?: string; number?: string; url?: string } | null };
  state: 'open' | 'published' | 'dismissed';
  createdAt: string;
}

/** The Orders screen's query (issue 4): filters, sort and a page; empty filter lists mean "any". */
export const orderListInput = z.object({
  /** An order number (prefix) or a dealer (name, code, town, phone). */
  search: z.string().trim().max(100).optional(),
  status: z.array(z.enum(platformOrderStatuses)).max(platformOrderStatuses.length).optional(),
  channel: z.array(z.enum(orderChannels)).max(orderChannels.length).optional(),
  region: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
  sort: z.object({ column: z.enum(orderSortColumns), direction: z.enum(['asc', 'desc']) }).optional(),
  offset: z.number().int().min(0).max(100_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

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

  // Orders screen (issue 4): every platform order in the replica, filtered, sorted and paged by the backend.
  'orders.list': procedure<OrderListView>()({ input: orderListInput, access: 'signed_in' }),
  /** The values the filter menus offer: statuses and channels present in the replica, and the dealers' regions. */
  'orders.facets': procedure<OrderFacetsView>()({ input: z.object({}), access: 'signed_in' }),

  // Sync engine (issue 4): the outbox and quarantine behind the Sync screen.
  'sync.outbox.list': procedure<OutboxItemView[]>()({
    input: z.object({
      view: z.enum(['attention', 'pending', 'delivered', 'all']),
      target: z.enum(['platform', 'dms']).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
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
    input: z.object({ state: z.enum(['open', 'resolved']), limit: z.number().int().min(1).max(1000).default(200) }),
    access: 'signed_in',
  }),

  // Credit decisions (issue 4): approvals, then override + approved transition under the authority policy.
  'credit.authority': procedure<CreditHoldAuthorityView>()({
    input: z.object({ orderId: z.string().min(1) }),
    access: ['credit_controller', 'credit_manager'],
  }),
  'credit.approve': procedure<CreditDecisionReceipt>()({
    input: z.object({
      orderId: z.string().min(1),
      /** The order version the controller looked at; the decision is refused if it moved. */
      seenOrderVersion: z.number().int().positive(),
      /** The DMS account version behind the exposure figures shown. */
      seenAccountVersion: z.number().int().positive().nullable().optional(),
      note: z.string().trim().max(1000).optional(),
    }),
    access: ['credit_controller', 'credit_manager'],
  }),
  'credit.reject': procedure<CreditDecisionReceipt>()({
    input: z.object({
      orderId: z.string().min(1),
      seenOrderVersion: z.number().int().positive(),
      reasonCode: z.enum(['over_limit', 'overdue', 'account_blocked', 'no_credit_position', 'other']),
      reason: z.string().trim().min(3, 'Give the reason the dealer will be told.').max(1000),
    }),
    access: ['credit_controller', 'credit_manager'],
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

  // Dealer-visible status (issue 4): the review queue of the default policy.
  'dealerStatus.reviews': procedure<DealerStatusReviewView[]>()({
    input: z.object({ state: z.enum(['open', 'published', 'dismissed']), limit: z.number().int().min(1).max(1000).default(200) }),
    access: 'signed_in',
  }),
  'dealerStatus.publishReview': procedure<{ outboxId: number }>()({
    input: z.object({ reviewId: z.number().int().positive(), message: z.string().trim().min(1).max(500) }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
  /** An ad-hoc publication from any order (staff wrote it; goes out through the outbox). */
  'dealerStatus.publish': procedure<{ outboxId: number }>()({
    input: z.object({
      orderId: z.string().min(1),
      status: z.enum([
        'received',
        'under_review',
        'confirmed',
        'processing',
        'partially_dispatched',
        'dispatched',
        'partially_delivered',
        'delivered',
        'backordered',
        'on_hold',
        'rejected',
        'cancelled',
      ]),
      message: z.string().trim().min(1).max(500),
      eta: z.iso.date().nullable().optional(),
      tracking: z
        .object({ carrier: z.string().max(100), number: z.string().max(100), url: z.string().url().optional() })
        .nullable()
        .optional(),
    }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
  'dealerStatus.dismissReview': procedure<{ dismissed: true }>()({
    input: z.object({ reviewId: z.number().int().positive() }),
    access: ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'],
  }),
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
