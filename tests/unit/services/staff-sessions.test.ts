// First-run admin, sign-in/out, session tokens (random, stored hashed, expiring), staff management and
// deactivation, all through the dispatcher as the UI calls them.
import { afterEach, describe, expect, it } from 'vitest';
import { hashSessionToken, SESSION_IDLE_MS } from '../../../src/main/services/sessions';
import type { SessionView, SignInResult, StaffView } from '../../../src/shared/api/contract';
import { errorOf, makeBackend, valueOf, type TestBackend } from './helpers';

let t: TestBackend;
afterEach(async () => t?.cleanup());

const adminInput = { username: 'Admin', displayName: 'Asha Admin', password: 'first admin password' };

async function setup(): Promise<SignInResult> {
  t = await makeBackend();
  return valueOf<SignInResult>(await t.backend.dispatch('session.setupAdmin', adminInput, { sessionToken: null }));
}

const call = (procedure: string, input: unknown, sessionToken: string | null = null) =>
  t.backend.dispatch(procedure, input, { sessionToken });

describe('first run', () => {
  it('session.get says setup is needed until the first admin exists', async () => {
    t = await makeBackend();
    const before = valueOf<SessionView>(await call('session.get', {}));
    expect(before).toMatchObject({ setupDone: false, staff: null, mode: 'demo' });
    expect(before.modeMessage).toMatch(/reference servers/);
    const admin = valueOf<SignInResult>(await call('session.setupAdmin', adminInput));
    expect(admin.staff).toMatchObject({ username: 'admin', displayName: 'Asha Admin', roles: ['admin'], active: true });
    expect(admin.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const after = valueOf<SessionView>(await call('session.get', {}, admin.sessionToken));
    expect(after).toMatchObject({ setupDone: true, staff: { id: admin.staff.id } });
    expect(t.backend.services.audit.list({ limit: 5 }).map((e) => e.action)).toEqual(['session.setup_admin']);
  });

  it('setupAdmin is refused once any staff exist (conflict), even when two race', async () => {
    t = await makeBackend();
    const [a, b] = await Promise.all([
      call('session.setupAdmin', adminInput),
      call('session.setupAdmin', { ...adminInput, username: 'other' }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(errorOf(a.ok ? b : a).kind).toBe('conflict');
    expect(errorOf(await call('session.setupAdmin', { ...adminInput, username: 'third' })).kind).toBe('conflict');
    expect(t.backend.services.staff.count()).toBe(1);
  });

  it('validates the setup form with field issues', async () => {
    t = await makeBackend();
    const error = errorOf(await call('session.setupAdmin', { username: 'a', displayName: '', password: 'short' }));
    expect(error.kind).toBe('validation');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['displayName', 'password', 'username']);
  });
});

describe('sign-in and sessions', () => {
  it('signs in case-insensitively, stores only the token hash, and signs out', async () => {
    await setup();
    const session = valueOf<SignInResult>(await call('session.signIn', { username: 'ADMIN', password: adminInput.password }));
    const stored = t.backend.sqlite.prepare('SELECT token_hash FROM staff_sessions').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).toContain(hashSessionToken(session.sessionToken));
    expect(JSON.stringify(t.backend.sqlite.prepare('SELECT * FROM staff_sessions').all())).not.toContain(session.sessionToken);
    expect(valueOf<SessionView>(await call('session.get', {}, session.sessionToken)).staff?.username).toBe('admin');
    expect(valueOf(await call('session.signOut', {}, session.sessionToken))).toEqual({ signedOut: true });
    expect(valueOf<SessionView>(await call('session.get', {}, session.sessionToken)).staff).toBeNull();
    expect(errorOf(await call('staff.list', {}, session.sessionToken)).kind).toBe('unauthenticated');
    const actions = t.backend.services.audit.list({ limit: 10 }).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['session.sign_out', 'session.sign_in']);
  });

  it('refuses a wrong password or unknown user with the same message', async () => {
    await setup();
    const wrongPassword = errorOf(await call('session.signIn', { username: 'admin', password: 'not the password' }));
    const unknownUser = errorOf(await call('session.signIn', { username: 'nobody', password: 'not the password' }));
    expect(wrongPassword.kind).toBe('unauthenticated');
    expect(unknownUser).toEqual(wrongPassword);
    expect(t.backend.services.audit.list({ limit: 2 }).map((e) => e.action)).toEqual(['session.sign_in_failed', 'session.sign_in_failed']);
  });

  it('a session expires after the idle time, and use keeps it alive', async () => {
    const admin = await setup();
    t.clock.advance(SESSION_IDLE_MS - 60_000);
    expect(valueOf<StaffView[]>(await call('staff.list', {}, admin.sessionToken))).toHaveLength(1); // touches it
    t.clock.advance(SESSION_IDLE_MS - 60_000);
    expect(valueOf<StaffView[]>(await call('staff.list', {}, admin.sessionToken))).toHaveLength(1);
    t.clock.advance(SESSION_IDLE_MS + 1);
    expect(errorOf(await call('staff.list', {}, admin.sessionToken)).kind).toBe('unauthenticated');
  });

  it('an unknown or garbage token is simply not signed in', async () => {
    await setup();
    for (const token of ['x', 'A'.repeat(43), 'z'.repeat(5000)]) {
      expect(errorOf(await call('staff.list', {}, token)).kind).toBe('unauthenticated');
    }
  });
});

describe('staff management', () => {
  it('creates staff with roles; duplicates are a conflict; every change is audited', async () => {
    const admin = await setup();
    const clerk = valueOf<StaffView>(
      await call(
        'staff.create',
        { username: 'ravi', displayName: 'Ravi', password: 'ravi password 1', roles: ['inside_sales', 'inside_sales'] },
        admin.sessionToken,
      ),
    );
    expect(clerk).toMatchObject({ username: 'ravi', roles: ['inside_sales'], active: true });
    expect(JSON.stringify(clerk)).not.toMatch(/scrypt|password/i);
    const dup = errorOf(
      await call(
        'staff.create',
        { username: 'RAVI', displayName: 'R2', password: 'ravi password 2', roles: ['manager'] },
        admin.sessionToken,
      ),
    );
    expect(dup.kind).toBe('conflict');
    const updated = valueOf<StaffView>(
      await call('staff.setRoles', { staffId: clerk.id, roles: ['manager', 'credit_controller'] }, admin.sessionToken),
    );
    expect(updated.roles).toEqual(['credit_controller', 'manager']);
    const list = valueOf<StaffView[]>(await call('staff.list', {}, admin.sessionToken));
    expect(list.map((s) => s.username).sort()).toEqual(['admin', 'ravi']);
    const entries = t.backend.services.audit.list({ limit: 10 });
    expect(entries.slice(0, 2).map((e) => [e.action, e.actor, e.subject])).toEqual([
      ['staff.set_roles', 'Asha Admin', `staff:${clerk.id}`],
      ['staff.create', 'Asha Admin', `staff:${clerk.id}`],
    ]);
    expect(t.backend.services.audit.verify().ok).toBe(true);
  });

  it('a deactivated person cannot sign in and their open sessions end', async () => {
    const admin = await setup();
    const clerk = valueOf<StaffView>(
      await call(
        'staff.create',
        { username: 'meena', displayName: 'Meena', password: 'meena password', roles: ['inside_sales'] },
        admin.sessionToken,
      ),
    );
    const session = valueOf<SignInResult>(await call('session.signIn', { username: 'meena', password: 'meena password' }));
    expect(valueOf<SessionView>(await call('session.get', {}, session.sessionToken)).staff?.id).toBe(clerk.id);

    const pushed: string[] = [];
    t.backend.onPush((event) => pushed.push(event));
    valueOf(await call('staff.setActive', { staffId: clerk.id, active: false }, admin.sessionToken));
    expect(pushed).toEqual(['session.ended']);
    expect(valueOf<SessionView>(await call('session.get', {}, session.sessionToken)).staff).toBeNull();
    expect(errorOf(await call('sync.status', {}, session.sessionToken)).kind).toBe('unauthenticated');
    const refused = errorOf(await call('session.signIn', { username: 'meena', password: 'meena password' }));
    expect(refused.kind).toBe('forbidden');
    expect(refused.message).toMatch(/deactivated/);
    const ended = t.backend.sqlite.prepare('SELECT end_reason FROM staff_sessions WHERE staff_id = ?').all(clerk.id);
    expect(ended).toEqual([{ end_reason: 'deactivated' }]);

    valueOf(await call('staff.setActive', { staffId: clerk.id, active: true }, admin.sessionToken));
    expect(valueOf<SignInResult>(await call('session.signIn', { username: 'meena', password: 'meena password' })).staff.id).toBe(clerk.id);
  });

  it('never leaves the desk without an active admin', async () => {
    const admin = await setup();
    expect(errorOf(await call('staff.setRoles', { staffId: admin.staff.id, roles: ['manager'] }, admin.sessionToken)).kind).toBe(
      'conflict',
    );
    expect(errorOf(await call('staff.setActive', { staffId: admin.staff.id, active: false }, admin.sessionToken)).kind).toBe('conflict');
    const second = valueOf<StaffView>(
      await call(
        'staff.create',
        { username: 'second', displayName: 'Second', password: 'second admin pw', roles: ['admin'] },
        admin.sessionToken,
      ),
    );
    expect(
      valueOf<StaffView>(await call('staff.setRoles', { staffId: admin.staff.id, roles: ['admin', 'manager'] }, admin.sessionToken)).roles,
    ).toEqual(['manager', 'admin']);
    // With a second admin, the first may step down.
    expect(
      valueOf<StaffView>(await call('staff.setRoles', { staffId: admin.staff.id, roles: ['manager'] }, admin.sessionToken)).roles,
    ).toEqual(['manager']);
    expect(errorOf(await call('staff.list', {}, admin.sessionToken)).kind).toBe('forbidden');
    expect(
      errorOf(
        await call(
          'staff.setRoles',
          { staffId: 'no-such-id', roles: ['manager'] },
          valueOf<SignInResult>(await call('session.signIn', { username: 'second', password: 'second admin pw' })).sessionToken,
        ),
      ).kind,
    ).toBe('not_found');
    expect(second.roles).toEqual(['admin']);
  });
});
