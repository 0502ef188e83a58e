// The DMS reference server: the HTTP routes of contracts/dms.openapi.yaml over DmsDomain. Feed and
// snapshot routes come from the shared framework.
import type { Dms } from '../../shared/contracts';
import { problems } from '../http/problem';
import type { Route } from '../http/server';
import { emptyOrder, invalidQuantity, type DmsDomain } from './domain';

const body = (pointer: string) => `#/paths/${pointer}`;

export function dmsRoutes(domain: DmsDomain): Route[] {
  return [
    {
      method: 'GET',
      path: '/accounts/{dealer_code}',
      operationId: 'getAccount',
      handler: ({ params }) => {
        const account = domain.getAccount(params.dealer_code ?? '');
        if (!account) throw problems.notFound(`Account ${params.dealer_code ?? ''}`);
        return { status: 200, body: account, etag: account.version };
      },
    },
    {
      method: 'POST',
      path: '/orders',
      operationId: 'createOrder',
      bodySchema: body('~1orders/post/requestBody/content/application~1json/schema'),
      // Business rules that would otherwise be masked by the schema's minItems / minimum.
      preCheck: (b) => {
        if (!isObject(b) || !Array.isArray(b.lines)) return undefined;
        if (b.lines.length === 0) return emptyOrder();
        for (const l of b.lines as unknown[]) {
          if (isObject(l) && typeof l.qty === 'number' && Number.isInteger(l.qty) && l.qty < 1)
            return invalidQuantity(typeof l.line_no === 'number' ? l.line_no : 0, typeof l.sku === 'string' ? l.sku : '');
        }
        return undefined;
      },
      handler: ({ body: input }) => {
        const order = domain.createOrder(input as Dms.OrderInput);
        return { status: 201, body: order, etag: order.version };
      },
    },
    {
      method: 'GET',
      path: '/orders/{order_id}',
      operationId: 'getOrder',
      handler: ({ params }) => {
        const order = domain.getOrder(params.order_id ?? '');
        if (!order) throw problems.notFound(`Order ${params.order_id ?? ''}`);
        return { status: 200, body: order, etag: order.version };
      },
    },
    {
      method: 'GET',
      path: '/orders/by-platform-order/{platform_order_id}',
      operationId: 'getOrderByPlatformOrder',
      handler: ({ params }) => {
        const order = domain.getOrderByPlatformOrder(params.platform_order_id ?? '');
        if (!order) throw problems.notFound(`An order for platform order ${params.platform_order_id ?? ''}`);
        return { status: 200, body: order, etag: order.version };
      },
    },
    {
      method: 'POST',
      path: '/orders/{order_id}/cancel',
      operationId: 'cancelOrder',
      ifMatch: true,
      bodySchema: body('~1orders~1{order_id}~1cancel/post/requestBody/content/application~1json/schema'),
      handler: ({ params, body: input, ifMatch }) => {
        const order = domain.cancel(params.order_id ?? '', input as Dms.CancelInput, ifMatch);
        return { status: 200, body: order, etag: order.version };
      },
    },
    {
      method: 'POST',
      path: '/credit-overrides',
      operationId: 'createCreditOverride',
      bodySchema: body('~1credit-overrides/post/requestBody/content/application~1json/schema'),
      handler: ({ body: input }) => {
        const override = domain.createCreditOverride(input as Dms.CreditOverrideInput);
        return { status: 201, body: override, etag: override.version };
      },
    },
  ];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
