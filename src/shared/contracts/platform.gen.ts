// GENERATED from contracts/dealer-platform.openapi.yaml by scripts/gen-contract-types.ts. Do not edit.
/* eslint-disable */
export interface paths {
    "/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change feed, in commit order, at least once. */
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
        /** Current state of one collection, paged. */
        get: operations["getSnapshot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/accounts/{account_id}": {
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
    "/accounts/{account_id}/credit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["getCredit"];
        /**
         * Replace the account's credit position with figures from the DMS.
         * @description Monotonic by source_version: a body whose source_version is not greater than the stored one
         *     changes nothing and returns the stored position with 200. So the same DMS figures pushed by
         *     several desks, or pushed twice, land once. Needs no Idempotency-Key (it is a PUT).
         */
        put: operations["putCredit"];
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
        /**
         * Place an order on behalf of a dealer (phone, email, WhatsApp).
         * @description Runs every placement rule: account active, SKUs known and active, quantity rules, price check,
         *     credit check. A line whose unit_price differs from the resolved price fails with price-mismatch
         *     unless it carries price_override. client_reference is unique per account: a second order with
         *     the same one fails with 409 duplicate-client-reference naming the existing order.
         */
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
    "/orders/by-reference/{account_id}/{client_reference}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find an order by the client_reference it was placed with (for recovery after an ambiguous send). */
        get: operations["getOrderByReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record one staff member's approval of a held order.
         * @description Allowed only in credit_hold (else 409 invalid-transition). The same staff id approving twice
         *     returns 409 duplicate-approval. Changes the order's version.
         */
        post: operations["addApproval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an order along the status machine.
         * @description to=approved or rejected needs reason. to=in_fulfillment needs dms_order_id. A transition the
         *     machine does not allow is 409 invalid-transition with extension current_status.
         */
        post: operations["transitionOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{order_id}/dealer-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dealer-visible status timeline of an order, oldest first. */
        get: operations["listDealerStatus"];
        put?: never;
        /** Publish what the dealer sees about this order. */
        post: operations["publishDealerStatus"];
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
            /** @example /problems/price-mismatch */
            type: string;
            title: string;
            status: number;
            detail?: string;
            instance?: string;
        } & {
            [key: string]: unknown;
        };
        Staff: {
            id: string;
            name: string;
        };
        Address: {
            line1: string;
            line2?: string;
            city: string;
            state: string;
            postal_code: string;
            /** @description ISO 3166-1 alpha-2 */
            country: string;
        };
        EventPage: {
            events: components["schemas"]["Event"][];
            next_cursor: string;
            has_more: boolean;
        };
        Event: {
            id: string;
            /** @enum {string} */
            type: "account.upserted" | "credit.upserted" | "product.upserted" | "product.deleted" | "price_list.upserted" | "price.upserted" | "price.deleted" | "order.upserted" | "dealer_status.published";
            /** Format: date-time */
            occurred_at: string;
            resource: {
                /** @enum {string} */
                type: "account" | "credit" | "product" | "price_list" | "price" | "order" | "dealer_status";
                id: string;
                version: number;
            };
            /** @description The resource after the change; for *.deleted, {id}. */
            data: Record<string, never>;
        };
        Account: {
            id: string;
            /** @description Dealer code; the join key with the DMS (dealer_code). */
            code: string;
            name: string;
            legal_name?: string;
            tax_id?: string;
            /** @enum {string} */
            status: "active" | "suspended";
            region: string;
            tier: string;
            /** @description ISO 4217 */
            currency: string;
            price_list_id: string;
            payment_terms_days: number;
            phone?: string;
            email?: string;
            address?: components["schemas"]["Address"];
            contacts?: {
                name: string;
                phone?: string;
                email?: string;
                role?: string;
            }[];
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        CreditInput: {
            /** @description 0 means no limit is checked. */
            credit_limit: number;
            /** @description DMS receivable balance plus DMS orders not yet invoiced. */
            exposure: number;
            overdue: number;
            oldest_overdue_days: number;
            blocked: boolean;
            /** Format: date-time */
            as_of: string;
            /** @description The DMS account version these figures came from. */
            source_version: number;
        };
        Credit: components["schemas"]["CreditInput"] & {
            account_id: string;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Product: {
            sku: string;
            name: string;
            description?: string;
            category: string;
            brand?: string;
            /**
             * @example case
             * @example bag
             * @example drum
             */
            uom: string;
            /** @description Units per uom. */
            pack_size: number;
            min_order_qty: number;
            order_multiple: number;
            /** @description Tax rate in basis points: 1800 is 18%. */
            tax_rate_bp: number;
            barcode?: string;
            active: boolean;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        PriceList: {
            id: string;
            name: string;
            currency: string;
            /** @description Set when the list is one account's contract prices. */
            account_id?: string | null;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        Price: {
            /** @description <price_list_id>:<sku>:<min_qty> */
            id: string;
            price_list_id: string;
            sku: string;
            min_qty: number;
            unit_price: number;
            /** Format: date */
            valid_from?: string | null;
            /** Format: date */
            valid_to?: string | null;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        OrderLineInput: {
            sku: string;
            qty: number;
            /** @description The price the client expects (resolved from its replica). */
            unit_price: number;
            /** @description Accept unit_price even though it differs from the resolved price. */
            price_override?: {
                reason: string;
            };
        };
        OrderInput: {
            account_id: string;
            /** @enum {string} */
            channel: "phone" | "email" | "whatsapp";
            placed_by: components["schemas"]["Staff"];
            /** @description The back office's own reference for this order; unique per account. */
            client_reference: string;
            lines: components["schemas"]["OrderLineInput"][];
            /** Format: date */
            requested_delivery_date?: string;
            notes?: string;
            ship_to?: components["schemas"]["Address"];
        };
        OrderLine: {
            line_no: number;
            sku: string;
            qty: number;
            unit_price: number;
            /** @description The resolved price when the line carries an override. */
            list_price?: number;
            price_override_reason?: string;
            tax_rate_bp: number;
            /** @description qty * unit_price */
            line_total: number;
            tax: number;
        };
        Order: {
            id: string;
            /** @example SO-2026-000123 */
            number: string;
            account_id: string;
            /** @enum {string} */
            channel: "portal" | "phone" | "email" | "whatsapp" | "edi";
            /** @enum {string} */
            status: "received" | "credit_hold" | "approved" | "rejected" | "cancelled" | "in_fulfillment" | "closed";
            /** Format: date-time */
            placed_at: string;
            placed_by: {
                /** @enum {string} */
                type: "dealer" | "staff";
                id: string;
                name: string;
            };
            client_reference?: string | null;
            currency: string;
            lines: components["schemas"]["OrderLine"][];
            subtotal: number;
            tax_total: number;
            total: number;
            /** Format: date */
            requested_delivery_date?: string | null;
            notes?: string | null;
            ship_to?: components["schemas"]["Address"];
            credit_check: {
                /** @enum {string} */
                result: "passed" | "held";
                /** Format: date-time */
                checked_at: string;
                credit_limit: number;
                /** @description Exposure including this order. */
                exposure: number;
                /** @description credit_limit - exposure; negative when over. */
                available_after: number;
                reasons: ("over_limit" | "overdue" | "account_blocked" | "no_credit_position")[];
            };
            approvals: {
                by: components["schemas"]["Staff"];
                role: string;
                note?: string;
                /** Format: date-time */
                at: string;
            }[];
            decision?: {
                /** @enum {string} */
                outcome?: "approved" | "rejected";
                by?: components["schemas"]["Staff"];
                /** Format: date-time */
                at?: string;
                reason?: string;
                reason_code?: string;
                reference?: string;
            } | null;
            fulfillment?: {
                dms_order_id?: string;
                /** Format: date-time */
                handed_over_at?: string;
            } | null;
            cancellation?: {
                by?: {
                    /** @enum {string} */
                    type?: "dealer" | "staff";
                    id?: string;
                    name?: string;
                };
                /** Format: date-time */
                at?: string;
                reason?: string;
                reason_code?: string;
            } | null;
            version: number;
            /** Format: date-time */
            updated_at: string;
        };
        DealerStatusInput: {
            /** @enum {string} */
            status: "received" | "under_review" | "confirmed" | "processing" | "partially_dispatched" | "dispatched" | "partially_delivered" | "delivered" | "backordered" | "on_hold" | "rejected" | "cancelled";
            /** @description What the dealer reads. */
            message: string;
            /** Format: date */
            eta?: string | null;
            tracking?: {
                carrier?: string;
                number?: string;
                url?: string;
            } | null;
            published_by: components["schemas"]["Staff"];
        };
        DealerStatus: components["schemas"]["DealerStatusInput"] & {
            id: string;
            order_id: string;
            /** Format: date-time */
            published_at: string;
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
        /** @description cursor-expired; re-snapshot. */
        CursorExpired: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description version-mismatch, with extension current_version. */
        VersionMismatch: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
    };
    parameters: {
        AccountId: string;
        OrderId: string;
        IdempotencyKey: string;
        /** @description The order version the client acted on, quoted: "12". */
        IfMatch: string;
    };
    requestBodies: never;
    headers: {
        /** @description The resource version, quoted. */
        ETag: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listEvents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page or snapshot; omit to read from the oldest retained event. */
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
            410: components["responses"]["CursorExpired"];
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
                collection: "accounts" | "credit" | "products" | "price_lists" | "prices" | "orders" | "dealer_statuses";
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
                        /** @description Items of the collection's resource type (Account, Credit, Product, PriceList, Price, Order or DealerStatus). */
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
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getCredit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credit position the platform checks orders against. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credit"];
                };
            };
            /** @description unknown-account, or no-credit-position when none has been pushed yet. */
            404: {
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
    putCredit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: components["parameters"]["AccountId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreditInput"];
            };
        };
        responses: {
            /** @description The stored credit position. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credit"];
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
            /** @description The order, in status received or credit_hold. */
            201: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description duplicate-client-reference (extension existing_order_id) or idempotency-key-in-flight. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /**
             * @description One of account-suspended, unknown-account, unknown-sku, inactive-sku, unpriced-sku,
             *     invalid-quantity, price-mismatch (extension expected: [{line_no, sku, unit_price}]),
             *     empty-order, idempotency-key-reused. Problems about lines carry line_no.
             */
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
                order_id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getOrderByReference: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                account_id: components["parameters"]["AccountId"];
                client_reference: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order. */
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
    addApproval: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
                /** @description The order version the client acted on, quoted: "12". */
                "If-Match": components["parameters"]["IfMatch"];
            };
            path: {
                order_id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    by: components["schemas"]["Staff"];
                    /** @description The role under which the staff member approves, such as credit_controller or credit_manager. */
                    role: string;
                    note?: string;
                };
            };
        };
        responses: {
            /** @description The order with the approval added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            409: components["responses"]["Problem"];
            412: components["responses"]["VersionMismatch"];
            default: components["responses"]["Problem"];
        };
    };
    transitionOrder: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
                /** @description The order version the client acted on, quoted: "12". */
                "If-Match": components["parameters"]["IfMatch"];
            };
            path: {
                order_id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    to: "approved" | "rejected" | "cancelled" | "in_fulfillment" | "closed";
                    by: components["schemas"]["Staff"];
                    reason?: string;
                    /** @description For rejected and cancelled: a short code such as over_limit, overdue, dealer_request, duplicate. */
                    reason_code?: string;
                    dms_order_id?: string;
                    /** @description For approved: the DMS credit override id. */
                    reference?: string;
                };
            };
        };
        responses: {
            /** @description The order after the transition. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            409: components["responses"]["Problem"];
            412: components["responses"]["VersionMismatch"];
            428: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
    listDealerStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                order_id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Publications. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["DealerStatus"][];
                    };
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    publishDealerStatus: {
        parameters: {
            query?: never;
            header: {
                "Idempotency-Key": components["parameters"]["IdempotencyKey"];
            };
            path: {
                order_id: components["parameters"]["OrderId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DealerStatusInput"];
            };
        };
        responses: {
            /** @description The publication. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DealerStatus"];
                };
            };
            422: components["responses"]["Problem"];
            default: components["responses"]["Problem"];
        };
    };
}
