// GENERATED from contracts/dms.openapi.yaml by scripts/gen-contract-types.ts. Do not edit.
/* eslint-disable */
export interface paths {
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/snapshot/{collection}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getSnapshot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{dealer_code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hand a cleared platform order over for fulfilment. */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/by-platform-order/{platform_order_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getOrderByPlatformOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/credit-overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that staff approved an order beyond the account's credit rules.
         * @description One override per platform_order_id: a second one is 409 duplicate-override with extension
         *     existing_override_id (treat as already recorded).
         */
        post: operations["createCreditOverride"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Problem: {
            type: string;
            title: string;
            status: number;
            detail?: string;
        } & {
            [key: string]: unknown;
        };
        Staff: {
            id: string;
            name: string;
        };
        EventPage: {
            events: components["schemas"]["Event"][];
            next_cursor: string;
            has_more: boolean;
        };
        Event: {
            id: string;
            /** @enum {string} */
            type: "account.upserted" | "warehouse.upserted" | "stock.upserted" | "order.upserted" | "invoice.upserted" | "payment.upserted" | "return.upserted" | "credit_override.upserted";
            /** Format: date-time */
            occurred_at: string;
            resource: {
                /** @enum {string} */
                type: "account" | "warehouse" | "stock" | "order" | "invoice" | "payment" | "return" | "credit_override";
                id: string;
                version: number;
            };
            data: Record<string, never>;
        };
        Account: {
            dealer_code: string;
            name: string;
            currency: string;
            credit_limit: number;
            /** @description Receivable outstanding on open invoices. */
            balance: number;
            /** @description Value of DMS orders not yet invoiced. */
            unbilled: number;
            overdue: number;
            oldest_overdue_days: number;
            ageing: {
                not_due: number;
                d1_30: number;
                d31_60: number;
                d61_90: number;
                d90_plus: number;
            };
            blocked: boolean;
            payment_terms_days: number;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Warehouse: {
            id: string;
            code: string;
            name: string;
            region: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Stock: {
            /** @description <warehouse_id>:<sku> */
            id: string;
            sku: string;
            warehouse_id: string;
            on_hand: number;
            allocated: number;
            /** @description on_hand - allocated */
            available: number;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        OrderInput: {
            platform_order_id: string;
            platform_order_number: string;
            dealer_code: string;
            lines: {
                line_no: number;
                sku: string;
                qty: number;
                unit_price: number;
                /** @description As on the platform order line. */
                tax_rate_bp: number;
            }[];
            /** Format: date */
            requested_delivery_date?: string | null;
            warehouse_hint?: string | null;
            credit_override_id?: string | null;
            notes?: string | null;
        };
        Order: {
            id: string;
            /** @example DO-2026-004512 */
            number: string;
            platform_order_id: string;
            platform_order_number?: string;
            dealer_code: string;
            /** @enum {string} */
            status: "open" | "allocated" | "partially_allocated" | "backordered" | "picking" | "dispatched" | "partially_dispatched" | "delivered" | "partially_delivered" | "cancelled" | "closed";
            warehouse_id?: string | null;
            lines: {
                line_no: number;
                sku: string;
                qty: number;
                unit_price: number;
                tax_rate_bp: number;
                qty_allocated: number;
                qty_dispatched: number;
                qty_delivered: number;
                qty_returned: number;
            }[];
            /** @description Including tax. */
            total: number;
            /** Format: date */
            expected_dispatch_date?: string | null;
            shipments: {
                id: string;
                number: string;
                /** Format: date-time */
                dispatched_at: string;
                carrier?: string;
                tracking_number?: string;
                vehicle_no?: string;
                /** Format: date */
                eta?: string | null;
                /** Format: date-time */
                delivered_at?: string | null;
                lines: {
                    line_no: number;
                    qty: number;
                }[];
            }[];
            cancellation?: {
                reason?: string;
                by?: components["schemas"]["Staff"];
                /** Format: date-time */
                at?: string;
            } | null;
            /** Format: date-time */
            created_at: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Invoice: {
            id: string;
            number: string;
            dealer_code: string;
            order_id?: string | null;
            platform_order_id?: string | null;
            shipment_id?: string | null;
            /** Format: date-time */
            issued_at: string;
            /** Format: date */
            due_date: string;
            amount: number;
            outstanding: number;
            /** @enum {string} */
            status: "open" | "partially_paid" | "paid" | "void";
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Payment: {
            id: string;
            dealer_code: string;
            amount: number;
            /** Format: date-time */
            received_at: string;
            /**
             * @example neft
             * @example rtgs
             * @example cheque
             * @example upi
             */
            method?: string;
            reference?: string;
            allocations: {
                invoice_id: string;
                amount: number;
            }[];
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Return: {
            id: string;
            number: string;
            dealer_code: string;
            order_id: string;
            platform_order_id?: string | null;
            lines: {
                sku: string;
                qty: number;
                /** @enum {string} */
                reason: "damaged" | "wrong_item" | "expired" | "quality" | "other";
            }[];
            credit_amount: number;
            /** Format: date-time */
            received_at: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        CreditOverrideInput: {
            dealer_code: string;
            platform_order_id: string;
            /** @description The exposure beyond the limit that was approved (0 when the hold was for overdue or blocked only). */
            amount: number;
            approved_by: components["schemas"]["Staff"][];
            reason: string;
            hold_reasons?: string[];
            /** Format: date */
            valid_until?: string | null;
        };
        CreditOverride: components["schemas"]["CreditOverrideInput"] & {
            id: string;
            /** Format: date-time */
            created_at: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
    };
    responses: {
        /** @description An RFC 9457 problem. */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listEvents: {
        parameters: {
            query?: {
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventPage"];
                };
            };
            410: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    getSnapshot: {
        parameters: {
            query?: {
                page_token?: string;
                limit?: number;
            };
            header?: never;
            path: {
                collection: "accounts" | "warehouses" | "stock" | "orders" | "invoices" | "payments" | "returns" | "credit_overrides";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the snapshot. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: Record<string, never>[];
                        next_page_token: string | null;
                        /** @description Present on the first page only. */
                        events_cursor?: string;
                    };
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                dealer_code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrderInput"];
            };
        };
        responses: {
            /** @description The fulfilment order. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description duplicate-order (extension existing_order_id) or idempotency-key-in-flight. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unknown-dealer, unknown-sku, account-blocked, invalid-quantity, empty-order, idempotency-key-reused. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
            200: {
                headers: {
                    ETag?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getOrderByPlatformOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                platform_order_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order handed over for that platform order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            404: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
                "If-Match": string;
            };
            path: {
                order_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    by: components["schemas"]["Staff"];
                };
            };
        };
        responses: {
            /** @description The cancelled order. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description invalid-transition (already dispatched), with extension current_status. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            412: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    createCreditOverride: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreditOverrideInput"];
            };
        };
        responses: {
            /** @description The override. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditOverride"];
                };
            };
            409: components["responses"]["Problem"];
            422: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
}
