// Dealer search queries (the matching and ranking rules are documented on `dealers.search` in
// src/shared/api/features/dealers.ts). Text goes through dealer_search_terms (a prefix range on `folded`
// under 3 characters, the trigram FTS table from 3 on); digits go through dealer_search_phones as two
// index range scans, national digits forwards (starts with) and reversed (ends with). Each path ranks in
// SQL and returns at most `limit` dealers, so merging the two keeps the overall top `limit`.
import type Database from 'better-sqlite3';
import type { DealerMatch, DealerMatchField, DealerSearchRow } from '../../../shared/api/features/dealers';
import { foldForSearch, nationalDigits, reverseDigits } from './searchIndex';

/** Fewer digits than this never match a phone (too many numbers end in any 3 digits). */
export const MIN_PHONE_DIGITS = 4;
/** The trigram index needs 3 characters; shorter text matches only the start of a field. */
const MIN_CONTAINS = 3;

/** Only digits and what people write between them. */
const phoneLike = /^[\d\s+\-()./]+$/;

interface Ranked {
  id: string;
  code: string;
  name: string;
  city: string | null;
  state: string | null;
  region: string;
  tier: string;
  status: 'active' | 'suspended';
  tax_id: string | null;
  phone: string | null;
  field: DealerMatchField;
  matched_text: string;
  contact_name: string | null;
  contact_phone: string | null;
  match_rank: number;
}

const accountColumns = 'a.id, a.code, a.name, a.city, a.state, a.region, a.tier, a.status, a.tax_id, a.phone';
const rankOrder = "best.match_rank, a.status = 'suspended', lower(a.name), a.id";
const fieldRank = "CASE t.field WHEN 'code' THEN 0 WHEN 'name' THEN 1 WHEN 'contact' THEN 2 WHEN 'gstin' THEN 3 ELSE 4 END";

/** Picks each account's best hit, joins the account, ranks, limits. `hits` yields the hit columns. */
function rankedSql(hits: string): string {
  return `WITH hit AS (${hits}),
    best AS (SELECT *, row_number() OVER (PARTITION BY account_id ORDER BY match_rank, field_rank) AS n FROM hit)
    SELECT ${accountColumns}, best.field, best.matched_text, best.contact_name, best.contact_phone, best.match_rank
    FROM best JOIN platform_accounts a ON a.id = best.account_id
    WHERE best.n = 1
    ORDER BY ${rankOrder}
    LIMIT @limit`;
}

/** Exact (0) when the whole field is the text; prefix (1) when the field or one of its words starts with it. */
const termRank = `CASE WHEN t.folded = @q THEN 0
  WHEN (t.folded >= @q AND t.folded < @qEnd) OR instr(t.folded, ' ' || @q) > 0 THEN 1 ELSE 2 END`;

const termColumns = `t.account_id, t.field, t.text AS matched_text,
  CASE WHEN t.field = 'contact' THEN t.text END AS contact_name, t.contact_phone, ${termRank} AS match_rank, ${fieldRank} AS field_rank`;

/** The SQL of each path, exported so the bench can run the same statements raw. */
export const dealerSearchSql = {
  /** 1-2 characters: fields that start with the text (index range on `folded`). */
  prefix: rankedSql(`SELECT ${termColumns} FROM dealer_search_terms t WHERE t.folded >= @q AND t.folded < @qEnd`),
  /** 3+ characters: every word (of 3+) through the trigram index; `@words` is the FTS query. */
  contains: (shortWords: number) =>
    rankedSql(`SELECT ${termColumns} FROM dealer_search_terms t
      WHERE t.id IN (SELECT rowid FROM dealer_search_terms_fts WHERE dealer_search_terms_fts MATCH @words)
      ${Array.from({ length: shortWords }, (_, i) => `AND instr(t.folded, @short${i}) > 0`).join(' ')}`),
  /** 4+ digits: numbers that start with them (forwards) or end with them (reversed). */
  phone: rankedSql(`SELECT p.account_id, 'phone' AS field, p.phone AS matched_text, p.contact_name, p.phone AS contact_phone,
      CASE WHEN p.digits = @digits THEN 0 ELSE 1 END AS match_rank, 0 AS field_rank
    FROM dealer_search_phones p WHERE p.digits >= @digits AND p.digits < @digits || ':'
    UNION ALL
    SELECT p.account_id, 'phone', p.phone, p.contact_name, p.phone, CASE WHEN p.digits = @digits THEN 0 ELSE 1 END, 0
    FROM dealer_search_phones p WHERE p.digits_reversed >= @reversed AND p.digits_reversed < @reversed || ':'`),
};

/** The parameters of each path for a typed text; null when the path does not apply. */
export function dealerSearchPlan(text: string) {
  const q = foldForSearch(text);
  const words = q.split(' ').filter(Boolean);
  const longWords = words.filter((w) => [...w].length >= MIN_CONTAINS);
  const shortWords = words.filter((w) => [...w].length < MIN_CONTAINS);
  const digits = phoneLike.test(text) ? nationalDigits(text) : '';
  return {
    q,
    prefix: q !== '' && longWords.length === 0 ? { q, qEnd: `${q}\uffff` } : null,
    contains:
      longWords.length > 0
        ? {
            shortWords: shortWords.length,
            params: {
              q,
              qEnd: `${q}\uffff`,
              words: longWords.map((w) => `"${w.replaceAll('"', '""')}"`).join(' '),
              ...Object.fromEntries(shortWords.map((w, i) => [`short${i}`, w])),
            },
          }
        : null,
    phone: digits.length >= MIN_PHONE_DIGITS ? { digits, reversed: reverseDigits(digits) } : null,
  };
}

const asMatch = (r: Ranked): DealerMatch => ({
  field: r.field,
  text: r.matched_text,
  how: r.match_rank === 0 ? 'exact' : r.match_rank === 1 ? 'prefix' : 'contains',
  contact: r.contact_name !== null ? { name: r.contact_name, phone: r.contact_phone } : null,
});

const asRow = (r: Ranked): DealerSearchRow => ({
  id: r.id,
  code: r.code,
  name: r.name,
  town: [r.city, r.state].filter((p): p is string => !!p).join(', ') || null,
  region: r.region,
  tier: r.tier,
  status: r.status,
  taxId: r.tax_id,
  phone: r.phone,
  matched: asMatch(r),
});

/** The same order as the SQL's ORDER BY, for merging the paths. */
function compareRanked(x: Ranked, y: Ranked): number {
  return (
    x.match_rank - y.match_rank ||
    Number(x.status === 'suspended') - Number(y.status === 'suspended') ||
    (x.name.toLowerCase() < y.name.toLowerCase() ? -1 : x.name.toLowerCase() > y.name.toLowerCase() ? 1 : 0) ||
    (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)
  );
}

export type DealerSearch = (text: string, limit: number) => DealerSearchRow[];

/** Prepares the statements once per connection. */
export function dealerSearch(sqlite: Database.Database): DealerSearch {
  const prefix = sqlite.prepare(dealerSearchSql.prefix);
  const phone = sqlite.prepare(dealerSearchSql.phone);
  const contains = new Map<number, Database.Statement>();
  const containsFor = (shortWords: number) => {
    let stmt = contains.get(shortWords);
    if (!stmt) contains.set(shortWords, (stmt = sqlite.prepare(dealerSearchSql.contains(shortWords))));
    return stmt;
  };
  return (text, limit) => {
    const plan = dealerSearchPlan(text);
    const found: Ranked[] = [];
    if (plan.prefix) found.push(...(prefix.all({ ...plan.prefix, limit }) as Ranked[]));
    if (plan.contains) found.push(...(containsFor(plan.contains.shortWords).all({ ...plan.contains.params, limit }) as Ranked[]));
    if (plan.phone) found.push(...(phone.all({ ...plan.phone, limit }) as Ranked[]));
    // One row per dealer: its best match over the paths (a phone match outranks the same digits in a code).
    const best = new Map<string, Ranked>();
    for (const r of found) {
      const held = best.get(r.id);
      if (!held || r.match_rank < held.match_rank) best.set(r.id, r);
    }
    return [...best.values()].sort(compareRanked).slice(0, limit).map(asRow);
  };
}
