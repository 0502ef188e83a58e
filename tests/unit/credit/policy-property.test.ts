// The authority policy against a plain restatement of DESIGN.md's rules: random holds (with the 10%, 5 lakh
// and 90-day boundaries hit often) and random approver sets, with the default policy; then random admin
// policies against a restatement of what the policy editor promises. And what a person's approval would do
// (the bulk action's guard): it never decides a hold unless it says so.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultAuthorityPolicy,
  evaluateAuthority,
  type ApprovalFact,
  type AuthorityPolicy,
  type CreditApproverRole,
  type HoldFacts,
} from '../../../src/shared/credit/authority';
import { myPartIn } from '../../../src/shared/credit/holds';

const LAKH = 10_000_000; // paise

/** DESIGN.md "Credit policy", read literally. */
function designSays(f: HoldFacts, approvals: readonly ApprovalFact[]): boolean {
  // "0 means no limit is checked": nothing is over a limit that is not checked.
  const excess = f.creditLimit > 0 ? Math.max(0, f.exposure - f.creditLimit) : 0;
  // "a credit controller may approve alone when the excess over the limit is at most 10% of the limit and at
  // most 500,000.00 (5 lakh), and the account has nothing overdue beyond 90 days"
  const controllerMayAlone = excess * 10 <= f.creditLimit && excess <= 5 * LAKH && f.oldestOverdueDays <= 90;
  const approvers = new Set(approvals.filter((a) => a.role === 'credit_controller' || a.role === 'credit_manager').map((a) => a.staffId));
  const managers = new Set(approvals.filter((a) => a.role === 'credit_manager').map((a) => a.staffId));
  // "Anything beyond needs a second approval by a credit manager (a different person)."
  if (!controllerMayAlone) return approvers.size >= 2 && managers.size >= 1;
  // "Blocked accounts always need a credit manager." DESIGN.md is silent on an account with no credit
  // position; the desk treats it like a blocked one (nobody knows its limit).
  if (f.blocked || f.reasons.includes('account_blocked') || f.reasons.includes('no_credit_position')) return managers.size >= 1;
  return approvers.size >= 1;
}

const limits = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000 * LAKH }), fc.constantFrom(50 * LAKH, 100 * LAKH, 10 * LAKH));

/** A hold whose excess often sits exactly on a boundary (10% of the limit, 5 lakh) or one paisa past it. */
const holds: fc.Arbitrary<HoldFacts> = fc
  .record({
    creditLimit: limits,
    excessKind: fc.constantFrom('tenPercent', 'tenPercentPlus', 'fiveLakh', 'fiveLakhPlus', 'random', 'none'),
    randomExcess: fc.integer({ min: 0, max: 100 * LAKH }),
    oldestOverdueDays: fc.oneof(fc.constantFrom(0, 60, 90, 91), fc.integer({ min: 0, max: 400 })),
    blocked: fc.boolean(),
    reasons: fc.subarray(['over_limit', 'overdue', 'account_blocked', 'no_credit_position']),
  })
  .map((r) => {
    const excess = {
      tenPercent: Math.floor(r.creditLimit / 10),
      tenPercentPlus: Math.floor(r.creditLimit / 10) + 1,
      fiveLakh: 5 * LAKH,
      fiveLakhPlus: 5 * LAKH + 1,
      random: r.randomExcess,
      none: -r.randomExcess,
    }[r.excessKind];
    return {
      creditLimit: r.creditLimit,
      exposure: Math.max(0, r.creditLimit + excess),
      oldestOverdueDays: r.oldestOverdueDays,
      blocked: r.blocked,
      reasons: r.reasons,
    };
  });

const approvals = fc.array(
  fc.record({
    staffId: fc.constantFrom('asha', 'bala', 'chitra', 'dev'),
    role: fc.constantFrom('credit_controller', 'credit_manager', 'manager', 'inside_sales', 'admin'),
  }),
  { maxLength: 5 },
);

describe('authority policy: DESIGN.md restated', () => {
  it('the default policy decides exactly as DESIGN.md reads', () => {
    fc.assert(
      fc.property(holds, approvals, (facts, given) => {
        expect(evaluateAuthority(facts, given).satisfied).toBe(designSays(facts, given));
      }),
      { numRuns: 5000 },
    );
  });

  it('an admin policy decides as the editor promises: tiers by amount and %, overdue threshold, roles per tier, different person', () => {
    const rank: Record<CreditApproverRole, number> = { credit_controller: 1, credit_manager: 2 };
    const roleArb = fc.constantFrom<CreditApproverRole>('credit_controller', 'credit_manager');
    const policies: fc.Arbitrary<AuthorityPolicy> = fc.record({
      controllerMaxExcessBp: fc.constantFrom(0, 500, 1000, 2500, 10_000),
      controllerMaxExcess: fc.constantFrom(0, LAKH, 5 * LAKH, 25 * LAKH),
      controllerMaxOverdueDays: fc.constantFrom(0, 30, 60, 90, 120),
      controllerTierRole: roleArb,
      secondApproverRole: roleArb,
      secondApproverDifferentPerson: fc.boolean(),
      managerTierRole: roleArb,
    });
    fc.assert(
      fc.property(policies, holds, approvals, (policy, f, given) => {
        const excess = Math.max(0, f.exposure - f.creditLimit);
        const beyond =
          (f.creditLimit > 0 && (excess * 10_000 > f.creditLimit * policy.controllerMaxExcessBp || excess > policy.controllerMaxExcess)) ||
          f.oldestOverdueDays > policy.controllerMaxOverdueDays;
        const managerTier = f.blocked || f.reasons.includes('account_blocked') || f.reasons.includes('no_credit_position');
        // Each person counts once, at the highest credit role they approved under.
        const people = new Map<string, number>();
        for (const a of given)
          if (a.role === 'credit_controller' || a.role === 'credit_manager')
            people.set(a.staffId, Math.max(people.get(a.staffId) ?? 0, rank[a.role]));
        const someone = (role: CreditApproverRole) => [...people.values()].some((r) => r >= rank[role]);
        let expected: boolean;
        if (beyond) {
          expected = policy.secondApproverDifferentPerson
            ? [...people].some(
                ([a, ra]) =>
                  ra >= rank[policy.secondApproverRole] && [...people].some(([b, rb]) => b !== a && rb >= rank[policy.controllerTierRole]),
              )
            : someone(policy.secondApproverRole);
        } else if (managerTier) expected = someone(policy.managerTierRole);
        else expected = someone(policy.controllerTierRole);
        expect(evaluateAuthority(f, given, policy).satisfied).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it("a person's approval decides a hold only when the desk says it can complete it (the bulk guard)", () => {
    const me = fc.record({
      id: fc.constantFrom('asha', 'erin'),
      roles: fc.subarray(['credit_controller', 'credit_manager', 'inside_sales'] as const, { minLength: 1 }),
    });
    fc.assert(
      fc.property(holds, approvals, me, (facts, given, person) => {
        const part = myPartIn(facts, given, person, defaultAuthorityPolicy);
        const role = person.roles.includes('credit_manager')
          ? 'credit_manager'
          : person.roles.includes('credit_controller')
            ? 'credit_controller'
            : null;
        const before = evaluateAuthority(facts, given).satisfied;
        if (part === 'approved') expect(given.some((a) => a.staffId === person.id)).toBe(true);
        if (part === 'can_complete') expect(evaluateAuthority(facts, [...given, { staffId: person.id, role: role! }]).satisfied).toBe(true);
        if (part === 'can_add' || part === 'cannot') {
          // Their approval alone does not complete it.
          if (role && !before) expect(evaluateAuthority(facts, [...given, { staffId: person.id, role }]).satisfied).toBe(false);
        }
        if (!role && !given.some((a) => a.staffId === person.id)) expect(part).toBe('cannot');
      }),
      { numRuns: 3000 },
    );
  });
});
