// The application menu as data. Only type imports from Electron, so a Node test can check it; main.ts
// turns it into a Menu.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuTemplateInput {
  platform: NodeJS.Platform;
  /** Dev tools and reload only in development builds. */
  dev: boolean;
  updateDownloaded: boolean;
  onRestartToUpdate: () => void;
  onAbout: () => void;
}

export function deskMenuTemplate(input: MenuTemplateInput): MenuItemConstructorOptions[] {
  const isMac = input.platform === 'darwin';
  const restartToUpdate: MenuItemConstructorOptions = {
    id: 'restart-to-update',
    label: 'Restart to update',
    enabled: input.updateDownloaded,
    click: () => input.onRestartToUpdate(),
  };
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Dealer Desk',
      submenu: [
        { label: 'About Dealer Desk', click: () => input.onAbout() },
        restartToUpdate,
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(input.dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  );
  if (!isMac) {
    template.push({
      label: 'Help',
      submenu: [restartToUpdate, { type: 'separator' }, { label: 'About Dealer Desk', click: () => input.onAbout() }],
    });
  }
  return template;
}
