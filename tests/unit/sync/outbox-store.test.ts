// Outbox storage rules on a real (in-memory) database: one item per idempotency key, counts as the status
// bar shows them, retry/discard only from the states that allow it, and pruning of long-finished items.
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/db/open';
import { discardItem, enqueue, getItem, outboxCounts, pruneOutbox, retryItem } from '../../../src/main/sync/outbox';

const input = (key: string) => ({
  target: 'platform' as const,
  kind: 'platform.putCredit',
  entityKey: `credit:${key}`,
  idempotencyKey: key,
  method: 'PUT' as const,
  path: `/accounts/${key}/credit`,
  payload: { key },
  createdBy: 'system',
});

describe('outbox store', () => {
  it('dedupes by idempotency key, counts, retries and discards only where allowed, prunes old finished items', () => {
    const { sqlite } = openDatabase(':memory:');
    const old = new Date('2026-01-01T00:00:00Z');
    const a = enqueue(sqlite, input('a'), old);
    expect(enqueue(sqlite, input('a'), old)).toEqual({ id: a.id, inserted: false });
    const b = enqueue(sqlite, input('b'), old);
    const c = enqueue(sqlite, input('c'), new Date('2026-03-01T00:00:00Z'));
    expect(outboxCounts(sqlite)).toMatchObject({ pending: 3, failed: 0, conflict: 0, oldestPendingAt: old.toISOString() });

    expect(() => retryItem(sqlite, a.id, old)).toThrow(/failed or conflicting/);
    sqlite.prepare("UPDATE outbox SET status = 'failed', attempts = 4 WHERE id = ?").run(a.id);
    expect(retryItem(sqlite, a.id, old)).toMatchObject({ status: 'pending', attempts: 0, idempotencyKey: 'a' });

    sqlite.prepare("UPDATE outbox SET status = 'delivered', updated_at = ? WHERE id IN (?, ?)").run(old.toISOString(), a.id, c.id);
    expect(() => discardItem(sqlite, a.id, 'nope', old)).toThrow(/already ended/);
    expect(discardItem(sqlite, b.id, 'dealer withdrew', old)).toMatchObject({
      status: 'discarded',
      lastError: 'discarded: dealer withdrew',
    });

    // a and b ended long before the cut-off; c was delivered recently (its updated_at below is fresh).
    sqlite.prepare('UPDATE outbox SET updated_at = ? WHERE id = ?').run('2026-03-01T00:00:00Z', c.id);
    sqlite.prepare('UPDATE outbox SET updated_at = ? WHERE id = ?').run(old.toISOString(), b.id);
    expect(pruneOutbox(sqlite, new Date('2026-03-15T00:00:00Z'))).toBe(2);
    expect(getItem(sqlite, a.id)).toBeUndefined();
    expect(getItem(sqlite, c.id)?.status).toBe('delivered');
  });
});
