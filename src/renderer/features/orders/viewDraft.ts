// A view being looked at: its saved definition and the changes made on screen (filters, columns, sort),
// which the person may keep, save as their own, or drop.
import type { OrderViewDefinition } from '../../../shared/orderViews';
import type { OrderQuery } from './useOrderPages';

/**
 * Order-insensitive for filter lists (a multiselect may reorder), exact for columns and sort. The search box
 * is a quick find, not part of a view: it neither marks a view changed nor is saved with it.
 */
export function sameDefinition(a: OrderViewDefinition, b: OrderViewDefinition): boolean {
  const set = (v: readonly string[]) => [...v].sort().join('\u0000');
  return (
    set(a.filters.status) === set(b.filters.status) &&
    set(a.filters.channel) === set(b.filters.channel) &&
    set(a.filters.region) === set(b.filters.region) &&
    a.filters.queue === b.filters.queue &&
    a.columns.join() === b.columns.join() &&
    a.sort.column === b.sort.column &&
    a.sort.direction === b.sort.direction
  );
}

/** The backend query of a view (with the search as debounced on screen). */
export function queryOf(definition: OrderViewDefinition, search: string): OrderQuery {
  const f = definition.filters;
  return {
    ...(search ? { search } : {}),
    ...(f.status.length ? { status: f.status } : {}),
    ...(f.channel.length ? { channel: f.channel } : {}),
    ...(f.region.length ? { region: f.region } : {}),
    ...(f.queue ? { queue: f.queue } : {}),
    sort: definition.sort,
  };
}

/** What is saved of a view on screen: everything but the quick search. */
export function savedDefinition(draft: OrderViewDefinition): OrderViewDefinition {
  return { ...draft, filters: { ...draft.filters, search: '' } };
}
