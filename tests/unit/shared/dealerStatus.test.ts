// The dealer-status policy's shared rules: templates are checked when saved (unknown placeholders, stray
// braces, length), filled in with fallbacks for what the order does not know yet, kept within the
// platform's 500 characters; the default policy passes its own schema; tracking links by carrier.
import { describe, expect, it } from 'vitest';
import {
  dealerDate,
  dealerStatusPolicySchema,
  defaultDealerStatusPolicy,
  itemList,
  policyRuleKeys,
  renderTemplate,
  templatePlaceholders,
  templateProblems,
  trackingLink,
} from '../../../src/shared/dealerStatus';

describe('templates', () => {
  it('accepts every known placeholder and refuses unknown ones by name', () => {
    expect(templateProblems(templatePlaceholders.map((p) => `{${p}}`).join(' '))).toEqual([]);
    const problems = templateProblems('Order {order_number} ships {eta_date} via {Carrier}.');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Unknown placeholders \{eta_date\}, \{Carrier\}; use \{order_number\}/);
  });

  it('refuses an unclosed brace, an empty template and one that is too long', () => {
    expect(templateProblems('Order {order_number shipped')).toEqual(['A brace is not closed: placeholders look like {order_number}.']);
    expect(templateProblems('   ')).toEqual(['Write the message the dealer will read.']);
    expect(templateProblems('x'.repeat(401))).toEqual(['Keep it under 400 characters.']);
  });

  it('fills placeholders in, with words for what is not known yet, and keeps within 500 characters', () => {
    expect(
      renderTemplate('Order {order_number} with {carrier}, tracking {tracking_number}; ETA {eta}.', {
        order_number: 'SO-1',
        carrier: 'Gati',
        tracking_number: null,
      }),
    ).toBe('Order SO-1 with Gati, tracking to follow; ETA to be confirmed.');
    const long = renderTemplate('{backordered_items} {backordered_items}', { backordered_items: 'SKU × 1, '.repeat(40) });
    expect(long).toHaveLength(500);
    expect(long.endsWith('…')).toBe(true);
  });

  it('lists items with quantities, at most eight, and writes dates as a dealer reads them', () => {
    expect(
      itemList([
        { sku: 'A', qty: 2 },
        { sku: 'B', qty: 0 },
      ]),
    ).toBe('A × 2');
    expect(itemList([])).toBeNull();
    expect(itemList(Array.from({ length: 10 }, (_, i) => ({ sku: `S${i}`, qty: 1 })))).toMatch(/S7 × 1 and 2 more$/);
    expect(dealerDate('2030-01-05')).toBe('5 Jan 2030');
    expect(dealerDate(null)).toBeNull();
  });

  it('links known carriers to their tracking page, and nothing else', () => {
    expect(trackingLink('Gati', '123 45')).toBe('https://www.gati.com/track-by-docket/?docket=123%2045');
    expect(trackingLink('safexpress', 'SX1')).toBe('https://www.safexpress.com/track?waybill=SX1');
    expect(trackingLink('Unknown Roadways', 'X1')).toBeNull();
    expect(trackingLink('Gati', null)).toBeNull();
  });
});

describe('policy schema', () => {
  it('the default policy has a row for every DMS status and situation and passes its own checks', () => {
    expect(Object.keys(defaultDealerStatusPolicy.rules).sort()).toEqual([...policyRuleKeys].sort());
    expect(dealerStatusPolicySchema.safeParse(defaultDealerStatusPolicy).success).toBe(true);
  });

  it('names the row and field of a bad template, and refuses an impossible catch-up window', () => {
    const bad = {
      ...defaultDealerStatusPolicy,
      catchUpHours: -1,
      rules: { ...defaultDealerStatusPolicy.rules, late: { mode: 'review', template: 'Late: {when}' } },
    };
    const parsed = dealerStatusPolicySchema.safeParse(bad);
    expect(parsed.success).toBe(false);
    const issues = parsed.error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(issues).toEqual(
      expect.arrayContaining([
        ['catchUpHours', 'At least 0 hours.'],
        ['rules.late.template', expect.stringMatching(/^Late: not dispatched by the expected dispatch date: Unknown placeholder \{when\}/)],
      ]),
    );
    const { late: _late, ...missingRow } = defaultDealerStatusPolicy.rules;
    expect(dealerStatusPolicySchema.safeParse({ ...defaultDealerStatusPolicy, rules: missingRow }).success).toBe(false);
  });
});
