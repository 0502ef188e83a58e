// Duty 4: dealer-visible status from DMS fulfilment progress, under an editable policy: each DMS status is
// auto-published (with a message template), sent to a review queue where staff edit and publish, or kept
// internal. The key `dealer-status:<dms order>:<dealer status>` is shared by every desk, and a status is
// never published after a later one (no regressions in what the dealer sees).
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';
import { enc, integrationStaff } from './common';

export type DealerStatusName = Platform.DealerStatusInput['status'];
export type PublishMode = 'auto' | 'review' | 'internal';
export const DEALER_STATUS_KIND = 'platform.publishDealerStatus';

export interface DealerStatusRule {
  dealerStatus: DealerStatusName;
  mode: PublishMode;
}

/** The default policy (issue 4): confirmed, dispatched and delivered go out; backorders and partial deliveries are reviewed. */
export const defaultDealerStatusPolicy: Record<Dms.OrderStatus, DealerStatusRule> = {
  open: { dealerStatus: 'received', mode: 'internal' },
  allocated: { dealerStatus: 'confirmed', mode: 'auto' },
  partially_allocated: { dealerStatus: 'backordered', mode: 'review' },
  backordered: { dealerStatus: 'backordered', mode: 'review' },
  picking: { dealerStatus: 'processing', mode: 'internal' },
  dispatched: { dealerStatus: 'dispatched', mode: 'auto' },
  partially_dispatched: { dealerStatus: 'partially_dispatched', mode: 'review' },
  delivered: { dealerStatus: 'delivered', mode: 'auto' },
  partially_delivered: { dealerStatus: 'partially_delivered', mode: 'review' },
  cancelled: { dealerStatus: 'cancelled', mode: 'internal' },
  closed: { dealerStatus: 'delivered', mode: 'internal' },
};

/** How far along the dealer's view is; a publication never goes backwards. */
export const dealerStatusRank: Record<DealerStatusName, number> = {
  received: 0,
  under_review: 0,
  on_hold: 0,
  confirmed: 1,
  processing: 2,
  backordered: 2,
  partially_dispatched: 3,
  dispatched: 4,
  partially_delivered: 5,
  delivered: 6,
  rejected: 7,
  cancelled: 7,
};

/** What the dealer would read for this DMS order in this status (used for auto-publication and as the review draft). */
export function proposeDealerStatus(order: Dms.Order, status: DealerStatusName): Platform.DealerStatusInput {
  const ref = order.platform_order_number ?? order.number;
  const shipment = [...order.shipments].sort((a, b) => a.dispatched_at.localeCompare(b.dispatched_at)).pop();
  const tracking =
    shipment?.carrier || shipment?.tracking_number ? { carrier: shipment.carrier ?? '', number: shipment.tracking_number ?? '' } : null;
  const eta = shipment?.eta ?? null;
  const by = integrationStaff;
  switch (status) {
    case 'confirmed':
      return {
        status,
        message: `Order ${ref} is confirmed and stock is reserved${order.expected_dispatch_date ? `; expected dispatch ${order.expected_dispatch_date}` : ''}.`,
        eta: null,
        tracking: null,
        published_by: by,
      };
    case 'dispatched':
    case 'partially_dispatched':
      return {
        status,
        message: `${status === 'dispatched' ? 'Order' : 'Part of order'} ${ref} has been dispatched${tracking ? ` with ${tracking.carrier}, tracking ${tracking.number}` : ''}${eta ? `; expected delivery ${eta}` : ''}.`,
        eta,
        tracking,
        published_by: by,
      };
    case 'delivered':
      return { status, message: `Order ${ref} has been delivered.`, eta: null, tracking: null, published_by: by };
    case 'partially_delivered':
      return { status, message: `Part of order ${ref} has been delivered; the rest follows.`, eta: null, tracking, published_by: by };
    case 'backordered':
      return {
        status,
        message: `Part of order ${ref} is on backorder; we will dispatch it as soon as stock arrives.`,
        eta: null,
        tracking: null,
        published_by: by,
      };
    default:
      return { status, message: `Order ${ref}: ${status.replace(/_/g, ' ')}.`, eta: null, tracking: null, published_by: by };
  }
}

function latestPublishedRank(sqlite: Database.Database, platformOrderId: string): { rank: number; statuses: Set<string> } {
  const rows = sqlite
    .prepare('SELECT status FROM platform_dealer_statuses WHERE order_id = ?')
    .pluck()
    .all(platformOrderId) as DealerStatusName[];
  return { rank: Math.max(-1, ...rows.map((s) => dealerStatusRank[s] ?? 0)), statuses: new Set(rows) };
}

export function enqueuePublication(
  sqlite: Database.Database,
  dmsOrderId: string,
  platformOrderId: string,
  body: Platform.DealerStatusInput,
  createdBy: string,
  now: Date,
) {
  return enqueue(
    sqlite,
    {
      target: 'platform',
      kind: DEALER_STATUS_KIND,
      entityKey: `order:${platformOrderId}`,
      idempotencyKey: `dealer-status:${dmsOrderId}:${body.status}`,
      method: 'POST',
      path: `/orders/${enc(platformOrderId)}/dealer-status`,
      payload: body,
      createdBy,
    },
    now,
  );
}

/** What the policy makes of one DMS order as the replica holds it now; true when it added work. */
function deriveForOrder(
  sqlite: Database.Database,
  order: Dms.Order,
  now: Date,
  policy: Record<Dms.OrderStatus, DealerStatusRule>,
): boolean {
  const rule = policy[order.status];
  if (!rule || rule.mode === 'internal') return false;
  const published = latestPublishedRank(sqlite, order.platform_order_id);
  if (published.statuses.has(rule.dealerStatus) || published.rank > dealerStatusRank[rule.dealerStatus]) return false;
  const body = proposeDealerStatus(order, rule.dealerStatus);
  if (rule.mode === 'auto') return enqueuePublication(sqlite, order.id, order.platform_order_id, body, 'system', now).inserted;
  const res = sqlite
    .prepare(
      'INSERT OR IGNORE INTO dealer_status_reviews (dms_order_id, platform_order_id, status, proposed, dms_version, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(order.id, order.platform_order_id, rule.dealerStatus, JSON.stringify(body), order.version, now.toISOString());
  return res.changes > 0;
}

/** Orders taken from the queue per derivation run, so one run's transaction stays short. */
export const DERIVE_BATCH = 500;
/** An order whose derivation threw this many times is set aside (kept in the queue with its error). */
const MAX_ATTEMPTS = 3;

/**
 * Drains the durable queue (dealerStatusQueue.ts): for each queued DMS order, decide from the replica as it
 * is now whether its status is published, queued for review, or kept internal, and remove it from the queue
 * in the same transaction. Call inside the duty transaction. Returns the work added and what is left.
 */
export function deriveDealerStatus(
  sqlite: Database.Database,
  now: Date,
  policy = defaultDealerStatusPolicy,
  batch = DERIVE_BATCH,
): { added: number; remaining: number } {
  let added = 0;
  const queued = sqlite
    .prepare('SELECT dms_order_id FROM dealer_status_queue WHERE attempts < ? ORDER BY attempts, queued_at LIMIT ?')
    .pluck()
    .all(MAX_ATTEMPTS, batch) as string[];
  const get = sqlite.prepare('SELECT raw FROM dms_orders WHERE id = ?').pluck();
  const done = sqlite.prepare('DELETE FROM dealer_status_queue WHERE dms_order_id = ?');
  const failed = sqlite.prepare('UPDATE dealer_status_queue SET attempts = attempts + 1, last_error = ? WHERE dms_order_id = ?');
  for (const id of queued) {
    try {
      // A savepoint per order: one that throws (a bug, a malformed row) is set aside, the rest go on.
      sqlite.transaction(() => {
        const raw = get.get(id) as string | undefined;
        if (raw && deriveForOrder(sqlite, JSON.parse(raw) as Dms.Order, now, policy)) added++;
        done.run(id);
      })();
    } catch (error) {
      failed.run(error instanceof Error ? error.message : String(error), id);
    }
  }
  const remaining = sqlite.prepare('SELECT count(*) FROM dealer_status_queue WHERE attempts < ?').pluck().get(MAX_ATTEMPTS) as number;
  return { added, remaining };
}

function platformOrderIdOf(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

async function findPublished(item: OutboxItem, ctx: OutboxContext): Promise<Resolution | 'absent'> {
  const status = (item.payload as Platform.DealerStatusInput).status;
  const got = await ctx.platform.listDealerStatus(platformOrderIdOf(item));
  if (got.kind !== 'ok')
    return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up publications: ${got.kind}`, ambiguous: true };
  const found = got.body.data.find((p) => p.status === status);
  return found ? { status: 'delivered', result: found, message: 'already published' } : 'absent';
}

export const dealerStatusHandler: KindHandler = {
  prepare(item, ctx) {
    // Ad-hoc messages from staff go out as written; the dedupe and no-regression rules are for derived ones.
    if (item.idempotencyKey.startsWith('dealer-status-adhoc:')) return null;
    const body = item.payload as Platform.DealerStatusInput;
    const published = latestPublishedRank(ctx.sqlite, platformOrderIdOf(item));
    if (published.statuses.has(body.status)) return { status: 'delivered', result: null, message: 'already published' };
    if (published.rank > dealerStatusRank[body.status])
      return { status: 'discarded', message: 'a later status has been published since; not sending an older one' };
    return null;
  },
  lookup: findPublished,
  async interpret(item, outcome, ctx) {
    // The shared key was used by another desk with a slightly different body: it is published.
    if (outcome.kind === 'business' && outcome.problem.code === 'idempotency-key-reused') {
      const found = await findPublished(item, ctx);
      return found === 'absent' ? null : found;
    }
    return null;
  },
};

export interface DealerStatusReview {
  id: number;
  dmsOrderId: string;
  platformOrderId: string;
  status: DealerStatusName;
  proposed: Platform.DealerStatusInput;
  state: 'open' | 'published' | 'dismissed';
  createdAt: string;
}

export function listReviews(
  sqlite: Database.Database,
  state: 'open' | 'published' | 'dismissed' = 'open',
  limit = 200,
): DealerStatusReview[] {
  const rows = sqlite
    .prepare(
      'SELECT id, dms_order_id, platform_order_id, status, proposed, state, created_at FROM dealer_status_reviews WHERE state = ? ORDER BY created_at LIMIT ?',
    )
    .all(state, limit) as {
    id: number;
    dms_order_id: string;
    platform_order_id: string;
    status: DealerStatusName;
    proposed: string;
    state: DealerStatusReview['state'];
    created_at: string;
  }[];
  return rows.map((r) => ({
    id: r.id,
    dmsOrderId: r.dms_order_id,
    platformOrderId: r.platform_order_id,
    status: r.status,
    proposed: JSON.parse(r.proposed) as Platform.DealerStatusInput,
    state: r.state,
    createdAt: r.created_at,
  }));
}

/** Staff publish a reviewed status (possibly with an edited message). Call inside the audit transaction. */
export function publishReview(
  sqlite: Database.Database,
  reviewId: number,
  message: string,
  staff: Platform.Staff,
  now: Date,
): { outboxId: number } {
  const review = sqlite.prepare("SELECT * FROM dealer_status_reviews WHERE id = ? AND state = 'open'").get(reviewId) as
    { dms_order_id: string; platform_order_id: string; proposed: string } | undefined;
  if (!review) throw new Error('This status is no longer waiting for review.');
  const body: Platform.DealerStatusInput = { ...(JSON.parse(review.proposed) as Platform.DealerStatusInput), message, published_by: staff };
  const { id } = enqueuePublication(sqlite, review.dms_order_id, review.platform_order_id, body, staff.id, now);
  sqlite
    .prepare("UPDATE dealer_status_reviews SET state = 'published', decided_by = ?, decided_at = ?, outbox_id = ? WHERE id = ?")
    .run(staff.id, now.toISOString(), id, reviewId);
  return { outboxId: id };
}

/** Staff publish an ad-hoc update from any order. Call inside the audit transaction. */
export function publishAdHoc(
  sqlite: Database.Database,
  orderId: string,
  body: Platform.DealerStatusInput,
  now: Date,
): { outboxId: number } {
  const known = sqlite.prepare('SELECT 1 FROM platform_orders WHERE id = ?').pluck().get(orderId);
  if (!known) throw new Error('This order is not in the desk yet; wait for the next sync.');
  const { id } = enqueue(
    sqlite,
    {
      target: 'platform',
      kind: DEALER_STATUS_KIND,
      entityKey: `order:${orderId}`,
      // A person's own message: unique per publication (a second click is a second message, by intent).
      idempotencyKey: `dealer-status-adhoc:${orderId}:${randomUUID()}`,
      method: 'POST',
      path: `/orders/${enc(orderId)}/dealer-status`,
      payload: body,
      createdBy: body.published_by.id,
    },
    now,
  );
  return { outboxId: id };
}

export function dismissReview(sqlite: Database.Database, reviewId: number, staffId: string, now: Date): void {
  const res = sqlite
    .prepare("UPDATE dealer_status_reviews SET state = 'dismissed', decided_by = ?, decided_at = ? WHERE id = ? AND state = 'open'")
    .run(staffId, now.toISOString(), reviewId);
  if (res.changes === 0) throw new Error('This status is no longer waiting for review.');
}
