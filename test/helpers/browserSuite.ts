import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium';
import { startTestApp, type RunningApp } from './testApp';
import type { Config } from '../../src/config/config';

/** Where browser tests leave their screenshots (ignored by git, kept by CI). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

/**
 * Chromium and a running app for the tests of the calling `describe`, closed after them; read
 * `browser` and `running` inside the tests (they are set in `before`).
 */
export function browserSuite(config?: Config): { browser: Browser; running: RunningApp } {
  const suite = {} as { browser: Browser; running: RunningApp };
  before(async function () {
    suite.browser = await launchChromium(this);
    suite.running = await startTestApp(config);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await suite.browser?.close();
    await suite.running?.app.stop();
  });
  return suite;
}
