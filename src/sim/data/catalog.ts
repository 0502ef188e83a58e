// The product catalogue and the pricing model: products, the base list, tier lists and contract lists are
// pure functions of (seed, SKU index), so prices can be emitted and resolved without holding them in memory.
import type { Platform } from '../../shared/contracts/index.js';
import { hash32, hashUnit } from './prng.js';

export const BRAND = 'Prakashdeep';
export const TIERS = ['platinum', 'gold', 'silver', 'bronze'] as const;
export type Tier = (typeof TIERS)[number];

/** Discount of each tier list against base; bronze buys on the base list. */
export const TIER_DISCOUNT: Record<Tier, number> = { platinum: 0.08, gold: 0.05, silver: 0.03, bronze: 0 };
export const BASE_LIST_ID = 'base';
export function tierListId(tier: Tier): string {
  return tier === 'bronze' ? BASE_LIST_ID : `tier-${tier}`;
}

interface Family {
  prefix: string;
  category: string;
  uom: 'case' | 'bag' | 'drum';
  weight: number;
  taxBp: number;
  /** Base price per uom in rupees, before the variant multiplier. */
  rupees: number;
  packs: number[];
  moq: number[];
  multiple: number[];
  variants: string[][];
  describe: (v: string[], pack: number) => string;
}

const FAMILIES: Family[] = [
  {
    prefix: 'WIR',
    category: 'Wires & Cables',
    uom: 'case',
    weight: 18,
    taxBp: 1800,
    rupees: 7600,
    packs: [5, 10],
    moq: [1],
    multiple: [1],
    variants: [
      ['0.75', '1.0', '1.5', '2.5', '4.0', '6.0'],
      ['Red', 'Black', 'Yellow', 'Blue', 'Green', 'Grey'],
      ['FR', 'FRLS', 'HRFR', 'ZHFR'],
    ],
    describe: (v, p) => `${v[2]} PVC Insulated Wire ${v[0]} sq mm ${v[1]} 90 m (${p} coils)`,
  },
  {
    prefix: 'CAB',
    category: 'Wires & Cables',
    uom: 'drum',
    weight: 6,
    taxBp: 1800,
    rupees: 62000,
    packs: [100, 250, 500],
    moq: [1],
    multiple: [1],
    variants: [
      ['2', '3', '3.5', '4'],
      ['4', '6', '10', '16', '25', '35'],
      ['Aluminium', 'Copper'],
    ],
    describe: (v, p) => `${v[0]} Core ${v[1]} sq mm ${v[2]} Armoured Cable, ${p} m drum`,
  },
  {
    prefix: 'SWT',
    category: 'Switches & Sockets',
    uom: 'case',
    weight: 16,
    taxBp: 1800,
    rupees: 2400,
    packs: [20, 50],
    moq: [2, 5],
    multiple: [1],
    variants: [
      [
        '6A 1-Way Switch',
        '16A 1-Way Switch',
        '6A 2-Way Switch',
        '6A 3-Pin Socket',
        '16A 6-Pin Socket',
        'Bell Push',
        'Fan Regulator',
        'USB Charger 2.4A',
      ],
      ['White', 'Ivory', 'Black Glass', 'Champagne'],
      ['Aria', 'Vistara', 'Nova', 'Regalia'],
    ],
    describe: (v, p) => `${v[2]} ${v[0]} ${v[1]} (${p} pcs)`,
  },
  {
    prefix: 'MCB',
    category: 'Switchgear',
    uom: 'case',
    weight: 10,
    taxBp: 1800,
    rupees: 3900,
    packs: [6, 12],
    moq: [1, 2],
    multiple: [1],
    variants: [
      ['SP', 'DP', 'TP', 'TPN', 'SPN'],
      ['6A', '10A', '16A', '20A', '32A', '40A', '63A'],
      ['B-Curve', 'C-Curve', 'RCCB 30mA'],
    ],
    describe: (v, p) => `${v[0]} ${v[1]} ${v[2]} MCB (${p} pcs)`,
  },
  {
    prefix: 'DBX',
    category: 'Switchgear',
    uom: 'case',
    weight: 4,
    taxBp: 1800,
    rupees: 5200,
    packs: [2, 4],
    moq: [1],
    multiple: [1],
    variants: [
      ['4-Way', '6-Way', '8-Way', '12-Way', '16-Way'],
      ['SPN', 'TPN', 'Vertical TPN'],
      ['Single Door', 'Double Door', 'IP65'],
    ],
    describe: (v, p) => `Distribution Board ${v[1]} ${v[0]} ${v[2]} (${p} pcs)`,
  },
  {
    prefix: 'FAN',
    category: 'Fans',
    uom: 'case',
    weight: 9,
    taxBp: 1800,
    rupees: 4200,
    packs: [1, 2],
    moq: [2, 4],
    multiple: [2],
    variants: [
      ['900 mm', '1200 mm', '1400 mm'],
      ['Breeze', 'Windstorm', 'Aerostar', 'Silent BLDC', 'Heritage'],
      ['White', 'Brown', 'Ivory', 'Smoke Brown', 'Metallic Grey'],
    ],
    describe: (v, p) => `${v[1]} ${v[0]} Ceiling Fan ${v[2]} (${p} per case)`,
  },
  {
    prefix: 'DEC',
    category: 'Decorative Lighting',
    uom: 'case',
    weight: 2,
    taxBp: 2800,
    rupees: 14500,
    packs: [1],
    moq: [1],
    multiple: [1],
    variants: [
      ['Crystal Chandelier', 'Designer Fan with Light', 'Brass Pendant', 'Wall Sconce Pair'],
      ['Antique Gold', 'Chrome', 'Rose Gold'],
      ['Royale', 'Mughal', 'Nordic'],
    ],
    describe: (v) => `${v[2]} ${v[0]} ${v[1]}`,
  },
  {
    prefix: 'LED',
    category: 'LED Lighting',
    uom: 'case',
    weight: 14,
    taxBp: 1200,
    rupees: 3300,
    packs: [25, 50, 100],
    moq: [1, 2],
    multiple: [1],
    variants: [
      ['7W', '9W', '12W', '15W', '20W', '18W Batten', '36W Batten', '15W Panel', '22W Panel'],
      ['Cool Day Light', 'Warm White', 'Natural White'],
      ['B22', 'E27', 'Surface', 'Recessed'],
    ],
    describe: (v, p) => `LED ${v[0]} ${v[2]} ${v[1]} (${p} pcs)`,
  },
  {
    prefix: 'SOL',
    category: 'Solar',
    uom: 'case',
    weight: 3,
    taxBp: 500,
    rupees: 9800,
    packs: [1, 2, 4],
    moq: [1],
    multiple: [1],
    variants: [
      ['30W All-in-One Street Light', '60W All-in-One Street Light', 'Home Light Kit 2x9W', 'Solar Lantern', '12V Charge Controller'],
      ['Mono PERC', 'Poly'],
      ['Sunray', 'Dhoop'],
    ],
    describe: (v, p) => `${v[2]} ${v[0]} ${v[1]} (${p} per case)`,
  },
  {
    prefix: 'PVC',
    category: 'Conduits & Fittings',
    uom: 'bag',
    weight: 8,
    taxBp: 1800,
    rupees: 1400,
    packs: [50, 100, 200],
    moq: [5, 10],
    multiple: [5],
    variants: [
      ['20 mm', '25 mm', '32 mm'],
      ['Junction Box 1-Way', 'Junction Box 2-Way', 'Bend', 'Coupler', 'Saddle Clip', 'Reducer'],
      ['Medium Duty', 'Heavy Duty'],
    ],
    describe: (v, p) => `PVC ${v[1]} ${v[0]} ${v[2]} (bag of ${p})`,
  },
  {
    prefix: 'EAR',
    category: 'Earthing',
    uom: 'bag',
    weight: 3,
    taxBp: 1800,
    rupees: 1250,
    packs: [1],
    moq: [10],
    multiple: [5],
    variants: [
      ['Earthing Backfill Compound 25 kg', 'Bentonite Powder 25 kg', 'Charcoal-Salt Mix 25 kg'],
      ['Standard', 'Marconite Grade'],
      ['Bhumi', 'Dharti'],
    ],
    describe: (v) => `${v[2]} ${v[0]} ${v[1]}`,
  },
  {
    prefix: 'VAR',
    category: 'Insulation & Chemicals',
    uom: 'drum',
    weight: 2,
    taxBp: 1800,
    rupees: 5600,
    packs: [20, 50, 200],
    moq: [1],
    multiple: [1],
    variants: [
      ['Insulating Varnish', 'Transformer Oil', 'Cable Jointing Compound'],
      ['Class F', 'Class H', 'Air Drying'],
      ['Standard', 'Premium'],
    ],
    describe: (v, p) => `${v[0]} ${v[1]} ${v[2]}, ${p} L drum`,
  },
  {
    prefix: 'WHT',
    category: 'Water Heaters',
    uom: 'case',
    weight: 4,
    taxBp: 1800,
    rupees: 7400,
    packs: [1],
    moq: [2],
    multiple: [1],
    variants: [
      ['6 L Instant', '10 L Storage', '15 L Storage', '25 L Storage'],
      ['Glassline Tank', 'Stainless Steel Tank'],
      ['Aqua', 'Hotline', 'Snan'],
    ],
    describe: (v) => `${v[2]} ${v[0]} Water Heater ${v[1]}`,
  },
  {
    prefix: 'ACC',
    category: 'Accessories',
    uom: 'bag',
    weight: 5,
    taxBp: 1800,
    rupees: 900,
    packs: [100, 500, 1000],
    moq: [2],
    multiple: [2],
    variants: [
      ['Cable Tie 150 mm', 'Cable Tie 200 mm', 'Insulation Tape 18 m', 'Nail Cable Clip 6 mm', 'Nail Cable Clip 10 mm', 'Wall Plug 6 mm'],
      ['Black', 'White', 'Natural'],
      ['Standard', 'UV Stabilised'],
    ],
    describe: (v, p) => `${v[0]} ${v[1]} ${v[2]} (bag of ${p})`,
  },
];

const FAMILY_CUMULATIVE: number[] = (() => {
  let sum = 0;
  return FAMILIES.map((f) => (sum += f.weight));
})();
const FAMILY_TOTAL = FAMILY_CUMULATIVE[FAMILY_CUMULATIVE.length - 1] ?? 1;

/** What an order needs to know about a SKU, kept in compact form for every SKU. */
export interface SkuFacts {
  sku: string;
  basePrice: number; // paise, min_qty 1 on the base list
  taxBp: number;
  moq: number;
  multiple: number;
  active: boolean;
  /** Typical order size in uoms, relative. */
  heft: number;
}

function pickOf<T>(items: readonly T[], u: number): T {
  const item = items[Math.min(items.length - 1, Math.floor(u * items.length))];
  if (item === undefined) throw new Error('empty list');
  return item;
}

export function skuCode(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(5, '0')}`;
}

function familyOf(seed: number, index: number): Family {
  const r = hashUnit(seed, 'fam', index) * FAMILY_TOTAL;
  for (let i = 0; i < FAMILIES.length; i++) if (r < (FAMILY_CUMULATIVE[i] ?? 0)) return FAMILIES[i] as Family;
  return FAMILIES[0] as Family;
}

/** EAN-13 with India's GS1 prefix 890 and a valid check digit. */
function ean13(seed: number, index: number): string {
  const body = `890${String(hash32(seed, 'ean', index) % 1_000_000_000).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

export interface CatalogueEntry {
  product: Platform.Product;
  facts: SkuFacts;
}

/** The product at a SKU index; `now` dates its last change. */
export function catalogueEntry(seed: number, index: number, now: Date): CatalogueEntry {
  const f = familyOf(seed, index);
  const v = f.variants.map((options, k) => pickOf(options, hashUnit(seed, 'var', index, k)));
  const pack = pickOf(f.packs, hashUnit(seed, 'pack', index));
  const multiple = pickOf(f.multiple, hashUnit(seed, 'mult', index));
  const moqRaw = pickOf(f.moq, hashUnit(seed, 'moq', index));
  const moq = Math.ceil(moqRaw / multiple) * multiple; // min_order_qty is itself a valid quantity
  // Variant multiplier: later options of the first attribute are bigger / dearer (sizes, ratings).
  const firstOptions = f.variants[0] ?? [''];
  const rank = firstOptions.indexOf(v[0] ?? '') / Math.max(1, firstOptions.length - 1);
  const packFactor = pack / (f.packs[0] ?? 1);
  const noise = 0.85 + hashUnit(seed, 'price', index) * 0.3;
  const rupees = f.rupees * (0.6 + rank * 1.4) * Math.sqrt(packFactor) * noise;
  const basePrice = Math.max(100, Math.round(rupees)) * 100; // whole rupees, in paise
  const active = hashUnit(seed, 'active', index) >= 0.025;
  const sku = skuCode(f.prefix, index);
  const versions = 1 + (hash32(seed, 'pver', index) % 4);
  const updatedAt = new Date(
    now.getTime() - (20 + (hash32(seed, 'pupd', index) % 380)) * 86_400_000 - (hash32(seed, 'pmin', index) % 86_400) * 1000,
  );
  const product: Platform.Product = {
    sku,
    name: `${BRAND} ${f.describe(v, pack)}`,
    description: `${f.category}: ${f.describe(v, pack)}. Sold by the ${f.uom}; ${pack} per ${f.uom}.`,
    category: f.category,
    brand: BRAND,
    uom: f.uom,
    pack_size: pack,
    min_order_qty: moq,
    order_multiple: multiple,
    tax_rate_bp: f.taxBp,
    barcode: ean13(seed, index),
    active,
    version: versions,
    updated_at: updatedAt.toISOString(),
  };
  const heft = f.uom === 'drum' ? 0.4 : f.uom === 'bag' ? 2 : 1;
  return { product, facts: { sku, basePrice, taxBp: f.taxBp, moq, multiple, active, heft } };
}

// ---------------------------------------------------------------------------------------------------------
// Pricing model

export interface PricePoint {
  min_qty: number;
  unit_price: number;
  valid_from: string | null;
  valid_to: string | null;
}

export interface PriceDates {
  /** Start of the base prices (before the history begins). */
  listStart: string;
  promoFrom: string;
  promoTo: string;
  future: string;
  tierFuture: string;
}

export function priceDates(now: Date): PriceDates {
  const day = (offset: number): string => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  return { listStart: day(-400), promoFrom: day(-210), promoTo: day(-150), future: day(15), tierFuture: day(9) };
}

function roundRupee(paise: number): number {
  return Math.max(100, Math.round(paise / 100) * 100);
}

/** Base list prices of one SKU: the list price, quantity breaks, an expired promotion and a future break. */
export function basePricePoints(seed: number, facts: SkuFacts, index: number, d: PriceDates): PricePoint[] {
  const points: PricePoint[] = [{ min_qty: 1, unit_price: facts.basePrice, valid_from: d.listStart, valid_to: null }];
  const u = hashUnit(seed, 'breaks', index);
  const q1 = facts.moq * 10;
  const q2 = facts.moq * 25;
  if (u < 0.35) points.push({ min_qty: q1, unit_price: roundRupee(facts.basePrice * 0.97), valid_from: d.listStart, valid_to: null });
  if (u < 0.12) points.push({ min_qty: q2, unit_price: roundRupee(facts.basePrice * 0.94), valid_from: d.listStart, valid_to: null });
  const promo = hashUnit(seed, 'promo', index);
  if (promo < 0.04)
    points.push({ min_qty: facts.moq * 5, unit_price: roundRupee(facts.basePrice * 0.9), valid_from: d.promoFrom, valid_to: d.promoTo });
  else if (promo > 0.97)
    points.push({ min_qty: facts.moq * 40, unit_price: roundRupee(facts.basePrice * 0.92), valid_from: d.future, valid_to: null });
  return points;
}

/** A tier list's prices for one SKU: about 60% of SKUs carry a tier price; a few start in the future. */
export function tierPricePoints(seed: number, tier: Tier, facts: SkuFacts, index: number, d: PriceDates): PricePoint[] {
  if (tier === 'bronze') return [];
  const u = hashUnit(seed, 'tier', index);
  const discount = TIER_DISCOUNT[tier];
  if (u < 0.6) return [{ min_qty: 1, unit_price: roundRupee(facts.basePrice * (1 - discount)), valid_from: d.listStart, valid_to: null }];
  if (u < 0.63)
    return [{ min_qty: 1, unit_price: roundRupee(facts.basePrice * (1 - discount - 0.01)), valid_from: d.tierFuture, valid_to: null }];
  return [];
}

/** A dealer's contract price for one SKU on its contract list (from the contract's start date). */
export function contractPricePoints(seed: number, dealerCode: string, facts: SkuFacts, start: string): PricePoint[] {
  const discount = 0.1 + hashUnit(seed, 'cdisc', dealerCode, facts.sku) * 0.05;
  const points: PricePoint[] = [
    { min_qty: 1, unit_price: roundRupee(facts.basePrice * (1 - discount)), valid_from: start, valid_to: null },
  ];
  if (hashUnit(seed, 'cbreak', dealerCode, facts.sku) < 0.4) {
    points.push({
      min_qty: facts.moq * 20,
      unit_price: roundRupee(facts.basePrice * (1 - discount - 0.03)),
      valid_from: start,
      valid_to: null,
    });
  }
  return points;
}

/** The platform rule on one list: the valid price with the largest min_qty <= qty, or null. */
export function pickPrice(points: readonly PricePoint[], qty: number, date: string): number | null {
  let best: PricePoint | null = null;
  for (const p of points) {
    if (p.min_qty > qty) continue;
    if (p.valid_from !== null && p.valid_from > date) continue;
    if (p.valid_to !== null && p.valid_to < date) continue;
    if (!best || p.min_qty > best.min_qty) best = p;
  }
  return best ? best.unit_price : null;
}

export function priceRecord(listId: string, sku: string, p: PricePoint, updatedAt: string): Platform.Price {
  return {
    id: `${listId}:${sku}:${p.min_qty}`,
    price_list_id: listId,
    sku,
    min_qty: p.min_qty,
    unit_price: p.unit_price,
    valid_from: p.valid_from,
    valid_to: p.valid_to,
    version: 1,
    updated_at: updatedAt,
  };
}
