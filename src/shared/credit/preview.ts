// The platform's credit check at placement (contracts/dealer-platform.openapi.yaml, "Credit check at
// placement"), as a pure function: the phone order desk's credit preview computes it from the replica before
// submitting, and a property test proves it agrees with the reference platform's own placement check.
//
//   exposure = credit.exposure + sum(total of the account's orders in received or approved) + order total
//   reasons: account_blocked (blocked), overdue (oldest_overdue_days > 60), over_limit (exposure > limit,
//   when limit > 0); no credit position at all: no_credit_position alone, limit reported as 0.

export const holdReasons = ['account_blocked', 'overdue', 'over_limit', 'no_credit_position'] as const;
export type HoldReason = (typeof holdReasons)[number];

export const holdReasonLabels: Record<HoldReason, string> = {
  account_blocked: 'account blocked',
  overdue: 'overdue beyond 60 days',
  over_limit: 'over the credit limit',
  no_credit_position: 'no credit position yet',
};

/** The platform's overdue rule: held when the oldest overdue item is more than this many days late. */
export const OVERDUE_HOLD_DAYS = 60;

/** The figures the platform checks against (its credit record, as pushed from the DMS). */
export interface CreditPosition {
  creditLimit: number;
  exposure: number;
  oldestOverdueDays: number;
  blocked: boolean;
}

export interface CreditCheckResult {
  result: 'passed' | 'held';
  creditLimit: number;
  /** Exposure including this order. */
  exposure: number;
  /** credit_limit - exposure; negative when over. */
  availableAfter: number;
  reasons: HoldReason[];
}

/**
 * The placement check. `openOrdersTotal` is the total of the account's orders in received or approved (plus,
 * on the desk, orders it has queued but not yet placed); `orderTotal` includes tax.
 */
export function creditCheck(position: CreditPosition | null, openOrdersTotal: number, orderTotal: number): CreditCheckResult {
  if (!position) {
    const exposure = openOrdersTotal + orderTotal;
    return { result: 'held', creditLimit: 0, exposure, availableAfter: -exposure, reasons: ['no_credit_position'] };
  }
  const exposure = position.exposure + openOrdersTotal + orderTotal;
  const reasons: HoldReason[] = [];
  if (position.blocked) reasons.push('account_blocked');
  if (position.oldestOverdueDays > OVERDUE_HOLD_DAYS) reasons.push('overdue');
  if (position.creditLimit > 0 && exposure > position.creditLimit) reasons.push('over_limit');
  return {
    result: reasons.length > 0 ? 'held' : 'passed',
    creditLimit: position.creditLimit,
    exposure,
    availableAfter: position.creditLimit - exposure,
    reasons,
  };
}
