// The desktop notification for new credit holds, decided and worded once for both hosts: the web host's
// renderer (Notification API) and the Electron shell's main process (Electron's Notification). Pure.
import type { HoldArrivalView } from '../api/features/credit';
import { holdReasonLabels } from './holds';
import { moneyWords } from './words';

export interface HoldNotice {
  title: string;
  body: string;
  /** Replaces an earlier notice with the same tag instead of stacking. */
  tag: string;
  /** The hold to open on click; null when several arrived. */
  orderId: string | null;
}

/** Only people who work the queue are told about holds. */
export function worksHoldQueue(roles: readonly string[] | null): boolean {
  return !!roles && (roles.includes('credit_controller') || roles.includes('credit_manager'));
}

export function holdNotice(
  arrivals: readonly HoldArrivalView[],
  options: { enabled: boolean; recipientRoles: readonly string[] | null },
): HoldNotice | null {
  if (!options.enabled || !worksHoldQueue(options.recipientRoles) || arrivals.length === 0) return null;
  const describe = (a: HoldArrivalView) =>
    `${a.dealerName ?? 'Unknown dealer'} · ${moneyWords(a.total, a.currency)} · ${a.reasons.map((r) => holdReasonLabels[r]).join(', ')}`;
  const waiting = arrivals.filter((a) => a.dealerWaiting);
  const first = arrivals[0] as HoldArrivalView;
  if (arrivals.length === 1) {
    return {
      title: `${first.dealerWaiting ? 'Dealer waiting: ' : ''}new credit hold ${first.orderNumber}`,
      body: describe(first),
      tag: `credit-hold:${first.orderId}`,
      orderId: first.orderId,
    };
  }
  const listed = arrivals.slice(0, 3).map((a) => `${a.orderNumber} (${a.dealerName ?? 'unknown dealer'})`);
  return {
    title: `${arrivals.length} new credit holds${waiting.length > 0 ? `, ${waiting.length} with the dealer waiting` : ''}`,
    body: `${listed.join(', ')}${arrivals.length > 3 ? ` and ${arrivals.length - 3} more` : ''}`,
    tag: 'credit-holds',
    orderId: null,
  };
}
