// The DMS's state transitions, as plain functions over its SQLite store: the HTTP server and the
// activity generator both call these, so the warehouse, accounts and cashiers act through the same rules.
//
// DmsDomain (every change bumps version/updated_at, recomputes the dealer's account figures and appends
// the feed events in one transaction; a rule violation throws ApiProblem with the contract's type):
//   createOrder(input: Dms.OrderInput)                         -> Dms.Order   (hand-over, POST /orders rules)
//   allocate(orderId)                                          -> Dms.Order   (allocated | partially_allocated | backordered by stock)
//   startPicking(orderId)                                      -> Dms.Order
//   dispatch(orderId, {carrier, tracking_number, vehicle_no, eta, lines?}) -> {order, shipment, invoice}
//   deliver(orderId, shipmentId, partial?)                     -> Dms.Order
//   close(orderId)                                             -> Dms.Order
//   cancel(orderId, {reason, by}, expectedVersion?)            -> Dms.Order
//   recordPayment(dealerCode, amount, method, reference)       -> Dms.Payment (allocated to oldest invoices)
//   recordReturn(orderId, lines: [{sku, qty, reason}])         -> Dms.Return  (credits the order's invoices)
//   createCreditOverride(input: Dms.CreditOverrideInput)       -> Dms.CreditOverride
//   setBlocked(dealerCode, blocked), setCreditLimit(dealerCode, limit), restock(sku, warehouseId, qty),
//   writeOff(sku, warehouseId, qty) (damaged or missing at a stock count: at most what is available)
//   upsertAccount(account), upsertWarehouse(warehouse), refreshAccounts() (ageing after the date moved),
//   recomputeAccountsSilently() (after a bulk load, no events)
//   getAccount / getOrder / getOrderByPlatformOrder / listOrders / listOpenInvoices / listStock,
//   listOpenOrders() / listAllOpenInvoices() (all dealers, by index: use these rather than LIKE scans)
import type { Dms } from '../../shared/contracts';
import { ApiProblem, problems } from '../http/problem';
import type { CollectionSpec, SimStore } from '../store/store';
import { addDays, daysBetween, type SimClock } from '../clock';
import { lineValue } from '../money';

export const dmsCollections: Record<Dms.SnapshotCollection, CollectionSpec<never>> = {
  accounts: { resourceType: 'account', id: (r: Dms.Account) => r.dealer_code },
  warehouses: { resourceType: 'warehouse', id: (r: Dms.Warehouse) => r.id },
  stock: { resourceType: 'stock', id: (r: Dms.Stock) => r.id, keys: (r: Dms.Stock) => ({ k1: r.sku, k2: r.warehouse_id }) },
  orders: {
    resourceType: 'order',
    id: (r: Dms.Order) => r.id,
    keys: (r: Dms.Order) => ({
      k1: r.dealer_code,
      k2: r.platform_order_id,
      k3: `${r.dealer_code}:${openOrder(r.status) ? 'open' : 'done'}`,
    }),
  },
  invoices: {
    resourceType: 'invoice',
    id: (r: Dms.Invoice) => r.id,
    keys: (r: Dms.Invoice) => ({
      k1: r.dealer_code,
      k2: r.order_id ?? null,
      k3: `${r.dealer_code}:${r.outstanding > 0 && r.status !== 'void' ? 'open' : 'done'}`,
    }),
  },
  payments: { resourceType: 'payment', id: (r: Dms.Payment) => r.id, keys: (r: Dms.Payment) => ({ k1: r.dealer_code }) },
  returns: { resourceType: 'return', id: (r: Dms.Return) => r.id, keys: (r: Dms.Return) => ({ k1: r.dealer_code, k2: r.order_id }) },
  credit_overrides: {
    resourceType: 'credit_override',
    id: (r: Dms.CreditOverride) => r.id,
    keys: (r: Dms.CreditOverride) => ({ k1: r.dealer_code, k2: r.platform_order_id }),
  },
} as Record<Dms.SnapshotCollection, CollectionSpec<never>>;

/** Orders whose undispatched remainder still counts as unbilled. */
function openOrder(status: Dms.OrderStatus): boolean {
  return status !== 'cancelled' && status !== 'closed';
}

const cancellable: Dms.OrderStatus[] = ['open', 'allocated', 'partially_allocated', 'backordered', 'picking'];

export interface DispatchInput {
  carrier: string;
  tracking_number: string;
  vehicle_no: string;
  eta: string | null;
  /** Defaults to everything allocated and not yet dispatched. */
  lines?: { line_no: number; qty: number }[];
}

export interface ReturnLineInput {
  sku: string;
  qty: number;
  reason: Dms.Return['lines'][number]['reason'];
}

type Shipment = Dms.Order['shipments'][number];

export class DmsDomain {
  constructor(
    readonly store: SimStore,
    readonly clock: SimClock,
  ) {}

  private stamp<T extends { version: number; updated_at: string }>(
    next: Omit<T, 'version' | 'updated_at'> & Partial<Pick<T, 'version' | 'updated_at'>>,
    prev?: { version: number },
  ): T {
    return { ...next, version: (prev?.version ?? 0) + 1, updated_at: this.clock.now().toISOString() } as T;
  }

  private tx<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }

  private put(collection: string, value: object): void {
    this.store.put(collection, value, this.clock.now());
  }

  private newId(collection: string, prefix: string, counter: string): string {
    for (;;) {
      const id = `${prefix}${String(this.store.nextCounter(counter)).padStart(7, '0')}`;
      if (!this.store.get(collection, id)) return id;
    }
  }

  private number(prefix: string, counter: string): string {
    return `${prefix}-${this.clock.today().slice(0, 4)}-${String(this.store.nextCounter(counter)).padStart(6, '0')}L`;
  }

  // ---- reads ----------------------------------------------------------------------------------------

  getAccount(dealerCode: string): Dms.Account | undefined {
    return this.store.get<Dms.Account>('accounts', dealerCode);
  }
  getOrder(id: string): Dms.Order | undefined {
    return this.store.get<Dms.Order>('orders', id);
  }
  getOrderByPlatformOrder(platformOrderId: string): Dms.Order | undefined {
    return this.store.findBy<Dms.Order>('orders', 'k2', platformOrderId)[0];
  }
  listOrders(dealerCode: string): Dms.Order[] {
    return this.store.findBy<Dms.Order>('orders', 'k1', dealerCode);
  }
  listOpenInvoices(dealerCode: string): Dms.Invoice[] {
    return this.store.findBy<Dms.Invoice>('invoices', 'k3', `${dealerCode}:open`);
  }
  listStock(sku: string): Dms.Stock[] {
    return this.store.findBy<Dms.Stock>('stock', 'k1', sku);
  }
  /** Every order not yet cancelled or closed, by indexed look-ups per dealer (no scan of the order history). */
  listOpenOrders(): Dms.Order[] {
    return this.dealerCodes().flatMap((code) => this.store.findBy<Dms.Order>('orders', 'k3', `${code}:open`));
  }
  /** Every invoice with money outstanding, by indexed look-ups per dealer. */
  listAllOpenInvoices(): Dms.Invoice[] {
    return this.dealerCodes().flatMap((code) => this.listOpenInvoices(code));
  }
  private dealerCodes(): string[] {
    return this.store.db
      .prepare<[], { id: string }>("SELECT id FROM resources WHERE collection = 'accounts' ORDER BY id")
      .all()
      .map((r) => r.id);
  }
  getCreditOverride(id: string): Dms.CreditOverride | undefined {
    return this.store.get<Dms.CreditOverride>('credit_overrides', id);
  }

  private requireOrder(orderId: string): Dms.Order {
    const order = this.getOrder(orderId);
    if (!order) throw problems.notFound(`Order ${orderId}`);
    return order;
  }

  private requireAccount(dealerCode: string): Dms.Account {
    const account = this.getAccount(dealerCode);
    if (!account) throw unknownDealer(dealerCode);
    return account;
  }

  // ---- account figures -------------------------------------------------------------------------------

  /** balance, unbilled, ageing, overdue and oldest_overdue_days, recomputed from invoices and orders. */
  computeFigures(
    dealerCode: string,
    today = this.clock.today(),
  ): Pick<Dms.Account, 'balance' | 'unbilled' | 'overdue' | 'oldest_overdue_days' | 'ageing'> {
    const ageing = { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0 };
    let oldest = 0;
    for (const inv of this.listOpenInvoices(dealerCode)) {
      const late = daysBetween(inv.due_date, today);
      if (late <= 0) ageing.not_due += inv.outstanding;
      else if (late <= 30) ageing.d1_30 += inv.outstanding;
      else if (late <= 60) ageing.d31_60 += inv.outstanding;
      else if (late <= 90) ageing.d61_90 += inv.outstanding;
      else ageing.d90_plus += inv.outstanding;
      if (late > 0 && inv.outstanding > 0) oldest = Math.max(oldest, late);
    }
    const balance = ageing.not_due + ageing.d1_30 + ageing.d31_60 + ageing.d61_90 + ageing.d90_plus;
    let unbilled = 0;
    for (const order of this.store.findBy<Dms.Order>('orders', 'k3', `${dealerCode}:open`)) {
      for (const l of order.lines) unbilled += lineValue(l.qty - l.qty_dispatched, l.unit_price, l.tax_rate_bp);
    }
    return { balance, unbilled, overdue: balance - ageing.not_due, oldest_overdue_days: oldest, ageing };
  }

  /** Writes the account when a figure or a flag changed; returns it. */
  private refreshAccount(dealerCode: string, patch: Partial<Dms.Account> = {}): Dms.Account | undefined {
    const prev = this.getAccount(dealerCode);
    if (!prev) return undefined;
    const figures = this.computeFigures(dealerCode);
    const candidate = { ...prev, ...patch, ...figures };
    if (JSON.stringify({ ...candidate, version: 0, updated_at: '' }) === JSON.stringify({ ...prev, version: 0, updated_at: '' }))
      return prev;
    const next = this.stamp<Dms.Account>(candidate, prev);
    this.put('accounts', next);
    return next;
  }

  /** Re-ages every account with open invoices (called when the simulated date moves). */
  refreshAccounts(): number {
    return this.tx(() => {
      const today = this.clock.today();
      if (this.store.getMeta('ageing_date') === today) return 0;
      const dealers = this.store.db
        .prepare<[], { k1: string }>("SELECT DISTINCT k1 FROM resources WHERE collection = 'invoices' AND k3 LIKE '%:open'")
        .all();
      let changed = 0;
      for (const { k1 } of dealers) {
        const before = this.getAccount(k1)?.version;
        if (this.refreshAccount(k1)?.version !== before) changed += 1;
      }
      this.store.setMeta('ageing_date', today);
      return changed;
    });
  }

  /** After a bulk load: makes every account's figures agree with its invoices and orders, without events. */
  recomputeAccountsSilently(): void {
    this.tx(() => {
      for (const account of this.store.query<Dms.Account>("SELECT data FROM resources WHERE collection = 'accounts'")) {
        this.store.putSilently('accounts', { ...account, ...this.computeFigures(account.dealer_code) });
      }
      this.store.setMeta('ageing_date', this.clock.today());
    });
  }

  // ---- orders ---------------------------------------------------------------------------------------

  createOrder(input: Dms.OrderInput): Dms.Order {
    return this.tx(() => {
      if (input.lines.length === 0) throw emptyOrder();
      const existing = this.getOrderByPlatformOrder(input.platform_order_id);
      if (existing)
        throw new ApiProblem(
          409,
          'duplicate-order',
          'Duplicate order',
          `Platform order ${input.platform_order_id} was already handed over`,
          {
            existing_order_id: existing.id,
          },
        );
      const account = this.requireAccount(input.dealer_code);
      if (account.blocked) {
        const override = input.credit_override_id ? this.getCreditOverride(input.credit_override_id) : undefined;
        if (!override || override.platform_order_id !== input.platform_order_id || override.dealer_code !== input.dealer_code)
          throw new ApiProblem(
            422,
            'account-blocked',
            'Account blocked',
            `Account ${input.dealer_code} is on stop; name a credit override for this order`,
            {
              dealer_code: input.dealer_code,
            },
          );
      }
      input.lines.forEach((l) => {
        if (this.listStock(l.sku).length === 0)
          throw new ApiProblem(422, 'unknown-sku', 'Unknown SKU', `Line ${l.line_no}: no item ${l.sku}`, {
            line_no: l.line_no,
            sku: l.sku,
          });
        if (!Number.isInteger(l.qty) || l.qty < 1) throw invalidQuantity(l.line_no, l.sku);
      });
      const hint = input.warehouse_hint && this.store.get<Dms.Warehouse>('warehouses', input.warehouse_hint) ? input.warehouse_hint : null;
      const order = this.stamp<Dms.Order>({
        id: this.newId('orders', 'do_', 'order'),
        number: this.number('DO', 'order_number'),
        platform_order_id: input.platform_order_id,
        platform_order_number: input.platform_order_number,
        dealer_code: input.dealer_code,
        status: 'open',
        warehouse_id: hint,
        lines: input.lines.map((l) => ({
          line_no: l.line_no,
          sku: l.sku,
          qty: l.qty,
          unit_price: l.unit_price,
          tax_rate_bp: l.tax_rate_bp,
          qty_allocated: 0,
          qty_dispatched: 0,
          qty_delivered: 0,
          qty_returned: 0,
        })),
        total: input.lines.reduce((s, l) => s + lineValue(l.qty, l.unit_price, l.tax_rate_bp), 0),
        // Known once stock is allocated.
        expected_dispatch_date: null,
        shipments: [],
        cancellation: null,
        created_at: this.clock.now().toISOString(),
      });
      this.put('orders', order);
      this.refreshAccount(order.dealer_code);
      return order;
    });
  }

  private saveOrder(prev: Dms.Order, next: Omit<Dms.Order, 'version' | 'updated_at'>): Dms.Order {
    const stamped = this.stamp<Dms.Order>(next, prev);
    this.put('orders', stamped);
    return stamped;
  }

  private requireStatus(order: Dms.Order, allowed: Dms.OrderStatus[], to: string): void {
    if (!allowed.includes(order.status)) throw problems.invalidTransition(order.status, to);
  }

  private adjustStock(warehouseId: string, sku: string, onHandDelta: number, allocatedDelta: number): Dms.Stock {
    const id = `${warehouseId}:${sku}`;
    const prev = this.store.get<Dms.Stock>('stock', id);
    const onHand = (prev?.on_hand ?? 0) + onHandDelta;
    const allocated = (prev?.allocated ?? 0) + allocatedDelta;
    const next = this.stamp<Dms.Stock>(
      { id, sku, warehouse_id: warehouseId, on_hand: onHand, allocated, available: onHand - allocated },
      prev,
    );
    this.put('stock', next);
    return next;
  }

  /** Allocates what stock allows from one warehouse (the hint, or the one that covers the most). */
  allocate(orderId: string): Dms.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.requireStatus(order, ['open', 'backordered', 'partially_allocated', 'partially_dispatched'], 'allocated');
      let warehouseId = order.warehouse_id;
      if (!warehouseId) {
        let best: { id: string; covered: number } | undefined;
        const warehouses = this.store.query<Dms.Warehouse>("SELECT data FROM resources WHERE collection = 'warehouses' ORDER BY id");
        for (const w of warehouses) {
          let covered = 0;
          for (const l of order.lines) {
            const s = this.store.get<Dms.Stock>('stock', `${w.id}:${l.sku}`);
            covered += Math.min(Math.max(s?.available ?? 0, 0), l.qty - l.qty_allocated);
          }
          if (!best || covered > best.covered) best = { id: w.id, covered };
        }
        warehouseId = best?.id ?? null;
      }
      const lines = order.lines.map((l) => {
        const need = l.qty - l.qty_allocated;
        if (!warehouseId || need <= 0) return l;
        const stock = this.store.get<Dms.Stock>('stock', `${warehouseId}:${l.sku}`);
        const take = Math.min(need, Math.max(stock?.available ?? 0, 0));
        if (take > 0) this.adjustStock(warehouseId, l.sku, 0, take);
        return { ...l, qty_allocated: l.qty_allocated + take };
      });
      const full = lines.every((l) => l.qty_allocated >= l.qty);
      const some = lines.some((l) => l.qty_allocated > 0);
      const status: Dms.OrderStatus =
        order.status === 'partially_dispatched'
          ? 'partially_dispatched'
          : full
            ? 'allocated'
            : some
              ? 'partially_allocated'
              : 'backordered';
      return this.saveOrder(order, {
        ...order,
        lines,
        status,
        warehouse_id: warehouseId,
        expected_dispatch_date: addDays(this.clock.today(), full ? 2 : 7),
      });
    });
  }

  startPicking(orderId: string): Dms.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.requireStatus(order, ['allocated', 'partially_allocated'], 'picking');
      return this.saveOrder(order, { ...order, status: 'picking' });
    });
  }

  /** Ships allocated quantities and raises the shipment's invoice, due after the payment terms. */
  dispatch(orderId: string, input: DispatchInput): { order: Dms.Order; shipment: Shipment; invoice: Dms.Invoice } {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.requireStatus(order, ['picking', 'partially_dispatched'], 'dispatched');
      const account = this.requireAccount(order.dealer_code);
      const wanted = input.lines ?? order.lines.map((l) => ({ line_no: l.line_no, qty: l.qty_allocated - l.qty_dispatched }));
      const shipLines = wanted.filter((w) => w.qty > 0);
      for (const w of shipLines) {
        const line = order.lines.find((l) => l.line_no === w.line_no);
        if (!line || w.qty > line.qty_allocated - line.qty_dispatched)
          throw invalidQuantity(w.line_no, line?.sku ?? '', 'Cannot dispatch more than is allocated');
      }
      if (shipLines.length === 0)
        throw new ApiProblem(409, 'nothing-to-dispatch', 'Nothing to dispatch', 'No allocated quantity is waiting', {
          current_status: order.status,
        });
      const now = this.clock.now().toISOString();
      const shipment: Shipment = {
        id: this.newId('orders', 'shp_', 'shipment'),
        number: this.number('SH', 'shipment_number'),
        dispatched_at: now,
        carrier: input.carrier,
        tracking_number: input.tracking_number,
        vehicle_no: input.vehicle_no,
        eta: input.eta,
        delivered_at: null,
        lines: shipLines,
      };
      let amount = 0;
      const lines = order.lines.map((l) => {
        const q = shipLines.find((w) => w.line_no === l.line_no)?.qty ?? 0;
        if (q === 0) return l;
        amount += lineValue(q, l.unit_price, l.tax_rate_bp);
        if (order.warehouse_id) this.adjustStock(order.warehouse_id, l.sku, -q, -q);
        return { ...l, qty_dispatched: l.qty_dispatched + q };
      });
      const status: Dms.OrderStatus = lines.every((l) => l.qty_dispatched >= l.qty) ? 'dispatched' : 'partially_dispatched';
      const invoice = this.stamp<Dms.Invoice>({
        id: this.newId('invoices', 'inv_', 'invoice'),
        number: this.number('INV', 'invoice_number'),
        dealer_code: order.dealer_code,
        order_id: order.id,
        platform_order_id: order.platform_order_id,
        shipment_id: shipment.id,
        issued_at: now,
        due_date: addDays(this.clock.today(), account.payment_terms_days),
        amount,
        outstanding: amount,
        status: 'open',
      });
      const saved = this.saveOrder(order, { ...order, lines, status, shipments: [...order.shipments, shipment] });
      this.put('invoices', invoice);
      this.refreshAccount(order.dealer_code);
      return { order: saved, shipment, invoice };
    });
  }

  /** Marks a shipment delivered (or partly: about half of each line arrives). */
  deliver(orderId: string, shipmentId: string, partial = false): Dms.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.requireStatus(order, ['dispatched', 'partially_dispatched', 'partially_delivered'], 'delivered');
      const shipment = order.shipments.find((s) => s.id === shipmentId);
      if (!shipment) throw problems.notFound(`Shipment ${shipmentId}`);
      if (shipment.delivered_at) throw problems.invalidTransition(order.status, 'delivered');
      const now = this.clock.now().toISOString();
      const lines = order.lines.map((l) => {
        const q = shipment.lines.find((s) => s.line_no === l.line_no)?.qty ?? 0;
        const arrived = partial ? Math.floor(q / 2) : q;
        return arrived > 0 ? { ...l, qty_delivered: l.qty_delivered + arrived } : l;
      });
      const shipments = order.shipments.map((s) => (s.id === shipmentId ? { ...s, delivered_at: now } : s));
      const status: Dms.OrderStatus = lines.every((l) => l.qty_delivered >= l.qty) ? 'delivered' : 'partially_delivered';
      return this.saveOrder(order, { ...order, lines, shipments, status });
    });
  }

  close(orderId: string): Dms.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      this.requireStatus(order, ['delivered', 'partially_delivered'], 'closed');
      const saved = this.saveOrder(order, { ...order, status: 'closed' });
      this.refreshAccount(order.dealer_code);
      return saved;
    });
  }

  /** Cancels before dispatch, releasing the allocation (the one quantity that may go down). */
  cancel(orderId: string, input: Dms.CancelInput, expectedVersion?: number): Dms.Order {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      if (expectedVersion !== undefined && expectedVersion !== order.version) throw problems.versionMismatch(order.version);
      this.requireStatus(order, cancellable, 'cancelled');
      const lines = order.lines.map((l) => {
        if (l.qty_allocated > 0 && order.warehouse_id) this.adjustStock(order.warehouse_id, l.sku, 0, -l.qty_allocated);
        return { ...l, qty_allocated: 0 };
      });
      const saved = this.saveOrder(order, {
        ...order,
        lines,
        status: 'cancelled',
        cancellation: { reason: input.reason, by: input.by, at: this.clock.now().toISOString() },
      });
      this.refreshAccount(order.dealer_code);
      return saved;
    });
  }

  // ---- money ----------------------------------------------------------------------------------------

  private applyToInvoice(inv: Dms.Invoice, amount: number): Dms.Invoice {
    const outstanding = inv.outstanding - amount;
    const next = this.stamp<Dms.Invoice>(
      { ...inv, outstanding, status: outstanding === 0 ? 'paid' : outstanding < inv.amount ? 'partially_paid' : 'open' },
      inv,
    );
    this.put('invoices', next);
    return next;
  }

  /** Receives money and allocates it to the oldest open invoices first. */
  recordPayment(dealerCode: string, amount: number, method: string, reference: string): Dms.Payment {
    return this.tx(() => {
      this.requireAccount(dealerCode);
      if (!Number.isInteger(amount) || amount <= 0)
        throw problems.invalidRequest([{ path: '/amount', message: 'must be a positive integer' }]);
      let left = amount;
      const allocations: Dms.Payment['allocations'] = [];
      const open = this.listOpenInvoices(dealerCode).sort((a, b) => (a.due_date + a.issued_at < b.due_date + b.issued_at ? -1 : 1));
      for (const inv of open) {
        if (left === 0) break;
        const take = Math.min(left, inv.outstanding);
        if (take <= 0) continue;
        this.applyToInvoice(inv, take);
        allocations.push({ invoice_id: inv.id, amount: take });
        left -= take;
      }
      const payment = this.stamp<Dms.Payment>({
        id: this.newId('payments', 'pay_', 'payment'),
        dealer_code: dealerCode,
        amount,
        received_at: this.clock.now().toISOString(),
        method,
        reference,
        allocations,
      });
      this.put('payments', payment);
      this.refreshAccount(dealerCode);
      return payment;
    });
  }

  /** Takes goods back: credits the order's invoices (newest first) and restocks the warehouse. */
  recordReturn(orderId: string, lines: ReturnLineInput[]): Dms.Return {
    return this.tx(() => {
      const order = this.requireOrder(orderId);
      let credit = 0;
      const orderLines = order.lines.map((l) => ({ ...l }));
      for (const r of lines) {
        const line = orderLines.find((l) => l.sku === r.sku && l.qty_delivered - l.qty_returned >= r.qty);
        if (!line || r.qty < 1) throw invalidQuantity(0, r.sku, `Cannot return ${r.qty} of ${r.sku}: more than delivered`);
        line.qty_returned += r.qty;
        credit += lineValue(r.qty, line.unit_price, line.tax_rate_bp);
        if (order.warehouse_id) this.adjustStock(order.warehouse_id, r.sku, r.qty, 0);
      }
      let left = credit;
      const invoices = this.store.findBy<Dms.Invoice>('invoices', 'k2', order.id).sort((a, b) => (a.issued_at > b.issued_at ? -1 : 1));
      for (const inv of invoices) {
        if (left === 0) break;
        const take = Math.min(left, inv.outstanding);
        if (take > 0) {
          this.applyToInvoice(inv, take);
          left -= take;
        }
      }
      const ret = this.stamp<Dms.Return>({
        id: this.newId('returns', 'ret_', 'return'),
        number: this.number('RET', 'return_number'),
        dealer_code: order.dealer_code,
        order_id: order.id,
        platform_order_id: order.platform_order_id,
        lines,
        credit_amount: credit,
        received_at: this.clock.now().toISOString(),
      });
      this.saveOrder(order, { ...order, lines: orderLines });
      this.put('returns', ret);
      this.refreshAccount(order.dealer_code);
      return ret;
    });
  }

  createCreditOverride(input: Dms.CreditOverrideInput): Dms.CreditOverride {
    return this.tx(() => {
      this.requireAccount(input.dealer_code);
      const existing = this.store.findBy<Dms.CreditOverride>('credit_overrides', 'k2', input.platform_order_id)[0];
      if (existing)
        throw new ApiProblem(
          409,
          'duplicate-override',
          'Duplicate override',
          `Platform order ${input.platform_order_id} already has an override`,
          {
            existing_override_id: existing.id,
          },
        );
      const override = this.stamp<Dms.CreditOverride>({
        ...input,
        id: this.newId('credit_overrides', 'co_', 'credit_override'),
        created_at: this.clock.now().toISOString(),
      });
      this.put('credit_overrides', override);
      return override;
    });
  }

  // ---- accounts and stock ---------------------------------------------------------------------------

  setBlocked(dealerCode: string, blocked: boolean): Dms.Account {
    return this.tx(() => {
      this.requireAccount(dealerCode);
      return this.refreshAccount(dealerCode, { blocked }) as Dms.Account;
    });
  }

  setCreditLimit(dealerCode: string, creditLimit: number): Dms.Account {
    return this.tx(() => {
      this.requireAccount(dealerCode);
      return this.refreshAccount(dealerCode, { credit_limit: creditLimit }) as Dms.Account;
    });
  }

  restock(sku: string, warehouseId: string, qty: number): Dms.Stock {
    return this.tx(() => {
      if (!this.store.get('warehouses', warehouseId)) throw problems.notFound(`Warehouse ${warehouseId}`);
      return this.adjustStock(warehouseId, sku, qty, 0);
    });
  }

  /** Takes stock off the books (damaged, or missing at a count); never what open orders hold. */
  writeOff(sku: string, warehouseId: string, qty: number): Dms.Stock {
    return this.tx(() => {
      const stock = this.store.get<Dms.Stock>('stock', `${warehouseId}:${sku}`);
      if (!stock) throw problems.notFound(`Stock of ${sku} in ${warehouseId}`);
      if (!Number.isInteger(qty) || qty < 1 || qty > stock.available)
        throw invalidQuantity(0, sku, `Can write off 1 to ${Math.max(stock.available, 0)} of ${sku} in ${warehouseId}`);
      return this.adjustStock(warehouseId, sku, -qty, 0);
    });
  }

  /** Creates or replaces an account's master data; its figures are always recomputed. */
  upsertAccount(
    account: Pick<Dms.Account, 'dealer_code' | 'name' | 'currency' | 'credit_limit' | 'blocked' | 'payment_terms_days'>,
  ): Dms.Account {
    return this.tx(() => {
      const prev = this.getAccount(account.dealer_code);
      const next = this.stamp<Dms.Account>({ ...prev, ...account, ...this.computeFigures(account.dealer_code) }, prev);
      this.put('accounts', next);
      return next;
    });
  }

  upsertWarehouse(warehouse: Omit<Dms.Warehouse, 'version' | 'updated_at'>): Dms.Warehouse {
    return this.tx(() => {
      const prev = this.store.get<Dms.Warehouse>('warehouses', warehouse.id);
      const next = this.stamp<Dms.Warehouse>(warehouse, prev);
      this.put('warehouses', next);
      return next;
    });
  }
}

export function emptyOrder(): ApiProblem {
  return new ApiProblem(422, 'empty-order', 'Empty order', 'An order needs at least one line');
}

export function unknownDealer(dealerCode: string): ApiProblem {
  return new ApiProblem(422, 'unknown-dealer', 'Unknown dealer', `No account ${dealerCode}`, { dealer_code: dealerCode });
}

export function invalidQuantity(lineNo: number, sku: string, detail = 'Quantity must be a whole number of at least 1'): ApiProblem {
  return new ApiProblem(422, 'invalid-quantity', 'Invalid quantity', detail, { line_no: lineNo, sku });
}
