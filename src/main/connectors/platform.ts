// Typed client for the dealer platform contract (contracts/dealer-platform.openapi.yaml).
import type { Platform } from '../../shared/contracts';
import { checkAgainst } from '../../shared/contracts/validate';
import { HttpClient, type EndpointConfig, type HttpClientOptions, type HttpOutcome } from './http';
import { SourceReader, platformSource } from './source';

const enc = encodeURIComponent;

/** A single resource read is validated too: a malformed answer is treated like a failed read, never applied. */
export function validated<T>(outcome: HttpOutcome<unknown>, contract: 'platform' | 'dms', schema: string): HttpOutcome<T> {
  if (outcome.kind !== 'ok') return outcome;
  const issues = checkAgainst(contract, schema, outcome.body);
  if (issues.length > 0) {
    return {
      kind: 'retryable',
      status: outcome.status,
      problem: null,
      retryAfterMs: null,
      message: `response does not match ${schema}: ${issues[0]?.path} ${issues[0]?.message}`,
    };
  }
  return outcome as HttpOutcome<T>;
}

export class PlatformConnector {
  readonly http: HttpClient;
  readonly reader: SourceReader;

  constructor(config: EndpointConfig & Partial<Omit<HttpClientOptions, 'system' | 'url' | 'token'>>) {
    this.http = new HttpClient({ ...config, system: 'platform' });
    this.reader = new SourceReader(this.http, platformSource);
  }

  async getOrder(orderId: string): Promise<HttpOutcome<Platform.Order>> {
    return validated(await this.http.request({ method: 'GET', path: `/orders/${enc(orderId)}` }), 'platform', 'Order');
  }

  async getOrderByReference(accountId: string, clientReference: string): Promise<HttpOutcome<Platform.Order>> {
    return validated(
      await this.http.request({ method: 'GET', path: `/orders/by-reference/${enc(accountId)}/${enc(clientReference)}` }),
      'platform',
      'Order',
    );
  }

  async getAccount(accountId: string): Promise<HttpOutcome<Platform.Account>> {
    return validated(await this.http.request({ method: 'GET', path: `/accounts/${enc(accountId)}` }), 'platform', 'Account');
  }

  async getCredit(accountId: string): Promise<HttpOutcome<Platform.Credit>> {
    return validated(await this.http.request({ method: 'GET', path: `/accounts/${enc(accountId)}/credit` }), 'platform', 'Credit');
  }

  putCredit(accountId: string, body: Platform.CreditInput): Promise<HttpOutcome<Platform.Credit>> {
    return this.http.request({ method: 'PUT', path: `/accounts/${enc(accountId)}/credit`, body });
  }

  createOrder(body: Platform.OrderInput, idempotencyKey: string): Promise<HttpOutcome<Platform.Order>> {
    return this.http.request({ method: 'POST', path: '/orders', body, idempotencyKey });
  }

  addApproval(
    orderId: string,
    body: Platform.ApprovalInput,
    ifMatch: number,
    idempotencyKey: string,
  ): Promise<HttpOutcome<Platform.Order>> {
    return this.http.request({ method: 'POST', path: `/orders/${enc(orderId)}/approvals`, body, ifMatch, idempotencyKey });
  }

  transition(
    orderId: string,
    body: Platform.TransitionInput,
    ifMatch: number,
    idempotencyKey: string,
  ): Promise<HttpOutcome<Platform.Order>> {
    return this.http.request({ method: 'POST', path: `/orders/${enc(orderId)}/transitions`, body, ifMatch, idempotencyKey });
  }

  async listDealerStatus(orderId: string): Promise<HttpOutcome<{ data: Platform.DealerStatus[] }>> {
    return validated(
      await this.http.request({ method: 'GET', path: `/orders/${enc(orderId)}/dealer-status` }),
      'platform',
      '#/paths/~1orders~1{order_id}~1dealer-status/get/responses/200/content/application~1json/schema',
    );
  }

  publishDealerStatus(
    orderId: string,
    body: Platform.DealerStatusInput,
    idempotencyKey: string,
  ): Promise<HttpOutcome<Platform.DealerStatus>> {
    return this.http.request({ method: 'POST', path: `/orders/${enc(orderId)}/dealer-status`, body, idempotencyKey });
  }
}
