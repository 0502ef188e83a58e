// Shows the Electron auto-updater's 'app.update' pushes as notifications (the web host never sends them).
// Installing is the shell's job ("Restart to update" in the app menu); the message says so.
import { notifications } from '@mantine/notifications';
import { usePushEvent } from '../api/hooks';

const colors = { available: 'blue', downloaded: 'teal', error: 'orange' } as const;

export function useAppUpdateNotices(): void {
  usePushEvent('app.update', (update) => {
    notifications.show({
      id: 'app-update',
      title: update.version ? `Dealer Desk ${update.version}` : 'Dealer Desk update',
      message: update.message,
      color: colors[update.state],
      // A downloaded update waits for the person to restart; keep it on screen until dismissed.
      autoClose: update.state === 'downloaded' ? false : 8000,
    });
  });
}
