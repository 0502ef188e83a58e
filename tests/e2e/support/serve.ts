// The life of an e2e support host: print one JSON line {"url", "dataDir"}, then serve until SIGTERM/SIGINT
// (or stdin closing, when Playwright dies without signalling), stop, delete the data directory and exit.
import { rmSync } from 'node:fs';

export function serveUntilStopped(url: string, dataDir: string, stop: () => Promise<void>): void {
  process.stdout.write(JSON.stringify({ url, dataDir }) + '\n');
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    try {
      await stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.stdin.on('end', () => void shutdown());
  process.stdin.resume();
}
