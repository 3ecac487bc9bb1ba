import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite';
import { DATA_DIR } from '../helpers/testApp';
const PHONE = { width: 360, height: 740 };

/** What the newcomer types to search, per language; "topics" is the locale's own word. */
const SEARCHES: Record<string, string> = {
  de: 'Integrationskurs in Döbeln',
  uk: 'інтеграційний курс у Дебельні',
  ar: 'دورة اندماج في دوبلن',
  fa: 'کلاس ادغام در دوبلن',
};
const menuWord = (lang: string) => (JSON.parse(fs.readFileSync(path.join(DATA_DIR, 'locales', `${lang}.json`), 'utf8')) as { nav: { menu: string } }).nav.menu;

type Box = { what: string; left: number; right: number; top: number; bottom: number };

/** Boxes of what a newcomer reads: the bot's bubbles, the offer cards, the choices and the text box. */
async function boxes(page: Page): Promise<Box[]> {
  return page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ className: unknown; getBoundingClientRect(): Box }> } }).document;
    const out: Box[] = [];
    for (const [what, selector] of [
      ['bubble', '.webchat__bubble__content'],
      ['card', '.ac-adaptiveCard'],
      ['choice', '.webchat__suggested-actions__button'],
      ['textbox', '[data-id="webchat-sendbox-input"]'],
    ] as const) {
      for (const el of Array.from(doc.querySelectorAll(selector))) {
        const r = el.getBoundingClientRect();
        out.push({ what, left: r.left, right: r.right, top: r.top, bottom: r.bottom });
      }
    }
    return out;
  });
}

/**
 * The chat on a 360 × 740 phone, as newcomers use it. Before: the message above the offer cards
 * ran 10..490 px in Ukrainian and −130..350 px in Arabic, and after "topics" thirteen buttons
 * pushed the text box to y ≈ 880.
 */
describe('the chat on a 360 px phone (Chromium)', function () {
  this.timeout(120_000);
  const suite = browserSuite();

  for (const lang of Object.keys(SEARCHES)) {
    it(`keeps replies, cards and the text box on the screen in ${lang}`, async () => {
      const { browser, running } = suite;
      const page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
      try {
        await page.goto(`${running.baseUrl}/?lang=${lang}`);
        const input = page.locator('[data-id="webchat-sendbox-input"]').first();
        await input.waitFor({ timeout: 20_000 });
        // The chosen language is in sight in the picker row, which scrolls sideways on a phone.
        const chosen = await page.locator('nav a[aria-current]').boundingBox();
        assert.ok(chosen && chosen.x >= 0 && chosen.x + chosen.width <= PHONE.width + 1, `${lang}: the chosen language at ${chosen?.x}`);

        await input.fill(SEARCHES[lang]!);
        await input.press('Enter');
        await page.locator('.ac-adaptiveCard').nth(2).waitFor({ timeout: 20_000 });
        await page.locator('.webchat__suggested-actions__button').first().waitFor({ timeout: 20_000 });
        const outside = (await boxes(page)).filter((b) => b.left < -1 || b.right > PHONE.width + 1);
        assert.deepEqual(outside, [], `${lang}: wider than the screen`);
        const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
        assert.ok(width <= PHONE.width, `${lang}: the page is ${width} px wide`);
        if (lang === 'ar' || lang === 'uk') await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-phone.png`) });

        await input.fill(menuWord(lang));
        await input.press('Enter');
        await page.locator('.webchat__suggested-actions__button').nth(12).waitFor({ state: 'attached', timeout: 20_000 });
        const after = await boxes(page);
        const textbox = after.find((b) => b.what === 'textbox')!;
        assert.ok(textbox.top >= 0 && textbox.bottom <= PHONE.height, `${lang}: the text box at y ${textbox.top}..${textbox.bottom}`);
        const visibleChoices = after.filter((b) => b.what === 'choice' && b.top >= 0 && b.bottom <= textbox.top);
        assert.ok(visibleChoices.length >= 2, `${lang}: ${visibleChoices.length} topics in sight`);
        for (const b of after.filter((x) => x.what === 'choice')) assert.ok(b.left >= -1 && b.right <= PHONE.width + 1, `${lang}: a topic runs ${b.left}..${b.right}`);
        if (lang === 'uk') await page.screenshot({ path: path.join(ARTIFACTS, `webchat-${lang}-phone-topics.png`) });

        // The text box shows where the focus is.
        await input.focus();
        const ring = await page.locator('.webchat__send-box').first().evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { boxShadow: string } }).getComputedStyle(e).boxShadow);
        assert.match(ring, /rgb\(11, 83, 148\)/, `${lang}: focus ring ${ring}`);
      } finally {
        await page.close();
      }
    });
  }

  it('speaks Farsi in Web Chat’s own labels too: no English status or screen-reader text', async () => {
    const { browser, running } = suite;
    const page = await browser.newPage({ viewport: PHONE, isMobile: true });
    try {
      await page.goto(`${running.baseUrl}/?lang=fa`);
      const input = page.locator('[data-id="webchat-sendbox-input"]').first();
      await input.waitFor({ timeout: 20_000 });
      await input.fill(SEARCHES.fa!);
      await input.press('Enter');
      await page.locator('.ac-adaptiveCard').first().waitFor({ timeout: 20_000 });
      const labels = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null; className: unknown }> } }).document;
        const texts: string[] = [];
        for (const el of Array.from(doc.querySelectorAll('#webchat [aria-label], #webchat [title], #webchat .webchat__screen-reader-only, #webchat [placeholder]'))) {
          for (const t of [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('placeholder'), String(el.className).includes('screen-reader') ? el.textContent : null]) if (t) texts.push(t);
        }
        return texts;
      });
      const english = labels.filter((t) => /\b(Sent|said|attached|Send|message|Chat|history|Connected|attachment|Type your)\b/i.test(t));
      assert.deepEqual(english, []);
      assert.ok(labels.length > 5, 'labels were found');
    } finally {
      await page.close();
    }
  });
});
