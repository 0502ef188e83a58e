// electron-updater wiring: check once on start (packaged builds only), tell the renderer through the
// 'app.update' push event, and install on "Restart to update" or on quit.
import electronUpdater from 'electron-updater';
import { shouldCheckForUpdates, updateAvailablePush, updateDownloadedPush, updateErrorPush, type UpdatePush } from './update-policy';

export interface DeskUpdater {
  /** True once an update has been downloaded and can be installed. */
  readonly downloaded: boolean;
  restartToUpdate(): void;
}

export function startUpdater(options: { isPackaged: boolean; notify: (push: UpdatePush) => void; onDownloaded: () => void }): DeskUpdater {
  const state = { downloaded: false };
  const updater: DeskUpdater = {
    get downloaded() {
      return state.downloaded;
    },
    restartToUpdate() {
      if (state.downloaded) electronUpdater.autoUpdater.quitAndInstall();
    },
  };
  if (!shouldCheckForUpdates({ isPackaged: options.isPackaged, env: process.env })) return updater;

  // electron-updater (CommonJS) is reached through its default export: named ESM imports of it are not
  // reliable under Node's CJS interop.
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('update-available', (info) => options.notify(updateAvailablePush(info.version)));
  autoUpdater.on('update-downloaded', (info) => {
    state.downloaded = true;
    options.notify(updateDownloadedPush(info.version));
    options.onDownloaded();
  });
  autoUpdater.on('error', (error) => options.notify(updateErrorPush(error)));
  // A failed check (offline, no feed published yet) must never stop the desk. electron-updater reports it
  // through the 'error' event above as well as this rejection, so the rejection is only swallowed.
  autoUpdater.checkForUpdates().catch(() => undefined);
  return updater;
}
