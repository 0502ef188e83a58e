// The audit log: append-only in the database, hash-chained, and a verification that names the first
// changed or missing entry. Tampering is simulated the way an attacker with the file would: drop the
// guard triggers, then edit or delete rows.
import { afterEach, describe, expect, it } from 'vitest';
import { auditEntryHash } from '../../../src/main/services/audit';
import { makeBackend, valueOf, type TestBackend } from './helpers';

let t: TestBackend;
afterEach(async () => t?.cleanup());

async function withEntries(count: number): Promise<TestBackend> {
  t = await makeBackend();
  for (let i = 1; i <= count; i++) {
    t.backend.services.audit.append({
      actor: { id: 's1', name: 'Asha' },
      action: 'test.step',
      subject: `thing:${i}`,
      detail: { i, note: `step ${i}` },
    });
    t.clock.advance(1000);
  }
  return t;
}

function dropGuards(): void {
  t.backend.sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('audit log', () => {
  it('chains entries and verifies an untouched log', async () => {
    await withEntries(5);
    const verification = t.backend.services.audit.verify();
    expect(verification).toEqual({ ok: true, checked: 5, problem: null });
    const rows = t.backend.sqlite.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as {
      seq: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
  });

  it('lists newest first with paging', async () => {
    await withEntries(5);
    const page = t.backend.services.audit.list({ limit: 2 });
    expect(page.map((e) => e.seq)).toEqual([5, 4]);
    expect(page[0]).toMatchObject({ actor: 'Asha', action: 'test.step', subject: 'thing:5', detail: { i: 5, note: 'step 5' } });
    expect(t.backend.services.audit.list({ beforeSeq: 4, limit: 10 }).map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    await withEntries(2);
    expect(() => t.backend.sqlite.exec(`UPDATE audit_log SET detail = '{}' WHERE seq = 1`)).toThrow(/append-only/);
    expect(() => t.backend.sqlite.exec(`DELETE FROM audit_log WHERE seq = 2`)).toThrow(/append-only/);
    expect(t.backend.services.audit.verify().ok).toBe(true);
  });

  it('names an entry whose content was edited', async () => {
    await withEntries(5);
    dropGuards();
    t.backend.sqlite.exec(`UPDATE audit_log SET detail = '{"i":3,"note":"nothing to see"}' WHERE seq = 3`);
    const v = t.backend.services.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.checked).toBe(2);
    expect(v.problem).toMatch(/^Entry 3 was changed/);
  });

  it('names an entry that was rewritten with a recomputed hash (the next entry no longer links to it)', async () => {
    await withEntries(5);
    dropGuards();
    const row = t.backend.sqlite.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as {
      seq: number;
      at: string;
      actor_id: string | null;
      actor_name: string | null;
      action: string;
      subject: string | null;
      detail: string;
      prev_hash: string;
    };
    const forged = { ...row, actor_name: 'Someone else' };
    t.backend.sqlite
      .prepare('UPDATE audit_log SET actor_name = ?, hash = ? WHERE seq = 2')
      .run(forged.actor_name, auditEntryHash(row.prev_hash, forged));
    const v = t.backend.services.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problem).toMatch(/^Entry 2 was changed/);
  });

  it('names a deleted entry in the middle', async () => {
    await withEntries(5);
    dropGuards();
    t.backend.sqlite.exec('DELETE FROM audit_log WHERE seq = 3');
    const v = t.backend.services.audit.verify();
    expect(v).toMatchObject({ ok: false, checked: 2 });
    expect(v.problem).toMatch(/^Entry 3 is missing/);
  });

  it('names entries cut off the end of the log', async () => {
    await withEntries(5);
    dropGuards();
    t.backend.sqlite.exec('DELETE FROM audit_log WHERE seq >= 4');
    const v = t.backend.services.audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problem).toMatch(/^Entry 4 is missing: entries 4 to 5 were cut off/);
  });

  it('names the first entry when it was deleted', async () => {
    await withEntries(3);
    dropGuards();
    t.backend.sqlite.exec('DELETE FROM audit_log WHERE seq = 1');
    expect(t.backend.services.audit.verify().problem).toMatch(/^Entry 1 is missing/);
  });

  it('an entry is written in the same transaction as its change: a rolled-back change leaves no entry', async () => {
    await withEntries(1);
    const { sqlite, services } = t.backend;
    expect(() =>
      sqlite.transaction(() => {
        services.settings.set('policy.test', { a: 1 }, null);
        throw new Error('boom');
      })(),
    ).toThrow('boom');
    expect(services.settings.has('policy.test')).toBe(false);
    expect(services.audit.list({ limit: 10 }).map((e) => e.action)).toEqual(['test.step']);
    services.settings.set('policy.test', { a: 2 }, { id: 's1', name: 'Asha' });
    expect(services.settings.get('policy.test')).toEqual({ a: 2 });
    expect(services.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'settings.set',
      subject: 'setting:policy.test',
      detail: { from: null, to: { a: 2 } },
    });
    expect(services.audit.verify()).toMatchObject({ ok: true, checked: 2 });
  });

  it('audit.verify through the API reports the same as the service', async () => {
    await withEntries(0);
    const setup = valueOf<{ sessionToken: string }>(
      await t.backend.dispatch(
        'session.setupAdmin',
        { username: 'admin', displayName: 'Admin', password: 'a long password' },
        { sessionToken: null },
      ),
    );
    const ok = valueOf(await t.backend.dispatch('audit.verify', {}, { sessionToken: setup.sessionToken }));
    expect(ok).toEqual({ ok: true, checked: 1, problem: null });
    dropGuards();
    t.backend.sqlite.exec(`UPDATE audit_log SET action = 'nothing' WHERE seq = 1`);
    const broken = valueOf<{ ok: boolean; problem: string }>(
      await t.backend.dispatch('audit.verify', {}, { sessionToken: setup.sessionToken }),
    );
    expect(broken.ok).toBe(false);
    expect(broken.problem).toMatch(/^Entry 1 was changed/);
  });
});
