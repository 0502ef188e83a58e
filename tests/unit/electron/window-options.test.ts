// The desk window's security flags, asserted without the Electron binary.
import { describe, expect, it } from 'vitest';
import { deskWindowOptions } from '../../../src/main/electron/window-options';

describe('deskWindowOptions', () => {
  const options = deskWindowOptions({ preloadPath: '/app/out/preload/index.cjs' });
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer with no Node access', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and refuses insecure content and <webview>', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
  });

  it('loads the CommonJS preload it is given', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.preload?.endsWith('.cjs')).toBe(true);
  });

  it('sets an icon only when one is given, and waits for ready-to-show', () => {
    expect(options.show).toBe(false);
    expect('icon' in options).toBe(false);
    expect(deskWindowOptions({ preloadPath: '/p.cjs', iconPath: '/icon.png' }).icon).toBe('/icon.png');
  });
});
