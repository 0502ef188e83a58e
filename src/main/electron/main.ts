// Electron main entry: one instance, the backend on the user's data directory, one sandboxed window,
// IPC into the backend, pushes out to the windows, the CSP, the navigation policy and the updater.
// Every decision lives in a pure module next to this file; this file only wires them to Electron.
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, protocol, session, shell, type WebContents } from 'electron';
import type { Backend } from '../backend';
import { rolesOfSession, startHoldNotifier } from '../features/credit/notifications';
import { endpointsFrom, startDesk, type Desk } from '../runtime';
import { deskChannels, type DeskEventMessage } from '../../preload/channels';
import { appScheme, mimeTypeFor, rendererLocation, resolveAppAsset } from './app-origin';
import { shellContentSecurityPolicy, withContentSecurityPolicy } from './csp-header';
import { statementPdfHandlers } from './statement-pdf';
import { isTrustedSender, malformedCallResult, parseDeskCall, untrustedSenderResult } from './ipc-guard';
import { deskMenuTemplate } from './menu-template';
import { decideDownload } from './download-policy';
import { decideNavigation, decideWindowOpen, type NavigationDecision } from './navigation-policy';
import { isPermissionGranted } from './permission-policy';
import { startUpdater, type DeskUpdater } from './updater';
import { deskWindowOptions } from './window-options';

// Must run before 'ready': app:// behaves like https (secure context, fetch, relative URLs). corsEnabled stays
// off on purpose: it would make the app's files readable from any origin.
protocol.registerSchemesAsPrivileged([
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const location = rendererLocation(devServerUrl);
const contentSecurityPolicy = shellContentSecurityPolicy({ dev: devServerUrl !== undefined });
const outDir = join(import.meta.dirname, '..');

let mainWindow: BrowserWindow | null = null;
/** The session the window's last call carried: who is signed in on this desk, for new-hold notifications. */
let windowSession: string | null = null;

if (!app.requestSingleInstanceLock()) {
  // Two desks on one data directory would fight over the SQLite file and the outbox.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Dealer Desk could not start', message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  await app.whenReady();

  serveRenderer();
  const defaultSession = session.defaultSession;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, contentSecurityPolicy) });
  });
  defaultSession.setPermissionRequestHandler((contents, permission, callback) => {
    callback(isPermissionGranted(permission, contents.getURL(), location.origin));
  });
  defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, location.origin),
  );
  // Exports (CSV/XLSX built in the page) open the save dialog; every other download is cancelled.
  defaultSession.on('will-download', (event, item) => {
    const decision = decideDownload({ url: item.getURL(), fileName: item.getFilename() }, location.origin);
    if (decision.action === 'cancel') {
      event.preventDefault();
      return;
    }
    item.setSaveDialogOptions({ defaultPath: join(app.getPath('downloads'), decision.fileName), filters: decision.filters });
  });

  // The backend opens the database and applies migrations before the first window exists; a database
  // newer than the app throws here and the user sees its message.
  // getAppPath() is the repo in development and app.asar when packaged; drizzle/ is packed at its root.
  // Endpoints come from the environment (DEALER_DESK_PLATFORM_URL, DEALER_DESK_DMS_URL, DEALER_DESK_TOKEN);
  // with none, the desk runs in demo mode with the reference servers embedded (see README).
  const desk = await startDesk({
    dataDir: app.getPath('userData'),
    migrationsDir: join(app.getAppPath(), 'drizzle'),
    endpoints: endpointsFrom({}),
    log: (level, message) => (level === 'info' ? console.log(message) : console.error(message)),
  });
  const backend = desk.backend;
  wireIpc(backend);
  notifyNewHolds(backend);
  // Statements save as PDF through the window's own print (the page's print CSS shows only the statement).
  backend.registerHandlers(
    statementPdfHandlers({
      printToPdf: (options) => {
        if (!mainWindow || mainWindow.isDestroyed()) return Promise.reject(new Error('no desk window'));
        return mainWindow.webContents.printToPDF(options);
      },
      downloadsDir: () => app.getPath('downloads'),
    }),
  );
  closeDeskOnQuit(desk);

  const updater = startUpdater({
    isPackaged: app.isPackaged,
    notify: (push) => broadcast('app.update', push),
    onDownloaded: () => setMenu(updater),
  });
  setMenu(updater);

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

function createWindow(): void {
  const window = new BrowserWindow(
    deskWindowOptions({
      preloadPath: join(outDir, 'preload/index.cjs'),
      ...(process.platform === 'linux' ? { iconPath: windowIconPath() } : {}),
    }),
  );
  mainWindow = window;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(location.url);
}

/** Packaged: copied next to app.asar by electron-builder (extraResources); dev: the repo's resources/. */
function windowIconPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(app.getAppPath(), 'resources/icon.png');
}

/** app://desk/... serves the built renderer from out/renderer (inside app.asar when packaged). */
function serveRenderer(): void {
  const rendererDir = join(outDir, 'renderer');
  protocol.handle(appScheme, async (request) => {
    const file = resolveAppAsset(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    // Routes without a file extension are client-side routes: answer with the app itself.
    const target = extname(file) === '' ? join(rendererDir, 'index.html') : file;
    try {
      const body = await readFile(target);
      return new Response(body, {
        headers: { 'content-type': mimeTypeFor(target), 'content-security-policy': contentSecurityPolicy },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}

/** Applied to every webContents: no navigation away, no new windows, no <webview>. */
function lockDown(contents: WebContents): void {
  const guardNavigation = (event: { preventDefault: () => void }, url: string) => {
    const decision = decideNavigation(url, location.origin);
    if (decision.action === 'allow') return;
    event.preventDefault();
    openExternally(decision);
  };
  contents.on('will-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-redirect', (event) => guardNavigation(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(decideWindowOpen(url));
    return { action: 'deny' };
  });
}

function openExternally(decision: NavigationDecision): void {
  if (decision.action === 'open-external') void shell.openExternal(decision.url);
}

function wireIpc(backend: Backend): void {
  ipcMain.handle(deskChannels.call, async (event, message: unknown) => {
    const frame = event.senderFrame;
    if (!isTrustedSender({ frameUrl: frame?.url, isMainFrame: frame !== null && frame.parent === null }, location.origin)) {
      return untrustedSenderResult;
    }
    const call = parseDeskCall(message);
    if (!call) return malformedCallResult;
    windowSession = call.session;
    return backend.dispatch(call.procedure, call.input, { sessionToken: call.session });
  });
  backend.onPush((event, payload) => broadcast(event, payload));
}

/** New credit holds as desktop notifications from the main process (the renderer's are denied by policy). */
function notifyNewHolds(backend: Backend): void {
  if (!Notification.isSupported()) return;
  startHoldNotifier({
    host: backend,
    recipientRoles: () => rolesOfSession(backend.sqlite, windowSession),
    show: (notice) => {
      const shown = new Notification({ title: notice.title, body: notice.body });
      shown.on('click', () => {
        if (!mainWindow) return;
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
      });
      shown.show();
    },
  });
}

function broadcast(event: string, payload: unknown): void {
  const message: DeskEventMessage = { event, payload };
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed()) window.webContents.send(deskChannels.event, message);
  }
}

function setMenu(updater: DeskUpdater): void {
  const template = deskMenuTemplate({
    platform: process.platform,
    dev: !app.isPackaged,
    updateDownloaded: updater.downloaded,
    onRestartToUpdate: () => updater.restartToUpdate(),
    onAbout: () => {
      void dialog.showMessageBox({ type: 'info', title: 'Dealer Desk', message: `Dealer Desk ${app.getVersion()}` });
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Quit waits for the sync engine to stop and the backend to close the database cleanly (WAL checkpoint). */
function closeDeskOnQuit(desk: Desk): void {
  let closed = false;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    desk
      .close()
      .catch(() => undefined)
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
