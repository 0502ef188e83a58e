// The credit approval authority policy (DESIGN.md "Credit policy"), as a pure function shared by the
// backend (which enforces it before sending a decision) and the UI (which shows what is still needed).

export interface AuthorityPolicy {
  /** A controller may approve alone up to this share of the limit, in basis points (1000 = 10%). */
  controllerMaxExcessBp: number;
  /** ...and up to this absolute excess, in minor units of the account currency (5 lakh = 50,000,000 paise). */
  controllerMaxExcess: number;
  /** ...and only when nothing is overdue beyond this many days. */
  controllerMaxOverdueDays: number;
}

export const defaultAuthorityPolicy: AuthorityPolicy = {
  controllerMaxExcessBp: 1000,
  controllerMaxExcess: 50_000_000,
  controllerMaxOverdueDays: 90,
};

export interface HoldFacts {
  /** 0 means the platform checks no limit (or no credit position exists yet). */
  creditLimit: number;
  /** Exposure including this order, minor units. */
  exposure: number;
  oldestOverdueDays: number;
  blocked: boolean;
  /** Hold reasons from the platform's credit check. */
  reasons: readonly string[];
}

export interface ApprovalFact {
  staffId: string;
  role: string;
}

export type AuthorityTier = 'controller' | 'manager_second' | 'manager';

export interface AuthorityDecision {
  /** Who must approve: a controller alone; a controller plus a different credit manager; or a credit manager. */
  tier: AuthorityTier;
  excess: number;
  satisfied: boolean;
  /** What is still missing, in words a controller understands; null when satisfied. */
  missing: string | null;
  /** Why the tier applies. */
  why: string[];
}

const approverRoles = new Set(['credit_controller', 'credit_manager']);

export function requiredTier(
  facts: HoldFacts,
  policy: AuthorityPolicy = defaultAuthorityPolicy,
): { tier: AuthorityTier; excess: number; why: string[] } {
  const excess = Math.max(0, facts.exposure - facts.creditLimit);
  const why: string[] = [];
  if (facts.blocked || facts.reasons.includes('account_blocked')) why.push('the account is blocked');
  if (facts.reasons.includes('no_credit_position')) why.push('the account has no credit position');
  const beyond: string[] = [];
  if (facts.creditLimit > 0) {
    // Integer maths: excess * 10000 <= limit * bp, so no float rounding decides an approval.
    if (excess * 10_000 > facts.creditLimit * policy.controllerMaxExcessBp)
      beyond.push(`the excess is more than ${policy.controllerMaxExcessBp / 100}% of the limit`);
    if (excess > policy.controllerMaxExcess) beyond.push('the excess is above the controller limit');
  }
  if (facts.oldestOverdueDays > policy.controllerMaxOverdueDays)
    beyond.push(`an amount is overdue beyond ${policy.controllerMaxOverdueDays} days`);
  if (why.length > 0 && beyond.length === 0) return { tier: 'manager', excess, why };
  if (why.length > 0 || beyond.length > 0) return { tier: 'manager_second', excess, why: [...why, ...beyond] };
  return { tier: 'controller', excess, why: ['within the controller authority'] };
}

/** Whether the approvals recorded so far satisfy the policy for this hold. */
export function evaluateAuthority(
  facts: HoldFacts,
  approvals: readonly ApprovalFact[],
  policy: AuthorityPolicy = defaultAuthorityPolicy,
): AuthorityDecision {
  const { tier, excess, why } = requiredTier(facts, policy);
  const counted = new Map<string, Set<string>>();
  for (const a of approvals) {
    if (!approverRoles.has(a.role)) continue;
    const roles = counted.get(a.staffId) ?? new Set<string>();
    roles.add(a.role);
    counted.set(a.staffId, roles);
  }
  const people = [...counted.entries()];
  const managers = people.filter(([, r]) => r.has('credit_manager'));
  let missing: string | null = null;
  if (tier === 'controller') {
    if (people.length === 0) missing = 'an approval by a credit controller';
  } else if (tier === 'manager') {
    if (managers.length === 0) missing = 'an approval by a credit manager';
  } else {
    // Two different people, at least one of them a credit manager.
    if (people.length < 2 && managers.length === 0) missing = 'an approval by a controller and a second approval by a credit manager';
    else if (people.length < 2) missing = 'a second approval by a different person';
    else if (managers.length === 0) missing = 'a second approval by a credit manager';
  }
  return { tier, excess, satisfied: missing === null, missing, why };
}
