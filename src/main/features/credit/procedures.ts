// Credit control procedures (issue 8): the authority view of a hold and the decisions, each enqueued in
// the same transaction as its audit entry.
import type { BackendServices, HandlerFactory, Handlers } from '../../api/types';
import { approveHold, creditHoldView, rejectHold } from '../../duties/decisions';
import { kickSync, signedIn } from '../support';

type CreditHandlers = Pick<Handlers, 'credit.authority' | 'credit.approve' | 'credit.reject'>;

export const creditHandlers: HandlerFactory = (services: BackendServices): CreditHandlers => {
  const { sqlite, audit } = services;
  const kick = () => kickSync(services);
  return {
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
  };
};
