// Demo data written by a clock that ran ahead of the wall clock (before the demo followed the wall clock,
// it ran 60 times faster): its records are dated in the future, which the wall clock would keep showing
// for days. Such a demo folder is moved aside before the desk opens it, and the demo starts afresh.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** A saved clock this far ahead of the wall clock is clock skew, not data from the future. */
const AHEAD_TOLERANCE_MS = 60_000;

/** Where the reference servers' saved clock stopped, or undefined when there is none. */
export function savedServersClockMs(serversDir: string): number | undefined {
  const file = join(serversDir, 'platform.sqlite');
  if (!existsSync(file)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE name = 'clock_ms'").get();
    return row ? Number(row.value) : undefined;
  } catch {
    // Not a store we can read (half-written by a crash): the servers decide what to do with it.
    return undefined;
  } finally {
    db?.close();
  }
}

/**
 * Moves `<dataDir>/demo` to `<dataDir>/demo-ran-ahead` (replacing an older one) when its reference servers'
 * clock is ahead of the wall clock; returns a message for the log, or null when nothing was moved.
 */
export function moveAsideDemoThatRanAhead(dataDir: string, nowMs: number = Date.now()): string | null {
  const demoDir = join(dataDir, 'demo');
  const saved = savedServersClockMs(join(demoDir, 'reference-servers'));
  if (saved === undefined || saved <= nowMs + AHEAD_TOLERANCE_MS) return null;
  const aside = join(dataDir, 'demo-ran-ahead');
  rmSync(aside, { recursive: true, force: true });
  renameSync(demoDir, aside);
  const hours = ((saved - nowMs) / 3_600_000).toFixed(1);
  return (
    `The demo data was dated up to ${new Date(saved).toISOString()}, ${hours} h ahead of the wall clock (an older version ran the demo clock fast). ` +
    `It was moved to ${aside} (delete it when you no longer need it), and the demo starts afresh on the wall clock.`
  );
}
