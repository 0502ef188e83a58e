// Demo mode as `npm run web` and the Electron shell start it: the desk runtime with no endpoints starts the
// reference servers in a worker thread, syncs with them over HTTP, shows the demo banner, keeps demo data
// under <dataDir>/demo, and closes everything cleanly.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDesk } from '../../../src/main/runtime';

const root = mkdtempSync(join(tmpdir(), 'dd-runtime-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('desk runtime, demo mode', () => {
  it('starts the reference servers in a thread, syncs both replicas, and says it is demo data', async () => {
    const lines: string[] = [];
    const desk = await startDesk({ dataDir: root, demo: { scale: 'test', speed: 0 }, log: (_level, message) => lines.push(message) });
    try {
      expect(desk.mode).toBe('demo');
      expect(desk.backend.dataDir).toBe(join(root, 'demo'));
      await desk.ready;
      const servers = desk.servers();
      expect(servers?.inThread).toBe(true);
      // The servers answer real HTTP with the token they gave.
      const state = await fetch(`${servers?.platformUrl.replace(/\/v1$/, '')}/_sim/state`, {
        headers: { authorization: `Bearer ${servers?.token}` },
      });
      expect(state.status).toBe(200);
      // In snapshot mode lag is unknown (null); idle with a known lag means the feed is being followed.
      const phases = () =>
        desk
          .engine()
          ?.status()
          .sources.map((s) => `${s.state} ${s.lagEvents === null ? 'snapshot' : 'feed'}`);
      await expect.poll(phases, { timeout: 30_000, interval: 100 }).toEqual(['idle feed', 'idle feed']);
      const accounts = desk.backend.sqlite.prepare('SELECT count(*) AS n FROM platform_accounts').get() as { n: number };
      const dmsAccounts = desk.backend.sqlite.prepare('SELECT count(*) AS n FROM dms_accounts').get() as { n: number };
      expect(accounts.n).toBeGreaterThan(0);
      expect(dmsAccounts.n).toBeGreaterThan(0);
      const mode = desk.backend.services.syncStatusProvider().mode();
      expect(mode).toMatchObject({ mode: 'demo', modeMessage: expect.stringMatching(/^Demo data/) });
      expect(lines.some((l) => l.startsWith('Demo reference servers:') && !l.includes('in the UI thread'))).toBe(true);
    } finally {
      await desk.close();
    }
    expect(existsSync(join(root, 'demo', 'dealer-desk.sqlite'))).toBe(true);
    expect(existsSync(join(root, 'demo', 'dealer-desk.sqlite-wal'))).toBe(false);
  }, 60_000);

  it('closes cleanly when stopped while the demo servers are still starting', async () => {
    const dir = join(root, 'early');
    const desk = await startDesk({ dataDir: dir, demo: { scale: 'test', speed: 0 } });
    await desk.close();
    expect(desk.engine()).toBeNull();
    expect(desk.backend.sqlite.open).toBe(false);
  }, 30_000);
});
