// Playwright fixtures: `desk` is a real backend + web host on a fresh data directory, one per test, so
// every test starts from first run. Helpers drive the wire protocol from inside the page (same origin,
// same cookie), exactly as the renderer does.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Role } from '../../../src/shared/roles';

export interface Desk {
  /** The launch URL printed by the web host (carries the per-launch token the server turns into a cookie). */
  url: string;
  origin: string;
}

/** Starts a host script (default: a fresh backend, tests/e2e/support/host.ts) and waits for its {"url"} line. */
export async function startHost(
  script: string = process.env.DESK_E2E_HOST ?? 'tests/e2e/support/host.ts',
  args: string[] = [],
): Promise<{ desk: Desk; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const desk = await new Promise<Desk>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start in 30 s:\n${stderr}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web host exited with ${code}:\n${stderr}`));
    });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { url?: unknown };
        if (typeof parsed.url === 'string') {
          clearTimeout(timer);
          resolve({ url: parsed.url, origin: new URL(parsed.url).origin });
        }
      } catch {
        // Log lines before the URL line are not ours to parse.
      }
    });
  });
  return { desk, child, output: () => stderr };
}

export async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ desk: Desk }>({
  desk: async ({}, use) => {
    const { desk, child } = await startHost();
    try {
      await use(desk);
    } finally {
      await stopHost(child);
    }
  },
});

export { expect };

export interface WireResult {
  ok: boolean;
  value?: unknown;
  error?: { kind: string; message: string; issues?: { path: string; message: string }[] };
}

/** A raw `POST /api/call` from inside the page, bypassing the UI (and its role filtering) entirely. */
export async function rawCall(page: Page, procedure: string, input: unknown, session: string | null): Promise<WireResult> {
  return page.evaluate(
    async ({ procedure, input, session }) => {
      const response = await fetch('/api/call', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ procedure, input, session }),
      });
      return (await response.json()) as WireResult;
    },
    { procedure, input, session },
  );
}

export const adminAccount = { username: 'asha.admin', displayName: 'Asha Rao', password: 'correct horse battery' };

/** Opens the launch URL (which sets the token cookie) and waits for the first screen. */
export async function openDesk(page: Page, desk: Desk): Promise<void> {
  await page.goto(desk.url);
  await page.waitForLoadState('domcontentloaded');
}

/** Creates the admin through the API; returns its session token. */
export async function setupAdminViaApi(page: Page): Promise<string> {
  const result = await rawCall(page, 'session.setupAdmin', adminAccount, null);
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
  return (result.value as { sessionToken: string }).sessionToken;
}

export async function createStaffViaApi(
  page: Page,
  adminSession: string,
  staff: { username: string; displayName: string; password: string; roles: Role[] },
): Promise<void> {
  const result = await rawCall(page, 'staff.create', staff, adminSession);
  expect(result.ok, JSON.stringify(result.error)).toBe(true);
}

export async function signInViaUi(page: Page, username: string, password: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('User name').fill(username);
  await form.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
}
