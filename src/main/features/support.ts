// What every feature's procedures share: the signed-in caller, library errors turned into conflicts a
// clerk can read, and a nudge to the sync engine after work was enqueued.
import { ApiFailure } from '../../shared/api/errors';
import type { BackendServices, CallContext } from '../api/types';
import { engineFor } from '../sync/engine';

export function signedIn(ctx: CallContext) {
  if (!ctx.staff) throw new ApiFailure('unauthenticated', 'Sign in first.');
  return ctx.staff;
}

/** Library errors about an item's state become conflicts the clerk can read. */
export function asConflict<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ApiFailure) throw error;
    throw new ApiFailure('conflict', error instanceof Error ? error.message : String(error));
  }
}

/** After an enqueue: the engine in this process (if any) sends now; a worker or another desk picks it up otherwise. */
export function kickSync(services: BackendServices): void {
  const engine = engineFor(services.sqlite);
  if (!engine) return;
  engine.dispatcher.kick();
  services.push('sync.status', engine.status());
}
