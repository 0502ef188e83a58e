// The outbox and quarantine lists page by keyset (`beforeId`) and count, so an export walks a whole view
// exactly once, newest first, even while new items are queued.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../../src/main/sync/outbox';
import { syncProcedureHandlers } from '../../../src/main/sync/procedures';
import type { OutboxItemView, QuarantineView } from '../../../src/shared/api/contract';
import { makeBackend, valueOf, type TestBackend } from '../services/helpers';

let t: TestBackend;
let token: string;

beforeAll(async () => {
  t = await makeBackend({ handlers: [syncProcedureHandlers] });
  const { staff } = await t.backend.services.staff.create(
    { username: 'ops', displayName: 'Ops', password: 'long enough password', roles: ['inside_sales'] },
    null,
  );
  token = t.backend.services.sessions.open(staff.id);
  t.backend.sqlite.transaction(() => {
    for (let i = 1; i <= 25; i++) {
      enqueue(t.backend.sqlite, {
        target: i % 2 ? 'dms' : 'platform',
        kind: 'dms.createOrder',
        entityKey: `order:${i}`,
        idempotencyKey: `handover:${i}`,
        method: 'POST',
        path: '/orders',
        payload: { n: i },
        createdBy: 'system',
      });
    }
    t.backend.sqlite.prepare("UPDATE outbox SET status = 'failed' WHERE id % 5 = 0").run();
    const q = t.backend.sqlite.prepare(
      "INSERT INTO quarantine (source, kind, raw, error, received_at) VALUES ('dms', 'event:order', '{}', 'bad', '2026-01-01T00:00:00Z')",
    );
    for (let i = 0; i < 7; i++) q.run();
  })();
});
afterAll(async () => t?.cleanup());

const call = async <T>(procedure: string, input: unknown) =>
  valueOf<T>(await t.backend.dispatch(procedure, input, { sessionToken: token }));

async function walkOutbox(filter: Record<string, unknown>, pageSize: number): Promise<number[]> {
  const ids: number[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await call<OutboxItemView[]>('sync.outbox.list', { ...filter, limit: pageSize, ...(beforeId ? { beforeId } : {}) });
    ids.push(...page.map((i) => i.id));
    if (page.length < pageSize) return ids;
    beforeId = page[page.length - 1]!.id;
  }
}

describe('outbox and quarantine paging for exports', () => {
  it('walks a view newest first, every item once, and the count says how many', async () => {
    const all = await walkOutbox({ view: 'all' }, 10);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    expect(await call('sync.outbox.count', { view: 'all' })).toEqual({ total: 25 });

    const pendingDms = await walkOutbox({ view: 'pending', target: 'dms' }, 4);
    expect(pendingDms).toEqual([23, 21, 19, 17, 13, 11, 9, 7, 3, 1]);
    expect(await call('sync.outbox.count', { view: 'pending', target: 'dms' })).toEqual({ total: pendingDms.length });
    expect(await call('sync.outbox.count', { view: 'attention' })).toEqual({ total: 5 });
  });

  it('an item queued during the walk does not shift the pages', async () => {
    const first = await call<OutboxItemView[]>('sync.outbox.list', { view: 'all', limit: 10 });
    enqueue(t.backend.sqlite, {
      target: 'dms',
      kind: 'dms.createOrder',
      entityKey: 'order:new',
      idempotencyKey: 'handover:new',
      method: 'POST',
      path: '/orders',
      payload: {},
      createdBy: 'system',
    });
    const second = await call<OutboxItemView[]>('sync.outbox.list', { view: 'all', limit: 10, beforeId: first[9]!.id });
    expect(second.map((i) => i.id)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });

  it('pages the quarantine the same way', async () => {
    const first = await call<QuarantineView[]>('sync.quarantine.list', { state: 'open', limit: 5 });
    const rest = await call<QuarantineView[]>('sync.quarantine.list', { state: 'open', limit: 5, beforeId: first[4]!.id });
    expect([...first, ...rest].map((q) => q.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(await call('sync.quarantine.count', { state: 'open' })).toEqual({ total: 7 });
    expect(await call('sync.quarantine.count', { state: 'resolved' })).toEqual({ total: 0 });
  });
});
