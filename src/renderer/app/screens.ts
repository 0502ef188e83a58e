// The screens of the desk and which roles see each: the one place the navigation, the command palette
// and the keyboard shortcuts read from. The backend still checks every procedure; this only shapes the UI.
import { dealerStatusRoles } from '../../shared/dealerStatus';
import type { Role } from '../../shared/roles';

export type ScreenId = 'orders' | 'phone-order' | 'credit-holds' | 'dealer-status' | 'dashboards' | 'sync' | 'admin';

export interface ScreenDef {
  id: ScreenId;
  label: string;
  roles: readonly Role[];
  /** Second key of the "g <key>" sequence. */
  goKey: string;
  /** What the screen is for, shown in the palette and on screens not built yet. */
  summary: string;
}

const everyone: readonly Role[] = ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'];

/** In navigation order; Alt+1..7 follow this order. */
export const screens: readonly ScreenDef[] = [
  {
    id: 'orders',
    label: 'Orders',
    roles: everyone,
    goKey: 'o',
    summary:
      'Every platform order in the replica in one fast, virtualised table: number, dealer, channel, status, total, placed, DMS status and dealer-visible status, with sort, filters by status, channel and region, and search by order number or dealer. It updates live as the sync brings changes in.',
  },
  {
    id: 'phone-order',
    label: 'Phone order',
    roles: ['inside_sales'],
    goKey: 'p',
    summary:
      'Order entry for a dealer on the phone: find the dealer by name, code, phone or town in one box, reorder from history, SKU search as you type, the account price, quantity breaks and stock by warehouse on every line, and a credit preview before submitting. Submitting works offline; the order is placed on the platform when the link returns.',
  },
  {
    id: 'credit-holds',
    label: 'Credit holds',
    roles: ['credit_controller', 'credit_manager'],
    goKey: 'h',
    summary:
      'The hold queue: orders on credit hold with age and SLA, dealer waiting on the phone first, the exposure breakdown behind each hold (receivables by age, unbilled DMS orders, orders not yet handed over, this order) with as-of times, approve or reject with a reason, second approval above the controller limit, and holds whose facts changed flagged for a fresh look.',
  },
  {
    id: 'dealer-status',
    label: 'Dealer status',
    roles: dealerStatusRoles,
    goKey: 'd',
    summary:
      'What dealers see about their orders: the publish queue of status updates waiting for review, a preview of exactly what the dealer will read, ad-hoc updates from any order, each order timeline of publications, and the editable policy mapping DMS fulfilment statuses to dealer statuses.',
  },
  {
    id: 'dashboards',
    label: 'Dashboards',
    roles: ['manager'],
    goKey: 'b',
    summary:
      'Dealer and whole-book dashboards: sales trend, credit utilisation, overdue ageing, days sales outstanding, fill rate, return rate and hold history, at-risk dealers first, with export to CSV and XLSX.',
  },
  {
    id: 'sync',
    label: 'Sync',
    roles: everyone,
    goKey: 's',
    summary:
      'Sync health per system: state, last successful pull and lag; outbox items with filters, retry and discard with confirmation; and the quarantine of records that failed validation.',
  },
  {
    id: 'admin',
    label: 'Admin',
    roles: ['admin'],
    goKey: 'a',
    summary: 'Staff accounts and their roles: add people, change roles, deactivate accounts.',
  },
];

export function screensFor(staffRoles: readonly Role[]): ScreenDef[] {
  return screens.filter((screen) => screen.roles.some((role) => staffRoles.includes(role)));
}

export function screenById(id: string): ScreenDef | undefined {
  return screens.find((screen) => screen.id === id);
}

/** Alt+N for the Nth screen in `screens` (1-based), whether or not the user can see it, so numbers never shift. */
export function altShortcut(screen: ScreenDef): string {
  return `Alt+${screens.indexOf(screen) + 1}`;
}

/** Where a person lands after sign-in: the screen of their main job, if they may open it. */
const landingByRole: readonly [Role, ScreenId][] = [
  ['admin', 'admin'],
  ['credit_controller', 'credit-holds'],
  ['credit_manager', 'credit-holds'],
  ['inside_sales', 'phone-order'],
  ['manager', 'dashboards'],
];

export function landingScreen(staffRoles: readonly Role[]): ScreenDef | undefined {
  const visible = screensFor(staffRoles);
  for (const [role, id] of landingByRole) {
    const screen = staffRoles.includes(role) ? visible.find((s) => s.id === id) : undefined;
    if (screen) return screen;
  }
  return visible[0];
}
