import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Headless Chromium from Debian for the browser tests. Without it the calling test or suite is
 * skipped with a note, unless REQUIRE_BROWSER is set (CI sets it, after installing chromium).
 */
export async function launchChromium(context: Mocha.Context): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.REQUIRE_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM}`);
    console.warn(`    (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`);
    context.skip();
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
