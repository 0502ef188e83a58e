// New-hold notifications: the shared decision and wording, and the notifier the Electron shell runs in its
// main process, on a real backend whose replica is written by the real ReplicaWriter (holds that come with a
// snapshot stay quiet; a hold from the feed notifies once; the admin's setting turns it off; only credit
// staff are told). Electron's Notification itself cannot run here: the shell only passes `show` to it.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { rolesOfSession, startHoldNotifier } from '../../../src/main/features/credit/notifications';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import type { Platform } from '../../../src/shared/contracts';
import { holdNotice, type HoldNotice } from '../../../src/shared/credit/notifications';
import { DEALER_WAITING_MARKER } from '../../../src/shared/dealerWaiting';
import { tempDir } from '../../integration/sync/helpers';

function order(id: string, status: Platform.Order['status'], notes: string | null = null): Platform.Order {
  return {
    id,
    number: `SO-2026-${id}`,
    account_id: 'acc_1',
    channel: 'portal',
    status,
    placed_at: '2026-03-02T05:00:00.000Z',
    placed_by: { type: 'dealer', id: 'd1', name: 'Dealer' },
    client_reference: null,
    currency: 'INR',
    lines: [{ line_no: 1, sku: 'S1', qty: 1, unit_price: 100_000, tax_rate_bp: 1800, line_total: 100_000, tax: 18_000 }],
    subtotal: 100_000,
    tax_total: 18_000,
    total: 118_000,
    notes,
    credit_check: {
      result: status === 'credit_hold' ? 'held' : 'passed',
      checked_at: '2026-03-02T05:00:00.000Z',
      credit_limit: 100_000,
      exposure: 118_000,
      available_after: -18_000,
      reasons: status === 'credit_hold' ? ['over_limit'] : [],
    },
    approvals: [],
    version: 1,
    updated_at: '2026-03-02T05:00:00.000Z',
  };
}

describe('holdNotice', () => {
  const arrival = (n: string, dealerWaiting = false) => ({
    orderId: `o${n}`,
    orderNumber: `SO-${n}`,
    dealerName: 'Patil Hardware',
    currency: 'INR',
    total: 12_345_600,
    reasons: ['over_limit' as const],
    dealerWaiting,
  });

  it('tells credit staff about one hold, or sums up several with the dealer-waiting ones counted', () => {
    const credit = ['credit_controller'];
    expect(holdNotice([arrival('1')], { enabled: true, recipientRoles: credit })).toEqual({
      title: 'new credit hold SO-1',
      body: 'Patil Hardware · ₹1,23,456.00 · Over limit',
      tag: 'credit-hold:o1',
      orderId: 'o1',
    });
    expect(holdNotice([arrival('1', true)], { enabled: true, recipientRoles: credit })?.title).toBe('Dealer waiting: new credit hold SO-1');
    const many = holdNotice([arrival('1', true), arrival('2'), arrival('3'), arrival('4')], {
      enabled: true,
      recipientRoles: ['credit_manager'],
    });
    expect(many).toMatchObject({ title: '4 new credit holds, 1 with the dealer waiting', orderId: null });
    expect(many?.body).toBe('SO-1 (Patil Hardware), SO-2 (Patil Hardware), SO-3 (Patil Hardware) and 1 more');
  });

  it('says nothing when turned off, to people outside credit control, or when nothing arrived', () => {
    expect(holdNotice([arrival('1')], { enabled: false, recipientRoles: ['credit_controller'] })).toBeNull();
    expect(holdNotice([arrival('1')], { enabled: true, recipientRoles: ['inside_sales', 'admin'] })).toBeNull();
    expect(holdNotice([arrival('1')], { enabled: true, recipientRoles: null })).toBeNull();
    expect(holdNotice([], { enabled: true, recipientRoles: ['credit_controller'] })).toBeNull();
  });
});

describe('the main-process hold notifier', () => {
  let backend: Backend;
  let dir: string;
  beforeEach(async () => {
    dir = tempDir('dd-notify-');
    backend = await createBackend({ dataDir: dir, log: () => {} });
  });
  afterEach(async () => {
    await backend.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Writes orders as a pull page would, then pushes what the engine pushes after the commit. */
  function page(records: Platform.Order[], snapshot: boolean) {
    const writer = new ReplicaWriter(backend.sqlite, 'platform');
    backend.sqlite.transaction(() =>
      writer.apply(
        records.map((data) => ({
          resourceType: 'order',
          id: data.id,
          version: data.version,
          deleted: false,
          data: data as unknown as Record<string, unknown>,
        })),
        { snapshot },
      ),
    )();
    backend.push('replica.changed', { tables: ['platform_orders'] });
  }

  it('notifies once per hold that arrives from the feed, never for snapshot holds, only while credit staff are signed in and it is on', async () => {
    const shown: HoldNotice[] = [];
    let roles: string[] | null = ['credit_controller'];
    page([order('old-hold', 'credit_hold')], true);
    const stop = startHoldNotifier({ host: backend, recipientRoles: () => roles, show: (n) => shown.push(n) });
    try {
      page([order('snap-hold', 'credit_hold')], true);
      expect(shown).toEqual([]);
      page([order('new-hold', 'credit_hold', `${DEALER_WAITING_MARKER}\nOn the line`), order('passed', 'received')], false);
      expect(shown.map((n) => n.title)).toEqual(['Dealer waiting: new credit hold SO-2026-new-hold']);
      // The same hold written again (an approval moved its version) is not new.
      page([{ ...order('new-hold', 'credit_hold'), version: 2 }], false);
      expect(shown).toHaveLength(1);

      roles = ['inside_sales'];
      page([order('sales-sees-nothing', 'credit_hold')], false);
      expect(shown).toHaveLength(1);

      roles = ['credit_manager'];
      backend.services.settings.set('credit.holdNotifications', { enabled: false }, null);
      page([order('switched-off', 'credit_hold')], false);
      expect(shown).toHaveLength(1);
      backend.services.settings.set('credit.holdNotifications', { enabled: true }, null);
      page([order('back-on', 'credit_hold')], false);
      expect(shown.map((n) => n.orderId)).toEqual(['new-hold', 'back-on']);
    } finally {
      stop();
    }
  });

  it('reads who is signed in without keeping the session alive', async () => {
    const { staff } = await backend.services.staff.create(
      { username: 'ctl', displayName: 'Controller', password: 'long enough password', roles: ['credit_controller'] },
      null,
    );
    const token = backend.services.sessions.open(staff.id);
    const lastSeen = () => backend.sqlite.prepare('SELECT last_seen_at FROM staff_sessions').pluck().get();
    const before = lastSeen();
    expect(rolesOfSession(backend.sqlite, token, new Date(Date.now() + 3_600_000))).toEqual(['credit_controller']);
    expect(lastSeen()).toBe(before);
    expect(rolesOfSession(backend.sqlite, 'not-a-token')).toBeNull();
    expect(rolesOfSession(backend.sqlite, null)).toBeNull();
    backend.sqlite.prepare("UPDATE staff_sessions SET ended_at = 'x'").run();
    expect(rolesOfSession(backend.sqlite, token)).toBeNull();
  });
});
