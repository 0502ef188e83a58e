// Phone order drafts and their life after submit: drafts saved as the clerk types (per clerk, several at
// once, revisioned so a stale window cannot overwrite), submission into the outbox with the draft's fixed
// client_reference (duty 5), the 24-hour duplicate warning, the clerk's list of their own phone orders as
// they move, and the fixes for an order the platform refused (accept its prices; reopen and re-submit).
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type {
  DraftLine,
  DraftView,
  MyPhoneOrderState,
  MyPhoneOrderView,
  PhoneOrderFix,
  PhoneOrderSettingsView,
  SubmitResult,
} from '../../../shared/api/features/phoneOrder';
import { draftLineSchema } from '../../../shared/api/features/phoneOrder';
import type { StaffView } from '../../../shared/api/contract';
import { ApiFailure } from '../../../shared/api/errors';
import type { Platform } from '../../../shared/contracts';
import { checkAgainst } from '../../../shared/contracts/validate';
import type { HoldReason } from '../../../shared/credit/preview';
import { withDealerWaiting } from '../../../shared/dealerWaiting';
import { taxOf } from '../../../shared/phoneOrder/pricing';
import { roles, type Role } from '../../../shared/roles';
import type { BackendServices } from '../../api/types';
import { enqueuePhoneOrder, PHONE_ORDER_KIND } from '../../duties/phoneOrder';
import { discardItem, getItem, retryItem } from '../../sync/outbox';
import { computePreview } from './preview';

export const PRICE_OVERRIDE_SETTING = 'phoneOrder.priceOverride';
const overrideSettingSchema = z.object({ roles: z.array(z.enum(roles)) });

const DAY_MS = 86_400_000;

interface DraftRow {
  id: string;
  account_id: string;
  client_reference: string;
  status: 'draft' | 'submitted' | 'discarded';
  lines: string;
  notes: string | null;
  requested_delivery_date: string | null;
  dealer_waiting: number;
  revision: number;
  outbox_id: number | null;
  submitted_at: string | null;
  submitted_total: number | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  code: string | null;
  name: string | null;
  account_status: 'active' | 'suspended' | null;
}

const draftSelect = `SELECT d.*, a.code, a.name, a.status AS account_status
  FROM phone_order_drafts d LEFT JOIN platform_accounts a ON a.id = d.account_id`;

function parseLines(json: string): DraftLine[] {
  // Written only by this module from validated input; parsed again so a hand-edited row cannot break the screen.
  const parsed = z.array(draftLineSchema).safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : [];
}

function toView(r: DraftRow): DraftView {
  return {
    id: r.id,
    accountId: r.account_id,
    dealer: r.code && r.name && r.account_status ? { code: r.code, name: r.name, status: r.account_status } : null,
    clientReference: r.client_reference,
    status: r.status,
    lines: parseLines(r.lines),
    notes: r.notes,
    dealerWaiting: r.dealer_waiting === 1,
    requestedDeliveryDate: r.requested_delivery_date,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A reference the platform keeps unique per account: day + 50 random bits, readable over the phone. */
export function newClientReference(now: Date): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const bytes = randomBytes(10);
  let code = '';
  for (const b of bytes) code += alphabet[b % 32];
  return `PH-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${code}`;
}

export interface DraftContent {
  lines: DraftLine[];
  notes?: string | null | undefined;
  dealerWaiting: boolean;
  requestedDeliveryDate?: string | null | undefined;
}

export class PhoneOrderDesk {
  private readonly sqlite: Database.Database;

  constructor(private readonly services: BackendServices) {
    this.sqlite = services.sqlite;
  }

  // ---- settings -----------------------------------------------------------------------------------------

  overrideRoles(): Role[] {
    const parsed = overrideSettingSchema.safeParse(this.services.settings.get(PRICE_OVERRIDE_SETTING, { roles: [] }));
    return parsed.success ? parsed.data.roles : [];
  }

  settingsFor(staff: StaffView): PhoneOrderSettingsView {
    const overrideRoles = this.overrideRoles();
    return { overrideRoles, mayOverride: staff.roles.some((r) => overrideRoles.includes(r)) };
  }

  private requireOverrideRight(staff: StaffView, lines: readonly DraftLine[]): void {
    if (!lines.some((l) => l.priceOverride)) return;
    if (this.settingsFor(staff).mayOverride) return;
    throw new ApiFailure(
      'forbidden',
      'Your role may not override prices. Remove the price override, or ask an admin to allow your role under Admin > Phone orders.',
    );
  }

  // ---- drafts -------------------------------------------------------------------------------------------

  private draftRow(id: string): DraftRow | undefined {
    return this.sqlite.prepare(`${draftSelect} WHERE d.id = ?`).get(id) as DraftRow | undefined;
  }

  /** The clerk's own draft; someone else's is "not found" (drafts are per clerk). */
  private ownDraft(staff: StaffView, id: string): DraftRow {
    const row = this.draftRow(id);
    if (!row || row.created_by !== staff.id) throw new ApiFailure('not_found', 'This draft is not yours or no longer exists.');
    return row;
  }

  drafts(staff: StaffView): DraftView[] {
    const rows = this.sqlite
      .prepare(`${draftSelect} WHERE d.created_by = ? AND d.status = 'draft' ORDER BY d.created_at`)
      .all(staff.id) as DraftRow[];
    return rows.map(toView);
  }

  createDraft(staff: StaffView, accountId: string): DraftView {
    const account = this.sqlite.prepare('SELECT status, name FROM platform_accounts WHERE id = ?').get(accountId) as
      { status: string; name: string } | undefined;
    if (!account) throw new ApiFailure('not_found', `No dealer ${accountId} in the replica. Search for the dealer again.`);
    if (account.status !== 'active')
      throw new ApiFailure('conflict', `${account.name} is suspended: no order can be taken for this dealer. Ask credit control.`);
    const now = this.services.now();
    const id = `draft_${randomBytes(8).toString('hex')}`;
    const at = now.toISOString();
    this.sqlite
      .transaction(() => {
        this.sqlite
          .prepare(
            `INSERT INTO phone_order_drafts (id, account_id, client_reference, status, lines, notes, requested_delivery_date, dealer_waiting, revision, created_by, created_at, updated_at)
             VALUES (?, ?, ?, 'draft', '[]', NULL, NULL, 0, 1, ?, ?, ?)`,
          )
          .run(id, accountId, newClientReference(now), staff.id, at, at);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.draft.create',
          subject: `draft:${id}`,
          detail: { accountId },
        });
      })
      .immediate();
    return toView(this.draftRow(id) as DraftRow);
  }

  private writeContent(row: DraftRow, revision: number, content: DraftContent, at: string): number {
    if (row.status !== 'draft')
      throw new ApiFailure('conflict', row.status === 'submitted' ? 'This order has already been submitted.' : 'This draft was discarded.');
    if (revision !== row.revision)
      throw new ApiFailure(
        'conflict',
        'This draft was changed in another window since this one loaded it. Reload the draft to see the latest version.',
      );
    const next = row.revision + 1;
    this.sqlite
      .prepare(
        `UPDATE phone_order_drafts SET lines = ?, notes = ?, dealer_waiting = ?, requested_delivery_date = ?, revision = ?, updated_at = ?
         WHERE id = ? AND revision = ?`,
      )
      .run(
        JSON.stringify(content.lines),
        content.notes?.trim() ? content.notes : null,
        content.dealerWaiting ? 1 : 0,
        content.requestedDeliveryDate ?? null,
        next,
        at,
        row.id,
        row.revision,
      );
    return next;
  }

  saveDraft(staff: StaffView, draftId: string, revision: number, content: DraftContent): { revision: number; updatedAt: string } {
    this.requireOverrideRight(staff, content.lines);
    const at = this.services.now().toISOString();
    const next = this.sqlite
      .transaction(() => {
        const row = this.ownDraft(staff, draftId);
        const rev = this.writeContent(row, revision, content, at);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.draft.save',
          subject: `draft:${draftId}`,
          // A summary (drafts are saved as the clerk types); price overrides in full, they matter.
          detail: {
            revision: rev,
            lines: content.lines.length,
            dealerWaiting: content.dealerWaiting,
            overrides: content.lines.flatMap((l, i) => (l.priceOverride ? [{ line: i + 1, sku: l.sku, ...l.priceOverride }] : [])),
          },
        });
        return rev;
      })
      .immediate();
    return { revision: next, updatedAt: at };
  }

  discard(staff: StaffView, draftId: string): { discarded: true } {
    const now = this.services.now();
    this.sqlite
      .transaction(() => {
        const row = this.ownDraft(staff, draftId);
        if (row.status === 'discarded') return;
        let outbox: string | null = null;
        if (row.status === 'submitted') {
          const item = row.outbox_id === null ? undefined : getItem(this.sqlite, row.outbox_id);
          if (!item || !['failed', 'conflict'].includes(item.status))
            throw new ApiFailure('conflict', 'This order is being placed or has been placed; it can no longer be discarded here.');
          discardItem(this.sqlite, item.id, `phone order ${row.client_reference} discarded by ${staff.displayName}`, now);
          outbox = String(item.id);
        } else if (row.outbox_id !== null) {
          // A reopened order: its refused command is dropped with it.
          const item = getItem(this.sqlite, row.outbox_id);
          if (item && ['failed', 'conflict'].includes(item.status))
            discardItem(this.sqlite, item.id, `phone order ${row.client_reference} discarded by ${staff.displayName}`, now);
        }
        this.sqlite
          .prepare("UPDATE phone_order_drafts SET status = 'discarded', updated_at = ? WHERE id = ?")
          .run(now.toISOString(), draftId);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.draft.discard',
          subject: `draft:${draftId}`,
          detail: { clientReference: row.client_reference, wasSubmitted: row.status === 'submitted', outboxId: outbox },
        });
      })
      .immediate();
    return { discarded: true };
  }

  // ---- submit -------------------------------------------------------------------------------------------

  private sameLines(a: readonly { sku: string; qty: number }[], b: readonly { sku: string; qty: number }[]): boolean {
    const key = (lines: readonly { sku: string; qty: number }[]) =>
      lines
        .map((l) => `${l.sku}\u0000${l.qty}`)
        .sort()
        .join('\u0001');
    return a.length === b.length && key(a) === key(b);
  }

  /** Orders of the same dealer with the same lines from the last 24 hours: on the platform, or queued here. */
  private duplicates(row: DraftRow, lines: readonly DraftLine[], now: Date): Extract<SubmitResult, { outcome: 'duplicate' }>['matches'] {
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const matches: Extract<SubmitResult, { outcome: 'duplicate' }>['matches'] = [];
    const seen = new Set<string>();
    const placed = this.sqlite
      .prepare(
        `SELECT id, number, placed_at, total, client_reference FROM platform_orders
         WHERE account_id = ? AND placed_at >= ? AND status NOT IN ('cancelled', 'rejected') ORDER BY placed_at DESC LIMIT 200`,
      )
      .all(row.account_id, since) as { id: string; number: string; placed_at: string; total: number; client_reference: string | null }[];
    const linesOf = this.sqlite.prepare('SELECT sku, qty FROM platform_order_lines WHERE order_id = ?');
    for (const o of placed) {
      if (o.client_reference === row.client_reference) continue;
      if (!this.sameLines(lines, linesOf.all(o.id) as { sku: string; qty: number }[])) continue;
      matches.push({
        clientReference: o.client_reference,
        orderNumber: o.number,
        placedAt: o.placed_at,
        total: o.total,
        source: 'platform',
      });
      if (o.client_reference) seen.add(o.client_reference);
    }
    const queued = this.sqlite
      .prepare(
        `SELECT d.client_reference, d.submitted_at, d.submitted_total, d.lines, json_extract(o.result, '$.number') AS number
         FROM phone_order_drafts d LEFT JOIN outbox o ON o.id = d.outbox_id
         WHERE d.account_id = ? AND d.status = 'submitted' AND d.submitted_at >= ? AND d.id <> ?
           AND (o.id IS NULL OR o.status <> 'discarded')
         ORDER BY d.submitted_at DESC LIMIT 200`,
      )
      .all(row.account_id, since, row.id) as {
      client_reference: string;
      submitted_at: string;
      submitted_total: number | null;
      lines: string;
      number: string | null;
    }[];
    for (const q of queued) {
      if (seen.has(q.client_reference) || !this.sameLines(lines, parseLines(q.lines))) continue;
      matches.push({
        clientReference: q.client_reference,
        orderNumber: q.number,
        placedAt: q.submitted_at,
        total: q.submitted_total,
        source: 'desk',
      });
    }
    return matches;
  }

  submit(staff: StaffView, draftId: string, revision: number, content: DraftContent, confirmDuplicate: boolean): SubmitResult {
    this.requireOverrideRight(staff, content.lines);
    const now = this.services.now();
    const at = now.toISOString();
    return this.sqlite
      .transaction((): SubmitResult => {
        const row = this.ownDraft(staff, draftId);
        // A second Ctrl+Enter on an order already on its way is the same order, not an error.
        if (row.status === 'submitted' && row.outbox_id !== null)
          return { outcome: 'submitted', outboxId: row.outbox_id, clientReference: row.client_reference, total: row.submitted_total ?? 0 };
        const preview = computePreview(this.sqlite, { accountId: row.account_id, lines: content.lines, draftId }, now);
        if (!preview.orderable) {
          const issues = preview.lines.flatMap((l) =>
            l.blocked || l.qtyProblem ? [{ path: `lines.${l.lineNo - 1}.qty`, message: l.blocked ?? l.qtyProblem ?? '' }] : [],
          );
          throw new ApiFailure('validation', `This order cannot be placed yet: ${preview.problems.join(' ')}`, issues);
        }
        if (!confirmDuplicate) {
          const matches = this.duplicates(row, content.lines, now);
          if (matches.length > 0) return { outcome: 'duplicate', matches };
        }
        const order: Platform.OrderInput = {
          account_id: row.account_id,
          channel: 'phone',
          placed_by: { id: staff.id, name: staff.displayName },
          client_reference: row.client_reference,
          lines: preview.lines.map((l, i) => {
            const line: Platform.OrderLineInput = { sku: l.sku, qty: l.qty, unit_price: l.unitPrice ?? 0 };
            const override = content.lines[i]?.priceOverride;
            if (override) line.price_override = { reason: override.reason };
            return line;
          }),
        };
        const notes = withDealerWaiting(content.notes ?? null, content.dealerWaiting);
        if (notes !== null) order.notes = notes;
        if (content.requestedDeliveryDate) order.requested_delivery_date = content.requestedDeliveryDate;
        const invalid = checkAgainst('platform', 'OrderInput', order);
        if (invalid.length > 0)
          throw new ApiFailure(
            'validation',
            `This order does not fit the platform's contract: ${invalid.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          );

        this.writeContent(row, revision, content, at);
        const outboxId =
          row.outbox_id === null ? enqueuePhoneOrder(this.sqlite, order, staff.id, now) : this.resend(row.outbox_id, order, now);
        this.sqlite
          .prepare(
            "UPDATE phone_order_drafts SET status = 'submitted', outbox_id = ?, submitted_at = ?, submitted_total = ?, updated_at = ? WHERE id = ?",
          )
          .run(outboxId, at, preview.total, at, row.id);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.submit',
          subject: `draft:${row.id}`,
          detail: {
            accountId: row.account_id,
            clientReference: row.client_reference,
            outboxId,
            total: preview.total,
            lines: order.lines,
            dealerWaiting: content.dealerWaiting,
            duplicateConfirmed: confirmDuplicate,
            creditPreview: {
              result: preview.credit.result,
              reasons: preview.credit.reasons,
              availableAfter: preview.credit.availableAfter,
            },
          },
        });
        return { outcome: 'submitted', outboxId, clientReference: row.client_reference, total: preview.total };
      })
      .immediate();
  }

  /**
   * Sends a refused phone order again with a corrected body, on its own outbox item (the key is the
   * client_reference's). Safe however the first attempt ended: the platform's duplicate-client-reference
   * guard turns a placement that did happen into an adoption of that order.
   */
  private resend(outboxId: number, order: Platform.OrderInput, now: Date): number {
    const item = getItem(this.sqlite, outboxId);
    if (!item || item.kind !== PHONE_ORDER_KIND)
      throw new ApiFailure('conflict', 'The command that placed this order is gone; start a new order.');
    if (!['failed', 'conflict', 'discarded'].includes(item.status))
      throw new ApiFailure('conflict', 'This order is already on its way to the platform.');
    this.sqlite
      .prepare("UPDATE outbox SET payload = ?, status = CASE status WHEN 'discarded' THEN 'failed' ELSE status END WHERE id = ?")
      .run(JSON.stringify(order), outboxId);
    retryItem(this.sqlite, outboxId, now);
    return outboxId;
  }

  // ---- after submit -------------------------------------------------------------------------------------

  mine(staff: StaffView, limit: number): MyPhoneOrderView[] {
    const rows = this.sqlite
      .prepare(
        `SELECT d.id, d.client_reference, d.account_id, d.submitted_at, d.submitted_total, d.dealer_waiting, d.outbox_id,
                a.code, a.name, a.currency,
                o.status AS outbox_status, o.last_error, o.last_status, o.result, o.payload, o.attempts, o.next_attempt_at,
                p.id AS order_id, p.number, p.status AS order_status, p.total AS order_total, p.hold_reasons
         FROM phone_order_drafts d
         LEFT JOIN platform_accounts a ON a.id = d.account_id
         LEFT JOIN outbox o ON o.id = d.outbox_id
         LEFT JOIN platform_orders p ON p.account_id = d.account_id AND p.client_reference = d.client_reference
         WHERE d.created_by = ? AND d.status = 'submitted'
         ORDER BY d.submitted_at DESC LIMIT ?`,
      )
      .all(staff.id, limit) as MineRow[];
    return rows.map(mineView);
  }

  private submittedWithFailure(staff: StaffView, draftId: string): { row: DraftRow; item: NonNullable<ReturnType<typeof getItem>> } {
    const row = this.ownDraft(staff, draftId);
    const item = row.outbox_id === null ? undefined : getItem(this.sqlite, row.outbox_id);
    if (row.status !== 'submitted' || !item || !['failed', 'conflict'].includes(item.status))
      throw new ApiFailure('conflict', 'This order is not waiting for a fix (it may have been placed or fixed already).');
    return { row, item };
  }

  /** price-mismatch: the platform's prices for the lines it named, then send again: one action. */
  acceptPlatformPrices(staff: StaffView, draftId: string): { outboxId: number } {
    const now = this.services.now();
    return this.sqlite
      .transaction(() => {
        const { row, item } = this.submittedWithFailure(staff, draftId);
        const changes = priceMismatchChanges(item.result, item.payload);
        if (!changes) throw new ApiFailure('conflict', 'The platform did not refuse this order over prices; edit it instead.');
        const order = item.payload as Platform.OrderInput;
        const fixed: Platform.OrderInput = {
          ...order,
          lines: order.lines.map((l, i) => {
            const change = changes.find((c) => c.lineNo === i + 1);
            return change ? { ...l, unit_price: change.to } : l;
          }),
        };
        const total = orderInputTotal(this.sqlite, fixed);
        this.resend(item.id, fixed, now);
        this.sqlite
          .prepare('UPDATE phone_order_drafts SET submitted_at = ?, submitted_total = ?, updated_at = ? WHERE id = ?')
          .run(now.toISOString(), total ?? row.submitted_total, now.toISOString(), row.id);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.acceptPlatformPrices',
          subject: `draft:${row.id}`,
          detail: { clientReference: row.client_reference, outboxId: item.id, changes },
        });
        return { outboxId: item.id };
      })
      .immediate();
  }

  /** A refused order back to a draft, same client_reference, to change and submit again. */
  reopen(staff: StaffView, draftId: string): DraftView {
    const now = this.services.now().toISOString();
    this.sqlite
      .transaction(() => {
        const { row, item } = this.submittedWithFailure(staff, draftId);
        this.sqlite
          .prepare("UPDATE phone_order_drafts SET status = 'draft', revision = revision + 1, updated_at = ? WHERE id = ?")
          .run(now, row.id);
        this.services.audit.append({
          actor: { id: staff.id, name: staff.displayName },
          action: 'phoneOrder.reopen',
          subject: `draft:${row.id}`,
          detail: { clientReference: row.client_reference, outboxId: item.id, problem: item.lastError },
        });
      })
      .immediate();
    return toView(this.draftRow(draftId) as DraftRow);
  }
}

interface MineRow {
  id: string;
  client_reference: string;
  account_id: string;
  submitted_at: string;
  submitted_total: number | null;
  dealer_waiting: number;
  outbox_id: number | null;
  code: string | null;
  name: string | null;
  currency: string | null;
  outbox_status: string | null;
  last_error: string | null;
  last_status: number | null;
  result: string | null;
  payload: string | null;
  attempts: number | null;
  next_attempt_at: string | null;
  order_id: string | null;
  number: string | null;
  order_status: string | null;
  order_total: number | null;
  hold_reasons: string | null;
}

const stateByOrderStatus: Record<string, MyPhoneOrderState> = {
  received: 'placed',
  credit_hold: 'credit_hold',
  approved: 'approved',
  in_fulfillment: 'in_fulfillment',
  closed: 'closed',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

interface StoredProblem {
  code?: string;
  title?: string;
  detail?: string | null;
  extensions?: Record<string, unknown>;
}

function storedProblem(result: unknown): StoredProblem | null {
  return result && typeof result === 'object' && 'code' in result ? (result as StoredProblem) : null;
}

/** The lines a price-mismatch names, with the price sent and the platform's; null for any other refusal. */
export function priceMismatchChanges(
  result: unknown,
  payload: unknown,
): { lineNo: number; sku: string; from: number; to: number }[] | null {
  const problem = storedProblem(result);
  if (problem?.code !== 'price-mismatch') return null;
  const expected = z
    .array(z.object({ line_no: z.number().int().positive(), sku: z.string(), unit_price: z.number().int().min(0) }))
    .safeParse(problem.extensions?.['expected']);
  if (!expected.success) return null;
  const lines = (payload as Platform.OrderInput | null)?.lines ?? [];
  return expected.data.map((e) => ({ lineNo: e.line_no, sku: e.sku, from: lines[e.line_no - 1]?.unit_price ?? 0, to: e.unit_price }));
}

/** An order body's total with tax, from the replica's tax rates (null if a SKU is unknown). */
function orderInputTotal(sqlite: Database.Database, order: Platform.OrderInput): number | null {
  const rate = sqlite.prepare('SELECT tax_rate_bp FROM platform_products WHERE sku = ?').pluck();
  let total = 0;
  for (const l of order.lines) {
    const bp = rate.get(l.sku) as number | undefined;
    if (bp === undefined) return null;
    const lineTotal = l.qty * l.unit_price;
    total += lineTotal + taxOf(lineTotal, bp);
  }
  return total;
}

const fixesByCode: Record<string, string> = {
  'invalid-quantity': 'Edit the quantities and submit again',
  'inactive-sku': 'Remove the line and submit again',
  'unknown-sku': 'Remove the line and submit again',
  'unpriced-sku': 'Remove the line and submit again',
  'empty-order': 'Add lines and submit again',
};

function mineView(r: MineRow): MyPhoneOrderView {
  const base = {
    draftId: r.id,
    clientReference: r.client_reference,
    accountId: r.account_id,
    dealer: r.code && r.name ? { code: r.code, name: r.name } : null,
    submittedAt: r.submitted_at,
    dealerWaiting: r.dealer_waiting === 1,
    currency: r.currency,
  };
  const reasons = (s: string | null | undefined): HoldReason[] => (s ? (s.split(',').filter(Boolean) as HoldReason[]) : []);
  if (r.order_id && r.order_status) {
    return {
      ...base,
      state: stateByOrderStatus[r.order_status] ?? 'placed',
      detail: null,
      orderId: r.order_id,
      orderNumber: r.number,
      total: r.order_total,
      holdReasons: reasons(r.hold_reasons),
      problem: null,
      fix: null,
    };
  }
  const result = r.result ? (JSON.parse(r.result) as unknown) : null;
  if (r.outbox_status === 'delivered') {
    const placed = result as Partial<Platform.Order> | null;
    return {
      ...base,
      state: stateByOrderStatus[placed?.status ?? 'received'] ?? 'placed',
      detail: 'placed; the replica has not pulled it back yet',
      orderId: placed?.id ?? null,
      orderNumber: placed?.number ?? null,
      total: placed?.total ?? r.submitted_total,
      holdReasons: (placed?.credit_check?.reasons ?? []) as HoldReason[],
      problem: null,
      fix: null,
    };
  }
  if (r.outbox_status === 'failed' || r.outbox_status === 'conflict' || r.outbox_status === 'discarded') {
    const problem = storedProblem(result);
    const code = problem?.code ?? (r.outbox_status === 'discarded' ? 'discarded' : 'not-sent');
    const message =
      r.outbox_status === 'discarded'
        ? `The command was discarded on the Sync screen: ${r.last_error ?? ''}`.trim()
        : (problem?.detail ?? problem?.title ?? r.last_error ?? 'The platform refused the order.');
    let fix: PhoneOrderFix | null = null;
    const changes = priceMismatchChanges(result, r.payload ? (JSON.parse(r.payload) as unknown) : null);
    if (changes) fix = { action: 'acceptPlatformPrices', label: "Accept the platform's prices and re-submit", changes };
    else if (code !== 'account-suspended') fix = { action: 'reopen', label: fixesByCode[code] ?? 'Open it as a draft and submit again' };
    return {
      ...base,
      state: 'needs_attention',
      detail: message,
      orderId: null,
      orderNumber: null,
      total: r.submitted_total,
      holdReasons: [],
      problem: { code, message },
      fix,
    };
  }
  const waiting = (r.attempts ?? 0) > 0 && r.last_error ? `waiting to send: ${r.last_error}` : 'sending to the platform';
  return {
    ...base,
    state: 'sending',
    detail: r.outbox_status === null ? 'looking for it on the platform' : waiting,
    orderId: null,
    orderNumber: null,
    total: r.submitted_total,
    holdReasons: [],
    problem: null,
    fix: null,
  };
}
