// Staff sessions: random 32-byte tokens handed to the UI, stored only as their sha256, with an idle expiry.
// A session ends on sign-out, on expiry, or when its owner is deactivated.
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StaffView } from '../../shared/api/contract';
import type { StaffService } from './staff';
import { toStaffView } from './staff';

/** A session lapses after this long without a call. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
/** last_seen/expiry are written at most this often, so reads do not turn into writes on every call. */
const TOUCH_INTERVAL_MS = 60 * 1000;

interface SessionRow {
  token_hash: string;
  staff_id: string;
  expires_at: string;
  last_seen_at: string;
  ended_at: string | null;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SessionService {
  // Prepared once: resolve() runs on every call the UI makes.
  private readonly lookup: Database.Statement;
  private readonly touch: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly staff: StaffService,
    private readonly now: () => Date,
  ) {
    this.lookup = sqlite.prepare(
      'SELECT token_hash, staff_id, expires_at, last_seen_at, ended_at FROM staff_sessions WHERE token_hash = ?',
    );
    this.touch = sqlite.prepare('UPDATE staff_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?');
  }

  /** Opens a session for an (already authenticated) staff member; returns the token, shown once. */
  open(staffId: string): string {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    this.sqlite
      .prepare(
        `INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(hashSessionToken(token), staffId, now.toISOString(), new Date(now.getTime() + SESSION_IDLE_MS).toISOString(), now.toISOString());
    return token;
  }

  /** The signed-in staff member for a token, or null (unknown, ended, expired, or owner deactivated). */
  resolve(token: string | null): StaffView | null {
    if (!token || token.length > 200) return null;
    const row = this.lookup.get(hashSessionToken(token)) as SessionRow | undefined;
    if (!row || row.ended_at !== null) return null;
    const now = this.now();
    if (Date.parse(row.expires_at) <= now.getTime()) return null;
    const record = this.staff.get(row.staff_id);
    if (!record || !record.active) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
      this.touch.run(now.toISOString(), new Date(now.getTime() + SESSION_IDLE_MS).toISOString(), row.token_hash);
    }
    return toStaffView(record);
  }

  /** Ends one session; true when it was open. */
  end(token: string, reason: string): boolean {
    const result = this.sqlite
      .prepare('UPDATE staff_sessions SET ended_at = ?, end_reason = ? WHERE token_hash = ? AND ended_at IS NULL')
      .run(this.now().toISOString(), reason, hashSessionToken(token));
    return result.changes > 0;
  }

  /** Ends every open session of one staff member; returns how many. */
  endAllFor(staffId: string, reason: string): number {
    return this.sqlite
      .prepare('UPDATE staff_sessions SET ended_at = ?, end_reason = ? WHERE staff_id = ? AND ended_at IS NULL')
      .run(this.now().toISOString(), reason, staffId).changes;
  }
}
