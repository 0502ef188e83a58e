// Desk settings: JSON values by key (policies, routing rules, endpoints). Every change is audited in the
// same transaction.
import type Database from 'better-sqlite3';
import type { Actor, AuditLog } from './audit';

export class SettingsService {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  /** The stored value, or `fallback` when the key was never set. Callers validate the shape (zod). */
  get(key: string, fallback: unknown = null): unknown {
    const row = this.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : fallback;
  }

  has(key: string): boolean {
    return this.sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
  }

  set(key: string, value: unknown, actor: Actor | null): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`Setting ${key}: value is not JSON`);
    const write = () => {
      const before = this.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
      this.sqlite
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(key, json, this.now().toISOString(), actor?.id ?? null);
      this.audit.append({
        actor,
        action: 'settings.set',
        subject: `setting:${key}`,
        detail: { from: before ? (JSON.parse(before.value) as unknown) : null, to: value },
      });
    };
    if (this.sqlite.inTransaction) write();
    else this.sqlite.transaction(write).immediate();
  }
}
