// Small measuring helpers shared by the bench parts: percentiles, timed samples, a temp-dir registry
// that is emptied on exit and on Ctrl+C, and throttled progress lines on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Socket } from 'node:net';
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

/** Temp dirs are named `dd-bench-*`; the reaper removes nothing else. */
export function benchTempDir(prefix: `dd-bench-${string}`): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tellReaper(`+dir ${dir}`);
  const remove = atCleanup(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    tellReaper(`-dir ${dir}`);
  });
  return { dir, remove };
}

/** A child process to stop if the bench dies without cleaning up. */
export function watchChild(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  tellReaper(`+pid ${pid}`);
  return () => tellReaper(`-pid ${pid}`);
}

// A process killed outright (SIGKILL; or Ctrl+C under tsx while a long synchronous SQLite call holds the
// loop: tsx then kills its child after 60 ms) runs no handler. A small detached "reaper" learns the temp
// dirs and children over a pipe and, when the pipe closes because the bench is gone, removes and stops
// whatever is still listed. It exits with the bench; a normal exit leaves it nothing to do.
const reaperScript = `
const fs = require('node:fs'); const path = require('node:path');
const root = path.join(require('node:os').tmpdir(), 'dd-bench-');
const dirs = new Set(); const pids = new Set(); let buf = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (c) => { buf += c; let i;
  while ((i = buf.indexOf('\\n')) >= 0) { const [op, ...rest] = buf.slice(0, i).split(' '); buf = buf.slice(i + 1); const v = rest.join(' ');
    if (op === '+dir' && v.startsWith(root)) dirs.add(v); else if (op === '-dir') dirs.delete(v);
    else if (op === '+pid') pids.add(Number(v)); else if (op === '-pid') pids.delete(Number(v)); } });
process.stdin.on('end', () => {
  for (const pid of pids) { try { process.kill(pid, 'SIGTERM'); } catch {} }
  for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0); });
`;
let reaper: ChildProcess | null = null;

function tellReaper(line: string): void {
  if (reaper?.stdin?.writable) reaper.stdin.write(`${line}\n`);
}

/** Starts the reaper (the CLI does; tests clean up in-process). */
export function startReaper(): void {
  if (reaper) return;
  reaper = spawn(process.execPath, ['-e', reaperScript], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  reaper.unref();
  (reaper.stdin as Socket | null)?.unref();
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
  startReaper();
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
