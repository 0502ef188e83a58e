// session.*: first-run admin setup, sign-in, sign-out, and what the shell needs to draw itself.
import { ApiFailure } from '../../../shared/api/errors';
import type { SignInResult } from '../../../shared/api/contract';
import { decoyHash, verifyPassword } from '../../services/passwords';
import { actorOf, toStaffView } from '../../services/staff';
import type { BackendServices, Handlers } from '../types';

type SessionHandlers = Pick<Handlers, 'session.get' | 'session.setupAdmin' | 'session.signIn' | 'session.signOut'>;

const wrongCredentials = 'That user name and password do not match. Check them and try again.';

export function sessionHandlers(services: BackendServices): SessionHandlers {
  const { staff, sessions, audit, sqlite } = services;
  return {
    'session.get': (_input, ctx) => {
      const mode = services.syncStatusProvider().mode();
      return { setupDone: staff.count() > 0, staff: ctx.staff, mode: mode.mode, modeMessage: mode.modeMessage };
    },

    'session.setupAdmin': async (input) => {
      if (staff.count() > 0) {
        throw new ApiFailure('conflict', 'Dealer Desk is already set up. Sign in with your staff account.');
      }
      const { staff: admin, extra: sessionToken } = await staff.create(
        { username: input.username, displayName: input.displayName, password: input.password, roles: ['admin'] },
        null,
        { onlyIfNoStaff: true, action: 'session.setup_admin', inTransaction: (created) => sessions.open(created.id) },
      );
      return { sessionToken, staff: admin } satisfies SignInResult;
    },

    'session.signIn': async (input) => {
      const record = staff.findByUsername(input.username);
      // Same scrypt cost for an unknown name as for a wrong password: sign-in does not reveal who exists.
      const passwordOk = await verifyPassword(input.password, record?.passwordHash ?? (await decoyHash()));
      if (!record || !passwordOk) {
        audit.append({ actor: null, action: 'session.sign_in_failed', subject: null, detail: { username: input.username.toLowerCase() } });
        throw new ApiFailure('unauthenticated', wrongCredentials);
      }
      if (!record.active) {
        audit.append({
          actor: actorOf(record),
          action: 'session.sign_in_refused',
          subject: `staff:${record.id}`,
          detail: { reason: 'deactivated' },
        });
        throw new ApiFailure('forbidden', 'This staff account is deactivated. Ask an admin to reactivate it.');
      }
      const view = toStaffView(record);
      const sessionToken = sqlite
        .transaction(() => {
          const token = sessions.open(record.id);
          audit.append({ actor: actorOf(view), action: 'session.sign_in', subject: `staff:${record.id}`, detail: null });
          return token;
        })
        .immediate();
      return { sessionToken, staff: view };
    },

    'session.signOut': (_input, ctx) => {
      sqlite
        .transaction(() => {
          if (ctx.sessionToken && sessions.end(ctx.sessionToken, 'signed_out')) {
            audit.append({
              actor: ctx.actor,
              action: 'session.sign_out',
              subject: ctx.staff ? `staff:${ctx.staff.id}` : null,
              detail: null,
            });
          }
        })
        .immediate();
      return { signedOut: true as const };
    },
  };
}
