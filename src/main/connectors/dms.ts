// Typed client for the DMS contract (contracts/dms.openapi.yaml).
import type { Dms } from '../../shared/contracts';
import { HttpClient, type EndpointConfig, type HttpClientOptions, type HttpOutcome } from './http';
import { validated } from './platform';
import { SourceReader, dmsSource } from './source';

const enc = encodeURIComponent;

export class DmsConnector {
  readonly http: HttpClient;
  readonly reader: SourceReader;

  constructor(config: EndpointConfig & Partial<Omit<HttpClientOptions, 'system' | 'url' | 'token'>>) {
    this.http = new HttpClient({ ...config, system: 'dms' });
    this.reader = new SourceReader(this.http, dmsSource);
  }

  async getAccount(dealerCode: string): Promise<HttpOutcome<Dms.Account>> {
    return validated(await this.http.request({ method: 'GET', path: `/accounts/${enc(dealerCode)}` }), 'dms', 'Account');
  }

  async getOrder(orderId: string): Promise<HttpOutcome<Dms.Order>> {
    return validated(await this.http.request({ method: 'GET', path: `/orders/${enc(orderId)}` }), 'dms', 'Order');
  }

  async getOrderByPlatformOrder(platformOrderId: string): Promise<HttpOutcome<Dms.Order>> {
    return validated(await this.http.request({ method: 'GET', path: `/orders/by-platform-order/${enc(platformOrderId)}` }), 'dms', 'Order');
  }

  createOrder(body: Dms.OrderInput, idempotencyKey: string): Promise<HttpOutcome<Dms.Order>> {
    return this.http.request({ method: 'POST', path: '/orders', body, idempotencyKey });
  }

  cancelOrder(orderId: string, body: Dms.CancelInput, ifMatch: number, idempotencyKey: string): Promise<HttpOutcome<Dms.Order>> {
    return this.http.request({ method: 'POST', path: `/orders/${enc(orderId)}/cancel`, body, ifMatch, idempotencyKey });
  }

  createCreditOverride(body: Dms.CreditOverrideInput, idempotencyKey: string): Promise<HttpOutcome<Dms.CreditOverride>> {
    return this.http.request({ method: 'POST', path: '/credit-overrides', body, idempotencyKey });
  }
}
