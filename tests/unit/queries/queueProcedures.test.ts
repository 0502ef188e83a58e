// The order queues' procedures through backend.dispatch (role checks, validation, audit in the same
// transaction): saved views (change a shipped view and reset it, save as one's own, rename, share with a role
// as admin, delete) with their counts; SLA targets; bulk cancel and hand-over writing one outbox item per
// order; command results; the reconciliation of an order.
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkReceipt, CommandResultView, OrderViewsView, SlaSettingsView } from '../../../src/shared/api/features/orders';
import type { OrderViewDefinition, OrderViewView } from '../../../src/shared/orderViews';
import type { OrderReconciliationView } from '../../../src/shared/orders';
import type { Role } from '../../../src/shared/roles';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { defaultWorkingCalendar } from '../../../src/shared/sla';
import { errorOf, makeBackend, valueOf, type TestBackend } from '../services/helpers';
import { dmsOrder, platformOrder, record } from './orderRecords';

let t: TestBackend;
let db: Database.Database;
const tokens = new Map<string, string>();

async function as<T>(who: string, procedure: string, input: unknown): Promise<T> {
  return valueOf<T>(await t.backend.dispatch(procedure, input, { sessionToken: tokens.get(who) ?? null }));
}
async function refused(who: string, procedure: string, input: unknown) {
  return errorOf(await t.backend.dispatch(procedure, input, { sessionToken: tokens.get(who) ?? null }));
}
const auditActions = () => db.prepare('SELECT action, subject FROM audit_log ORDER BY seq').all() as { action: string; subject: string }[];

beforeAll(async () => {
  t = await makeBackend();
  db = t.backend.sqlite;
  const people: [string, Role[]][] = [
    ['asha', ['admin']],
    ['ravi', ['inside_sales']],
    ['meera', ['credit_controller']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await t.backend.services.staff.create(
      { username, displayName: username, password: 'long enough password', roles },
      null,
    );
    tokens.set(username, t.backend.services.sessions.open(staff.id));
  }
  db.prepare(
    `INSERT INTO platform_accounts (id, code, name, status, region, tier, currency, price_list_id, payment_terms_days, version, raw)
     VALUES ('acc-1', 'DLR1', 'Sharma Electricals', 'active', 'West', 'gold', 'INR', 'base', 30, 1, '{}')`,
  ).run();
  const writer = new ReplicaWriter(db, 'platform');
  db.transaction(() =>
    writer.apply([
      record('order', platformOrder({ id: 'o1', accountId: 'acc-1', status: 'received', placedAt: '2026-11-28T08:30:00.000Z' })),
      record('order', platformOrder({ id: 'o2', accountId: 'acc-1', status: 'credit_hold', placedAt: '2026-11-28T08:00:00.000Z' })),
      record('order', platformOrder({ id: 'o3', accountId: 'acc-1', status: 'in_fulfillment', dmsOrderId: 'd3' })),
    ]),
  )();
  const dms = new ReplicaWriter(db, 'dms');
  db.transaction(() =>
    dms.apply([record('order', dmsOrder({ id: 'd3', platformOrderId: 'o3', lines: [{ sku: 'CAB-1', qty: 11, unitPrice: 1500_00 }] }))]),
  )();
});
afterAll(async () => t?.cleanup());

describe('saved views', () => {
  it('each role sees the views of its job first', async () => {
    const first = async (who: string) => (await as<OrderViewsView>(who, 'orders.views.list', {})).views[0]?.id;
    expect(await first('ravi')).toBe('my-phone-orders');
    expect(await first('meera')).toBe('credit-hold');
    expect(await first('asha')).toBe('failed-pushes');
    const ravi = await as<OrderViewsView>('ravi', 'orders.views.list', {});
    expect(ravi.views.map((v) => v.id)).toContain('drift');
    expect(ravi.shared).toBeUndefined();
  });

  it('a change to a shipped view is kept for that person only, and reset brings the default back', async () => {
    const { views } = await as<OrderViewsView>('meera', 'orders.views.list', {});
    const hold = views.find((v) => v.id === 'credit-hold')!;
    const changed: OrderViewDefinition = { ...hold.definition, columns: ['number', 'dealer', 'sla'] };
    const saved = await as<OrderViewView>('meera', 'orders.views.update', { id: 'credit-hold', definition: changed });
    expect(saved).toMatchObject({
      id: 'credit-hold',
      kind: 'shipped',
      changed: true,
      definition: { columns: ['number', 'dealer', 'sla'] },
    });
    const others = await as<OrderViewsView>('ravi', 'orders.views.list', {});
    expect(others.views.find((v) => v.id === 'credit-hold')?.changed).toBe(false);
    const renamed = await as<OrderViewView>('meera', 'orders.views.rename', { id: 'credit-hold', name: 'My holds' });
    expect(renamed.name).toBe('My holds');
    const reset = await as<OrderViewView>('meera', 'orders.views.reset', { id: 'credit-hold' });
    expect(reset).toMatchObject({ name: 'On credit hold', changed: false, definition: hold.definition });
  });

  it('save as one’s own, rename, refuse a duplicate name, share with a role (admin only), delete; every change audited', async () => {
    const definition: OrderViewDefinition = {
      filters: { status: ['received'], channel: [], region: ['West'], search: '', queue: null },
      columns: ['number', 'dealer', 'total'],
      sort: { column: 'total', direction: 'desc' },
    };
    const mine = await as<OrderViewView>('ravi', 'orders.views.create', { name: 'West received', definition });
    expect(mine).toMatchObject({ kind: 'personal', name: 'West received', definition });
    expect((await refused('ravi', 'orders.views.create', { name: 'west RECEIVED', definition })).kind).toBe('conflict');
    expect((await refused('ravi', 'orders.views.create', { name: '', definition })).kind).toBe('validation');
    expect((await refused('ravi', 'orders.views.share', { id: mine.id, roles: ['credit_controller'] })).kind).toBe('forbidden');
    // Not someone else's.
    expect((await refused('meera', 'orders.views.rename', { id: mine.id, name: 'Taken' })).kind).toBe('not_found');

    const adminView = await as<OrderViewView>('asha', 'orders.views.create', { name: 'Big West orders', definition });
    const shared = await as<OrderViewView>('asha', 'orders.views.share', { id: adminView.id, roles: ['credit_controller'] });
    expect(shared).toMatchObject({ kind: 'shared', sharedRoles: ['credit_controller'] });
    const meera = await as<OrderViewsView>('meera', 'orders.views.list', {});
    expect(meera.views.find((v) => v.id === adminView.id)?.kind).toBe('shared');
    expect((await as<OrderViewsView>('ravi', 'orders.views.list', {})).views.some((v) => v.id === adminView.id)).toBe(false);
    // The admin who shared it still sees it (admins look after every shared view).
    expect((await as<OrderViewsView>('asha', 'orders.views.list', {})).views.find((v) => v.id === adminView.id)?.kind).toBe('shared');
    // Only an admin changes a shared view.
    expect((await refused('meera', 'orders.views.update', { id: adminView.id, definition })).kind).toBe('forbidden');
    expect((await as<OrderViewsView>('asha', 'orders.views.list', {})).shared?.map((v) => v.id)).toEqual([adminView.id]);

    await as('ravi', 'orders.views.delete', { id: mine.id });
    expect((await as<OrderViewsView>('ravi', 'orders.views.list', {})).views.some((v) => v.id === mine.id)).toBe(false);
    expect((await refused('ravi', 'orders.views.delete', { id: 'credit-hold' })).kind).toBe('validation');

    const actions = auditActions().map((a) => a.action);
    for (const a of [
      'order_view.create',
      'order_view.update',
      'order_view.rename',
      'order_view.reset',
      'order_view.share',
      'order_view.delete',
    ]) {
      expect(actions, a).toContain(a);
    }
  });

  it('counts every view of the person from the replica', async () => {
    const { counts } = await as<{ counts: Record<string, { total: number }> }>('meera', 'orders.views.counts', {});
    expect(counts['all']?.total).toBe(3);
    expect(counts['credit-hold']?.total).toBe(1);
    expect(counts['drift']?.total).toBe(1);
    expect(counts['new-portal']?.total).toBe(2);
  });
});

describe('SLA targets', () => {
  it('default to the issue’s, are set by an admin only, audited, and validated', async () => {
    const before = await as<SlaSettingsView>('ravi', 'orders.sla.get', {});
    expect(before.targets.creditHold).toEqual({ targetMs: 4 * 3_600_000, clock: 'working' });
    expect(before.targets.inFulfilment).toEqual({ targetMs: 72 * 3_600_000, clock: 'elapsed' });
    const targets = { ...before.targets, notHandedOver: { targetMs: 20 * 60_000, clock: 'elapsed' as const } };
    expect((await refused('ravi', 'orders.sla.set', { targets })).kind).toBe('forbidden');
    const after = await as<SlaSettingsView>('asha', 'orders.sla.set', { targets });
    expect(after.targets.notHandedOver.targetMs).toBe(20 * 60_000);
    expect(auditActions()).toContainEqual({ action: 'settings.set', subject: 'setting:orders.slaTargets' });
    const bad = { ...targets, creditHold: { targetMs: 10, clock: 'working' } };
    expect((await refused('asha', 'orders.sla.set', { targets: bad })).kind).toBe('validation');
  });

  it('count working hours in the office calendar the credit desk keeps (sla.calendar), not a second one', async () => {
    const before = await as<SlaSettingsView>('ravi', 'orders.sla.get', {});
    expect(before.calendar).toEqual(defaultWorkingCalendar);
    const calendar = { days: [1, 2, 3, 4, 5], startMinute: 10 * 60, endMinute: 19 * 60, utcOffsetMinutes: 330 };
    await as('asha', 'credit.saveSettings', { calendar });
    expect((await as<SlaSettingsView>('ravi', 'orders.sla.get', {})).calendar).toEqual(calendar);
    // A value the credit desk would not accept (hand-edited: a day listed twice) falls back to the same
    // default on both desks.
    const twice = JSON.stringify({ ...calendar, days: [1, 1, 2] });
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'sla.calendar'`).run(twice);
    expect((await as<SlaSettingsView>('ravi', 'orders.sla.get', {})).calendar).toEqual(defaultWorkingCalendar);
    expect((await as<{ calendar: unknown }>('asha', 'credit.settings', {})).calendar).toEqual(defaultWorkingCalendar);
    await as('asha', 'credit.saveSettings', { calendar: defaultWorkingCalendar });
  });
});

describe('bulk commands', () => {
  it('cancel: one outbox item per order, each with its audit entry; unknown orders are refused; results read back', async () => {
    const receipt = await as<BulkReceipt>('ravi', 'orders.cancel', {
      orders: [
        { id: 'o1', version: 1 },
        { id: 'o2', version: 1 },
        { id: 'nope', version: 1 },
      ],
      reasonCode: 'duplicate',
      note: 'Entered twice',
    });
    expect(receipt.items.map((i) => [i.orderId, i.outboxId !== null])).toEqual([
      ['o1', true],
      ['o2', true],
      ['nope', false],
    ]);
    expect(receipt.items[2]?.message).toMatch(/not in the desk/);
    const item = db
      .prepare('SELECT kind, entity_key, idempotency_key, path, payload, if_match FROM outbox WHERE id = ?')
      .get(receipt.items[0]!.outboxId) as Record<string, string>;
    expect(item).toMatchObject({
      kind: 'platform.cancelOrder',
      entity_key: 'staff-cancel:o1',
      idempotency_key: 'staff-cancel:o1:v1',
      path: '/orders/o1/transitions',
      if_match: '1',
    });
    expect(JSON.parse(item.payload!)).toMatchObject({
      to: 'cancelled',
      reason_code: 'duplicate',
      reason: 'Duplicate order: Entered twice',
      by: { name: 'ravi' },
    });
    expect(
      auditActions()
        .filter((a) => a.action === 'order.cancel')
        .map((a) => a.subject),
    ).toEqual(['order:o1', 'order:o2']);
    // The same decision twice is one command.
    const again = await as<BulkReceipt>('ravi', 'orders.cancel', { orders: [{ id: 'o1', version: 1 }], reasonCode: 'duplicate' });
    expect(again.items[0]?.outboxId).toBe(receipt.items[0]?.outboxId);
    const results = await as<CommandResultView[]>('ravi', 'orders.commandResults', {
      outboxIds: [receipt.items[0]!.outboxId, receipt.items[1]!.outboxId],
    });
    expect(results.map((r) => [r.orderId, r.state])).toEqual([
      ['o1', 'pending'],
      ['o2', 'pending'],
    ]);
    expect((await refused('ravi', 'orders.cancel', { orders: [], reasonCode: 'duplicate' })).kind).toBe('validation');
    expect((await refused('ravi', 'orders.cancel', { orders: [{ id: 'o1', version: 1 }], reasonCode: 'because' })).kind).toBe('validation');
  });

  it('hand over: only orders held to confirm; each refusal says why and leaves the others done', async () => {
    db.prepare(
      `INSERT INTO handover_confirmations (order_id, reason, state, created_at) VALUES ('o1', 'channel portal', 'open', 't')`,
    ).run();
    const receipt = await as<BulkReceipt>('ravi', 'orders.handOver', { orderIds: ['o1', 'o3'] });
    const [ok, no] = receipt.items;
    expect(ok?.outboxId).not.toBeNull();
    expect(no).toMatchObject({ orderId: 'o3', outboxId: null });
    expect(no?.message).toMatch(/not waiting for confirmation/);
    expect(db.prepare(`SELECT state FROM handover_confirmations WHERE order_id = 'o1'`).pluck().get()).toBe('confirmed');
    expect(
      auditActions()
        .filter((a) => a.action === 'handover.confirm')
        .map((a) => a.subject),
    ).toEqual(['order:o1']);
  });
});

describe('reconciliation', () => {
  it('shows both sides line by line and says which system has which value', async () => {
    const view = await as<OrderReconciliationView>('meera', 'orders.reconciliation', { orderId: 'o3' });
    expect(view.dms?.number).toBe('DO-d3');
    expect(view.lines).toEqual([
      {
        lineNo: 1,
        platform: { sku: 'CAB-1', qty: 10, unitPrice: 1500_00, value: 17_700_00 },
        dms: { sku: 'CAB-1', qty: 11, unitPrice: 1500_00, allocated: 0, dispatched: 0, delivered: 0, returned: 0, invoiced: 0 },
        differs: ['qty'],
      },
    ]);
    expect(view.flags).toEqual([
      { kind: 'lines', lineNo: 1, message: 'Line 1 (CAB-1): the quantity differs.', platform: '10 ordered', dms: '11 ordered' },
    ]);
    expect((await refused('meera', 'orders.reconciliation', { orderId: 'unknown' })).kind).toBe('not_found');
  });
});
