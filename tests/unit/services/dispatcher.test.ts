// The dispatcher: unknown procedure, access (session then role) for EVERY procedure and role, zod
// validation, ApiFailure kinds, and unexpected errors reported generically (details only in the log).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/main/api';
import { coreHandlerFactories } from '../../../src/main/api';
import { procedures, type ProcedureName, type StaffView } from '../../../src/shared/api/contract';
import { ApiFailure } from '../../../src/shared/api/errors';
import { roles, type Role } from '../../../src/shared/roles';
import { errorOf, makeBackend, valueOf, type TestBackend } from './helpers';

let t: TestBackend;
afterEach(async () => t?.cleanup());

const procedureNames = Object.keys(procedures) as ProcedureName[];

function expectedFor(name: ProcedureName, role: Role | null): 'allowed' | 'unauthenticated' | 'forbidden' {
  const access = procedures[name].access;
  if (access === 'public') return 'allowed';
  if (role === null) return 'unauthenticated';
  if (access === 'signed_in') return 'allowed';
  return (access as readonly Role[]).includes(role) ? 'allowed' : 'forbidden';
}

describe('access is checked on every procedure, for every role', () => {
  const staffByRole = new Map<Role, StaffView>();

  beforeEach(async () => {
    t = await makeBackend();
    valueOf(
      await t.backend.dispatch(
        'session.setupAdmin',
        { username: 'root', displayName: 'Root', password: 'root password 1' },
        { sessionToken: null },
      ),
    );
    for (const role of roles) {
      const { staff } = await t.backend.services.staff.create(
        { username: `only-${role}`, displayName: role, password: 'some password', roles: [role] },
        null,
      );
      staffByRole.set(role, staff);
    }
  });

  it('matches the contract for each procedure x (no session, each single role)', async () => {
    const outcomes: string[] = [];
    for (const name of procedureNames) {
      for (const role of [null, ...roles] as (Role | null)[]) {
        // A fresh session per call: session.signOut must not end the next call's session.
        const token = role ? t.backend.services.sessions.open(staffByRole.get(role)!.id) : null;
        // An empty input: the access check comes before validation, so refusals show regardless.
        const result = await t.backend.dispatch(name, {}, { sessionToken: token });
        const got = result.ok || !['unauthenticated', 'forbidden'].includes(result.error.kind) ? 'allowed' : result.error.kind;
        outcomes.push(`${name} ${role ?? 'anonymous'} ${got}`);
        expect(got, `${name} as ${role ?? 'anonymous'}`).toBe(expectedFor(name, role));
      }
    }
    expect(outcomes).toHaveLength(procedureNames.length * (roles.length + 1));
  });

  it('spot checks that do not depend on reading the contract', async () => {
    const as = (role: Role) => ({ sessionToken: t.backend.services.sessions.open(staffByRole.get(role)!.id) });
    const create = { username: 'newbie', displayName: 'New', password: 'new password 1', roles: ['admin'] };
    expect(errorOf(await t.backend.dispatch('staff.create', create, as('inside_sales'))).kind).toBe('forbidden');
    expect(errorOf(await t.backend.dispatch('staff.create', create, as('credit_manager'))).kind).toBe('forbidden');
    expect(errorOf(await t.backend.dispatch('audit.verify', {}, as('manager'))).kind).toBe('forbidden');
    expect(valueOf<unknown[]>(await t.backend.dispatch('audit.list', {}, as('manager'))).length).toBeGreaterThan(0);
    expect(errorOf(await t.backend.dispatch('staff.list', {}, { sessionToken: null })).kind).toBe('unauthenticated');
    expect(valueOf<StaffView>(await t.backend.dispatch('staff.create', create, as('admin'))).username).toBe('newbie');
    // A refused call changed nothing.
    expect(t.backend.services.staff.list().filter((s) => s.username === 'newbie')).toHaveLength(1);
  });

  it('every procedure in the contract has a handler in a backend built by createBackend', async () => {
    const { staff } = await t.backend.services.staff.create(
      { username: 'everything', displayName: 'All roles', password: 'some password', roles: [...roles] },
      null,
    );
    for (const name of procedureNames) {
      const result = await t.backend.dispatch(name, {}, { sessionToken: t.backend.services.sessions.open(staff.id) });
      expect(result.ok || result.error.kind !== 'unavailable', `${name} has no handler`).toBe(true);
    }
    expect(coreHandlerFactories.length).toBeGreaterThan(0);
  });
});

describe('dispatch outcomes', () => {
  it('unknown procedure -> not_found, before any session check', async () => {
    t = await makeBackend();
    const error = errorOf(await t.backend.dispatch('orders.dropTable', {}, { sessionToken: null }));
    expect(error.kind).toBe('not_found');
    expect(errorOf(await t.backend.dispatch('__proto__', {}, { sessionToken: null })).kind).toBe('not_found');
    expect(errorOf(await t.backend.dispatch('toString', {}, { sessionToken: null })).kind).toBe('not_found');
  });

  it('validation issues carry paths; a missing input counts as {}', async () => {
    t = await makeBackend();
    const error = errorOf(await t.backend.dispatch('session.signIn', { username: '', password: 5 }, { sessionToken: null }));
    expect(error.kind).toBe('validation');
    expect(error.issues?.map((i) => i.path).sort()).toEqual(['password', 'username']);
    expect(valueOf(await t.backend.dispatch('session.get', undefined, { sessionToken: null }))).toMatchObject({ setupDone: false });
    expect(errorOf(await t.backend.dispatch('session.get', 'not an object', { sessionToken: null })).kind).toBe('validation');
  });

  it('an ApiFailure keeps its kind; any other throw is internal with a generic message, details logged', async () => {
    t = await makeBackend();
    t.backend.registerHandlers(() => ({
      'sync.status': () => {
        throw new Error('SQLITE_CORRUPT: secret internals at /home/x');
      },
      'audit.list': () => {
        throw new ApiFailure('unavailable', 'The DMS is not answering.');
      },
    }));
    const admin = valueOf<{ sessionToken: string }>(
      await t.backend.dispatch(
        'session.setupAdmin',
        { username: 'root', displayName: 'Root', password: 'root password 1' },
        { sessionToken: null },
      ),
    );
    const internal = errorOf(await t.backend.dispatch('sync.status', {}, { sessionToken: admin.sessionToken }));
    expect(internal.kind).toBe('internal');
    expect(internal.message).not.toMatch(/SQLITE|secret|home/);
    expect(t.logged.some((l) => l.level === 'error' && String(l.detail).includes('SQLITE_CORRUPT'))).toBe(true);
    expect(errorOf(await t.backend.dispatch('audit.list', {}, { sessionToken: admin.sessionToken }))).toEqual({
      kind: 'unavailable',
      message: 'The DMS is not answering.',
    });
  });

  it('a procedure without a handler is unavailable, not a crash', async () => {
    const dispatch = createDispatcher({ handlers: () => ({}), resolveSession: () => null, log: () => undefined });
    expect(errorOf(await dispatch('session.get', {}, { sessionToken: null })).kind).toBe('unavailable');
  });

  it('a closed backend answers unavailable', async () => {
    t = await makeBackend();
    await t.backend.close();
    expect(errorOf(await t.backend.dispatch('session.get', {}, { sessionToken: null })).kind).toBe('unavailable');
  });

  it('sync.status defaults to not_configured for both sources, and a provider replaces it', async () => {
    t = await makeBackend();
    const admin = valueOf<{ sessionToken: string }>(
      await t.backend.dispatch(
        'session.setupAdmin',
        { username: 'root', displayName: 'Root', password: 'root password 1' },
        { sessionToken: null },
      ),
    );
    const status = valueOf<{ sources: { system: string; state: string; message: string }[]; outbox: { pending: number } }>(
      await t.backend.dispatch('sync.status', {}, { sessionToken: admin.sessionToken }),
    );
    expect(status.sources.map((s) => [s.system, s.state])).toEqual([
      ['platform', 'not_configured'],
      ['dms', 'not_configured'],
    ]);
    expect(status.sources[0]?.message).toMatch(/reference servers/);
    expect(status.outbox.pending).toBe(0);
    t.backend.setSyncStatusProvider({
      status: () => ({ sources: [], outbox: { pending: 3, failed: 0, conflict: 0, oldestPendingAt: null }, quarantine: 1 }),
      mode: () => ({ mode: 'live', modeMessage: 'Connected.' }),
    });
    expect(valueOf(await t.backend.dispatch('sync.status', {}, { sessionToken: admin.sessionToken }))).toMatchObject({
      quarantine: 1,
      outbox: { pending: 3 },
    });
    expect(valueOf(await t.backend.dispatch('session.get', {}, { sessionToken: null }))).toMatchObject({
      mode: 'live',
      modeMessage: 'Connected.',
    });
  });

  it('push reaches every listener; a throwing listener does not stop the others; unsubscribe works', async () => {
    t = await makeBackend();
    const seen: string[] = [];
    t.backend.onPush(() => {
      throw new Error('dead window');
    });
    const off = t.backend.onPush((event, payload) => seen.push(`${event}:${JSON.stringify(payload)}`));
    t.backend.push('replica.changed', { tables: ['platform_orders'] });
    off();
    t.backend.push('replica.changed', { tables: ['dms_orders'] });
    expect(seen).toEqual(['replica.changed:{"tables":["platform_orders"]}']);
  });
});
