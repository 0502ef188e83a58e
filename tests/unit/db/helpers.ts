// Test helpers for the database: temp dirs and a copy of drizzle/ cut down to its first N migrations,
// so each migration can be applied on its own to a real file.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoMigrationsDir = resolve(import.meta.dirname, '../../../drizzle');

export function journalTags(): string[] {
  const journal = JSON.parse(readFileSync(join(repoMigrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

export function tempDir(prefix = 'dd-db-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A migrations folder that knows only the first `count` migrations (an older build of the app). */
export function migrationsUpTo(count: number, parentDir: string): string {
  const dir = join(parentDir, `drizzle-first-${count}`);
  cpSync(repoMigrationsDir, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}
