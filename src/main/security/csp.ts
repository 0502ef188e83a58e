// The Content-Security-Policy for every page of the UI, in Electron and in the web host alike.
// No inline scripts, no eval, no remote origins: the renderer talks only to its own origin (and, in the
// web host, its own WebSocket). Mantine injects <style> tags at run time, hence style-src 'unsafe-inline'.
// Exports are built in a Web Worker bundled by Vite as the app's own file: worker-src 'self' (and nothing
// else: no blob: or data: workers).
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
