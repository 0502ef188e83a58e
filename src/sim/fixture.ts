// The small built-in 'test' scale: a handful of accounts, products and prices (quantity breaks, a
// future-dated and an expired price, one contract list), warehouses, stock, a blocked and an overdue
// account, so tests are fast and independent of the big generator. Dates are relative to `now`.
import type { Dms, Platform } from '../shared/contracts';
import { addDays } from './clock';
import type { DatasetBatch } from './dataset';

export const fixtureIds = {
  /** Active, base prices, plenty of credit. */
  plain: { id: 'acc_001', code: 'D001' },
  /** Gold tier list; close to its limit. */
  gold: { id: 'acc_002', code: 'D002' },
  /** Contract price list, credit_limit 0 (no limit checked). */
  contract: { id: 'acc_003', code: 'D003' },
  suspended: { id: 'acc_004', code: 'D004' },
  /** Credit position blocked on the platform; blocked in the DMS. */
  blocked: { id: 'acc_005', code: 'D005' },
  /** 75 days overdue in both systems. */
  overdue: { id: 'acc_006', code: 'D006' },
  /** No credit position pushed yet. */
  noCredit: { id: 'acc_007', code: 'D007' },
} as const;

export const fixtureSkus = {
  cable: 'CAB-1.5-90M', // case, min 1, multiple 1, 18%; base 1,000.00 and 950.00 from 10; gold 900.00
  paint: 'PNT-EML-20L', // drum, min 2, multiple 2, 18%; base 2,500.00; contract 2,000.00
  cement: 'CEM-OPC-50', // bag, min 10, multiple 10, 28%; base 400.00, 380.00 from 100
  switchPlate: 'SWT-6A-WHT', // case, 12%; 50.00
  inactive: 'OLD-FAN-1200', // inactive
  unpriced: 'NEW-LED-9W', // active, no price anywhere
} as const;

const iso = (d: Date) => d.toISOString();

export function testFixture(now: Date): DatasetBatch[] {
  const today = iso(now).slice(0, 10);
  const ts = iso(now);
  const meta = { version: 1, updated_at: ts };
  const address = (city: string, state: string, postal: string): Platform.Address => ({
    line1: '12 Station Road',
    city,
    state,
    postal_code: postal,
    country: 'IN',
  });
  const acc = (n: number, name: string, list: string, status: Platform.Account['status'] = 'active'): Platform.Account => ({
    id: `acc_00${n}`,
    code: `D00${n}`,
    name,
    legal_name: `${name} Pvt Ltd`,
    tax_id: `27AAACD${1000 + n}F1Z${n}`,
    status,
    region: 'West',
    tier: list === 'gold' ? 'gold' : 'standard',
    currency: 'INR',
    price_list_id: list,
    payment_terms_days: 30,
    phone: `+91 98200 0000${n}`,
    address: address('Pune', 'Maharashtra', '411001'),
    ...meta,
  });
  const accounts: Platform.Account[] = [
    acc(1, 'Shree Ganesh Electricals', 'base'),
    acc(2, 'Patil Hardware', 'gold'),
    acc(3, 'Mehta Paints', 'cl-acc_003'),
    acc(4, 'Closed Traders', 'base', 'suspended'),
    acc(5, 'Stopped Supplies', 'base'),
    acc(6, 'Late Payers & Co', 'base'),
    acc(7, 'New Dealer Stores', 'base'),
  ];
  const product = (sku: string, name: string, uom: string, min: number, mult: number, bp: number, active = true): Platform.Product => ({
    sku,
    name,
    category: 'General',
    brand: 'Dealer Desk',
    uom,
    pack_size: 1,
    min_order_qty: min,
    order_multiple: mult,
    tax_rate_bp: bp,
    active,
    ...meta,
  });
  const s = fixtureSkus;
  const products = [
    product(s.cable, 'FR cable 1.5 sq mm, 90 m', 'case', 1, 1, 1800),
    product(s.paint, 'Enamel paint 20 L', 'drum', 2, 2, 1800),
    product(s.cement, 'OPC cement 50 kg', 'bag', 10, 10, 2800),
    product(s.switchPlate, 'Switch 6A white', 'case', 1, 1, 1200),
    product(s.inactive, 'Ceiling fan 1200 mm (old)', 'case', 1, 1, 1800, false),
    product(s.unpriced, 'LED bulb 9 W', 'case', 1, 1, 1200),
  ];
  const priceLists: Platform.PriceList[] = [
    { id: 'base', name: 'Base list', currency: 'INR', account_id: null, ...meta },
    { id: 'gold', name: 'Gold tier', currency: 'INR', account_id: null, ...meta },
    { id: 'cl-acc_003', name: 'Mehta Paints contract', currency: 'INR', account_id: 'acc_003', ...meta },
  ];
  const price = (
    list: string,
    sku: string,
    minQty: number,
    unit: number,
    from: string | null = null,
    to: string | null = null,
  ): Platform.Price => ({
    id: `${list}:${sku}:${minQty}`,
    price_list_id: list,
    sku,
    min_qty: minQty,
    unit_price: unit,
    valid_from: from,
    valid_to: to,
    ...meta,
  });
  const prices = [
    price('base', s.cable, 1, 100_000, addDays(today, -365), null),
    price('base', s.cable, 10, 95_000),
    // Future-dated: a price rise from day +30, with its own quantity break so both ids differ.
    price('base', s.cable, 2, 110_000, addDays(today, 30), null),
    // Expired promotion: must never apply.
    price('base', s.cable, 5, 70_000, addDays(today, -60), addDays(today, -1)),
    price('base', s.paint, 1, 250_000),
    price('base', s.cement, 1, 40_000),
    price('base', s.cement, 100, 38_000),
    price('base', s.switchPlate, 1, 5_000),
    price('base', s.inactive, 1, 300_000),
    price('gold', s.cable, 1, 90_000),
    price('cl-acc_003', s.paint, 1, 200_000),
  ];
  const credit = (accountId: string, limit: number, exposure: number, extra: Partial<Platform.Credit> = {}): Platform.Credit => ({
    account_id: accountId,
    credit_limit: limit,
    exposure,
    overdue: 0,
    oldest_overdue_days: 0,
    blocked: false,
    as_of: ts,
    source_version: 1,
    ...meta,
    ...extra,
  });
  const credits = [
    credit('acc_001', 100_000_000, 0),
    credit('acc_002', 5_000_000, 4_000_000),
    credit('acc_003', 0, 2_000_000),
    credit('acc_004', 10_000_000, 0),
    credit('acc_005', 10_000_000, 0, { blocked: true }),
    credit('acc_006', 10_000_000, 500_000, { overdue: 500_000, oldest_overdue_days: 75 }),
  ];

  const dmsAccount = (n: number, name: string, limit: number, blocked = false): Dms.Account => ({
    dealer_code: `D00${n}`,
    name,
    currency: 'INR',
    credit_limit: limit,
    balance: 0,
    unbilled: 0,
    overdue: 0,
    oldest_overdue_days: 0,
    ageing: { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 },
    blocked,
    payment_terms_days: 30,
    ...meta,
  });
  const dmsAccounts = accounts.map((a, i) => dmsAccount(i + 1, a.name, i === 2 ? 0 : 10_000_000, i === 4));
  const warehouses: Dms.Warehouse[] = [
    { id: 'WH-PUN', code: 'PUN', name: 'Pune', region: 'West', ...meta },
    { id: 'WH-DEL', code: 'DEL', name: 'Delhi', region: 'North', ...meta },
    { id: 'WH-CHE', code: 'CHE', name: 'Chennai', region: 'South', ...meta },
  ];
  const stock = (wh: string, sku: string, onHand: number): Dms.Stock => ({
    id: `${wh}:${sku}`,
    sku,
    warehouse_id: wh,
    on_hand: onHand,
    allocated: 0,
    available: onHand,
    ...meta,
  });
  const stocks = [
    stock('WH-PUN', s.cable, 100),
    stock('WH-DEL', s.cable, 20),
    stock('WH-PUN', s.paint, 4),
    stock('WH-CHE', s.paint, 50),
    stock('WH-PUN', s.cement, 1000),
    stock('WH-PUN', s.switchPlate, 0),
    stock('WH-DEL', s.switchPlate, 0),
    stock('WH-PUN', s.unpriced, 10),
  ];
  const invoice = (id: string, dealer: string, issuedDaysAgo: number, amount: number, outstanding: number): Dms.Invoice => ({
    id,
    number: `INV-SEED-${id}`,
    dealer_code: dealer,
    order_id: null,
    platform_order_id: null,
    shipment_id: null,
    issued_at: iso(new Date(now.getTime() - issuedDaysAgo * 86_400_000)),
    due_date: addDays(today, 30 - issuedDaysAgo),
    amount,
    outstanding,
    status: outstanding === amount ? 'open' : outstanding === 0 ? 'paid' : 'partially_paid',
    ...meta,
  });
  const invoices = [
    invoice('inv_seed_1', 'D006', 105, 500_000, 500_000), // 75 days past due
    invoice('inv_seed_2', 'D006', 40, 200_000, 150_000), // 10 days past due
    invoice('inv_seed_3', 'D001', 10, 300_000, 300_000), // not due
    invoice('inv_seed_4', 'D001', 200, 100_000, 0), // paid
  ];

  return [
    { system: 'platform', collection: 'accounts', records: accounts },
    { system: 'platform', collection: 'products', records: products },
    { system: 'platform', collection: 'price_lists', records: priceLists },
    { system: 'platform', collection: 'prices', records: prices },
    { system: 'platform', collection: 'credit', records: credits },
    { system: 'dms', collection: 'accounts', records: dmsAccounts },
    { system: 'dms', collection: 'warehouses', records: warehouses },
    { system: 'dms', collection: 'stock', records: stocks },
    { system: 'dms', collection: 'invoices', records: invoices },
  ];
}
