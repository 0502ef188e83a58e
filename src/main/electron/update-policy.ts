// When the updater runs and what the renderer is told about it. Pure, tested in Node; updater.ts wires it
// to electron-updater.
import type { PushEvents } from '../../shared/api/contract';

export type UpdatePush = PushEvents['app.update'];

/**
 * Check for updates only in a packaged app outside dev: an unpackaged run has no app-update.yml and would
 * only log errors. DEALER_DESK_NO_UPDATE=1 turns checks off (kiosks, managed fleets).
 */
export function shouldCheckForUpdates({ isPackaged, env }: { isPackaged: boolean; env: Record<string, string | undefined> }): boolean {
  if (!isPackaged) return false;
  if (env['ELECTRON_RENDERER_URL']) return false;
  if (env['DEALER_DESK_NO_UPDATE'] === '1') return false;
  return true;
}

export function updateAvailablePush(version: string): UpdatePush {
  return { state: 'available', version, message: `Dealer Desk ${version} is available and is downloading in the background.` };
}

export function updateDownloadedPush(version: string): UpdatePush {
  return {
    state: 'downloaded',
    version,
    message: `Dealer Desk ${version} is ready. Choose "Restart to update" in the menu, or it installs when you quit.`,
  };
}

export function updateErrorPush(error: unknown): UpdatePush {
  const detail = error instanceof Error ? error.message : String(error);
  // The first line only: electron-updater errors can carry whole HTTP bodies.
  const firstLine = detail.split('\n')[0]?.slice(0, 200) ?? '';
  return {
    state: 'error',
    message: `Could not check for updates (${firstLine}). Dealer Desk keeps working; it will try again next start.`,
  };
}
