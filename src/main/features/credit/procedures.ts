// Credit control procedures (issue 8): the hold queue and detail, decisions (each enqueued in the same
// transaction as its audit entry, with the exposure snapshot the person saw), bulk decisions, new-hold
// arrivals for notifications, and the admin's credit settings (each change audited by the settings service).
import type { CreditSettingsView } from '../../../shared/api/features/credit';
import type { BackendServices, HandlerFactory, Handlers } from '../../api/types';
import { creditHoldView } from '../../duties/decisions';
import { kickSync, signedIn } from '../support';
import { approveFromDesk, bulkApprove, bulkReject, rejectFromDesk } from './decide';
import { holdArrivals, holdDetail, holdQueue } from './holds';
import { creditSettingKeys, readCreditSettings } from './policy';

type CreditHandlers = Pick<
  Handlers,
  | 'credit.holds'
  | 'credit.hold'
  | 'credit.authority'
  | 'credit.approve'
  | 'credit.reject'
  | 'credit.bulkDecide'
  | 'credit.holdArrivals'
  | 'credit.settings'
  | 'credit.saveSettings'
>;

export const creditHandlers: HandlerFactory = (services: BackendServices): CreditHandlers => {
  const { sqlite, audit } = services;
  const kick = () => kickSync(services);
  const decider = (staff: { id: string; displayName: string; roles: readonly string[] }) => ({
    id: staff.id,
    name: staff.displayName,
    roles: staff.roles,
  });
  return {
    'credit.holds': (filter, ctx) => holdQueue(sqlite, signedIn(ctx), filter),
    'credit.hold': ({ orderId }, ctx) => holdDetail(sqlite, orderId, signedIn(ctx), services.now()),
    'credit.authority': ({ orderId }) => creditHoldView(sqlite, orderId),
    'credit.approve': (input, ctx) => {
      const receipt = approveFromDesk(sqlite, audit, ctx.actor, decider(signedIn(ctx)), input, services.now());
      kick();
      return receipt;
    },
    'credit.reject': (input, ctx) => {
      const receipt = rejectFromDesk(sqlite, audit, ctx.actor, decider(signedIn(ctx)), input, services.now());
      kick();
      return receipt;
    },
    'credit.bulkDecide': (input, ctx) => {
      const me = decider(signedIn(ctx));
      const results =
        input.decision === 'approve'
          ? bulkApprove(sqlite, audit, ctx.actor, me, input.holds, input.note, services.now())
          : bulkReject(sqlite, audit, ctx.actor, me, input, services.now());
      if (results.some((r) => r.outcome === 'sent')) kick();
      return { results };
    },
    'credit.holdArrivals': ({ after }) => holdArrivals(sqlite, after),
    'credit.settings': () => readCreditSettings(sqlite),
    'credit.saveSettings': (input, ctx) => {
      signedIn(ctx);
      const before = readCreditSettings(sqlite);
      sqlite
        .transaction(() => {
          for (const part of Object.keys(creditSettingKeys) as (keyof CreditSettingsView)[]) {
            const value = input[part];
            // Only what changed is written, so the audit log lists real changes (with what they were before).
            if (value !== undefined && JSON.stringify(value) !== JSON.stringify(before[part]))
              services.settings.set(creditSettingKeys[part], value, ctx.actor);
          }
        })
        .immediate();
      return readCreditSettings(sqlite);
    },
  };
};
