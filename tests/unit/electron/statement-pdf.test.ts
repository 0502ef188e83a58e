// The desktop shell's statement PDF (issue 11), in Node: the handler Electron registers over the web host's
// "browser-print" answer. Electron's printToPDF cannot run here, so a stand-in returns PDF bytes and records
// the options; everything else is real — the backend, its access checks, the replica, the file written in a
// temp "Downloads" folder, the audit entry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  statementPdfFileName,
  statementPdfHandlers,
  statementPrintOptions,
  uniquePath,
  type StatementPrintOptions,
} from '../../../src/main/electron/statement-pdf';
import type { Role } from '../../../src/shared/roles';
import { dashReplica, dmsAccount, invoice, payment, platformAccount, type DashReplica } from '../dashboards/builders';

const downloads = mkdtempSync(join(tmpdir(), 'dd-downloads-'));
const printed: StatementPrintOptions[] = [];
let failPrint = false;
let r: DashReplica;
const sessions = new Map<string, string>();

beforeAll(async () => {
  r = await dashReplica('2026-06-15T06:30:00.000Z');
  r.apply('platform', [platformAccount({ id: 'acc-a', code: 'DA/01', name: 'Arora Electricals' })]);
  r.apply('dms', [
    dmsAccount({ code: 'DA/01', limit: 10_000_000, balance: 500_000 }),
    invoice({ id: 'i1', code: 'DA/01', issuedAt: '2026-06-01T06:00:00Z', dueDate: '2026-07-01', amount: 1_000_000, outstanding: 500_000 }),
    payment({ id: 'p1', code: 'DA/01', at: '2026-06-10T06:00:00Z', amount: 500_000 }),
  ]);
  r.backend.registerHandlers(
    statementPdfHandlers({
      printToPdf: async (options) => {
        if (failPrint) throw new Error('renderer gone');
        printed.push(options);
        return new TextEncoder().encode('%PDF-1.7 statement');
      },
      downloadsDir: () => downloads,
    }),
  );
  const people: [string, Role[]][] = [
    ['mgr', ['manager']],
    ['sales', ['inside_sales']],
  ];
  for (const [username, roles] of people) {
    const { staff } = await r.backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    sessions.set(username, r.backend.services.sessions.open(staff.id));
  }
});

afterAll(async () => {
  await r.cleanup();
  rmSync(downloads, { recursive: true, force: true });
});

const save = (who: string, input: unknown) =>
  r.backend.dispatch('dashboards.saveStatementPdf', input, { sessionToken: sessions.get(who) ?? null });

describe("statement PDF in the desktop shell (Electron's printToPDF cannot run on this machine: a stand-in printer returns the PDF bytes)", () => {
  it('prints the window to an A4 PDF and saves it in Downloads under a name that says what it is, audited', async () => {
    const result = await save('mgr', { dealer: 'acc-a', from: '2026-06-01', to: '2026-06-15' });
    const path = join(downloads, 'Statement DA-01 2026-06-01 to 2026-06-15.pdf');
    expect(result).toEqual({ ok: true, value: { kind: 'saved', path } });
    expect(readFileSync(path, 'latin1')).toBe('%PDF-1.7 statement');
    expect(printed).toEqual([statementPrintOptions]);
    expect(statementPrintOptions).toMatchObject({ pageSize: 'A4', printBackground: false });
    const audit = r.backend.sqlite
      .prepare("SELECT actor_name, subject, detail FROM audit_log WHERE action = 'dashboards.statement_pdf'")
      .all();
    expect(audit).toEqual([{ actor_name: 'MGR', subject: 'dealer:DA/01', detail: expect.stringContaining('"closingBalance":500000') }]);
  });

  it('never overwrites a statement saved before', async () => {
    const result = await save('mgr', { dealer: 'acc-a', from: '2026-06-01', to: '2026-06-15' });
    expect(result).toMatchObject({ ok: true, value: { path: join(downloads, 'Statement DA-01 2026-06-01 to 2026-06-15 (2).pdf') } });
    writeFileSync(join(downloads, 'x.pdf'), '');
    expect(uniquePath(downloads, 'x.pdf')).toBe(join(downloads, 'x (2).pdf'));
    expect(statementPdfFileName('../../etc', '2026-01-01', '2026-01-31')).toBe('Statement etc 2026-01-01 to 2026-01-31.pdf');
  });

  it('refuses what the statement refuses, and other roles, before printing anything', async () => {
    const before = printed.length;
    expect(await save('mgr', { dealer: 'nobody', from: '2026-06-01', to: '2026-06-15' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });
    expect(await save('mgr', { dealer: 'acc-a', from: '2026-06-15', to: '2026-06-01' })).toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
    expect(await save('sales', { dealer: 'acc-a', from: '2026-06-01', to: '2026-06-15' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect(printed.length).toBe(before);
  });

  it('says so when the print fails, and writes nothing', async () => {
    failPrint = true;
    try {
      const result = await save('mgr', { dealer: 'acc-a', from: '2026-05-01', to: '2026-06-15' });
      expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable', message: expect.stringContaining('could not be printed') } });
    } finally {
      failPrint = false;
    }
    expect(() => readFileSync(join(downloads, 'Statement DA-01 2026-05-01 to 2026-06-15.pdf'))).toThrow();
  });
});
