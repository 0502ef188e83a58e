// A real backend on a temp data directory, with a clock the test controls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend, type Backend, type BackendOptions } from '../../../src/main/backend';
import type { ApiResult } from '../../../src/shared/api/errors';

export interface TestBackend {
  backend: Backend;
  clock: { now: Date; advance(ms: number): void };
  logged: { level: string; message: string; detail: unknown }[];
  cleanup(): Promise<void>;
}

export async function makeBackend(extra: Partial<BackendOptions> = {}): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dd-backend-'));
  const clock = {
    now: new Date('2026-11-28T09:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const logged: TestBackend['logged'] = [];
  const backend = await createBackend({
    dataDir,
    now: () => clock.now,
    log: (level, message, detail) => logged.push({ level, message, detail }),
    ...extra,
  });
  return {
    backend,
    clock,
    logged,
    async cleanup() {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T = unknown>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value as T;
}

export function errorOf(result: ApiResult<unknown>) {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}
