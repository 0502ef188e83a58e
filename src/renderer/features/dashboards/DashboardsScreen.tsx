// The managers' Dashboards screen (issue 11): the book, a dealer's dashboard and its statement, one at a time,
// with the address (#/dashboards?dealer=...) saying which, so back and forward work.
import '@mantine/charts/styles.css';
import './dashboards.css';
import { Box, Group, Stack } from '@mantine/core';
import { DealerSearch } from '../../app/dealers/DealerSearch';
import type { ScreenDef } from '../../app/screens';
import { BookView } from './BookView';
import { DealerDashboard } from './DealerDashboard';
import { StatementView } from './StatementView';
import { useDashboardRoute } from './useDashboardRoute';

export function DashboardsScreen({ screen: _screen }: { screen: ScreenDef }) {
  const [route, go] = useDashboardRoute();
  const openDealer = (dealer: string) => go({ dealer });

  return (
    <Stack gap="sm">
      {/* The same one-box search as the phone desk: any dealer, suspended ones too (their history still matters). */}
      <Group className="dd-no-print" align="flex-end">
        <Box w={420}>
          <DealerSearch onPick={(d) => openDealer(d.id)} slashToFocus limit={10} />
        </Box>
      </Group>
      {route.dealer === null ? (
        <BookView onOpenDealer={(d) => openDealer(d.accountId ?? d.dealerCode)} />
      ) : route.view === 'statement' ? (
        <StatementView
          dealer={route.dealer}
          from={route.from}
          to={route.to}
          onPeriod={(from, to) => go({ dealer: route.dealer, view: 'statement', from, to }, true)}
          onBack={() => go({ dealer: route.dealer })}
        />
      ) : (
        <DealerDashboard dealer={route.dealer} onBack={() => go({})} onStatement={() => go({ dealer: route.dealer, view: 'statement' })} />
      )}
    </Stack>
  );
}
