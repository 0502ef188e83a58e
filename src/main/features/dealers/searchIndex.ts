// The dealer search index: the terms (name, code, town, GSTIN, contact names) and normalised phone numbers
// each platform account is found by. Contacts and national phone digits are not replica columns, so a
// replica observer rebuilds an account's entries from the stored resource whenever the writer writes or
// deletes the account, inside the page's transaction (also in the pull thread), and prunes accounts a
// re-snapshot removed. `indexMissingDealers` covers replicas filled before this index existed.
import type Database from 'better-sqlite3';
import type { Platform } from '../../../shared/contracts';
import type { ReplicaObserverFactory } from '../../sync/observers';

/** Lower case without diacritics, whitespace collapsed: what typed text and stored terms are compared as. */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The national digits of an Indian phone number in any format: `+91 98765 43210`, `098765-43210`,
 * `(0522) 234 5678`, `0091 98765 43210` all give `9876543210` / `5222345678`. Leading zeros (trunk or
 * international prefix) go; a `91` country code goes when the number is longer than a national one or was
 * written after a `+`, so partly typed `+91 987` gives `987`.
 */
export function nationalDigits(text: string): string {
  const afterPlus = /^[\s(]*\+/.test(text);
  let digits = text.replace(/\D/g, '');
  const hadInternationalPrefix = digits.startsWith('00');
  digits = digits.replace(/^0+/, '');
  if (digits.startsWith('91') && (afterPlus || hadInternationalPrefix || digits.length > 10)) digits = digits.slice(2);
  return digits;
}

export const reverseDigits = (digits: string): string => [...digits].reverse().join('');

type Term = { field: 'name' | 'code' | 'town' | 'gstin' | 'contact'; text: string; contactPhone: string | null };
type Phone = { digits: string; phone: string; contactName: string | null };

/** What an account is found by. Exported for tests. */
export function searchEntriesOf(account: Platform.Account): { terms: Term[]; phones: Phone[] } {
  const terms: Term[] = [
    { field: 'code', text: account.code, contactPhone: null },
    { field: 'name', text: account.name, contactPhone: null },
  ];
  if (account.legal_name && foldForSearch(account.legal_name) !== foldForSearch(account.name)) {
    terms.push({ field: 'name', text: account.legal_name, contactPhone: null });
  }
  const town = [account.address?.city, account.address?.state].filter((p): p is string => !!p && p.trim() !== '').join(', ');
  if (town) terms.push({ field: 'town', text: town, contactPhone: null });
  if (account.tax_id) terms.push({ field: 'gstin', text: account.tax_id, contactPhone: null });
  const phones: Phone[] = [];
  const seenDigits = new Set<string>();
  for (const contact of account.contacts ?? []) {
    if (contact.name.trim()) terms.push({ field: 'contact', text: contact.name, contactPhone: contact.phone ?? null });
    const digits = contact.phone ? nationalDigits(contact.phone) : '';
    if (contact.phone && digits.length >= 4 && !seenDigits.has(digits)) {
      seenDigits.add(digits);
      phones.push({ digits, phone: contact.phone, contactName: contact.name });
    }
  }
  // The dealer's own number, unless a contact already carries it (the contact's name says more).
  const own = account.phone ? nationalDigits(account.phone) : '';
  if (account.phone && own.length >= 4 && !seenDigits.has(own)) phones.push({ digits: own, phone: account.phone, contactName: null });
  return { terms, phones };
}

export interface DealerSearchIndex {
  /** Replaces the account's entries (null: the account is gone). Call inside the writer's transaction. */
  put(accountId: string, account: Platform.Account | null): void;
  /** Removes entries of accounts the replica no longer has (after a re-snapshot pruned them). */
  pruneOrphans(): void;
}

export function dealerSearchIndex(sqlite: Database.Database): DealerSearchIndex {
  const deleteTerms = sqlite.prepare('DELETE FROM dealer_search_terms WHERE account_id = ?');
  const deletePhones = sqlite.prepare('DELETE FROM dealer_search_phones WHERE account_id = ?');
  const insertTerm = sqlite.prepare(
    'INSERT INTO dealer_search_terms (account_id, field, text, folded, contact_phone) VALUES (?, ?, ?, ?, ?)',
  );
  const insertPhone = sqlite.prepare(
    'INSERT INTO dealer_search_phones (account_id, digits, digits_reversed, phone, contact_name) VALUES (?, ?, ?, ?, ?)',
  );
  const pruneTerms = sqlite.prepare('DELETE FROM dealer_search_terms WHERE account_id NOT IN (SELECT id FROM platform_accounts)');
  const prunePhones = sqlite.prepare('DELETE FROM dealer_search_phones WHERE account_id NOT IN (SELECT id FROM platform_accounts)');
  return {
    put(accountId, account) {
      deleteTerms.run(accountId);
      deletePhones.run(accountId);
      if (!account) return;
      const { terms, phones } = searchEntriesOf(account);
      for (const t of terms) insertTerm.run(accountId, t.field, t.text, foldForSearch(t.text), t.contactPhone);
      for (const p of phones) insertPhone.run(accountId, p.digits, reverseDigits(p.digits), p.phone, p.contactName);
    },
    pruneOrphans() {
      pruneTerms.run();
      prunePhones.run();
    },
  };
}

/** The replica observer (listed in src/main/sync/observers.ts): platform accounts only. */
export const dealerSearchObserver: ReplicaObserverFactory = (sqlite, source) => {
  if (source !== 'platform') return null;
  const index = dealerSearchIndex(sqlite);
  return {
    resourceTypes: ['account'],
    after(_type, id, data) {
      index.put(id, data as unknown as Platform.Account | null);
    },
    snapshotFinished(types) {
      if (types.includes('account')) index.pruneOrphans();
    },
  };
};

/**
 * Indexes accounts that have no entries yet (a replica synced before this index existed) and drops entries
 * of accounts that are gone. Every indexed account has a `code` term, so this finds exactly the missing
 * ones; on an up-to-date replica it costs one anti-join. Returns how many accounts it indexed.
 */
export function indexMissingDealers(sqlite: Database.Database): number {
  const missing = sqlite
    .prepare(
      `SELECT a.id, a.raw FROM platform_accounts a
       WHERE NOT EXISTS (SELECT 1 FROM dealer_search_terms t WHERE t.account_id = a.id AND t.field = 'code')`,
    )
    .all() as { id: string; raw: string }[];
  const index = dealerSearchIndex(sqlite);
  sqlite.transaction(() => {
    for (const row of missing) index.put(row.id, JSON.parse(row.raw) as Platform.Account);
    index.pruneOrphans();
  })();
  return missing.length;
}
