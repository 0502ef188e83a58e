// The dealer platform's state transitions, as plain functions over its SQLite store: the HTTP server
// and the activity generator both call these, so dealers and staff act through the same rules.
//
// PlatformDomain (every change bumps version/updated_at and appends its feed event in one transaction;
// a rule violation throws ApiProblem with the contract's problem type):
//   resolvePrice(account, sku, qty, date?)          -> unit price | undefined
//   createOrder(input: Platform.OrderInput)          -> Platform.Order  (staff-entered, POST /orders rules)
//   placeDealerOrder({account_id, lines:[{sku,qty}], client_reference?, notes?, requested_delivery_date?})
//                                                    -> Platform.Order  (portal order at resolved prices)
//   cancelByDealer(orderId, reason)                  -> Platform.Order
//   addApproval(orderId, input, expectedVersion?)    -> Platform.Order
//   transition(orderId, input, expectedVersion?)     -> Platform.Order
//   publishDealerStatus(orderId, input)              -> Platform.DealerStatus
//   putCredit(accountId, input)                      -> Platform.Credit (monotonic by source_version)
//   upsertAccount(account), setAccountStatus(accountId, status), upsertProduct(product), deleteProduct(sku),
//   upsertPriceList(list), upsertPrice(price), deletePrice(priceId)
//   getAccount / getCredit / getProduct / getOrder / getOrderByReference / listDealerStatus / listOrders
import type { Platform } from '../../shared/contracts';
import { ApiProblem, problems } from '../http/problem';
import type { CollectionSpec, SimStore } from '../store/store';
import type { SimClock } from '../clock';
import { taxOf } from '../money';

type Rec = Record<string, unknown>;

export const platformCollections: Record<Platform.SnapshotCollection, CollectionSpec<never>> = {
  accounts: { resourceType: 'account', id: (r: Platform.Account) => r.id, keys: (r: Platform.Account) => ({ k1: r.code }) },
  credit: { resourceType: 'credit', id: (r: Platform.Credit) => r.account_id },
  products: { resourceType: 'product', id: (r: Platform.Product) => r.sku },
  price_lists: {
    resourceType: 'price_list',
    id: (r: Platform.PriceList) => r.id,
    keys: (r: Platform.PriceList) => ({ k1: r.account_id ?? null }),
  },
  prices: { resourceType: 'price', id: (r: Platform.Price) => r.id, keys: (r: Platform.Price) => ({ k1: `${r.price_list_id}:${r.sku}` }) },
  orders: {
    resourceType: 'order',
    id: (r: Platform.Order) => r.id,
    keys: (r: Platform.Order) => ({
      k1: r.account_id,
      k2: r.client_reference ? referenceKey(r.account_id, r.client_reference) : null,
      k3: `${r.account_id}:${r.status}`,
    }),
  },
  dealer_statuses: {
    resourceType: 'dealer_status',
    id: (r: Platform.DealerStatus) => r.id,
    keys: (r: Platform.DealerStatus) => ({ k1: r.order_id }),
  },
} as Record<Platform.SnapshotCollection, CollectionSpec<never>>;

function referenceKey(accountId: string, clientReference: string): string {
  return `${accountId}\u0000${clientReference}`;
}

export const orderTransitions: Record<Platform.OrderStatus, Platform.OrderStatus[]> = {
  received: ['in_fulfillment', 'cancelled'],
  credit_hold: ['approved', 'rejected', 'cancelled'],
  approved: ['in_fulfillment', 'cancelled'],
  in_fulfillment: ['closed'],
  rejected: [],
  cancelled: [],
  closed: [],
};

type PlacedBy = Platform.Order['placed_by'];

export interface DealerOrderInput {
  account_id: string;
  lines: { sku: string; qty: number }[];
  client_reference?: string | null;
  notes?: string | null;
  requested_delivery_date?: string | null;
}

export class PlatformDomain {
  constructor(
    readonly store: SimStore,
    readonly clock: SimClock,
  ) {}

  private stamp<T extends { version: number; updated_at: string }>(next: Omit<T, 'version' | 'updated_at'>, prev?: { version: number }): T {
    return { ...next, version: (prev?.version ?? 0) + 1, updated_at: this.clock.now().toISOString() } as T;
  }

  private tx<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  private newId(collection: string, prefix: string, counter: string): string {
    for (;;) {
      const id = `${prefix}${String(this.store.nextCounter(counter)).padStart(7, '0')}`;
      if (!this.store.get(collection, id)) return id;
    }
  }

  // ---- reads ----------------------------------------------------------------------------------------

  getAccount(id: string): Platform.Account | undefined {
    return this.store.get<Platform.Account>('accounts', id);
  }
  getAccountByCode(code: string): Platform.Account | undefined {
    return this.store.findBy<Platform.Account>('accounts', 'k1', code)[0];
  }
  getCredit(accountId: string): Platform.Credit | undefined {
    return this.store.get<Platform.Credit>('credit', accountId);
  }
  getProduct(sku: string): Platform.Product | undefined {
    return this.store.get<Platform.Product>('products', sku);
  }
  getOrder(id: string): Platform.Order | undefined {
    return this.store.get<Platform.Order>('orders', id);
  }
  getOrderByReference(accountId: string, clientReference: string): Platform.Order | undefined {
    return this.store.findBy<Platform.Order>('orders', 'k2', referenceKey(accountId, clientReference))[0];
  }
  listOrders(accountId: string, status?: Platform.OrderStatus): Platform.Order[] {
    return status
      ? this.store.findBy<Platform.Order>('orders', 'k3', `${accountId}:${status}`)
      : this.store.findBy<Platform.Order>('orders', 'k1', accountId);
  }
  listDealerStatus(orderId: string): Platform.DealerStatus[] {
    return this.store
      .findBy<Platform.DealerStatus>('dealer_statuses', 'k1', orderId)
      .sort((a, b) => (a.published_at < b.published_at ? -1 : a.published_at > b.published_at ? 1 : a.id < b.id ? -1 : 1));
  }

  /** Largest min_qty <= qty valid on `date` in the account's list, else in "base"; undefined = unpriced. */
  resolvePrice(account: Platform.Account, sku: string, qty: number, date = this.clock.today()): number | undefined {
    const lists = account.price_list_id === 'base' ? ['base'] : [account.price_list_id, 'base'];
    for (const listId of lists) {
      let best: Platform.Price | undefined;
      for (const p of this.store.findBy<Platform.Price>('prices', 'k1', `${listId}:${sku}`)) {
        if (p.min_qty > qty) continue;
        if (p.valid_from && p.valid_from > date) continue;
        if (p.valid_to && p.valid_to < date) continue;
        if (!best || p.min_qty > best.min_qty) best = p;
      }
      if (best) return best.unit_price;
    }
    return undefined;
  }

  // ---- orders ---------------------------------------------------------------------------------------

  /** POST /orders: a staff-entered order, every placement rule in the contract's order. */
  createOrder(input: Platform.OrderInput): Platform.Order {
    return this.place(input, { type: 'staff', id: input.placed_by.id, name: input.placed_by.name }, input.channel);
  }

  /** A dealer ordering on the portal: lines at the prices the portal shows (the resolved ones). */
  placeDealerOrder(input: DealerOrderInput): Platform.Order {
    const account = this.getAccount(input.account_id);
    const lines = input.lines.map((l) => ({
      sku: l.sku,
      qty: l.qty,
      unit_price: account ? (this.resolvePrice(account, l.sku, l.qty) ?? 0) : 0,
    }));
    const order: Platform.OrderInput = {
      account_id: input.account_id,
      channel: 'phone',
      placed_by: { id: account?.code ?? input.account_id, name: account?.name ?? input.account_id },
      client_reference: input.client_reference ?? '',
      lines,
    };
    if (input.notes) order.notes = input.notes;
    if (input.requested_delivery_date) order.requested_delivery_date = input.requested_delivery_date;
    return this.place(
      order,
      { type: 'dealer', id: account?.code ?? input.account_id, name: account?.name ?? input.account_id },
      'portal',
      input.client_reference ?? null,
    );
  }

  private place(
    input: Platform.OrderInput,
    placedBy: PlacedBy,
    channel: Platform.Order['channel'],
    clientReference: string | null = input.client_reference,
  ): Platform.Order {
    return this.tx(() => {
      if (input.lines.length === 0) throw emptyOrder();
      const account = this.getAccount(input.account_id);
      if (!account)
        throw new ApiProblem(422, 'unknown-account', 'Unknown account', `No account ${input.account_id}`, { account_id: input.account_id });
      if (clientReference) {
        const existing = this.getOrderByReference(account.id, clientReference);
        if (existing)
          throw new ApiProblem(
            409,
            'duplicate-client-reference',
            'Duplicate client reference',
            `Order ${existing.number} already has this reference`,
            {
              existing_order_id: existing.id,
            },
          );
      }
      if (account.status !== 'active')
        throw new ApiProblem(422, 'account-suspended', 'Account suspended', `Account ${account.code} is suspended`, {
          account_id: account.id,
        });

      const today = this.clock.today();
      const lines: Platform.OrderLine[] = [];
      const expected: { line_no: number; sku: string; unit_price: number }[] = [];
      input.lines.forEach((l, i) => {
        const lineNo = i + 1;
        const product = this.getProduct(l.sku);
        const ext = { line_no: lineNo, sku: l.sku };
        if (!product) throw new ApiProblem(422, 'unknown-sku', 'Unknown SKU', `Line ${lineNo}: no product ${l.sku}`, ext);
        if (!product.active)
          throw new ApiProblem(422, 'inactive-sku', 'Inactive SKU', `Line ${lineNo}: ${l.sku} is not sold any more`, ext);
        if (l.qty < product.min_order_qty || l.qty % product.order_multiple !== 0)
          throw new ApiProblem(
            422,
            'invalid-quantity',
            'Invalid quantity',
            `Line ${lineNo}: ${l.sku} needs at least ${product.min_order_qty} in multiples of ${product.order_multiple}`,
            { ...ext, min_order_qty: product.min_order_qty, order_multiple: product.order_multiple },
          );
        const resolved = this.resolvePrice(account, l.sku, l.qty, today);
        if (resolved === undefined)
          throw new ApiProblem(422, 'unpriced-sku', 'Unpriced SKU', `Line ${lineNo}: ${l.sku} has no price for this account`, ext);
        const lineTotal = l.qty * l.unit_price;
        const line: Platform.OrderLine = {
          line_no: lineNo,
          sku: l.sku,
          qty: l.qty,
          unit_price: l.unit_price,
          tax_rate_bp: product.tax_rate_bp,
          line_total: lineTotal,
          tax: taxOf(lineTotal, product.tax_rate_bp),
        };
        if (l.price_override) {
          line.list_price = resolved;
          line.price_override_reason = l.price_override.reason;
        } else if (l.unit_price !== resolved) {
          expected.push({ line_no: lineNo, sku: l.sku, unit_price: resolved });
        }
        lines.push(line);
      });
      if (expected.length > 0)
        throw new ApiProblem(422, 'price-mismatch', 'Price mismatch', `${expected.length} line(s) differ from the account's price`, {
          expected,
          line_no: expected[0]?.line_no,
        });

      const subtotal = lines.reduce((s, l) => s + l.line_total, 0);
      const taxTotal = lines.reduce((s, l) => s + l.tax, 0);
      const total = subtotal + taxTotal;
      const now = this.clock.now().toISOString();
      const creditCheck = this.creditCheck(account.id, total, now);
      const id = this.newId('orders', 'po_', 'order');
      const number = `SO-${today.slice(0, 4)}-${String(this.store.nextCounter('order_number')).padStart(6, '0')}L`;
      const order: Platform.Order = this.stamp<Platform.Order>({
        id,
        number,
        account_id: account.id,
        channel,
        status: creditCheck.result === 'held' ? 'credit_hold' : 'received',
        placed_at: now,
        placed_by: placedBy,
        client_reference: clientReference,
        currency: account.currency,
        lines,
        subtotal,
        tax_total: taxTotal,
        total,
        requested_delivery_date: input.requested_delivery_date ?? null,
        notes: input.notes ?? null,
        ...(input.ship_to ? { ship_to: input.ship_to } : account.address ? { ship_to: account.address } : {}),
        credit_check: creditCheck,
        approvals: [],
        decision: null,
        fulfillment: null,
        cancellation: null,
      });
      this.store.put('orders', order, this.clock.now());
      return order;
    });
  }

  /** exposure = credit.exposure + open (received/approved) orders + this order, with every hold reason. */
  creditCheck(accountId: string, orderTotal: number, at: string): Platform.Order['credit_check'] {
    const credit = this.getCredit(accountId);
    const pending = [...this.listOrders(accountId, 'received'), ...this.listOrders(accountId, 'approved')].reduce((s, o) => s + o.total, 0);
    if (!credit) {
      const exposure = pending + orderTotal;
      return { result: 'held', checked_at: at, credit_limit: 0, exposure, available_after: -exposure, reasons: ['no_credit_position'] };
    }
    const exposure = credit.exposure + pending + orderTotal;
    const reasons: Platform.Order['credit_check']['reasons'] = [];
    if (credit.blocked) reasons.push('account_blocked');
    if (credit.oldest_overdue_days > 60) reasons.push('overdue');
    if (credit.credit_limit > 0 && exposure > credit.credit_limit) reasons.push('over_limit');
    return {
      result: reasons.length > 0 ? 'held' : 'passed',
      checked_at: at,
      credit_limit: credit.credit_limit,
      exposure,
      available_after: credit.credit_limit - exposure,
      reasons,
    };
  }

  private requireOrder(orderId: string): Platform.Order {
    const order = this.getOrder(orderId);
    if (!order) throw problems.notFound(`Order ${orderId}`);
    return order;
  }

  private checkVersion(order: { version: number }, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== order.version) throw problems.versionMismatch(order.version);
  }

  addApproval(orderId: string, input: Platform.ApprovalInput, expectedVersion?: number): Platform.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.checkVersion(order, expectedVersion);
      if (order.status !== 'credit_hold') throw problems.invalidTransition(order.status, 'approval');
      if (order.approvals.some((a) => a.by.id === input.by.id))
        throw new ApiProblem(409, 'duplicate-approval', 'Duplicate approval', `${input.by.name} has already approved this order`, {
          current_status: order.status,
        });
      const approval: Platform.Order['approvals'][number] = { by: input.by, role: input.role, at: this.clock.now().toISOString() };
      if (input.note !== undefined) approval.note = input.note;
      const next = this.stamp<Platform.Order>({ ...order, approvals: [...order.approvals, approval] }, order);
      this.store.put('orders', next, this.clock.now());
      return next;
    });
  }

  transition(orderId: string, input: Platform.TransitionInput, expectedVersion?: number): Platform.Order {
    const missing: { path: string; message: string }[] = [];
    if ((input.to === 'approved' || input.to === 'rejected') && !input.reason)
      missing.push({ path: '/reason', message: `required when to is ${input.to}` });
    if (input.to === 'in_fulfillment' && !input.dms_order_id)
      missing.push({ path: '/dms_order_id', message: 'required when to is in_fulfillment' });
    if (missing.length > 0) throw problems.invalidRequest(missing);
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.checkVersion(order, expectedVersion);
      if (!orderTransitions[order.status].includes(input.to)) throw problems.invalidTransition(order.status, input.to);
      const at = this.clock.now().toISOString();
      const next: Platform.Order = { ...order, status: input.to };
      if (input.to === 'approved' || input.to === 'rejected') {
        next.decision = { outcome: input.to, by: input.by, at, reason: input.reason ?? '' };
        if (input.reason_code) next.decision.reason_code = input.reason_code;
        if (input.reference) next.decision.reference = input.reference;
      } else if (input.to === 'cancelled') {
        next.cancellation = { by: { type: 'staff', id: input.by.id, name: input.by.name }, at };
        if (input.reason) next.cancellation.reason = input.reason;
        if (input.reason_code) next.cancellation.reason_code = input.reason_code;
      } else if (input.to === 'in_fulfillment') {
        next.fulfillment = { dms_order_id: input.dms_order_id ?? '', handed_over_at: at };
      }
      const stamped = this.stamp<Platform.Order>(next, order);
      this.store.put('orders', stamped, this.clock.now());
      return stamped;
    });
  }

  /** A dealer cancels on the portal (received, credit_hold or approved only). */
  cancelByDealer(orderId: string, reason: string): Platform.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      if (!['received', 'credit_hold', 'approved'].includes(order.status)) throw problems.invalidTransition(order.status, 'cancelled');
      const account = this.getAccount(order.account_id);
      const next = this.stamp<Platform.Order>(
        {
          ...order,
          status: 'cancelled',
          cancellation: {
            by: { type: 'dealer', id: account?.code ?? order.account_id, name: account?.name ?? order.account_id },
            at: this.clock.now().toISOString(),
            reason,
            reason_code: 'dealer_request',
          },
        },
        order,
      );
      this.store.put('orders', next, this.clock.now());
      return next;
    });
  }

  /** Its own resource: the order's version does not change. */
  publishDealerStatus(orderId: string, input: Platform.DealerStatusInput): Platform.DealerStatus {
    return this.tx(() => {
      this.requireOrder(orderId);
      const now = this.clock.now().toISOString();
      const status = this.stamp<Platform.DealerStatus>({
        ...input,
        id: this.newId('dealer_statuses', 'ds_', 'dealer_status'),
        order_id: orderId,
        published_at: now,
      });
      this.store.put('dealer_statuses', status, this.clock.now(), 'dealer_status.published');
      return status;
    });
  }

  // ---- credit and reference data ---------------------------------------------------------------------

  /** Monotonic by source_version: an older or equal one returns the stored position unchanged. */
  putCredit(accountId: string, input: Platform.CreditInput): Platform.Credit {
    return this.tx(() => {
      if (!this.getAccount(accountId)) throw unknownAccount(accountId, 404);
      const stored = this.getCredit(accountId);
      if (stored && input.source_version <= stored.source_version) return stored;
      const credit = this.stamp<Platform.Credit>(
        {
          credit_limit: input.credit_limit,
          exposure: input.exposure,
          overdue: input.overdue,
          oldest_overdue_days: input.oldest_overdue_days,
          blocked: input.blocked,
          as_of: input.as_of,
          source_version: input.source_version,
          account_id: accountId,
        },
        stored,
      );
      this.store.put('credit', credit, this.clock.now());
      return credit;
    });
  }

  private upsert<T extends { version: number; updated_at: string }>(
    collection: string,
    id: string,
    value: Omit<T, 'version' | 'updated_at'>,
  ): T {
    return this.tx(() => {
      const prev = this.store.get<T>(collection, id);
      const next = this.stamp<T>(
        { ...(value as Rec), version: undefined, updated_at: undefined } as unknown as Omit<T, 'version' | 'updated_at'>,
        prev,
      );
      this.store.put(collection, next, this.clock.now());
      return next;
    });
  }

  upsertAccount(account: Omit<Platform.Account, 'version' | 'updated_at'>): Platform.Account {
    return this.upsert<Platform.Account>('accounts', account.id, account);
  }

  setAccountStatus(accountId: string, status: Platform.Account['status']): Platform.Account {
    const account = this.getAccount(accountId);
    if (!account) throw unknownAccount(accountId, 404);
    return this.upsertAccount({ ...account, status });
  }

  upsertProduct(product: Omit<Platform.Product, 'version' | 'updated_at'>): Platform.Product {
    return this.upsert<Platform.Product>('products', product.sku, product);
  }

  deleteProduct(sku: string): void {
    this.tx(() => {
      const prev = this.getProduct(sku);
      if (!prev) throw problems.notFound(`Product ${sku}`);
      this.store.delete('products', sku, prev.version + 1, this.clock.now());
    });
  }

  upsertPriceList(list: Omit<Platform.PriceList, 'version' | 'updated_at'>): Platform.PriceList {
    return this.upsert<Platform.PriceList>('price_lists', list.id, list);
  }

  upsertPrice(price: Omit<Platform.Price, 'version' | 'updated_at' | 'id'> & { id?: string }): Platform.Price {
    const id = price.id ?? `${price.price_list_id}:${price.sku}:${price.min_qty}`;
    return this.upsert<Platform.Price>('prices', id, { ...price, id });
  }

  deletePrice(priceId: string): void {
    this.tx(() => {
      const prev = this.store.get<Platform.Price>('prices', priceId);
      if (!prev) throw problems.notFound(`Price ${priceId}`);
      this.store.delete('prices', priceId, prev.version + 1, this.clock.now());
    });
  }
}

export function emptyOrder(): ApiProblem {
  return new ApiProblem(422, 'empty-order', 'Empty order', 'An order needs at least one line');
}

export function unknownAccount(accountId: string, status: 404 | 422): ApiProblem {
  return new ApiProblem(status, 'unknown-account', 'Unknown account', `No account ${accountId}`, { account_id: accountId });
}
