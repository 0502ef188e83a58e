// Navigation and window.open decisions: the window never leaves the app; allow-listed https links go to
// the system browser; everything else is denied.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decideNavigation,
  decideWindowOpen,
  externalLinkAllowList,
  isAllowedExternalUrl,
} from '../../../src/main/electron/navigation-policy';
import { packagedAppOrigin } from '../../../src/main/electron/app-origin';
import { CARRIERS } from '../../../src/sim/data/reference';

describe('decideNavigation', () => {
  it('allows navigation within the packaged app origin', () => {
    expect(decideNavigation('app://desk/index.html', packagedAppOrigin)).toEqual({ action: 'allow' });
    expect(decideNavigation('app://desk/index.html#/orders', packagedAppOrigin)).toEqual({ action: 'allow' });
  });

  it('allows navigation within the dev server origin only', () => {
    expect(decideNavigation('http://localhost:5173/orders', 'http://localhost:5173')).toEqual({ action: 'allow' });
    expect(decideNavigation('http://localhost:5174/', 'http://localhost:5173')).toEqual({ action: 'deny' });
    expect(decideNavigation('app://desk/index.html', 'http://localhost:5173')).toEqual({ action: 'deny' });
  });

  it('denies every other destination', () => {
    for (const url of [
      'https://evil.test/',
      'http://www.bluedart.com/track',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(decideNavigation(url, packagedAppOrigin), url).toEqual({ action: 'deny' });
    }
  });

  it('sends allow-listed https links to the system browser instead of navigating', () => {
    expect(decideNavigation('https://www.bluedart.com/tracking?awb=123', packagedAppOrigin)).toEqual({
      action: 'open-external',
      url: 'https://www.bluedart.com/tracking?awb=123',
    });
  });
});

describe('decideWindowOpen', () => {
  it('never opens an app window, even for the app origin', () => {
    expect(decideWindowOpen('app://desk/index.html')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('https://evil.test/')).toEqual({ action: 'deny' });
  });

  it('opens carrier tracking pages externally', () => {
    expect(decideWindowOpen('https://www.delhivery.com/track/package/1234')).toEqual({
      action: 'open-external',
      url: 'https://www.delhivery.com/track/package/1234',
    });
  });

  it('opens the tracking page of every carrier the reference DMS dispatches with', () => {
    for (const carrier of CARRIERS) {
      const url = `${carrier.url}${carrier.trackingPrefix}123456789`;
      expect(decideWindowOpen(url), carrier.name).toEqual({ action: 'open-external', url });
    }
  });
});

describe('isAllowedExternalUrl', () => {
  it('accepts the listed hosts and their subdomains over https', () => {
    expect(isAllowedExternalUrl('https://bluedart.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://track.dtdc.in/x')).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.FEDEX.COM/fedextrack/?trknbr=1')).toBe(true);
  });

  it('rejects look-alikes, credentials, ports and other schemes', () => {
    for (const url of [
      'http://www.bluedart.com/',
      'https://bluedart.com.evil.test/',
      'https://evilbluedart.com/',
      'https://www.bluedart.com@evil.test/',
      'https://user:pw@www.bluedart.com/',
      'https://www.bluedart.com:8443/',
      'ftp://www.bluedart.com/',
      'mailto:ops@bluedart.com',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('honours a custom allow-list', () => {
    expect(isAllowedExternalUrl('https://carrier.example/', ['carrier.example'])).toBe(true);
    expect(isAllowedExternalUrl('https://www.bluedart.com/', ['carrier.example'])).toBe(false);
  });

  it('never allows a host outside the list (property)', () => {
    const hostLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/);
    fc.assert(
      fc.property(fc.array(hostLabel, { minLength: 1, maxLength: 4 }), fc.constantFrom('com', 'in', 'test', 'net'), (labels, tld) => {
        const host = `${labels.join('.')}.${tld}`;
        const listed = externalLinkAllowList.some((domain) => host === domain || host.endsWith(`.${domain}`));
        expect(isAllowedExternalUrl(`https://${host}/path`)).toBe(listed);
        expect(decideWindowOpen(`https://${host}/`).action).toBe(listed ? 'open-external' : 'deny');
      }),
      { numRuns: 300 },
    );
  });
});
