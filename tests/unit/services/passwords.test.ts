// scrypt password hashing: salted, parameters stored with the hash, verification by the stored parameters.
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword, defaultScryptParams } from '../../../src/main/services/passwords';

describe('passwords', () => {
  it('stores scrypt$N$r$p$salt$hash and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    const parts = stored.split('$');
    expect(parts.slice(0, 4)).toEqual([
      'scrypt',
      String(defaultScryptParams.N),
      String(defaultScryptParams.r),
      String(defaultScryptParams.p),
    ]);
    expect(Buffer.from(parts[4] ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(parts[5] ?? '', 'base64url')).toHaveLength(32);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently every time', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('same password!', b)).toBe(true);
  });

  it('verifies with the parameters stored in the hash, so old hashes keep working after a change of defaults', async () => {
    const weak = await hashPassword('older password', { N: 1024, r: 8, p: 1 });
    expect(weak.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('older password', weak)).toBe(true);
    // Changing a stored parameter changes the derived key: it no longer verifies.
    expect(await verifyPassword('older password', weak.replace('scrypt$1024$', 'scrypt$2048$'))).toBe(false);
  });

  it('rejects malformed stored values instead of throwing', async () => {
    for (const bad of ['', 'plain', 'bcrypt$1$2$3$x$y', 'scrypt$x$8$1$AAAA$BBBB', 'scrypt$1024$8$1$AAAA$tooShort']) {
      expect(await verifyPassword('whatever', bad)).toBe(false);
    }
  });
});
