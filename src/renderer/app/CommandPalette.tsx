// Ctrl/Cmd+K command palette: jump to any screen the user may open, find a dealer, sign out, toggle the theme.
// Each navigation action shows its keyboard shortcuts, so the palette also teaches them.
import { Group, Kbd } from '@mantine/core';
import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { altShortcut, type ScreenDef } from './screens';

function Keys({ keys }: { keys: string[] }) {
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

export function CommandPalette({
  visibleScreens,
  onGo,
  onSignOut,
  onToggleTheme,
  onFindDealer,
}: {
  visibleScreens: readonly ScreenDef[];
  onGo: (screen: ScreenDef) => void;
  onSignOut: () => void;
  onToggleTheme: () => void;
  /** Opens the dealer look-up (the shared dealer search). */
  onFindDealer: () => void;
}) {
  const actions: SpotlightActionData[] = [
    ...visibleScreens.map((screen) => ({
      id: `go-${screen.id}`,
      group: 'Go to',
      label: screen.label,
      keywords: [screen.id, screen.summary],
      rightSection: <Keys keys={[`g ${screen.goKey}`, altShortcut(screen)]} />,
      onClick: () => onGo(screen),
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
      maxHeight={420}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.5} />,
        placeholder: 'Go to a screen or run a command…',
        'aria-label': 'Command',
      }}
    />
  );
}
