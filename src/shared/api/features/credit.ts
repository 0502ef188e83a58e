// Credit control (issue 8): the hold queue, the exposure behind each hold, and decisions under the
// authority policy. The push path (approvals, DMS override, decision) goes through the outbox.
import { z } from 'zod';
import type { AuthorityDecision } from '../../credit/authority';
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

export const creditProcedures = {
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
} as const;
