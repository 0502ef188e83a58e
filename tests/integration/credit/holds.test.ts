// The credit desk's backend over real HTTP to the reference servers: the hold queue (order, filters, what a
// person's approval would do), stale-decision flags after a payment and a limit change, exact conflicts
// (dealer cancelled, decided first elsewhere, figures moved) with nothing pushed, a rejection whose dealer
// message is published once it lands, bulk decisions within authority, the admin's settings (validated,
// audited, and enforced by the push path), and new-hold arrivals.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, fixtureIds, fixtureSkus, type ReferenceServers } from '../../../src/sim/index';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import { syncProcedureHandlers } from '../../../src/main/sync/procedures';
import type { ProcedureName, ProcedureOutput } from '../../../src/shared/api/contract';
import type { Role } from '../../../src/shared/roles';
import { defaultAuthorityPolicy } from '../../../src/shared/credit/authority';
import { DEALER_WAITING_MARKER } from '../../../src/shared/dealerWaiting';
import { tempDir, waitFor } from '../sync/helpers';

let servers: ReferenceServers;
let backend: Backend;
let engine: SyncEngine;
let dataDir: string;
const tokens = new Map<string, string>();

const gold = fixtureIds.gold;
const perCase = 106_200; // gold cable: 900.00 + 18% GST

beforeAll(async () => {
  servers = await startReferenceServers({ seed: 41, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  dataDir = tempDir('dd-credit-');
  backend = await createBackend({ dataDir, handlers: [syncProcedureHandlers], log: () => {} });
  engine = startSync({
    backend,
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 200,
  });
  const people: [string, Role[]][] = [
    ['ctl1', ['credit_controller']],
    ['ctl2', ['credit_controller']],
    ['mgr1', ['credit_manager']],
    ['admin1', ['admin']],
    ['sales', ['inside_sales']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    tokens.set(username, backend.services.sessions.open(staff.id));
  }
  // The fixture's platform positions predate the DMS figures; a DMS change makes the desk push them, as it
  // does in production, so the platform checks orders against the DMS's limits.
  for (const code of [gold.code, fixtureIds.blocked.code, fixtureIds.plain.code]) {
    const account = servers.dms.domain.getAccount(code);
    // A new limit (an unchanged one would not bump the DMS account's version).
    if (account) servers.dms.domain.setCreditLimit(code, account.credit_limit + 10_000_000);
  }
  await waitFor(
    () =>
      [gold, fixtureIds.blocked, fixtureIds.plain].every(
        (a) => servers.platform.domain.getCredit(a.id)?.source_version === servers.dms.domain.getAccount(a.code)?.version,
      ),
    15_000,
    'credit positions pushed',
  );
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await backend?.close();
  await servers?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function call<K extends ProcedureName>(who: string, procedure: K, input: unknown): Promise<ProcedureOutput<K>> {
  const res = await backend.dispatch(procedure, input, { sessionToken: tokens.get(who) ?? null });
  if (!res.ok) throw Object.assign(new Error(res.error.message), { kind: res.error.kind, issues: res.error.issues });
  return res.value as ProcedureOutput<K>;
}

/** A held order for the gold account whose excess over the limit is at least `excess` paise. */
function placeHeld(excess: number, notes?: string) {
  const credit = servers.platform.domain.getCredit(gold.id);
  if (!credit) throw new Error('no credit');
  const pending = servers.platform.domain
    .listOrders(gold.id)
    .filter((o) => o.status === 'received' || o.status === 'approved')
    .reduce((s, o) => s + o.total, 0);
  const room = credit.credit_limit - credit.exposure - pending;
  const qty = Math.max(1, Math.floor(room / perCase) + 1 + Math.ceil(excess / perCase));
  const order = servers.platform.domain.placeDealerOrder({
    account_id: gold.id,
    lines: [{ sku: fixtureSkus.cable, qty }],
    ...(notes ? { notes } : {}),
  });
  expect(order.status).toBe('credit_hold');
  return order;
}

function inReplica(orderId: string, version: number): Promise<void> {
  return waitFor(
    () => (backend.sqlite.prepare('SELECT version FROM platform_orders WHERE id = ?').pluck().get(orderId) ?? 0) === version,
    10_000,
    `order ${orderId} v${version} in the replica`,
  );
}

function dmsAccountInReplica(code: string): Promise<void> {
  const version = servers.dms.domain.getAccount(code)?.version;
  return waitFor(
    () => backend.sqlite.prepare('SELECT version FROM dms_accounts WHERE dealer_code = ?').pluck().get(code) === version,
    10_000,
    `DMS account ${code} v${version}`,
  );
}

function outboxFor(orderId: string): { kind: string; status: string }[] {
  return backend.sqlite.prepare('SELECT kind, status FROM outbox WHERE entity_key = ?').all(`order:${orderId}`) as {
    kind: string;
    status: string;
  }[];
}

describe('the hold queue', () => {
  it('lists every held order, dealer waiting first then oldest, with what each person may do; filters narrow it', async () => {
    const older = placeHeld(0);
    servers.clock.advance(60_000);
    const waiting = placeHeld(0, `${DEALER_WAITING_MARKER}\nOn the line for the site manager`);
    servers.clock.advance(60_000);
    const blocked = servers.platform.domain.placeDealerOrder({
      account_id: fixtureIds.blocked.id,
      lines: [{ sku: fixtureSkus.switchPlate, qty: 2 }],
    });
    expect(blocked.status).toBe('credit_hold');
    await inReplica(blocked.id, blocked.version);
    await inReplica(waiting.id, waiting.version);

    const queue = await call('ctl1', 'credit.holds', {});
    const ids = queue.rows.map((r) => r.orderId);
    expect(ids.indexOf(waiting.id)).toBe(0);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(blocked.id));
    const row = queue.rows.find((r) => r.orderId === older.id);
    expect(row).toMatchObject({
      orderNumber: older.number,
      dealerCode: gold.code,
      region: 'West',
      reasons: ['over_limit'],
      tier: 'controller',
      myPart: 'can_complete',
      dealerWaiting: false,
      slaTargetMinutes: 240,
    });
    expect(row?.excess).toBe(older.credit_check.exposure - older.credit_check.credit_limit);
    expect(queue.rows.find((r) => r.orderId === blocked.id)).toMatchObject({
      reasons: ['account_blocked'],
      tier: 'manager',
      myPart: 'cannot',
    });
    expect(queue.platformAsOf).not.toBeNull();

    const onlyBlocked = await call('ctl1', 'credit.holds', { reasons: ['account_blocked'] });
    expect(onlyBlocked.rows.map((r) => r.orderId)).toEqual([blocked.id]);
    const mineCtl = await call('ctl1', 'credit.holds', { mine: 'needs_my_approval' });
    expect(mineCtl.rows.map((r) => r.orderId)).toContain(older.id);
    expect(mineCtl.rows.map((r) => r.orderId)).not.toContain(blocked.id);
    const mineMgr = await call('mgr1', 'credit.holds', { mine: 'needs_my_approval' });
    expect(mineMgr.rows.map((r) => r.orderId)).toContain(blocked.id);
    const small = await call('ctl1', 'credit.holds', { bands: ['under_1l'] });
    expect(small.rows.every((r) => r.total < 10_000_000)).toBe(true);
    expect(small.rows.map((r) => r.orderId)).toContain(blocked.id);
    const big = await call('ctl1', 'credit.holds', { bands: ['over_25l'] });
    expect(big.rows.map((r) => r.orderId)).not.toContain(blocked.id);

    // Inside sales has no business in the queue.
    await expect(call('sales', 'credit.holds', {})).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('shows the exposure behind a hold by the platform formula, beside what the platform decided at placement', async () => {
    const order = placeHeld(200_000);
    await inReplica(order.id, order.version);
    const detail = await call('ctl1', 'credit.hold', { orderId: order.id });
    const account = servers.dms.domain.getAccount(gold.code)!;
    expect(detail.placement).toMatchObject({ creditLimit: order.credit_check.credit_limit, exposure: order.credit_check.exposure });
    expect(detail.exposure).toMatchObject({
      creditLimit: account.credit_limit,
      balance: account.balance,
      unbilled: account.unbilled,
      thisOrder: order.total,
    });
    const e = detail.exposure!;
    expect(e.ageing.notDue + e.ageing.d1To30 + e.ageing.d31To60 + e.ageing.d61To90 + e.ageing.d90Plus).toBe(e.balance);
    expect(e.exposureAfter).toBe(e.balance + e.unbilled + e.notHandedOver + e.thisOrder);
    expect(e.availableAfter).toBe(e.creditLimit - e.exposureAfter);
    expect(e.dmsAsOf).not.toBeNull();
    expect(e.recheck.wouldHold).toBe(true);
    expect(detail.lines[0]).toMatchObject({ sku: fixtureSkus.cable, name: 'FR cable 1.5 sq mm, 90 m' });
    expect(detail.authority.requirement).toEqual({ approvals: 1, roles: ['credit_controller'], differentPeople: false });
    expect(detail.rejectionReasons.find((r) => r.code === 'over_limit')?.dealerMessageForOrder).toContain(order.number);
    // Earlier holds of the same dealer are its history.
    expect(detail.history.pastHolds.length).toBeGreaterThan(0);
    expect(detail.snapshot).toMatchObject({ orderVersion: order.version, thisOrder: order.total, dmsAccountVersion: account.version });
  });
});

describe('stale decisions', () => {
  it('flags a hold when a payment arrives and when the limit changes after the hold, saying what changed', async () => {
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    expect((await call('ctl1', 'credit.hold', { orderId: order.id })).row.stale).toEqual([]);

    servers.clock.advance(60_000);
    servers.dms.domain.recordPayment(gold.code, 250_000, 'neft', 'UTR-TEST-1');
    const before = servers.dms.domain.getAccount(gold.code)!.credit_limit;
    servers.dms.domain.setCreditLimit(gold.code, before + 5_000_000);
    await dmsAccountInReplica(gold.code);
    await waitFor(async () => (await call('ctl1', 'credit.hold', { orderId: order.id })).row.stale.length >= 2, 10_000, 'stale');

    const row = (await call('ctl1', 'credit.holds', {})).rows.find((r) => r.orderId === order.id);
    expect(row?.stale).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'payment', amount: 250_000, reference: 'UTR-TEST-1' }),
        { kind: 'limit', from: order.credit_check.credit_limit, to: before + 5_000_000 },
      ]),
    );
    servers.dms.domain.setCreditLimit(gold.code, before);
    await dmsAccountInReplica(gold.code);
  });
});

describe('stale decisions: an older invoice paid', () => {
  it('flags an overdue hold when a payment clears the invoice that was overdue, and says the overdue is gone', async () => {
    const overdue = fixtureIds.overdue;
    const order = servers.platform.domain.placeDealerOrder({ account_id: overdue.id, lines: [{ sku: fixtureSkus.switchPlate, qty: 1 }] });
    expect(order.credit_check.reasons).toContain('overdue');
    await inReplica(order.id, order.version);
    expect((await call('ctl1', 'credit.hold', { orderId: order.id })).row.stale).toEqual([]);
    servers.clock.advance(60_000);
    // 5,000.00 pays the 75-day-old invoice in full (payments go to the oldest invoices first).
    servers.dms.domain.recordPayment(overdue.code, 500_000, 'rtgs', 'UTR-OLD-INV');
    await dmsAccountInReplica(overdue.code);
    await waitFor(async () => (await call('ctl1', 'credit.hold', { orderId: order.id })).row.stale.length >= 3, 10_000, 'stale');
    const { row } = await call('ctl1', 'credit.hold', { orderId: order.id });
    expect(row.stale).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'payment', amount: 500_000 }),
        expect.objectContaining({ kind: 'invoice_paid', invoiceNumber: 'INV-SEED-inv_seed_1', outstanding: 0 }),
        { kind: 'overdue_cleared', oldestOverdueDays: 10 },
      ]),
    );
  });
});

describe('conflicts say exactly what happened, and nothing is pushed', () => {
  it('the dealer cancelled while the controller was looking', async () => {
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    const seen = (await call('ctl1', 'credit.hold', { orderId: order.id })).snapshot;
    const cancelled = servers.platform.domain.cancelByDealer(order.id, 'Found stock locally');
    await inReplica(order.id, cancelled.version);
    await expect(call('ctl1', 'credit.approve', { orderId: order.id, seenOrderVersion: seen.orderVersion, seen })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/^The dealer cancelled this order at .*\("Found stock locally"\); nothing was sent\./),
    });
    expect(outboxFor(order.id)).toEqual([]);
    expect(servers.platform.domain.getOrder(order.id)?.approvals).toEqual([]);
  });

  it('another desk decided first', async () => {
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    const seen = (await call('ctl2', 'credit.hold', { orderId: order.id })).snapshot;
    const decided = servers.platform.domain.transition(order.id, {
      to: 'rejected',
      by: { id: 'desk-2-priya', name: 'Priya Nair' },
      reason: 'Over limit; pay first',
      reason_code: 'over_limit',
    });
    await inReplica(order.id, decided.version);
    await expect(call('ctl2', 'credit.approve', { orderId: order.id, seenOrderVersion: seen.orderVersion, seen })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(
        /^Priya Nair on another desk already rejected this order at .* \(reason: over_limit\); yours was not sent\./,
      ),
    });
    expect(outboxFor(order.id)).toEqual([]);
  });

  it('the account changed since it was opened: the message lists what moved', async () => {
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    const seen = (await call('ctl1', 'credit.hold', { orderId: order.id })).snapshot;
    const limit = servers.dms.domain.getAccount(gold.code)!.credit_limit;
    servers.dms.domain.setCreditLimit(gold.code, limit - 1_000_000);
    await dmsAccountInReplica(gold.code);
    await expect(call('ctl1', 'credit.approve', { orderId: order.id, seenOrderVersion: seen.orderVersion, seen })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('Changed since you opened it: the credit limit fell by ₹10,000.00'),
    });
    expect(outboxFor(order.id)).toEqual([]);
    servers.dms.domain.setCreditLimit(gold.code, limit);
    await dmsAccountInReplica(gold.code);
  });
});

describe('decisions', () => {
  it('a rejection needs a listed reason and a note; its dealer message is published once it lands; audited with the snapshot', async () => {
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    const detail = await call('ctl1', 'credit.hold', { orderId: order.id });
    const seen = detail.snapshot;
    await expect(
      call('ctl1', 'credit.reject', {
        orderId: order.id,
        seenOrderVersion: seen.orderVersion,
        seen,
        reasonCode: 'made_up',
        reason: 'Because',
      }),
    ).rejects.toMatchObject({ kind: 'validation' });
    await expect(
      call('ctl1', 'credit.reject', { orderId: order.id, seenOrderVersion: seen.orderVersion, seen, reasonCode: 'over_limit', reason: '' }),
    ).rejects.toMatchObject({ kind: 'validation' });
    const message = detail.rejectionReasons.find((r) => r.code === 'over_limit')!.dealerMessageForOrder;
    await call('ctl1', 'credit.reject', {
      orderId: order.id,
      seenOrderVersion: seen.orderVersion,
      seen,
      reasonCode: 'over_limit',
      reason: 'Two invoices unpaid; asked the dealer to pay first',
      dealerMessage: message,
    });
    await waitFor(() => servers.platform.domain.getOrder(order.id)?.status === 'rejected', 10_000, 'rejected');
    expect(servers.platform.domain.getOrder(order.id)?.decision).toMatchObject({ reason_code: 'over_limit', by: { name: 'CTL1' } });
    await waitFor(() => servers.platform.domain.listDealerStatus(order.id).length === 1, 10_000, 'dealer told');
    expect(servers.platform.domain.listDealerStatus(order.id)[0]).toMatchObject({ status: 'rejected', message });
    const entry = backend.services.audit.list({ limit: 50 }).find((e) => e.action === 'credit.reject' && e.subject === `order:${order.id}`);
    expect(entry?.detail).toMatchObject({
      reasonCode: 'over_limit',
      seen: { orderVersion: seen.orderVersion },
      atDecision: { thisOrder: order.total },
    });
  });

  it('bulk approval decides only what the person may complete; every hold gets its own line', async () => {
    const within = placeHeld(0);
    const beyond = placeHeld(3_000_000);
    await inReplica(beyond.id, beyond.version);
    await inReplica(within.id, within.version);
    const snapshot = async (id: string) => (await call('ctl1', 'credit.hold', { orderId: id })).snapshot;
    const { results } = await call('ctl1', 'credit.bulkDecide', {
      decision: 'approve',
      holds: [
        { orderId: within.id, seen: await snapshot(within.id) },
        { orderId: beyond.id, seen: await snapshot(beyond.id) },
      ],
    });
    expect(results).toEqual([
      expect.objectContaining({ orderId: within.id, outcome: 'sent' }),
      expect.objectContaining({
        orderId: beyond.id,
        outcome: 'skipped',
        message: expect.stringMatching(/Beyond your authority.*credit manager/),
      }),
    ]);
    await waitFor(
      () => ['approved', 'in_fulfillment'].includes(servers.platform.domain.getOrder(within.id)?.status ?? ''),
      15_000,
      'approved',
    );
    await engine.dispatcher.idle();
    expect(servers.platform.domain.getOrder(beyond.id)).toMatchObject({ status: 'credit_hold', approvals: [] });
    expect(
      backend.services.audit.list({ limit: 50 }).filter((e) => e.action === 'credit.approve' && e.subject === `order:${within.id}`),
    ).toHaveLength(1);
  });
});

describe('settings', () => {
  it('the admin edits the policy (validated, audited); the queue and the push path both follow it', async () => {
    await expect(call('ctl1', 'credit.saveSettings', { policy: defaultAuthorityPolicy })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(
      call('admin1', 'credit.saveSettings', { policy: { ...defaultAuthorityPolicy, controllerMaxExcessBp: -5 } }),
    ).rejects.toMatchObject({ kind: 'validation' });
    const strict = { ...defaultAuthorityPolicy, controllerTierRole: 'credit_manager' as const };
    const saved = await call('admin1', 'credit.saveSettings', {
      policy: strict,
      slaTargets: { over_limit: 60, overdue: 240, account_blocked: 30, no_credit_position: 240 },
    });
    expect(saved.policy.controllerTierRole).toBe('credit_manager');
    const audit = backend.services.audit.list({ limit: 10 }).find((e) => e.subject === 'setting:credit.authorityPolicy');
    expect(audit?.detail).toMatchObject({ from: null, to: { controllerTierRole: 'credit_manager' } });
    try {
      const order = placeHeld(0);
      await inReplica(order.id, order.version);
      const row = (await call('ctl1', 'credit.holds', {})).rows.find((r) => r.orderId === order.id);
      expect(row).toMatchObject({ tier: 'controller', myPart: 'cannot', missing: 'an approval by a credit manager', slaTargetMinutes: 60 });
      const seen = (await call('ctl1', 'credit.hold', { orderId: order.id })).snapshot;
      const receipt = await call('ctl1', 'credit.approve', { orderId: order.id, seenOrderVersion: seen.orderVersion, seen });
      expect(receipt.stillNeeded).toBe('an approval by a credit manager');
      await waitFor(() => servers.platform.domain.getOrder(order.id)?.approvals.length === 1, 10_000, 'approval recorded');
      await engine.dispatcher.idle();
      // The push path reads the same policy: one controller's approval does not release it.
      expect(servers.platform.domain.getOrder(order.id)?.status).toBe('credit_hold');
      expect(
        backend.sqlite
          .prepare('SELECT count(*) FROM outbox WHERE entity_key = ? AND kind = ?')
          .pluck()
          .get(`order:${order.id}`, 'dms.createCreditOverride'),
      ).toBe(0);
    } finally {
      await call('admin1', 'credit.saveSettings', {
        policy: defaultAuthorityPolicy,
        slaTargets: { over_limit: 240, overdue: 240, account_blocked: 240, no_credit_position: 240 },
      });
    }
  });

  it('new holds arrive behind a cursor, for notifications', async () => {
    const start = await call('ctl1', 'credit.holdArrivals', { after: null });
    expect(start.arrivals).toEqual([]);
    expect(start.enabled).toBe(true);
    const order = placeHeld(0);
    await inReplica(order.id, order.version);
    const next = await call('ctl1', 'credit.holdArrivals', { after: start.cursor });
    expect(next.arrivals.map((a) => a.orderNumber)).toEqual([order.number]);
    expect((await call('ctl1', 'credit.holdArrivals', { after: next.cursor })).arrivals).toEqual([]);
    await call('admin1', 'credit.saveSettings', { notifications: { enabled: false } });
    expect((await call('ctl1', 'credit.holdArrivals', { after: next.cursor })).enabled).toBe(false);
    await call('admin1', 'credit.saveSettings', { notifications: { enabled: true } });
  });
});
