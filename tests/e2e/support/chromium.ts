// Which Chromium the end-to-end tests drive (playwright.config.ts imports this): Debian's
// /usr/bin/chromium where it exists (this machine and CI, which installs it), otherwise the browser named by
// DEALER_DESK_CHROMIUM (e.g. Chrome on macOS or Windows), otherwise Playwright's own Chromium, which a
// newcomer installs once with `npx playwright install chromium`. Plain Node, tested in
// tests/unit/tooling/chromium.test.ts.
import { accessSync, constants, statSync } from 'node:fs';

export const chromiumEnvVar = 'DEALER_DESK_CHROMIUM';
export const debianChromium = '/usr/bin/chromium';

export interface ChromiumChoice {
  /** Where the browser comes from. */
  source: 'debian' | 'environment' | 'playwright';
  /** For Playwright's launchOptions; undefined means Playwright's own browser. */
  executablePath: string | undefined;
  /** One line for the test output, so a run says which browser it used. */
  description: string;
}

/** Whether a path is an executable file (a directory or a missing file is not). */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function chooseChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  isExecutable: (path: string) => boolean = isExecutableFile,
): ChromiumChoice {
  if (isExecutable(debianChromium)) {
    return { source: 'debian', executablePath: debianChromium, description: `Debian's Chromium (${debianChromium})` };
  }
  const fromEnv = env[chromiumEnvVar]?.trim();
  if (fromEnv) {
    // A path set on purpose that does not work is a mistake to report, not a reason to quietly use another browser.
    if (!isExecutable(fromEnv)) {
      throw new Error(`${chromiumEnvVar}=${fromEnv} is not an executable file. Point it at a Chromium or Chrome binary, or unset it.`);
    }
    return { source: 'environment', executablePath: fromEnv, description: `${chromiumEnvVar} (${fromEnv})` };
  }
  return {
    source: 'playwright',
    executablePath: undefined,
    description: `Playwright's own Chromium (no ${debianChromium}, no ${chromiumEnvVar}; install it once with: npx playwright install chromium)`,
  };
}
