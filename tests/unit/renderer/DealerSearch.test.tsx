// @vitest-environment jsdom
// The DealerSearch component against a real backend in this process (the bridge calls backend.dispatch,
// as the Electron IPC transport does): an answer for older text never overwrites a newer one, arrows +
// Enter pick, and a screen that refuses suspended dealers says why instead of picking. The browser test of
// the same component in Chromium is tests/e2e/dealer-search.spec.ts.
import { MantineProvider } from '@mantine/core';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { createDeskApi } from '../../../src/renderer/api/client';
import { ApiContext } from '../../../src/renderer/api/hooks';
import { DealerSearch } from '../../../src/renderer/app/dealers/DealerSearch';
import type { DeskBridge } from '../../../src/shared/api/contract';
import type { DealerSearchRow } from '../../../src/shared/api/features/dealers';
import { makeBackend, type TestBackend } from '../services/helpers';

// What jsdom lacks and Mantine's popover needs.
beforeAll(() => {
  window.matchMedia = ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  Element.prototype.scrollIntoView = () => {};
});

let t: TestBackend;
let token: string;
/** Texts whose answer the bridge holds back until released. */
const held = new Map<string, () => void>();

beforeAll(async () => {
  t = await makeBackend();
  const { staff } = await t.backend.services.staff.create(
    { username: 'clerk', displayName: 'Clerk', password: 'long enough password', roles: ['inside_sales'] },
    null,
  );
  token = t.backend.services.sessions.open(staff.id);
  const writer = new ReplicaWriter(t.backend.sqlite, 'platform');
  const account = (id: string, code: string, name: string, status: 'active' | 'suspended') => ({
    resourceType: 'account',
    id,
    version: 1,
    deleted: false,
    data: {
      id,
      code,
      name,
      status,
      region: 'West',
      tier: 'gold',
      currency: 'INR',
      price_list_id: 'gold',
      payment_terms_days: 30,
      phone: `+91 98200 1000${id.slice(-1)}`,
      address: { line1: 'x', city: 'Pune', state: 'Maharashtra', postal_code: '411001', country: 'IN' },
      version: 1,
      updated_at: '2026-11-01T00:00:00Z',
    },
  });
  t.backend.sqlite.transaction(() =>
    writer.apply([
      account('acc-1', 'D001', 'Sharma Electricals', 'active'),
      account('acc-2', 'D002', 'Sharma Agencies', 'suspended'),
      account('acc-3', 'D003', 'Shah Paints', 'active'),
    ]),
  )();
});
afterEach(() => {
  cleanup();
  held.clear();
});
afterAll(async () => t?.cleanup());

function renderSearch(props: Partial<Parameters<typeof DealerSearch>[0]> = {}) {
  const bridge: DeskBridge = {
    async call(procedure, input) {
      const text = (input as { text?: string }).text;
      if (text !== undefined && held.has(`hold:${text}`)) {
        await new Promise<void>((resolve) => held.set(text, resolve));
      }
      return t.backend.dispatch(procedure, input, { sessionToken: token });
    },
    subscribe: () => () => {},
  };
  const api = createDeskApi(bridge, { get: () => token, set: () => {} });
  const onPick = vi.fn<(dealer: DealerSearchRow) => void>();
  render(
    <MantineProvider env="test">
      <ApiContext.Provider value={api}>
        <DealerSearch onPick={onPick} {...props} />
      </ApiContext.Provider>
    </MantineProvider>,
  );
  return { onPick, input: screen.getByRole('textbox', { name: 'Dealer' }) };
}

const optionNames = () => screen.queryAllByRole('option').map((o) => o.getAttribute('aria-label'));

describe('DealerSearch', () => {
  it('never lets an answer for older text overwrite the answer for what is in the box', async () => {
    const user = userEvent.setup();
    const { input } = renderSearch();
    held.set('hold:sha', () => {});
    await user.type(input, 'sha');
    await user.type(input, 'rma');
    await waitFor(() => expect(optionNames()).toEqual(['Sharma Electricals D001', 'Sharma Agencies D002']));
    // The answer for "sha" (which also has Shah Paints) lands late: it is dropped.
    await act(async () => {
      held.get('sha')?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(optionNames()).toEqual(['Sharma Electricals D001', 'Sharma Agencies D002']);
  });

  it('picks with arrows and Enter; Escape closes the list', async () => {
    const user = userEvent.setup();
    const { input, onPick } = renderSearch();
    await user.type(input, 'sharma');
    await waitFor(() => expect(optionNames()).toHaveLength(2));
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onPick).toHaveBeenCalledTimes(1);
    expect(onPick.mock.calls[0]![0]).toMatchObject({ id: 'acc-2', status: 'suspended' });
    await user.click(input);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('listbox')).toBeNull());
  });

  it('refuses a suspended dealer when the screen says so, and says why', async () => {
    const user = userEvent.setup();
    const { input, onPick } = renderSearch({ suspendedRefusal: 'cannot be ordered for' });
    await user.type(input, 'sharma agen');
    await waitFor(() => expect(optionNames()).toEqual(['Sharma Agencies D002']));
    expect(screen.getByRole('option').textContent).toContain('Suspended');
    await user.keyboard('{Enter}');
    expect(onPick).not.toHaveBeenCalled();
    expect(await screen.findByText('Sharma Agencies (D002) is suspended: cannot be ordered for.')).toBeTruthy();
    // An active dealer still picks.
    await user.clear(input);
    await user.type(input, 'D001');
    await waitFor(() => expect(optionNames()).toEqual(['Sharma Electricals D001']));
    await user.keyboard('{Enter}');
    expect(onPick).toHaveBeenCalledWith(expect.objectContaining({ id: 'acc-1' }));
  });

  it('focuses on / when asked, but not while typing elsewhere', async () => {
    const user = userEvent.setup();
    const { input } = renderSearch({ slashToFocus: true });
    expect(document.activeElement).not.toBe(input);
    await user.keyboard('/');
    expect(document.activeElement).toBe(input);
    expect((input as HTMLInputElement).value).toBe('');
  });
});
