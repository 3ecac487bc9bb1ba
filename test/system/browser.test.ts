import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite';

/**
 * The newcomer's page in a real browser. .ci/run installs Debian's chromium; on a machine
 * without it the suite is skipped with a note, unless REQUIRE_BROWSER is set (CI sets it).
 */
describe('web chat in a real browser (Chromium)', function () {
  this.timeout(60_000);
  const suite = browserSuite();

  it('chats in Arabic right to left, shows offer cards, and keeps the conversation on reload', async () => {
    const { browser, running } = suite;
    const page = await browser.newPage({ viewport: { width: 400, height: 800 }, locale: 'de-DE' });
    const violations: string[] = [];
    page.on('console', (msg) => {
      if (/Content Security Policy|Refused to/.test(msg.text())) violations.push(msg.text());
    });
    await page.goto(running.baseUrl + '/');
    await page.getByText('Willkommen beim Bildungslotsen').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await page.getByRole('link', { name: 'العربية' }).click();
    await page.waitForURL(/lang=ar/);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    // The picker told the bot: it confirms in Arabic.
    await page.getByText('سأجيب الآن باللغة العربية').first().waitFor({ timeout: 20_000 });

    const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]').first();
    await input.fill('دورة اندماج في دوبلن');
    await input.press('Enter');
    await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-ar.png'), fullPage: true });

    await page.reload();
    await page.getByText('دورة اندماج في دوبلن').first().waitFor({ timeout: 20_000 });
    assert.ok((await page.locator('.ac-adaptiveCard').count()) > 0, 'cards are still there after reload');
    assert.deepEqual(violations, []);
  });
});
