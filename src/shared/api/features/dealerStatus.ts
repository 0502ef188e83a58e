// Dealer-visible status publishing (issue 9): the review queue, ad-hoc publications, the policy and the
// order timeline.
import { z } from 'zod';
import { procedure } from '../procedure';

export interface DealerStatusReviewView {
  id: number;
  dmsOrderId: string;
  platformOrderId: string;
  status: string;
  proposed: { status: string; message: string; eta?: string | null; tracking?: { carrier?: string; number?: string; url?: string } | null };
  state: 'open' | 'published' | 'dismissed';
  createdAt: string;
}

export const dealerStatusProcedures = {
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
