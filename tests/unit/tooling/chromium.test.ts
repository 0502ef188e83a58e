// The end-to-end tests' browser choice (tests/e2e/support/chromium.ts): Debian's Chromium where it
// exists, then DEALER_DESK_CHROMIUM, then Playwright's own; a DEALER_DESK_CHROMIUM that points nowhere is
// an error, not a silent fallback.
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseChromium, chromiumEnvVar, debianChromium, isExecutableFile } from '../../e2e/support/chromium';

const dir = mkdtempSync(join(tmpdir(), 'dd-chromium-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const only =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe('chooseChromium', () => {
  it("uses Debian's Chromium where it exists, even when the variable is set", () => {
    expect(chooseChromium({}, only(debianChromium))).toMatchObject({ source: 'debian', executablePath: debianChromium });
    expect(chooseChromium({ [chromiumEnvVar]: '/opt/chrome' }, only(debianChromium, '/opt/chrome'))).toMatchObject({ source: 'debian' });
  });

  it(`then the path in ${chromiumEnvVar}`, () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(chooseChromium({ [chromiumEnvVar]: ` ${mac} ` }, only(mac))).toEqual({
      source: 'environment',
      executablePath: mac,
      description: `${chromiumEnvVar} (${mac})`,
    });
  });

  it("then Playwright's own browser, saying how to install it", () => {
    const choice = chooseChromium({}, only());
    expect(choice.source).toBe('playwright');
    expect(choice.executablePath).toBeUndefined();
    expect(choice.description).toContain('npx playwright install chromium');
    expect(chooseChromium({ [chromiumEnvVar]: '  ' }, only()).source).toBe('playwright');
  });

  it(`refuses a ${chromiumEnvVar} that is not an executable file`, () => {
    expect(() => chooseChromium({ [chromiumEnvVar]: '/nope/chrome' }, only())).toThrow(
      `${chromiumEnvVar}=/nope/chrome is not an executable file`,
    );
  });
});

describe('isExecutableFile', () => {
  it('is true for an executable file only', () => {
    const exe = join(dir, 'chrome');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    const plain = join(dir, 'notes.txt');
    writeFileSync(plain, 'x');
    chmodSync(plain, 0o644);
    mkdirSync(join(dir, 'folder'));
    expect(isExecutableFile(exe)).toBe(true);
    expect(isExecutableFile(join(dir, 'folder'))).toBe(false);
    expect(isExecutableFile(join(dir, 'missing'))).toBe(false);
    // Even for root: access(X_OK) needs an execute bit on Linux.
    expect(isExecutableFile(plain)).toBe(false);
  });
});
