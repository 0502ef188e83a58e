// The phone order desk's procedures on a real backend syncing with the reference servers over HTTP (test
// fixture): the dealer card, SKU search and the preview from the replica; drafts per clerk with revisions;
// price overrides only for the roles the admin allows; submit through the outbox (placed, credit hold with the
// dealer-waiting mark, the 24-hour duplicate warning); a price-mismatch fixed with one action; audit entries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import type {
  DealerCardView,
  DraftView,
  MyPhoneOrderView,
  PhoneOrderPreviewView,
  PhoneOrderSettingsView,
  ReorderLinesView,
  SkuHitView,
  SubmitResult,
} from '../../../src/shared/api/features/phoneOrder';
import type { AuditEntryView } from '../../../src/shared/api/contract';
import { DEALER_WAITING_MARKER } from '../../../src/shared/dealerWaiting';
import type { Role } from '../../../src/shared/roles';
import { fixtureIds, fixtureSkus, startReferenceServers, type ReferenceServers } from '../../../src/sim/index';
import { waitFor } from '../sync/helpers';

let servers: ReferenceServers;
let backend: Backend;
let engine: SyncEngine;
const dir = mkdtempSync(join(tmpdir(), 'dd-phone-order-'));
const sessions = new Map<string, string>();

async function simPost(path: string, body: unknown) {
  const res = await fetch(`${servers.platform.url.replace(/\/v1$/, '')}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

async function call<T>(who: string, procedure: string, input: unknown): Promise<T> {
  const res = await backend.dispatch(procedure, input, { sessionToken: sessions.get(who) ?? null });
  if (!res.ok) throw Object.assign(new Error(`${res.error.kind}: ${res.error.message}`), { kind: res.error.kind });
  return res.value as T;
}

async function failure(who: string, procedure: string, input: unknown): Promise<{ kind: string; message: string }> {
  const res = await backend.dispatch(procedure, input, { sessionToken: sessions.get(who) ?? null });
  if (res.ok) throw new Error(`expected ${procedure} to fail, got ${JSON.stringify(res.value)}`);
  return res.error;
}

async function mineOf(who: string, clientReference: string): Promise<MyPhoneOrderView | undefined> {
  const mine = await call<MyPhoneOrderView[]>(who, 'phoneOrder.mine', {});
  return mine.find((m) => m.clientReference === clientReference);
}

async function waitForState(who: string, clientReference: string, state: MyPhoneOrderView['state'], what: string) {
  let last: MyPhoneOrderView | undefined;
  await waitFor(
    async () => {
      last = await mineOf(who, clientReference);
      return last?.state === state;
    },
    15_000,
    `${what} (last: ${JSON.stringify(last)})`,
  );
  return last as MyPhoneOrderView;
}

beforeAll(async () => {
  servers = await startReferenceServers({ seed: 7, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
  backend = await createBackend({ dataDir: dir, log: () => {} });
  engine = startSync({
    backend,
    platform: { url: servers.platform.url, token: servers.token },
    dms: { url: servers.dms.url, token: servers.token },
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 300 } },
    requestTimeoutMs: 2000,
    pullInThread: false,
  });
  const people: [string, Role[]][] = [
    ['asha', ['admin']],
    ['ravi', ['inside_sales']],
    ['meena', ['inside_sales']],
    ['kiran', ['credit_controller']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    sessions.set(username, backend.services.sessions.open(staff.id));
  }
  await waitFor(
    () => backend.sqlite.prepare('SELECT count(*) FROM sync_cursors WHERE feed_cursor IS NOT NULL').pluck().get() === 2,
    20_000,
    'the first snapshot of both systems',
  );
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await backend?.close();
  await servers?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('phone order desk', () => {
  it('shows the dealer card: terms, price list kind, home warehouse, credit with its as-of time, holds and last orders', async () => {
    const past = servers.platform.domain.placeDealerOrder({ account_id: fixtureIds.gold.id, lines: [{ sku: fixtureSkus.cable, qty: 2 }] });
    await waitFor(
      () => backend.sqlite.prepare('SELECT 1 FROM platform_orders WHERE id = ?').get(past.id) !== undefined,
      10_000,
      'order pulled',
    );
    const card = await call<DealerCardView>('ravi', 'phoneOrder.dealer', { accountId: fixtureIds.gold.id });
    expect(card.account).toMatchObject({ code: 'D002', tier: 'gold', paymentTermsDays: 30, priceList: { id: 'gold', source: 'tier' } });
    // No DMS orders yet for D002: the first warehouse of its region (West).
    expect(card.homeWarehouse?.id).toBe('WH-PUN');
    expect(card.credit.source).toBe('platform');
    expect(card.credit.limit).toBe(5_000_000);
    expect(card.credit.asOf).not.toBeNull();
    expect(card.credit.available).toBe(card.credit.limit - card.credit.exposure);
    expect(card.lastOrders.map((o) => o.id)).toContain(past.id);
    expect(card.asOf.platform).not.toBeNull();
    // Not for a credit controller: the desk is inside sales' job.
    expect((await failure('kiran', 'phoneOrder.dealer', { accountId: fixtureIds.gold.id })).kind).toBe('forbidden');
  });

  it('finds SKUs by code, name words and category, priced for the dealer, and says why one cannot be added', async () => {
    const byCode = await call<SkuHitView[]>('ravi', 'phoneOrder.skuSearch', { accountId: fixtureIds.gold.id, text: 'cab' });
    expect(byCode[0]).toMatchObject({ sku: fixtureSkus.cable, unitPrice: 90_000, priceSource: 'tier', addable: true, available: 120 });
    const byWords = await call<SkuHitView[]>('ravi', 'phoneOrder.skuSearch', { accountId: fixtureIds.plain.id, text: 'enamel 20' });
    expect(byWords.map((h) => h.sku)).toEqual([fixtureSkus.paint]);
    expect(byWords[0]).toMatchObject({ unitPrice: 250_000, priceSource: 'base' });
    const byCategory = await call<SkuHitView[]>('ravi', 'phoneOrder.skuSearch', { accountId: fixtureIds.plain.id, text: 'general' });
    expect(byCategory).toHaveLength(6);
    // Orderable first; the two that cannot be added last, each with the reason.
    expect(byCategory.slice(-2).map((h) => [h.sku, h.addable])).toEqual(
      expect.arrayContaining([
        [fixtureSkus.inactive, false],
        [fixtureSkus.unpriced, false],
      ]),
    );
    const fan = await call<SkuHitView[]>('ravi', 'phoneOrder.skuSearch', { accountId: fixtureIds.plain.id, text: 'ceiling fan' });
    expect(fan[0]).toMatchObject({ addable: false, why: expect.stringContaining('Inactive') });
    const led = await call<SkuHitView[]>('ravi', 'phoneOrder.skuSearch', { accountId: fixtureIds.plain.id, text: 'LED bulb' });
    expect(led[0]).toMatchObject({ addable: false, why: 'Not priced for this dealer.' });
  });

  it('previews lines with price source, the next break, quantity correction, stock home first, GST and the credit preview', async () => {
    const preview = await call<PhoneOrderPreviewView>('ravi', 'phoneOrder.preview', {
      accountId: fixtureIds.plain.id,
      lines: [
        { sku: fixtureSkus.cable, qty: 6, previousUnitPrice: 98_000 },
        { sku: fixtureSkus.cement, qty: 15 },
        { sku: fixtureSkus.inactive, qty: 1 },
      ],
    });
    const [cable, cement, fan] = preview.lines;
    // Base 1,000.00 from 1 and 950.00 from 10 (the expired 700.00 promotion and the future 1,100.00 never apply).
    expect(cable).toMatchObject({ unitPrice: 100_000, priceSource: 'base', priceChanged: true, previousUnitPrice: 98_000 });
    expect(cable?.nextBreak).toEqual({ qty: 10, more: 4, unitPrice: 95_000, saving: 5_000 });
    expect(cable?.stock.map((s) => [s.code, s.available, s.home])).toEqual([
      ['PUN', 100, true],
      ['DEL', 20, false],
    ]);
    expect([cable?.taxRateBp, cable?.lineTotal, cable?.tax]).toEqual([1800, 600_000, 108_000]);
    expect(cement).toMatchObject({ correctedQty: 20, refusal: 'invalid-quantity' });
    expect(fan).toMatchObject({ refusal: 'inactive-sku', blocked: expect.stringContaining('Inactive') });
    expect(preview.orderable).toBe(false);
    const c = preview.credit;
    expect(c.limit).toBe(100_000_000);
    expect(c.thisOrder).toBe(preview.total);
    expect(c.dmsExposure + c.notHandedOver + c.queuedOnDesk + c.thisOrder).toBe(c.exposureAfter);
    expect(c.availableAfter).toBe(c.limit - c.exposureAfter);
    expect(c.asOf.position).not.toBeNull();
    expect(c.asOf.platform).not.toBeNull();

    const overdue = await call<PhoneOrderPreviewView>('ravi', 'phoneOrder.preview', {
      accountId: fixtureIds.overdue.id,
      lines: [{ sku: fixtureSkus.cable, qty: 1 }],
    });
    expect(overdue.credit.result).toBe('held');
    expect(overdue.credit.reasons).toEqual(['overdue']);
    expect(overdue.credit.authority?.tier).toBe('controller');
    const blocked = await call<PhoneOrderPreviewView>('ravi', 'phoneOrder.preview', {
      accountId: fixtureIds.blocked.id,
      lines: [{ sku: fixtureSkus.cable, qty: 1 }],
    });
    expect(blocked.credit.reasons).toContain('account_blocked');
    expect(blocked.credit.authority).toMatchObject({ tier: 'manager', who: 'a credit manager' });
  });

  it('keeps drafts per clerk, refuses a stale save, and never opens one for a suspended dealer', async () => {
    expect((await failure('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.suspended.id })).message).toContain('suspended');
    const first = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.plain.id });
    const second = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.gold.id });
    expect(first.clientReference).not.toBe(second.clientReference);
    const saved = await call<{ revision: number }>('ravi', 'phoneOrder.draft.save', {
      draftId: first.id,
      revision: first.revision,
      lines: [{ sku: fixtureSkus.cable, qty: 4 }],
      notes: 'deliver before Friday',
      dealerWaiting: true,
    });
    expect(saved.revision).toBe(first.revision + 1);
    const stale = await failure('ravi', 'phoneOrder.draft.save', {
      draftId: first.id,
      revision: first.revision,
      lines: [],
      dealerWaiting: false,
    });
    expect(stale.kind).toBe('conflict');
    expect(stale.message).toContain('another window');
    const mine = await call<DraftView[]>('ravi', 'phoneOrder.drafts', {});
    expect(mine.find((d) => d.id === first.id)).toMatchObject({
      lines: [{ sku: fixtureSkus.cable, qty: 4 }],
      notes: 'deliver before Friday',
      dealerWaiting: true,
    });
    expect(mine.map((d) => d.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    // Another clerk sees none of them and cannot touch them.
    expect((await call<DraftView[]>('meena', 'phoneOrder.drafts', {})).map((d) => d.id)).not.toContain(first.id);
    expect((await failure('meena', 'phoneOrder.draft.discard', { draftId: first.id })).kind).toBe('not_found');
    await call('ravi', 'phoneOrder.draft.discard', { draftId: second.id });
    expect((await call<DraftView[]>('ravi', 'phoneOrder.drafts', {})).map((d) => d.id)).not.toContain(second.id);
  });

  it('offers the price override only to roles the admin allows, enforced by the backend and audited', async () => {
    const draft = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.plain.id });
    const withOverride = {
      draftId: draft.id,
      revision: draft.revision,
      lines: [{ sku: fixtureSkus.switchPlate, qty: 2, priceOverride: { unitPrice: 4_500, reason: 'matching a competitor quote' } }],
      dealerWaiting: false,
    };
    expect((await call<PhoneOrderSettingsView>('ravi', 'phoneOrder.settings', {})).mayOverride).toBe(false);
    expect((await failure('ravi', 'phoneOrder.draft.save', withOverride)).kind).toBe('forbidden');
    expect((await failure('ravi', 'phoneOrder.settings.set', { overrideRoles: ['inside_sales'] })).kind).toBe('forbidden');
    await call('asha', 'phoneOrder.settings.set', { overrideRoles: ['inside_sales'] });
    expect((await call<PhoneOrderSettingsView>('ravi', 'phoneOrder.settings', {})).mayOverride).toBe(true);
    await call('ravi', 'phoneOrder.draft.save', withOverride);
    const result = await call<SubmitResult>('ravi', 'phoneOrder.submit', { ...withOverride, revision: draft.revision + 1 });
    expect(result.outcome).toBe('submitted');
    const placed = await waitForState('ravi', draft.clientReference, 'placed', 'the overridden order placed');
    const order = servers.platform.domain.getOrder(placed.orderId as string);
    expect(order?.lines[0]).toMatchObject({ unit_price: 4_500, list_price: 5_000, price_override_reason: 'matching a competitor quote' });
    await call('asha', 'phoneOrder.settings.set', { overrideRoles: [] });
    const audit = await call<AuditEntryView[]>('asha', 'audit.list', { limit: 100 });
    expect(audit.some((e) => e.action === 'settings.set' && e.subject === 'setting:phoneOrder.priceOverride')).toBe(true);
  });

  it('submits through the outbox: placed, then a credit hold carrying the dealer-waiting mark, and warns about a duplicate', async () => {
    const draft = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.plain.id });
    const content = { draftId: draft.id, revision: draft.revision, lines: [{ sku: fixtureSkus.cable, qty: 3 }], dealerWaiting: false };
    const submitted = await call<SubmitResult>('ravi', 'phoneOrder.submit', content);
    expect(submitted).toMatchObject({ outcome: 'submitted', clientReference: draft.clientReference });
    const placed = await waitForState('ravi', draft.clientReference, 'placed', 'placed');
    expect(placed.orderNumber).toMatch(/^SO-/);
    expect(servers.platform.domain.getOrderByReference(fixtureIds.plain.id, draft.clientReference)?.channel).toBe('phone');
    // A second Ctrl+Enter is the same order.
    expect(await call<SubmitResult>('ravi', 'phoneOrder.submit', content)).toMatchObject({
      outcome: 'submitted',
      clientReference: draft.clientReference,
    });

    // The same dealer, the same lines, within 24 hours: a warning first, nothing sent.
    const again = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.plain.id });
    const repeat = { draftId: again.id, revision: again.revision, lines: [{ sku: fixtureSkus.cable, qty: 3 }], dealerWaiting: false };
    const warned = await call<SubmitResult>('ravi', 'phoneOrder.submit', repeat);
    expect(warned.outcome).toBe('duplicate');
    expect(warned.outcome === 'duplicate' && warned.matches[0]?.orderNumber).toBe(placed.orderNumber);
    expect((await call<DraftView[]>('ravi', 'phoneOrder.drafts', {})).map((d) => d.id)).toContain(again.id);
    expect((await call<SubmitResult>('ravi', 'phoneOrder.submit', { ...repeat, confirmDuplicate: true })).outcome).toBe('submitted');
    await waitForState('ravi', again.clientReference, 'placed', 'the confirmed repeat placed');

    // Gold is close to its limit: a big order is held, with the mark every desk's hold queue reads. First let
    // the join settle (the earlier gold order handed over, its value pushed back as DMS unbilled), so the
    // preview and the placement see the same facts.
    await waitFor(
      async () => {
        await engine.dispatcher.idle();
        const handedOver =
          backend.sqlite
            .prepare("SELECT count(*) FROM platform_orders WHERE account_id = ? AND status IN ('received', 'approved')")
            .pluck()
            .get(fixtureIds.gold.id) === 0;
        const pushed =
          backend.sqlite
            .prepare(
              'SELECT c.source_version = d.version FROM platform_credit c, dms_accounts d WHERE c.account_id = ? AND d.dealer_code = ?',
            )
            .pluck()
            .get(fixtureIds.gold.id, fixtureIds.gold.code) === 1;
        return handedOver && pushed;
      },
      15_000,
      'the join to settle for D002',
    );
    const big = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.gold.id });
    const preview = await call<PhoneOrderPreviewView>('ravi', 'phoneOrder.preview', {
      accountId: fixtureIds.gold.id,
      lines: [{ sku: fixtureSkus.cable, qty: 100 }],
    });
    expect(preview.credit.result).toBe('held');
    expect(preview.credit.reasons).toEqual(['over_limit']);
    await call('ravi', 'phoneOrder.submit', {
      draftId: big.id,
      revision: big.revision,
      lines: [{ sku: fixtureSkus.cable, qty: 100 }],
      notes: 'needs it for a site on Monday',
      dealerWaiting: true,
    });
    const held = await waitForState('ravi', big.clientReference, 'credit_hold', 'held');
    expect(held.holdReasons).toEqual(['over_limit']);
    expect(held.dealerWaiting).toBe(true);
    const onPlatform = servers.platform.domain.getOrder(held.orderId as string);
    expect(onPlatform?.notes).toBe(`${DEALER_WAITING_MARKER}\nneeds it for a site on Monday`);
    expect(onPlatform?.credit_check.exposure).toBe(preview.credit.exposureAfter);

    const audit = await call<AuditEntryView[]>('asha', 'audit.list', { limit: 200 });
    expect(audit.filter((e) => e.action === 'phoneOrder.submit' && e.subject === `draft:${big.id}`)).toHaveLength(1);
  });

  it('brings a price-mismatch back as a task and fixes it with one action', async () => {
    const draft = await call<DraftView>('ravi', 'phoneOrder.draft.create', { accountId: fixtureIds.contract.id });
    // The platform does not take orders for now, so the price can change under the queued order.
    await simPost('/_sim/faults', { error_rates: { '503': 1 }, operations: ['createOrder'], retry_after_s: 0 });
    try {
      await call('ravi', 'phoneOrder.submit', {
        draftId: draft.id,
        revision: draft.revision,
        lines: [{ sku: fixtureSkus.paint, qty: 4 }],
        dealerWaiting: false,
      });
      const sending = await waitForState('ravi', draft.clientReference, 'sending', 'sending');
      expect(sending.total).toBe(4 * 200_000 + Math.round(4 * 200_000 * 0.18));
      servers.platform.domain.upsertPrice({
        id: `cl-acc_003:${fixtureSkus.paint}:1`,
        price_list_id: 'cl-acc_003',
        sku: fixtureSkus.paint,
        min_qty: 1,
        unit_price: 210_000,
        valid_from: null,
        valid_to: null,
      });
    } finally {
      await simPost('/_sim/reset-faults', {});
    }
    const task = await waitForState('ravi', draft.clientReference, 'needs_attention', 'price-mismatch task');
    expect(task.problem?.code).toBe('price-mismatch');
    expect(task.fix).toMatchObject({
      action: 'acceptPlatformPrices',
      changes: [{ lineNo: 1, sku: fixtureSkus.paint, from: 200_000, to: 210_000 }],
    });
    await call('ravi', 'phoneOrder.acceptPlatformPrices', { draftId: draft.id });
    const placed = await waitForState('ravi', draft.clientReference, 'placed', 'placed after accepting prices');
    expect(servers.platform.domain.getOrder(placed.orderId as string)?.lines[0]?.unit_price).toBe(210_000);
    expect(
      servers.platform.domain.listOrders(fixtureIds.contract.id).filter((o) => o.client_reference === draft.clientReference),
    ).toHaveLength(1);
    const audit = await call<AuditEntryView[]>('asha', 'audit.list', { limit: 200 });
    expect(audit.some((e) => e.action === 'phoneOrder.acceptPlatformPrices' && e.subject === `draft:${draft.id}`)).toBe(true);
  });

  it('reorders a past order: the lines still sold with their old price, withdrawn SKUs named and left out', async () => {
    const past = servers.platform.domain.placeDealerOrder({
      account_id: fixtureIds.plain.id,
      lines: [
        { sku: fixtureSkus.cable, qty: 2 },
        { sku: fixtureSkus.switchPlate, qty: 5 },
      ],
    });
    const plate = servers.platform.domain.getProduct(fixtureSkus.switchPlate);
    if (!plate) throw new Error('fixture switch plate missing');
    servers.platform.domain.upsertProduct({ ...plate, active: false });
    await waitFor(
      () => backend.sqlite.prepare('SELECT active FROM platform_products WHERE sku = ?').pluck().get(fixtureSkus.switchPlate) === 0,
      10_000,
      'the withdrawal pulled',
    );
    const view = await call<ReorderLinesView>('ravi', 'phoneOrder.reorderLines', { orderId: past.id });
    expect(view.lines).toEqual([{ sku: fixtureSkus.cable, qty: 2, previousUnitPrice: 100_000 }]);
    expect(view.withdrawn).toEqual([{ sku: fixtureSkus.switchPlate, name: 'Switch 6A white', why: 'withdrawn (inactive)' }]);
  });
});
