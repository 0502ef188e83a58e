// The append-only, hash-chained audit log: every state-changing command writes one entry in the same
// transaction as its change; `verify` walks the chain and names the first changed or missing entry.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntryView, AuditVerification } from '../../shared/api/contract';
import { canonicalJson } from './canonical-json';

/** Who did it: a staff member, or null for the desk itself (sync engine, watchdog). */
export interface Actor {
  id: string;
  name: string;
}

export interface AuditEntryInput {
  actor: Actor | null;
  /** Dotted verb, e.g. `staff.create`, `session.sign_in`, `credit.approve`. */
  action: string;
  /** What it was done to, e.g. `staff:<id>`, `order:<id>`. */
  subject: string | null;
  /** Anything worth keeping; stored as canonical JSON. Never put secrets here. */
  detail?: unknown;
}

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function auditEntryHash(prevHash: string, row: Omit<AuditRow, 'prev_hash' | 'hash'>): string {
  const fields = canonicalJson([row.seq, row.at, row.actor_id, row.actor_name, row.action, row.subject, row.detail]);
  return createHash('sha256').update(prevHash).update('\n').update(fields).digest('hex');
}

export class AuditLog {
  private readonly insert: Database.Statement;
  private readonly lastRow: Database.Statement;
  private readonly highestSeq: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly now: () => Date,
  ) {
    this.insert = sqlite.prepare(
      `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, subject, detail, prev_hash, hash)
       VALUES (@seq, @at, @actor_id, @actor_name, @action, @subject, @detail, @prev_hash, @hash)`,
    );
    this.lastRow = sqlite.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    // AUTOINCREMENT keeps the highest seq ever used here, even when rows at the end are deleted.
    this.highestSeq = sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
  }

  /**
   * Appends one entry. Call it inside the transaction that makes the change (so both commit or neither);
   * outside one, it opens its own IMMEDIATE transaction.
   */
  append(entry: AuditEntryInput): AuditEntryView {
    if (!this.sqlite.inTransaction) {
      return this.sqlite.transaction(() => this.append(entry)).immediate();
    }
    const last = this.lastRow.get() as { seq: number; hash: string } | undefined;
    const used = this.highestSeq.get() as { seq: number } | undefined;
    const seq = Math.max(last?.seq ?? 0, used?.seq ?? 0) + 1;
    const detail = canonicalJson(entry.detail ?? null);
    const row = {
      seq,
      at: this.now().toISOString(),
      actor_id: entry.actor?.id ?? null,
      actor_name: entry.actor?.name ?? null,
      action: entry.action,
      subject: entry.subject,
      detail,
    };
    const prev_hash = last?.hash ?? GENESIS_HASH;
    this.insert.run({ ...row, prev_hash, hash: auditEntryHash(prev_hash, row) });
    return toView({ ...row, prev_hash, hash: '' });
  }

  /** Newest first. */
  list(options: { beforeSeq?: number | undefined; limit: number }): AuditEntryView[] {
    const rows = this.sqlite
      .prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
      .all(options.beforeSeq ?? Number.MAX_SAFE_INTEGER, options.limit) as AuditRow[];
    return rows.map(toView);
  }

  /** Walks the whole chain in seq order and reports the first entry that was changed or removed. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    const broken = (problem: string): AuditVerification => ({ ok: false, checked, problem });
    for (const row of this.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      if (row.seq !== expectedSeq) {
        return broken(
          row.seq > expectedSeq
            ? `Entry ${expectedSeq} is missing: it was deleted from the log.`
            : `Entry ${row.seq} is out of order: the log was edited.`,
        );
      }
      if (auditEntryHash(row.prev_hash, row) !== row.hash) {
        return broken(`Entry ${row.seq} was changed after it was written (its content no longer matches its hash).`);
      }
      if (row.prev_hash !== prevHash) {
        // This row is self-consistent but does not link to the one before: the previous one was rewritten.
        return broken(`Entry ${row.seq - 1} was changed after it was written (entry ${row.seq} no longer links to it).`);
      }
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
    const used = (this.highestSeq.get() as { seq: number } | undefined)?.seq ?? 0;
    if (used >= expectedSeq) {
      return broken(`Entry ${expectedSeq} is missing: entries ${expectedSeq} to ${used} were cut off the end of the log.`);
    }
    return { ok: true, checked, problem: null };
  }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor_name ?? row.actor_id,
    action: row.action,
    subject: row.subject,
    detail: JSON.parse(row.detail) as unknown,
  };
}
