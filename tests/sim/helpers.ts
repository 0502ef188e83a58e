// Shared test client for the reference servers: every response is checked against the OpenAPI
// document (operation by method and path, response by status or default, content type, body schema)
// and mismatches are recorded, so each suite can assert there were none.
import { expect } from 'vitest';
import { contractDocuments, schemaValidator, describeErrors, type ContractName } from '../../src/shared/contracts/validate';
import { startReferenceServers, type ReferenceServerOptions, type ReferenceServers } from '../../src/sim/index';

export interface SimResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  rawBody?: string;
  idempotencyKey?: string | null;
  ifMatch?: number | string;
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const contractLog = { checked: 0, mismatches: [] as string[] };

type Json = Record<string, unknown>;

function unescapePointer(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}
function escapePointer(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Follows local $refs, returning the node and the pointer where it really lives. */
function resolve(doc: Json, pointer: string): { node: Json | undefined; pointer: string } {
  let node: unknown = doc;
  let at = '#';
  for (const seg of pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s.length > 0)) {
    while (node && typeof node === 'object' && typeof (node as Json).$ref === 'string') {
      const ref = (node as Json).$ref as string;
      const r = resolve(doc, ref);
      node = r.node;
      at = r.pointer;
    }
    node = node && typeof node === 'object' ? (node as Json)[unescapePointer(seg)] : undefined;
    at = `${at}/${seg}`;
  }
  while (node && typeof node === 'object' && typeof (node as Json).$ref === 'string') {
    const r = resolve(doc, (node as Json).$ref as string);
    node = r.node;
    at = r.pointer;
  }
  return { node: node as Json | undefined, pointer: at };
}

function findOperation(contract: ContractName, method: string, path: string): string | undefined {
  const doc = contractDocuments[contract] as unknown as { paths: Record<string, Json> };
  const candidates = Object.keys(doc.paths)
    .filter((template) => {
      const re = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return re.test(path) && doc.paths[template]?.[method.toLowerCase()] !== undefined;
    })
    .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const t = candidates[0];
  return t === undefined ? undefined : `#/paths/${escapePointer(t)}/${method.toLowerCase()}`;
}

/** Returns the contract problems with this response (empty when it conforms). */
export function checkResponse(
  contract: ContractName,
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const doc = contractDocuments[contract] as unknown as Json;
  const op = findOperation(contract, method, path);
  const where = `${contract} ${method} ${path} -> ${status}`;
  if (!op) {
    // Not an operation of the contract (unknown route): still must be a problem document.
    if (!contentType.startsWith('application/problem+json')) return [`${where}: no operation and not a problem`];
    const v = schemaValidator(contract, 'Problem');
    return v(body) ? [] : [`${where}: ${JSON.stringify(describeErrors(v.errors))}`];
  }
  const responses = resolve(doc, `${op}/responses`).node ?? {};
  const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : undefined;
  if (!key) return [`${where}: status not in contract`];
  const response = resolve(doc, `${op}/responses/${key}`);
  const content = (response.node?.content ?? {}) as Json;
  const mediaType = contentType.split(';')[0]?.trim() ?? '';
  if (!(mediaType in content)) return [`${where}: content type ${mediaType || '(none)'} not in ${Object.keys(content).join(', ')}`];
  const schema = resolve(doc, `${response.pointer}/content/${escapePointer(mediaType)}/schema`);
  const validate = schemaValidator(contract, schema.pointer);
  const out: string[] = [];
  if (!validate(body)) out.push(`${where}: ${JSON.stringify(describeErrors(validate.errors))}`);
  if (status === 200 && op.endsWith('/get')) out.push(...checkResources(contract, path, body).map((m) => `${where}: ${m}`));
  if (mediaType === 'application/problem+json') {
    const p = body as Json;
    if (typeof p.type !== 'string' || !p.type.startsWith('/problems/')) out.push(`${where}: problem type ${String(p.type)}`);
    if (p.status !== status) out.push(`${where}: problem status ${String(p.status)}`);
  }
  return out;
}

// The contract types snapshot items and event data only as `object`; the servers promise resources.
const resourceSchemas: Record<ContractName, Record<string, string>> = {
  platform: {
    account: 'Account',
    credit: 'Credit',
    product: 'Product',
    price_list: 'PriceList',
    price: 'Price',
    order: 'Order',
    dealer_status: 'DealerStatus',
  },
  dms: {
    account: 'Account',
    warehouse: 'Warehouse',
    stock: 'Stock',
    order: 'Order',
    invoice: 'Invoice',
    payment: 'Payment',
    return: 'Return',
    credit_override: 'CreditOverride',
  },
};
const collectionTypes: Record<string, string> = {
  accounts: 'account',
  credit: 'credit',
  products: 'product',
  price_lists: 'price_list',
  prices: 'price',
  orders: 'order',
  dealer_statuses: 'dealer_status',
  warehouses: 'warehouse',
  stock: 'stock',
  invoices: 'invoice',
  payments: 'payment',
  returns: 'return',
  credit_overrides: 'credit_override',
};

function checkResources(contract: ContractName, path: string, body: unknown): string[] {
  const out: string[] = [];
  const check = (type: string, value: unknown, label: string) => {
    const schema = resourceSchemas[contract][type];
    if (!schema) return out.push(`${label}: unknown resource type ${type}`);
    const v = schemaValidator(contract, schema);
    if (!v(value)) out.push(`${label}: ${JSON.stringify(describeErrors(v.errors))}`);
  };
  const snap = /^\/snapshot\/([^/]+)$/.exec(path);
  if (snap) {
    const type = collectionTypes[snap[1] ?? ''] ?? '';
    ((body as { data?: unknown[] }).data ?? []).forEach((item, i) => check(type, item, `data[${i}]`));
  }
  if (path === '/events') {
    for (const e of (
      body as { events?: { id: string; type: string; resource: { type: string; id: string; version: number }; data: Json }[] }
    ).events ?? []) {
      // Records injected by the feed_invalid_rate fault are meant to be invalid.
      if (e.id.startsWith('evt_injected_')) continue;
      if (e.type.endsWith('.deleted')) {
        if (e.data.id !== e.resource.id) out.push(`${e.id}: deleted event data ${JSON.stringify(e.data)}`);
        continue;
      }
      check(e.resource.type, e.data, e.id);
      if (e.data.version !== e.resource.version)
        out.push(`${e.id}: resource.version ${e.resource.version} != data.version ${String(e.data.version)}`);
    }
  }
  return out;
}

export class SimClient {
  constructor(
    readonly contract: ContractName,
    readonly baseUrl: string,
    readonly token: string,
  ) {}

  async request<T = Json>(method: string, path: string, opts: RequestOptions = {}): Promise<SimResponse<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    if (method === 'POST' && opts.idempotencyKey !== null)
      headers['Idempotency-Key'] = opts.idempotencyKey ?? `k-${Math.random().toString(36).slice(2)}`;
    if (opts.ifMatch !== undefined) headers['If-Match'] = typeof opts.ifMatch === 'number' ? `"${opts.ifMatch}"` : opts.ifMatch;
    let payload: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload, signal: opts.signal });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const body = (text.length > 0 ? JSON.parse(text) : undefined) as T;
    const pathOnly = path.split('?')[0] ?? path;
    if (!pathOnly.startsWith('/_sim')) {
      contractLog.checked += 1;
      contractLog.mismatches.push(...checkResponse(this.contract, method, pathOnly, res.status, contentType, body));
    }
    return { status: res.status, headers: res.headers, body, text, contentType };
  }

  get<T = Json>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T = Json>(path: string, body: unknown, opts: RequestOptions = {}) {
    return this.request<T>('POST', path, { ...opts, body });
  }
  put<T = Json>(path: string, body: unknown, opts: RequestOptions = {}) {
    return this.request<T>('PUT', path, { ...opts, body });
  }

  /** Control endpoints (not part of the contract; not validated). */
  sim<T = Json>(method: 'GET' | 'POST', path: string, body?: unknown) {
    const root = this.baseUrl.replace(/\/v1$/, '');
    return fetch(`${root}/_sim/${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as T }));
  }
}

export interface TestServers {
  servers: ReferenceServers;
  platform: SimClient;
  dms: SimClient;
}

export async function startTestServers(opts: ReferenceServerOptions = {}): Promise<TestServers> {
  const servers = await startReferenceServers({ scale: 'test', speed: 0, now: new Date('2026-06-15T10:00:00Z'), log: () => {}, ...opts });
  return {
    servers,
    platform: new SimClient('platform', servers.platform.url, servers.token),
    dms: new SimClient('dms', servers.dms.url, servers.token),
  };
}

/** Asserts a problem response: status, content type and `/problems/<code>`. */
export function expectProblem(res: SimResponse, status: number, code: string): Json {
  expect(res.status, res.text).toBe(status);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect((res.body as Json).type).toBe(`/problems/${code}`);
  return res.body as Json;
}

/** Call in afterAll: the suite talked to the servers and every response matched the contract. */
export function expectNoContractMismatches(): void {
  expect(contractLog.checked).toBeGreaterThan(0);
  expect(contractLog.mismatches).toEqual([]);
}
