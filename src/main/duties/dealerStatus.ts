// Duty 4: dealer-visible status from DMS fulfilment progress, under an editable policy (src/shared/
// dealerStatus.ts): each DMS status and each derived situation is auto-published with its message
// template, sent to the publish queue where staff edit and publish it, or kept internal. Work is derived
// from the replica's state: a durable queue (dealerStatusQueue.ts) says which DMS orders changed, the delay
// detector looks at the clock. The key `dealer-status:<dms order>:<topic>` is shared by every desk, so a
// status is published once however many desks derive it, and a derived status never takes the dealer's
// view backwards.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Dms, Platform } from '../../shared/contracts';
import {
  dealerDate,
  dealerStatusPolicySchema,
  dealerStatusRank,
  defaultDealerStatusPolicy,
  isDerivedSituation,
  itemList,
  policyDealerStatus,
  renderTemplate,
  trackingLink,
  type DealerStatusName,
  type DealerStatusPolicy,
  type DerivedSituation,
  type PolicyRuleKey,
  type TemplateValues,
} from '../../shared/dealerStatus';
import { enqueue, type KindHandler, type OutboxContext, type OutboxItem, type Resolution } from '../sync/outbox';
import { backoffDelay } from '../sync/backoff';
import { CATCH_UP_SETTING, readCatchUpHours } from './dealerStatusQueue';
import { enc, integrationStaff } from './common';

export { dealerStatusRank, defaultDealerStatusPolicy, type DealerStatusName };
export const DEALER_STATUS_KIND = 'platform.publishDealerStatus';
export const POLICY_SETTING = 'dealerStatus.policy';
export const ADHOC_KEY_PREFIX = 'dealer-status-adhoc:';

/** Prepared statements per connection: the derivation runs them for every queued order. */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(sqlite: Database.Database, sql: string, pluck = false): Database.Statement {
  let cache = statements.get(sqlite);
  if (!cache) statements.set(sqlite, (cache = new Map()));
  const key = `${pluck ? 'p' : 'r'}:${sql}`;
  let prepared = cache.get(key);
  if (!prepared) cache.set(key, (prepared = pluck ? sqlite.prepare(sql).pluck() : sqlite.prepare(sql)));
  return prepared;
}

/** Situations found by the clock (the delay detector), not by a change of the order. */
const timeSituations: readonly DerivedSituation[] = ['late', 'delayed_in_transit'];
const isTimeSituation = (topic: string) => (timeSituations as readonly string[]).includes(topic);

/** DMS statuses in which an order has not left the warehouse yet (the partial index lists the same). */
const undispatched: readonly Dms.OrderStatus[] = ['open', 'allocated', 'partially_allocated', 'backordered', 'picking'];
const inTransit: readonly Dms.OrderStatus[] = ['dispatched', 'partially_dispatched', 'partially_delivered'];

/**
 * The policy in force: the admin's saved one (validated again, so a hand-edited setting cannot publish a
 * broken template), else the default. The catch-up window lives in its own setting (read by the observer).
 */
export function readPolicy(sqlite: Database.Database): DealerStatusPolicy {
  const raw = stmt(sqlite, 'SELECT value FROM settings WHERE key = ?', true).get(POLICY_SETTING) as string | undefined;
  const catchUpHours = readCatchUpHours(sqlite);
  if (raw === undefined) return { ...defaultDealerStatusPolicy, catchUpHours };
  const parsed = dealerStatusPolicySchema.safeParse({ ...(JSON.parse(raw) as object), catchUpHours });
  return parsed.success ? parsed.data : { ...defaultDealerStatusPolicy, catchUpHours };
}

export { CATCH_UP_SETTING };

// ---- what a template is filled in with ---------------------------------------------------------------

function latestShipment(order: Dms.Order): Dms.Order['shipments'][number] | undefined {
  return [...order.shipments].sort((a, b) => a.dispatched_at.localeCompare(b.dispatched_at)).pop();
}

/** Lines still short of stock: ordered but never allocated (what the dealer waits for). */
export function backorderedItems(order: Dms.Order): { sku: string; qty: number }[] {
  return order.lines.map((l) => ({ sku: l.sku, qty: l.qty - l.qty_allocated })).filter((i) => i.qty > 0);
}

export function deliveredItems(order: Dms.Order): { sku: string; qty: number }[] {
  return order.lines.map((l) => ({ sku: l.sku, qty: l.qty_delivered })).filter((i) => i.qty > 0);
}

function dealerName(sqlite: Database.Database, dealerCode: string): string | null {
  return (
    (stmt(sqlite, 'SELECT name FROM platform_accounts WHERE code = ? LIMIT 1', true).get(dealerCode) as string | undefined) ??
    (stmt(sqlite, 'SELECT name FROM dms_accounts WHERE dealer_code = ?', true).get(dealerCode) as string | undefined) ??
    null
  );
}

export function templateValuesFor(sqlite: Database.Database, order: Dms.Order): TemplateValues {
  const shipment = latestShipment(order);
  return {
    order_number: order.platform_order_number ?? order.number,
    dealer_name: dealerName(sqlite, order.dealer_code),
    eta: dealerDate(shipment?.eta),
    expected_dispatch_date: dealerDate(order.expected_dispatch_date),
    carrier: shipment?.carrier ?? null,
    tracking_number: shipment?.tracking_number ?? null,
    tracking_link: trackingLink(shipment?.carrier, shipment?.tracking_number),
    backordered_items: itemList(backorderedItems(order)),
    delivered_items: itemList(deliveredItems(order)),
  };
}

/** The tracking the platform shows beside the message: the latest shipment's, with the carrier's link. */
function trackingOf(order: Dms.Order): Platform.DealerStatusInput['tracking'] {
  const shipment = latestShipment(order);
  if (!shipment?.carrier && !shipment?.tracking_number) return null;
  const url = trackingLink(shipment.carrier, shipment.tracking_number);
  return { carrier: shipment.carrier ?? '', number: shipment.tracking_number ?? '', ...(url ? { url } : {}) };
}

/** What the dealer would read for this DMS order under a policy row, published as `status`. */
export function proposeDealerStatus(
  sqlite: Database.Database,
  order: Dms.Order,
  rule: PolicyRuleKey,
  status: DealerStatusName,
  policy: DealerStatusPolicy,
): Platform.DealerStatusInput {
  const shipped = ['dispatched', 'partially_dispatched', 'partially_delivered', 'delivered'].includes(status);
  const shipment = latestShipment(order);
  return {
    status,
    message: renderTemplate(policy.rules[rule].template, templateValuesFor(sqlite, order)),
    // The delivery date the dealer can plan with: the shipment's ETA while it is on its way.
    eta: shipped && status !== 'delivered' ? (shipment?.eta ?? null) : null,
    tracking: shipped ? trackingOf(order) : null,
    published_by: integrationStaff,
  };
}

// ---- what the platform already shows ------------------------------------------------------------------

function publishedOf(
  sqlite: Database.Database,
  platformOrderId: string,
): { rank: number; latest: DealerStatusName | null; statuses: Set<string> } {
  const rows = stmt(sqlite, 'SELECT status FROM platform_dealer_statuses WHERE order_id = ? ORDER BY published_at, rowid', true).all(
    platformOrderId,
  ) as DealerStatusName[];
  return {
    rank: Math.max(-1, ...rows.map((s) => dealerStatusRank[s] ?? 0)),
    latest: rows.at(-1) ?? null,
    statuses: new Set(rows),
  };
}

export function dealerStatusKey(dmsOrderId: string, topic: string): string {
  return `dealer-status:${dmsOrderId}:${topic}`;
}

function topicOfKey(idempotencyKey: string): string {
  return idempotencyKey.split(':')[2] ?? '';
}

export function enqueuePublication(
  sqlite: Database.Database,
  dmsOrderId: string,
  platformOrderId: string,
  topic: string,
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
      idempotencyKey: dealerStatusKey(dmsOrderId, topic),
      method: 'POST',
      path: `/orders/${enc(platformOrderId)}/dealer-status`,
      payload: body,
      createdBy,
    },
    now,
  );
}

// ---- derivation ----------------------------------------------------------------------------------------

interface Trigger {
  rule: PolicyRuleKey;
  /** One item per DMS order and topic: the dealer status for status rows, the situation's name otherwise. */
  topic: string;
  status: DealerStatusName;
}

/**
 * Acts on one trigger under the policy: publish (auto), queue for review, or nothing (internal, already
 * said, or it would take the dealer's view backwards). True when it added work.
 */
function act(sqlite: Database.Database, order: Dms.Order, trigger: Trigger, policy: DealerStatusPolicy, now: Date): boolean {
  const mode = policy.rules[trigger.rule].mode;
  if (mode === 'internal') return false;
  const published = publishedOf(sqlite, order.platform_order_id);
  const rank = dealerStatusRank[trigger.status];
  // A time situation repeats the status the dealer already sees with a new message; the others say a
  // status once. None may go below what the dealer has been told.
  if (published.rank > rank) return false;
  if (!isTimeSituation(trigger.topic) && published.statuses.has(trigger.status)) return false;
  const body = proposeDealerStatus(sqlite, order, trigger.rule, trigger.status, policy);
  if (mode === 'auto') return enqueuePublication(sqlite, order.id, order.platform_order_id, trigger.topic, body, 'system', now).inserted;
  const res = stmt(
    sqlite,
    `INSERT OR IGNORE INTO dealer_status_reviews (dms_order_id, platform_order_id, status, rule, proposed, dms_version, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(order.id, order.platform_order_id, trigger.topic, trigger.rule, JSON.stringify(body), order.version, now.toISOString());
  return res.changes > 0;
}

/** Records that a situation was handled for an order; false when it already was (once per order and situation). */
function firstTime(
  sqlite: Database.Database,
  order: Dms.Order,
  situation: DerivedSituation,
  policy: DealerStatusPolicy,
  now: Date,
): boolean {
  return (
    stmt(sqlite, 'INSERT OR IGNORE INTO dealer_status_situations (dms_order_id, situation, detected_at, mode) VALUES (?, ?, ?, ?)').run(
      order.id,
      situation,
      now.toISOString(),
      policy.rules[situation].mode,
    ).changes > 0
  );
}

/**
 * Whether an earlier status of this order already speaks (or will speak) of this dealer status: a review
 * item in any state, or a publication queued under its key (e.g. "partially allocated" raised the
 * backorder before the order moved on to picking with the same lines short).
 */
function alreadySaid(sqlite: Database.Database, order: Dms.Order, status: DealerStatusName): boolean {
  return (
    stmt(sqlite, "SELECT 1 FROM dealer_status_reviews WHERE dms_order_id = ? AND json_extract(proposed, '$.status') = ? LIMIT 1", true).get(
      order.id,
      status,
    ) !== undefined ||
    stmt(sqlite, 'SELECT 1 FROM outbox WHERE idempotency_key = ?', true).get(dealerStatusKey(order.id, status)) !== undefined
  );
}

/** What the policy makes of one DMS order after it changed: its status's row, then the situations its lines show. */
function deriveForOrder(sqlite: Database.Database, order: Dms.Order, now: Date, policy: DealerStatusPolicy): number {
  let added = 0;
  const statusRule = policy.rules[order.status];
  const statusDealerStatus = policyDealerStatus[order.status] as DealerStatusName;
  if (act(sqlite, order, { rule: order.status, topic: statusDealerStatus, status: statusDealerStatus }, policy, now)) added++;
  // A situation speaks only when the status's own row does not already say the same to the dealer.
  const saysIt = (status: DealerStatusName) => statusRule.mode !== 'internal' && statusDealerStatus === status;
  const live = order.status !== 'cancelled' && order.status !== 'closed' && order.status !== 'open';
  const facts: [DerivedSituation, boolean][] = [
    ['backordered_lines', live && backorderedItems(order).length > 0],
    ['partial_delivery', live && order.status !== 'delivered' && deliveredItems(order).length > 0],
  ];
  for (const [situation, holds] of facts) {
    const status = policyDealerStatus[situation] as DealerStatusName;
    if (!holds || saysIt(status) || alreadySaid(sqlite, order, status) || !firstTime(sqlite, order, situation, policy, now)) continue;
    if (act(sqlite, order, { rule: situation, topic: situation, status }, policy, now)) added++;
  }
  return added;
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
  policy: DealerStatusPolicy = readPolicy(sqlite),
  batch = DERIVE_BATCH,
): { added: number; remaining: number } {
  let added = 0;
  const queued = stmt(
    sqlite,
    'SELECT dms_order_id FROM dealer_status_queue WHERE attempts < ? ORDER BY attempts, queued_at LIMIT ?',
    true,
  ).all(MAX_ATTEMPTS, batch) as string[];
  const get = stmt(sqlite, 'SELECT raw FROM dms_orders WHERE id = ?', true);
  const done = stmt(sqlite, 'DELETE FROM dealer_status_queue WHERE dms_order_id = ?');
  const failed = stmt(sqlite, 'UPDATE dealer_status_queue SET attempts = attempts + 1, last_error = ? WHERE dms_order_id = ?');
  for (const id of queued) {
    try {
      // A savepoint per order: one that throws (a bug, a malformed row) is set aside, the rest go on.
      sqlite.transaction(() => {
        const raw = get.get(id) as string | undefined;
        if (raw) added += deriveForOrder(sqlite, JSON.parse(raw) as Dms.Order, now, policy);
        done.run(id);
      })();
    } catch (error) {
      failed.run(error instanceof Error ? error.message : String(error), id);
    }
  }
  const remaining = stmt(sqlite, 'SELECT count(*) FROM dealer_status_queue WHERE attempts < ?', true).get(MAX_ATTEMPTS) as number;
  return { added, remaining };
}

/** The UTC calendar day of `now`, as the DMS writes its dates. */
function dayOf(now: Date, minusHours = 0): string {
  return new Date(now.getTime() - minusHours * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Delay detection, on the replica's clock (`now`: the engine's clock, which is the data's in demo mode):
 * orders not dispatched by their expected dispatch date, and shipments past their ETA and not delivered.
 * Each order and situation is acted on once (dealer_status_situations), not on every tick; both queries walk
 * partial indexes that hold only undispatched orders and undelivered shipments. Lateness older than the
 * catch-up window is history (a desk that was off for a month does not flood the queue).
 */
export function detectDelays(
  sqlite: Database.Database,
  now: Date,
  policy: DealerStatusPolicy = readPolicy(sqlite),
  batch = DERIVE_BATCH,
): number {
  const today = dayOf(now);
  const since = dayOf(now, policy.catchUpHours);
  const statusList = (list: readonly string[]) => list.map((s) => `'${s}'`).join(', ');
  const late = stmt(
    sqlite,
    `SELECT o.raw FROM dms_orders o INDEXED BY dms_orders_undispatched_due
       WHERE o.status IN (${statusList(undispatched)}) AND o.expected_dispatch_date < ? AND o.expected_dispatch_date >= ?
         AND NOT EXISTS (SELECT 1 FROM dealer_status_situations s WHERE s.dms_order_id = o.id AND s.situation = 'late')
       LIMIT ?`,
  )
    .pluck()
    .all(today, since, batch) as string[];
  const delayed = stmt(
    sqlite,
    `SELECT o.raw FROM dms_shipments sh INDEXED BY dms_shipments_in_transit JOIN dms_orders o ON o.id = sh.order_id
       WHERE sh.delivered_at IS NULL AND sh.eta < ? AND sh.eta >= ? AND o.status IN (${statusList(inTransit)})
         AND NOT EXISTS (SELECT 1 FROM dealer_status_situations s WHERE s.dms_order_id = o.id AND s.situation = 'delayed_in_transit')
       GROUP BY o.id LIMIT ?`,
  )
    .pluck()
    .all(today, since, batch) as string[];
  let added = 0;
  for (const [situation, rows] of [
    ['late', late],
    ['delayed_in_transit', delayed],
  ] as const) {
    for (const raw of rows) {
      const order = JSON.parse(raw) as Dms.Order;
      if (!firstTime(sqlite, order, situation, policy, now)) continue;
      // The dealer keeps the status they were last told (or the one the DMS status means, when that is further
      // along and its own publication is still on its way); the message says what is late.
      const latest = publishedOf(sqlite, order.platform_order_id).latest;
      const current = policyDealerStatus[order.status] as DealerStatusName;
      const status = latest && dealerStatusRank[latest] >= dealerStatusRank[current] ? latest : current;
      if (act(sqlite, order, { rule: situation, topic: situation, status }, policy, now)) added++;
    }
  }
  return added;
}

/**
 * Keeps the publish queue true to what the dealer sees: an open item whose status the platform now shows
 * (published from another desk, or by hand) is closed as published; one the dealer has moved past (a later
 * status is out) is skipped, with that reason. A delay item (which repeats the status the dealer sees by
 * design) is skipped once the delay is over: dispatched since, or delivered since.
 */
export function settleReviews(sqlite: Database.Database, now: Date): number {
  const open = stmt(
    sqlite,
    `SELECT r.id, r.platform_order_id, r.status AS topic, r.proposed, d.raw AS dms_raw FROM dealer_status_reviews r
     LEFT JOIN dms_orders d ON d.id = r.dms_order_id WHERE r.state = 'open'`,
  ).all() as { id: number; platform_order_id: string; topic: string; proposed: string; dms_raw: string | null }[];
  const skip = stmt(
    sqlite,
    "UPDATE dealer_status_reviews SET state = 'skipped', decided_by = ?, decided_at = ?, skip_reason = ? WHERE id = ? AND state = 'open'",
  );
  let settled = 0;
  for (const item of open) {
    if (isTimeSituation(item.topic)) {
      // A delay that is over needs no message any more: dispatched since, or delivered since.
      const dms = item.dms_raw ? (JSON.parse(item.dms_raw) as Dms.Order) : null;
      const over =
        dms &&
        (item.topic === 'late'
          ? !undispatched.includes(dms.status)
          : !inTransit.includes(dms.status) || dms.shipments.every((sh) => sh.delivered_at !== null));
      if (over) {
        skip.run(
          'Dealer Desk',
          now.toISOString(),
          `No longer ${item.topic === 'late' ? 'late' : 'delayed'}: the DMS order is ${dms.status.replace(/_/g, ' ')} now.`,
          item.id,
        );
        settled++;
      }
      continue;
    }
    const status = (JSON.parse(item.proposed) as Platform.DealerStatusInput).status;
    const shown = stmt(
      sqlite,
      'SELECT status, published_by_name, published_at FROM platform_dealer_statuses WHERE order_id = ? ORDER BY published_at, rowid',
    ).all(item.platform_order_id) as { status: DealerStatusName; published_by_name: string; published_at: string }[];
    const same = shown.find((p) => p.status === status);
    const later = shown.find((p) => dealerStatusRank[p.status] > dealerStatusRank[status]);
    if (same) {
      sqlite
        .prepare("UPDATE dealer_status_reviews SET state = 'published', decided_by = ?, decided_at = ? WHERE id = ? AND state = 'open'")
        .run(`${same.published_by_name} (seen on the platform)`, same.published_at, item.id);
      settled++;
    } else if (later) {
      skip.run('Dealer Desk', now.toISOString(), `Overtaken: the dealer already sees "${later.status}".`, item.id);
      settled++;
    }
  }
  return settled;
}

// ---- sending ---------------------------------------------------------------------------------------------

function platformOrderIdOf(item: OutboxItem): string {
  return decodeURIComponent(item.path.split('/')[2] ?? '');
}

/** After an unknown outcome: is our publication on the platform? A time situation matches its message too. */
async function findPublished(item: OutboxItem, ctx: OutboxContext): Promise<Resolution | 'absent'> {
  const body = item.payload as Platform.DealerStatusInput;
  const byMessage = item.idempotencyKey.startsWith(ADHOC_KEY_PREFIX) || isTimeSituation(topicOfKey(item.idempotencyKey));
  const got = await ctx.platform.listDealerStatus(platformOrderIdOf(item));
  if (got.kind !== 'ok')
    return { status: 'retry', delayMs: backoffDelay(item.attempts), message: `looking up publications: ${got.kind}`, ambiguous: true };
  const found = got.body.data.find((p) => p.status === body.status && (!byMessage || p.message === body.message));
  return found ? { status: 'delivered', result: found, message: 'already published' } : 'absent';
}

export const dealerStatusHandler: KindHandler = {
  prepare(item, ctx) {
    // Ad-hoc messages from staff go out as written; the dedupe and no-regression rules are for derived ones.
    if (item.idempotencyKey.startsWith(ADHOC_KEY_PREFIX)) return null;
    const body = item.payload as Platform.DealerStatusInput;
    const published = publishedOf(ctx.sqlite, platformOrderIdOf(item));
    if (!isTimeSituation(topicOfKey(item.idempotencyKey)) && published.statuses.has(body.status))
      return { status: 'delivered', result: null, message: 'already published' };
    if (published.rank > dealerStatusRank[body.status])
      return { status: 'discarded', message: 'a later status has been published since; not sending an older one' };
    return null;
  },
  lookup: findPublished,
  async interpret(item, outcome, ctx) {
    // The shared key was used by another desk with a different body (its own template or its staff's
    // edit): that desk published this item.
    if (outcome.kind === 'business' && outcome.problem.code === 'idempotency-key-reused') {
      const found = await findPublished(item, ctx);
      if (found !== 'absent') return found;
      return isTimeSituation(topicOfKey(item.idempotencyKey))
        ? { status: 'delivered', result: null, message: 'published from another desk under the same key' }
        : null;
    }
    return null;
  },
};

// ---- the publish queue -------------------------------------------------------------------------------------

export type ReviewState = 'open' | 'published' | 'skipped';

export interface ReviewRow {
  id: number;
  dms_order_id: string;
  platform_order_id: string;
  status: string;
  rule: string | null;
  proposed: string;
  state: ReviewState;
  outbox_id: number | null;
}

function openReview(sqlite: Database.Database, reviewId: number): ReviewRow {
  const review = sqlite.prepare("SELECT * FROM dealer_status_reviews WHERE id = ? AND state = 'open'").get(reviewId) as
    ReviewRow | undefined;
  if (!review) {
    const state = stmt(sqlite, 'SELECT state FROM dealer_status_reviews WHERE id = ?', true).get(reviewId) as string | undefined;
    throw new Error(
      state === undefined
        ? 'There is no such item in the publish queue.'
        : `This item was already ${state} (by someone else or from another desk); the queue has been refreshed.`,
    );
  }
  return review;
}

/** Staff publish a queued item, possibly with an edited message and ETA. Call inside the audit transaction. */
export function publishReview(
  sqlite: Database.Database,
  reviewId: number,
  edit: { message: string; eta?: string | null | undefined },
  staff: Platform.Staff,
  now: Date,
): { outboxId: number; platformOrderId: string; body: Platform.DealerStatusInput } {
  const review = openReview(sqlite, reviewId);
  const proposed = JSON.parse(review.proposed) as Platform.DealerStatusInput;
  const body: Platform.DealerStatusInput = {
    ...proposed,
    message: edit.message,
    eta: edit.eta === undefined ? (proposed.eta ?? null) : edit.eta,
    published_by: staff,
  };
  const { id } = enqueuePublication(sqlite, review.dms_order_id, review.platform_order_id, review.status, body, staff.id, now);
  sqlite
    .prepare("UPDATE dealer_status_reviews SET state = 'published', decided_by = ?, decided_at = ?, outbox_id = ?, sent = ? WHERE id = ?")
    .run(staff.name, now.toISOString(), id, JSON.stringify(body), reviewId);
  return { outboxId: id, platformOrderId: review.platform_order_id, body };
}

/** Staff decide a queued item is not for the dealer. Call inside the audit transaction. */
export function skipReview(
  sqlite: Database.Database,
  reviewId: number,
  reason: string,
  staff: Platform.Staff,
  now: Date,
): { platformOrderId: string } {
  const review = openReview(sqlite, reviewId);
  sqlite
    .prepare("UPDATE dealer_status_reviews SET state = 'skipped', decided_by = ?, decided_at = ?, skip_reason = ? WHERE id = ?")
    .run(staff.name, now.toISOString(), reason, reviewId);
  return { platformOrderId: review.platform_order_id };
}

/** Staff publish an ad-hoc update from any order. Call inside the audit transaction. */
export function publishAdHoc(
  sqlite: Database.Database,
  orderId: string,
  body: Platform.DealerStatusInput,
  now: Date,
): { outboxId: number } {
  const known = stmt(sqlite, 'SELECT 1 FROM platform_orders WHERE id = ?', true).get(orderId);
  if (!known) throw new Error('This order is not in the desk yet; wait for the next sync.');
  const { id } = enqueue(
    sqlite,
    {
      target: 'platform',
      kind: DEALER_STATUS_KIND,
      entityKey: `order:${orderId}`,
      // A person's own message: unique per publication (a second click is a second message, by intent).
      idempotencyKey: `${ADHOC_KEY_PREFIX}${orderId}:${randomUUID()}`,
      method: 'POST',
      path: `/orders/${enc(orderId)}/dealer-status`,
      payload: body,
      createdBy: body.published_by.id,
    },
    now,
  );
  return { outboxId: id };
}

export { isDerivedSituation };
