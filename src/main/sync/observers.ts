// Replica observers: work that must change in the same transaction as a replica row (tallies for the order
// queues, dashboard aggregates, the queue of DMS orders whose dealer status needs deriving). The replica
// writer calls them for every row it writes, inside the page's transaction, so a crash, a snapshot or a
// 410 can never leave them out of step with the rows. They run wherever the writer runs, including the pull
// thread, so they are registered here statically, not at run time.
import type Database from 'better-sqlite3';
import type { SyncSource } from '../db/schema';
import { orderQueueObserver } from '../features/orders/queueObserver';
import { dealerStatusQueueObserver } from '../duties/dealerStatusQueue';
import { creditHoldObserver } from '../features/credit/observer';
import { dashboardsObserverFactory } from '../features/dashboards/aggregates';
import { dealerSearchObserver } from '../features/dealers/searchIndex';

export interface ReplicaObserver {
  /** The resource types (of the writer's source) this observer wants to hear about, e.g. ['order']. */
  readonly resourceTypes: readonly string[];
  /**
   * Just before a watched row may change (the version guard may still skip it): read what the observer
   * needs of the old row. What it returns is handed back to `after`.
   */
  before?(resourceType: string, id: string): unknown;
  /**
   * After a watched row changed: `data` is the resource as now stored, or null when it was deleted;
   * `previous` is what `before` returned. `snapshot` says whether the row came from a snapshot page.
   */
  after(resourceType: string, id: string, data: Record<string, unknown> | null, previous: unknown, snapshot: boolean): void;
  /**
   * After the last record of a page (each `apply` call), still inside its transaction: write what was
   * gathered over the page in one go (e.g. tally changes summed per key instead of a write per row).
   */
  flush?(): void;
  /**
   * The page's transaction failed (the writer threw): drop whatever was gathered for `flush`, because the
   * rows it came from were rolled back. Without this a failed page's tallies would be written with the next.
   */
  discard?(): void;
  /**
   * At the end of a snapshot, after the rows the snapshot did not contain were removed (each one reported
   * to `before`/`after` with data null, as a deletion), still inside the snapshot's last transaction.
   * Observers that keep totals rebuild them here if they must.
   */
  snapshotFinished?(resourceTypes: readonly string[]): void;
}

/** Builds an observer for one connection and source; null when it has nothing to watch there. */
export type ReplicaObserverFactory = (sqlite: Database.Database, source: SyncSource, now: () => Date) => ReplicaObserver | null;

/** Every observer, in the order they run. Features add their factory here. */
export const replicaObserverFactories: readonly ReplicaObserverFactory[] = [
  // Order queues (issue 10): tallies, linked statuses, drift.
  orderQueueObserver,
  // Dealer search (issues 7 and 11): contact names and normalised phone numbers of each account.
  dealerSearchObserver,
  // Dealer-visible status (issue 9): the durable queue of DMS orders whose dealer status needs deriving.
  dealerStatusQueueObserver,
  // Credit holds (issue 8): new holds in arrival order, for desktop notifications.
  creditHoldObserver,
  // Manager dashboards (issue 11): day aggregates, their rolling-period sums and every dealer's figures.
  dashboardsObserverFactory,
];
