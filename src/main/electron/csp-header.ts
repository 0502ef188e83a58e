// Applies the shared Content-Security-Policy (src/main/security/csp.ts) to responses shown in the
// Electron window. Pure functions, tested in Node.
import { contentSecurityPolicy } from '../security/csp';

/**
 * The policy for the window. Production uses the shared strict policy unchanged. Under `npm start` the
 * Vite dev server injects an inline React Fast Refresh preamble, so dev alone allows inline scripts.
 */
export function shellContentSecurityPolicy({ dev }: { dev: boolean }): string {
  if (!dev) return contentSecurityPolicy;
  return contentSecurityPolicy
    .split('; ')
    .map((directive) => (directive.startsWith('script-src ') ? `${directive} 'unsafe-inline'` : directive))
    .join('; ');
}

/** Response headers with any Content-Security-Policy from the server replaced by ours (case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[] | string> | undefined,
  policy: string,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [policy];
  return result;
}
