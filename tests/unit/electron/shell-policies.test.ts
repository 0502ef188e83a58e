// The Electron shell's other pure decisions: app:// file serving, CSP headers, IPC sender checks,
// permissions, updater policy, the menu and the preload bridge.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, originOf, rendererLocation, resolveAppAsset } from '../../../src/main/electron/app-origin';
import { shellContentSecurityPolicy, withContentSecurityPolicy } from '../../../src/main/electron/csp-header';
import { isTrustedSender, parseDeskCall } from '../../../src/main/electron/ipc-guard';
import { deskMenuTemplate } from '../../../src/main/electron/menu-template';
import { isPermissionGranted } from '../../../src/main/electron/permission-policy';
import { shouldCheckForUpdates, updateDownloadedPush, updateErrorPush } from '../../../src/main/electron/update-policy';
import { contentSecurityPolicy } from '../../../src/main/security/csp';
import { createDeskBridge, type BridgeTransport } from '../../../src/preload/bridge';
import { deskChannels, type DeskCallMessage } from '../../../src/preload/channels';

describe('renderer location and app:// assets', () => {
  it('loads app://desk when packaged and the dev server in development', () => {
    expect(rendererLocation(undefined)).toEqual({ url: 'app://desk/index.html', origin: 'app://desk' });
    expect(rendererLocation('http://localhost:5173')).toEqual({ url: 'http://localhost:5173/', origin: 'http://localhost:5173' });
    expect(originOf('app://desk/assets/x.js')).toBe('app://desk');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf(undefined)).toBeNull();
  });

  it('maps requests inside the renderer directory and refuses escapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-renderer-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html>');
    expect(resolveAppAsset(dir, 'app://desk/')).toBe(join(dir, 'index.html'));
    expect(resolveAppAsset(dir, 'app://desk/assets/index-abc.js')).toBe(join(dir, 'assets/index-abc.js'));
    expect(resolveAppAsset(dir, 'app://desk/assets/a%20b.css')).toBe(join(dir, 'assets/a b.css'));
    for (const url of [
      'app://desk/..%2f..%2fetc/passwd',
      'app://desk/assets/..%2F..%2F..%2Fsecret',
      'app://other/index.html',
      'https://desk/index.html',
      'app://desk/%00.js',
      'app://desk/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppAsset(dir, url), url).toBeNull();
    }
    // The URL parser itself collapses dot segments (also percent-encoded ones) at the root.
    expect(resolveAppAsset(dir, 'app://desk/%2e%2e/%2e%2e/etc/passwd')).toBe(join(dir, 'etc/passwd'));
  });

  it('serves scripts and styles with their types', () => {
    expect(mimeTypeFor('/x/index.html')).toMatch(/^text\/html/);
    expect(mimeTypeFor('/x/a.JS')).toMatch(/^text\/javascript/);
    expect(mimeTypeFor('/x/a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('/x/blob')).toBe('application/octet-stream');
  });
});

describe('Content-Security-Policy in the shell', () => {
  it('uses the shared strict policy unchanged in production', () => {
    const policy = shellContentSecurityPolicy({ dev: false });
    expect(policy).toBe(contentSecurityPolicy);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("default-src 'none'");
  });

  it('only relaxes inline scripts for the dev server', () => {
    const policy = shellContentSecurityPolicy({ dev: true });
    expect(policy).toMatch(/script-src 'self' 'unsafe-inline'/);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy.replace(" 'unsafe-inline'", '').replace(" 'unsafe-inline'", '')).toBe(
      contentSecurityPolicy.replace(" 'unsafe-inline'", ''),
    );
  });

  it('replaces any server-sent policy, whatever its case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy({ 'content-security-policy': ['default-src *'], 'Content-Type': 'text/html' }, 'X');
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ['X'] });
    expect(withContentSecurityPolicy(undefined, 'Y')).toEqual({ 'Content-Security-Policy': ['Y'] });
  });
});

describe('IPC guard', () => {
  it('trusts only the main frame showing the app', () => {
    expect(isTrustedSender({ frameUrl: 'app://desk/index.html', isMainFrame: true }, 'app://desk')).toBe(true);
    expect(isTrustedSender({ frameUrl: 'app://desk/index.html', isMainFrame: false }, 'app://desk')).toBe(false);
    expect(isTrustedSender({ frameUrl: 'https://evil.test/', isMainFrame: true }, 'app://desk')).toBe(false);
    expect(isTrustedSender({ frameUrl: undefined, isMainFrame: true }, 'app://desk')).toBe(false);
    expect(isTrustedSender({ frameUrl: 'http://localhost:5173/', isMainFrame: true }, 'http://localhost:5173')).toBe(true);
  });

  it('accepts well-formed calls and rejects the rest', () => {
    expect(parseDeskCall({ procedure: 'session.get', input: {}, session: null })).toEqual({
      procedure: 'session.get',
      input: {},
      session: null,
    });
    expect(parseDeskCall({ procedure: 'staff.list', input: {}, session: 'tok' })).toEqual({
      procedure: 'staff.list',
      input: {},
      session: 'tok',
    });
    expect(parseDeskCall({ procedure: 'session.get', input: {} })).toEqual({ procedure: 'session.get', input: {}, session: null });
    for (const bad of [
      null,
      undefined,
      'session.get',
      [],
      {},
      { procedure: '' },
      { procedure: 7 },
      { procedure: 'x', session: 5 },
      { procedure: 'x'.repeat(201) },
    ]) {
      expect(parseDeskCall(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('permissions', () => {
  it('grants only sanitized clipboard writes, and only to the app', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://desk/index.html', 'app://desk')).toBe(true);
    expect(isPermissionGranted('clipboard-sanitized-write', 'https://evil.test/', 'app://desk')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb']) {
      expect(isPermissionGranted(permission, 'app://desk/index.html', 'app://desk'), permission).toBe(false);
    }
  });
});

describe('updater policy', () => {
  it('checks only in packaged, non-dev runs unless turned off', () => {
    expect(shouldCheckForUpdates({ isPackaged: true, env: {} })).toBe(true);
    expect(shouldCheckForUpdates({ isPackaged: false, env: {} })).toBe(false);
    expect(shouldCheckForUpdates({ isPackaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })).toBe(false);
    expect(shouldCheckForUpdates({ isPackaged: true, env: { DEALER_DESK_NO_UPDATE: '1' } })).toBe(false);
  });

  it('tells the renderer what happened in plain words', () => {
    expect(updateDownloadedPush('1.2.3')).toMatchObject({ state: 'downloaded', version: '1.2.3' });
    expect(updateDownloadedPush('1.2.3').message).toContain('Restart to update');
    const error = updateErrorPush(new Error('net::ERR_NAME_NOT_RESOLVED\n<html>long body</html>'));
    expect(error.state).toBe('error');
    expect(error.message).toContain('ERR_NAME_NOT_RESOLVED');
    expect(error.message).not.toContain('<html>');
  });
});

describe('menu', () => {
  function findRestart(platform: NodeJS.Platform, updateDownloaded: boolean) {
    let restarted = 0;
    const template = deskMenuTemplate({
      platform,
      dev: false,
      updateDownloaded,
      onRestartToUpdate: () => restarted++,
      onAbout: () => undefined,
    });
    const items = template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []));
    const restart = items.find((item) => item.id === 'restart-to-update');
    return { template, items, restart, restarted: () => restarted };
  }

  it('offers "Restart to update" once an update is downloaded, on every platform', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      expect(findRestart(platform, false).restart?.enabled).toBe(false);
      const ready = findRestart(platform, true);
      expect(ready.restart?.enabled).toBe(true);
      const click = ready.restart?.click as (() => void) | undefined;
      click?.();
      expect(ready.restarted()).toBe(1);
    }
  });

  it('has no dev tools in production builds', () => {
    const { items } = findRestart('linux', false);
    expect(items.some((item) => item.role === 'toggleDevTools')).toBe(false);
    const dev = deskMenuTemplate({
      platform: 'linux',
      dev: true,
      updateDownloaded: false,
      onRestartToUpdate: () => undefined,
      onAbout: () => undefined,
    });
    expect(dev.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : [])).some((item) => item.role === 'toggleDevTools')).toBe(
      true,
    );
  });
});

describe('preload bridge', () => {
  function fakeIpc() {
    const listeners = new Set<(event: unknown, message: unknown) => void>();
    const invoked: { channel: string; message: DeskCallMessage }[] = [];
    const transport: BridgeTransport = {
      invoke: async (channel, message) => {
        invoked.push({ channel, message });
        return { ok: true, value: 'pong' };
      },
      on: (channel, listener) => {
        if (channel === deskChannels.event) listeners.add(listener);
      },
      removeListener: (_channel, listener) => listeners.delete(listener),
    };
    const emit = (message: unknown) => listeners.forEach((listener) => listener({ sender: 'ipc-internals' }, message));
    return { transport, invoked, listeners, emit };
  }

  it('exposes exactly call and subscribe', () => {
    expect(Object.keys(createDeskBridge(fakeIpc().transport)).sort()).toEqual(['call', 'subscribe']);
  });

  it('sends calls on desk:call with the session token', async () => {
    const ipc = fakeIpc();
    const bridge = createDeskBridge(ipc.transport);
    await expect(bridge.call('session.get', {}, 'token-1')).resolves.toEqual({ ok: true, value: 'pong' });
    expect(ipc.invoked).toEqual([{ channel: 'desk:call', message: { procedure: 'session.get', input: {}, session: 'token-1' } }]);
  });

  it('delivers only the subscribed event, only its payload, until unsubscribed', () => {
    const ipc = fakeIpc();
    const bridge = createDeskBridge(ipc.transport);
    const received: unknown[] = [];
    const unsubscribe = bridge.subscribe('sync.status', (payload) => received.push(payload));
    ipc.emit({ event: 'sync.status', payload: { n: 1 } });
    ipc.emit({ event: 'replica.changed', payload: { tables: [] } });
    ipc.emit('garbage');
    expect(received).toEqual([{ n: 1 }]);
    unsubscribe();
    unsubscribe();
    expect(ipc.listeners.size).toBe(0);
    ipc.emit({ event: 'sync.status', payload: { n: 2 } });
    expect(received).toEqual([{ n: 1 }]);
  });
});
