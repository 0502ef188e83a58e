// Worker-thread entries that live beside the module that starts them: built JavaScript in a bundle
// (out/main/<name>.js, emitted by electron.config.ts), or the TypeScript source under tsx (development,
// tests), where the thread registers tsx itself before loading the entry.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface ThreadEntry {
  url: URL;
  typescript: boolean;
}

/** `./<name>.js` or `./<name>.ts` relative to `base` (the caller's import.meta.url), or null when neither exists. */
export function findThreadEntry(name: string, base: string): ThreadEntry | null {
  for (const [file, typescript] of [
    [`./${name}.js`, false],
    [`./${name}.ts`, true],
  ] as const) {
    const url = new URL(file, base);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { url, typescript };
  }
  return null;
}

export function startThread(entry: ThreadEntry, workerData: unknown): Worker {
  return entry.typescript
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}); })`, {
        eval: true,
        workerData,
      })
    : new Worker(entry.url, { workerData });
}
