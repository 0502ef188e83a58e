// Seeding from the dataset generator: the bulk load writes no feed events, every snapshot record of a
// generated dataset matches the contract, DMS figures agree with invoices, and generated accounts can order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dms, Platform } from '../../src/shared/contracts';
import { generateDataset } from '../../src/sim/data/index';
import { loadDataset } from '../../src/sim/index';
import { SimStore } from '../../src/sim/store/store';
import { platformCollections } from '../../src/sim/platform/domain';
import { dmsCollections } from '../../src/sim/dms/domain';
import { expectNoContractMismatches, startTestServers, type TestServers } from './helpers';

const NOW = new Date('2026-06-15T10:00:00Z');
let t: TestServers;
let expected: Record<string, number>;

beforeAll(async () => {
  const batches = [...generateDataset({ seed: 3, scale: 'test', now: NOW, sizes: { dealers: 25, skus: 80, orders: 600 } })];
  expected = {};
  for (const b of batches) expected[`${b.system}:${b.collection}`] = (expected[`${b.system}:${b.collection}`] ?? 0) + b.records.length;
  t = await startTestServers({ now: NOW, dataset: batches });
});
afterAll(async () => {
  await t.servers.close();
  expectNoContractMismatches();
});

async function snapshotAll<T>(client: TestServers['platform'], collection: string): Promise<T[]> {
  const out: T[] = [];
  let token: string | null = null;
  do {
    const res: { body: { data: T[]; next_page_token: string | null } } = await client.get(
      `/snapshot/${collection}?limit=5000${token ? `&page_token=${token}` : ''}`,
    );
    out.push(...res.body.data);
    token = res.body.next_page_token;
  } while (token);
  return out;
}

describe('a generated dataset', () => {
  it('loads every record, without feed events', async () => {
    const state = await t.platform.sim<{ counts: Record<string, number>; events: { last_seq: number } }>('GET', 'state');
    const dmsState = await t.dms.sim<{ counts: Record<string, number>; events: { last_seq: number } }>('GET', 'state');
    for (const [key, n] of Object.entries(expected)) {
      const [system, collection] = key.split(':') as [string, string];
      expect((system === 'platform' ? state : dmsState).body.counts[collection], key).toBe(n);
    }
    expect(state.body.events.last_seq).toBe(0);
    expect(dmsState.body.events.last_seq).toBe(0);
  });
  it('serves snapshots whose every record matches the contract (checked by the client)', async () => {
    for (const c of Object.keys(platformCollections)) await snapshotAll(t.platform, c);
    for (const c of Object.keys(dmsCollections)) await snapshotAll(t.dms, c);
  });
  it('keeps DMS account figures equal to the sums of open invoices', async () => {
    const accounts = await snapshotAll<Dms.Account>(t.dms, 'accounts');
    const invoices = await snapshotAll<Dms.Invoice>(t.dms, 'invoices');
    for (const a of accounts) {
      const open = invoices.filter((i) => i.dealer_code === a.dealer_code && i.status !== 'void').reduce((s, i) => s + i.outstanding, 0);
      expect(a.balance, a.dealer_code).toBe(open);
      expect(a.overdue).toBe(a.balance - a.ageing.not_due);
    }
  });
  it('places an order for a generated account at its resolved price', async () => {
    const d = t.servers.platform.domain;
    const account = (await snapshotAll<Platform.Account>(t.platform, 'accounts')).find((a) => a.status === 'active');
    const product = (await snapshotAll<Platform.Product>(t.platform, 'products')).find(
      (p) => p.active && account && d.resolvePrice(account, p.sku, p.min_order_qty) !== undefined,
    );
    if (!account || !product) throw new Error('the generated dataset has no orderable account/product');
    const price = d.resolvePrice(account, product.sku, product.min_order_qty) ?? 0;
    const res = await t.platform.post<Platform.Order>('/orders', {
      account_id: account.id,
      channel: 'phone',
      placed_by: { id: 's', name: 'S' },
      client_reference: 'GEN-1',
      lines: [{ sku: product.sku, qty: product.min_order_qty, unit_price: price }],
    });
    expect(res.status).toBe(201);
    const feed = await t.platform.get<{ events: { type: string }[] }>('/events');
    expect(feed.body.events.map((e) => e.type)).toEqual(['order.upserted']);
  });
  it('refuses a batch for a collection the system does not have', () => {
    const ps = new SimStore(':memory:', platformCollections);
    const ds = new SimStore(':memory:', dmsCollections);
    expect(() => loadDataset({ platform: ps, dms: ds }, [{ system: 'platform', collection: 'invoices', records: [{}] }])).toThrow(
      /unknown platform collection/,
    );
    ps.close();
    ds.close();
  });
});
