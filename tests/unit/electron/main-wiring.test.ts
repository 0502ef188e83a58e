// Runs the real src/main/electron/main.ts against a stand-in for the Electron API (the one thing that
// cannot exist here) and a real backend on a temp data directory: checks that the window, IPC, CSP,
// navigation, permissions and quit are wired to the tested policies.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

interface FakeWindow {
  options: { webPreferences?: Record<string, unknown> };
  loadedUrl: string | null;
  sent: { channel: string; message: unknown }[];
}

const fake = vi.hoisted(() => {
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown, message: unknown) => Promise<unknown>>();
  const protocolHandlers = new Map<string, (request: { url: string }) => Promise<Response>>();
  const opened: string[] = [];
  const state = {
    userData: '',
    appPath: '',
    quitCalls: 0,
    headersHook: null as null | ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: unknown) => void) => void),
    permissionRequest: null as null | ((contents: { getURL(): string }, permission: string, cb: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((contents: unknown, permission: string, origin: string) => boolean),
    privilegedSchemes: [] as unknown[],
    sessionListeners: new Map<string, (event: { preventDefault(): void }, item: unknown) => void>(),
    menuTemplate: null as unknown,
    /** The stand-in `app`, so the test can emit its events without importing 'electron' itself. */
    app: null as null | { emit(event: string, ...args: unknown[]): boolean; quit(): void },
  };
  return { windows, ipcHandlers, protocolHandlers, opened, state };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: (name: string) =>
      name === 'userData' ? fake.state.userData : name === 'downloads' ? '/home/clerk/Downloads' : '/nonexistent',
    getAppPath: () => fake.state.appPath,
    getVersion: () => '0.0.0-test',
    quit: () => {
      fake.state.quitCalls++;
      const event = {
        defaultPrevented: false,
        preventDefault() {
          this.defaultPrevented = true;
        },
      };
      app.emit('before-quit', event);
    },
    exit: (code: number) => {
      throw new Error(`app.exit(${code}) during the test`);
    },
  });
  fake.state.app = app;
  class BrowserWindow extends Emitter {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    record: FakeWindow;
    webContents: { send: (channel: string, message: unknown) => void };
    constructor(options: FakeWindow['options']) {
      super();
      this.record = { options, loadedUrl: null, sent: [] };
      fake.windows.push(this.record);
      BrowserWindow.all.push(this);
      this.webContents = { send: (channel, message) => this.record.sent.push({ channel, message }) };
    }
    loadURL(url: string) {
      this.record.loadedUrl = url;
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: (_t: string, message: string) => console.error(message), showMessageBox: () => Promise.resolve() },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, message: unknown) => Promise<unknown>) => fake.ipcHandlers.set(channel, handler),
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => (fake.state.menuTemplate = menu) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.state.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: { url: string }) => Promise<Response>) => fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (hook: typeof fake.state.headersHook) => (fake.state.headersHook = hook) },
        setPermissionRequestHandler: (handler: typeof fake.state.permissionRequest) => (fake.state.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof fake.state.permissionCheck) => (fake.state.permissionCheck = handler),
        on: (event: string, listener: (event: { preventDefault(): void }, item: unknown) => void) =>
          fake.state.sessionListeners.set(event, listener),
      },
    },
    shell: { openExternal: (url: string) => (fake.opened.push(url), Promise.resolve()) },
    // New-hold notifications (src/main/features/credit/notifications.ts, tested in Node) are shown through it.
    Notification: class extends Emitter {
      static isSupported = () => true;
      show() {}
    },
  };
});

vi.mock('electron-updater', () => ({
  default: { autoUpdater: { on: () => undefined, checkForUpdates: () => Promise.resolve(null), quitAndInstall: () => undefined } },
}));

beforeAll(async () => {
  delete process.env['ELECTRON_RENDERER_URL'];
  fake.state.userData = mkdtempSync(path.join(tmpdir(), 'desk-shell-'));
  fake.state.appPath = repoRoot;
  await import('../../../src/main/electron/main');
  // start() is async: wait until the window exists (the backend has opened and migrated by then).
  await vi.waitFor(() => expect(fake.windows.length).toBe(1), { timeout: 20_000, interval: 20 });
}, 30_000);

afterAll(() => {
  rmSync(fake.state.userData, { recursive: true, force: true });
});

const callDesk = (sender: { url: string; parent: unknown } | null, message: unknown) => {
  const handler = fake.ipcHandlers.get('desk:call');
  if (!handler) throw new Error('desk:call is not handled');
  return handler({ senderFrame: sender }, message);
};

describe('Electron main wiring', () => {
  it('registers app:// as a privileged scheme and loads the window from it, sandboxed', () => {
    expect(fake.state.privilegedSchemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    const [window] = fake.windows;
    expect(window?.loadedUrl).toBe('app://desk/index.html');
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(window?.options.webPreferences?.['preload'])).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('dispatches desk:call from the app frame to the real backend', async () => {
    const result = await callDesk({ url: 'app://desk/index.html', parent: null }, { procedure: 'session.get', input: {}, session: null });
    expect(result).toMatchObject({ ok: true, value: { setupDone: false, staff: null } });
  });

  it('lets the backend enforce access on IPC calls', async () => {
    const result = await callDesk({ url: 'app://desk/index.html', parent: null }, { procedure: 'staff.list', input: {}, session: null });
    expect(result).toMatchObject({ ok: false });
  });

  it('refuses desk:call from other origins, subframes and malformed messages', async () => {
    const message = { procedure: 'session.get', input: {}, session: null };
    await expect(callDesk({ url: 'https://evil.test/', parent: null }, message)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    await expect(callDesk({ url: 'app://desk/index.html', parent: {} }, message)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    await expect(callDesk(null, message)).resolves.toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    await expect(callDesk({ url: 'app://desk/index.html', parent: null }, 'session.get')).resolves.toMatchObject({
      ok: false,
      error: { kind: 'validation' },
    });
  });

  it('puts the strict CSP on every response', () => {
    let headers: unknown;
    fake.state.headersHook?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (result) => (headers = result));
    const policy = (headers as { responseHeaders: Record<string, string[]> }).responseHeaders['Content-Security-Policy']?.[0] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(Object.keys((headers as { responseHeaders: object }).responseHeaders)).toEqual(['Content-Security-Policy']);
  });

  it('serves app:// only from inside the renderer folder', async () => {
    const handler = fake.protocolHandlers.get('app');
    expect(handler).toBeDefined();
    expect((await handler!({ url: 'app://desk/..%2f..%2f..%2fpackage.json' })).status).toBe(404);
    expect((await handler!({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });

  it('locks down every webContents: navigation, window.open, webview', () => {
    const contents = Object.assign(new EventEmitter(), {
      openHandler: null as null | ((details: { url: string }) => { action: string }),
      setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
        this.openHandler = handler;
      },
    });
    fake.state.app?.emit('web-contents-created', {}, contents);
    const navigate = (url: string) => {
      const event = {
        url,
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      contents.emit('will-navigate', event);
      return event.prevented;
    };
    expect(navigate('app://desk/index.html#/orders')).toBe(false);
    expect(navigate('https://evil.test/')).toBe(true);
    expect(navigate('https://www.bluedart.com/track?awb=1')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://evil.test/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://www.delhivery.com/track/1' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://www.bluedart.com/track?awb=1', 'https://www.delhivery.com/track/1']);
    const webview = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('denies permission requests', () => {
    const granted: boolean[] = [];
    fake.state.permissionRequest?.({ getURL: () => 'app://desk/index.html' }, 'media', (g) => granted.push(g));
    fake.state.permissionRequest?.({ getURL: () => 'app://desk/index.html' }, 'geolocation', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect(fake.state.permissionCheck?.({}, 'notifications', 'app://desk')).toBe(false);
  });

  it('installs a menu with "Restart to update" (disabled until an update is downloaded)', () => {
    const items = (fake.state.menuTemplate as { submenu?: { id?: string; enabled?: boolean }[] }[]).flatMap((menu) => menu.submenu ?? []);
    expect(items.find((item) => item.id === 'restart-to-update')?.enabled).toBe(false);
  });

  it("registers the shell's statement PDF handler over the web host's browser-print answer", async () => {
    const call = (procedure: string, input: unknown, session: string | null) =>
      callDesk({ url: 'app://desk/index.html', parent: null }, { procedure, input, session }) as Promise<{
        ok: boolean;
        value?: { sessionToken?: string };
        error?: { kind: string; message: string };
      }>;
    const admin = await call('session.setupAdmin', { username: 'asha', displayName: 'Asha', password: 'long enough password' }, null);
    const adminSession = admin.value?.sessionToken ?? null;
    expect(adminSession).toBeTruthy();
    const manager = { username: 'meera', displayName: 'Meera', password: 'long enough password', roles: ['manager'] };
    expect(await call('staff.create', manager, adminSession)).toMatchObject({ ok: true });
    const signedIn = await call('session.signIn', { username: 'meera', password: manager.password }, null);
    // The default handler answers 'browser-print' for any dealer; the shell's checks the statement first.
    const result = await call(
      'dashboards.saveStatementPdf',
      { dealer: 'no-such-dealer', from: '2026-01-01', to: '2026-01-31' },
      signedIn.value?.sessionToken ?? null,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('closes the backend before quitting', async () => {
    fake.state.app?.quit();
    await vi.waitFor(() => expect(fake.state.quitCalls).toBe(2), { timeout: 10_000, interval: 20 });
    const result = await callDesk({ url: 'app://desk/index.html', parent: null }, { procedure: 'session.get', input: {}, session: null });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});

describe('downloads (exports)', () => {
  function download(url: string, fileName: string) {
    const listener = fake.state.sessionListeners.get('will-download');
    if (!listener) throw new Error('no will-download listener on the session');
    let prevented = false;
    let dialog: unknown = null;
    const item = { getURL: () => url, getFilename: () => fileName, setSaveDialogOptions: (o: unknown) => (dialog = o) };
    listener({ preventDefault: () => (prevented = true) }, item);
    return { prevented, dialog };
  }

  it('an export built by the app opens the save dialog with its name and type', () => {
    expect(download('blob:app://desk/4f1c2a9e-0b1d-4d6e-9a51-2b8f0c7d9e11', 'outbox-all-2026-12-07-0803.xlsx')).toEqual({
      prevented: false,
      dialog: {
        defaultPath: path.join('/home/clerk/Downloads', 'outbox-all-2026-12-07-0803.xlsx'),
        filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
      },
    });
  });

  it('any other download is cancelled', () => {
    expect(download('https://example.com/x.xlsx', 'x.xlsx')).toEqual({ prevented: true, dialog: null });
    expect(download('blob:https://evil.test/123', 'x.csv')).toEqual({ prevented: true, dialog: null });
    expect(download('blob:app://desk/123', 'run.exe')).toEqual({ prevented: true, dialog: null });
  });
});
