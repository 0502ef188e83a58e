// staff.*: the Admin screen's list, create, roles and activation (admin only, enforced by the dispatcher).
import { ApiFailure } from '../../../shared/api/errors';
import type { BackendServices, CallContext, Handlers } from '../types';
import type { Actor } from '../../services/audit';

type StaffHandlers = Pick<Handlers, 'staff.list' | 'staff.create' | 'staff.setRoles' | 'staff.setActive'>;

function actorFrom(ctx: CallContext): Actor {
  // Unreachable for admin-only procedures (the dispatcher requires a session), but keeps the audit honest.
  if (!ctx.actor) throw new ApiFailure('unauthenticated', 'You are not signed in. Sign in again.');
  return ctx.actor;
}

export function staffHandlers(services: BackendServices): StaffHandlers {
  const { staff, sessions } = services;
  return {
    'staff.list': () => staff.list(),
    'staff.create': async (input, ctx) => (await staff.create(input, actorFrom(ctx))).staff,
    'staff.setRoles': (input, ctx) => staff.setRoles(input.staffId, input.roles, actorFrom(ctx)),
    'staff.setActive': (input, ctx) => {
      if (!input.active && ctx.staff?.id === input.staffId) {
        throw new ApiFailure('conflict', 'You cannot deactivate your own account. Ask another admin.');
      }
      let ended = 0;
      const view = staff.setActive(input.staffId, input.active, actorFrom(ctx), (id, reason) => (ended = sessions.endAllFor(id, reason)));
      // After the commit: open windows re-read their session, and the deactivated person's go to sign-in.
      if (ended > 0) services.push('session.ended', { reason: 'Your staff account was deactivated. Ask an admin if this is a mistake.' });
      return view;
    },
  };
}
