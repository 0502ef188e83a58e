// Backend procedures of the sync engine (issue 4): the outbox, the quarantine and the hand-over queue. They work on the
// database alone (enqueue in the same transaction as the audit entry) and kick the engine when one runs
// in this process; a worker or another desk picks the work up otherwise.
import type { OutboxItemView } from '../../shared/api/contract';
import type { BackendServices, HandlerFactory, Handlers } from '../api/types';
import { asConflict, kickSync, signedIn } from '../features/support';
import { confirmHandover, listHandoverConfirmations } from '../duties/handover';
import { ensureSyncTables } from './replica';
import type { OutboxStatus } from '../db/schema';
import { countItems, discardItem, listItems, retryItem, sendKeyOf, type OutboxItem } from './outbox';
import { countQuarantine, listQuarantine } from './quarantine';

type SyncProcedureHandlers = Pick<
  Handlers,
  | 'sync.outbox.list'
  | 'sync.outbox.count'
  | 'sync.outbox.retry'
  | 'sync.outbox.discard'
  | 'sync.quarantine.list'
  | 'sync.quarantine.count'
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

/** The statuses (and system) behind each outbox view of the Sync screen. */
function outboxFilter(which: 'attention' | 'pending' | 'delivered' | 'all', target: 'platform' | 'dms' | undefined) {
  const status: OutboxStatus[] | undefined =
    which === 'attention'
      ? ['failed', 'conflict']
      : which === 'pending'
        ? ['pending', 'in_flight']
        : which === 'delivered'
          ? ['delivered']
          : undefined;
  return { ...(status ? { status } : {}), ...(target ? { target } : {}) };
}

export const syncProcedureHandlers: HandlerFactory = (services: BackendServices): SyncProcedureHandlers => {
  const { sqlite, audit } = services;
  ensureSyncTables(sqlite);
  const kick = () => kickSync(services);
  return {
    'sync.outbox.list': ({ view: which, target, beforeId, limit }) =>
      listItems(sqlite, { ...outboxFilter(which, target), ...(beforeId !== undefined ? { beforeId } : {}), limit }).map(view),
    'sync.outbox.count': ({ view: which, target }) => ({ total: countItems(sqlite, outboxFilter(which, target)) }),
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
    'sync.quarantine.list': ({ state, limit, beforeId }) => listQuarantine(sqlite, state, limit, beforeId),
    'sync.quarantine.count': ({ state }) => ({ total: countQuarantine(sqlite, state) }),
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
  };
};
