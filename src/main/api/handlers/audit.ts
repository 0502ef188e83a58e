// audit.*: read the log (newest first) and verify its hash chain.
import type { BackendServices, Handlers } from '../types';

type AuditHandlers = Pick<Handlers, 'audit.list' | 'audit.verify'>;

export function auditHandlers(services: BackendServices): AuditHandlers {
  return {
    'audit.list': (input) => services.audit.list({ beforeSeq: input.beforeSeq, limit: input.limit }),
    'audit.verify': () => services.audit.verify(),
  };
}
