// The dealer-status screen's reads (issue 9): the publish queue with what a person needs beside each item,
// and an order's timeline merged from the replica (platform order, DMS order, shipments, invoices,
// returns), the publications (made, on their way, waiting for review) and the audit log.
import type Database from 'better-sqlite3';
import type {
  DealerMessageView,
  DealerStatusReviewView,
  OrderTimelineView,
  TimelineEntryView,
} from '../../../shared/api/features/dealerStatus';
import type { Dms, Platform } from '../../../shared/contracts';
import { policyDealerStatus, policyRuleLabels, type DealerStatusName, type PolicyRuleKey } from '../../../shared/dealerStatus';
import { dealerVisibleStatusLabels, dmsOrderStatusLabels } from '../../../shared/orders';
import { integrationStaff } from '../../duties/common';

function messageView(json: string | null): DealerMessageView | null {
  if (!json) return null;
  const body = JSON.parse(json) as Platform.DealerStatusInput;
  return { status: body.status, message: body.message, eta: body.eta ?? null, tracking: body.tracking ?? null };
}

interface ReviewListRow {
  id: number;
  dms_order_id: string;
  platform_order_id: string;
  status: string;
  rule: string | null;
  proposed: string;
  sent: string | null;
  state: DealerStatusReviewView['state'];
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  skip_reason: string | null;
  outbox_id: number | null;
  dms_number: string | null;
  dms_status: Dms.OrderStatus | null;
  order_number: string | null;
  dealer_name: string | null;
  dealer_code: string | null;
  outbox_status: string | null;
  outbox_error: string | null;
}

export function listReviews(
  sqlite: Database.Database,
  state: 'open' | 'published' | 'skipped' | 'decided',
  limit: number,
): DealerStatusReviewView[] {
  const where = state === 'decided' ? "r.state IN ('published', 'skipped')" : 'r.state = ?';
  const order = state === 'open' ? 'r.created_at, r.id' : 'r.decided_at DESC, r.id DESC';
  const rows = sqlite
    .prepare(
      `SELECT r.id, r.dms_order_id, r.platform_order_id, r.status, r.rule, r.proposed, r.sent, r.state, r.created_at, r.decided_at,
              r.decided_by, r.skip_reason, r.outbox_id, d.number AS dms_number, d.status AS dms_status,
              coalesce(o.number, d.platform_order_number) AS order_number, coalesce(a.name, da.name) AS dealer_name,
              coalesce(a.code, d.dealer_code) AS dealer_code, x.status AS outbox_status, x.last_error AS outbox_error
       FROM dealer_status_reviews r
       LEFT JOIN dms_orders d ON d.id = r.dms_order_id
       LEFT JOIN platform_orders o ON o.id = r.platform_order_id
       LEFT JOIN platform_accounts a ON a.id = o.account_id
       LEFT JOIN dms_accounts da ON da.dealer_code = d.dealer_code
       LEFT JOIN outbox x ON x.id = r.outbox_id
       WHERE ${where} ORDER BY ${order} LIMIT ?`,
    )
    .all(...(state === 'decided' ? [] : [state]), limit) as ReviewListRow[];
  return rows.map((r) => ({
    id: r.id,
    dmsOrderId: r.dms_order_id,
    dmsOrderNumber: r.dms_number,
    dmsStatus: r.dms_status,
    platformOrderId: r.platform_order_id,
    orderNumber: r.order_number,
    dealerName: r.dealer_name,
    dealerCode: r.dealer_code,
    rule: (r.rule as PolicyRuleKey | null) ?? null,
    topic: r.status,
    proposed: messageView(r.proposed) as DealerMessageView,
    sent: messageView(r.sent),
    state: r.state,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    skipReason: r.skip_reason,
    delivery: r.outbox_id === null ? null : { outboxId: r.outbox_id, status: r.outbox_status ?? 'pruned', lastError: r.outbox_error },
  }));
}

// ---- the order timeline -------------------------------------------------------------------------------

const reasonWords: Record<string, string> = {
  over_limit: 'over the credit limit',
  overdue: 'overdue receivables',
  account_blocked: 'account on stop',
  no_credit_position: 'no credit position yet',
};

const auditWords: Record<string, string> = {
  'dealer_status.publish': 'Publication approved from the publish queue',
  'dealer_status.skip': 'Publish-queue item skipped',
  'dealer_status.publish_ad_hoc': 'Ad-hoc publication written',
};

function platformEntries(order: Platform.Order): TimelineEntryView[] {
  const entries: TimelineEntryView[] = [
    {
      id: 'platform:placed',
      at: order.placed_at,
      source: 'platform',
      kind: 'placed',
      title: `Placed (${order.channel})`,
      detail: order.client_reference ? `Reference ${order.client_reference}` : null,
      by: order.placed_by.name,
    },
  ];
  if (order.credit_check.result === 'held')
    entries.push({
      id: 'platform:held',
      at: order.credit_check.checked_at,
      source: 'platform',
      kind: 'held',
      title: 'Put on credit hold',
      detail: order.credit_check.reasons.map((r) => reasonWords[r] ?? r).join(', ') || null,
      by: null,
    });
  order.approvals.forEach((a, i) =>
    entries.push({
      id: `platform:approval:${i + 1}`,
      at: a.at,
      source: 'platform',
      kind: 'approval',
      title: `Approval recorded (${a.role.replace(/_/g, ' ')})`,
      detail: a.note ?? null,
      by: a.by.name,
    }),
  );
  if (order.decision?.at)
    entries.push({
      id: 'platform:decision',
      at: order.decision.at,
      source: 'platform',
      kind: order.decision.outcome === 'rejected' ? 'rejected' : 'approved',
      title: order.decision.outcome === 'rejected' ? 'Rejected on credit' : 'Approved on credit',
      detail: order.decision.reason ?? null,
      by: order.decision.by?.name ?? null,
    });
  if (order.fulfillment?.handed_over_at)
    entries.push({
      id: 'platform:handed_over',
      at: order.fulfillment.handed_over_at,
      source: 'platform',
      kind: 'handed_over',
      title: 'Handed over to the DMS',
      detail: null,
      by: null,
    });
  if (order.cancellation?.at)
    entries.push({
      id: 'platform:cancelled',
      at: order.cancellation.at,
      source: 'platform',
      kind: 'cancelled',
      title: 'Cancelled on the platform',
      detail: order.cancellation.reason ?? null,
      by: order.cancellation.by?.name ?? null,
    });
  return entries;
}

/** Statuses the shipments already tell (with carrier, tracking and times): their history rows would repeat them. */
const toldByShipments = new Set<string>(['dispatched', 'partially_dispatched', 'delivered', 'partially_delivered']);

function dmsEntries(sqlite: Database.Database, order: Dms.Order): TimelineEntryView[] {
  const entries: TimelineEntryView[] = [
    {
      id: 'dms:received',
      at: order.created_at,
      source: 'dms',
      kind: 'dms_received',
      title: `DMS order ${order.number} opened`,
      detail: null,
      by: null,
    },
  ];
  const history = sqlite.prepare('SELECT status, at FROM dms_order_status_history WHERE dms_order_id = ? ORDER BY at').all(order.id) as {
    status: Dms.OrderStatus;
    at: string;
  }[];
  const seen = new Set(history.map((h) => h.status));
  // A status this replica first met in a snapshot has no history row: show it at the order's last change.
  if (!seen.has(order.status)) history.push({ status: order.status, at: order.updated_at });
  for (const h of history) {
    if (h.status === 'open' || toldByShipments.has(h.status)) continue;
    const short = order.lines.map((l) => ({ sku: l.sku, qty: l.qty - l.qty_allocated })).filter((l) => l.qty > 0);
    entries.push({
      id: `dms:status:${h.status}`,
      at: h.at,
      source: 'dms',
      kind: h.status,
      title: h.status === 'cancelled' ? 'Cancelled in the DMS' : dmsOrderStatusLabels[h.status],
      detail:
        (h.status === 'backordered' || h.status === 'partially_allocated') && short.length > 0
          ? `Waiting for stock: ${short.map((l) => `${l.sku} × ${l.qty}`).join(', ')}`
          : h.status === 'allocated' && order.expected_dispatch_date
            ? `Expected dispatch ${order.expected_dispatch_date}`
            : h.status === 'cancelled'
              ? (order.cancellation?.reason ?? null)
              : null,
      by: h.status === 'cancelled' ? (order.cancellation?.by?.name ?? null) : null,
    });
  }
  for (const sh of order.shipments) {
    const qty = sh.lines.reduce((sum, l) => sum + l.qty, 0);
    entries.push({
      id: `dms:shipment:${sh.id}:dispatched`,
      at: sh.dispatched_at,
      source: 'dms',
      kind: 'dispatched',
      title: `Dispatched ${sh.number}${sh.carrier ? ` with ${sh.carrier}` : ''}${sh.tracking_number ? `, tracking ${sh.tracking_number}` : ''}`,
      detail: [`${qty} units`, sh.eta ? `ETA ${sh.eta}` : null, sh.vehicle_no ? `vehicle ${sh.vehicle_no}` : null]
        .filter(Boolean)
        .join(' · '),
      by: null,
    });
    if (sh.delivered_at)
      entries.push({
        id: `dms:shipment:${sh.id}:delivered`,
        at: sh.delivered_at,
        source: 'dms',
        kind: 'delivered',
        title: `Delivered ${sh.number}`,
        detail: null,
        by: null,
      });
  }
  const invoices = sqlite
    .prepare('SELECT id, number, issued_at, amount FROM dms_invoices WHERE order_id = ? ORDER BY issued_at')
    .all(order.id) as { id: string; number: string; issued_at: string; amount: number }[];
  const currency =
    (sqlite.prepare('SELECT currency FROM dms_accounts WHERE dealer_code = ?').pluck().get(order.dealer_code) as string | undefined) ??
    'INR';
  for (const inv of invoices)
    entries.push({
      id: `dms:invoice:${inv.id}`,
      at: inv.issued_at,
      source: 'dms',
      kind: 'invoiced',
      title: `Invoiced ${inv.number}`,
      detail: null,
      by: null,
      money: { minor: inv.amount, currency },
    });
  const returns = sqlite
    .prepare('SELECT id, number, received_at, qty_total FROM dms_returns WHERE order_id = ? ORDER BY received_at')
    .all(order.id) as { id: string; number: string; received_at: string; qty_total: number }[];
  for (const r of returns)
    entries.push({
      id: `dms:return:${r.id}`,
      at: r.received_at,
      source: 'dms',
      kind: 'returned',
      title: `Return ${r.number} received`,
      detail: `${r.qty_total} units`,
      by: null,
    });
  return entries;
}

/** The dealer statuses a DMS event can give rise to, for linking a publication to its source. */
function dealerStatusesOf(entry: TimelineEntryView): DealerStatusName[] {
  if (entry.source !== 'dms') return [];
  if (entry.kind === 'dispatched') return ['dispatched', 'partially_dispatched'];
  if (entry.kind === 'delivered') return ['delivered', 'partially_delivered'];
  const mapped = policyDealerStatus[entry.kind as PolicyRuleKey];
  return mapped ? [mapped] : [];
}

function publicationEntries(sqlite: Database.Database, orderId: string): TimelineEntryView[] {
  const published = sqlite
    .prepare('SELECT id, raw FROM platform_dealer_statuses WHERE order_id = ? ORDER BY published_at, rowid')
    .all(orderId) as { id: string; raw: string }[];
  const entries: TimelineEntryView[] = published.map(({ id, raw }) => {
    const p = JSON.parse(raw) as Platform.DealerStatus;
    return publication(`publication:${id}`, p.published_at, p, 'published');
  });
  // On their way: outbox items not delivered yet (a delivered one is on the platform, above, once pulled).
  const sending = sqlite
    .prepare(
      `SELECT id, payload, status, created_at, last_error FROM outbox
       WHERE entity_key = ? AND kind = 'platform.publishDealerStatus' AND status IN ('pending', 'in_flight', 'failed', 'conflict')
       ORDER BY id`,
    )
    .all(`order:${orderId}`) as { id: number; payload: string; status: string; created_at: string; last_error: string | null }[];
  for (const s of sending) {
    const body = JSON.parse(s.payload) as Platform.DealerStatusInput;
    const entry = publication(
      `outbox:${s.id}`,
      s.created_at,
      body,
      s.status === 'failed' || s.status === 'conflict' ? 'failed' : 'sending',
    );
    entry.detail = s.last_error;
    entries.push(entry);
  }
  const waiting = sqlite
    .prepare("SELECT id, rule, proposed, created_at FROM dealer_status_reviews WHERE platform_order_id = ? AND state = 'open' ORDER BY id")
    .all(orderId) as { id: number; rule: string | null; proposed: string; created_at: string }[];
  for (const w of waiting) {
    const body = JSON.parse(w.proposed) as Platform.DealerStatusInput;
    const entry = publication(`review:${w.id}`, w.created_at, body, 'waiting');
    entry.detail = w.rule ? `Raised by the policy row “${policyRuleLabels[w.rule as PolicyRuleKey] ?? w.rule}”` : null;
    entries.push(entry);
  }
  return entries;
}

function publication(
  id: string,
  at: string,
  body: Platform.DealerStatusInput,
  state: NonNullable<TimelineEntryView['publication']>['state'],
): TimelineEntryView {
  const origin = body.published_by.id === integrationStaff.id ? 'auto' : 'staff';
  const verb = {
    published: 'Published to the dealer',
    sending: 'Sending to the dealer',
    failed: 'Not published',
    waiting: 'Waiting for review',
  }[state];
  return {
    id,
    at,
    source: 'publication',
    kind: state === 'published' ? 'published' : state,
    title: `${verb}: ${dealerVisibleStatusLabels[body.status]}`,
    detail: null,
    by: state === 'waiting' ? null : origin === 'auto' ? 'auto (policy)' : body.published_by.name,
    publication: {
      status: body.status,
      message: body.message,
      eta: body.eta ?? null,
      tracking: body.tracking ?? null,
      origin,
      state,
      sourceEntryId: null,
    },
  };
}

function auditEntries(sqlite: Database.Database, orderId: string): TimelineEntryView[] {
  const rows = sqlite
    .prepare('SELECT seq, at, actor_name, actor_id, action, detail FROM audit_log WHERE subject = ? ORDER BY seq')
    .all(`order:${orderId}`) as {
    seq: number;
    at: string;
    actor_name: string | null;
    actor_id: string | null;
    action: string;
    detail: string;
  }[];
  return rows.map((r) => {
    const detail = JSON.parse(r.detail) as Record<string, unknown> | null;
    const said = detail && typeof detail === 'object' ? (detail.reason ?? detail.message ?? null) : null;
    return {
      id: `audit:${r.seq}`,
      at: r.at,
      source: 'audit',
      kind: 'audit',
      title: auditWords[r.action] ?? r.action,
      detail: typeof said === 'string' ? said : null,
      by: r.actor_name ?? r.actor_id,
    };
  });
}

/**
 * Links each publication to the DMS event it came from: the latest event at or before it whose dealer
 * status it is (the earliest one after it, when the two systems' clocks disagree).
 */
function linkSources(entries: TimelineEntryView[]): void {
  const dmsEvents = entries.filter((e) => e.source === 'dms');
  for (const e of entries) {
    if (!e.publication) continue;
    const candidates = dmsEvents.filter((d) => dealerStatusesOf(d).includes(e.publication!.status));
    const before = candidates.filter((d) => d.at <= e.at).pop();
    e.publication.sourceEntryId = (before ?? candidates[0])?.id ?? null;
  }
}

export function orderTimeline(sqlite: Database.Database, orderId: string): OrderTimelineView | null {
  const platformRaw = sqlite.prepare('SELECT raw FROM platform_orders WHERE id = ?').pluck().get(orderId) as string | undefined;
  const dmsRaw = sqlite
    .prepare('SELECT raw FROM dms_orders WHERE platform_order_id = ? ORDER BY created_at LIMIT 1')
    .pluck()
    .get(orderId) as string | undefined;
  if (!platformRaw && !dmsRaw) return null;
  const order = platformRaw ? (JSON.parse(platformRaw) as Platform.Order) : null;
  const dmsOrder = dmsRaw ? (JSON.parse(dmsRaw) as Dms.Order) : null;
  const entries = [
    ...(order ? platformEntries(order) : []),
    ...(dmsOrder ? dmsEntries(sqlite, dmsOrder) : []),
    ...publicationEntries(sqlite, orderId),
    ...auditEntries(sqlite, orderId),
  ];
  const sourceOrder: Record<TimelineEntryView['source'], number> = { platform: 0, dms: 1, publication: 2, audit: 3 };
  entries.sort((a, b) => a.at.localeCompare(b.at) || sourceOrder[a.source] - sourceOrder[b.source]);
  linkSources(entries);
  // A publication stands right after the event it came from.
  const ordered: TimelineEntryView[] = [];
  const linked = new Map<string, TimelineEntryView[]>();
  for (const e of entries) {
    const source = e.publication?.sourceEntryId;
    if (source) linked.set(source, [...(linked.get(source) ?? []), e]);
  }
  for (const e of entries) {
    if (e.publication?.sourceEntryId) continue;
    ordered.push(e, ...(linked.get(e.id) ?? []));
  }
  const account = order
    ? (sqlite.prepare('SELECT name FROM platform_accounts WHERE id = ?').pluck().get(order.account_id) as string | undefined)
    : undefined;
  const latest = sqlite
    .prepare('SELECT status FROM platform_dealer_statuses WHERE order_id = ? ORDER BY published_at DESC, rowid DESC LIMIT 1')
    .pluck()
    .get(orderId) as DealerStatusName | undefined;
  const asOf = sqlite.prepare('SELECT max(last_success_at) FROM sync_cursors').pluck().get() as string | null;
  return {
    orderId,
    orderNumber: order?.number ?? dmsOrder?.platform_order_number ?? null,
    dealerName: account ?? null,
    dmsOrderId: dmsOrder?.id ?? null,
    dmsOrderNumber: dmsOrder?.number ?? null,
    dmsStatus: dmsOrder?.status ?? null,
    dealerStatus: latest ?? null,
    entries: ordered,
    asOf,
  };
}
