// Platform reference server: every placement rule and problem type, price resolution, the credit check,
// the status machine, approvals, dealer-status publications, credit pushes and look-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/shared/contracts';
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
let refNo = 0;
function orderInput(accountId: string, lines: Platform.OrderLineInput[], extra: Partial<Platform.OrderInput> = {}): Platform.OrderInput {
  refNo += 1;
  return { account_id: accountId, channel: 'phone', placed_by: staff, client_reference: `REF-${refNo}`, lines, ...extra };
}
const place = (input: unknown) => t.platform.post<Platform.Order & Record<string, unknown>>('/orders', input);

describe('price resolution', () => {
  it('takes the largest quantity break valid today, skipping future-dated and expired prices', async () => {
    const account = t.servers.platform.domain.getAccount(A.plain.id);
    if (!account) throw new Error('fixture');
    const domain = t.servers.platform.domain;
    expect(domain.resolvePrice(account, S.cable, 1)).toBe(100_000);
    expect(domain.resolvePrice(account, S.cable, 5)).toBe(100_000); // 70,000 from 5 expired yesterday; 110,000 from 2 starts in 30 days
    expect(domain.resolvePrice(account, S.cable, 10)).toBe(95_000);
    expect(domain.resolvePrice(account, S.cable, 2, '2026-07-20')).toBe(110_000);
    expect(domain.resolvePrice(account, S.unpriced, 1)).toBeUndefined();
  });
  it("uses the account's list first, then base", async () => {
    const gold = t.servers.platform.domain.getAccount(A.gold.id);
    const contract = t.servers.platform.domain.getAccount(A.contract.id);
    if (!gold || !contract) throw new Error('fixture');
    expect(t.servers.platform.domain.resolvePrice(gold, S.cable, 10)).toBe(90_000); // gold has only min 1
    expect(t.servers.platform.domain.resolvePrice(gold, S.cement, 100)).toBe(38_000); // falls back to base
    expect(t.servers.platform.domain.resolvePrice(contract, S.paint, 2)).toBe(200_000);
  });
});

describe('POST /orders placement rules', () => {
  it('places a received order with tax per line, totals, ship_to from the account and an ETag', async () => {
    const res = await place(
      orderInput(A.plain.id, [
        { sku: S.cable, qty: 10, unit_price: 95_000 },
        { sku: S.cement, qty: 100, unit_price: 38_000 },
      ]),
    );
    expect(res.status).toBe(201);
    const o = res.body;
    expect(o.status).toBe('received');
    expect(o.lines.map((l) => [l.line_total, l.tax])).toEqual([
      [950_000, 171_000],
      [3_800_000, 1_064_000],
    ]);
    expect(o.total).toBe(950_000 + 171_000 + 3_800_000 + 1_064_000);
    expect(o.ship_to?.city).toBe('Pune');
    expect(o.credit_check.result).toBe('passed');
    expect(res.headers.get('etag')).toBe('"1"');
  });
  it('rounds tax half up', async () => {
    const res = await place(orderInput(A.plain.id, [{ sku: S.switchPlate, qty: 1, unit_price: 5_000 }]));
    // 5,000 * 12% = 600 exactly; check a .5 case through the domain maths instead
    expect(res.body.lines[0]?.tax).toBe(600);
    const { taxOf } = await import('../../src/sim/money');
    expect(taxOf(12_345, 1800)).toBe(2222); // 2222.1
    expect(taxOf(25, 1800)).toBe(5); // 4.5 -> 5
  });
  it('empty-order', async () => {
    expectProblem(await place(orderInput(A.plain.id, [])), 422, 'empty-order');
  });
  it('unknown-account', async () => {
    expectProblem(await place(orderInput('acc_nope', [{ sku: S.cable, qty: 1, unit_price: 100_000 }])), 422, 'unknown-account');
  });
  it('duplicate-client-reference names the existing order, and wins over a suspension', async () => {
    const input = orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]);
    const first = await place(input);
    const dup = expectProblem(await place(input), 409, 'duplicate-client-reference');
    expect(dup.existing_order_id).toBe(first.body.id);
    // Check order: duplicate-client-reference comes before account-suspended.
    t.servers.platform.domain.setAccountStatus(A.plain.id, 'suspended');
    try {
      expectProblem(await place(input), 409, 'duplicate-client-reference');
      expectProblem(await place(orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }])), 422, 'account-suspended');
    } finally {
      t.servers.platform.domain.setAccountStatus(A.plain.id, 'active');
    }
  });
  it('account-suspended', async () => {
    expectProblem(await place(orderInput(A.suspended.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }])), 422, 'account-suspended');
  });
  it('unknown-sku with line_no', async () => {
    const p = expectProblem(
      await place(
        orderInput(A.plain.id, [
          { sku: S.cable, qty: 1, unit_price: 100_000 },
          { sku: 'NOPE', qty: 1, unit_price: 1 },
        ]),
      ),
      422,
      'unknown-sku',
    );
    expect(p.line_no).toBe(2);
  });
  it('inactive-sku', async () => {
    const p = expectProblem(await place(orderInput(A.plain.id, [{ sku: S.inactive, qty: 1, unit_price: 300_000 }])), 422, 'inactive-sku');
    expect(p.line_no).toBe(1);
  });
  it('invalid-quantity: below min_order_qty and not a multiple', async () => {
    expectProblem(await place(orderInput(A.plain.id, [{ sku: S.cement, qty: 5, unit_price: 40_000 }])), 422, 'invalid-quantity');
    const p = expectProblem(await place(orderInput(A.plain.id, [{ sku: S.cement, qty: 15, unit_price: 40_000 }])), 422, 'invalid-quantity');
    expect(p.line_no).toBe(1);
  });
  it('unpriced-sku, even with a price override', async () => {
    const p = expectProblem(
      await place(orderInput(A.plain.id, [{ sku: S.unpriced, qty: 1, unit_price: 100, price_override: { reason: 'promo' } }])),
      422,
      'unpriced-sku',
    );
    expect(p.line_no).toBe(1);
  });
  it('lines are checked in order: the first failing line wins', async () => {
    const p = expectProblem(
      await place(
        orderInput(A.plain.id, [
          { sku: S.cement, qty: 3, unit_price: 40_000 },
          { sku: 'NOPE', qty: 1, unit_price: 1 },
        ]),
      ),
      422,
      'invalid-quantity',
    );
    expect(p.line_no).toBe(1);
  });
  it('price-mismatch lists every mismatching line with the expected price', async () => {
    const p = expectProblem(
      await place(
        orderInput(A.plain.id, [
          { sku: S.cable, qty: 10, unit_price: 100_000 },
          { sku: S.cement, qty: 10, unit_price: 40_000 },
          { sku: S.paint, qty: 2, unit_price: 1 },
        ]),
      ),
      422,
      'price-mismatch',
    );
    expect(p.expected).toEqual([
      { line_no: 1, sku: S.cable, unit_price: 95_000 },
      { line_no: 3, sku: S.paint, unit_price: 250_000 },
    ]);
  });
  it('price_override keeps unit_price and records list_price and the reason', async () => {
    const res = await place(
      orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 80_000, price_override: { reason: 'matched competitor' } }]),
    );
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({
      unit_price: 80_000,
      list_price: 100_000,
      price_override_reason: 'matched competitor',
      line_total: 80_000,
    });
  });
  it('a body that does not match the schema is 400 invalid-request with errors', async () => {
    const p = expectProblem(
      await place({ account_id: A.plain.id, channel: 'fax', lines: [{ sku: S.cable, qty: '1' }] }),
      400,
      'invalid-request',
    );
    const errors = p.errors as { path: string; message: string }[];
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string')).toBe(true);
    expectProblem(
      await t.platform.request('POST', '/orders', { rawBody: '{not json', headers: { 'Content-Type': 'application/json' } }),
      400,
      'invalid-request',
    );
  });
});

describe('credit check at placement', () => {
  it('over_limit counts credit.exposure, received/approved orders and this order', async () => {
    const small = await place(orderInput(A.gold.id, [{ sku: S.cable, qty: 1, unit_price: 90_000 }]));
    expect(small.body.credit_check).toMatchObject({
      result: 'passed',
      credit_limit: 5_000_000,
      exposure: 4_000_000 + 106_200,
      available_after: 5_000_000 - 4_106_200,
    });
    const big = await place(orderInput(A.gold.id, [{ sku: S.cable, qty: 8, unit_price: 90_000 }]));
    // 4,000,000 + 106,200 (the received order) + 849,600
    expect(big.body.credit_check).toMatchObject({ result: 'passed', exposure: 4_955_800, reasons: [] });
    expect(big.body.status).toBe('received');
    const over = await place(orderInput(A.gold.id, [{ sku: S.cable, qty: 1, unit_price: 90_000 }]));
    expect(over.body.status).toBe('credit_hold');
    expect(over.body.credit_check.reasons).toEqual(['over_limit']);
    expect(over.body.credit_check.available_after).toBeLessThan(0);
  });
  it('account_blocked', async () => {
    const res = await place(orderInput(A.blocked.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]));
    expect(res.body.status).toBe('credit_hold');
    expect(res.body.credit_check.reasons).toEqual(['account_blocked']);
  });
  it('overdue (oldest_overdue_days > 60)', async () => {
    const res = await place(orderInput(A.overdue.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]));
    expect(res.body.credit_check.reasons).toEqual(['overdue']);
  });
  it('no_credit_position alone, credit_limit reported as 0', async () => {
    const res = await place(orderInput(A.noCredit.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]));
    expect(res.body.status).toBe('credit_hold');
    expect(res.body.credit_check).toMatchObject({ reasons: ['no_credit_position'], credit_limit: 0 });
  });
  it('every reason that applies, and credit_limit 0 checks no limit', async () => {
    t.servers.platform.domain.upsertAccount({ ...t.servers.platform.domain.getAccount(A.noCredit.id)!, id: 'acc_900', code: 'D900' });
    await t.platform.put('/accounts/acc_900/credit', {
      credit_limit: 100,
      exposure: 0,
      overdue: 5,
      oldest_overdue_days: 61,
      blocked: true,
      as_of: '2026-06-15T00:00:00Z',
      source_version: 1,
    });
    const res = await place(orderInput('acc_900', [{ sku: S.cable, qty: 1, unit_price: 100_000 }]));
    expect(res.body.credit_check.reasons).toEqual(['account_blocked', 'overdue', 'over_limit']);
    const unlimited = await place(orderInput(A.contract.id, [{ sku: S.paint, qty: 20, unit_price: 200_000 }]));
    expect(unlimited.body.credit_check.result).toBe('passed');
  });
});

describe('status machine, approvals, dealer status', () => {
  async function heldOrder() {
    const res = await place(orderInput(A.overdue.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]));
    expect(res.body.status).toBe('credit_hold');
    return res.body;
  }
  it('approvals need If-Match (428), the current version (412 with current_version), and change the version', async () => {
    const o = await heldOrder();
    const approval = { by: staff, role: 'credit_controller', note: 'Dealer paid by cheque' };
    expectProblem(await t.platform.post(`/orders/${o.id}/approvals`, approval), 428, 'precondition-required');
    const stale = expectProblem(await t.platform.post(`/orders/${o.id}/approvals`, approval, { ifMatch: 99 }), 412, 'version-mismatch');
    expect(stale.current_version).toBe(1);
    const ok = await t.platform.post<Platform.Order>(`/orders/${o.id}/approvals`, approval, { ifMatch: 1 });
    expect(ok.status).toBe(201);
    expect(ok.body.version).toBe(2);
    expect(ok.body.approvals[0]).toMatchObject({ by: staff, role: 'credit_controller', note: 'Dealer paid by cheque' });
    expectProblem(await t.platform.post(`/orders/${o.id}/approvals`, approval, { ifMatch: 2 }), 409, 'duplicate-approval');
    const second = await t.platform.post<Platform.Order>(
      `/orders/${o.id}/approvals`,
      { by: { id: 'st-2', name: 'Manager' }, role: 'credit_manager' },
      { ifMatch: 2 },
    );
    expect(second.body.approvals).toHaveLength(2);
  });
  it('approvals only on credit_hold: invalid-transition with current_status', async () => {
    const o = (await place(orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]))).body;
    const p = expectProblem(
      await t.platform.post(`/orders/${o.id}/approvals`, { by: staff, role: 'credit_controller' }, { ifMatch: 1 }),
      409,
      'invalid-transition',
    );
    expect(p.current_status).toBe('received');
  });
  it('credit_hold -> approved -> in_fulfillment -> closed, with decision and fulfillment', async () => {
    const o = await heldOrder();
    expectProblem(
      await t.platform.post(`/orders/${o.id}/transitions`, { to: 'approved', by: staff }, { ifMatch: 1 }),
      400,
      'invalid-request',
    );
    const approved = await t.platform.post<Platform.Order>(
      `/orders/${o.id}/transitions`,
      { to: 'approved', by: staff, reason: 'paid', reference: 'co_1' },
      { ifMatch: 1 },
    );
    expect(approved.status).toBe(200);
    expect(approved.headers.get('etag')).toBe('"2"');
    expect(approved.body.decision).toMatchObject({ outcome: 'approved', reason: 'paid', reference: 'co_1' });
    const noDms = expectProblem(
      await t.platform.post(`/orders/${o.id}/transitions`, { to: 'in_fulfillment', by: staff }, { ifMatch: 2 }),
      400,
      'invalid-request',
    );
    expect(noDms.errors).toEqual([{ path: '/dms_order_id', message: 'required when to is in_fulfillment' }]);
    const handed = await t.platform.post<Platform.Order>(
      `/orders/${o.id}/transitions`,
      { to: 'in_fulfillment', by: staff, dms_order_id: 'do_1' },
      { ifMatch: 2 },
    );
    expect(handed.body.fulfillment?.dms_order_id).toBe('do_1');
    const wrong = expectProblem(
      await t.platform.post(`/orders/${o.id}/transitions`, { to: 'cancelled', by: staff }, { ifMatch: 3 }),
      409,
      'invalid-transition',
    );
    expect(wrong.current_status).toBe('in_fulfillment');
    const closed = await t.platform.post<Platform.Order>(`/orders/${o.id}/transitions`, { to: 'closed', by: staff }, { ifMatch: 3 });
    expect(closed.body.status).toBe('closed');
  });
  it('rejected and cancelled are final; staff cancellation is recorded', async () => {
    const o = await heldOrder();
    const rejected = await t.platform.post<Platform.Order>(
      `/orders/${o.id}/transitions`,
      { to: 'rejected', by: staff, reason: 'overdue', reason_code: 'overdue' },
      { ifMatch: 1 },
    );
    expect(rejected.body.decision).toMatchObject({ outcome: 'rejected', reason_code: 'overdue' });
    expectProblem(
      await t.platform.post(`/orders/${o.id}/transitions`, { to: 'approved', by: staff, reason: 'x' }, { ifMatch: 2 }),
      409,
      'invalid-transition',
    );
    const c = (await place(orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]))).body;
    const cancelled = await t.platform.post<Platform.Order>(
      `/orders/${c.id}/transitions`,
      { to: 'cancelled', by: staff, reason: 'dealer called', reason_code: 'dealer_request' },
      { ifMatch: 1 },
    );
    expect(cancelled.body.cancellation).toMatchObject({ by: { type: 'staff', id: staff.id }, reason_code: 'dealer_request' });
  });
  it('a dealer cancels through the domain and it shows in the feed', async () => {
    const o = t.servers.platform.domain.placeDealerOrder({ account_id: A.plain.id, lines: [{ sku: S.cable, qty: 10 }] });
    expect(o.channel).toBe('portal');
    expect(o.placed_by.type).toBe('dealer');
    expect(o.lines[0]?.unit_price).toBe(95_000);
    const c = t.servers.platform.domain.cancelByDealer(o.id, 'ordered twice');
    expect(c.cancellation?.by?.type).toBe('dealer');
    const got = await t.platform.get<Platform.Order>(`/orders/${o.id}`);
    expect(got.body.status).toBe('cancelled');
  });
  it('dealer-status publications are their own resources and leave the order version alone', async () => {
    const o = (await place(orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }]))).body;
    const pub = await t.platform.post<Platform.DealerStatus>(`/orders/${o.id}/dealer-status`, {
      status: 'dispatched',
      message: 'On its way',
      eta: '2026-06-18',
      tracking: { carrier: 'VRL', number: 'VRL123' },
      published_by: staff,
    });
    expect(pub.status).toBe(201);
    expect(pub.body).toMatchObject({ order_id: o.id, status: 'dispatched', version: 1 });
    await t.platform.post(`/orders/${o.id}/dealer-status`, { status: 'delivered', message: 'Delivered', published_by: staff });
    const list = await t.platform.get<{ data: Platform.DealerStatus[] }>(`/orders/${o.id}/dealer-status`);
    expect(list.body.data.map((d) => d.status)).toEqual(['dispatched', 'delivered']);
    expect((await t.platform.get<Platform.Order>(`/orders/${o.id}`)).body.version).toBe(1);
    expectProblem(
      await t.platform.post('/orders/po_nope/dealer-status', { status: 'delivered', message: 'x', published_by: staff }),
      404,
      'not-found',
    );
  });
});

describe('credit positions and look-ups', () => {
  it('GET credit: unknown-account and no-credit-position', async () => {
    expectProblem(await t.platform.get('/accounts/acc_nope/credit'), 404, 'unknown-account');
    expectProblem(await t.platform.get(`/accounts/${A.noCredit.id}/credit`), 404, 'no-credit-position');
    expectProblem(await t.platform.get('/accounts/acc_nope'), 404, 'unknown-account');
  });
  it('PUT credit is monotonic by source_version', async () => {
    const body = {
      credit_limit: 1_000,
      exposure: 10,
      overdue: 0,
      oldest_overdue_days: 0,
      blocked: false,
      as_of: '2026-06-15T00:00:00Z',
      source_version: 5,
    };
    const first = await t.platform.put<Platform.Credit>(`/accounts/${A.contract.id}/credit`, body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ credit_limit: 1_000, source_version: 5, version: 2 });
    const older = await t.platform.put<Platform.Credit>(`/accounts/${A.contract.id}/credit`, {
      ...body,
      credit_limit: 9,
      source_version: 4,
    });
    expect(older.body).toMatchObject({ credit_limit: 1_000, version: 2 });
    const same = await t.platform.put<Platform.Credit>(`/accounts/${A.contract.id}/credit`, { ...body, credit_limit: 9 });
    expect(same.body.credit_limit).toBe(1_000);
    const newer = await t.platform.put<Platform.Credit>(`/accounts/${A.contract.id}/credit`, {
      ...body,
      credit_limit: 0,
      source_version: 6,
    });
    expect(newer.body).toMatchObject({ credit_limit: 0, version: 3 });
    expectProblem(await t.platform.put(`/accounts/${A.contract.id}/credit`, { ...body, blocked: null }), 400, 'invalid-request');
    expectProblem(await t.platform.put('/accounts/acc_nope/credit', body), 404, 'unknown-account');
  });
  it('by-reference finds the order; a missing one is 404', async () => {
    const input = orderInput(A.plain.id, [{ sku: S.cable, qty: 1, unit_price: 100_000 }], { client_reference: 'PH/2026/77' });
    const o = (await place(input)).body;
    const found = await t.platform.get<Platform.Order>(`/orders/by-reference/${A.plain.id}/${encodeURIComponent('PH/2026/77')}`);
    expect(found.body.id).toBe(o.id);
    expectProblem(await t.platform.get(`/orders/by-reference/${A.plain.id}/none`), 404, 'not-found');
    expectProblem(await t.platform.get('/orders/po_nope'), 404, 'not-found');
  });
});
