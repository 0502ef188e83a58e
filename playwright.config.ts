// Playwright: end-to-end tests of the built renderer against the real backend behind the web host, in
// Chromium: Debian's /usr/bin/chromium where it exists, else $DEALER_DESK_CHROMIUM, else Playwright's own
// (tests/e2e/support/chromium.ts). Each test starts its own backend on a fresh data directory
// (tests/e2e/support/fixtures.ts).
import { defineConfig } from '@playwright/test';
import { chooseChromium } from './tests/e2e/support/chromium';

const chromium = chooseChromium();
// Once per run (the config is loaded by the runner and again by each worker): say which browser is used.
if (!process.env['DEALER_DESK_CHROMIUM_ANNOUNCED']) {
  process.env['DEALER_DESK_CHROMIUM_ANNOUNCED'] = '1';
  console.info(`[e2e] browser: ${chromium.description}`);
}

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  globalSetup: './tests/e2e/support/globalSetup.ts',
  // Two cores shared with the rest of the suite: one browser at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(chromium.executablePath ? { executablePath: chromium.executablePath } : {}),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
