// Credit control (issue 8): the hold queue, the exposure behind each hold, and decisions under the
// authority policy. The push path (approvals, DMS override, decision) goes through the outbox.
import { z } from 'zod';
import {
  authorityPolicySchema,
  type AuthorityDecision,
  type AuthorityPolicy,
  type AuthorityTier,
  type TierRequirement,
} from '../../credit/authority';
import {
  amountBandIds,
  holdNotificationSettingSchema,
  holdReasons,
  rejectionReasonsSchema,
  slaTargetsSchema,
  workingCalendarSchema,
  type HoldNotificationSetting,
  type HoldReason,
  type MyPart,
  type RejectionReason,
  type SlaTargets,
  type WorkingCalendar,
} from '../../credit/holds';
import type { ExposureSnapshot, StaleChange } from '../../credit/words';
import { procedure } from '../procedure';

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

/** A decision of this desk on its way (or stopped): what the hold shows until the platform confirms it. */
export interface LocalDecisionView {
  outboxId: number;
  what: 'approval' | 'override' | 'approve' | 'reject' | 'dealer_message';
  status: 'pending' | 'in_flight' | 'delivered' | 'failed' | 'conflict' | 'discarded';
  /** The system's answer or why it waits, in words. */
  message: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** One held order in the queue. Money in minor units of `currency`; times RFC 3339. */
export interface HoldRowView {
  orderId: string;
  orderNumber: string;
  orderVersion: number;
  accountId: string;
  dealerCode: string | null;
  dealerName: string | null;
  region: string | null;
  currency: string;
  total: number;
  /** Exposure over the limit when the platform held it (0 when the limit was not the reason). */
  excess: number;
  reasons: HoldReason[];
  placedAt: string;
  /** When the platform's credit check held it: the SLA clock starts here. */
  heldAt: string;
  channel: string;
  dealerWaiting: boolean;
  approvals: { staffId: string; name: string; role: string; at: string }[];
  tier: AuthorityTier;
  satisfied: boolean;
  missing: string | null;
  myPart: MyPart;
  waitingForSecond: boolean;
  /** Facts that changed since the platform held it (empty: none). */
  stale: StaleChange[];
  /** This desk's latest decision on it that has not been confirmed yet, if any. */
  pending: LocalDecisionView | null;
  /** Working minutes this hold may wait (the shortest target among its reasons). */
  slaTargetMinutes: number;
}

export interface HoldQueueView {
  rows: HoldRowView[];
  /** Holds in the queue before the filters. */
  totalHolds: number;
  /** The regions of the dealers with holds, for the filter. */
  regions: string[];
  calendar: WorkingCalendar;
  /** When each system was last read successfully: the as-of of every figure in the rows. */
  platformAsOf: string | null;
  dmsAsOf: string | null;
}

export interface ExposureView {
  currency: string;
  creditLimit: number;
  ageing: { notDue: number; d1To30: number; d31To60: number; d61To90: number; d90Plus: number };
  balance: number;
  overdue: number;
  oldestOverdueDays: number;
  unbilled: number;
  blocked: boolean;
  /** Platform orders of the dealer in received or approved that the DMS does not have yet (this one excluded). */
  notHandedOver: number;
  notHandedOverCount: number;
  thisOrder: number;
  /** balance + unbilled + not handed over + this order: the platform's formula on today's figures. */
  exposureAfter: number;
  /** creditLimit - exposureAfter; negative when over. Meaningless when creditLimit is 0 (no limit). */
  availableAfter: number;
  excess: number;
  /** Other orders of the dealer on hold (not in the platform's formula). */
  otherHolds: { count: number; total: number };
  dmsAccountVersion: number;
  /** The DMS's own time of the account's last change, and when this desk last read the DMS. */
  dmsUpdatedAt: string | null;
  dmsAsOf: string | null;
  platformAsOf: string | null;
  /** What the platform's check would say on today's figures. */
  recheck: { wouldHold: boolean; reasons: HoldReason[] };
}

export interface PlacementCheckView {
  checkedAt: string;
  creditLimit: number;
  exposure: number;
  availableAfter: number;
  reasons: HoldReason[];
}

export interface PastHoldView {
  orderId: string;
  orderNumber: string;
  placedAt: string;
  total: number;
  reasons: HoldReason[];
  outcome: 'approved' | 'rejected' | 'cancelled' | 'on_hold';
  decidedBy: string | null;
  decidedAt: string | null;
  reasonCode: string | null;
  reason: string | null;
  approvers: string[];
}

export interface DealerHistoryView {
  openInvoices: { number: string; issuedAt: string; dueDate: string; amount: number; outstanding: number; daysOverdue: number }[];
  payments: { receivedAt: string; amount: number; method: string | null; reference: string | null }[];
  paymentsTotal: number;
  /** Days sales outstanding: balance / (invoiced in the last 90 days / 90); null without sales. */
  dso: number | null;
  pastHolds: PastHoldView[];
  asOf: string | null;
}

export interface HoldDetailView {
  row: HoldRowView;
  status: string;
  orderUpdatedAt: string | null;
  placedBy: string;
  notes: string | null;
  lines: { lineNo: number; sku: string; name: string | null; qty: number; unitPrice: number; lineTotal: number; tax: number }[];
  subtotal: number;
  taxTotal: number;
  placement: PlacementCheckView;
  /** Today's figures; null when the DMS has no account for the dealer code. */
  exposure: ExposureView | null;
  history: DealerHistoryView;
  authority: {
    decision: AuthorityDecision;
    requirement: TierRequirement;
    policy: AuthorityPolicy;
    approvals: { staffId: string; name: string; role: string; at: string; note: string | null }[];
  };
  /** This desk's decisions on the order, newest first. */
  localDecisions: LocalDecisionView[];
  /** Quote this back with a decision: what the person saw. */
  snapshot: ExposureSnapshot;
  /** The rejection reasons an admin offers, with the dealer message already filled in for this order. */
  rejectionReasons: (RejectionReason & { dealerMessageForOrder: string })[];
}

export interface CreditSettingsView {
  policy: AuthorityPolicy;
  slaTargets: SlaTargets;
  calendar: WorkingCalendar;
  rejectionReasons: RejectionReason[];
  notifications: HoldNotificationSetting;
}

export interface HoldArrivalView {
  orderId: string;
  orderNumber: string;
  dealerName: string | null;
  currency: string;
  total: number;
  reasons: HoldReason[];
  dealerWaiting: boolean;
}

export interface HoldArrivalsView {
  /** Pass back as `after` next time. */
  cursor: number;
  arrivals: HoldArrivalView[];
  /** Whether desktop notifications are on (the admin's setting). */
  enabled: boolean;
}

export interface BulkDecisionResult {
  orderId: string;
  orderNumber: string | null;
  outcome: 'sent' | 'skipped' | 'refused';
  /** What happened to this hold, in words. */
  message: string;
}

const exposureSnapshotSchema = z.object({
  orderVersion: z.number().int().positive(),
  orderStatus: z.string().max(40),
  approvals: z.number().int().min(0),
  dmsAccountVersion: z.number().int().positive().nullable(),
  currency: z.string().min(3).max(3),
  creditLimit: z.number().int().nullable(),
  balance: z.number().int().nullable(),
  unbilled: z.number().int().nullable(),
  notHandedOver: z.number().int(),
  thisOrder: z.number().int(),
  availableAfter: z.number().int().nullable(),
  oldestOverdueDays: z.number().int().nullable(),
  blocked: z.boolean().nullable(),
}) satisfies z.ZodType<ExposureSnapshot>;

const credit = ['credit_controller', 'credit_manager'] as const;
const reasonCode = z.string().trim().min(2, 'Pick a reason.').max(40);
const rejectionNote = z.string().trim().min(3, 'Add a note: why is it rejected?').max(1000);
const dealerMessage = z.string().trim().min(1).max(500);

export const creditProcedures = {
  /** The hold queue: every platform order in credit_hold, dealer-waiting first, then oldest first. */
  'credit.holds': procedure<HoldQueueView>()({
    input: z.object({
      reasons: z.array(z.enum(holdReasons)).max(holdReasons.length).optional(),
      regions: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
      bands: z.array(z.enum(amountBandIds)).max(amountBandIds.length).optional(),
      mine: z.enum(['needs_my_approval', 'waiting_for_second']).nullable().optional(),
    }),
    access: credit,
  }),
  /** One hold with the exposure behind it, the dealer's history and what the policy requires. */
  'credit.hold': procedure<HoldDetailView>()({ input: z.object({ orderId: z.string().min(1) }), access: credit }),
  // Credit decisions (issue 4): approvals, then override + approved transition under the authority policy.
  'credit.authority': procedure<CreditHoldAuthorityView>()({
    input: z.object({ orderId: z.string().min(1) }),
    access: credit,
  }),
  'credit.approve': procedure<CreditDecisionReceipt>()({
    input: z.object({
      orderId: z.string().min(1),
      /** The order version the controller looked at; the decision is refused if it moved. */
      seenOrderVersion: z.number().int().positive(),
      /** The DMS account version behind the exposure figures shown. */
      seenAccountVersion: z.number().int().positive().nullable().optional(),
      /** The figures shown: kept in the audit log, and compared with today's to say what moved. */
      seen: exposureSnapshotSchema.optional(),
      note: z.string().trim().max(1000).optional(),
    }),
    access: credit,
  }),
  'credit.reject': procedure<CreditDecisionReceipt>()({
    input: z.object({
      orderId: z.string().min(1),
      seenOrderVersion: z.number().int().positive(),
      seenAccountVersion: z.number().int().positive().nullable().optional(),
      seen: exposureSnapshotSchema.optional(),
      /** One of the admin's rejection reasons (sent to the platform as reason_code). */
      reasonCode,
      /** The controller's note (sent as the platform's reason). */
      reason: rejectionNote,
      /** Published to the dealer on the order once the rejection lands; absent: nothing is published. */
      dealerMessage: dealerMessage.nullable().optional(),
    }),
    access: credit,
  }),
  /** Approve or reject the selected holds, each on its own, never beyond the person's authority. */
  'credit.bulkDecide': procedure<{ results: BulkDecisionResult[] }>()({
    input: z.discriminatedUnion('decision', [
      z.object({
        decision: z.literal('approve'),
        holds: z
          .array(z.object({ orderId: z.string().min(1), seen: exposureSnapshotSchema }))
          .min(1, 'Select at least one hold.')
          .max(200),
        note: z.string().trim().max(1000).optional(),
      }),
      z.object({
        decision: z.literal('reject'),
        holds: z
          .array(z.object({ orderId: z.string().min(1), seen: exposureSnapshotSchema }))
          .min(1, 'Select at least one hold.')
          .max(200),
        reasonCode,
        reason: rejectionNote,
        publishDealerMessage: z.boolean(),
      }),
    ]),
    access: credit,
  }),
  /** New holds since `after` (null: none, just the cursor), for desktop notifications. */
  'credit.holdArrivals': procedure<HoldArrivalsView>()({
    input: z.object({ after: z.number().int().min(0).nullable() }),
    access: credit,
  }),
  'credit.settings': procedure<CreditSettingsView>()({ input: z.object({}), access: [...credit, 'admin'] }),
  /** The admin's credit settings; every part given is saved and audited (with what it was before). */
  'credit.saveSettings': procedure<CreditSettingsView>()({
    input: z.object({
      policy: authorityPolicySchema.optional(),
      slaTargets: slaTargetsSchema.optional(),
      calendar: workingCalendarSchema.optional(),
      rejectionReasons: rejectionReasonsSchema.optional(),
      notifications: holdNotificationSettingSchema.optional(),
    }),
    access: ['admin'],
  }),
} as const;
