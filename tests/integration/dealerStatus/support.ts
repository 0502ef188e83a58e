// A desk for the dealer-status integration tests: the real backend (procedures, audit, settings) on a temp
// data directory, its sync engine against the reference servers over HTTP, and signed-in staff to call
// procedures as. Cleans its directory up on stop.
import fs from 'node:fs';
import type { ReferenceServers } from '../../../src/sim/index';
import { fixtureIds, fixtureSkus } from '../../../src/sim/index';
import { createBackend, type Backend } from '../../../src/main/backend';
import { startSync, type SyncEngine } from '../../../src/main/sync/engine';
import type { ApiError } from '../../../src/shared/api/errors';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../../../src/shared/api/contract';
import type { Role } from '../../../src/shared/roles';
import { tempDir, waitFor } from '../sync/helpers';

export interface TestDesk {
  backend: Backend;
  engine: SyncEngine;
  /** Calls a procedure as one of the desk's staff; throws an Error carrying the ApiError's kind and issues. */
  call<K extends ProcedureName>(who: string, procedure: K, input: ProcedureInput<K>): Promise<ProcedureOutput<K>>;
  stop(): Promise<void>;
}

export const people: [string, Role[]][] = [
  ['sales', ['inside_sales']],
  ['sales2', ['inside_sales']],
  ['manager', ['manager']],
  ['admin', ['admin']],
];

/** `engineNow`: the sync engine's clock (delay detection reads it); sessions and audit keep the real one. */
export async function startTestDesk(sim: ReferenceServers, options: { engineNow?: () => Date; prefix?: string } = {}): Promise<TestDesk> {
  const dataDir = tempDir(options.prefix ?? 'dd-status-');
  const backend = await createBackend({ dataDir, log: () => {} });
  const engine = startSync({
    backend,
    platform: { url: sim.platform.url, token: sim.token },
    dms: { url: sim.dms.url, token: sim.token },
    // Inline pullers start faster than the pull thread (which loads the backend again); the thread path,
    // which runs the same observer, is covered by derivation.test.ts.
    pullInThread: false,
    pull: { pollMs: 50 },
    outbox: { watchdogMs: 50, backoff: { baseMs: 50, capMs: 500 } },
    dutyIntervalMs: 150,
    requestTimeoutMs: 2000,
    ...(options.engineNow ? { now: options.engineNow } : {}),
  });
  const tokens = new Map<string, string>();
  for (const [username, roles] of people) {
    const { staff } = await backend.services.staff.create(
      { username, displayName: username.toUpperCase(), password: 'long enough password', roles },
      null,
    );
    tokens.set(username, backend.services.sessions.open(staff.id));
  }
  await waitFor(() => engine.status().sources.every((s) => s.lagEvents === 0), 20_000, 'desk caught up');
  let stopped = false;
  return {
    backend,
    engine,
    async call(who, procedure, input) {
      const res = await backend.dispatch(procedure, input, { sessionToken: tokens.get(who) ?? null });
      if (!res.ok) throw Object.assign(new Error(res.error.message), res.error satisfies ApiError);
      return res.value as never;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      await backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A dealer order for 3 cases of switch plates, which no warehouse has: the DMS backorders it. */
export function placeBackorderable(sim: ReferenceServers) {
  return sim.platform.domain.placeDealerOrder({ account_id: fixtureIds.plain.id, lines: [{ sku: fixtureSkus.switchPlate, qty: 3 }] });
}

export async function handedOver(sim: ReferenceServers, platformOrderId: string): Promise<string> {
  await waitFor(() => !!sim.dms.domain.getOrderByPlatformOrder(platformOrderId), 15_000, 'handed over');
  return sim.dms.domain.getOrderByPlatformOrder(platformOrderId)!.id;
}
