// Dealer and SKU search as you type, at bench scale: raw SQL candidates over the replica (the FTS5
// trigram indexes of migration 0001 for 3+ characters, the name/code/phone indexes for shorter
// prefixes). There is no search procedure yet (the phone-order screen comes later), so these are raw SQL
// timings only: the API figure and its ratio are not measured.
import type Database from 'better-sqlite3';
import { summarise, type Timing } from './measure';

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
  /** Rows of the first term (at most 20). */
  firstRows: number;
  example: string;
}

export interface SearchBenchResult {
  cases: SearchCaseResult[];
  /** Over every sample of every case, per kind. */
  dealer: Timing;
  sku: Timing;
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

/** The search statements, prepared once (the fastest plain form of each). */
function searchStatements(sqlite: Database.Database) {
  const dealerFts = sqlite.prepare(`SELECT a.id, a.code, a.name, a.city, a.phone, a.region
    FROM platform_accounts_fts f JOIN platform_accounts a ON a.rowid = f.rowid
    WHERE platform_accounts_fts MATCH ? ORDER BY f.rank LIMIT ${LIMIT}`);
  // Under 3 characters the trigram index cannot help: name prefix (lower(name) index), then code prefix.
  const dealerPrefix = sqlite.prepare(`SELECT id, code, name, city, phone, region FROM platform_accounts
    WHERE lower(name) >= ? AND lower(name) < ? ORDER BY lower(name) LIMIT ${LIMIT}`);
  const dealerCodePrefix = sqlite.prepare(`SELECT id, code, name, city, phone, region FROM platform_accounts
    WHERE code >= ? AND code < ? ORDER BY code LIMIT ${LIMIT}`);
  const skuFts = sqlite.prepare(`SELECT p.sku, p.name, p.uom, p.pack_size, p.tax_rate_bp
    FROM platform_products_fts f JOIN platform_products p ON p.rowid = f.rowid
    WHERE platform_products_fts MATCH ? AND p.active = 1 LIMIT ${LIMIT}`);
  const skuPrefix = sqlite.prepare(`SELECT sku, name, uom, pack_size, tax_rate_bp FROM platform_products
    WHERE sku >= ? AND sku < ? AND active = 1 ORDER BY sku LIMIT ${LIMIT}`);
  const upper = (s: string) => `${s}\uffff`;
  return {
    dealer(text: string): unknown[] {
      const t = text.trim();
      if (t.length >= 3) return dealerFts.all(ftsQuery(t));
      const rows = dealerPrefix.all(t.toLowerCase(), upper(t.toLowerCase()));
      return rows.length > 0 ? rows : dealerCodePrefix.all(t.toUpperCase(), upper(t.toUpperCase()));
    },
    sku(text: string): unknown[] {
      const t = text.trim();
      if (t.length >= 3) return skuFts.all(ftsQuery(t));
      return skuPrefix.all(t.toUpperCase(), upper(t.toUpperCase()));
    },
  };
}

/** Realistic typed text drawn from the replica itself: parts of real names, towns, phones, codes, SKUs. */
export function searchCases(sqlite: Database.Database): SearchCase[] {
  const accounts = sqlite.prepare('SELECT name, code, phone, city FROM platform_accounts ORDER BY id').all() as {
    name: string;
    code: string;
    phone: string | null;
    city: string | null;
  }[];
  const products = sqlite.prepare('SELECT sku, name FROM platform_products ORDER BY sku').all() as { sku: string; name: string }[];
  const every = <T>(rows: T[], n: number): T[] => {
    const step = Math.max(1, Math.floor(rows.length / n));
    return rows.filter((_, i) => i % step === 0).slice(0, n);
  };
  const someAccounts = every(accounts, 12);
  const someProducts = every(products, 12);
  const firstWord = (s: string) => s.split(/\s+/)[0] ?? s;
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
      name: 'dealer: phone digits',
      kind: 'dealer',
      terms: someAccounts.flatMap((a) => (a.phone ? [a.phone.replace(/\D/g, '').slice(-6)] : [])),
    },
    { name: 'dealer: code', kind: 'dealer', terms: someAccounts.map((a) => a.code.slice(-5)) },
    { name: 'SKU: code prefix', kind: 'sku', terms: someProducts.map((p) => p.sku.slice(0, 6)) },
    { name: 'SKU: name words', kind: 'sku', terms: someProducts.map((p) => skuWords(p.name)).filter((t) => t.length >= 3) },
    { name: 'SKU: brand (matches every SKU)', kind: 'sku', terms: ['prakash', 'prak', 'deep'] },
    { name: 'SKU: 2-letter prefix', kind: 'sku', terms: someProducts.map((p) => p.sku.slice(0, 2)) },
  ].filter((c): c is SearchCase => c.terms.length > 0);
}

export function benchSearch(sqlite: Database.Database, opts: { samples?: number } = {}): SearchBenchResult {
  const samples = opts.samples ?? 100;
  const run = searchStatements(sqlite);
  const cases: SearchCaseResult[] = [];
  const all = { dealer: [] as number[], sku: [] as number[] };
  for (const c of searchCases(sqlite)) {
    const search = c.kind === 'dealer' ? run.dealer : run.sku;
    // Warm-up: the statements are prepared and the pages they touch are cached, as on a desk in use.
    for (const t of c.terms) search(t);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const term = c.terms[i % c.terms.length]!;
      const t0 = performance.now();
      search(term);
      times.push(performance.now() - t0);
    }
    all[c.kind].push(...times);
    cases.push({ name: c.name, kind: c.kind, raw: summarise(times), firstRows: search(c.terms[0]!).length, example: c.terms[0]! });
  }
  return { cases, dealer: summarise(all.dealer), sku: summarise(all.sku) };
}
