// The dashboards' procedures through the real dispatcher (issue 11): managers only, dates validated with a
// message a person can act on, the data's clock as "now", and the web host's answer to "Save as PDF".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookDealersView, BookView, DealerDashboardView, StatementView } from '../../../src/shared/dashboards';
import type { Role } from '../../../src/shared/roles';
import { dashReplica, dmsAccount, invoice, platformAccount, type DashReplica } from './builders';

let r: DashReplica;
const sessions = new Map<string, string>();
const staffIds = new Map<string, string>();
/** A fresh session at the clock's time (moving the clock months ahead ends the old ones). */
const reopen = (who: string) => sessions.set(who, r.backend.services.sessions.open(staffIds.get(who) ?? ''));

beforeAll(async () => {
  r = await dashReplica('2026-06-15T06:30:00.000Z');
  r.apply('platform', [platformAccount({ id: 'acc-a', code: 'DA' })]);
  r.apply('dms', [
    dmsAccount({ code: 'DA', limit: 1_000_000, balance: 950_000 }),
    invoice({ id: 'i1', code: 'DA', issuedAt: '2026-06-14T06:00:00Z', dueDate: '2026-07-14', amount: 950_000 }),
  ]);
  const people: [string, Role[]][] = [
    ['mgr', ['manager']],
    ['ctrl', ['credit_controller']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await r.backend.services.staff.create(
      { username, displayName: username, password: 'long enough password', roles },
      null,
    );
    staffIds.set(username, staff.id);
    reopen(username);
  }
});

afterAll(async () => {
  await r.cleanup();
});

const call = (who: string, procedure: string, input: unknown) =>
  r.backend.dispatch(procedure, input, { sessionToken: sessions.get(who) ?? null });

describe('dashboards procedures', () => {
  it('are for managers', async () => {
    for (const procedure of [
      'dashboards.book',
      'dashboards.bookDealers',
      'dashboards.dealer',
      'dashboards.statement',
      'dashboards.saveStatementPdf',
    ]) {
      const result = await call('ctrl', procedure, { dealer: 'DA', from: '2026-06-01', to: '2026-06-15' });
      expect(result, procedure).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
  });

  it('count with the data clock and roll the periods when it moves to the next day', async () => {
    const first = await call('mgr', 'dashboards.book', {});
    expect(first).toMatchObject({ ok: true });
    const book = (first as { value: BookView }).value;
    expect(book.asOf.today).toBe('2026-06-15');
    expect(book.totals).toMatchObject({ dealers: 1, atRisk: 1, sales12Months: 950_000 });
    const list = (await call('mgr', 'dashboards.bookDealers', {})) as { ok: true; value: BookDealersView };
    expect(list.value.rows[0]).toMatchObject({ dealerCode: 'DA', sales90Days: 950_000, riskReasons: ['utilisation'] });
    // 90 days later the invoice has left the 90-day window (it was issued on 14 June: 12 September is day 91).
    r.clock.now = new Date('2026-09-12T06:30:00.000Z');
    reopen('mgr');
    const later = (await call('mgr', 'dashboards.bookDealers', { filter: { region: 'North' } })) as { ok: true; value: BookDealersView };
    expect(later.value.asOf.today).toBe('2026-09-12');
    expect(later.value.rows[0]).toMatchObject({ sales90Days: 0, salesPrevious90Days: 950_000, sales12Months: 950_000 });
    expect(await call('mgr', 'dashboards.bookDealers', { filter: { reason: 'nonsense' } })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    r.clock.now = new Date('2026-06-15T06:30:00.000Z');
    reopen('mgr');
    const back = (await call('mgr', 'dashboards.dealer', { dealer: 'DA' })) as { ok: true; value: DealerDashboardView };
    expect(back.value.figures.sales90Days).toBe(950_000);
  });

  it('validate the statement period', async () => {
    expect(await call('mgr', 'dashboards.statement', { dealer: 'DA', from: '2026-02-30', to: '2026-03-01' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringContaining('Not a real date') },
    });
    expect(await call('mgr', 'dashboards.statement', { dealer: 'DA', from: '1/6/2026', to: '2026-06-15' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringContaining('2026-04-30') },
    });
    const ok = (await call('mgr', 'dashboards.statement', { dealer: 'acc-a', from: '2026-06-01', to: '2026-06-15' })) as {
      ok: true;
      value: StatementView;
    };
    expect(ok.value).toMatchObject({ openingBalance: 0, closingBalance: 950_000, dealer: { dealerCode: 'DA', accountId: 'acc-a' } });
  });

  it('answer "Save as PDF" in a host without the desktop shell with the browser print', async () => {
    expect(await call('mgr', 'dashboards.saveStatementPdf', { dealer: 'DA', from: '2026-06-01', to: '2026-06-15' })).toMatchObject({
      ok: true,
      value: { kind: 'browser-print' },
    });
  });
});
