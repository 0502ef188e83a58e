// Backend procedures of the sync engine and the credit-decision push path (issue 4). They work on the
// database alone (enqueue in the same transaction as the audit entry) and kick the engine when one runs
// in this process; a worker or another desk picks the work up otherwise.
import type { OutboxItemView } from '../../shared/api/contract';
import { ApiFailure } from '../../shared/api/errors';
import type { BackendServices, CallContext, HandlerFactory, Handlers } from '../api/types';
import { approveHold, creditHoldView, rejectHold } from '../duties/decisions';
import { confirmHandover, listHandoverConfirmations } from '../duties/handover';
import { dismissReview, listReviews, publishAdHoc, publishReview } from '../duties/dealerStatus';
import { engineFor } from './engine';
import { ensureSyncTables } from './replica';
import { discardItem, listItems, retryItem, sendKeyOf, type OutboxItem } from './outbox';
import { listQuarantine } from './quarantine';

type SyncProcedureHandlers = Pick<
  Handlers,
  | 'sync.outbox.list'
  | 'sync.outbox.retry'
  | 'sync.outbox.discard'
  | 'sync.quarantine.list'
  | 'credit.authority'
  | 'credit.approve'
  | 'credit.reject'
  | 'dealerStatus.reviews'
  | 'dealerStatus.publishReview'
  | 'dealerStatus.dismissReview'
  | 'dealerStatus.publish'
  | 'handover.queue'
  | 'handover.confirm'
>;

function view(item: OutboxItem): OutboxItemView {
  return {
    id: item.id,
    target: item.target,
    kind: item.kind,
    entityKey: item.entityKey,
    status: item.status,
    attempts: item.attempts,
    nextAttemptAt: item.nextAttemptAt,
    lastError: item.lastError,
    lastStatus: item.lastStatus,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    createdBy: item.createdBy,
    payload: item.payload,
    result: item.result,
  };
}

function signedIn(ctx: CallContext) {
  if (!ctx.staff) throw new ApiFailure('unauthenticated', 'Sign in first.');
  return ctx.staff;
}

/** Library errors about an item's state become conflicts the clerk can read. */
function asConflict<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure('conflict', error instanceof Error ? error.message : String(error));
  }
}

export const syncProcedureHandlers: HandlerFactory = (services: BackendServices): SyncProcedureHandlers => {
  const { sqlite, audit } = services;
  ensureSyncTables(sqlite);
  const kick = () => {
    const engine = engineFor(sqlite);
    if (!engine) return;
    engine.dispatcher.kick();
    services.push('sync.status', engine.status());
  };
  return {
    'sync.outbox.list': ({ view: which, target, limit }) => {
      const status =
        which === 'attention'
          ? (['failed', 'conflict'] as const)
          : which === 'pending'
            ? (['pending', 'in_flight'] as const)
            : which === 'delivered'
              ? (['delivered'] as const)
              : undefined;
      return listItems(sqlite, { ...(status ? { status: [...status] } : {}), ...(target ? { target } : {}), limit }).map(view);
    },
    'sync.outbox.retry': ({ id }, ctx) => {
      const staff = signedIn(ctx);
      const item = asConflict(() =>
        sqlite
          .transaction(() => {
            const it = retryItem(sqlite, id, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'outbox.retry',
              subject: `outbox:${id}`,
              detail: { kind: it.kind, key: it.idempotencyKey, sendKey: sendKeyOf(sqlite, it), by: staff.id },
            });
            return it;
          })
          .immediate(),
      );
      kick();
      return view(item);
    },
    'sync.outbox.discard': ({ id, reason }, ctx) => {
      signedIn(ctx);
      const item = asConflict(() =>
        sqlite
          .transaction(() => {
            const it = discardItem(sqlite, id, reason, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'outbox.discard',
              subject: `outbox:${id}`,
              detail: { kind: it.kind, key: it.idempotencyKey, reason, payload: it.payload },
            });
            return it;
          })
          .immediate(),
      );
      kick();
      return view(item);
    },
    'sync.quarantine.list': ({ state, limit }) => listQuarantine(sqlite, state, limit),
    'credit.authority': ({ orderId }) => creditHoldView(sqlite, orderId),
    'credit.approve': (input, ctx) => {
      const staff = signedIn(ctx);
      const receipt = sqlite
        .transaction(() => {
          const r = approveHold(sqlite, { id: staff.id, name: staff.displayName, roles: staff.roles }, input, services.now());
          audit.append({
            actor: ctx.actor,
            action: 'credit.approve',
            subject: `order:${input.orderId}`,
            detail: { ...input, stillNeeded: r.stillNeeded },
          });
          return r;
        })
        .immediate();
      kick();
      return receipt;
    },
    'credit.reject': (input, ctx) => {
      const staff = signedIn(ctx);
      const receipt = sqlite
        .transaction(() => {
          const r = rejectHold(sqlite, { id: staff.id, name: staff.displayName, roles: staff.roles }, input, services.now());
          audit.append({ actor: ctx.actor, action: 'credit.reject', subject: `order:${input.orderId}`, detail: input });
          return r;
        })
        .immediate();
      kick();
      return receipt;
    },
    'handover.queue': ({ state, limit }) => listHandoverConfirmations(sqlite, state, limit),
    'handover.confirm': ({ orderId }, ctx) => {
      const staff = signedIn(ctx);
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = confirmHandover(sqlite, orderId, staff.id, services.now());
            audit.append({ actor: ctx.actor, action: 'handover.confirm', subject: `order:${orderId}`, detail: { outboxId: r.outboxId } });
            return r;
          })
          .immediate(),
      );
      kick();
      return res;
    },
    'dealerStatus.reviews': ({ state, limit }) => listReviews(sqlite, state, limit),
    'dealerStatus.publishReview': ({ reviewId, message }, ctx) => {
      const staff = signedIn(ctx);
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = publishReview(sqlite, reviewId, message, { id: staff.id, name: staff.displayName }, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.publish',
              subject: `dealer_status_review:${reviewId}`,
              detail: { message },
            });
            return r;
          })
          .immediate(),
      );
      kick();
      return res;
    },
    'dealerStatus.publish': ({ orderId, status, message, eta, tracking }, ctx) => {
      const staff = signedIn(ctx);
      const body = {
        status,
        message,
        eta: eta ?? null,
        tracking: tracking ?? null,
        published_by: { id: staff.id, name: staff.displayName },
      };
      const res = asConflict(() =>
        sqlite
          .transaction(() => {
            const r = publishAdHoc(sqlite, orderId, body, services.now());
            audit.append({
              actor: ctx.actor,
              action: 'dealer_status.publish_ad_hoc',
              subject: `order:${orderId}`,
              detail: { status, message },
            });
            return r;
          })
          .immediate(),
      );
      kick();
      return res;
    },
    'dealerStatus.dismissReview': ({ reviewId }, ctx) => {
      const staff = signedIn(ctx);
      asConflict(() =>
        sqlite
          .transaction(() => {
            dismissReview(sqlite, reviewId, staff.id, services.now());
            audit.append({ actor: ctx.actor, action: 'dealer_status.dismiss', subject: `dealer_status_review:${reviewId}`, detail: null });
          })
          .immediate(),
      );
      return { dismissed: true };
    },
  };
};
