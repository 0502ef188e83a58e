// Hash routing (`#/orders`): enough for a desk with a handful of screens, and it needs no server routes.
import { useCallback, useSyncExternalStore } from 'react';

function readHash(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHashRoute(): [string, (route: string) => void] {
  const route = useSyncExternalStore(subscribe, readHash, () => '');
  const navigate = useCallback((next: string) => {
    if (readHash() !== next) window.location.hash = `/${next}`;
  }, []);
  return [route, navigate];
}
