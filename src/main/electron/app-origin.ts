// Where the renderer is loaded from: a privileged custom scheme (app://desk) in the packaged app, the
// Vite dev server in `npm start`. Pure path/URL logic, importable by Node tests without Electron.
import { isAbsolute, relative, resolve, sep } from 'node:path';

export const appScheme = 'app';
export const appHost = 'desk';
/** Origin of the packaged renderer. A custom scheme instead of file:// so that 'self' in the CSP means
 * only the app's own files, not the whole disk. */
export const packagedAppOrigin = `${appScheme}://${appHost}`;

/**
 * scheme://host[:port] of a URL, or null when it has no host. WHATWG's URL.origin is "null" for
 * non-special schemes such as app://, so the shell compares this instead.
 */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** The URL the window loads, and the one origin trusted for navigation and IPC. */
export function rendererLocation(devServerUrl: string | undefined): { url: string; origin: string } {
  if (devServerUrl) {
    const parsed = new URL(devServerUrl);
    return { url: parsed.href, origin: `${parsed.protocol}//${parsed.host}` };
  }
  return { url: `${packagedAppOrigin}/index.html`, origin: packagedAppOrigin };
}

/**
 * Maps an app:// request to a file inside the built renderer directory, or null when the request is for
 * another host or would escape that directory (encoded `..`, absolute paths). The caller answers null
 * with 404.
 */
export function resolveAppAsset(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relativePath = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(rendererDir);
  const target = resolve(root, relativePath);
  const fromRoot = relative(root, target);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot) || fromRoot.split(sep).includes('..')) return null;
  return target;
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export function mimeTypeFor(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const ext = dot >= 0 ? filePath.slice(dot).toLowerCase() : '';
  return mimeTypes[ext] ?? 'application/octet-stream';
}
