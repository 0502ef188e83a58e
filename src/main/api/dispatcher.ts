// The one entry point for every UI call, whatever the transport: unknown procedure -> not_found; access
// (session, then role) -> unauthenticated/forbidden; zod -> validation; then the handler. Errors leave as
// data (ApiResult), never as exceptions; unexpected ones are logged and reported as a generic 'internal'.
import { procedures, type Access, type ProcedureName } from '../../shared/api/contract';
import { ApiFailure, type ApiResult } from '../../shared/api/errors';
import { roleLabels, type Role } from '../../shared/roles';
import type { StaffView } from '../../shared/api/contract';
import { actorOf } from '../services/staff';
import type { CallContext, Handler, HandlerMap } from './types';

export interface DispatcherDeps {
  handlers: () => HandlerMap;
  resolveSession: (token: string | null) => StaffView | null;
  log: (level: 'error', message: string, detail?: unknown) => void;
}

export function isProcedureName(name: string): name is ProcedureName {
  return Object.prototype.hasOwnProperty.call(procedures, name);
}

/** Whether a staff member (or nobody) may call a procedure with this access rule. */
export function isAllowed(access: Access, staff: StaffView | null): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'ok';
  if (!staff) return 'unauthenticated';
  if (access === 'signed_in') return 'ok';
  return staff.roles.some((role) => access.includes(role)) ? 'ok' : 'forbidden';
}

function fail(
  kind: 'not_found' | 'unauthenticated' | 'forbidden' | 'validation' | 'unavailable' | 'internal',
  message: string,
  issues?: { path: string; message: string }[],
): ApiResult<never> {
  return { ok: false, error: issues ? { kind, message, issues } : { kind, message } };
}

function roleList(rolesAllowed: readonly Role[]): string {
  return rolesAllowed.map((r) => roleLabels[r]).join(' or ');
}

export function createDispatcher(deps: DispatcherDeps) {
  return async function dispatch(procedure: string, input: unknown, ctx: { sessionToken: string | null }): Promise<ApiResult<unknown>> {
    if (typeof procedure !== 'string' || !isProcedureName(procedure)) {
      return fail('not_found', `Dealer Desk has no command called "${String(procedure)}".`);
    }
    const def = procedures[procedure];
    const sessionToken = typeof ctx.sessionToken === 'string' && ctx.sessionToken !== '' ? ctx.sessionToken : null;
    let staff: StaffView | null;
    try {
      staff = deps.resolveSession(sessionToken);
    } catch (error) {
      deps.log('error', `session lookup failed for ${procedure}`, error);
      return fail('internal', 'Something went wrong on the desk. Try again; if it keeps happening, tell your admin.');
    }
    const access = isAllowed(def.access, staff);
    if (access === 'unauthenticated') {
      return fail('unauthenticated', 'You are not signed in (or your session has ended). Sign in again.');
    }
    if (access === 'forbidden') {
      const needed = Array.isArray(def.access) ? roleList(def.access as readonly Role[]) : 'another role';
      return fail('forbidden', `Your role does not allow this. It needs: ${needed}. Ask an admin if you should have it.`);
    }

    // A missing input means "no arguments": every input schema is an object today.
    const parsed = def.input.safeParse(input === undefined || input === null ? {} : input);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
      const first = issues[0];
      const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'The request is not valid.';
      return fail('validation', `Please correct the form: ${message}`, issues);
    }

    const handler = deps.handlers()[procedure] as Handler<typeof procedure> | undefined;
    if (!handler) return fail('unavailable', 'This part of Dealer Desk is not built yet.');

    const callContext: CallContext = { staff, actor: staff ? actorOf(staff) : null, sessionToken };
    try {
      // The cast is sound: `parsed.data` came from this procedure's own schema.
      const value = await (handler as (input: unknown, ctx: CallContext) => unknown)(parsed.data, callContext);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiFailure) return { ok: false, error: error.toData() };
      deps.log('error', `procedure ${procedure} failed`, error);
      return fail('internal', 'Something went wrong on the desk. Try again; if it keeps happening, tell your admin.');
    }
  };
}
