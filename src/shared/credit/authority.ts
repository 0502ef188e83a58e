// The credit approval authority policy (DESIGN.md "Credit policy"), as a pure function shared by the
// backend (which enforces it before sending a decision), the credit desk (which shows what is still needed)
// and the phone order desk's preview, so every desk gives the same answer. The admin edits the policy
// (setting `credit.authorityPolicy`); `authorityPolicySchema` is the one validation of what may be stored.
import { z } from 'zod';

/** The roles whose approvals count, lowest first: a credit manager may do whatever a controller may. */
export const creditApproverRoles = ['credit_controller', 'credit_manager'] as const;
export type CreditApproverRole = (typeof creditApproverRoles)[number];

const roleRank: Record<CreditApproverRole, number> = { credit_controller: 1, credit_manager: 2 };

export const creditApproverRoleLabels: Record<CreditApproverRole, string> = {
  credit_controller: 'Credit controller',
  credit_manager: 'Credit manager',
};

export interface AuthorityPolicy {
  /** A controller may approve alone up to this share of the limit, in basis points (1000 = 10%). */
  controllerMaxExcessBp: number;
  /** ...and up to this absolute excess, in minor units of the account currency (5 lakh = 50,000,000 paise). */
  controllerMaxExcess: number;
  /** ...and only when nothing is overdue beyond this many days (the overdue threshold). */
  controllerMaxOverdueDays: number;
  /** Who may approve alone within the controller tier (a credit manager always may). */
  controllerTierRole: CreditApproverRole;
  /** Beyond the controller tier, the second approval must come from this role. */
  secondApproverRole: CreditApproverRole;
  /** Beyond the controller tier, the second approver must be a different person from the first. */
  secondApproverDifferentPerson: boolean;
  /** Blocked accounts (and accounts with no credit position) need this role. */
  managerTierRole: CreditApproverRole;
}

export const defaultAuthorityPolicy: AuthorityPolicy = {
  controllerMaxExcessBp: 1000,
  controllerMaxExcess: 50_000_000,
  controllerMaxOverdueDays: 90,
  controllerTierRole: 'credit_controller',
  secondApproverRole: 'credit_manager',
  secondApproverDifferentPerson: true,
  managerTierRole: 'credit_manager',
};

const approverRole = z.enum(creditApproverRoles);

/** What an admin may store; every field is required in a complete policy. */
export const authorityPolicySchema = z.object({
  controllerMaxExcessBp: z
    .number()
    .int('Give the percentage in whole basis points.')
    .min(0, 'The percentage cannot be negative.')
    .max(100_000, 'Above 1000% of the limit is not a tier.'),
  controllerMaxExcess: z.number().int('Amounts are whole paise.').min(0, 'The amount cannot be negative.').max(1e15),
  controllerMaxOverdueDays: z.number().int().min(0, 'Days cannot be negative.').max(3650),
  controllerTierRole: approverRole,
  secondApproverRole: approverRole,
  secondApproverDifferentPerson: z.boolean(),
  managerTierRole: approverRole,
});

/** A stored policy from an older build may lack newer fields: the defaults fill them in. */
export function completePolicy(stored: unknown): AuthorityPolicy {
  const partial = authorityPolicySchema.partial().safeParse(stored);
  return partial.success ? { ...defaultAuthorityPolicy, ...stripUndefined(partial.data) } : defaultAuthorityPolicy;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

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

/**
 * Which tier a hold falls in: 'controller' (one approval within the controller tier), 'manager_second'
 * (beyond it: an approval plus a second one by the second-approver role), 'manager' (blocked account or no
 * credit position: the manager-tier role).
 */
export type AuthorityTier = 'controller' | 'manager_second' | 'manager';

export const authorityTierLabels: Record<AuthorityTier, string> = {
  controller: 'Controller alone',
  manager_second: 'Second approval',
  manager: 'Credit manager',
};

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

/** What a tier asks for, in the words the hold detail shows. */
export interface TierRequirement {
  /** How many approvals, by how many different people. */
  approvals: number;
  /** The role each approval needs, in order (the first may be anyone of at least that role). */
  roles: CreditApproverRole[];
  differentPeople: boolean;
}

export function tierRequirement(tier: AuthorityTier, policy: AuthorityPolicy = defaultAuthorityPolicy): TierRequirement {
  if (tier === 'controller') return { approvals: 1, roles: [policy.controllerTierRole], differentPeople: false };
  if (tier === 'manager') return { approvals: 1, roles: [policy.managerTierRole], differentPeople: false };
  return policy.secondApproverDifferentPerson
    ? { approvals: 2, roles: [policy.controllerTierRole, policy.secondApproverRole], differentPeople: true }
    : { approvals: 1, roles: [policy.secondApproverRole], differentPeople: false };
}

const roleWords: Record<CreditApproverRole, string> = { credit_controller: 'a credit controller', credit_manager: 'a credit manager' };

function percent(bp: number): string {
  return `${bp / 100}%`;
}

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
      beyond.push(`the excess is more than ${percent(policy.controllerMaxExcessBp)} of the limit`);
    if (excess > policy.controllerMaxExcess) beyond.push('the excess is above the controller limit');
  }
  if (facts.oldestOverdueDays > policy.controllerMaxOverdueDays)
    beyond.push(`an amount is overdue beyond ${policy.controllerMaxOverdueDays} days`);
  if (why.length > 0 && beyond.length === 0) return { tier: 'manager', excess, why };
  if (why.length > 0 || beyond.length > 0) return { tier: 'manager_second', excess, why: [...why, ...beyond] };
  return { tier: 'controller', excess, why: ['within the controller authority'] };
}

function atLeast(role: string, needed: CreditApproverRole): boolean {
  return role in roleRank && roleRank[role as CreditApproverRole] >= roleRank[needed];
}

/** Whether the approvals recorded so far satisfy the policy for this hold. */
export function evaluateAuthority(
  facts: HoldFacts,
  approvals: readonly ApprovalFact[],
  policy: AuthorityPolicy = defaultAuthorityPolicy,
): AuthorityDecision {
  const { tier, excess, why } = requiredTier(facts, policy);
  // One entry per person: the highest role they approved under. Other roles never count.
  const people = new Map<string, CreditApproverRole>();
  for (const a of approvals) {
    if (!(a.role in roleRank)) continue;
    const role = a.role as CreditApproverRole;
    const held = people.get(a.staffId);
    if (!held || roleRank[role] > roleRank[held]) people.set(a.staffId, role);
  }
  const anyAtLeast = (needed: CreditApproverRole) => [...people.values()].some((r) => atLeast(r, needed));
  let missing: string | null = null;
  if (tier === 'controller') {
    if (!anyAtLeast(policy.controllerTierRole)) missing = `an approval by ${roleWords[policy.controllerTierRole]}`;
  } else if (tier === 'manager') {
    if (!anyAtLeast(policy.managerTierRole)) missing = `an approval by ${roleWords[policy.managerTierRole]}`;
  } else if (!policy.secondApproverDifferentPerson) {
    if (!anyAtLeast(policy.secondApproverRole)) missing = `an approval by ${roleWords[policy.secondApproverRole]}`;
  } else {
    // Two different people: one of at least the second-approver role, another of at least the controller-tier role.
    const ids = [...people.keys()];
    const seconds = ids.filter((id) => atLeast(people.get(id) as string, policy.secondApproverRole));
    const firsts = ids.filter((id) => atLeast(people.get(id) as string, policy.controllerTierRole));
    const pairExists = seconds.some((s) => firsts.some((f) => f !== s));
    if (!pairExists) {
      if (firsts.length === 0 && seconds.length === 0)
        missing = `an approval by ${roleWords[policy.controllerTierRole]} and a second approval by ${roleWords[policy.secondApproverRole]}`;
      else if (seconds.length === 0) missing = `a second approval by ${roleWords[policy.secondApproverRole]}`;
      else missing = 'a second approval by a different person';
    }
  }
  return { tier, excess, satisfied: missing === null, missing, why };
}
