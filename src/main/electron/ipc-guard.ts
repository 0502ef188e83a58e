// Checks on every `desk:call` before it reaches the backend: it must come from the app's own top frame,
// and carry a well-formed message. Pure, tested in Node.
import type { DeskCallMessage } from '../../preload/channels';
import type { ApiResult } from '../../shared/api/errors';
import { originOf } from './app-origin';

/**
 * A sender is trusted only when it is the window's main frame showing the app itself. Subframes and any
 * page that somehow got loaded from elsewhere get nothing, even though navigation is already denied.
 */
export function isTrustedSender(sender: { frameUrl: string | undefined; isMainFrame: boolean }, appOrigin: string): boolean {
  return sender.isMainFrame && originOf(sender.frameUrl) === appOrigin;
}

/** The message, or null when it is not an object with a string procedure and a string-or-null session. */
export function parseDeskCall(message: unknown): DeskCallMessage | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return null;
  const record = message as Record<string, unknown>;
  const { procedure, input, session } = record;
  if (typeof procedure !== 'string' || procedure.length === 0 || procedure.length > 200) return null;
  if (session !== null && session !== undefined && typeof session !== 'string') return null;
  return { procedure, input, session: session ?? null };
}

export const untrustedSenderResult: ApiResult<never> = {
  ok: false,
  error: { kind: 'forbidden', message: 'This request did not come from the Dealer Desk window and was refused.' },
};

export const malformedCallResult: ApiResult<never> = {
  ok: false,
  error: { kind: 'validation', message: 'The request to the desk was malformed. Restart Dealer Desk; if it happens again, report it.' },
};
