// Ctrl/Cmd+K command palette: jump to any screen the user may open or any order view (with its live count),
// find a dealer, sign out, toggle the theme. Each navigation action shows its keyboard shortcuts, and the
// order queues' keys are listed too, so the palette also teaches them.
import { Badge, Group, Kbd } from '@mantine/core';
import { Spotlight, type SpotlightActionData, type SpotlightActionGroupData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { orderQueueShortcuts } from '../features/orders/shortcuts';
import { formatCount } from './format';
import { altShortcut, type ScreenDef } from './screens';

function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <Group gap={4} wrap="nowrap">
      {keys.map((k) => (
        <Kbd key={k} size="xs">
          {k}
        </Kbd>
      ))}
    </Group>
  );
}

export interface PaletteOrderView {
  id: string;
  name: string;
  summary: string;
  count: number | null;
}

export function CommandPalette({
  visibleScreens,
  onGo,
  onSignOut,
  onToggleTheme,
  orderViews = [],
  onOpenOrderView,
  onFindDealer,
}: {
  visibleScreens: readonly ScreenDef[];
  onGo: (screen: ScreenDef) => void;
  onSignOut: () => void;
  onToggleTheme: () => void;
  orderViews?: readonly PaletteOrderView[];
  onOpenOrderView?: (viewId: string) => void;
  /** Opens the dealer look-up (the shared dealer search). */
  onFindDealer: () => void;
}) {
  const actions: (SpotlightActionData | SpotlightActionGroupData)[] = [
    ...visibleScreens.map((screen) => ({
      id: `go-${screen.id}`,
      group: 'Go to',
      label: screen.label,
      keywords: [screen.id, screen.summary],
      rightSection: <Keys keys={[`g ${screen.goKey}`, altShortcut(screen)]} />,
      onClick: () => onGo(screen),
    })),
    ...orderViews.map((view) => ({
      id: `view-${view.id}`,
      group: 'Order views',
      label: view.name,
      description: view.summary,
      keywords: ['view', 'queue', 'orders', view.summary],
      rightSection:
        view.count === null ? undefined : (
          <Badge size="sm" variant="light" color="gray">
            {formatCount(view.count)}
          </Badge>
        ),
      onClick: () => onOpenOrderView?.(view.id),
    })),
    ...orderQueueShortcuts.map((shortcut) => ({
      id: `key-${shortcut.id}`,
      group: 'Keyboard: order queues',
      label: shortcut.label,
      keywords: ['shortcut', 'key', 'keyboard', ...shortcut.keys],
      rightSection: <Keys keys={shortcut.keys} />,
      // A shortcut entry only teaches; choosing it closes the palette.
      onClick: () => undefined,
    })),
    {
      id: 'find-dealer',
      group: 'Desk',
      label: 'Find a dealer',
      description: 'By name, code, town, GSTIN, contact or phone',
      keywords: ['dealer', 'account', 'phone', 'gstin', 'contact', 'customer'],
      onClick: onFindDealer,
    },
    { id: 'toggle-theme', group: 'Desk', label: 'Toggle light / dark theme', keywords: ['theme', 'dark', 'light'], onClick: onToggleTheme },
    { id: 'sign-out', group: 'Desk', label: 'Sign out', keywords: ['logout', 'log out'], onClick: onSignOut },
  ];
  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K']}
      nothingFound="No matching command"
      highlightQuery
      scrollable
      maxHeight={480}
      limit={200}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.5} />,
        placeholder: 'Go to a screen or a view, run a command, look up a key…',
        'aria-label': 'Command',
      }}
    />
  );
}
