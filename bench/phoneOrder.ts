// The phone order desk's budgets at bench scale, each through the API (backend.dispatch with an inside-sales
// session, as the UI's transports call it) beside raw SQLite running the very statements the handler runs
// (src/main/features/phoneOrder: skuSearchStatements, phoneOrderReads) with parameters worked out before
// timing, so the ratio is what validation, dispatch, the price/quantity/credit rules and shaping cost on top:
// - SKU search as you type (`phoneOrder.skuSearch`): code prefixes, name words, brand, category, two letters;
// - the preview of a 50-line order (`phoneOrder.preview`): every line priced (price list and base, breaks,
//   validity), quantity rules, stock per warehouse home first, GST, and the credit check with its breakdown.
// Each sample runs both, alternating which goes first.
import type Database from 'better-sqlite3';
import type { Backend } from '../src/main/backend';
import { phoneOrderReads, pricingDay } from '../src/main/features/phoneOrder/replicaReads';
import { SKU_CANDIDATES, ftsQuery, skuSearchStatements } from '../src/main/features/phoneOrder/skuSearch';
import type { DraftLine, PhoneOrderPreviewView, SkuHitView } from '../src/shared/api/features/phoneOrder';
import { BASE_PRICE_LIST, correctedQuantity } from '../src/shared/phoneOrder/pricing';
import { summarise, type Timing } from './measure';
import { benchSession } from './queue';

export const PREVIEW_LINES = 50;
const SKU_LIMIT = 20;

export interface PhoneCaseResult {
  name: string;
  example: string;
  api: Timing;
  raw: Timing;
  /** api p95 / raw p95. */
  ratio: number;
  /** Rows (SKU hits, or preview lines) of the first input, from the API. */
  rows: number;
}

interface Dispatch {
  <T>(procedure: string, input: unknown): Promise<T>;
}

async function clerkDispatch(backend: Backend, username: string): Promise<Dispatch> {
  const session = await benchSession(backend, username);
  return async <T>(procedure: string, input: unknown): Promise<T> => {
    const res = await backend.dispatch(procedure, input, { sessionToken: session });
    if (!res.ok) throw new Error(`${procedure}: ${res.error.kind}: ${res.error.message}`);
    return res.value as T;
  };
}

/** Alternating API and raw samples of the same inputs. */
async function sampleBoth<I>(
  inputs: readonly I[],
  samples: number,
  api: (input: I) => Promise<unknown>,
  raw: (input: I) => unknown,
): Promise<{ api: number[]; raw: number[] }> {
  for (const input of inputs) {
    await api(input);
    raw(input);
  }
  const out = { api: [] as number[], raw: [] as number[] };
  for (let i = 0; i < samples; i++) {
    const input = inputs[i % inputs.length] as I;
    const timeApi = async () => {
      const t0 = performance.now();
      await api(input);
      out.api.push(performance.now() - t0);
    };
    const timeRaw = () => {
      const t0 = performance.now();
      raw(input);
      out.raw.push(performance.now() - t0);
    };
    if (i % 2 === 0) {
      await timeApi();
      timeRaw();
    } else {
      timeRaw();
      await timeApi();
    }
  }
  return out;
}

/** Accounts spread over the replica that have a credit position (the usual caller). */
function someAccounts(sqlite: Database.Database, n: number): { id: string; price_list_id: string }[] {
  const rows = sqlite
    .prepare(
      'SELECT a.id, a.price_list_id FROM platform_accounts a JOIN platform_credit c ON c.account_id = a.id WHERE a.status = ? ORDER BY a.id',
    )
    .all('active') as { id: string; price_list_id: string }[];
  const step = Math.max(1, Math.floor(rows.length / n));
  return rows.filter((_, i) => i % step === 0).slice(0, n);
}

function skuCases(sqlite: Database.Database): { name: string; terms: string[] }[] {
  const products = sqlite.prepare('SELECT sku, name, category, brand FROM platform_products ORDER BY sku').all() as {
    sku: string;
    name: string;
    category: string;
    brand: string | null;
  }[];
  const step = Math.max(1, Math.floor(products.length / 12));
  const some = products.filter((_, i) => i % step === 0).slice(0, 12);
  const words = (name: string) =>
    name
      .split(/\s+/)
      .filter((w) => w.length >= 3)
      .slice(0, 2)
      .join(' ')
      .toLowerCase();
  const brands = [...new Set(products.map((p) => p.brand).filter((b): b is string => !!b))].slice(0, 3);
  return [
    { name: 'SKU: code prefix', terms: some.map((p) => p.sku.slice(0, 6)) },
    { name: 'SKU: name words', terms: some.map((p) => words(p.name)).filter((t) => t.length >= 3) },
    { name: 'SKU: category', terms: [...new Set(some.map((p) => p.category.toLowerCase()))] },
    { name: 'SKU: brand (many matches)', terms: brands.map((b) => b.toLowerCase().slice(0, 7)) },
    { name: 'SKU: 2 letters', terms: some.map((p) => p.sku.slice(0, 2)) },
  ].filter((c) => c.terms.length > 0);
}

/** The SKU search's statements run raw for one typed text and dealer. */
function rawSkuSearch(sqlite: Database.Database) {
  const s = skuSearchStatements(sqlite);
  const reads = phoneOrderReads(sqlite);
  return ({ text, account }: { text: string; account: { id: string; price_list_id: string } }) => {
    const upper = text.trim().toUpperCase();
    const skus = new Set<string>();
    for (const r of s.byCodePrefix.all(upper, `${upper}\uffff`, SKU_LIMIT)) skus.add(r.sku);
    const words = text
      .trim()
      .split(/\s+/)
      .filter((w) => w.length >= 3);
    if (words.length > 0) for (const r of s.byWords.all(ftsQuery(words), SKU_CANDIDATES)) skus.add(r.sku);
    else {
      const title = text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
      for (const r of s.byCategoryPrefix.all(title, `${title}\uffff`, SKU_LIMIT)) skus.add(r.sku);
    }
    const json = JSON.stringify([...skus]);
    reads.account.get(account.id);
    reads.priceList.get(account.price_list_id);
    reads.newestPlacement.get();
    return [reads.stockTotals.all(json), reads.prices.all(account.price_list_id, BASE_PRICE_LIST, json)];
  };
}

interface PreviewInput {
  accountId: string;
  code: string;
  region: string;
  priceListId: string;
  lines: DraftLine[];
}

/** 50-line orders of SKUs the dealer can buy today, at quantities the rules allow. */
function previewInputs(sqlite: Database.Database, n: number): PreviewInput[] {
  const accounts = sqlite
    .prepare(
      `SELECT a.id, a.code, a.region, a.price_list_id FROM platform_accounts a JOIN platform_credit c ON c.account_id = a.id
       WHERE a.status = 'active' ORDER BY a.id`,
    )
    .all() as { id: string; code: string; region: string; price_list_id: string }[];
  // Priced today on the base list (the day the preview resolves prices on: the newest order's date at least).
  const today = pricingDay(phoneOrderReads(sqlite), new Date());
  const products = sqlite
    .prepare(
      `SELECT p.sku, p.min_order_qty, p.order_multiple FROM platform_products p
       WHERE p.active = 1 AND EXISTS (
         SELECT 1 FROM platform_prices x WHERE x.price_list_id = 'base' AND x.sku = p.sku
           AND (x.valid_from IS NULL OR x.valid_from <= ?) AND (x.valid_to IS NULL OR x.valid_to >= ?))
       ORDER BY p.sku`,
    )
    .all(today, today) as { sku: string; min_order_qty: number; order_multiple: number }[];
  if (products.length < PREVIEW_LINES) throw new Error(`only ${products.length} priced SKUs in the replica`);
  const step = Math.max(1, Math.floor(accounts.length / n));
  return accounts
    .filter((_, i) => i % step === 0)
    .slice(0, n)
    .map((a, k) => ({
      accountId: a.id,
      code: a.code,
      region: a.region,
      priceListId: a.price_list_id,
      lines: Array.from({ length: PREVIEW_LINES }, (_, i) => {
        const p = products[(k * 97 + i * 31) % products.length]!;
        const rules = { minOrderQty: p.min_order_qty, orderMultiple: p.order_multiple };
        return { sku: p.sku, qty: correctedQuantity(p.min_order_qty * (1 + ((i + k) % 7)), rules) };
      }),
    }));
}

/** The preview's statements run raw for one order. */
function rawPreview(sqlite: Database.Database) {
  const reads = phoneOrderReads(sqlite);
  const policy = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  return (input: PreviewInput) => {
    const skus = JSON.stringify([...new Set(input.lines.map((l) => l.sku))]);
    return [
      reads.account.get(input.accountId),
      reads.priceList.get(input.priceListId),
      reads.homeByOrders.get(input.code) ?? reads.homeByRegion.get(input.region),
      reads.newestPlacement.get(),
      reads.products.all(skus),
      reads.prices.all(input.priceListId, BASE_PRICE_LIST, skus),
      reads.stock.all(skus),
      reads.platformCredit.get(input.accountId),
      reads.dmsAccount.get(input.code),
      reads.notHandedOver.get(input.accountId),
      reads.queuedOnDesk.get(input.accountId, ''),
      reads.lastPull.all(),
      policy.get('credit.authorityPolicy'),
    ];
  };
}

export interface SkuSearchBenchResult {
  cases: PhoneCaseResult[];
  api: Timing;
  raw: Timing;
  /** api p95 / raw p95 over every sample. */
  ratio: number;
}

export interface PreviewBenchResult extends PhoneCaseResult {
  /** Calls whose credit check came out held (the authority path ran too). */
  held: number;
  calls: number;
}

/** `phoneOrder.skuSearch` through the API beside its statements raw. */
export async function benchSkuSearch(backend: Backend, opts: { samples?: number } = {}): Promise<SkuSearchBenchResult> {
  const samples = opts.samples ?? 100;
  const sqlite = backend.sqlite;
  const call = await clerkDispatch(backend, 'bench-phone-sku');
  const accounts = someAccounts(sqlite, 8);
  if (accounts.length === 0) throw new Error('no dealer with a credit position in the replica');
  const rawSku = rawSkuSearch(sqlite);
  const cases: PhoneCaseResult[] = [];
  const all = { api: [] as number[], raw: [] as number[] };
  for (const c of skuCases(sqlite)) {
    const inputs = c.terms.map((text, i) => ({ text, account: accounts[i % accounts.length]! }));
    const first = await call<SkuHitView[]>('phoneOrder.skuSearch', {
      accountId: inputs[0]!.account.id,
      text: inputs[0]!.text,
      limit: SKU_LIMIT,
    });
    const times = await sampleBoth(
      inputs,
      samples,
      (input) => call('phoneOrder.skuSearch', { accountId: input.account.id, text: input.text, limit: SKU_LIMIT }),
      rawSku,
    );
    all.api.push(...times.api);
    all.raw.push(...times.raw);
    const api = summarise(times.api);
    const raw = summarise(times.raw);
    cases.push({ name: c.name, example: inputs[0]!.text, api, raw, ratio: api.p95 / raw.p95, rows: first.length });
  }
  const api = summarise(all.api);
  const raw = summarise(all.raw);
  return { cases, api, raw, ratio: api.p95 / raw.p95 };
}

/** `phoneOrder.preview` of 50-line orders through the API beside its statements raw. */
export async function benchPreview(backend: Backend, opts: { samples?: number } = {}): Promise<PreviewBenchResult> {
  const samples = opts.samples ?? 100;
  const sqlite = backend.sqlite;
  const call = await clerkDispatch(backend, 'bench-phone-preview');
  const orders = previewInputs(sqlite, 8);
  let held = 0;
  let calls = 0;
  const times = await sampleBoth(
    orders,
    samples,
    async (input) => {
      const view = await call<PhoneOrderPreviewView>('phoneOrder.preview', { accountId: input.accountId, lines: input.lines });
      calls++;
      if (view.credit.result === 'held') held++;
      if (view.lines.length !== PREVIEW_LINES) throw new Error(`preview returned ${view.lines.length} lines`);
    },
    rawPreview(sqlite),
  );
  const api = summarise(times.api);
  const raw = summarise(times.raw);
  return {
    name: `preview of ${PREVIEW_LINES} lines`,
    example: `${orders[0]?.accountId ?? ''}, ${PREVIEW_LINES} lines`,
    api,
    raw,
    ratio: api.p95 / raw.p95,
    rows: PREVIEW_LINES,
    held,
    calls,
  };
}
