// Saved order views (issue 10) in `order_views`: a person's changes to a shipped view (one row per person
// and view, deleted by "reset"), their own views, and views an admin shared with roles. Every change is
// written to the audit log in the same transaction, by the procedures.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ApiFailure } from '../../../shared/api/errors';
import {
  shippedOrderView,
  jobViewIds,
  shippedViewOrder,
  type OrderViewDefinition,
  type OrderViewView,
  type ShippedOrderView,
} from '../../../shared/orderViews';
import { roles as allRoles, type Role } from '../../../shared/roles';
import { orderViewDefinitionSchema } from '../../../shared/api/features/orders';

export interface ViewOwner {
  id: string;
  roles: readonly Role[];
}

interface ViewRow {
  id: string;
  owner_id: string | null;
  name: string;
  definition: string;
  base_view: string | null;
  shared_roles: string;
}

/** A stored definition, read defensively: a row written by an older build falls back to its base view. */
function definitionOf(row: ViewRow, fallback: OrderViewDefinition): OrderViewDefinition {
  const parsed = orderViewDefinitionSchema.safeParse(JSON.parse(row.definition));
  return parsed.success ? parsed.data : fallback;
}

function rolesOf(row: ViewRow): Role[] {
  const parsed = JSON.parse(row.shared_roles) as unknown;
  return Array.isArray(parsed) ? parsed.filter((r): r is Role => (allRoles as readonly string[]).includes(r as string)) : [];
}

function shippedAs(view: ShippedOrderView, override: ViewRow | undefined): OrderViewView {
  return {
    id: view.id,
    name: override?.name ?? view.name,
    kind: 'shipped',
    definition: override ? definitionOf(override, view.definition) : view.definition,
    changed: override !== undefined,
    sharedRoles: [],
    summary: view.summary,
  };
}

function storedAs(row: ViewRow): OrderViewView {
  const shared = row.owner_id === null;
  const fallback = shippedOrderView('all')!.definition;
  return {
    id: row.id,
    name: row.name,
    kind: shared ? 'shared' : 'personal',
    definition: definitionOf(row, fallback),
    changed: false,
    sharedRoles: shared ? rolesOf(row) : [],
    summary: shared ? `Shared with ${rolesOf(row).join(', ').replaceAll('_', ' ')}.` : 'Your own view.',
  };
}

/** The id of a person's copy of a shipped view. */
const overrideId = (ownerId: string, shippedId: string) => `changed:${ownerId}:${shippedId}`;

/**
 * A person's views in navigation order: the shipped views of their job first, then views shared with
 * their roles (an admin: every shared view), then their own, then the other shipped views.
 */
export function listViews(sqlite: Database.Database, owner: ViewOwner): OrderViewView[] {
  const rows = sqlite
    .prepare('SELECT * FROM order_views WHERE owner_id = ? OR owner_id IS NULL ORDER BY name, id')
    .all(owner.id) as ViewRow[];
  const overrides = new Map(rows.filter((r) => r.owner_id === owner.id && r.base_view).map((r) => [r.base_view as string, r]));
  const shipped = shippedViewOrder(owner.roles).map((id) => shippedAs(shippedOrderView(id)!, overrides.get(id)));
  const job = new Set(jobViewIds(owner.roles));
  const own = rows.filter((r) => r.owner_id === owner.id && !r.base_view).map(storedAs);
  // Admins see every shared view (they look after them), others those shared with one of their roles.
  const isAdmin = owner.roles.includes('admin');
  const shared = rows
    .filter((r) => r.owner_id === null && (isAdmin || rolesOf(r).some((role) => owner.roles.includes(role))))
    .map(storedAs);
  return [...shipped.filter((v) => job.has(v.id)), ...shared, ...own, ...shipped.filter((v) => !job.has(v.id))];
}

/** Every view shared with roles (the admin's settings). */
export function listSharedViews(sqlite: Database.Database): OrderViewView[] {
  return (sqlite.prepare('SELECT * FROM order_views WHERE owner_id IS NULL ORDER BY name, id').all() as ViewRow[]).map(storedAs);
}

/** A view the person can see, by id. */
export function findView(sqlite: Database.Database, owner: ViewOwner, id: string): OrderViewView | undefined {
  return (
    listViews(sqlite, owner).find((v) => v.id === id) ??
    (owner.roles.includes('admin') ? listSharedViews(sqlite).find((v) => v.id === id) : undefined)
  );
}

function row(sqlite: Database.Database, id: string): ViewRow | undefined {
  return sqlite.prepare('SELECT * FROM order_views WHERE id = ?').get(id) as ViewRow | undefined;
}

function assertNameFree(sqlite: Database.Database, owner: ViewOwner, name: string, exceptId: string | null): void {
  const taken = listViews(sqlite, owner).some((v) => v.id !== exceptId && v.name.toLowerCase() === name.toLowerCase());
  if (taken) throw new ApiFailure('conflict', `You already have a view called “${name}”. Choose another name.`);
}

/** What a person may change: their own rows, their copy of a shipped view, and (admins) shared views. */
function editable(sqlite: Database.Database, owner: ViewOwner, id: string): { shipped: ShippedOrderView } | { row: ViewRow } {
  const shipped = shippedOrderView(id);
  if (shipped) return { shipped };
  const r = row(sqlite, id);
  if (!r || (r.owner_id !== null && r.owner_id !== owner.id)) throw new ApiFailure('not_found', 'That view does not exist (any more).');
  if (r.base_view) throw new ApiFailure('not_found', 'That view does not exist (any more).');
  if (r.owner_id === null && !owner.roles.includes('admin')) {
    throw new ApiFailure('forbidden', 'Only an admin changes a view shared with roles. Save it as your own view instead.');
  }
  return { row: r };
}

export function createView(
  sqlite: Database.Database,
  owner: ViewOwner,
  name: string,
  definition: OrderViewDefinition,
  now: Date,
): OrderViewView {
  assertNameFree(sqlite, owner, name, null);
  const id = randomUUID();
  const at = now.toISOString();
  sqlite
    .prepare(
      `INSERT INTO order_views (id, owner_id, name, definition, base_view, shared_roles, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, ?, NULL, '[]', ?, ?, ?)`,
    )
    .run(id, owner.id, name, JSON.stringify(definition), at, at, owner.id);
  return storedAs(row(sqlite, id)!);
}

/** Writes the person's copy of a shipped view (created on first change). */
function putOverride(
  sqlite: Database.Database,
  owner: ViewOwner,
  shipped: ShippedOrderView,
  change: { name?: string; definition?: OrderViewDefinition },
  now: Date,
): OrderViewView {
  const id = overrideId(owner.id, shipped.id);
  const existing = row(sqlite, id);
  const name = change.name ?? existing?.name ?? shipped.name;
  const definition = change.definition ?? (existing ? definitionOf(existing, shipped.definition) : shipped.definition);
  const at = now.toISOString();
  sqlite
    .prepare(
      `INSERT INTO order_views (id, owner_id, name, definition, base_view, shared_roles, created_at, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition, updated_at = excluded.updated_at`,
    )
    .run(id, owner.id, name, JSON.stringify(definition), shipped.id, at, at, owner.id);
  return shippedAs(shipped, row(sqlite, id));
}

export function updateView(
  sqlite: Database.Database,
  owner: ViewOwner,
  id: string,
  definition: OrderViewDefinition,
  now: Date,
): OrderViewView {
  const target = editable(sqlite, owner, id);
  if ('shipped' in target) return putOverride(sqlite, owner, target.shipped, { definition }, now);
  sqlite
    .prepare('UPDATE order_views SET definition = ?, updated_at = ?, updated_by = ? WHERE id = ?')
    .run(JSON.stringify(definition), now.toISOString(), owner.id, id);
  return storedAs(row(sqlite, id)!);
}

export function renameView(sqlite: Database.Database, owner: ViewOwner, id: string, name: string, now: Date): OrderViewView {
  const target = editable(sqlite, owner, id);
  assertNameFree(sqlite, owner, name, id);
  if ('shipped' in target) return putOverride(sqlite, owner, target.shipped, { name }, now);
  sqlite.prepare('UPDATE order_views SET name = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(name, now.toISOString(), owner.id, id);
  return storedAs(row(sqlite, id)!);
}

/** An admin shares one of their own views with roles; with no roles a shared view becomes theirs again. */
export function shareView(sqlite: Database.Database, owner: ViewOwner, id: string, roles: Role[], now: Date): OrderViewView {
  if (shippedOrderView(id)) {
    throw new ApiFailure('validation', 'Every role already has the shipped views. Save this one as your own view, then share that.');
  }
  const target = editable(sqlite, owner, id);
  if (!('row' in target)) throw new ApiFailure('not_found', 'That view does not exist (any more).');
  const unique = [...new Set(roles)];
  sqlite
    .prepare('UPDATE order_views SET owner_id = ?, shared_roles = ?, updated_at = ?, updated_by = ? WHERE id = ?')
    .run(unique.length > 0 ? null : owner.id, JSON.stringify(unique), now.toISOString(), owner.id, id);
  return storedAs(row(sqlite, id)!);
}

/** Back to the shipped default (a shipped view), or not applicable (own and shared views have no default). */
export function resetView(sqlite: Database.Database, owner: ViewOwner, id: string): OrderViewView {
  const shipped = shippedOrderView(id);
  if (!shipped) throw new ApiFailure('validation', 'Only a shipped view has a default to go back to.');
  sqlite.prepare('DELETE FROM order_views WHERE id = ?').run(overrideId(owner.id, id));
  return shippedAs(shipped, undefined);
}

export function deleteView(sqlite: Database.Database, owner: ViewOwner, id: string): void {
  if (shippedOrderView(id)) throw new ApiFailure('validation', 'A shipped view cannot be deleted; reset it to its default instead.');
  editable(sqlite, owner, id);
  sqlite.prepare('DELETE FROM order_views WHERE id = ?').run(id);
}
