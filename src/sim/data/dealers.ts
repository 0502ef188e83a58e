// Dealer profiles: identity (names, GSTIN, phones, addresses), tier, terms and the behaviour that shapes
// each dealer's twelve months of history (volume, trend, payment habits, risk).
import type { Platform } from '../../shared/contracts/index.js';
import { type Tier, tierListId } from './catalog.js';
import {
  DEALER_CORES,
  DEALER_PREFIXES,
  FIRST_NAMES,
  LANDMARKS,
  MARKETS,
  STATES,
  SURNAMES,
  WAREHOUSES,
  type StateInfo,
  type Town,
} from './reference.js';
import { Rng, searchCumulative } from './prng.js';

export type PayerKind = 'prompt' | 'normal' | 'slow' | 'stressed';

export interface DealerProfile {
  index: number;
  id: string;
  code: string;
  name: string;
  state: StateInfo;
  town: Town;
  tier: Tier;
  paymentTermsDays: number;
  priceListId: string;
  /** Set when the dealer buys on its own contract list. */
  contract: { listId: string; start: string; skus: number[] } | null;
  suspended: boolean;
  /** Onboarded within the last days: no history and no credit position yet. */
  brandNew: boolean;
  /** Start of activity (ms); dealers onboarded during the year start later. */
  activeFromMs: number;
  /** End of ordering (ms); suspended dealers stopped some weeks ago. */
  activeToMs: number;
  /** Relative share of the order volume. */
  weight: number;
  /** Sales trend over the year: negative declines (at-risk), positive grows. */
  trend: number;
  payer: PayerKind;
  /** Put on stop by the manufacturer at this time (ms), or null. */
  blockedAtMs: number | null;
  /** Runs above its limit: current orders go to credit hold with over_limit. */
  overLimit: boolean;
  warehouseIndex: number;
  /** SKU indices this dealer reorders most. */
  regulars: number[];
  account: Platform.Account;
}

const GSTIN_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The GSTIN check character (mod-36 scheme over the first 14 characters). */
export function gstinCheckChar(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const value = GSTIN_CHARS.indexOf(first14[i] ?? '0');
    const product = value * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_CHARS[(36 - (sum % 36)) % 36] ?? '0';
}

export function makeGstin(rng: Rng, stateCode: string, entity: 'P' | 'F' | 'C', nameInitial: string): string {
  const pan = `${rng.letters(3)}${entity}${nameInitial}${rng.digits(4)}${rng.letters(1)}`;
  const first14 = `${stateCode}${pan}${rng.int(1, 3)}Z`;
  return first14 + gstinCheckChar(first14);
}

export function indianMobile(rng: Rng): string {
  return `+91 9${rng.digits(9)}`;
}

const STATE_CUMULATIVE: number[] = (() => {
  let sum = 0;
  return STATES.map((s) => (sum += s.weight));
})();

function warehouseFor(state: StateInfo): number {
  if (state.gst === '36' || state.gst === '37') return WAREHOUSES.findIndex((w) => w.code === 'HYD');
  if (state.region === 'Central') return WAREHOUSES.findIndex((w) => w.code === 'NGP');
  const idx = WAREHOUSES.findIndex((w) => w.region === state.region);
  return idx < 0 ? 0 : idx;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

export interface ProfileContext {
  seed: number;
  now: Date;
  historyStartMs: number;
  dealerCount: number;
  skuCount: number;
  /** Picks a SKU index by popularity (for regular lines). */
  popularSku: (rng: Rng) => number;
  isActiveSku: (index: number) => boolean;
}

const DAY = 86_400_000;

export function dealerProfile(ctx: ProfileContext, index: number): DealerProfile {
  const rng = new Rng(ctx.seed, 'dealer', index);
  const nowMs = ctx.now.getTime();
  const state = STATES[searchCumulative(STATE_CUMULATIVE, rng.next() * (STATE_CUMULATIVE[STATE_CUMULATIVE.length - 1] ?? 1))] as StateInfo;
  const town = rng.pick(state.towns);
  const ownerFirst = rng.pick(FIRST_NAMES);
  const ownerLast = rng.pick(SURNAMES);
  const prefix = rng.chance(0.25) ? ownerLast : rng.pick(DEALER_PREFIXES);
  const name = `${prefix} ${rng.pick(DEALER_CORES)}`;
  const tier = rng.weighted<Tier>([
    ['platinum', 5],
    ['gold', 20],
    ['silver', 40],
    ['bronze', 35],
  ]);
  const entity = rng.weighted<'P' | 'F' | 'C'>([
    ['P', 55],
    ['F', 30],
    ['C', 15],
  ]);
  const legalName =
    entity === 'C' ? `${name} Private Limited` : entity === 'F' ? `M/s ${name}` : `${name} (Prop. ${ownerFirst} ${ownerLast})`;
  const taxId = makeGstin(rng, state.gst, entity, (entity === 'P' ? ownerLast : name).charAt(0).toUpperCase());
  const termsByTier: Record<Tier, readonly (readonly [number, number])[]> = {
    platinum: [
      [45, 5],
      [60, 4],
      [30, 1],
    ],
    gold: [
      [30, 5],
      [45, 4],
      [60, 1],
    ],
    silver: [
      [30, 6],
      [15, 2],
      [45, 2],
    ],
    bronze: [
      [15, 5],
      [30, 5],
    ],
  };
  const paymentTermsDays = rng.weighted(termsByTier[tier]);
  const code = `DLR-${state.rto}-${String(index + 1).padStart(5, '0')}`;
  const id = `acc-${String(index + 1).padStart(5, '0')}`;

  // Behaviour. A few dealers are brand new (first order just placed, no credit position pushed yet).
  const brandNew = ctx.dealerCount >= 40 ? rng.chance(0.003) || index === 17 : index === 7;
  const payer = rng.weighted<PayerKind>([
    ['prompt', 35],
    ['normal', 40],
    ['slow', 18],
    ['stressed', 7],
  ]);
  const suspended = !brandNew && payer !== 'stressed' && rng.chance(0.006);
  const blocked = payer === 'stressed' && rng.chance(0.3);
  const overLimit = !brandNew && !suspended && payer !== 'stressed' && rng.chance(0.035);
  const lateJoiner = !brandNew && rng.chance(0.1);
  const activeFromMs = brandNew
    ? nowMs - rng.int(2, 5) * 3600_000
    : lateJoiner
      ? ctx.historyStartMs + rng.int(30, 300) * DAY
      : ctx.historyStartMs;
  const activeToMs = suspended ? nowMs - rng.int(45, 90) * DAY : nowMs;
  const tierVolume: Record<Tier, number> = { platinum: 6, gold: 2.5, silver: 1.1, bronze: 0.55 };
  const weight = brandNew ? 0 : tierVolume[tier] * Math.exp(rng.normal() * 0.55);
  const trend = payer === 'stressed' ? -0.7 - rng.next() * 0.25 : Math.max(-0.6, Math.min(0.9, 0.1 + rng.normal() * 0.3));
  const blockedAtMs = blocked ? nowMs - rng.int(8, 45) * DAY : null;

  const regulars: number[] = [];
  const regularCount = rng.int(15, 45);
  for (let tries = 0; regulars.length < regularCount && tries < regularCount * 4; tries++) {
    const sku = ctx.popularSku(rng);
    if (ctx.isActiveSku(sku) && !regulars.includes(sku)) regulars.push(sku);
  }

  const hasContract = !brandNew && (tier === 'platinum' ? rng.chance(0.4) : tier === 'gold' ? rng.chance(0.08) : false);
  const contract = hasContract
    ? {
        listId: `contract-${code}`,
        start: new Date(nowMs - rng.int(60, 330) * DAY).toISOString().slice(0, 10),
        skus: regulars.slice(0, Math.min(regulars.length, rng.int(12, 30))),
      }
    : null;

  const domain = rng.chance(0.4) ? `${slug(name).slice(0, 18)}.in` : rng.pick(['gmail.com', 'yahoo.co.in', 'rediffmail.com']);
  const email =
    domain.endsWith('.in') && !domain.includes('yahoo') && !domain.includes('rediff')
      ? `accounts@${domain}`
      : `${slug(name).slice(0, 14)}${rng.digits(2)}@${domain}`;
  const phone = indianMobile(rng);
  const address: Platform.Address = {
    line1: `Shop No. ${rng.int(1, 240)}, ${rng.pick(MARKETS)}`,
    line2: rng.pick(LANDMARKS),
    city: town.name,
    state: state.name,
    postal_code: `${town.pin}${rng.digits(3)}`,
    country: 'IN',
  };
  const contacts: NonNullable<Platform.Account['contacts']> = [{ name: `${ownerFirst} ${ownerLast}`, phone, email, role: 'owner' }];
  if (rng.chance(0.6)) {
    contacts.push({
      name: `${rng.pick(FIRST_NAMES)} ${rng.pick(SURNAMES)}`,
      phone: indianMobile(rng),
      role: rng.pick(['purchase', 'accounts', 'store manager']),
    });
  }
  const updatedMs = Math.min(nowMs, Math.max(activeFromMs, nowMs - rng.int(1, 200) * DAY));
  const account: Platform.Account = {
    id,
    code,
    name,
    legal_name: legalName,
    tax_id: taxId,
    status: suspended ? 'suspended' : 'active',
    region: state.region,
    tier,
    currency: 'INR',
    price_list_id: contract ? contract.listId : tierListId(tier),
    payment_terms_days: paymentTermsDays,
    phone,
    email,
    address,
    contacts,
    version: suspended ? 3 : 1 + rng.int(0, 2),
    updated_at: new Date(suspended ? activeToMs : updatedMs).toISOString(),
  };

  return {
    index,
    id,
    code,
    name,
    state,
    town,
    tier,
    paymentTermsDays,
    priceListId: account.price_list_id,
    contract,
    suspended,
    brandNew,
    activeFromMs,
    activeToMs,
    weight,
    trend,
    payer,
    blockedAtMs,
    overLimit,
    warehouseIndex: warehouseFor(state),
    regulars,
    account,
  };
}
