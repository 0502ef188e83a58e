// Decides what happens when the renderer tries to leave the app: in-app navigation stays, everything else
// is denied, and a few external sites (carrier tracking) open in the system browser. No Electron import,
// so the policy is tested in Node.
import { originOf } from './app-origin';

/**
 * Hosts whose https links may open in the system browser (a host matches itself and its subdomains).
 * Carrier tracking pages linked from dispatch statuses; add a carrier here, nowhere else.
 */
export const externalLinkAllowList: readonly string[] = [
  'bluedart.com',
  'delhivery.com',
  'dtdc.in',
  'dtdc.com',
  'ecomexpress.in',
  'xpressbees.com',
  'shadowfax.in',
  'gati.com',
  'tciexpress.in',
  'safexpress.com',
  'vrlgroup.in',
  'indiapost.gov.in',
  'fedex.com',
  'dhl.com',
  'ups.com',
];

export type NavigationDecision =
  /** Same origin as the app: let it happen (reload, in-app routes). */
  | { action: 'allow' }
  /** Cancel it in the window and hand the URL to the system browser. */
  | { action: 'open-external'; url: string }
  /** Cancel it; nothing opens. */
  | { action: 'deny' };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The parsed URL when it is https, on the allow-list, without credentials or a non-default port. */
function allowedExternalUrl(url: string, allowList: readonly string[]): URL | null {
  const parsed = parse(url);
  if (!parsed) return null;
  if (parsed.protocol !== 'https:') return null;
  // userinfo can make a link look like an allowed host to a reader ("https://bluedart.com@evil.test").
  if (parsed.username !== '' || parsed.password !== '') return null;
  if (parsed.port !== '') return null;
  const host = parsed.hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((domain) => host === domain || host.endsWith(`.${domain}`)) ? parsed : null;
}

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = externalLinkAllowList): boolean {
  return allowedExternalUrl(url, allowList) !== null;
}

/** For 'will-navigate' / 'will-redirect': the window never leaves the app. */
export function decideNavigation(
  targetUrl: string,
  appOrigin: string,
  allowList: readonly string[] = externalLinkAllowList,
): NavigationDecision {
  if (originOf(targetUrl) === appOrigin) return { action: 'allow' };
  const external = allowedExternalUrl(targetUrl, allowList);
  return external ? { action: 'open-external', url: external.href } : { action: 'deny' };
}

/** For setWindowOpenHandler: no new Electron windows, ever; allow-listed links go to the system browser. */
export function decideWindowOpen(targetUrl: string, allowList: readonly string[] = externalLinkAllowList): NavigationDecision {
  const external = allowedExternalUrl(targetUrl, allowList);
  return external ? { action: 'open-external', url: external.href } : { action: 'deny' };
}
