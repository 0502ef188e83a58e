// The handlers every backend has; features append their factory here (or call backend.registerHandlers).
import { auditHandlers } from './handlers/audit';
import { sessionHandlers } from './handlers/session';
import { staffHandlers } from './handlers/staff';
import { syncHandlers } from './handlers/sync';
import { featureHandlerFactories } from '../features';
import type { HandlerFactory } from './types';

export const coreHandlerFactories: readonly HandlerFactory[] = [
  sessionHandlers,
  staffHandlers,
  auditHandlers,
  syncHandlers,
  ...featureHandlerFactories,
];

export { createDispatcher, isAllowed, isProcedureName } from './dispatcher';
export { defaultSyncStatusProvider, readQueueCounts } from './handlers/sync';
export type { BackendServices, CallContext, Handler, HandlerFactory, HandlerMap, Handlers, SyncStatusProvider } from './types';
