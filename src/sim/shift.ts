// Moves a seeded (cached) dataset in time so that its newest history sits just before the moment the
// servers start, however long ago the cache was generated. Every timestamp moves by the same exact
// amount; a date moves by the whole days that its record's own moment crossed, so the relations the
// generator made hold exactly (an invoice due `terms` days after its issue, a shipment's ETA some days
// after its dispatch, a requested delivery date after the order). Calendar dates that belong to no moment
// (price validity) move with "today". Runs on a fresh copy before it is put in place: nothing has been
// served from it, so no version changes and no feed events are needed, and a crash leaves no half-moved
// store behind.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Dms, Platform } from '../shared/contracts';
import { SimClock } from './clock';
import { DmsDomain, dmsCollections } from './dms/domain';
import { platformCollections } from './platform/domain';
import { SimStore } from './store/store';

const DAY = 86_400_000;
/**
 * A date, alone ("2026-03-14", also inside text: "expected 2026-03-14.") or starting a UTC timestamp; never
 * part of a longer number such as SO-2026-000123 (the look-behind) or of another date-like token.
 */
const DATE_OR_TIME = /(?<![\d-])(\d{4}-\d{2}-\d{2})(?:(T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)|(?![\d\-T]))/g;

/** The moment whose whole days a record's dates follow, per collection (absent: they follow "today"). */
const ANCHOR_FIELD: Record<'platform' | 'dms', Partial<Record<string, string>>> = {
  platform: { orders: 'placed_at', dealer_statuses: 'published_at' },
  dms: { orders: 'created_at', invoices: 'issued_at', credit_overrides: 'created_at' },
};
/**
 * A nested object with its own moment: a shipment's ETA follows its dispatch. The stores keep the
 * domain's key order, in which a shipment's `eta` comes after its `dispatched_at`.
 */
const NESTED_ANCHOR = '"dispatched_at":"';

/**
 * Shifts the dates and timestamps in one record's JSON text. Pure string work (no JSON parse, no Date
 * objects per timestamp): a demo-scale dataset has about a million of them.
 */
export function recordShifter(
  deltaMs: number,
  calendarFromMs: number,
): (system: 'platform' | 'dms', collection: string, json: string) => string {
  const dayIndexOf = new Map<string, number>();
  const dateOfIndex = new Map<number, string>();
  const dayIndex = (date: string): number => {
    let i = dayIndexOf.get(date);
    if (i === undefined) {
      i = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
      dayIndexOf.set(date, i);
    }
    return i;
  };
  const dateOf = (index: number): string => {
    let d = dateOfIndex.get(index);
    if (d === undefined) {
      d = new Date(index * DAY).toISOString().slice(0, 10);
      dateOfIndex.set(index, d);
    }
    return d;
  };
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));
  /** 'T10:05:00.000Z' -> ms since midnight */
  const timeOfDay = (t: string): number => {
    const ms = t.length > 10 ? Number(t.slice(10, t.length - 1).padEnd(3, '0')) : 0;
    return ((Number(t.slice(1, 3)) * 60 + Number(t.slice(4, 6))) * 60 + Number(t.slice(7, 9))) * 1000 + ms;
  };
  const momentOf = (date: string, time: string) => dayIndex(date) * DAY + timeOfDay(time);
  const daysCrossed = (ms: number) => Math.floor((ms + deltaMs) / DAY) - Math.floor(ms / DAY);
  const format = (ms: number): string => {
    const index = Math.floor(ms / DAY);
    let rest = ms - index * DAY;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    return `${dateOf(index)}T${two(Math.floor(rest / 60))}:${two(rest % 60)}:${two(sec)}.${three(milli)}Z`;
  };
  const calendarDays = daysCrossed(calendarFromMs);

  return (system, collection, json) => {
    let days = calendarDays;
    const field = ANCHOR_FIELD[system][collection];
    if (field) {
      const at = json.indexOf(`"${field}":"`);
      if (at >= 0) {
        const value = json.slice(at + field.length + 4, at + field.length + 4 + 24);
        const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)/.exec(value);
        if (m?.[1] && m[2]) days = daysCrossed(momentOf(m[1], m[2]));
      }
    }
    return json.replace(DATE_OR_TIME, (_match: string, date: string, time: string | undefined, offset: number) => {
      if (time === undefined) return dateOf(dayIndex(date) + days);
      const moment = momentOf(date, time);
      if (offset >= NESTED_ANCHOR.length && json.startsWith(NESTED_ANCHOR, offset - NESTED_ANCHOR.length)) days = daysCrossed(moment);
      return format(moment + deltaMs);
    });
  };
}

export interface ShiftStats {
  rows: number;
  ms: number;
}

/** Rows moved per statement; between two, the event loop runs (a stop request is heard) and `signal` is checked. */
const CHUNK = 5000;

/**
 * Copies a cached pair of stores to `dest` with their history moved from `fromMs` to end at `toMs`. The
 * copies are built beside their destination and renamed in, so a crash or an abort (`signal`) leaves
 * either nothing or a complete store. Afterwards the DMS account figures (ageing) are true at the new
 * "today", and the platform's copy of them (credit positions) equals them again, as the dataset promises.
 */
export async function copyShifted(
  source: { platform: string; dms: string },
  dest: { platform: string; dms: string },
  fromMs: number,
  toMs: number,
  signal?: AbortSignal,
): Promise<ShiftStats> {
  const started = performance.now();
  const delta = toMs - fromMs;
  const temp = { platform: `${dest.platform}.shifting`, dms: `${dest.dms}.shifting` };
  let rows = 0;
  try {
    for (const system of ['platform', 'dms'] as const) {
      fs.copyFileSync(source[system], temp[system]);
      if (delta === 0) continue;
      const db = new Database(temp[system]);
      try {
        // A throw-away copy until it is renamed in: no journal needed.
        db.pragma('journal_mode = OFF');
        db.pragma('synchronous = OFF');
        const shift = recordShifter(delta, fromMs);
        db.function('dd_shift_record', { deterministic: true }, (collection: unknown, data: unknown) =>
          shift(system, String(collection), String(data)),
        );
        const update = db.prepare<[number, number]>(
          'UPDATE resources SET data = dd_shift_record(collection, data) WHERE rowid > ? AND rowid <= ?',
        );
        const last = (db.prepare('SELECT max(rowid) FROM resources').pluck().get() as number | null) ?? 0;
        for (let after = 0; after < last; after += CHUNK) {
          if (signal?.aborted) throw new Error('moving the dataset to now was aborted');
          rows += update.run(after, after + CHUNK).changes;
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        db.close();
      }
    }
    const platform = new SimStore(temp.platform, platformCollections);
    const dms = new SimStore(temp.dms, dmsCollections);
    try {
      new DmsDomain(dms, new SimClock(new Date(toMs), 0)).recomputeAccountsSilently();
      mirrorCreditPositions(platform, dms);
      for (const store of [platform, dms]) {
        store.setMeta('clock_ms', String(toMs));
        store.setMeta('history_until_ms', String(toMs));
        store.db.pragma('wal_checkpoint(TRUNCATE)');
        store.db.pragma('journal_mode = DELETE');
      }
    } finally {
      platform.close();
      dms.close();
    }
    fs.renameSync(temp.dms, dest.dms);
    fs.renameSync(temp.platform, dest.platform);
  } catch (err) {
    for (const file of [temp.platform, temp.dms]) for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
  return { rows, ms: performance.now() - started };
}

function mirrorCreditPositions(platform: SimStore, dms: SimStore): void {
  platform.transaction(() => {
    for (const credit of platform.query<Platform.Credit>("SELECT data FROM resources WHERE collection = 'credit' ORDER BY id")) {
      const account = platform.get<Platform.Account>('accounts', credit.account_id);
      const dmsAccount = account ? dms.get<Dms.Account>('accounts', account.code) : undefined;
      if (!dmsAccount) continue;
      const next: Platform.Credit = {
        ...credit,
        credit_limit: dmsAccount.credit_limit,
        exposure: dmsAccount.balance + dmsAccount.unbilled,
        overdue: dmsAccount.overdue,
        oldest_overdue_days: dmsAccount.oldest_overdue_days,
        blocked: dmsAccount.blocked,
      };
      if (JSON.stringify(next) !== JSON.stringify(credit)) platform.putSilently('credit', next);
    }
  });
}
