// Dealer-visible status publishing (issue 9): the publish queue (review items: edit, set the ETA, publish,
// skip with a reason, bulk publish with a result per item), ad-hoc publications, the policy and the order
// timeline.
import { z } from 'zod';
import type { Dms } from '../../contracts';
import {
  dealerStatusPolicySchema,
  dealerStatusRoles,
  MESSAGE_MAX,
  type DealerStatusName,
  type DealerStatusPolicy,
  type PolicyRuleKey,
} from '../../dealerStatus';
import { dealerVisibleStatuses } from '../../orders';
import type { ApiError } from '../errors';
import { procedure } from '../procedure';

export interface DealerStatusTrackingView {
  carrier?: string;
  number?: string;
  url?: string;
}

/** What the dealer will read (or read): the platform's DealerStatusInput without the publisher. */
export interface DealerMessageView {
  status: DealerStatusName;
  message: string;
  eta: string | null;
  tracking: DealerStatusTrackingView | null;
}

/** One item of the publish queue, with what a person needs to decide on it. */
export interface DealerStatusReviewView {
  id: number;
  dmsOrderId: string;
  dmsOrderNumber: string | null;
  /** The DMS order's status now (it may have moved on since the item was raised). */
  dmsStatus: Dms.OrderStatus | null;
  platformOrderId: string;
  /** The order number the dealer knows; null while the platform order is not in the replica. */
  orderNumber: string | null;
  dealerName: string | null;
  dealerCode: string | null;
  /** The policy row that raised it; null on items from before the policy had rows for situations. */
  rule: PolicyRuleKey | null;
  /** The dealer status, or the derived situation, the item is about (one item per order and topic). */
  topic: string;
  /** What the policy proposed. */
  proposed: DealerMessageView;
  /** What staff published (edited message and ETA), once published from this desk. */
  sent: DealerMessageView | null;
  state: 'open' | 'published' | 'skipped';
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  skipReason: string | null;
  /** The publication on its way: the outbox item's state ('delivered' once the platform has it). */
  delivery: { outboxId: number; status: string; lastError: string | null } | null;
}

export type PublishReviewResult = { reviewId: number; ok: true; outboxId: number } | { reviewId: number; ok: false; error: ApiError };

export interface DealerStatusPolicyView {
  policy: DealerStatusPolicy;
  defaults: DealerStatusPolicy;
  /** When an admin last saved it, and who; null while the defaults apply. */
  updatedAt: string | null;
  updatedBy: string | null;
}

export type TimelineSource = 'platform' | 'dms' | 'publication' | 'audit';

/** One line of an order's timeline. */
export interface TimelineEntryView {
  /** Stable within the order: 'platform:placed', 'dms:status:backordered', 'publication:<id>', 'audit:<seq>', ... */
  id: string;
  at: string;
  source: TimelineSource;
  /** What happened, in a word the UI maps to an icon and colour: placed, held, approved, dispatched, published, ... */
  kind: string;
  title: string;
  detail: string | null;
  /** Who did it, when the system says. */
  by: string | null;
  /** An amount that goes with it (an invoice), in integer minor units; the UI formats it. */
  money?: { minor: number; currency: string };
  /** For publications: what the dealer sees, how it came about and where it stands. */
  publication?: {
    status: DealerStatusName;
    message: string;
    eta: string | null;
    tracking: DealerStatusTrackingView | null;
    /** auto: published by the policy; staff: by a person; */
    origin: 'auto' | 'staff';
    /** published: on the platform; sending: in the outbox; failed: the platform refused it; waiting: in the publish queue. */
    state: 'published' | 'sending' | 'failed' | 'waiting';
    /** The DMS event it came from (an entry id of this timeline), when one matches. */
    sourceEntryId: string | null;
  };
}

export interface OrderTimelineView {
  orderId: string;
  orderNumber: string | null;
  dealerName: string | null;
  dmsOrderId: string | null;
  dmsOrderNumber: string | null;
  dmsStatus: Dms.OrderStatus | null;
  /** What the dealer sees now: the latest publication's status. */
  dealerStatus: DealerStatusName | null;
  /**
   * In time order, except that a publication stands right after the DMS event it came from (it follows it
   * in time anyway; the reorder only keeps unrelated events from coming between them).
   */
  entries: TimelineEntryView[];
  /** The replica's as-of: the later of the two systems' last successful pulls. */
  asOf: string | null;
}

const reviewId = z.number().int().positive();
const message = z
  .string()
  .trim()
  .min(1, 'Write the message the dealer will read.')
  .max(MESSAGE_MAX, `The platform takes at most ${MESSAGE_MAX} characters.`);
const eta = z.iso.date('Give the ETA as a date (YYYY-MM-DD).').nullable().optional();
const publishOne = z.object({ reviewId, message, eta });

export const dealerStatusProcedures = {
  /** The publish queue: open items oldest first; decided ones (published or skipped) newest first. */
  'dealerStatus.reviews': procedure<DealerStatusReviewView[]>()({
    input: z.object({
      state: z.enum(['open', 'published', 'skipped', 'decided']),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    access: 'signed_in',
  }),
  'dealerStatus.publishReview': procedure<{ outboxId: number }>()({
    input: publishOne,
    access: dealerStatusRoles,
  }),
  /** Bulk publish: every item is tried on its own (own transaction and audit entry); a result per item. */
  'dealerStatus.publishReviews': procedure<{ results: PublishReviewResult[] }>()({
    input: z.object({ items: z.array(publishOne).min(1, 'Choose at least one item.').max(200) }),
    access: dealerStatusRoles,
  }),
  'dealerStatus.skipReview': procedure<{ skipped: true }>()({
    input: z.object({ reviewId, reason: z.string().trim().min(3, 'Say why it is skipped.').max(500) }),
    access: dealerStatusRoles,
  }),
  /** An ad-hoc publication from any order (staff wrote it; goes out through the outbox). */
  'dealerStatus.publish': procedure<{ outboxId: number }>()({
    input: z.object({
      orderId: z.string().min(1),
      status: z.enum(dealerVisibleStatuses),
      message,
      eta,
      tracking: z
        .object({ carrier: z.string().max(100), number: z.string().max(100), url: z.string().url().optional() })
        .nullable()
        .optional(),
    }),
    access: dealerStatusRoles,
  }),
  'dealerStatus.policy': procedure<DealerStatusPolicyView>()({ input: z.object({}), access: 'signed_in' }),
  /** Replaces the policy (admin, audited). Templates are checked here: an unknown placeholder is refused. */
  'dealerStatus.setPolicy': procedure<DealerStatusPolicyView>()({ input: dealerStatusPolicySchema, access: ['admin'] }),
  /** One order's timeline: platform and DMS events, every publication and the audit entries, merged. */
  'dealerStatus.timeline': procedure<OrderTimelineView>()({
    input: z.object({ orderId: z.string().min(1).max(200) }),
    access: 'signed_in',
  }),
} as const;
