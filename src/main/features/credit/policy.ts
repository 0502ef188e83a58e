// Where the desk reads the credit authority policy: the admin's setting (issue 8 edits it), else DESIGN.md's
// defaults. The evaluation itself is in src/shared/credit/authority.ts, so the phone order desk's preview and
// the credit desk give the same answer.
import type Database from 'better-sqlite3';
import { defaultAuthorityPolicy, type AuthorityPolicy } from '../../../shared/credit/authority';

export const AUTHORITY_POLICY_SETTING = 'credit.authorityPolicy';

export function readAuthorityPolicy(sqlite: Database.Database): AuthorityPolicy {
  const raw = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(AUTHORITY_POLICY_SETTING) as string | undefined;
  if (!raw) return defaultAuthorityPolicy;
  return { ...defaultAuthorityPolicy, ...(JSON.parse(raw) as Partial<AuthorityPolicy>) };
}
