// Duty 1: credit positions DMS -> platform. Whenever a DMS account's version is ahead of the source_version
// the platform holds, PUT the figures. The PUT is monotonic by source_version on the server, so the same
// figures pushed by several desks, or twice, land once; the key `credit:<account>:<dms version>` is shared.
import type Database from 'better-sqlite3';
import type { Platform } from '../../shared/contracts';
import { enqueue, type KindHandler } from '../sync/outbox';
import { enc } from './common';

export const CREDIT_KIND = 'platform.putCredit';

interface Due {
  account_id: string;
  credit_limit: number;
  balance: number;
  unbilled: number;
  overdue: number;
  oldest_overdue_days: number;
  blocked: number;
  updated_at: string;
  version: number;
}

/** Enqueues a credit push for every account whose DMS figures are newer than the platform's. */
export function deriveCreditPushes(sqlite: Database.Database, now: Date): number {
  const due = sqlite
    .prepare(
      `SELECT a.id AS account_id, d.credit_limit, d.balance, d.unbilled, d.overdue, d.oldest_overdue_days, d.blocked, d.updated_at, d.version
       FROM dms_accounts d
       JOIN platform_accounts a ON a.code = d.dealer_code
       LEFT JOIN platform_credit c ON c.account_id = a.id
       WHERE c.account_id IS NULL OR c.source_version < d.version`,
    )
    .all() as Due[];
  let added = 0;
  for (const d of due) {
    const body: Platform.CreditInput = {
      credit_limit: d.credit_limit,
      exposure: d.balance + d.unbilled,
      overdue: d.overdue,
      oldest_overdue_days: d.oldest_overdue_days,
      blocked: d.blocked === 1,
      // The DMS's own timestamp, not ours: every desk derives the same body for the same version.
      as_of: d.updated_at,
      source_version: d.version,
    };
    const r = enqueue(
      sqlite,
      {
        target: 'platform',
        kind: CREDIT_KIND,
        entityKey: `credit:${d.account_id}`,
        idempotencyKey: `credit:${d.account_id}:${d.version}`,
        method: 'PUT',
        path: `/accounts/${enc(d.account_id)}/credit`,
        payload: body,
        createdBy: 'system',
      },
      now,
    );
    if (r.inserted) added++;
  }
  return added;
}

export const creditHandler: KindHandler = {
  prepare(item, ctx) {
    // A newer push for the same account is queued behind this one: this one is obsolete.
    const body = item.payload as Platform.CreditInput;
    const held = ctx.sqlite
      .prepare('SELECT source_version FROM platform_credit WHERE account_id = ?')
      .pluck()
      .get(item.entityKey.slice('credit:'.length)) as number | undefined;
    if (held !== undefined && held >= body.source_version)
      return { status: 'delivered', result: null, message: 'the platform already holds these or newer figures' };
    return null;
  },
};
