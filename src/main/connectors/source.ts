// Reading a source system's change feed and snapshots, with every incoming record validated against the
// contract. Invalid records are split out for quarantine so one bad record never blocks the stream.
import { checkAgainst, type ContractName, type ContractIssue } from '../../shared/contracts/validate';
import type { HttpClient, HttpOutcome } from './http';

/** A record that passed validation: a full resource snapshot (or a deletion carrying only its id). */
export interface IncomingRecord {
  resourceType: string;
  id: string;
  version: number;
  deleted: boolean;
  /** The resource as received (unknown fields kept in raw, ignored by typed columns). */
  data: Record<string, unknown>;
}

export interface QuarantinedRecord {
  /** e.g. 'event' or 'snapshot:orders' */
  kind: string;
  raw: unknown;
  error: string;
}

export interface FeedPage {
  records: IncomingRecord[];
  quarantined: QuarantinedRecord[];
  nextCursor: string;
  hasMore: boolean;
}

export interface SnapshotPage {
  records: IncomingRecord[];
  quarantined: QuarantinedRecord[];
  nextPageToken: string | null;
  /** Present on the first page only: the feed position taken before the snapshot began. */
  eventsCursor: string | null;
}

export interface ResourceSpec {
  /** Component schema name in the contract. */
  schema: string;
  /** The field that identifies the resource. */
  idField: string;
}

/** Per system: resource type (as in Event.resource.type) -> schema and key; snapshot collection -> resource type. */
export interface SourceSpec {
  system: ContractName;
  resources: Record<string, ResourceSpec>;
  collections: Record<string, string>;
}

export const platformSource: SourceSpec = {
  system: 'platform',
  resources: {
    account: { schema: 'Account', idField: 'id' },
    credit: { schema: 'Credit', idField: 'account_id' },
    product: { schema: 'Product', idField: 'sku' },
    price_list: { schema: 'PriceList', idField: 'id' },
    price: { schema: 'Price', idField: 'id' },
    order: { schema: 'Order', idField: 'id' },
    dealer_status: { schema: 'DealerStatus', idField: 'id' },
  },
  collections: {
    accounts: 'account',
    credit: 'credit',
    products: 'product',
    price_lists: 'price_list',
    prices: 'price',
    orders: 'order',
    dealer_statuses: 'dealer_status',
  },
};

export const dmsSource: SourceSpec = {
  system: 'dms',
  resources: {
    account: { schema: 'Account', idField: 'dealer_code' },
    warehouse: { schema: 'Warehouse', idField: 'id' },
    stock: { schema: 'Stock', idField: 'id' },
    order: { schema: 'Order', idField: 'id' },
    invoice: { schema: 'Invoice', idField: 'id' },
    payment: { schema: 'Payment', idField: 'id' },
    return: { schema: 'Return', idField: 'id' },
    credit_override: { schema: 'CreditOverride', idField: 'id' },
  },
  collections: {
    accounts: 'account',
    warehouses: 'warehouse',
    stock: 'stock',
    orders: 'order',
    invoices: 'invoice',
    payments: 'payment',
    returns: 'return',
    credit_overrides: 'credit_override',
  },
};

function issuesText(issues: ContractIssue[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path} ${i.message}`)
    .join('; ');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates one feed event; returns the record or the reason it is quarantined. */
export function readEvent(spec: SourceSpec, raw: unknown): IncomingRecord | QuarantinedRecord {
  const envelope = checkAgainst(spec.system, 'Event', raw);
  if (envelope.length > 0 || !isObject(raw)) return { kind: 'event', raw, error: `event: ${issuesText(envelope)}` };
  const resource = raw.resource as { type: string; id: string; version: number };
  const data = raw.data as Record<string, unknown>;
  const rspec = spec.resources[resource.type];
  if (!rspec) return { kind: 'event', raw, error: `unknown resource type ${resource.type}` };
  const deleted = typeof raw.type === 'string' && raw.type.endsWith('.deleted');
  if (deleted) return { resourceType: resource.type, id: resource.id, version: resource.version, deleted: true, data };
  const issues = checkAgainst(spec.system, rspec.schema, data);
  if (issues.length > 0) return { kind: `event:${resource.type}`, raw, error: `${rspec.schema}: ${issuesText(issues)}` };
  const id = data[rspec.idField];
  if (id !== resource.id)
    return { kind: `event:${resource.type}`, raw, error: `resource id ${resource.id} does not match data.${rspec.idField}` };
  if (data.version !== resource.version)
    return { kind: `event:${resource.type}`, raw, error: `resource version ${resource.version} does not match data.version` };
  return { resourceType: resource.type, id: resource.id, version: resource.version, deleted: false, data };
}

/** Validates one snapshot item of a collection. */
export function readSnapshotItem(spec: SourceSpec, collection: string, raw: unknown): IncomingRecord | QuarantinedRecord {
  const type = spec.collections[collection];
  const rspec = type ? spec.resources[type] : undefined;
  if (!type || !rspec) return { kind: `snapshot:${collection}`, raw, error: `unknown collection ${collection}` };
  const issues = checkAgainst(spec.system, rspec.schema, raw);
  if (issues.length > 0 || !isObject(raw)) return { kind: `snapshot:${collection}`, raw, error: `${rspec.schema}: ${issuesText(issues)}` };
  return { resourceType: type, id: String(raw[rspec.idField]), version: raw.version as number, deleted: false, data: raw };
}

function isQuarantined(r: IncomingRecord | QuarantinedRecord): r is QuarantinedRecord {
  return 'error' in r;
}

/** The read side both connectors share: feed pages and snapshot pages, validated. */
export class SourceReader {
  constructor(
    readonly http: HttpClient,
    readonly spec: SourceSpec,
  ) {}

  get system(): ContractName {
    return this.spec.system;
  }

  async events(after: string | null, limit = 500): Promise<HttpOutcome<FeedPage>> {
    const res = await this.http.request<unknown>({ method: 'GET', path: '/events', query: { after: after ?? undefined, limit } });
    if (res.kind !== 'ok') return res;
    const body = res.body;
    const envelopeOk =
      isObject(body) && Array.isArray(body.events) && typeof body.next_cursor === 'string' && typeof body.has_more === 'boolean';
    if (!envelopeOk) {
      return { kind: 'retryable', status: res.status, problem: null, retryAfterMs: null, message: 'feed page does not match EventPage' };
    }
    const page: FeedPage = { records: [], quarantined: [], nextCursor: body.next_cursor as string, hasMore: body.has_more as boolean };
    for (const raw of body.events as unknown[]) {
      const r = readEvent(this.spec, raw);
      if (isQuarantined(r)) page.quarantined.push(r);
      else page.records.push(r);
    }
    return { ...res, body: page };
  }

  async snapshot(collection: string, pageToken: string | null, limit = 1000): Promise<HttpOutcome<SnapshotPage>> {
    const res = await this.http.request<unknown>({
      method: 'GET',
      path: `/snapshot/${encodeURIComponent(collection)}`,
      query: { page_token: pageToken ?? undefined, limit },
    });
    if (res.kind !== 'ok') return res;
    const body = res.body;
    if (!isObject(body) || !Array.isArray(body.data) || !(typeof body.next_page_token === 'string' || body.next_page_token === null)) {
      return {
        kind: 'retryable',
        status: res.status,
        problem: null,
        retryAfterMs: null,
        message: 'snapshot page does not match the contract',
      };
    }
    const page: SnapshotPage = {
      records: [],
      quarantined: [],
      nextPageToken: body.next_page_token,
      eventsCursor: typeof body.events_cursor === 'string' ? body.events_cursor : null,
    };
    for (const raw of body.data as unknown[]) {
      const r = readSnapshotItem(this.spec, collection, raw);
      if (isQuarantined(r)) page.quarantined.push(r);
      else page.records.push(r);
    }
    return { ...res, body: page };
  }
}
