// The quarantine as the Sync screen shows it: each record a system sent that failed validation, with the
// record it claims to be (type and id, read from the raw payload as far as it can be trusted), the error
// and the raw payload.
import type Database from 'better-sqlite3';
import type { QuarantineView } from '../../shared/api/contract';
import { dmsSource, platformSource, type SourceSpec } from '../connectors/source';
import type { SyncSource } from '../db/schema';

const specs: Record<SyncSource, SourceSpec> = { platform: platformSource, dms: dmsSource };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Which record a quarantined payload is about. Feed events name it in their envelope (`resource`); a
 * snapshot item carries its id in the collection's id field. Anything unreadable is null, not a guess.
 */
export function quarantinedRecord(source: SyncSource, kind: string, raw: unknown): { recordType: string | null; recordId: string | null } {
  const spec = specs[source];
  if (kind.startsWith('snapshot:')) {
    const type = spec.collections[kind.slice('snapshot:'.length)] ?? null;
    const idField = type ? spec.resources[type]?.idField : undefined;
    const id = idField && isObject(raw) ? raw[idField] : undefined;
    return { recordType: type, recordId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
  }
  // Feed events: `event:<type>` when the envelope was valid, `event` when it was not (read what is there).
  const resource = isObject(raw) && isObject(raw['resource']) ? raw['resource'] : null;
  const declared = kind.startsWith('event:') ? kind.slice('event:'.length) : null;
  const type = declared ?? (typeof resource?.['type'] === 'string' ? resource['type'] : null);
  const id = resource?.['id'];
  return { recordType: type, recordId: typeof id === 'string' || typeof id === 'number' ? String(id) : null };
}

interface QuarantineRow {
  id: number;
  source: SyncSource;
  kind: string;
  raw: string;
  error: string;
  received_at: string;
  resolved_at: string | null;
}

export function listQuarantine(
  sqlite: Database.Database,
  state: 'open' | 'resolved',
  limit: number,
  beforeId: number = Number.MAX_SAFE_INTEGER,
): QuarantineView[] {
  const rows = sqlite
    .prepare(
      `SELECT id, source, kind, raw, error, received_at, resolved_at FROM quarantine
       WHERE resolved_at IS ${state === 'open' ? '' : 'NOT '}NULL AND id < ? ORDER BY id DESC LIMIT ?`,
    )
    .all(beforeId, limit) as QuarantineRow[];
  return rows.map((r) => {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(r.raw) as unknown;
    } catch {
      // Stored as received; the screen shows the text as it is.
    }
    return {
      id: r.id,
      source: r.source,
      kind: r.kind,
      ...quarantinedRecord(r.source, r.kind, parsed),
      raw: r.raw,
      error: r.error,
      receivedAt: r.received_at,
      resolvedAt: r.resolved_at,
    };
  });
}

export function countQuarantine(sqlite: Database.Database, state: 'open' | 'resolved'): number {
  return sqlite
    .prepare(`SELECT count(*) FROM quarantine WHERE resolved_at IS ${state === 'open' ? '' : 'NOT '}NULL`)
    .pluck()
    .get() as number;
}
