// The screen -> roles mapping that shapes navigation, the palette and the landing screen.
import { describe, expect, it } from 'vitest';
import { landingScreen, screens, screensFor } from '../../../src/renderer/app/screens';
import { roles, type Role } from '../../../src/shared/roles';

const ids = (r: Role[]) => screensFor(r).map((s) => s.id);

describe('screensFor', () => {
  it('gives each role the screens of its job', () => {
    expect(ids(['inside_sales'])).toEqual(['orders', 'phone-order', 'dealer-status', 'sync']);
    expect(ids(['credit_controller'])).toEqual(['orders', 'credit-holds', 'dealer-status', 'sync']);
    expect(ids(['credit_manager'])).toEqual(['orders', 'credit-holds', 'dealer-status', 'sync']);
    expect(ids(['manager'])).toEqual(['orders', 'dealer-status', 'dashboards', 'sync']);
    expect(ids(['admin'])).toEqual(['orders', 'sync', 'admin']);
  });

  it('unions the screens of several roles, in navigation order', () => {
    expect(ids(['inside_sales', 'admin'])).toEqual(['orders', 'phone-order', 'dealer-status', 'sync', 'admin']);
    expect(ids([])).toEqual([]);
  });

  it('shows Admin to admins only', () => {
    for (const role of roles) expect(ids([role]).includes('admin')).toBe(role === 'admin');
  });

  it('has unique ids and go-keys, and a plain-words summary for every screen', () => {
    expect(new Set(screens.map((s) => s.id)).size).toBe(screens.length);
    expect(new Set(screens.map((s) => s.goKey)).size).toBe(screens.length);
    for (const s of screens) expect(s.summary.length).toBeGreaterThan(40);
  });
});

describe('landingScreen', () => {
  it('lands each role on its main job', () => {
    expect(landingScreen(['admin'])?.id).toBe('admin');
    expect(landingScreen(['inside_sales'])?.id).toBe('phone-order');
    expect(landingScreen(['credit_controller'])?.id).toBe('credit-holds');
    expect(landingScreen(['manager'])?.id).toBe('dashboards');
    expect(landingScreen([])).toBeUndefined();
  });
});
