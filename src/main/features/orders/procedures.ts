// The order queues' procedures (issues 4 and 10): the list and its facets, saved views and their live
// counts, SLA targets, bulk commands (each order its own outbox item, written in the transaction of its
// audit entry) and their results, and the reconciliation of an order with its DMS order.
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { CommandResultView, SlaSettingsView } from '../../../shared/api/features/orders';
import { cancelReasonLabels } from '../../../shared/orderViews';
import { defaultSlaTargets, slaStages, type SlaTargets } from '../../../shared/orders';
import type { WorkingCalendar } from '../../../shared/sla';
import { readCreditSettings } from '../credit/policy';
import type { BackendServices, CallContext, HandlerFactory, Handlers } from '../../api/types';
import { confirmHandover } from '../../duties/handover';
import { ensureSyncTables } from '../../sync/replica';
import { asConflict, kickSync, signedIn } from '../support';
import { enqueueStaffCancel } from './cancelOrder';
import { countOrderQuery, listOrders, orderFacets, replicaAsOf, type ListOrdersOptions } from './list';
import { reconcileOrder } from './reconciliation';
import { createView, deleteView, listSharedViews, listViews, renameView, resetView, shareView, updateView, type ViewOwner } from './views';

type OrderHandlers = Pick<
  Handlers,
  | 'orders.list'
  | 'orders.facets'
  | 'orders.views.list'
  | 'orders.views.counts'
  | 'orders.views.create'
  | 'orders.views.update'
  | 'orders.views.rename'
  | 'orders.views.share'
  | 'orders.views.reset'
  | 'orders.views.delete'
  | 'orders.sla.get'
  | 'orders.sla.set'
  | 'orders.cancel'
  | 'orders.handOver'
  | 'orders.commandResults'
  | 'orders.reconciliation'
>;

export const SLA_TARGETS_SETTING = 'orders.slaTargets';

const slaTargetSchema = z.object({ targetMs: z.number().int().positive(), clock: z.enum(['working', 'elapsed']) });

/** The admin's targets over the defaults (a stage missing or malformed in the setting keeps its default). */
export function readSlaTargets(services: BackendServices): SlaTargets {
  const stored = services.settings.get(SLA_TARGETS_SETTING, null) as Record<string, unknown> | null;
  const targets = { ...defaultSlaTargets };
  for (const stage of slaStages) {
    const parsed = slaTargetSchema.safeParse(stored?.[stage]);
    if (parsed.success) targets[stage] = parsed.data;
  }
  return targets;
}

/** The office calendar (setting `sla.calendar`), read exactly as the credit desk reads it for the hold queue, so an
 * order's SLA and a hold's SLA count the same working hours and an admin edits them in one place (Admin > Credit). */
export function readCalendar(services: BackendServices): WorkingCalendar {
  return readCreditSettings(services.sqlite).calendar;
}

function ownerOf(ctx: CallContext): ViewOwner {
  const staff = signedIn(ctx);
  return { id: staff.id, roles: staff.roles };
}

const entityOrderId = (entityKey: string): string | null => {
  const match = /^(?:order|cancel|staff-cancel):(.+)$/.exec(entityKey);
  return match ? match[1]! : null;
};

export const orderHandlers: HandlerFactory = (services: BackendServices): OrderHandlers => {
  const { sqlite, audit } = services;
  ensureSyncTables(sqlite);
  const kick = () => kickSync(services);
  const queueOptions = (ctx: CallContext): ListOrdersOptions => ({
    staffId: ctx.staff?.id ?? null,
    now: services.now(),
    slaTargets: readSlaTargets(services),
    calendar: readCalendar(services),
  });
  const audited = <T>(action: string, subject: string, detail: unknown, ctx: CallContext, run: () => T): T =>
    sqlite
      .transaction(() => {
        const result = run();
        audit.append({ actor: ctx.actor, action, subject, detail });
        return result;
      })
      .immediate();
  const slaView = (): SlaSettingsView => ({
    targets: readSlaTargets(services),
    defaults: defaultSlaTargets,
    calendar: readCalendar(services),
    updatedAt:
      (sqlite.prepare('SELECT updated_at FROM settings WHERE key = ?').pluck().get(SLA_TARGETS_SETTING) as string | undefined) ?? null,
  });

  return {
    'orders.list': (input, ctx) => listOrders(sqlite, input, queueOptions(ctx)),
    'orders.facets': () => orderFacets(sqlite),

    'orders.views.list': (_input, ctx) => {
      const owner = ownerOf(ctx);
      return { views: listViews(sqlite, owner), ...(owner.roles.includes('admin') ? { shared: listSharedViews(sqlite) } : {}) };
    },
    'orders.views.counts': ({ ids }, ctx) => {
      const owner = ownerOf(ctx);
      const options = queueOptions(ctx);
      return sqlite
        .transaction(() => {
          const counts: Record<string, { total: number; exact: boolean }> = {};
          for (const view of listViews(sqlite, owner)) {
            if (ids && !ids.includes(view.id)) continue;
            const f = view.definition.filters;
            counts[view.id] = countOrderQuery(
              sqlite,
              {
                ...(f.search ? { search: f.search } : {}),
                ...(f.status.length ? { status: f.status } : {}),
                ...(f.channel.length ? { channel: f.channel } : {}),
                ...(f.region.length ? { region: f.region } : {}),
                ...(f.queue ? { queue: f.queue } : {}),
              },
              options,
            );
          }
          return { counts, asOf: replicaAsOf(sqlite) };
        })
        .deferred();
    },
    'orders.views.create': ({ name, definition }, ctx) => {
      const owner = ownerOf(ctx);
      return audited('order_view.create', 'order_views', { name, definition }, ctx, () =>
        createView(sqlite, owner, name, definition, services.now()),
      );
    },
    'orders.views.update': ({ id, definition }, ctx) => {
      const owner = ownerOf(ctx);
      return audited('order_view.update', `order_view:${id}`, { definition }, ctx, () =>
        updateView(sqlite, owner, id, definition, services.now()),
      );
    },
    'orders.views.rename': ({ id, name }, ctx) => {
      const owner = ownerOf(ctx);
      return audited('order_view.rename', `order_view:${id}`, { name }, ctx, () => renameView(sqlite, owner, id, name, services.now()));
    },
    'orders.views.share': ({ id, roles }, ctx) => {
      const owner = ownerOf(ctx);
      return audited('order_view.share', `order_view:${id}`, { roles }, ctx, () => shareView(sqlite, owner, id, roles, services.now()));
    },
    'orders.views.reset': ({ id }, ctx) => {
      const owner = ownerOf(ctx);
      return audited('order_view.reset', `order_view:${id}`, null, ctx, () => resetView(sqlite, owner, id));
    },
    'orders.views.delete': ({ id }, ctx) => {
      const owner = ownerOf(ctx);
      audited('order_view.delete', `order_view:${id}`, null, ctx, () => deleteView(sqlite, owner, id));
      return { deleted: true };
    },

    'orders.sla.get': () => slaView(),
    'orders.sla.set': ({ targets }, ctx) => {
      signedIn(ctx);
      services.settings.set(SLA_TARGETS_SETTING, targets, ctx.actor);
      return slaView();
    },

    'orders.cancel': ({ orders, reasonCode, note }, ctx) => {
      const staff = signedIn(ctx);
      const now = services.now();
      const reason = note ? `${cancelReasonLabels[reasonCode]}: ${note}` : cancelReasonLabels[reasonCode];
      const numberOf = sqlite.prepare('SELECT number FROM platform_orders WHERE id = ?').pluck();
      const items = sqlite
        .transaction(() =>
          orders.map(({ id, version }) => {
            const number = (numberOf.get(id) as string | undefined) ?? null;
            if (number === null) {
              return { orderId: id, number, outboxId: null, message: 'This order is not in the desk (yet); nothing was sent.' };
            }
            const { id: outboxId } = enqueueStaffCancel(
              sqlite,
              { orderId: id, version, staff: { id: staff.id, name: staff.displayName }, reasonCode, reason },
              now,
            );
            audit.append({
              actor: ctx.actor,
              action: 'order.cancel',
              subject: `order:${id}`,
              detail: { reasonCode, note: note ?? null, outboxId },
            });
            return { orderId: id, number, outboxId, message: null };
          }),
        )
        .immediate();
      kick();
      return { items };
    },
    'orders.handOver': ({ orderIds }, ctx) => {
      const staff = signedIn(ctx);
      const now = services.now();
      const numberOf = sqlite.prepare('SELECT number FROM platform_orders WHERE id = ?').pluck();
      const items = sqlite
        .transaction(() =>
          orderIds.map((orderId) => {
            const number = (numberOf.get(orderId) as string | undefined) ?? null;
            try {
              // Each order in its own savepoint: one that cannot be handed over leaves the others done.
              const { outboxId } = asConflict(() =>
                sqlite.transaction(() => {
                  const r = confirmHandover(sqlite, orderId, staff.id, now);
                  audit.append({
                    actor: ctx.actor,
                    action: 'handover.confirm',
                    subject: `order:${orderId}`,
                    detail: { outboxId: r.outboxId },
                  });
                  return r;
                })(),
              );
              return { orderId, number, outboxId, message: null };
            } catch (error) {
              return { orderId, number, outboxId: null, message: error instanceof Error ? error.message : String(error) };
            }
          }),
        )
        .immediate();
      kick();
      return { items };
    },
    'orders.commandResults': ({ outboxIds }) => {
      const rows = sqlite
        .prepare(
          `SELECT id, entity_key, status, last_error, attempts, updated_at FROM outbox WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
        )
        .all(JSON.stringify(outboxIds)) as {
        id: number;
        entity_key: string;
        status: string;
        last_error: string | null;
        attempts: number;
        updated_at: string;
      }[];
      return rows.map((r): CommandResultView => ({
        outboxId: r.id,
        orderId: entityOrderId(r.entity_key),
        state:
          r.status === 'delivered'
            ? 'done'
            : r.status === 'failed' || r.status === 'conflict' || r.status === 'discarded'
              ? r.status
              : 'pending',
        message: r.last_error,
        attempts: r.attempts,
        updatedAt: r.updated_at,
      }));
    },
    'orders.reconciliation': ({ orderId }) => {
      const result = sqlite.transaction(() => reconcileOrder(sqlite, orderId, formatMinor)).deferred();
      if (!result) throw new ApiFailure('not_found', 'This order is not in the desk (yet); it appears after the next sync.');
      return result.view;
    },
  };
};

/** Money in the flags' words: rupees with paise, no currency symbol (the pane shows the currency). */
function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100).toLocaleString('en-IN');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}
