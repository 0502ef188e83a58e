// The words of the credit hold desk, shared by its backend queries and its screen: hold reasons, amount
// bands, the desk's settings (SLA targets per reason, rejection reasons with their dealer message, desktop
// notifications) with their one validation, and what a person's approval would do for a hold.
import { z } from 'zod';
import type { Platform } from '../contracts';
import type { Role } from '../roles';
import { defaultWorkingCalendar, type WorkingCalendar } from '../sla';
import { evaluateAuthority, type ApprovalFact, type AuthorityPolicy, type CreditApproverRole, type HoldFacts } from './authority';

export type HoldReason = Platform.Order['credit_check']['reasons'][number];

/** In the order the platform's check lists them. */
export const holdReasons = ['account_blocked', 'overdue', 'over_limit', 'no_credit_position'] as const satisfies readonly HoldReason[];

export const holdReasonLabels: Record<HoldReason, string> = {
  over_limit: 'Over limit',
  overdue: 'Overdue',
  account_blocked: 'Account blocked',
  no_credit_position: 'No credit position',
};

/** Order-value bands for the queue's filter, in minor units (INR: 1 lakh = 10,000,000 paise). */
export const amountBands = [
  { id: 'under_1l', label: 'Under 1 lakh', min: 0, max: 10_000_000 },
  { id: '1l_5l', label: '1–5 lakh', min: 10_000_000, max: 50_000_000 },
  { id: '5l_25l', label: '5–25 lakh', min: 50_000_000, max: 250_000_000 },
  { id: 'over_25l', label: 'Over 25 lakh', min: 250_000_000, max: null },
] as const;
export type AmountBand = (typeof amountBands)[number]['id'];
export const amountBandIds = amountBands.map((b) => b.id) as [AmountBand, ...AmountBand[]];

export function inAmountBand(total: number, band: AmountBand): boolean {
  const b = amountBands.find((x) => x.id === band);
  return !!b && total >= b.min && (b.max === null || total < b.max);
}

// ---------------------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------------------

export const SLA_TARGETS_SETTING = 'credit.slaTargets';
/** The office calendar SLA ages are counted in; shared with the order queues (issue 10). */
export const SLA_CALENDAR_SETTING = 'sla.calendar';
export const REJECTION_REASONS_SETTING = 'credit.rejectionReasons';
export const HOLD_NOTIFICATIONS_SETTING = 'credit.holdNotifications';

const workingMinutes = z
  .number()
  .int('Give whole minutes.')
  .min(15, 'A target under 15 working minutes cannot be met.')
  .max(60 * 24 * 30, 'Keep targets within a month of working time.');

/** Working minutes a hold may wait, per hold reason; a hold with several reasons takes the shortest. */
export const slaTargetsSchema = z.object({
  over_limit: workingMinutes,
  overdue: workingMinutes,
  account_blocked: workingMinutes,
  no_credit_position: workingMinutes,
});
export type SlaTargets = z.infer<typeof slaTargetsSchema>;

export const defaultSlaTargets: SlaTargets = { over_limit: 240, overdue: 240, account_blocked: 240, no_credit_position: 240 };

export const workingCalendarSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7))
      .min(1, 'Pick at least one working day.')
      .max(7)
      .refine((d) => new Set(d).size === d.length, 'A day is listed twice.'),
    startMinute: z.number().int().min(0).max(1439),
    endMinute: z.number().int().min(1).max(1440),
    utcOffsetMinutes: z.number().int().min(-720).max(840),
  })
  .refine((c) => c.endMinute > c.startMinute, { message: 'The office must close after it opens.', path: ['endMinute'] });

export { defaultWorkingCalendar };
export type { WorkingCalendar };

export const rejectionReasonSchema = z.object({
  code: z
    .string()
    .trim()
    .min(2, 'A code needs at least 2 characters.')
    .max(40)
    .regex(/^[a-z0-9_]+$/, 'Codes use lower-case letters, digits and underscores (they go to the platform as reason_code).'),
  label: z.string().trim().min(2, 'Give the reason a label.').max(80),
  /** What the dealer reads; {order} and {dealer} are filled in. Empty: nothing is offered to publish. */
  dealerMessage: z.string().trim().max(500),
});
export type RejectionReason = z.infer<typeof rejectionReasonSchema>;

export const rejectionReasonsSchema = z
  .array(rejectionReasonSchema)
  .min(1, 'Keep at least one reason: a rejection needs one.')
  .max(50)
  .refine((list) => new Set(list.map((r) => r.code)).size === list.length, 'Each code may appear once.');

export const defaultRejectionReasons: RejectionReason[] = [
  {
    code: 'over_limit',
    label: 'Over the credit limit',
    dealerMessage:
      'Order {order} could not be accepted: it takes your account over its credit limit. Please clear outstanding invoices or call our credit team, then order again.',
  },
  {
    code: 'overdue',
    label: 'Overdue invoices',
    dealerMessage:
      'Order {order} is on hold and has been declined because invoices on your account are overdue. Please settle them and order again.',
  },
  {
    code: 'account_blocked',
    label: 'Account on stop',
    dealerMessage: 'Order {order} could not be accepted: your account is on stop. Please call our credit team.',
  },
  {
    code: 'no_credit_position',
    label: 'No credit terms yet',
    dealerMessage: 'Order {order} could not be accepted: your account has no credit terms yet. Our credit team will contact you.',
  },
  { code: 'dealer_request', label: 'Dealer asked to cancel', dealerMessage: 'Order {order} was cancelled at your request.' },
  { code: 'other', label: 'Other (say why in the note)', dealerMessage: '' },
];

export const holdNotificationSettingSchema = z.object({ enabled: z.boolean() });
export type HoldNotificationSetting = z.infer<typeof holdNotificationSettingSchema>;
export const defaultHoldNotificationSetting: HoldNotificationSetting = { enabled: true };

/** The dealer-facing message of a rejection reason for one order. */
export function renderDealerMessage(template: string, fill: { orderNumber: string; dealerName: string }): string {
  return template.replaceAll('{order}', fill.orderNumber).replaceAll('{dealer}', fill.dealerName).slice(0, 500);
}

/** A hold's SLA target: the shortest target among its reasons (default when it has none listed). */
export function holdSlaTargetMinutes(reasons: readonly string[], targets: SlaTargets): number {
  const listed = reasons.filter((r): r is keyof SlaTargets => r in targets).map((r) => targets[r]);
  return listed.length > 0 ? Math.min(...listed) : Math.min(...Object.values(targets));
}

// ---------------------------------------------------------------------------------------------------------
// What a person's approval would do
// ---------------------------------------------------------------------------------------------------------

/**
 * - `approved`: they have approved it already;
 * - `can_complete`: their approval satisfies the policy (the desk then decides);
 * - `can_add`: their approval counts, and one more approval by someone else completes it;
 * - `cannot`: their approval would not count towards what is missing (role too low, or they cannot be
 *   the second person).
 */
export type MyPart = 'approved' | 'can_complete' | 'can_add' | 'cannot';

/** The highest credit role a person holds, which is the role their approval is recorded under. */
export function approverRoleOf(roles: readonly Role[] | readonly string[]): CreditApproverRole | null {
  if (roles.includes('credit_manager')) return 'credit_manager';
  if (roles.includes('credit_controller')) return 'credit_controller';
  return null;
}

export function myPartIn(
  facts: HoldFacts,
  approvals: readonly ApprovalFact[],
  me: { id: string; roles: readonly string[] },
  policy: AuthorityPolicy,
): MyPart {
  if (approvals.some((a) => a.staffId === me.id)) return 'approved';
  const role = approverRoleOf(me.roles);
  if (!role) return 'cannot';
  const mine = [...approvals, { staffId: me.id, role }];
  if (evaluateAuthority(facts, mine, policy).satisfied) return 'can_complete';
  // Useful when one more approval by a credit manager completes it with mine, but not without mine.
  const other = { staffId: `\u0000someone-else-than-${me.id}`, role: 'credit_manager' };
  const withMine = evaluateAuthority(facts, [...mine, other], policy).satisfied;
  const without = evaluateAuthority(facts, [...approvals, other], policy).satisfied;
  return withMine && !without ? 'can_add' : 'cannot';
}

/** Beyond the controller tier, one approval recorded, the second still missing. */
export function waitingForSecond(tier: string, satisfied: boolean, approvalCount: number): boolean {
  return tier === 'manager_second' && !satisfied && approvalCount >= 1;
}
