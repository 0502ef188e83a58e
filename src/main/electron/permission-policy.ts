// Which web permissions the renderer gets: none, except writing sanitized text to the clipboard from the
// app's own origin (copy buttons for order numbers and tracking ids). Pure, tested in Node.
import { originOf } from './app-origin';

const grantedToApp: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined, appOrigin: string): boolean {
  return grantedToApp.has(permission) && originOf(requestingUrl) === appOrigin;
}
