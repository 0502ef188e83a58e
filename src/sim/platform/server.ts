// The dealer platform reference server: the HTTP routes of contracts/dealer-platform.openapi.yaml over
// PlatformDomain. Feed and snapshot routes come from the shared framework.
import type { Platform } from '../../shared/contracts';
import { ApiProblem, problems } from '../http/problem';
import type { Route } from '../http/server';
import { emptyOrder, unknownAccount, type PlatformDomain } from './domain';

const body = (pointer: string) => `#/paths/${pointer}`;

export function platformRoutes(domain: PlatformDomain): Route[] {
  return [
    {
      method: 'GET',
      path: '/accounts/{account_id}',
      operationId: 'getAccount',
      handler: ({ params }) => {
        const account = domain.getAccount(params.account_id ?? '');
        if (!account) throw unknownAccount(params.account_id ?? '', 404);
        return { status: 200, body: account, etag: account.version };
      },
    },
    {
      method: 'GET',
      path: '/accounts/{account_id}/credit',
      operationId: 'getCredit',
      handler: ({ params }) => {
        const id = params.account_id ?? '';
        if (!domain.getAccount(id)) throw unknownAccount(id, 404);
        const credit = domain.getCredit(id);
        if (!credit)
          throw new ApiProblem(404, 'no-credit-position', 'No credit position', `No credit position has been pushed for account ${id}`, {
            account_id: id,
          });
        return { status: 200, body: credit, etag: credit.version };
      },
    },
    {
      method: 'PUT',
      path: '/accounts/{account_id}/credit',
      operationId: 'putCredit',
      bodySchema: body('~1accounts~1{account_id}~1credit/put/requestBody/content/application~1json/schema'),
      handler: ({ params, body: input }) => {
        const credit = domain.putCredit(params.account_id ?? '', input as Platform.CreditInput);
        return { status: 200, body: credit, etag: credit.version };
      },
    },
    {
      method: 'POST',
      path: '/orders',
      operationId: 'createOrder',
      bodySchema: body('~1orders/post/requestBody/content/application~1json/schema'),
      preCheck: (b) => (isObject(b) && Array.isArray(b.lines) && b.lines.length === 0 ? emptyOrder() : undefined),
      handler: ({ body: input }) => {
        const order = domain.createOrder(input as Platform.OrderInput);
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
      path: '/orders/by-reference/{account_id}/{client_reference}',
      operationId: 'getOrderByReference',
      handler: ({ params }) => {
        const order = domain.getOrderByReference(params.account_id ?? '', params.client_reference ?? '');
        if (!order)
          throw problems.notFound(`An order with reference ${params.client_reference ?? ''} for account ${params.account_id ?? ''}`);
        return { status: 200, body: order, etag: order.version };
      },
    },
    {
      method: 'POST',
      path: '/orders/{order_id}/approvals',
      operationId: 'addApproval',
      ifMatch: true,
      bodySchema: body('~1orders~1{order_id}~1approvals/post/requestBody/content/application~1json/schema'),
      handler: ({ params, body: input, ifMatch }) => {
        const order = domain.addApproval(params.order_id ?? '', input as Platform.ApprovalInput, ifMatch);
        return { status: 201, body: order, etag: order.version };
      },
    },
    {
      method: 'POST',
      path: '/orders/{order_id}/transitions',
      operationId: 'transitionOrder',
      ifMatch: true,
      bodySchema: body('~1orders~1{order_id}~1transitions/post/requestBody/content/application~1json/schema'),
      handler: ({ params, body: input, ifMatch }) => {
        const order = domain.transition(params.order_id ?? '', input as Platform.TransitionInput, ifMatch);
        return { status: 200, body: order, etag: order.version };
      },
    },
    {
      method: 'GET',
      path: '/orders/{order_id}/dealer-status',
      operationId: 'listDealerStatus',
      handler: ({ params }) => {
        const id = params.order_id ?? '';
        if (!domain.getOrder(id)) throw problems.notFound(`Order ${id}`);
        return { status: 200, body: { data: domain.listDealerStatus(id) } };
      },
    },
    {
      method: 'POST',
      path: '/orders/{order_id}/dealer-status',
      operationId: 'publishDealerStatus',
      bodySchema: body('~1orders~1{order_id}~1dealer-status/post/requestBody/content/application~1json/schema'),
      handler: ({ params, body: input }) => {
        const status = domain.publishDealerStatus(params.order_id ?? '', input as Platform.DealerStatusInput);
        return { status: 201, body: status, etag: status.version };
      },
    },
  ];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
