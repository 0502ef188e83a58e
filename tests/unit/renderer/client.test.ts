// The typed client over a DeskBridge: values, errors as ApiCallError, and the unauthenticated path that
// forgets the session token and sends the desk back to sign-in.
import { describe, expect, it } from 'vitest';
import type { DeskBridge } from '../../../src/shared/api/contract';
import { ApiCallError, createDeskApi, type SessionTokenStore } from '../../../src/renderer/api/client';

function memoryStore(initial: string | null): SessionTokenStore {
  let token = initial;
  return { get: () => token, set: (t) => (token = t) };
}

function fakeBridge(answer: (procedure: string, input: unknown, session: string | null) => unknown): DeskBridge & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    call: async (procedure, input, session) => {
      calls.push([procedure, input, session]);
      return answer(procedure, input, session);
    },
    subscribe: () => () => undefined,
  };
}

describe('createDeskApi', () => {
  it('sends the stored session token and returns the value', async () => {
    const bridge = fakeBridge(() => ({ ok: true, value: [{ id: 's1' }] }));
    const api = createDeskApi(bridge, memoryStore('tok'));
    await expect(api.call('staff.list', {})).resolves.toEqual([{ id: 's1' }]);
    expect(bridge.calls).toEqual([['staff.list', {}, 'tok']]);
  });

  it('throws ApiCallError carrying the kind and field issues', async () => {
    const error = {
      kind: 'validation',
      message: 'Check the fields.',
      issues: [{ path: 'roles', message: 'Give the person at least one role.' }],
    };
    const api = createDeskApi(
      fakeBridge(() => ({ ok: false, error })),
      memoryStore('tok'),
    );
    const thrown = await api.call('staff.create', { username: 'x', displayName: 'X', password: 'p', roles: [] }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiCallError);
    expect((thrown as ApiCallError).error).toEqual(error);
  });

  it('on unauthenticated clears the token and tells listeners; forbidden does not', async () => {
    let kind = 'forbidden';
    const store = memoryStore('tok');
    const api = createDeskApi(
      fakeBridge(() => ({ ok: false, error: { kind, message: 'no' } })),
      store,
    );
    const heard: string[] = [];
    api.onUnauthenticated((e) => heard.push(e.kind));
    await expect(api.call('staff.list', {})).rejects.toMatchObject({ kind: 'forbidden' });
    expect(store.get()).toBe('tok');
    kind = 'unauthenticated';
    await expect(api.call('staff.list', {})).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect(store.get()).toBeNull();
    expect(heard).toEqual(['unauthenticated']);
  });

  it('maps a throwing transport to unavailable and an unreadable answer to internal', async () => {
    const throwing = createDeskApi(
      fakeBridge(() => {
        throw new Error('IPC gone');
      }),
      memoryStore(null),
    );
    await expect(throwing.call('session.get', {})).rejects.toMatchObject({ kind: 'unavailable', message: 'IPC gone' });
    const garbled = createDeskApi(
      fakeBridge(() => 'hello'),
      memoryStore(null),
    );
    await expect(garbled.call('session.get', {})).rejects.toMatchObject({ kind: 'internal' });
  });
});
