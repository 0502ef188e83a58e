// Phone order desk (issue 7): drafts per clerk, pricing, stock and the credit preview from the replica,
// and submission through the outbox.
import { z } from 'zod';
import type { AuthorityTier } from '../../credit/authority';
import type { HoldReason } from '../../credit/preview';
import type { PriceSource } from '../../phoneOrder/pricing';
import { roles, type Role } from '../../roles';
import { procedure } from '../procedure';

/** Who enters phone orders. Admin settings are separate (phoneOrder.settings.set). */
const clerks = ['inside_sales'] as const;

/** The platform takes at most 500 lines per order (OrderInput.lines.maxItems). */
export const MAX_ORDER_LINES = 500;

export const draftLineSchema = z.object({
  sku: z.string().trim().min(1).max(100),
  qty: z.number().int('Quantity must be a whole number.').min(0).max(10_000_000),
  /** A per-line price the clerk set, sent as the contract's price_override (roles allowed by the admin setting). */
  priceOverride: z
    .object({
      unitPrice: z.number().int().min(0).max(1_000_000_000_00),
      reason: z.string().trim().min(3, 'Give the reason for the price override (at least 3 characters).').max(500),
    })
    .nullable()
    .optional(),
  /** The price on the order this line was reordered from, so a changed price is highlighted. */
  previousUnitPrice: z.number().int().min(0).nullable().optional(),
});
export type DraftLine = z.infer<typeof draftLineSchema>;

const draftContent = {
  lines: z.array(draftLineSchema).max(MAX_ORDER_LINES, `An order takes at most ${MAX_ORDER_LINES} lines.`),
  notes: z.string().max(1900, 'Notes take at most 1,900 characters.').nullable().optional(),
  dealerWaiting: z.boolean().default(false),
  requestedDeliveryDate: z.iso.date().nullable().optional(),
};

export interface DraftView {
  id: string;
  accountId: string;
  dealer: { code: string; name: string; status: 'active' | 'suspended' } | null;
  clientReference: string;
  status: 'draft' | 'submitted' | 'discarded';
  lines: DraftLine[];
  notes: string | null;
  dealerWaiting: boolean;
  requestedDeliveryDate: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** The replica's age per source: every figure on the screen says which pull it comes from. */
export interface ReplicaAsOf {
  platform: string | null;
  dms: string | null;
}

export interface WarehouseStockView {
  warehouseId: string;
  code: string;
  name: string;
  available: number;
  home: boolean;
}

export interface DealerCardView {
  account: {
    id: string;
    code: string;
    name: string;
    legalName: string | null;
    taxId: string | null;
    status: 'active' | 'suspended';
    tier: string;
    region: string;
    city: string | null;
    phone: string | null;
    currency: string;
    paymentTermsDays: number;
    priceList: { id: string; name: string | null; source: PriceSource };
    contacts: { name: string; phone: string | null; role: string | null }[];
  };
  /** The warehouse that ships most of the dealer's recent DMS orders, else the first in its region. */
  homeWarehouse: { id: string; code: string; name: string } | null;
  credit: {
    /** Platform: the position the platform checks; none: no position pushed yet. */
    source: 'platform' | 'none';
    limit: number;
    exposure: number;
    available: number;
    overdue: number;
    oldestOverdueDays: number;
    blocked: boolean;
    /** The DMS time the figures are from (the credit position's as_of). */
    asOf: string | null;
  };
  openHolds: { id: string; number: string; placedAt: string; total: number; reasons: HoldReason[]; dealerWaiting: boolean }[];
  lastOrders: { id: string; number: string; placedAt: string; status: string; channel: string; total: number; lineCount: number }[];
  asOf: ReplicaAsOf;
}

export interface SkuHitView {
  sku: string;
  name: string;
  category: string;
  brand: string | null;
  uom: string;
  minOrderQty: number;
  orderMultiple: number;
  taxRateBp: number;
  /** The account's price at the minimum quantity; null when unpriced or no dealer is chosen. */
  unitPrice: number | null;
  priceSource: PriceSource | null;
  /** Stock available over every warehouse. */
  available: number;
  addable: boolean;
  /** Why it cannot be added (inactive, not yet launched, not priced for this account); null when it can. */
  why: string | null;
}

export interface PreviewLineView {
  lineNo: number;
  sku: string;
  name: string | null;
  uom: string | null;
  qty: number;
  minOrderQty: number | null;
  orderMultiple: number | null;
  /** The nearest allowed quantity when `qty` breaks the rules; null when it is allowed. */
  correctedQty: number | null;
  qtyProblem: string | null;
  /** The account's resolved unit price today. */
  listUnitPrice: number | null;
  priceSource: PriceSource | null;
  /** The price charged: the override when there is one, else the resolved price. */
  unitPrice: number | null;
  override: { unitPrice: number; reason: string } | null;
  previousUnitPrice: number | null;
  /** The line was reordered and today's price differs from the old one. */
  priceChanged: boolean;
  nextBreak: { qty: number; more: number; unitPrice: number; saving: number } | null;
  /** Every warehouse that has a stock row for the SKU, the dealer's home warehouse first. */
  stock: WarehouseStockView[];
  taxRateBp: number | null;
  lineTotal: number;
  tax: number;
  /** Why this line cannot be ordered (unknown, inactive, not yet launched, unpriced); null when it can. */
  blocked: string | null;
  /** The platform's problem type this line would be refused with, in its order of checks; null when it passes. */
  refusal: 'unknown-sku' | 'inactive-sku' | 'invalid-quantity' | 'unpriced-sku' | null;
}

export interface CreditPreviewView {
  /** platform: the platform's credit record (what it checks); none: no position pushed yet (held). */
  positionSource: 'platform' | 'none';
  limit: number;
  /** DMS receivable balance and unbilled orders behind the exposure; null when the DMS replica is behind the platform's position. */
  dmsBalance: number | null;
  dmsUnbilled: number | null;
  /** balance + unbilled as the platform checks it (the pushed exposure). */
  dmsExposure: number;
  notHandedOver: number;
  notHandedOverCount: number;
  /** Orders submitted on this desk that the platform has not got yet (counted as the platform will count them). */
  queuedOnDesk: number;
  queuedOnDeskCount: number;
  thisOrder: number;
  exposureAfter: number;
  availableAfter: number;
  overdue: number;
  oldestOverdueDays: number;
  blocked: boolean;
  result: 'passed' | 'held';
  reasons: HoldReason[];
  /** Under the authority policy, who would have to approve it if held. */
  authority: { tier: AuthorityTier; who: string; why: string[] } | null;
  /**
   * The DMS replica holds newer figures than the platform's position: the desk is pushing them (duty 1).
   * The preview keeps to what the platform checks now; this says what changes once the push lands.
   */
  pendingPush: { limit: number; exposure: number; blocked: boolean; oldestOverdueDays: number; asOf: string } | null;
  asOf: {
    /** The credit position's DMS time. */
    position: string | null;
    /** When the DMS replica last pulled (balance, unbilled). */
    dms: string | null;
    /** When the platform replica last pulled (orders not yet handed over). */
    platform: string | null;
    /** When this preview was computed (this order, prices). */
    computed: string;
  };
}

export interface PhoneOrderPreviewView {
  accountId: string;
  currency: string;
  /** The day prices were resolved for (the platform's UTC date as far as the replica knows it). */
  pricingDate: string;
  lines: PreviewLineView[];
  subtotal: number;
  taxTotal: number;
  total: number;
  /** Whether submit would be accepted: a dealer that may be ordered for, and every line orderable. */
  orderable: boolean;
  problems: string[];
  credit: CreditPreviewView;
  asOf: ReplicaAsOf;
}

export interface ReorderLinesView {
  order: { id: string; number: string; placedAt: string };
  /** Lines that can be ordered again, with the price they had then. */
  lines: { sku: string; qty: number; previousUnitPrice: number }[];
  /** Left out: the SKU is inactive or gone. */
  withdrawn: { sku: string; name: string | null; why: string }[];
}

export type MyPhoneOrderState =
  'sending' | 'placed' | 'credit_hold' | 'approved' | 'in_fulfillment' | 'closed' | 'rejected' | 'cancelled' | 'needs_attention';

export interface PhoneOrderFix {
  action: 'acceptPlatformPrices' | 'reopen';
  label: string;
  /** For price-mismatch: the lines whose price the platform corrects. */
  changes?: { lineNo: number; sku: string; from: number; to: number }[];
}

export interface MyPhoneOrderView {
  draftId: string;
  clientReference: string;
  accountId: string;
  dealer: { code: string; name: string } | null;
  state: MyPhoneOrderState;
  /** Plain words for the state, with what is happening (e.g. "waiting for the platform: 503, retrying"). */
  detail: string | null;
  orderId: string | null;
  orderNumber: string | null;
  total: number | null;
  currency: string | null;
  submittedAt: string;
  dealerWaiting: boolean;
  holdReasons: HoldReason[];
  /** For needs_attention: the platform's reason and the fix when one exists. */
  problem: { code: string; message: string } | null;
  fix: PhoneOrderFix | null;
}

export type SubmitResult =
  | { outcome: 'submitted'; outboxId: number; clientReference: string; total: number }
  /** Nothing was sent: the same dealer has an order with the same lines from the last 24 hours. */
  | {
      outcome: 'duplicate';
      matches: {
        clientReference: string | null;
        orderNumber: string | null;
        placedAt: string;
        total: number | null;
        source: 'platform' | 'desk';
      }[];
    };

export interface PhoneOrderSettingsView {
  /** Roles that may override a line's price (default: none). */
  overrideRoles: Role[];
  /** Whether the caller may. */
  mayOverride: boolean;
}

const draftId = z.string().min(1).max(100);

export const phoneOrderProcedures = {
  'phoneOrder.dealer': procedure<DealerCardView>()({ input: z.object({ accountId: z.string().min(1).max(100) }), access: clerks }),
  'phoneOrder.skuSearch': procedure<SkuHitView[]>()({
    input: z.object({
      /** Price for this dealer; null lists SKUs without prices. */
      accountId: z.string().min(1).max(100).nullable(),
      text: z.string().max(100),
      limit: z.number().int().min(1).max(50).default(20),
    }),
    access: clerks,
  }),
  'phoneOrder.preview': procedure<PhoneOrderPreviewView>()({
    input: z.object({ accountId: z.string().min(1).max(100), lines: draftContent.lines, draftId: draftId.optional() }),
    access: clerks,
  }),
  'phoneOrder.reorderLines': procedure<ReorderLinesView>()({ input: z.object({ orderId: z.string().min(1).max(100) }), access: clerks }),

  'phoneOrder.drafts': procedure<DraftView[]>()({ input: z.object({}), access: clerks }),
  'phoneOrder.draft.create': procedure<DraftView>()({ input: z.object({ accountId: z.string().min(1).max(100) }), access: clerks }),
  'phoneOrder.draft.save': procedure<{ revision: number; updatedAt: string }>()({
    input: z.object({ draftId, revision: z.number().int().positive(), ...draftContent }),
    access: clerks,
  }),
  'phoneOrder.draft.discard': procedure<{ discarded: true }>()({ input: z.object({ draftId }), access: clerks }),

  'phoneOrder.submit': procedure<SubmitResult>()({
    input: z.object({
      draftId,
      revision: z.number().int().positive(),
      ...draftContent,
      /** The clerk saw the duplicate warning and places it anyway. */
      confirmDuplicate: z.boolean().default(false),
    }),
    access: clerks,
  }),
  'phoneOrder.mine': procedure<MyPhoneOrderView[]>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }),
    access: clerks,
  }),
  /** price-mismatch: take the platform's prices for the lines it named and send again, in one action. */
  'phoneOrder.acceptPlatformPrices': procedure<{ outboxId: number }>()({ input: z.object({ draftId }), access: clerks }),
  /** A refused order back into a draft (same client_reference) to edit and submit again. */
  'phoneOrder.reopen': procedure<DraftView>()({ input: z.object({ draftId }), access: clerks }),

  'phoneOrder.settings': procedure<PhoneOrderSettingsView>()({ input: z.object({}), access: 'signed_in' }),
  'phoneOrder.settings.set': procedure<PhoneOrderSettingsView>()({
    input: z.object({ overrideRoles: z.array(z.enum(roles)).max(roles.length) }),
    access: ['admin'],
  }),
} as const;
