// The apply path stays within the DESIGN budget relative to raw batched inserts of the same rows (3x),
// measured in the same run so a slow machine slows both sides alike.
import { describe, expect, it } from 'vitest';
import { benchSync } from '../../../bench/sync';

describe('replica apply budget', () => {
  it('applies snapshot pages within 3x of raw batched inserts', () => {
    const result = benchSync(3000);
    console.info(`[sync apply] ${JSON.stringify(result)}`);
    expect(result.rows).toBe(18_000);
    expect(result.ratioToRaw).toBeLessThan(3);
  }, 60_000);
});
