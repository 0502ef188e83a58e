// The BrowserWindow options of the desk window. Kept free of runtime Electron imports so a Node test can
// assert the security-relevant flags without the Electron binary.
import type { BrowserWindowConstructorOptions } from 'electron';

export interface DeskWindowOptionsInput {
  /** Absolute path of the built CommonJS preload (out/preload/index.cjs). */
  preloadPath: string;
  /** Window icon on Linux/Windows; macOS uses the bundle icon. */
  iconPath?: string;
}

export function deskWindowOptions({ preloadPath, iconPath }: DeskWindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Dealer Desk',
    // Shown on 'ready-to-show' so the user never sees an unstyled flash.
    show: false,
    backgroundColor: '#1a1b1e',
    autoHideMenuBar: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      // The renderer is a web page: no Node, its own JS world, and Chromium's sandbox. It reaches the
      // backend only through the two functions the preload exposes.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      safeDialogs: true,
    },
  };
}
