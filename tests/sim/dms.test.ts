// DMS reference server: hand-over rules and problems, overrides, forward-only fulfilment, invoices per
// shipment, account figures (balance, unbilled, ageing, overdue), payments, returns, cancel, look-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dms } from '../../src/shared/contracts';
import { fixtureIds as A, fixtureSkus as S } from '../../src/sim/index';
import { expectNoContractMismatches, expectProblem, startTestServers, type TestServers } from './helpers';

let t: TestServers;
beforeAll(async () => {
  t = await startTestServers();
});
afterAll(async () => {
  await t.servers.close();
  expectNoContractMismatches();
});

const staff = { id: 'st-1', name: 'Asha Rao' };
let n = 0;
function handover(
  dealer: string,
  lines: { sku: string; qty: number; unit_price?: number; tax_rate_bp?: number }[],
  extra: Partial<Dms.OrderInput> = {},
): Dms.OrderInput {
  n += 1;
  return {
    platform_order_id: `po_test_${n}`,
    platform_order_number: `SO-2026-9${String(n).padStart(5, '0')}`,
    dealer_code: dealer,
    lines: lines.map((l, i) => ({
      line_no: i + 1,
      sku: l.sku,
      qty: l.qty,
      unit_price: l.unit_price ?? 10_000,
      tax_rate_bp: l.tax_rate_bp ?? 1800,
    })),
    ...extra,
  };
}
const create = (input: unknown) => t.dms.post<Dms.Order & Record<string, unknown>>('/orders', input);
const account = async (code: string) => (await t.dms.get<Dms.Account>(`/accounts/${code}`)).body;

describe('account figures', () => {
  it('balance, ageing buckets, overdue and oldest_overdue_days come from open invoices', async () => {
    const a = await account(A.overdue.code);
    expect(a.balance).toBe(650_000);
    expect(a.ageing).toEqual({ not_due: 0, d1_30: 150_000, d31_60: 0, d61_90: 500_000, d90_plus: 0 });
    expect(a.overdue).toBe(650_000);
    expect(a.oldest_overdue_days).toBe(75);
    const plain = await account(A.plain.code);
    expect(plain).toMatchObject({ balance: 300_000, overdue: 0, oldest_overdue_days: 0 });
    expect(plain.ageing.not_due).toBe(300_000);
    expectProblem(await t.dms.get('/accounts/NOPE'), 404, 'not-found');
  });
});

describe('POST /orders (hand-over)', () => {
  it('creates an open order with totals including tax, and unbilled rises', async () => {
    const before = await account(A.plain.code);
    const res = await create(handover(A.plain.code, [{ sku: S.cable, qty: 3, unit_price: 95_000 }]));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', total: 3 * 95_000 + 51_300, dealer_code: A.plain.code });
    expect(res.body.lines[0]).toMatchObject({ qty_allocated: 0, qty_dispatched: 0, qty_delivered: 0, qty_returned: 0 });
    const after = await account(A.plain.code);
    expect(after.unbilled - before.unbilled).toBe(336_300);
    expect(after.version).toBe(before.version + 1);
  });
  it('empty-order', async () => {
    expectProblem(await create(handover(A.plain.code, [])), 422, 'empty-order');
  });
  it('unknown-dealer', async () => {
    expectProblem(await create(handover('D999', [{ sku: S.cable, qty: 1 }])), 422, 'unknown-dealer');
  });
  it('unknown-sku', async () => {
    const p = expectProblem(
      await create(
        handover(A.plain.code, [
          { sku: S.cable, qty: 1 },
          { sku: 'NOPE', qty: 1 },
        ]),
      ),
      422,
      'unknown-sku',
    );
    expect(p.line_no).toBe(2);
  });
  it('invalid-quantity', async () => {
    expectProblem(await create(handover(A.plain.code, [{ sku: S.cable, qty: 0 }])), 422, 'invalid-quantity');
  });
  it('invalid-request for a body that does not match the schema', async () => {
    expectProblem(await create({ dealer_code: A.plain.code, lines: [{ sku: S.cable }] }), 400, 'invalid-request');
  });
  it('duplicate-order whatever the Idempotency-Key, naming the existing order', async () => {
    const input = handover(A.plain.code, [{ sku: S.cable, qty: 1 }]);
    const first = await create(input);
    const dup = expectProblem(await t.dms.post('/orders', input, { idempotencyKey: 'another-key' }), 409, 'duplicate-order');
    expect(dup.existing_order_id).toBe(first.body.id);
    const found = await t.dms.get<Dms.Order>(`/orders/by-platform-order/${input.platform_order_id}`);
    expect(found.body.id).toBe(first.body.id);
    expectProblem(await t.dms.get('/orders/by-platform-order/po_none'), 404, 'not-found');
  });
  it('account-blocked unless the order names an override for that platform order', async () => {
    const input = handover(A.blocked.code, [{ sku: S.cable, qty: 1 }]);
    expectProblem(await create(input), 422, 'account-blocked');
    const other = await t.dms.post<Dms.CreditOverride>('/credit-overrides', {
      dealer_code: A.blocked.code,
      platform_order_id: 'po_other',
      amount: 0,
      approved_by: [staff],
      reason: 'ok by manager',
    });
    expectProblem(await create({ ...input, credit_override_id: other.body.id }), 422, 'account-blocked');
    const override = await t.dms.post<Dms.CreditOverride>('/credit-overrides', {
      dealer_code: A.blocked.code,
      platform_order_id: input.platform_order_id,
      amount: 0,
      approved_by: [staff],
      reason: 'manager cleared',
      hold_reasons: ['account_blocked'],
    });
    expect(override.status).toBe(201);
    expect(override.body).toMatchObject({ platform_order_id: input.platform_order_id, version: 1 });
    const ok = await create({ ...input, credit_override_id: override.body.id });
    expect(ok.status).toBe(201);
  });
  it('duplicate-override and unknown-dealer on overrides', async () => {
    const body = { dealer_code: A.overdue.code, platform_order_id: 'po_dup_ov', amount: 1000, approved_by: [staff], reason: 'one off' };
    const first = await t.dms.post<Dms.CreditOverride>('/credit-overrides', body);
    const dup = expectProblem(await t.dms.post('/credit-overrides', body), 409, 'duplicate-override');
    expect(dup.existing_override_id).toBe(first.body.id);
    expectProblem(
      await t.dms.post('/credit-overrides', { ...body, dealer_code: 'D999', platform_order_id: 'po_x' }),
      422,
      'unknown-dealer',
    );
    expectProblem(await t.dms.post('/credit-overrides', { ...body, approved_by: [] }), 400, 'invalid-request');
  });
});

describe('fulfilment', () => {
  it('allocates by stock, picks, dispatches with an invoice per shipment, delivers partly, closes', async () => {
    const d = t.servers.dms.domain;
    const created = (await create(handover(A.plain.code, [{ sku: S.cable, qty: 150, unit_price: 1_000 }]))).body;
    const allocated = d.allocate(created.id);
    expect(allocated.status).toBe('partially_allocated');
    expect(allocated.warehouse_id).toBe('WH-PUN');
    expect(allocated.lines[0]?.qty_allocated).toBe(100);
    expect(t.servers.dms.store.get<Dms.Stock>('stock', `WH-PUN:${S.cable}`)).toMatchObject({ allocated: 100, available: 0 });
    expect(() => d.dispatch(created.id, { carrier: 'VRL', tracking_number: 'T1', vehicle_no: 'MH12', eta: null })).toThrow(/Cannot move/);
    d.startPicking(created.id);
    const before = await account(A.plain.code);
    const { order, invoice, shipment } = d.dispatch(created.id, {
      carrier: 'VRL Logistics',
      tracking_number: 'VRL-1',
      vehicle_no: 'MH12AB1234',
      eta: '2026-06-18',
    });
    expect(order.status).toBe('partially_dispatched');
    expect(invoice).toMatchObject({
      amount: 118_000,
      outstanding: 118_000,
      status: 'open',
      due_date: '2026-07-15',
      shipment_id: shipment.id,
    });
    const after = await account(A.plain.code);
    expect(after.balance - before.balance).toBe(118_000);
    expect(before.unbilled - after.unbilled).toBe(118_000);
    expect(t.servers.dms.store.get<Dms.Stock>('stock', `WH-PUN:${S.cable}`)).toMatchObject({ on_hand: 0, allocated: 0 });
    t.servers.dms.domain.restock(S.cable, 'WH-PUN', 60);
    d.allocate(created.id);
    const second = d.dispatch(created.id, { carrier: 'VRL Logistics', tracking_number: 'VRL-2', vehicle_no: 'MH12AB1234', eta: null });
    expect(second.order.status).toBe('dispatched');
    const partial = d.deliver(created.id, shipment.id, true);
    expect(partial.status).toBe('partially_delivered');
    expect(partial.lines[0]?.qty_delivered).toBe(50);
    const delivered = d.deliver(created.id, second.shipment.id);
    expect(delivered.status).toBe('partially_delivered');
    const closed = d.close(created.id);
    expect(closed.status).toBe('closed');
    // Forward only: nothing moves a closed order.
    expect(() => d.allocate(created.id)).toThrow();
    const got = await t.dms.get<Dms.Order>(`/orders/${created.id}`);
    expect(got.body.shipments).toHaveLength(2);
    expect(got.headers.get('etag')).toBe(`"${closed.version}"`);
  });
  it('backorders when nothing is in stock', async () => {
    const o = (await create(handover(A.plain.code, [{ sku: S.switchPlate, qty: 5 }]))).body;
    expect(t.servers.dms.domain.allocate(o.id).status).toBe('backordered');
  });
  it('payments allocate to the oldest invoices and move the ageing', async () => {
    const p = t.servers.dms.domain.recordPayment(A.overdue.code, 600_000, 'neft', 'UTR123');
    expect(p.allocations).toEqual([
      { invoice_id: 'inv_seed_1', amount: 500_000 },
      { invoice_id: 'inv_seed_2', amount: 100_000 },
    ]);
    const a = await account(A.overdue.code);
    expect(a).toMatchObject({ balance: 50_000, overdue: 50_000, oldest_overdue_days: 10 });
    expect(t.servers.dms.store.get<Dms.Invoice>('invoices', 'inv_seed_1')?.status).toBe('paid');
    expect(t.servers.dms.store.get<Dms.Invoice>('invoices', 'inv_seed_2')?.status).toBe('partially_paid');
  });
  it('returns credit the invoice and restock', async () => {
    const d = t.servers.dms.domain;
    const o = (await create(handover(A.contract.code, [{ sku: S.cement, qty: 10, unit_price: 38_000, tax_rate_bp: 2800 }]))).body;
    d.allocate(o.id);
    d.startPicking(o.id);
    const { shipment, invoice } = d.dispatch(o.id, { carrier: 'Gati', tracking_number: 'G1', vehicle_no: 'TN01', eta: null });
    d.deliver(o.id, shipment.id);
    const ret = d.recordReturn(o.id, [{ sku: S.cement, qty: 2, reason: 'damaged' }]);
    expect(ret.credit_amount).toBe(2 * 38_000 + 21_280);
    expect(t.servers.dms.store.get<Dms.Invoice>('invoices', invoice.id)?.outstanding).toBe(invoice.amount - ret.credit_amount);
    expect(d.getOrder(o.id)?.lines[0]?.qty_returned).toBe(2);
    expect(() => d.recordReturn(o.id, [{ sku: S.cement, qty: 9, reason: 'other' }])).toThrow();
  });
  it('blocking and unblocking changes the account', async () => {
    const a = t.servers.dms.domain.setBlocked(A.gold.code, true);
    expect(a.blocked).toBe(true);
    expect((await account(A.gold.code)).blocked).toBe(true);
    t.servers.dms.domain.setBlocked(A.gold.code, false);
  });
  it('the date moving re-ages the accounts', async () => {
    const before = await account(A.plain.code);
    t.servers.clock.advance(40 * 86_400_000);
    const after = await account(A.plain.code);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.oldest_overdue_days).toBeGreaterThan(0);
    expect(after.ageing.not_due + after.ageing.d1_30 + after.ageing.d31_60 + after.ageing.d61_90 + after.ageing.d90_plus).toBe(
      after.balance,
    );
    expect(after.overdue).toBe(after.balance - after.ageing.not_due);
  });
});

describe('POST /orders/{id}/cancel', () => {
  it('needs If-Match, rejects a stale one, releases the allocation, refuses after dispatch', async () => {
    const d = t.servers.dms.domain;
    const o = (await create(handover(A.plain.code, [{ sku: S.cement, qty: 10 }]))).body;
    const allocated = d.allocate(o.id);
    const body = { reason: 'dealer changed mind', by: staff };
    expectProblem(await t.dms.post(`/orders/${o.id}/cancel`, body), 428, 'precondition-required');
    const stale = expectProblem(await t.dms.post(`/orders/${o.id}/cancel`, body, { ifMatch: 1 }), 412, 'version-mismatch');
    expect(stale.current_version).toBe(allocated.version);
    const stockBefore = t.servers.dms.store.get<Dms.Stock>('stock', `WH-PUN:${S.cement}`);
    const res = await t.dms.post<Dms.Order>(`/orders/${o.id}/cancel`, body, { ifMatch: allocated.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'dealer changed mind', by: staff } });
    expect(res.body.lines[0]?.qty_allocated).toBe(0);
    expect(t.servers.dms.store.get<Dms.Stock>('stock', `WH-PUN:${S.cement}`)?.allocated).toBe((stockBefore?.allocated ?? 0) - 10);

    const shipped = (await create(handover(A.plain.code, [{ sku: S.cement, qty: 10 }]))).body;
    d.allocate(shipped.id);
    d.startPicking(shipped.id);
    const v = d.dispatch(shipped.id, { carrier: 'VRL', tracking_number: 'X', vehicle_no: 'Y', eta: null }).order.version;
    const p = expectProblem(await t.dms.post(`/orders/${shipped.id}/cancel`, body, { ifMatch: v }), 409, 'invalid-transition');
    expect(p.current_status).toBe('dispatched');
    expectProblem(await t.dms.post('/orders/do_nope/cancel', body, { ifMatch: 1 }), 404, 'not-found');
  });
});

describe('listing helpers for the activity generator', () => {
  it('listOpenOrders and listAllOpenInvoices match a scan', () => {
    const d = t.servers.dms.domain;
    const store = t.servers.dms.store;
    const scanOrders = store
      .query<Dms.Order>("SELECT data FROM resources WHERE collection = 'orders'")
      .filter((o) => o.status !== 'cancelled' && o.status !== 'closed');
    expect(
      d
        .listOpenOrders()
        .map((o) => o.id)
        .sort(),
    ).toEqual(scanOrders.map((o) => o.id).sort());
    expect(scanOrders.length).toBeGreaterThan(0);
    const scanInvoices = store
      .query<Dms.Invoice>("SELECT data FROM resources WHERE collection = 'invoices'")
      .filter((i) => i.outstanding > 0);
    expect(
      d
        .listAllOpenInvoices()
        .map((i) => i.id)
        .sort(),
    ).toEqual(scanInvoices.map((i) => i.id).sort());
  });
});
