// A page whose apply throws half-way is rolled back by its transaction. The replica observers gather some of
// their work over the page and write it at its end (flush): what they gathered from the rolled-back rows must
// go with them, not be written with the next page. Checked on a real SQLite file with every observer, for the
// order queues' tallies (platform feed) and the dashboards' day sums (DMS feed).
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingRecord } from '../../../src/main/connectors/source';
import { openDatabase } from '../../../src/main/db/open';
import { ReplicaWriter } from '../../../src/main/sync/replica';
import { dmsOrder, platformOrder, record } from '../queries/orderRecords';

const open: Database.Database[] = [];
afterEach(() => {
  while (open.length) open.pop()?.close();
});

function desk() {
  const sqlite = openDatabase(':memory:').sqlite;
  open.push(sqlite);
  return { sqlite, platform: new ReplicaWriter(sqlite, 'platform'), dms: new ReplicaWriter(sqlite, 'dms') };
}

/** A record the writer fails on after the good ones of its page were applied (an order without its lines). */
function broken(id: string, like: IncomingRecord): IncomingRecord {
  const data = { ...like.data, id, lines: undefined };
  return { ...like, id, data };
}

describe('a page that fails half-way', () => {
  it('leaves nothing of its rows in the order queues tallies', () => {
    const d = desk();
    const good = record('order', platformOrder({ id: 'po-a', status: 'received', channel: 'portal' }));
    expect(() => d.sqlite.transaction(() => d.platform.apply([good, broken('po-bad', good)]))()).toThrow();
    expect(d.sqlite.prepare('SELECT count(*) FROM platform_orders').pluck().get()).toBe(0);

    d.sqlite.transaction(() => d.platform.apply([record('order', platformOrder({ id: 'po-c', status: 'received', channel: 'portal' }))]))();

    const tallies = d.sqlite.prepare('SELECT status, channel, n FROM order_tallies WHERE n <> 0').all();
    const truth = d.sqlite.prepare('SELECT status, channel, count(*) AS n FROM platform_orders GROUP BY 1, 2').all();
    expect(truth).toEqual([{ status: 'received', channel: 'portal', n: 1 }]);
    expect(tallies).toEqual(truth);
  });

  it('leaves nothing of its rows in the dashboards day sums', () => {
    const d = desk();
    const first = dmsOrder({ id: 'do-a', platformOrderId: 'po-a', createdAt: '2026-03-01T05:00:00.000Z' });
    const good = record('order', first);
    expect(() => d.sqlite.transaction(() => d.dms.apply([good, broken('do-bad', good)]))()).toThrow();
    expect(d.sqlite.prepare('SELECT count(*) FROM dms_orders').pluck().get()).toBe(0);

    const second = dmsOrder({ id: 'do-c', platformOrderId: 'po-c', createdAt: '2026-03-02T05:00:00.000Z' });
    d.sqlite.transaction(() => d.dms.apply([record('order', second)]))();

    // Only the order that is in the replica counts as ordered (unbilled from its creation day).
    const days = d.sqlite.prepare('SELECT day, dealer_code, ordered_value FROM dash_dealer_days WHERE ordered_value <> 0').all();
    expect(days).toEqual([{ day: '2026-03-02', dealer_code: second.dealer_code, ordered_value: second.total }]);
  });
});
