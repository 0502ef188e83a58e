// New-hold notifications for a process that shows them itself: the Electron shell's main process (the
// renderer's web permissions, notifications included, are denied there, so it never notifies twice).
// Decision and wording are src/shared/credit/notifications.ts; this watches the replica for arrivals and
// hands each notice to `show`. The shell wires `show` to Electron's Notification; tests pass a recorder.
import type Database from 'better-sqlite3';
import type { PushEventName } from '../../../shared/api/contract';
import { holdNotice, type HoldNotice } from '../../../shared/credit/notifications';
import { hashSessionToken } from '../../services/sessions';
import { holdArrivals } from './holds';

export interface HoldNotifierHost {
  readonly sqlite: Database.Database;
  onPush(listener: (event: PushEventName, payload: unknown) => void): () => void;
}

/**
 * The roles of the person signed in with this session token, without touching the session (a notification
 * must not keep an idle session alive); null when it is not a live session.
 */
export function rolesOfSession(sqlite: Database.Database, token: string | null, now: Date = new Date()): string[] | null {
  if (!token) return null;
  const row = sqlite
    .prepare(
      `SELECT st.roles FROM staff_sessions ss JOIN staff st ON st.id = ss.staff_id
       WHERE ss.token_hash = ? AND ss.ended_at IS NULL AND ss.expires_at > ? AND st.active = 1`,
    )
    .get(hashSessionToken(token), now.toISOString()) as { roles: string } | undefined;
  return row ? (JSON.parse(row.roles) as string[]) : null;
}

export function startHoldNotifier(options: {
  host: HoldNotifierHost;
  /** The roles of whoever is signed in on this desk now, or null. */
  recipientRoles: () => readonly string[] | null;
  show: (notice: HoldNotice) => void;
}): () => void {
  const { host } = options;
  // Holds already there when the desk starts are in the queue; only later arrivals notify.
  let cursor = holdArrivals(host.sqlite, null).cursor;
  const check = () => {
    if (!host.sqlite.open) return;
    const found = holdArrivals(host.sqlite, cursor);
    cursor = found.cursor;
    const notice = holdNotice(found.arrivals, { enabled: found.enabled, recipientRoles: options.recipientRoles() });
    if (notice) options.show(notice);
  };
  return host.onPush((event, payload) => {
    if (event !== 'replica.changed') return;
    const tables = (payload as { tables?: unknown } | null)?.tables;
    if (Array.isArray(tables) && tables.includes('platform_orders')) check();
  });
}
