import { describe, expect, it } from 'vitest';
import { DEALER_WAITING_MARKER, hasDealerWaiting, withDealerWaiting } from '../../../src/shared/dealerWaiting';

describe('dealer waiting marker', () => {
  it('is added first, read back, and removed without touching the clerk’s notes', () => {
    const marked = withDealerWaiting('Deliver after 5 pm', true);
    expect(marked).toBe(`${DEALER_WAITING_MARKER}\nDeliver after 5 pm`);
    expect(hasDealerWaiting(marked)).toBe(true);
    expect(withDealerWaiting(marked, true)).toBe(marked);
    expect(withDealerWaiting(marked, false)).toBe('Deliver after 5 pm');
    expect(withDealerWaiting(null, true)).toBe(DEALER_WAITING_MARKER);
    expect(withDealerWaiting(DEALER_WAITING_MARKER, false)).toBeNull();
    expect(hasDealerWaiting('Please call [dealer-waiting]')).toBe(false);
    expect(hasDealerWaiting(null)).toBe(false);
  });
});
