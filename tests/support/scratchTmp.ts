// One scratch directory per test run, set as TMPDIR before any test worker, web host or browser starts, and
// removed when the run ends. Tests still remove what they make; this catches what a killed process, a
// failed test or a child process (tsx's cache, Chromium's profile) leaves, so a run leaves nothing in /tmp.
// Used as the global setup of both vitest and Playwright.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function useScratchTmp(label: string): () => void {
  const parent = os.tmpdir();
  const scratch = fs.mkdtempSync(path.join(parent, `dealer-desk-${label}-`));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = scratch;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    const left = fs.readdirSync(scratch);
    fs.rmSync(scratch, { recursive: true, force: true });
    if (left.length > 0)
      console.info(`[${label}] removed ${left.length} temp entr${left.length === 1 ? 'y' : 'ies'} the run left in ${scratch}`);
  };
}
