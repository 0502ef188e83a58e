// Dealer and SKU search as you type, at bench scale.
// Dealer search: `dealers.search` through the API (backend.dispatch with a staff session, as the UI's
// transports call it) against raw SQLite running the very statements the handler runs
// (src/main/features/dealers/search.ts, `dealerSearchSql`) with their parameters worked out beforehand:
// the ratio is what validation, dispatch, merging the paths and shaping rows cost on top of the SQL.
// Each sample runs both, alternating which goes first.
// SKU search: raw SQL candidates only (the FTS5 trigram index of migration 0001 for 3+ characters, the
// sku index for shorter prefixes); its procedure belongs to the phone desk (issue 7).
import type Database from 'better-sqlite3';
import type { Backend } from '../src/main/backend';
import { dealerSearchPlan, dealerSearchSql } from '../src/main/features/dealers/search';
import type { DealerSearchView } from '../src/shared/api/features/dealers';
import { summarise, type Timing } from './measure';
import { benchSession } from './queue';

export interface SearchCase {
  name: string;
  kind: 'dealer' | 'sku';
  /** What a clerk types, one per sample (cycled). */
  terms: string[];
}

export interface SearchCaseResult {
  name: string;
  kind: 'dealer' | 'sku';
  raw: Timing;
  /** Dealer cases: through the API, and api p95 / raw p95. */
  api?: Timing;
  ratio?: number;
  /** Dealer cases: whether raw SQL found the same dealers in the same order as the API (every sample). */
  sameAsApi?: boolean;
  /** Rows of the first term (at most 20). */
  firstRows: number;
  example: string;
}

export interface SearchBenchResult {
  cases: SearchCaseResult[];
  /** Raw SQL over every sample of every case, per kind. */
  dealer: Timing;
  sku: Timing;
  /** dealers.search through the API over every dealer sample, and its p95 over raw's. */
  dealerApi: Timing;
  dealerRatio: number;
}

const LIMIT = 20;

/** An FTS5 query from typed text: each word a quoted substring (trigram), all required. */
function ftsQuery(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `"${w.replaceAll('"', '""')}"`)
    .join(' ');
}

/** Dealer search as raw SQL: the handler's statements, parameters computed before timing. */
function rawDealerSearch(sqlite: Database.Database) {
  const prefix = sqlite.prepare(dealerSearchSql.prefix);
  const phone = sqlite.prepare(dealerSearchSql.phone);
  const contains = new Map<number, Database.Statement>();
  return (text: string) => {
    const plan = dealerSearchPlan(text);
    const c = plan.contains;
    let containsStmt: Database.Statement | null = null;
    if (c) {
      containsStmt = contains.get(c.shortWords) ?? sqlite.prepare(dealerSearchSql.contains(c.shortWords));
      contains.set(c.shortWords, containsStmt);
    }
    return {
      run(): { id: string; match_rank: number }[][] {
        const out: { id: string; match_rank: number }[][] = [];
        if (plan.prefix) out.push(prefix.all({ ...plan.prefix, limit: LIMIT }) as { id: string; match_rank: number }[]);
        if (c && containsStmt) out.push(containsStmt.all({ ...c.params, limit: LIMIT }) as { id: string; match_rank: number }[]);
        if (plan.phone) out.push(phone.all({ ...plan.phone, limit: LIMIT }) as { id: string; match_rank: number }[]);
        return out;
      },
    };
  };
}

/** The SKU search statements, prepared once (the fastest plain form of each). */
function skuStatements(sqlite: Database.Database) {
  const skuFts = sqlite.prepare(`SELECT p.sku, p.name, p.uom, p.pack_size, p.tax_rate_bp
    FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid
    WHERE platform_products_fts MATCH ? AND p.active = 1 LIMIT ${LIMIT}`);
  const skuPrefix = sqlite.prepare(`SELECT sku, name, uom, pack_size, tax_rate_bp FROM platform_products
    WHERE sku >= ? AND sku < ? AND active = 1 ORDER BY sku LIMIT ${LIMIT}`);
  const upper = (s: string) => `${s}\uffff`;
  return (text: string): unknown[] => {
    const t = text.trim();
    if (t.length >= 3) return skuFts.all(ftsQuery(t));
    return skuPrefix.all(t.toUpperCase(), upper(t.toUpperCase()));
  };
}

/** Realistic typed text drawn from the replica itself: parts of real names, towns, phones, codes, SKUs. */
export function searchCases(sqlite: Database.Database): SearchCase[] {
  const accounts = sqlite.prepare('SELECT name, code, phone, city, tax_id, raw FROM platform_accounts ORDER BY id').all() as {
    name: string;
    code: string;
    phone: string | null;
    city: string | null;
    tax_id: string | null;
    raw: string;
  }[];
  const products = sqlite.prepare('SELECT sku, name FROM platform_products ORDER BY sku').all() as { sku: string; name: string }[];
  const every = <T>(rows: T[], n: number): T[] => {
    const step = Math.max(1, Math.floor(rows.length / n));
    return rows.filter((_, i) => i % step === 0).slice(0, n);
  };
  const someAccounts = every(accounts, 12);
  const someProducts = every(products, 12);
  const firstWord = (s: string) => s.split(/\s+/)[0] ?? s;
  const lastContact = (raw: string) => {
    const contacts = (JSON.parse(raw) as { contacts?: { name: string; phone?: string }[] }).contacts ?? [];
    return contacts[contacts.length - 1];
  };
  const digitsOf = (phone: string) => phone.replace(/\D/g, '').slice(-10);
  const skuWords = (name: string) =>
    name
      .split(/\s+/)
      .filter((w) => w.length >= 3 && !/^prakashdeep$/i.test(w))
      .slice(0, 2)
      .join(' ')
      .toLowerCase();
  return [
    { name: 'dealer: name, 4 letters', kind: 'dealer', terms: someAccounts.map((a) => firstWord(a.name).slice(0, 4).toLowerCase()) },
    { name: 'dealer: name, two words', kind: 'dealer', terms: someAccounts.map((a) => a.name.split(/\s+/).slice(0, 2).join(' ')) },
    { name: 'dealer: 2-letter prefix', kind: 'dealer', terms: someAccounts.map((a) => a.name.slice(0, 2)) },
    { name: 'dealer: town', kind: 'dealer', terms: someAccounts.flatMap((a) => (a.city ? [a.city.slice(0, 5)] : [])) },
    {
      name: 'dealer: phone, last 6 digits',
      kind: 'dealer',
      terms: someAccounts.flatMap((a) => (a.phone ? [a.phone.replace(/\D/g, '').slice(-6)] : [])),
    },
    {
      name: 'dealer: phone as 0xxxxx-xxxxx',
      kind: 'dealer',
      terms: someAccounts.flatMap((a) => (a.phone ? [`0${digitsOf(a.phone).slice(0, 5)}-${digitsOf(a.phone).slice(5)}`] : [])),
    },
    {
      name: "dealer: contact's name",
      kind: 'dealer',
      terms: someAccounts.flatMap((a) => {
        const c = lastContact(a.raw);
        return c ? [c.name] : [];
      }),
    },
    { name: 'dealer: GSTIN, 8 characters', kind: 'dealer', terms: someAccounts.flatMap((a) => (a.tax_id ? [a.tax_id.slice(2, 10)] : [])) },
    { name: 'dealer: code', kind: 'dealer', terms: someAccounts.map((a) => a.code.slice(-5)) },
    { name: 'SKU: code prefix', kind: 'sku', terms: someProducts.map((p) => p.sku.slice(0, 6)) },
    { name: 'SKU: name words', kind: 'sku', terms: someProducts.map((p) => skuWords(p.name)).filter((t) => t.length >= 3) },
    { name: 'SKU: brand (matches every SKU)', kind: 'sku', terms: ['prakash', 'prak', 'deep'] },
    { name: 'SKU: 2-letter prefix', kind: 'sku', terms: someProducts.map((p) => p.sku.slice(0, 2)) },
  ].filter((c): c is SearchCase => c.terms.length > 0);
}

/** The ids raw SQL ranks first, merged the way the handler merges its paths (outside the timing). */
function mergedIds(paths: { id: string; match_rank: number }[][]): string[] {
  const best = new Map<string, number>();
  const order: string[] = [];
  for (const rows of paths) {
    for (const r of rows) {
      const held = best.get(r.id);
      if (held === undefined) order.push(r.id);
      if (held === undefined || r.match_rank < held) best.set(r.id, r.match_rank);
    }
  }
  return order;
}

export async function benchSearch(backend: Backend, opts: { samples?: number } = {}): Promise<SearchBenchResult> {
  const { sqlite } = backend;
  const samples = opts.samples ?? 100;
  const rawDealer = rawDealerSearch(sqlite);
  const sku = skuStatements(sqlite);
  const sessionToken = await benchSession(backend, 'bench-search');
  const api = async (text: string) => {
    const res = await backend.dispatch('dealers.search', { text, limit: LIMIT }, { sessionToken });
    if (!res.ok) throw new Error(`dealers.search failed: ${res.error.kind}: ${res.error.message}`);
    return res.value as DealerSearchView;
  };
  const cases: SearchCaseResult[] = [];
  const all = { dealer: [] as number[], sku: [] as number[], dealerApi: [] as number[] };
  for (const c of searchCases(sqlite)) {
    if (c.kind === 'sku') {
      for (const t of c.terms) sku(t);
      const times: number[] = [];
      for (let i = 0; i < samples; i++) {
        const term = c.terms[i % c.terms.length]!;
        const t0 = performance.now();
        sku(term);
        times.push(performance.now() - t0);
      }
      all.sku.push(...times);
      cases.push({ name: c.name, kind: c.kind, raw: summarise(times), firstRows: sku(c.terms[0]!).length, example: c.terms[0]! });
      continue;
    }
    // Warm-up: statements prepared and the pages they touch cached, as on a desk in use.
    for (const t of c.terms) {
      rawDealer(t).run();
      await api(t);
    }
    const rawTimes: number[] = [];
    const apiTimes: number[] = [];
    let sameAsApi = true;
    for (let i = 0; i < samples; i++) {
      const term = c.terms[i % c.terms.length]!;
      const raw = rawDealer(term);
      const timeRaw = () => {
        const t0 = performance.now();
        const paths = raw.run();
        rawTimes.push(performance.now() - t0);
        return paths;
      };
      const timeApi = async () => {
        const t0 = performance.now();
        const view = await api(term);
        apiTimes.push(performance.now() - t0);
        return view;
      };
      let paths: { id: string; match_rank: number }[][];
      let view: DealerSearchView;
      if (i % 2 === 0) {
        paths = timeRaw();
        view = await timeApi();
      } else {
        view = await timeApi();
        paths = timeRaw();
      }
      // Same dealers found (the handler also re-sorts across paths, so compare as sets).
      const rawIds = new Set(mergedIds(paths));
      const apiIds = view.rows.map((r) => r.id);
      if (apiIds.some((id) => !rawIds.has(id)) || (rawIds.size <= LIMIT && apiIds.length !== rawIds.size)) sameAsApi = false;
    }
    all.dealer.push(...rawTimes);
    all.dealerApi.push(...apiTimes);
    const rawTiming = summarise(rawTimes);
    const apiTiming = summarise(apiTimes);
    cases.push({
      name: c.name,
      kind: c.kind,
      raw: rawTiming,
      api: apiTiming,
      ratio: Number((apiTiming.p95 / rawTiming.p95).toFixed(2)),
      sameAsApi,
      firstRows: (await api(c.terms[0]!)).rows.length,
      example: c.terms[0]!,
    });
  }
  const dealer = summarise(all.dealer);
  const dealerApi = summarise(all.dealerApi);
  return { cases, dealer, sku: summarise(all.sku), dealerApi, dealerRatio: Number((dealerApi.p95 / dealer.p95).toFixed(2)) };
}
