// Moving a cached dataset to end "now": every timestamp moves by the same amount, dates keep their relation
// to their record's own moment (due dates, ETAs, requested dates, override validity), calendar dates keep
// their distance from today, nothing else changes, and the account figures and credit positions are true
// at the new today. A failed copy leaves nothing behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dms, Platform } from '../../src/shared/contracts';
import { daysBetween } from '../../src/sim/clock';
import { generateDataset } from '../../src/sim/data/index';
import { dmsCollections, DmsDomain } from '../../src/sim/dms/domain';
import { writeSeededStores, SimClock } from '../../src/sim/index';
import { platformCollections } from '../../src/sim/platform/domain';
import { copyShifted, recordShifter } from '../../src/sim/shift';
import { SimStore } from '../../src/sim/store/store';

// Generated late in a UTC evening, moved to early in a morning 9 days later: the remainder of the move
// (6 h 20 min) carries part of every day's records over midnight, which is where dates could go wrong.
const GENERATED = new Date('2026-11-27T18:47:13.000Z');
const TARGET = Date.parse('2026-12-07T01:07:13.000Z');
const DELTA = TARGET - GENERATED.getTime();
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const dateOf = (iso: string) => iso.slice(0, 10);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dd-shift-'));
const cache = { platform: path.join(root, 'cache', 'platform.sqlite'), dms: path.join(root, 'cache', 'dms.sqlite') };
const moved = { platform: path.join(root, 'moved', 'platform.sqlite'), dms: path.join(root, 'moved', 'dms.sqlite') };
type Rows = Map<string, Record<string, unknown>>;
const before: { platform: Rows; dms: Rows } = { platform: new Map(), dms: new Map() };
const after: { platform: Rows; dms: Rows } = { platform: new Map(), dms: new Map() };
let rowsMoved = 0;

function readAll(file: string, into: Rows): void {
  const db = new Database(file, { readonly: true });
  try {
    for (const r of db.prepare<[], { collection: string; id: string; data: string }>('SELECT collection, id, data FROM resources').all())
      into.set(`${r.collection}/${r.id}`, JSON.parse(r.data) as Record<string, unknown>);
  } finally {
    db.close();
  }
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The record with every date and timestamp blanked: what must not change at all. */
function withoutTimes(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(/(?<![\d-])\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?(?![\d-])/g, '<t>');
  if (Array.isArray(v)) return v.map(withoutTimes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutTimes(x)]));
  return v;
}

function ofCollection<T>(rows: Rows, collection: string): [T, T][] {
  const out: [T, T][] = [];
  for (const [key, value] of rows) if (key.startsWith(`${collection}/`)) out.push([value as T, after.dms.get(key) as T]);
  return out;
}

beforeAll(async () => {
  fs.mkdirSync(path.dirname(cache.platform), { recursive: true });
  fs.mkdirSync(path.dirname(moved.platform), { recursive: true });
  const batches = generateDataset({ seed: 8, scale: 'test', now: GENERATED, sizes: { dealers: 30, skus: 90, orders: 900 } });
  await writeSeededStores(path.dirname(cache.platform), batches, GENERATED, 'demo');
  readAll(cache.platform, before.platform);
  readAll(cache.dms, before.dms);
  rowsMoved = (await copyShifted(cache, moved, GENERATED.getTime(), TARGET)).rows;
  readAll(moved.platform, after.platform);
  readAll(moved.dms, after.dms);
}, 60_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('moving a cached dataset to end now', () => {
  it('moves every timestamp by exactly the same amount, so the newest history is just before the target', () => {
    expect(rowsMoved).toBe(before.platform.size + before.dms.size);
    let newest = 0;
    for (const system of ['platform', 'dms'] as const) {
      expect([...after[system].keys()]).toEqual([...before[system].keys()]);
      for (const [key, old] of before[system]) {
        const stamps = strings(old).filter((s) => DATE_TIME.test(s));
        const moved = strings(after[system].get(key)).filter((s) => DATE_TIME.test(s));
        expect(
          moved.map((s) => Date.parse(s)),
          key,
        ).toEqual(stamps.map((s) => Date.parse(s) + DELTA));
        for (const s of moved) newest = Math.max(newest, Date.parse(s));
      }
    }
    expect(newest).toBeLessThanOrEqual(TARGET);
    // The generator's newest records (stock counts, recent orders) are within hours of its moment.
    expect(newest).toBeGreaterThan(TARGET - 12 * 3_600_000);
  });

  it('changes nothing but dates and timestamps (numbers, ids, order numbers stay), and the figures that age with today', () => {
    // Ageing figures depend on today versus each due date; they are recomputed (checked below).
    const figures = ['balance', 'unbilled', 'overdue', 'oldest_overdue_days', 'ageing', 'exposure'];
    const comparable = (key: string, record: unknown) =>
      withoutTimes(
        key.startsWith('accounts/') || key.startsWith('credit/')
          ? Object.fromEntries(Object.entries(record as object).filter(([k]) => !figures.includes(k)))
          : record,
      );
    for (const system of ['platform', 'dms'] as const)
      for (const [key, old] of before[system]) expect(comparable(key, after[system].get(key)), key).toEqual(comparable(key, old));
    const order = [...before.platform.values()].find((r) => typeof r.number === 'string' && String(r.number).startsWith('SO-'));
    expect(order).toBeDefined();
    expect(after.platform.get(`orders/${String(order?.id)}`)?.number).toBe(order?.number);
  });

  it("keeps each date's distance from its record's own moment", () => {
    const invoices = ofCollection<Dms.Invoice>(before.dms, 'invoices');
    expect(invoices.length).toBeGreaterThan(100);
    for (const [old, now] of invoices)
      expect(daysBetween(dateOf(now.issued_at), now.due_date), old.id).toBe(daysBetween(dateOf(old.issued_at), old.due_date));
    let shipments = 0;
    for (const [old, now] of ofCollection<Dms.Order>(before.dms, 'orders')) {
      old.shipments.forEach((s, i) => {
        const m = now.shipments[i];
        if (!s.eta || !m?.eta) return;
        shipments += 1;
        expect(daysBetween(dateOf(m.dispatched_at), m.eta), s.id).toBe(daysBetween(dateOf(s.dispatched_at), s.eta));
      });
    }
    expect(shipments).toBeGreaterThan(100);
    for (const [old, now] of ofCollection<Dms.CreditOverride>(before.dms, 'credit_overrides'))
      expect(daysBetween(dateOf(now.created_at), now.valid_until ?? '')).toBe(daysBetween(dateOf(old.created_at), old.valid_until ?? ''));
    let requested = 0;
    for (const [key, o] of before.platform) {
      const old = o as unknown as Platform.Order;
      if (!key.startsWith('orders/') || !old.requested_delivery_date) continue;
      const now = after.platform.get(key) as unknown as Platform.Order;
      requested += 1;
      expect(daysBetween(dateOf(now.placed_at), now.requested_delivery_date ?? '')).toBe(
        daysBetween(dateOf(old.placed_at), old.requested_delivery_date),
      );
    }
    expect(requested).toBeGreaterThan(10);
  });

  it('moves a date inside a message with its record, and calendar dates with today', () => {
    let messages = 0;
    for (const [key, s] of before.platform) {
      const old = s as unknown as Platform.DealerStatus;
      if (!key.startsWith('dealer_statuses/') || !old.eta || !old.message.includes(old.eta)) continue;
      const now = after.platform.get(key) as unknown as Platform.DealerStatus;
      messages += 1;
      expect(now.message).toBe(old.message.replace(old.eta, now.eta ?? ''));
    }
    expect(messages).toBeGreaterThan(10);
    const oldToday = dateOf(GENERATED.toISOString());
    const newToday = dateOf(new Date(TARGET).toISOString());
    let prices = 0;
    for (const [key, p] of before.platform) {
      const old = p as unknown as Platform.Price;
      if (!key.startsWith('prices/') || !old.valid_from) continue;
      const now = after.platform.get(key) as unknown as Platform.Price;
      prices += 1;
      expect(daysBetween(newToday, now.valid_from ?? '')).toBe(daysBetween(oldToday, old.valid_from));
    }
    expect(prices).toBeGreaterThan(0);
  });

  it('makes the account figures true at the new today and the credit positions equal to them', () => {
    const clock = new SimClock(new Date(TARGET), 0);
    const platform = new SimStore(moved.platform, platformCollections);
    const dmsStore = new SimStore(moved.dms, dmsCollections);
    try {
      const dms = new DmsDomain(dmsStore, clock);
      for (const a of dmsStore.query<Dms.Account>("SELECT data FROM resources WHERE collection = 'accounts'")) {
        const f = dms.computeFigures(a.dealer_code);
        expect({ balance: a.balance, unbilled: a.unbilled, ageing: a.ageing, oldest: a.oldest_overdue_days }).toEqual({
          balance: f.balance,
          unbilled: f.unbilled,
          ageing: f.ageing,
          oldest: f.oldest_overdue_days,
        });
      }
      let credits = 0;
      for (const c of platform.query<Platform.Credit>("SELECT data FROM resources WHERE collection = 'credit'")) {
        const account = platform.get<Platform.Account>('accounts', c.account_id);
        const a = account ? dmsStore.get<Dms.Account>('accounts', account.code) : undefined;
        if (!a) continue;
        credits += 1;
        expect(c).toMatchObject({
          credit_limit: a.credit_limit,
          exposure: a.balance + a.unbilled,
          overdue: a.overdue,
          oldest_overdue_days: a.oldest_overdue_days,
          blocked: a.blocked,
          source_version: a.version,
        });
      }
      expect(credits).toBeGreaterThan(0);
      for (const s of [platform, dmsStore]) {
        expect(s.getMeta('clock_ms')).toBe(String(TARGET));
        expect(s.getMeta('history_until_ms')).toBe(String(TARGET));
        expect(s.eventCount()).toBe(0);
      }
      expect(dmsStore.getMeta('ageing_date')).toBe('2026-12-07');
    } finally {
      platform.close();
      dmsStore.close();
    }
  });

  it('leaves nothing behind when the copy fails or is aborted', async () => {
    const dest = { platform: path.join(root, 'failed', 'platform.sqlite'), dms: path.join(root, 'failed', 'dms.sqlite') };
    fs.mkdirSync(path.dirname(dest.platform), { recursive: true });
    const broken = { platform: cache.platform, dms: path.join(root, 'missing.sqlite') };
    await expect(copyShifted(broken, dest, GENERATED.getTime(), TARGET)).rejects.toThrow();
    expect(fs.readdirSync(path.dirname(dest.platform))).toEqual([]);
    // A stop request while it runs (the desk closing during a first start): it gives up between chunks.
    const abort = new AbortController();
    const moving = copyShifted(cache, dest, GENERATED.getTime(), TARGET, abort.signal);
    abort.abort();
    await expect(moving).rejects.toThrow(/aborted/);
    expect(fs.readdirSync(path.dirname(dest.platform))).toEqual([]);
  });
});

describe('the record shifter', () => {
  it('moves timestamps exactly and dates by the days their moment crossed; longer numbers are not dates', () => {
    const shift = recordShifter(6 * 3_600_000, Date.parse('2026-03-10T12:00:00Z'));
    const late = '{"id":"inv-1","number":"INV-2026-000123-1","issued_at":"2026-03-10T20:30:00.000Z","due_date":"2026-04-09"}';
    expect(shift('dms', 'invoices', late)).toBe(
      '{"id":"inv-1","number":"INV-2026-000123-1","issued_at":"2026-03-11T02:30:00.000Z","due_date":"2026-04-10"}',
    );
    const early = '{"id":"inv-2","issued_at":"2026-03-10T05:00:00.000Z","due_date":"2026-04-09"}';
    expect(shift('dms', 'invoices', early)).toBe('{"id":"inv-2","issued_at":"2026-03-10T11:00:00.000Z","due_date":"2026-04-09"}');
    const status =
      '{"published_at":"2026-03-10T23:00:00.000Z","message":"Dispatched: SO-2026-000501 via Gati, expected 2026-03-12.","eta":"2026-03-12"}';
    expect(shift('platform', 'dealer_statuses', status)).toBe(
      '{"published_at":"2026-03-11T05:00:00.000Z","message":"Dispatched: SO-2026-000501 via Gati, expected 2026-03-13.","eta":"2026-03-13"}',
    );
    // A shipment's ETA follows its own dispatch, not the order's creation.
    const order =
      '{"expected_dispatch_date":"2026-03-12","shipments":[{"dispatched_at":"2026-03-11T19:00:00.000Z","eta":"2026-03-13"}],"created_at":"2026-03-10T08:00:00.000Z"}';
    expect(shift('dms', 'orders', order)).toBe(
      '{"expected_dispatch_date":"2026-03-12","shipments":[{"dispatched_at":"2026-03-12T01:00:00.000Z","eta":"2026-03-14"}],"created_at":"2026-03-10T14:00:00.000Z"}',
    );
  });
});
