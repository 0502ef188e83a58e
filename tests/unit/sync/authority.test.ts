// The approval authority policy, at its boundaries and as properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateAuthority, requiredTier, type HoldFacts } from '../../../src/shared/credit/authority';

const base: HoldFacts = { creditLimit: 100_000_000, exposure: 100_000_000, oldestOverdueDays: 0, blocked: false, reasons: ['over_limit'] };
const ctl = (id: string) => ({ staffId: id, role: 'credit_controller' });
const mgr = (id: string) => ({ staffId: id, role: 'credit_manager' });

describe('authority policy', () => {
  it('a controller approves alone at exactly 10% and 5 lakh, not one paisa more', () => {
    const facts = { ...base, exposure: 110_000_000 }; // excess 10,000,000 = 10% of 100,000,000
    expect(evaluateAuthority(facts, [ctl('a')]).satisfied).toBe(true);
    expect(evaluateAuthority({ ...facts, exposure: 110_000_001 }, [ctl('a')]).satisfied).toBe(false);
    const big = { ...base, creditLimit: 1_000_000_000, exposure: 1_050_000_000 }; // 5% but exactly 5 lakh
    expect(requiredTier(big).tier).toBe('controller');
    expect(requiredTier({ ...big, exposure: 1_050_000_001 }).tier).toBe('manager_second');
  });

  it('overdue beyond 90 days needs a second approval by a different credit manager', () => {
    const facts = { ...base, oldestOverdueDays: 91, reasons: ['overdue'] };
    expect(evaluateAuthority(facts, [ctl('a')]).missing).toMatch(/credit manager/);
    expect(evaluateAuthority(facts, [ctl('a'), ctl('b')]).satisfied).toBe(false);
    expect(evaluateAuthority(facts, [mgr('a')]).satisfied).toBe(false);
    expect(evaluateAuthority(facts, [ctl('a'), { staffId: 'a', role: 'credit_manager' }]).satisfied).toBe(false);
    expect(evaluateAuthority(facts, [ctl('a'), mgr('b')]).satisfied).toBe(true);
    expect(evaluateAuthority({ ...facts, oldestOverdueDays: 90 }, [ctl('a')]).satisfied).toBe(true);
  });

  it('a blocked account always needs a credit manager; other roles never count', () => {
    const facts = { ...base, blocked: true, reasons: ['account_blocked'] };
    expect(evaluateAuthority(facts, [ctl('a'), ctl('b')]).satisfied).toBe(false);
    expect(evaluateAuthority(facts, [mgr('m')]).satisfied).toBe(true);
    expect(evaluateAuthority({ ...base }, [{ staffId: 'x', role: 'inside_sales' }]).satisfied).toBe(false);
  });

  it('property: approvals only ever help, and the controller tier is never stricter than the others', () => {
    const facts = fc.record({
      creditLimit: fc.integer({ min: 0, max: 2_000_000_000 }),
      exposure: fc.integer({ min: 0, max: 3_000_000_000 }),
      oldestOverdueDays: fc.integer({ min: 0, max: 400 }),
      blocked: fc.boolean(),
      reasons: fc.subarray(['over_limit', 'overdue', 'account_blocked', 'no_credit_position']),
    });
    const approval = fc.record({
      staffId: fc.constantFrom('a', 'b', 'c'),
      role: fc.constantFrom('credit_controller', 'credit_manager', 'manager'),
    });
    fc.assert(
      fc.property(facts, fc.array(approval, { maxLength: 4 }), approval, (f, approvals, extra) => {
        const before = evaluateAuthority(f, approvals).satisfied;
        const after = evaluateAuthority(f, [...approvals, extra]).satisfied;
        expect(!before || after).toBe(true);
        // One person can never satisfy a two-person tier alone.
        if (requiredTier(f).tier === 'manager_second')
          expect(
            evaluateAuthority(
              f,
              approvals.filter((a) => a.staffId === 'a'),
            ).satisfied,
          ).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
