// What the integration duties share: the staff identity automation acts under, and small replica reads.
import type Database from 'better-sqlite3';
import type { Platform } from '../../shared/contracts';

/**
 * The identity every desk and worker uses for work it derives automatically. It must be the same
 * everywhere: request bodies are part of the idempotency fingerprint, so two desks deriving the same
 * command must send byte-identical bodies under the same deterministic key.
 */
export const integrationStaff: Platform.Staff = { id: 'dealer-desk', name: 'Dealer Desk integration' };

export function replicaOrder(sqlite: Database.Database, orderId: string): Platform.Order | undefined {
  const raw = sqlite.prepare('SELECT raw FROM platform_orders WHERE id = ?').pluck().get(orderId) as string | undefined;
  return raw ? (JSON.parse(raw) as Platform.Order) : undefined;
}

export const enc = encodeURIComponent;
