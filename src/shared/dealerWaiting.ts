// "Dealer waiting on the phone" (issues 7 and 8). The platform's order has no field for it, so the phone
// order desk carries it in the order's `notes` behind a fixed marker, and every desk's hold queue reads it
// from there (contracts/README.md proposes a real field). The marker is the first line of the notes.
export const DEALER_WAITING_MARKER = '[dealer-waiting]';

export function hasDealerWaiting(notes: string | null | undefined): boolean {
  return typeof notes === 'string' && notes.startsWith(DEALER_WAITING_MARKER);
}

/** The notes as sent: the marker first when the dealer is waiting, then the clerk's own notes. */
export function withDealerWaiting(notes: string | null | undefined, waiting: boolean): string | null {
  const own = (hasDealerWaiting(notes) ? (notes ?? '').slice(DEALER_WAITING_MARKER.length) : (notes ?? '')).replace(/^\s+/, '');
  if (!waiting) return own.length > 0 ? own : null;
  return own.length > 0 ? `${DEALER_WAITING_MARKER}\n${own}` : DEALER_WAITING_MARKER;
}
