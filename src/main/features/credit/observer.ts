// The credit desk's replica observer: every platform order written on credit hold is recorded once in
// credit_hold_arrivals, in the page's own transaction, so "a new hold arrived" is derived from the replica
// (a crash or a re-snapshot cannot lose or repeat one). Holds that come with a snapshot were there before
// this desk looked: they are recorded quiet and never notify.
import type { ReplicaObserverFactory } from '../../sync/observers';

export const creditHoldObserver: ReplicaObserverFactory = (sqlite, source, now) => {
  if (source !== 'platform') return null;
  const record = sqlite.prepare('INSERT OR IGNORE INTO credit_hold_arrivals (order_id, quiet, seen_at) VALUES (?, ?, ?)');
  return {
    resourceTypes: ['order'],
    after(_type, id, data, _previous, snapshot) {
      // An order enters credit_hold only at placement, so its first write on hold is its arrival.
      if (data && data['status'] === 'credit_hold') record.run(id, snapshot ? 1 : 0, now().toISOString());
    },
  };
};
