// Pull over real HTTP against the reference servers: snapshot, feed, version guard, 410, quarantine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceServers, type ReferenceServers } from '../../../src/sim/index';
import { PlatformConnector } from '../../../src/main/connectors/platform';
import { DmsConnector } from '../../../src/main/connectors/dms';
import { SourcePuller } from '../../../src/main/sync/pull';
import { diffStates, dmsSource, openDesk, platformSource, replicaState, serverState, tempDir } from './helpers';

let servers: ReferenceServers;
beforeAll(async () => {
  servers = await startReferenceServers({ seed: 7, scale: 'test', platformPort: 0, dmsPort: 0, speed: 0, log: () => {} });
});
afterAll(async () => {
  await servers?.close();
});

async function drain(p: SourcePuller, maxSteps = 500): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    const r = await p.step();
    if (r.next === 'idle') return;
    if (r.next === 'wait') throw new Error(`puller waiting: ${JSON.stringify(p.getStatus())}`);
  }
  throw new Error('puller never went idle');
}

describe('pull', () => {
  it('snapshots both sources, then follows the feed; the replica equals the servers', async () => {
    const sqlite = openDesk(tempDir());
    const platform = new PlatformConnector({ url: servers.platform.url, token: servers.token });
    const dms = new DmsConnector({ url: servers.dms.url, token: servers.token });
    const changed: string[][] = [];
    const pp = new SourcePuller(sqlite, platform.reader, { snapshotPageSize: 3, onCommitted: (_s, t) => changed.push(t) });
    const dp = new SourcePuller(sqlite, dms.reader, { snapshotPageSize: 3 });
    await drain(pp);
    await drain(dp);
    expect(diffStates(await serverState(servers.platform.url, servers.token, platformSource), replicaState(sqlite, 'platform'))).toEqual(
      [],
    );
    expect(diffStates(await serverState(servers.dms.url, servers.token, dmsSource), replicaState(sqlite, 'dms'))).toEqual([]);
    expect(changed.flat()).toContain('platform_products');
    expect(pp.getStatus()).toMatchObject({ mode: 'feed', state: 'idle', lagEvents: 0 });

    // A dealer places an order: it arrives through the feed with its lines.
    const account = sqlite.prepare("SELECT id FROM platform_accounts WHERE status = 'active' LIMIT 1").pluck().get() as string;
    const product = sqlite.prepare('SELECT sku, min_order_qty FROM platform_products WHERE active = 1 LIMIT 1').get() as {
      sku: string;
      min_order_qty: number;
    };
    const order = servers.platform.domain.placeDealerOrder({
      account_id: account,
      lines: [{ sku: product.sku, qty: product.min_order_qty }],
    });
    await drain(pp);
    const row = sqlite.prepare('SELECT status, version, line_count FROM platform_orders WHERE id = ?').get(order.id) as {
      version: number;
      line_count: number;
    };
    expect(row).toMatchObject({ version: order.version, line_count: 1 });
    expect(sqlite.prepare('SELECT count(*) FROM platform_order_lines WHERE order_id = ?').pluck().get(order.id)).toBe(1);
    sqlite.close();
  });

  it('after a forced cursor expiry it re-snapshots and converges, removing what was deleted meanwhile', async () => {
    const sqlite = openDesk(tempDir());
    const platform = new PlatformConnector({ url: servers.platform.url, token: servers.token });
    const pp = new SourcePuller(sqlite, platform.reader);
    await drain(pp);
    const sku = sqlite.prepare('SELECT sku FROM platform_products ORDER BY sku LIMIT 1').pluck().get() as string;
    servers.platform.domain.deleteProduct(sku);
    await drain(pp);
    expect(sqlite.prepare('SELECT count(*) FROM platform_products WHERE sku = ?').pluck().get(sku)).toBe(0);
    // Expire: the server refuses the cursor with 410; the puller snapshots again.
    const res = await fetch(`${servers.platform.url.replace(/\/v1$/, '')}/_sim/expire-cursors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${servers.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBeLessThan(300);
    await drain(pp);
    expect(diffStates(await serverState(servers.platform.url, servers.token, platformSource), replicaState(sqlite, 'platform'))).toEqual(
      [],
    );
    sqlite.close();
  });
});
