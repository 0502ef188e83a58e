// The order views in the navigation, each with its live count: a navigation landmark named "Views".
import { Badge, NavLink, Text, Tooltip } from '@mantine/core';
import { formatCount, formatTime } from '../../app/format';
import { useOrderViews } from './useOrderViews';

export function orderViewRoute(viewId: string): string {
  return `orders/${encodeURIComponent(viewId)}`;
}

export function ViewsNav({ currentViewId }: { currentViewId: string | null }) {
  const { views, counts, countsAsOf } = useOrderViews();
  if (views.length === 0) return null;
  return (
    <nav aria-label="Views">
      <Text size="xs" c="dimmed" fw={600} px="sm" pt={4} pb={2} title={countsAsOf ? `Counts as of ${formatTime(countsAsOf)}` : undefined}>
        Views
      </Text>
      {views.map((view) => {
        const count = counts[view.id];
        const active = currentViewId === view.id;
        const countText = count ? `${formatCount(count.total)}${count.exact ? '' : '+'}` : '…';
        return (
          <Tooltip key={view.id} label={view.summary} openDelay={600} position="right" multiline w={260}>
            <NavLink
              href={`#/${orderViewRoute(view.id)}`}
              label={view.name}
              noWrap
              pl={22}
              py={3}
              active={active}
              aria-current={active ? 'page' : undefined}
              variant="subtle"
              data-view-id={view.id}
              style={{ borderRadius: 6 }}
              rightSection={
                <Badge size="xs" variant={active ? 'filled' : 'light'} color="gray" radius="sm" data-testid="view-count">
                  {countText}
                </Badge>
              }
            />
          </Tooltip>
        );
      })}
    </nav>
  );
}
