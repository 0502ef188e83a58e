// Dealer-visible status (issue 9), the part both sides share: the policy's shape and defaults (each DMS
// fulfilment status and each derived situation is auto-published, reviewed, or kept internal, with a
// message template), the placeholders a template may use, how a template is checked and filled in, the
// carriers' tracking links, and the order in which dealer statuses may follow each other.
import { z } from 'zod';
import type { Dms, Platform } from './contracts';
import type { Role } from './roles';

export type DealerStatusName = Platform.DealerStatusInput['status'];
export type PublishMode = 'auto' | 'review' | 'internal';
export const publishModes = ['auto', 'review', 'internal'] as const satisfies readonly PublishMode[];
export const publishModeLabels: Record<PublishMode, string> = { auto: 'Auto-publish', review: 'Review', internal: 'Internal only' };

/** Who may work the publish queue and publish to dealers (the Dealer status screen's roles). */
export const dealerStatusRoles: readonly Role[] = ['inside_sales', 'credit_controller', 'credit_manager', 'manager'];

/** Situations the desk derives from the facts, beyond the DMS's own status. */
export const derivedSituations = ['late', 'delayed_in_transit', 'backordered_lines', 'partial_delivery'] as const;
export type DerivedSituation = (typeof derivedSituations)[number];

/** The DMS fulfilment statuses, in the order an order lives through them. */
export const policyStatuses = [
  'open',
  'allocated',
  'partially_allocated',
  'backordered',
  'picking',
  'partially_dispatched',
  'dispatched',
  'partially_delivered',
  'delivered',
  'closed',
  'cancelled',
] as const satisfies readonly Dms.OrderStatus[];

/** A row of the policy: a DMS status or a derived situation. */
export type PolicyRuleKey = Dms.OrderStatus | DerivedSituation;
export const policyRuleKeys: readonly PolicyRuleKey[] = [...policyStatuses, ...derivedSituations];

export function isDerivedSituation(key: string): key is DerivedSituation {
  return (derivedSituations as readonly string[]).includes(key);
}

export const policyRuleLabels: Record<PolicyRuleKey, string> = {
  open: 'Open (received by the DMS)',
  allocated: 'Allocated',
  partially_allocated: 'Partly allocated',
  backordered: 'Backordered',
  picking: 'Picking',
  partially_dispatched: 'Partly dispatched',
  dispatched: 'Dispatched',
  partially_delivered: 'Partly delivered',
  delivered: 'Delivered',
  closed: 'Closed',
  cancelled: 'Cancelled',
  late: 'Late: not dispatched by the expected dispatch date',
  delayed_in_transit: 'Delayed in transit: past the ETA, not delivered',
  backordered_lines: 'Backordered lines',
  partial_delivery: 'Partial delivery',
};

/**
 * The dealer-visible status each row publishes under. The time-based situations (late, delayed in transit)
 * keep whatever the dealer sees now (null here): their message explains the delay, the status stays.
 */
export const policyDealerStatus: Record<PolicyRuleKey, DealerStatusName | null> = {
  open: 'received',
  allocated: 'confirmed',
  partially_allocated: 'backordered',
  backordered: 'backordered',
  picking: 'processing',
  partially_dispatched: 'partially_dispatched',
  dispatched: 'dispatched',
  partially_delivered: 'partially_delivered',
  delivered: 'delivered',
  closed: 'delivered',
  cancelled: 'cancelled',
  late: null,
  delayed_in_transit: null,
  backordered_lines: 'backordered',
  partial_delivery: 'partially_delivered',
};

/** How far along the dealer's view is; a derived publication never takes it backwards. */
export const dealerStatusRank: Record<DealerStatusName, number> = {
  received: 0,
  under_review: 0,
  on_hold: 0,
  confirmed: 1,
  processing: 2,
  backordered: 2,
  partially_dispatched: 3,
  dispatched: 4,
  partially_delivered: 5,
  delivered: 6,
  rejected: 7,
  cancelled: 7,
};

export const templatePlaceholders = [
  'order_number',
  'dealer_name',
  'eta',
  'expected_dispatch_date',
  'carrier',
  'tracking_number',
  'tracking_link',
  'backordered_items',
  'delivered_items',
] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

export const placeholderDescriptions: Record<TemplatePlaceholder, string> = {
  order_number: 'the order number the dealer knows (platform order number)',
  dealer_name: 'the dealer’s name',
  eta: 'expected delivery date (the shipment’s ETA, or the one staff set)',
  expected_dispatch_date: 'the DMS’s expected dispatch date',
  carrier: 'carrier of the latest shipment',
  tracking_number: 'tracking (docket) number of the latest shipment',
  tracking_link: 'the carrier’s tracking page for that number',
  backordered_items: 'SKUs still waiting for stock, with quantities',
  delivered_items: 'SKUs delivered so far, with quantities',
};

/** What a placeholder says when the order does not know it (yet). */
const placeholderFallbacks: Record<TemplatePlaceholder, string> = {
  order_number: 'your order',
  dealer_name: 'Dealer',
  eta: 'to be confirmed',
  expected_dispatch_date: 'to be confirmed',
  carrier: 'our carrier',
  tracking_number: 'to follow',
  tracking_link: 'link to follow',
  backordered_items: 'none',
  delivered_items: 'none',
};

export type TemplateValues = Partial<Record<TemplatePlaceholder, string | null>>;

export const MESSAGE_MAX = 500;
export const TEMPLATE_MAX = 400;

/**
 * What is wrong with a template, in words an admin can act on; empty when it is fine. Placeholders are
 * `{name}`; an unknown one is refused here, when the template is saved, never when it is published.
 */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  if (template.trim().length === 0) problems.push('Write the message the dealer will read.');
  if (template.length > TEMPLATE_MAX) problems.push(`Keep it under ${TEMPLATE_MAX} characters.`);
  const unknown = new Set<string>();
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    const name = match[1] ?? '';
    if (!(templatePlaceholders as readonly string[]).includes(name)) unknown.add(name);
  }
  if (unknown.size > 0)
    problems.push(
      `Unknown placeholder${unknown.size > 1 ? 's' : ''} ${[...unknown].map((n) => `{${n}}`).join(', ')}; use ${templatePlaceholders
        .map((p) => `{${p}}`)
        .join(', ')}.`,
    );
  const stripped = template.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(stripped)) problems.push('A brace is not closed: placeholders look like {order_number}.');
  return problems;
}

/** Fills a (valid) template in; the result is what the dealer reads, cut to the platform's 500 characters. */
export function renderTemplate(template: string, values: TemplateValues): string {
  const text = template.replace(/\{([^{}]*)\}/g, (whole, name: string) => {
    if (!(templatePlaceholders as readonly string[]).includes(name)) return whole;
    const key = name as TemplatePlaceholder;
    const value = values[key];
    return value === undefined || value === null || value === '' ? placeholderFallbacks[key] : value;
  });
  const squeezed = text.replace(/\s+/g, ' ').trim();
  return squeezed.length <= MESSAGE_MAX ? squeezed : `${squeezed.slice(0, MESSAGE_MAX - 1)}…`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A contract date (YYYY-MM-DD) as a dealer reads it: "5 Jan 2030". */
export function dealerDate(date: string | null | undefined): string | null {
  if (!date) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return `${Number(m[3])} ${months[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** "SKU × qty" items, at most `max` of them ("and 3 more"), so one message never outgrows the platform's limit. */
export function itemList(items: { sku: string; qty: number }[], max = 8): string | null {
  const shown = items.filter((i) => i.qty > 0);
  if (shown.length === 0) return null;
  const head = shown.slice(0, max).map((i) => `${i.sku} × ${i.qty}`);
  return shown.length > max ? `${head.join(', ')} and ${shown.length - max} more` : head.join(', ');
}

/**
 * Carriers' public tracking pages, by the carrier name the DMS uses (case-insensitive). A dispatch with
 * another carrier simply has no link. Hosts here must also be on the shell's external-link allow-list
 * (src/main/electron/navigation-policy.ts) to open from the desk.
 */
export const carrierTrackingPages: Record<string, string> = {
  'vrl logistics': 'https://www.vrlgroup.in/track_consignment.aspx?lrno=',
  gati: 'https://www.gati.com/track-by-docket/?docket=',
  safexpress: 'https://www.safexpress.com/track?waybill=',
  delhivery: 'https://www.delhivery.com/track/package/',
};

export function trackingLink(carrier: string | null | undefined, number: string | null | undefined): string | null {
  if (!carrier || !number) return null;
  const page = carrierTrackingPages[carrier.trim().toLowerCase()];
  return page ? `${page}${encodeURIComponent(number)}` : null;
}

export interface PolicyRule {
  mode: PublishMode;
  template: string;
}

export interface DealerStatusPolicy {
  rules: Record<PolicyRuleKey, PolicyRule>;
  /** How much DMS history the first start derives (hours). */
  catchUpHours: number;
}

export const defaultCatchUpHours = 72;

/**
 * The default policy: confirmed, dispatched (with tracking and ETA) and delivered go out by themselves;
 * backorders, partial dispatches and deliveries, and the derived situations wait for a person; the rest
 * stays internal.
 */
export const defaultDealerStatusPolicy: DealerStatusPolicy = {
  catchUpHours: defaultCatchUpHours,
  rules: {
    open: { mode: 'internal', template: 'We have received order {order_number} and are preparing it.' },
    allocated: {
      mode: 'auto',
      template: 'Order {order_number} is confirmed and the stock is reserved. Expected dispatch: {expected_dispatch_date}.',
    },
    partially_allocated: {
      mode: 'review',
      template:
        'Part of order {order_number} is confirmed. Waiting for stock: {backordered_items}. We will dispatch them as soon as stock arrives.',
    },
    backordered: {
      mode: 'review',
      template: 'Order {order_number} is on backorder: {backordered_items}. We will dispatch as soon as stock arrives.',
    },
    picking: { mode: 'internal', template: 'Order {order_number} is being picked at the warehouse.' },
    partially_dispatched: {
      mode: 'review',
      template:
        'Part of order {order_number} has been dispatched with {carrier}, tracking {tracking_number}; expected delivery {eta}. Track it: {tracking_link}',
    },
    dispatched: {
      mode: 'auto',
      template:
        'Order {order_number} has been dispatched with {carrier}, tracking {tracking_number}. Expected delivery: {eta}. Track it: {tracking_link}',
    },
    partially_delivered: {
      mode: 'review',
      template: 'Part of order {order_number} has been delivered: {delivered_items}. The rest is on its way.',
    },
    delivered: { mode: 'auto', template: 'Order {order_number} has been delivered. Thank you for your business.' },
    closed: { mode: 'internal', template: 'Order {order_number} is complete.' },
    cancelled: { mode: 'internal', template: 'Order {order_number} has been cancelled.' },
    late: {
      mode: 'review',
      template:
        'Order {order_number} has not left our warehouse by the expected date ({expected_dispatch_date}). We are on it and will update you shortly.',
    },
    delayed_in_transit: {
      mode: 'review',
      template:
        'Order {order_number} with {carrier} (tracking {tracking_number}) is past its expected delivery date of {eta}. We are checking with the carrier.',
    },
    backordered_lines: { mode: 'review', template: 'Some items of order {order_number} are on backorder: {backordered_items}.' },
    partial_delivery: { mode: 'review', template: 'Part of order {order_number} has been delivered: {delivered_items}.' },
  },
};

const ruleSchema = z.object({
  mode: z.enum(publishModes),
  template: z.string(),
});

/** The policy as an admin saves it: every row present, every template checked (placeholders included). */
export const dealerStatusPolicySchema = z
  .object({
    rules: z.object(Object.fromEntries(policyRuleKeys.map((k) => [k, ruleSchema])) as Record<PolicyRuleKey, typeof ruleSchema>),
    catchUpHours: z
      .number()
      .int('Whole hours, please.')
      .min(0, 'At least 0 hours.')
      .max(24 * 90, 'At most 90 days (2160 hours).'),
  })
  .superRefine((policy, ctx) => {
    for (const key of policyRuleKeys) {
      const rule = policy.rules[key];
      for (const message of templateProblems(rule.template))
        ctx.addIssue({ code: 'custom', path: ['rules', key, 'template'], message: `${policyRuleLabels[key]}: ${message}` });
    }
  });
