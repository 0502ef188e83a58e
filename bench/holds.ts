// The credit hold desk at bench scale: the whole hold queue through the API (`credit.holds`: every held
// order with its approvals, what the caller's approval would do, the stale-decision flags and this desk's
// pending decisions) and one hold's detail (`credit.hold`: exposure by the platform's formula, the dealer's
// history), each beside the raw SQL that reads the same rows (the held orders with their dealer and DMS
// account; the order, its dealer's account, open invoices and payments). Both run on the same connection,
// alternating which goes first.
import type { Backend } from '../src/main/backend';
import { summarise, type Timing } from './measure';

export interface HoldsBenchResult {
  holds: number;
  queue: { api: Timing; raw: Timing; ratio: number };
  /** null when the replica holds no order on credit hold. */
  detail: { api: Timing; raw: Timing; ratio: number; orders: number } | null;
}

/** A credit manager signed in: the hold desk's procedures are theirs, and their part is computed per hold. */
async function creditSession(backend: Backend): Promise<string> {
  const { staff } = await backend.services.staff.create(
    { username: 'bench.credit', displayName: 'Bench Credit Manager', password: 'bench password 1', roles: ['credit_manager'] },
    null,
  );
  return backend.services.sessions.open(staff.id);
}

export async function benchHolds(backend: Backend, opts: { samples?: number; sessionToken?: string } = {}): Promise<HoldsBenchResult> {
  const samples = opts.samples ?? 50;
  const sqlite = backend.sqlite;
  const sessionToken = opts.sessionToken ?? (await creditSession(backend));
  const call = async (procedure: string, input: unknown) => {
    const result = await backend.dispatch(procedure, input, { sessionToken });
    if (!result.ok) throw new Error(`${procedure}: ${result.error.kind}: ${result.error.message}`);
    return result.value;
  };
  const rawQueue = sqlite.prepare(
    `SELECT o.id, o.number, o.version, o.total, o.placed_at, o.hold_reasons, o.credit_limit, o.credit_exposure, o.raw,
            a.code, a.name, a.region, d.version AS dms_version, d.credit_limit AS dms_limit, d.blocked, d.oldest_overdue_days
     FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id LEFT JOIN dms_accounts d ON d.dealer_code = a.code
     WHERE o.status = 'credit_hold' ORDER BY o.dealer_waiting DESC, o.placed_at, o.id`,
  );
  const rawOrder = sqlite.prepare(
    `SELECT o.raw, a.code, d.* FROM platform_orders o LEFT JOIN platform_accounts a ON a.id = o.account_id
     LEFT JOIN dms_accounts d ON d.dealer_code = a.code WHERE o.id = ?`,
  );
  const rawInvoices = sqlite.prepare(
    `SELECT number, due_date, outstanding FROM dms_invoices WHERE dealer_code = ? AND status IN ('open', 'partially_paid') ORDER BY due_date LIMIT 100`,
  );
  const rawPayments = sqlite.prepare(
    'SELECT received_at, amount FROM dms_payments WHERE dealer_code = ? ORDER BY received_at DESC LIMIT 200',
  );
  const rawDetail = (id: string) => {
    const row = rawOrder.get(id) as { raw: string; code: string | null } | undefined;
    JSON.parse(row?.raw ?? '{}');
    return [rawInvoices.all(row?.code ?? ''), rawPayments.all(row?.code ?? '')];
  };
  const held = sqlite
    .prepare(`SELECT id FROM platform_orders WHERE status = 'credit_hold' ORDER BY placed_at LIMIT 50`)
    .pluck()
    .all() as string[];

  const timed = async (into: number[], run: () => unknown) => {
    const t = performance.now();
    await run();
    into.push(performance.now() - t);
  };
  // Warm-up: prepared statements on both sides.
  await call('credit.holds', {});
  rawQueue.all();
  const queue = { api: [] as number[], raw: [] as number[] };
  for (let i = 0; i < samples; i++) {
    const runApi = () => call('credit.holds', {});
    const runRaw = () => rawQueue.all().map((r) => JSON.parse((r as { raw: string }).raw) as unknown);
    if (i % 2 === 0) {
      await timed(queue.api, runApi);
      await timed(queue.raw, runRaw);
    } else {
      await timed(queue.raw, runRaw);
      await timed(queue.api, runApi);
    }
  }
  const detail = { api: [] as number[], raw: [] as number[] };
  for (let i = 0; i < Math.min(samples, held.length * 4) && held.length > 0; i++) {
    const id = held[i % held.length]!;
    if (i % 2 === 0) {
      await timed(detail.api, () => call('credit.hold', { orderId: id }));
      await timed(detail.raw, () => rawDetail(id));
    } else {
      await timed(detail.raw, () => rawDetail(id));
      await timed(detail.api, () => call('credit.hold', { orderId: id }));
    }
  }
  const q = { api: summarise(queue.api), raw: summarise(queue.raw) };
  const d = { api: summarise(detail.api), raw: summarise(detail.raw) };
  return {
    holds: (sqlite.prepare(`SELECT count(*) FROM platform_orders WHERE status = 'credit_hold'`).pluck().get() as number) ?? 0,
    queue: { ...q, ratio: Number((q.api.p95 / q.raw.p95).toFixed(2)) },
    detail: held.length === 0 ? null : { ...d, ratio: Number((d.api.p95 / d.raw.p95).toFixed(2)), orders: held.length },
  };
}
