// Dealer search procedures (issues 7 and 11): `dealers.search` for the phone desk and the dashboards'
// dealer picker. Read-only, any signed-in staff member.
import type { BackendServices, HandlerFactory, Handlers } from '../../api/types';
import { dealerSearch } from './search';
import { indexMissingDealers } from './searchIndex';

type DealerHandlers = Pick<Handlers, 'dealers.search'>;

export const dealersHandlers: HandlerFactory = (services: BackendServices): DealerHandlers => {
  // A replica synced before the search index existed gets its entries now; afterwards the replica
  // observer keeps them in step with every account the writer touches.
  const indexed = indexMissingDealers(services.sqlite);
  if (indexed > 0) services.log('info', `dealer search: indexed ${indexed} accounts synced before the index existed`);
  const search = dealerSearch(services.sqlite);
  return {
    'dealers.search': ({ text, limit }) => ({ text, rows: text.trim() === '' ? [] : search(text, limit) }),
  };
};
