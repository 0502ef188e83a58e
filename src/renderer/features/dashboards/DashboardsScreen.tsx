// The managers' Dashboards screen (issue 11): the book, a dealer's dashboard and its statement, one at a time,
// with the address (#/dashboards?dealer=...) saying which, so back and forward work.
import '@mantine/charts/styles.css';
import './dashboards.css';
import { Stack } from '@mantine/core';
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
