// Where the Dashboards screen is: the book (`#/dashboards`), a dealer (`#/dashboards?dealer=<account id or
// code>`) or its statement (`...&view=statement&from=YYYY-MM-DD&to=YYYY-MM-DD`). In the hash, so the browser's
// back button walks book -> dealer -> statement, and a link to a dealer can be shared.
import { useCallback, useSyncExternalStore } from 'react';

export interface DashboardRoute {
  dealer: string | null;
  view: 'dashboard' | 'statement';
  from: string | null;
  to: string | null;
}

function readQuery(): string {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  return at < 0 ? '' : hash.slice(at + 1);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function parseDashboardRoute(query: string): DashboardRoute {
  const params = new URLSearchParams(query);
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);
  return {
    dealer: params.get('dealer') || null,
    view: params.get('view') === 'statement' ? 'statement' : 'dashboard',
    from: date(params.get('from')),
    to: date(params.get('to')),
  };
}

export function dashboardHref(route: Partial<DashboardRoute>): string {
  const params = new URLSearchParams();
  if (route.dealer) params.set('dealer', route.dealer);
  if (route.view === 'statement') params.set('view', 'statement');
  if (route.from) params.set('from', route.from);
  if (route.to) params.set('to', route.to);
  const query = params.toString();
  return `#/dashboards${query ? `?${query}` : ''}`;
}

export function useDashboardRoute(): [DashboardRoute, (route: Partial<DashboardRoute>, replace?: boolean) => void] {
  const query = useSyncExternalStore(subscribe, readQuery, () => '');
  const route = parseDashboardRoute(query);
  const go = useCallback((next: Partial<DashboardRoute>, replace = false) => {
    const href = dashboardHref(next);
    if (window.location.hash === href) return;
    if (replace) window.history.replaceState(null, '', href);
    else window.location.hash = href.slice(1);
    if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
  }, []);
  return [route, go];
}
