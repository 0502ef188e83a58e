// Small measuring helpers shared by the bench parts: percentiles, timed samples, a temp-dir registry
// that is emptied on exit and on Ctrl+C, and throttled progress lines on stderr.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Nearest-rank percentile of unsorted samples (ms); NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Timing {
  samples: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarise(samples: readonly number[]): Timing {
  const round = (v: number) => Number(v.toFixed(2));
  return {
    samples: samples.length,
    p50: round(percentile(samples, 50)),
    p95: round(percentile(samples, 95)),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Temp data: everything the bench writes lives under os.tmpdir() and is removed at the end, on an
// exception, and on SIGINT/SIGTERM.
// ---------------------------------------------------------------------------------------------------------

const cleanups = new Map<number, () => void>();
let nextCleanup = 1;

/** Registers something to undo at exit; returns a function that runs it now (once). */
export function atCleanup(fn: () => void): () => void {
  const id = nextCleanup++;
  cleanups.set(id, fn);
  return () => {
    if (!cleanups.delete(id)) return;
    fn();
  };
}

export function benchTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const remove = atCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, remove };
}

export function runCleanups(): void {
  for (const [id, fn] of [...cleanups].reverse()) {
    cleanups.delete(id);
    try {
      fn();
    } catch {
      // Best effort: one failed removal must not keep the others from running.
    }
  }
}

/** For the CLI: clean up on exit and turn Ctrl+C / SIGTERM into a clean exit. */
export function installCleanupHandlers(write: (line: string) => void): void {
  process.on('exit', runCleanups);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      write(`\n${signal}: stopping, removing temp data`);
      runCleanups();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------------------

export type ProgressLog = (line: string, opts?: { throttle?: string }) => void;

/** Lines on stderr prefixed with the elapsed time; a throttled key prints at most every `everyMs`. */
export function progressLog(
  started = performance.now(),
  everyMs = 5000,
  out: (s: string) => void = (s) => process.stderr.write(s),
): ProgressLog {
  const last = new Map<string, number>();
  return (line, opts) => {
    const now = performance.now();
    if (opts?.throttle) {
      const prev = last.get(opts.throttle);
      if (prev !== undefined && now - prev < everyMs) return;
      last.set(opts.throttle, now);
    }
    out(`[bench ${clock((now - started) / 1000)}] ${line}\n`);
  };
}

export function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const silentLog: ProgressLog = () => {};
