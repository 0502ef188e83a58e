// dealers.search through the dispatcher (as the UI calls it) over a real SQLite replica that the sync
// engine's ReplicaWriter fills: each phone format, the last digits, contacts, GSTIN, town, code, suspended
// dealers marked, the ranking, and the index staying right through an account update, a removed contact,
// a deletion and a re-snapshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../../../src/main/connectors/source';
import { indexMissingDealers, nationalDigits } from '../../../src/main/features/dealers/searchIndex';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import type { DealerSearchRow, DealerSearchView } from '../../../src/shared/api/features/dealers';
import type { Platform } from '../../../src/shared/contracts';
import { errorOf, makeBackend, valueOf, type TestBackend } from '../services/helpers';

type AccountSpec = Partial<Platform.Account> & Pick<Platform.Account, 'id' | 'code' | 'name'>;

function account(spec: AccountSpec, version = 1): IncomingRecord {
  const data: Platform.Account = {
    status: 'active',
    region: 'West',
    tier: 'silver',
    currency: 'INR',
    price_list_id: 'pl-silver',
    payment_terms_days: 30,
    version,
    updated_at: '2026-11-01T00:00:00Z',
    ...spec,
  };
  return { resourceType: 'account', id: spec.id, version, deleted: false, data: data as unknown as Record<string, unknown> };
}

const sharma: AccountSpec = {
  id: 'acc-1',
  code: 'DLR-MH-00017',
  name: 'Sharma Electricals',
  legal_name: 'Sharma Electricals Private Limited',
  tax_id: '27AAPCS1234K1Z5',
  phone: '+91 98220 12345',
  address: { line1: 'Shop 4', city: 'Pune', state: 'Maharashtra', postal_code: '411001', country: 'IN' },
  contacts: [
    { name: 'Rakesh Sharma', phone: '+91 98220 12345', role: 'owner' },
    { name: 'Meena Kulkarni', phone: '0 93700-55501', role: 'accounts' },
  ],
};
const verma: AccountSpec = {
  id: 'acc-2',
  code: 'DLR-DL-00002',
  name: 'Verma Traders',
  tax_id: '07AABFV9876Q1Z2',
  phone: '011 2345 6789',
  address: { line1: 'Plot 9', city: 'New Delhi', state: 'Delhi', postal_code: '110001', country: 'IN' },
  contacts: [{ name: 'Sunil Verma', phone: '(+91) 99100-77788', role: 'owner' }],
};
const suspendedSharma: AccountSpec = {
  id: 'acc-3',
  code: 'DLR-MH-00003',
  name: 'Sharma Agencies',
  status: 'suspended',
  phone: '+91 90000 11112',
  address: { line1: 'x', city: 'Nashik', state: 'Maharashtra', postal_code: '422001', country: 'IN' },
};
const codeLike: AccountSpec = {
  id: 'acc-4',
  code: 'SHA',
  name: 'Zenith Lighting',
  address: { line1: 'x', city: 'Shahdol', state: 'Madhya Pradesh', postal_code: '484001', country: 'IN' },
};

let t: TestBackend;
let token: string;
let writer: ReplicaWriter;

beforeAll(async () => {
  t = await makeBackend();
  const { staff } = await t.backend.services.staff.create(
    { username: 'clerk', displayName: 'Clerk', password: 'long enough password', roles: ['inside_sales'] },
    null,
  );
  token = t.backend.services.sessions.open(staff.id);
  writer = new ReplicaWriter(t.backend.sqlite, 'platform', () => t.clock.now);
  t.backend.sqlite.transaction(() => writer.apply([account(sharma), account(verma), account(suspendedSharma), account(codeLike)]))();
});
afterAll(async () => t?.cleanup());

async function search(text: string, limit = 20): Promise<DealerSearchRow[]> {
  const view = valueOf<DealerSearchView>(await t.backend.dispatch('dealers.search', { text, limit }, { sessionToken: token }));
  expect(view.text).toBe(text);
  return view.rows;
}
const ids = (rows: DealerSearchRow[]) => rows.map((r) => r.id);

describe('nationalDigits', () => {
  it.each([
    ['+91 98220 12345', '9822012345'],
    ['+919822012345', '9822012345'],
    ['919822012345', '9822012345'],
    ['09822012345', '9822012345'],
    ['0091 98220 12345', '9822012345'],
    ['(+91) 98220-12345', '9822012345'],
    ['011 2345 6789', '1123456789'],
    ['+91 982', '982'],
    ['9198', '9198'],
    ['(+91) 9910', '9910'],
  ])('%s -> %s', (typed, digits) => expect(nationalDigits(typed)).toBe(digits));
});

describe('dealers.search', () => {
  it.each([
    ['+91 98220 12345', 'international with spaces'],
    ['098220 12345', 'trunk prefix'],
    ['9822012345', 'bare national digits'],
    ['98220-12345', 'dashes'],
    ['(+91) 9822012345', 'brackets'],
    ['91 9822012345', 'country code without +'],
  ])('finds a dealer by its phone typed as %s (%s), marked as an exact phone match', async (typed) => {
    const rows = await search(typed);
    expect(ids(rows)).toEqual(['acc-1']);
    expect(rows[0]!.matched).toEqual({
      field: 'phone',
      text: '+91 98220 12345',
      how: 'exact',
      contact: { name: 'Rakesh Sharma', phone: '+91 98220 12345' },
    });
  });

  it('finds a dealer by the last digits of a number, and by its first digits', async () => {
    expect(ids(await search('2345'))).toContain('acc-1');
    const last = await search('12345');
    expect(last[0]).toMatchObject({ id: 'acc-1', matched: { field: 'phone', how: 'prefix' } });
    expect(ids(await search('98220'))).toEqual(['acc-1']);
    // Fewer than 4 digits never match a phone (they may still match a code).
    expect((await search('345')).filter((r) => r.matched.field === 'phone')).toEqual([]);
  });

  it("finds a dealer by a contact's phone in another format, and says which contact", async () => {
    const rows = await search('+91 93700 55501');
    expect(rows.map((r) => [r.id, r.matched.field, r.matched.contact?.name])).toEqual([['acc-1', 'phone', 'Meena Kulkarni']]);
    expect(ids(await search('77788'))).toEqual(['acc-2']);
    // The dealer's own landline, typed with its trunk prefix differently.
    const own = await search('01123456789');
    expect(own[0]).toMatchObject({ id: 'acc-2', matched: { field: 'phone', text: '011 2345 6789', contact: null } });
  });

  it("finds a dealer by a contact's name, with the contact's phone", async () => {
    const rows = await search('kulkar');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 'acc-1',
      matched: { field: 'contact', text: 'Meena Kulkarni', how: 'prefix', contact: { name: 'Meena Kulkarni', phone: '0 93700-55501' } },
    });
  });

  it('finds a dealer by GSTIN (whole or part, any case), town and code', async () => {
    expect((await search('27aapcs1234k1z5'))[0]).toMatchObject({ id: 'acc-1', matched: { field: 'gstin', how: 'exact' } });
    expect((await search('AABFV98'))[0]).toMatchObject({ id: 'acc-2', matched: { field: 'gstin', how: 'contains' } });
    expect((await search('new delhi'))[0]).toMatchObject({ id: 'acc-2', town: 'New Delhi, Delhi', matched: { field: 'town' } });
    expect((await search('DLR-DL-00002'))[0]).toMatchObject({ id: 'acc-2', matched: { field: 'code', how: 'exact' } });
    expect(ids(await search('00017'))).toEqual(['acc-1']);
  });

  it('returns the picker fields, and suspended dealers marked', async () => {
    const rows = await search('sharma');
    const suspended = rows.find((r) => r.id === 'acc-3');
    expect(suspended).toMatchObject({ status: 'suspended', code: 'DLR-MH-00003', town: 'Nashik, Maharashtra' });
    expect(rows.find((r) => r.id === 'acc-1')).toEqual({
      id: 'acc-1',
      code: 'DLR-MH-00017',
      name: 'Sharma Electricals',
      town: 'Pune, Maharashtra',
      region: 'West',
      tier: 'silver',
      status: 'active',
      taxId: '27AAPCS1234K1Z5',
      phone: '+91 98220 12345',
      matched: { field: 'name', text: 'Sharma Electricals', how: 'prefix', contact: null },
    });
  });

  it('ranks an exact code first, then prefixes, then substrings; active before suspended; then by name', async () => {
    // "sha": the code SHA exactly; names starting with "Sharma" (active before suspended); "Shahdol" is the
    // exact-code dealer's own town, so it does not appear twice.
    expect(ids(await search('sha'))).toEqual(['acc-4', 'acc-1', 'acc-3']);
    expect((await search('sha'))[0]!.matched).toMatchObject({ field: 'code', how: 'exact' });
    // "arma": a substring of both Sharmas: still active first.
    expect(ids(await search('arma'))).toEqual(['acc-1', 'acc-3']);
    // "tra": "Traders" starts a word (prefix) and outranks "Maharashtra"'s substring; "electricals" none.
    expect(ids(await search('tra'))).toEqual(['acc-2', 'acc-1', 'acc-3']);
    // The limit keeps the best.
    expect(ids(await search('sha', 1))).toEqual(['acc-4']);
  });

  it('matches every word typed within one field; one or two characters match the start of a field', async () => {
    expect(ids(await search('sunil verma'))).toEqual(['acc-2']);
    expect(ids(await search('verma zz'))).toEqual([]);
    expect(ids(await search('ve'))).toEqual(['acc-2']);
    expect(ids(await search('  '))).toEqual([]);
    expect(ids(await search('ZE'))).toEqual(['acc-4']);
  });

  it('keeps the index right when an account changes, loses a contact, or is deleted', async () => {
    const changed: AccountSpec = {
      ...verma,
      name: 'Verma & Sons',
      phone: '+91 88888 00001',
      contacts: [], // Sunil Verma removed
    };
    t.backend.sqlite.transaction(() => writer.apply([account(changed, 2)]))();
    expect(ids(await search('sunil'))).toEqual([]);
    expect(ids(await search('77788'))).toEqual([]); // his phone went with him
    expect(ids(await search('2345 6789'))).toEqual([]); // the old landline too
    expect((await search('8888800001'))[0]).toMatchObject({ id: 'acc-2', name: 'Verma & Sons' });
    expect(ids(await search('verma &'))).toEqual(['acc-2']);
    // An older version replayed changes nothing (the writer's version guard; the observer is not called).
    t.backend.sqlite.transaction(() => writer.apply([account(verma, 1)]))();
    expect(ids(await search('sunil'))).toEqual([]);
    // Deleted: gone from every path.
    t.backend.sqlite.transaction(() => writer.apply([{ resourceType: 'account', id: 'acc-2', version: 3, deleted: true, data: {} }]))();
    expect(ids(await search('verma'))).toEqual([]);
    expect(ids(await search('8888800001'))).toEqual([]);
    expect(t.backend.sqlite.prepare("SELECT count(*) FROM dealer_search_terms WHERE account_id = 'acc-2'").pluck().get()).toBe(0);
  });

  it('drops dealers a re-snapshot no longer contains, and keeps the others', async () => {
    t.backend.sqlite.transaction(() => {
      writer.beginSnapshot();
      writer.apply([account(sharma, 5), account(codeLike, 5)], { snapshot: true });
      writer.finishSnapshot(['account']);
    })();
    expect(ids(await search('sharma'))).toEqual(['acc-1']); // acc-3 was not in the snapshot
    expect(ids(await search('90000 11112'))).toEqual([]);
    expect(ids(await search('zenith'))).toEqual(['acc-4']);
    const orphans = t.backend.sqlite
      .prepare('SELECT count(*) FROM dealer_search_phones WHERE account_id NOT IN (SELECT id FROM platform_accounts)')
      .pluck()
      .get();
    expect(orphans).toBe(0);
  });

  it('indexes accounts synced before the index existed', async () => {
    t.backend.sqlite.exec(
      "DELETE FROM dealer_search_terms WHERE account_id = 'acc-1'; DELETE FROM dealer_search_phones WHERE account_id = 'acc-1'",
    );
    expect(ids(await search('kulkarni'))).toEqual([]);
    expect(indexMissingDealers(t.backend.sqlite)).toBe(1);
    expect(ids(await search('kulkarni'))).toEqual(['acc-1']);
    expect(indexMissingDealers(t.backend.sqlite)).toBe(0);
  });

  it('needs a signed-in caller and refuses overlong text', async () => {
    expect(errorOf(await t.backend.dispatch('dealers.search', { text: 'sharma' }, { sessionToken: null })).kind).toBe('unauthenticated');
    expect(errorOf(await t.backend.dispatch('dealers.search', { text: 'x'.repeat(201) }, { sessionToken: token })).kind).toBe('validation');
  });
});
