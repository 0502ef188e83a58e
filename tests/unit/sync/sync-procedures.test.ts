// The Sync screen's procedures on a real database, without an engine: the outbox views and filters, retry
// (and the key a retry after a refusal is sent under), discard (roles, confirmation, reason, audit), and the
// quarantine with the record each payload claims to be.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/backend';
import { enqueue, sendKeyOf } from '../../../src/main/sync/outbox';
import { quarantinedRecord } from '../../../src/main/sync/quarantine';
import { syncProcedureHandlers } from '../../../src/main/sync/procedures';
import type { AuditEntryView, OutboxItemView, QuarantineView } from '../../../src/shared/api/contract';
import type { Role } from '../../../src/shared/roles';

const dir = mkdtempSync(join(tmpdir(), 'dd-sync-procedures-'));
let backend: Backend;
const sessions = new Map<string, string>();

beforeAll(async () => {
  backend = await createBackend({ dataDir: dir, handlers: [syncProcedureHandlers], log: () => {} });
  const people: [string, Role[]][] = [
    ['boss', ['admin']],
    ['mgr', ['manager']],
    ['sales', ['inside_sales']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    sessions.set(username, backend.services.sessions.open(staff.id));
  }
});
afterAll(async () => {
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(who: string, procedure: string, input: unknown): Promise<T> {
  const res = await backend.dispatch(procedure, input, { sessionToken: sessions.get(who) ?? null });
  if (!res.ok) throw Object.assign(new Error(res.error.message), { kind: res.error.kind });
  return res.value as T;
}

function item(
  key: string,
  state: { status: string; lastStatus: number | null; lastError: string | null },
  target: 'platform' | 'dms' = 'dms',
) {
  const { id } = enqueue(backend.sqlite, {
    target,
    kind: target === 'dms' ? 'dms.createOrder' : 'platform.putCredit',
    entityKey: `order:${key}`,
    idempotencyKey: `handover:${key}`,
    method: target === 'dms' ? 'POST' : 'PUT',
    path: '/orders',
    payload: { platform_order_id: key },
    createdBy: 'system',
  });
  backend.sqlite
    .prepare('UPDATE outbox SET status = ?, last_status = ?, last_error = ?, attempts = 1 WHERE id = ?')
    .run(state.status, state.lastStatus, state.lastError, id);
  return id;
}

describe('sync procedures', () => {
  it('list the outbox by view and target, retry what failed (a refused command under a fresh key), and audit it', async () => {
    const refused = item('po_1', { status: 'failed', lastStatus: 422, lastError: 'Account D001 is on stop' });
    const gaveUp = item('po_2', { status: 'failed', lastStatus: 503, lastError: 'gave up after 1000 attempts' });
    const unknown = item('po_3', { status: 'failed', lastStatus: 0, lastError: 'gave up: no answer' });
    const waiting = item('po_4', { status: 'pending', lastStatus: null, lastError: null }, 'platform');
    const done = item('po_5', { status: 'delivered', lastStatus: 201, lastError: null });

    const ids = async (input: object) => (await call<OutboxItemView[]>('sales', 'sync.outbox.list', input)).map((i) => i.id);
    expect(await ids({ view: 'attention' })).toEqual([unknown, gaveUp, refused]);
    expect(await ids({ view: 'pending' })).toEqual([waiting]);
    expect(await ids({ view: 'delivered' })).toEqual([done]);
    expect(await ids({ view: 'all', target: 'platform' })).toEqual([waiting]);
    const [shown] = await call<OutboxItemView[]>('sales', 'sync.outbox.list', { view: 'attention', target: 'dms', limit: 1 });
    expect(shown).toMatchObject({ id: unknown, kind: 'dms.createOrder', entityKey: 'order:po_3', payload: { platform_order_id: 'po_3' } });

    // Any signed-in person may retry. Only a refusal (which the server stores and would replay) changes the key sent.
    for (const id of [refused, gaveUp, unknown]) {
      expect(await call<OutboxItemView>('sales', 'sync.outbox.retry', { id })).toMatchObject({ id, status: 'pending', attempts: 0 });
    }
    const key = (id: number, idempotencyKey: string) => sendKeyOf(backend.sqlite, { id, idempotencyKey });
    expect(key(refused, 'handover:po_1')).toBe('handover:po_1#retry-1');
    expect(key(gaveUp, 'handover:po_2')).toBe('handover:po_2');
    expect(key(unknown, 'handover:po_3')).toBe('handover:po_3');
    // Refused again after the retry: the next retry is another fresh key.
    backend.sqlite.prepare("UPDATE outbox SET status = 'failed', last_status = 422 WHERE id = ?").run(refused);
    await call('sales', 'sync.outbox.retry', { id: refused });
    expect(key(refused, 'handover:po_1')).toBe('handover:po_1#retry-2');

    await expect(call('sales', 'sync.outbox.retry', { id: done })).rejects.toMatchObject({ kind: 'conflict' });
    const audit = await call<AuditEntryView[]>('boss', 'audit.list', { limit: 20 });
    expect(audit.find((e) => e.action === 'outbox.retry' && e.subject === `outbox:${refused}`)?.detail).toMatchObject({
      key: 'handover:po_1',
      sendKey: 'handover:po_1#retry-2',
    });
  });

  it('discard needs an allowed role, the confirmation and a reason; it is audited; a delivered item cannot be discarded', async () => {
    const target = item('po_10', { status: 'conflict', lastStatus: 409, lastError: 'duplicate' });
    const done = item('po_11', { status: 'delivered', lastStatus: 201, lastError: null });
    await expect(call('sales', 'sync.outbox.discard', { id: target, confirm: true, reason: 'not needed' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    await expect(call('mgr', 'sync.outbox.discard', { id: target, reason: 'not needed' })).rejects.toMatchObject({ kind: 'validation' });
    await expect(call('mgr', 'sync.outbox.discard', { id: target, confirm: true, reason: ' ' })).rejects.toMatchObject({
      kind: 'validation',
    });
    expect(
      await call<OutboxItemView>('mgr', 'sync.outbox.discard', { id: target, confirm: true, reason: 'dealer withdrew' }),
    ).toMatchObject({
      status: 'discarded',
      lastError: 'discarded: dealer withdrew',
    });
    await expect(call('mgr', 'sync.outbox.discard', { id: done, confirm: true, reason: 'too late' })).rejects.toMatchObject({
      kind: 'conflict',
    });
    const audit = await call<AuditEntryView[]>('mgr', 'audit.list', { limit: 20 });
    expect(audit.find((e) => e.action === 'outbox.discard' && e.subject === `outbox:${target}`)).toMatchObject({
      actor: 'MGR',
      detail: { kind: 'dms.createOrder', key: 'handover:po_10', reason: 'dealer withdrew' },
    });
  });

  it('lists open quarantined records with the record each claims to be', async () => {
    const put = backend.sqlite.prepare('INSERT INTO quarantine (source, kind, raw, error, received_at) VALUES (?, ?, ?, ?, ?)');
    const at = new Date().toISOString();
    put.run(
      'platform',
      'event:order',
      JSON.stringify({ type: 'order.upserted', resource: { type: 'order', id: 'po_bad', version: 1 }, data: { status: 42 } }),
      "Order: / must have required property 'number'",
      at,
    );
    put.run(
      'dms',
      'snapshot:accounts',
      JSON.stringify({ dealer_code: 'D009', credit_limit: 'lots' }),
      'Account: /credit_limit must be integer',
      at,
    );
    put.run('platform', 'event', 'not json at all', 'event: / must be object', at);
    const rows = await call<QuarantineView[]>('sales', 'sync.quarantine.list', { state: 'open' });
    expect(rows.map((r) => [r.source, r.recordType, r.recordId])).toEqual([
      ['platform', null, null],
      ['dms', 'account', 'D009'],
      ['platform', 'order', 'po_bad'],
    ]);
    expect(rows[0]?.raw).toBe('not json at all');
    expect(await call<QuarantineView[]>('sales', 'sync.quarantine.list', { state: 'resolved' })).toEqual([]);
    // An invalid envelope that still names its resource.
    expect(quarantinedRecord('platform', 'event', { resource: { type: 'price', id: 7 } })).toEqual({ recordType: 'price', recordId: '7' });
  });
});
