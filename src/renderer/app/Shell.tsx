// The signed-in desk: AppShell with header (name, mode banner, sync, theme, palette, user menu), the
// role-filtered navbar, and the current screen.
import {
  ActionIcon,
  AppShell,
  Avatar,
  Badge,
  Box,
  Group,
  Kbd,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  UnstyledButton,
  useMantineColorScheme,
  useComputedColorScheme,
} from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import {
  IconArrowsExchange,
  IconChartBar,
  IconLogout,
  IconMoon,
  IconPhone,
  IconShieldLock,
  IconShoppingCart,
  IconSun,
  IconTruckDelivery,
  IconUsers,
  IconSearch,
} from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionView, StaffView } from '../../shared/api/contract';
import { roleLabels } from '../../shared/roles';
import { AdminScreen } from '../features/admin/AdminScreen';
import { CreditHoldsScreen } from '../features/credit-holds/CreditHoldsScreen';
import { useHoldNotifications } from '../features/credit-holds/useHoldNotifications';
import { DashboardsScreen } from '../features/dashboards/DashboardsScreen';
import { DealerStatusScreen } from '../features/dealer-status/DealerStatusScreen';
import { OrdersScreen } from '../features/orders/OrdersScreen';
import { OrderViewsProvider, useOrderViews } from '../features/orders/useOrderViews';
import { ViewsNav, orderViewRoute } from '../features/orders/ViewsNav';
import { PhoneOrderScreen } from '../features/phone-order/PhoneOrderScreen';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { SyncScreen } from '../features/sync/SyncScreen';
import { CommandPalette } from './CommandPalette';
import { DealerLookup } from './dealers/DealerLookup';
import { altShortcut, landingScreen, screensFor, type ScreenDef, type ScreenId } from './screens';
import { useAppUpdateNotices } from './useAppUpdateNotices';
import { useGoShortcuts } from './useGoShortcuts';
import { useHashRoute } from './useHashRoute';

const screenIcons: Record<ScreenId, ReactNode> = {
  orders: <IconShoppingCart size={18} stroke={1.5} />,
  'phone-order': <IconPhone size={18} stroke={1.5} />,
  'credit-holds': <IconShieldLock size={18} stroke={1.5} />,
  'dealer-status': <IconTruckDelivery size={18} stroke={1.5} />,
  dashboards: <IconChartBar size={18} stroke={1.5} />,
  sync: <IconArrowsExchange size={18} stroke={1.5} />,
  admin: <IconUsers size={18} stroke={1.5} />,
};

function ScreenView({ screen, staff, subRoute }: { screen: ScreenDef; staff: StaffView; subRoute: string | null }) {
  switch (screen.id) {
    case 'admin':
      return <AdminScreen currentStaffId={staff.id} />;
    case 'sync':
      return <SyncScreen roles={staff.roles} />;
    case 'orders':
      return <OrdersScreen viewId={subRoute} staff={staff} />;
    case 'phone-order':
      return <PhoneOrderScreen screen={screen} />;
    case 'credit-holds':
      return <CreditHoldsScreen screen={screen} staff={staff} />;
    case 'dealer-status':
      return <DealerStatusScreen screen={screen} />;
    case 'dashboards':
      return <DashboardsScreen screen={screen} />;
  }
}

const modeColors: Record<SessionView['mode'], string> = { demo: 'grape', live: 'teal', offline: 'orange' };

export function Shell(props: { staff: StaffView; session: SessionView; onSignOut: () => void }) {
  return (
    <OrderViewsProvider>
      <ShellFrame {...props} />
    </OrderViewsProvider>
  );
}

function ShellFrame({ staff, session, onSignOut }: { staff: StaffView; session: SessionView; onSignOut: () => void }) {
  const [route, navigate] = useHashRoute();
  // `orders/<view id>`: a screen and what it shows (the order views live under the Orders screen).
  const [screenRoute = '', ...rest] = route.split('/');
  const subRoute = rest.length > 0 ? decodeURIComponent(rest.join('/')) : null;
  const visible = useMemo(() => screensFor(staff.roles), [staff.roles]);
  const current = visible.find((screen) => screen.id === screenRoute) ?? landingScreen(staff.roles);
  const { views: orderViews, counts: orderViewCounts } = useOrderViews();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const toggleTheme = useCallback(() => setColorScheme(computed === 'dark' ? 'light' : 'dark'), [computed, setColorScheme]);
  const go = useCallback((screen: ScreenDef) => navigate(screen.id), [navigate]);
  const [dealerLookupOpen, setDealerLookupOpen] = useState(false);
  useGoShortcuts(visible, go);
  useAppUpdateNotices();
  useHoldNotifications(staff);

  // No route, or one the user may not open (an old bookmark, a role removed): their landing screen.
  useEffect(() => {
    if (current && screenRoute !== current.id) navigate(current.id);
  }, [current, screenRoute, navigate]);

  const showBanner = session.mode !== 'live' && session.modeMessage.length > 0;
  const headerHeight = showBanner ? 80 : 52;

  return (
    <AppShell header={{ height: headerHeight }} navbar={{ width: 252, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h={52} px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Text fw={700} size="lg">
              Dealer Desk
            </Text>
            <Badge variant="light" color={modeColors[session.mode]} size="sm">
              {session.mode}
            </Badge>
          </Group>
          <Group gap="md" wrap="nowrap">
            <SyncIndicator onOpenSyncScreen={() => navigate('sync')} />
            <UnstyledButton onClick={() => spotlight.open()} aria-label="Open command palette">
              <Group
                gap={6}
                px={8}
                py={4}
                wrap="nowrap"
                style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }}
              >
                <IconSearch size={14} stroke={1.5} />
                <Text size="xs" c="dimmed">
                  Commands
                </Text>
                <Kbd size="xs">Ctrl K</Kbd>
              </Group>
            </UnstyledButton>
            <Tooltip label={computed === 'dark' ? 'Light theme' : 'Dark theme'}>
              <ActionIcon variant="default" size="md" onClick={toggleTheme} aria-label="Toggle colour theme">
                {computed === 'dark' ? <IconSun size={16} stroke={1.5} /> : <IconMoon size={16} stroke={1.5} />}
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end" width={220}>
              <Menu.Target>
                <UnstyledButton aria-label="User menu" data-testid="user-menu">
                  <Group gap={6} wrap="nowrap">
                    <Avatar size={26} radius="xl" color="blue">
                      {staff.displayName.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <Text size="sm">{staff.displayName}</Text>
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {staff.username} · {staff.roles.map((role) => roleLabels[role]).join(', ')}
                </Menu.Label>
                <Menu.Item leftSection={computed === 'dark' ? <IconSun size={14} /> : <IconMoon size={14} />} onClick={toggleTheme}>
                  {computed === 'dark' ? 'Light theme' : 'Dark theme'}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={14} />} onClick={onSignOut}>
                  Sign out
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        {showBanner && (
          <Box h={28} px="md" bg={`var(--mantine-color-${modeColors[session.mode]}-light)`} role="status" aria-label="Mode">
            <Text size="xs" lh="28px" c={`var(--mantine-color-${modeColors[session.mode]}-light-color)`}>
              {session.modeMessage}
            </Text>
          </Box>
        )}
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        <ScrollArea>
          {visible.map((screen) => (
            <Box key={screen.id}>
              <NavLink
                href={`#/${screen.id}`}
                label={screen.label}
                noWrap
                leftSection={screenIcons[screen.id]}
                rightSection={
                  <Text size="xs" c="dimmed">
                    {altShortcut(screen)}
                  </Text>
                }
                active={current?.id === screen.id && !(screen.id === 'orders' && subRoute)}
                aria-current={current?.id === screen.id && !(screen.id === 'orders' && subRoute) ? 'page' : undefined}
                style={{ borderRadius: 6 }}
              />
              {screen.id === 'orders' && <ViewsNav currentViewId={current?.id === 'orders' ? subRoute : null} />}
            </Box>
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {current ? (
          <ScreenView screen={current} staff={staff} subRoute={subRoute} />
        ) : (
          <Text>Your account has no roles that open a screen. Ask an administrator.</Text>
        )}
      </AppShell.Main>
      <CommandPalette
        visibleScreens={visible}
        onGo={go}
        onSignOut={onSignOut}
        onToggleTheme={toggleTheme}
        orderViews={orderViews.map((v) => ({ id: v.id, name: v.name, summary: v.summary, count: orderViewCounts[v.id]?.total ?? null }))}
        onOpenOrderView={(id) => navigate(orderViewRoute(id))}
        onFindDealer={() => setDealerLookupOpen(true)}
      />
      <DealerLookup opened={dealerLookupOpen} onClose={() => setDealerLookupOpen(false)} />
    </AppShell>
  );
}
