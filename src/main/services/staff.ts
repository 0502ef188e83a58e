// Staff accounts: created by an admin (the first one by the setup screen), roles, activation. Every
// change is written to the audit log in the same transaction.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { StaffView } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import { roles as allRoles, type Role } from '../../shared/roles';
import type { Actor, AuditLog } from './audit';
import { hashPassword } from './passwords';

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface StaffRecord extends StaffView {
  passwordHash: string;
}

function parseRoles(json: string): Role[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((r): r is Role => (allRoles as readonly unknown[]).includes(r)) : [];
}

function toRecord(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: parseRoles(row.roles),
    active: row.active === 1,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  };
}

export function toStaffView(record: StaffRecord): StaffView {
  const { passwordHash: _hidden, ...view } = record;
  return view;
}

export function actorOf(staff: StaffView): Actor {
  return { id: staff.id, name: staff.displayName };
}

/** Sorted, de-duplicated, in the order of `roles` so stored values compare equal. */
function normaliseRoles(input: readonly Role[]): Role[] {
  return allRoles.filter((r) => input.includes(r));
}

export interface NewStaff {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
}

export class StaffService {
  private readonly byId: Database.Statement;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {
    // Prepared once: session resolution reads the staff row on every call.
    this.byId = sqlite.prepare('SELECT * FROM staff WHERE id = ?');
  }

  count(): number {
    return (this.sqlite.prepare('SELECT count(*) AS n FROM staff').get() as { n: number }).n;
  }

  list(): StaffView[] {
    const rows = this.sqlite.prepare('SELECT * FROM staff ORDER BY display_name COLLATE NOCASE, username').all() as StaffRow[];
    return rows.map((row) => toStaffView(toRecord(row)));
  }

  get(id: string): StaffRecord | null {
    const row = this.byId.get(id) as StaffRow | undefined;
    return row ? toRecord(row) : null;
  }

  findByUsername(username: string): StaffRecord | null {
    const row = this.sqlite.prepare('SELECT * FROM staff WHERE username = ?').get(username.trim().toLowerCase()) as StaffRow | undefined;
    return row ? toRecord(row) : null;
  }

  /**
   * Creates a staff member. `onlyIfNoStaff` is the first-run rule: the check and the insert happen in one
   * IMMEDIATE transaction, so two setup screens racing cannot both create an admin.
   * `inTransaction` runs after the insert inside the same transaction (e.g. to open a session).
   */
  async create<T = void>(
    input: NewStaff,
    actor: Actor | null,
    options: { onlyIfNoStaff?: boolean; action?: string; inTransaction?: (created: StaffView) => T } = {},
  ): Promise<{ staff: StaffView; extra: T }> {
    // Hash outside the transaction: scrypt is slow and must not hold the write lock.
    const passwordHash = await hashPassword(input.password);
    const at = this.now().toISOString();
    const username = input.username.trim().toLowerCase();
    const id = randomUUID();
    const record: StaffRecord = {
      id,
      username,
      displayName: input.displayName.trim(),
      roles: normaliseRoles(input.roles),
      active: true,
      createdAt: at,
      passwordHash,
    };
    return this.sqlite
      .transaction(() => {
        if (options.onlyIfNoStaff && this.count() > 0) {
          throw new ApiFailure('conflict', 'Dealer Desk is already set up. Sign in with your staff account.');
        }
        if (this.findByUsername(username)) {
          throw new ApiFailure('conflict', `The user name "${username}" is taken. Choose another.`, [
            { path: 'username', message: 'This user name is taken.' },
          ]);
        }
        this.sqlite
          .prepare(
            `INSERT INTO staff (id, username, display_name, password_hash, roles, active, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
          )
          .run(id, username, record.displayName, passwordHash, JSON.stringify(record.roles), at, at);
        const staff = toStaffView(record);
        this.audit.append({
          actor: actor ?? actorOf(staff),
          action: options.action ?? 'staff.create',
          subject: `staff:${id}`,
          detail: { username, displayName: staff.displayName, roles: staff.roles },
        });
        const extra = options.inTransaction ? options.inTransaction(staff) : (undefined as T);
        return { staff, extra };
      })
      .immediate();
  }

  setRoles(staffId: string, roles: Role[], actor: Actor): StaffView {
    return this.sqlite
      .transaction(() => {
        const current = this.require(staffId);
        const next = normaliseRoles(roles);
        if (current.active && current.roles.includes('admin') && !next.includes('admin')) this.keepAnAdmin(staffId);
        this.sqlite
          .prepare('UPDATE staff SET roles = ?, updated_at = ? WHERE id = ?')
          .run(JSON.stringify(next), this.now().toISOString(), staffId);
        this.audit.append({
          actor,
          action: 'staff.set_roles',
          subject: `staff:${staffId}`,
          detail: { username: current.username, from: current.roles, to: next },
        });
        return toStaffView({ ...current, roles: next });
      })
      .immediate();
  }

  /** Deactivating also ends every open session of that person (`endSessions`, same transaction). */
  setActive(staffId: string, active: boolean, actor: Actor, endSessions: (staffId: string, reason: string) => number): StaffView {
    return this.sqlite
      .transaction(() => {
        const current = this.require(staffId);
        if (current.active && !active && current.roles.includes('admin')) this.keepAnAdmin(staffId);
        this.sqlite
          .prepare('UPDATE staff SET active = ?, updated_at = ? WHERE id = ?')
          .run(active ? 1 : 0, this.now().toISOString(), staffId);
        const ended = active ? 0 : endSessions(staffId, 'deactivated');
        this.audit.append({
          actor,
          action: active ? 'staff.activate' : 'staff.deactivate',
          subject: `staff:${staffId}`,
          detail: { username: current.username, sessionsEnded: ended },
        });
        return toStaffView({ ...current, active });
      })
      .immediate();
  }

  private require(staffId: string): StaffRecord {
    const record = this.get(staffId);
    if (!record) throw new ApiFailure('not_found', 'That staff member does not exist (any more). Refresh the list.');
    return record;
  }

  /** Refuses a change that would leave no active admin: nobody could manage staff any more. */
  private keepAnAdmin(exceptId: string): void {
    const others = (
      this.sqlite.prepare('SELECT roles FROM staff WHERE active = 1 AND id <> ?').all(exceptId) as { roles: string }[]
    ).filter((row) => parseRoles(row.roles).includes('admin'));
    if (others.length === 0) {
      throw new ApiFailure('conflict', 'At least one active admin must remain. Make someone else an admin first.');
    }
  }
}
