import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import { markdownLiteral } from '../../src/text/markup';
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite';
import { sameText, syntaxSoup } from '../helpers/markupSoup';

const TITLE = '<img src=x onerror="window.__pwned=1">';
const SUMMARY = 'Anmeldung: <a href="https://evil.example">x</a> oder [y](https://evil.example) – *nicht* fett';
const PROVIDER = 'Träger <b>[z](https://evil.example/p)</b>';
const QUESTION = 'Wie melde ich mich zum Zauberflötenkurs an?';
const ANSWER = 'Zauberflöte: hier <img src=x onerror="window.__pwned=2"> oder [klick](https://evil.example/a) – **nicht** fett, www.evil.com';

/**
 * Offer, provider and answer texts come from coordinators, imports and provider proposals. In a
 * real Web Chat they must read exactly as typed and never become elements: no image, no link,
 * no script.
 */
describe('catalogue markup in the web chat (Chromium)', function () {
  this.timeout(90_000);
  const suite = browserSuite();
  before(async () => {
    const base = (await suite.running.app.catalogue.get('offers', 'o-001')) as unknown as Record<string, unknown>;
    const provider = (await suite.running.app.catalogue.get('providers', 'p-vhs-dl')) as unknown as Record<string, unknown>;
    // Rejected records throw (CatalogueRejected); accepted ones are searchable at once.
    await suite.running.app.catalogue.importRecords(
      {
        providers: [{ row: 1, value: { ...provider, id: 'p-markup', name: PROVIDER } }],
        offers: [{ row: 1, value: { ...base, id: 'x-markup', providerId: 'p-markup', title: { de: TITLE }, summary: { de: SUMMARY }, url: 'https://www.vhs-mittelsachsen.de' } }],
        answers: [{ row: 1, value: { id: 'a-markup', category: 'german-course', questions: { de: [QUESTION] }, answer: { de: ANSWER }, followUps: [], source: 'test' } }],
      },
      { mode: 'upsert', dryRun: false, actor: null },
    );
  });

  it('shows a hostile title, summary and provider as text, with no element, link or script from them', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'de-DE' });
    // "Chat about this" from the offer directory asks the bot for exactly this offer.
    await page.goto(suite.running.baseUrl + '/?lang=de&offer=x-markup');
    const card = page.locator('.ac-adaptiveCard', { hasText: 'Anmeldung' }).first();
    await card.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-markup.png'), fullPage: true });

    // Every finding at once, so a failure tells the whole story.
    const problems: string[] = [];
    if (await page.locator('img[src="x"]').count()) problems.push('the title became an <img>');
    if (await page.locator('a[href^="https://evil.example"]').count()) problems.push('the summary or provider became a link');
    if (await card.locator('b, strong, em').count()) problems.push('markup became emphasis');
    if ((await page.evaluate('window.__pwned')) !== undefined) problems.push('the onerror handler ran');
    const text = await card.innerText();
    for (const literal of [TITLE, '<a href="https://evil.example">x</a>', '[y](https://evil.example)', '*nicht* fett', PROVIDER]) {
      if (!text.includes(literal)) problems.push(`not shown as typed: ${literal}`);
    }
    assert.deepEqual(problems, [], `card text:\n${text}\n\ncard HTML:\n${await card.innerHTML()}`);
    // The offer's own link is still the button, not text.
    assert.equal(await card.getByRole('button', { name: 'Webseite öffnen' }).count(), 1);
  });

  it('shows a hostile answer as text in the message itself', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 420, height: 900 }, locale: 'de-DE' });
    await page.goto(suite.running.baseUrl + '/?lang=de');
    await page.getByText('Willkommen beim Bildungslotsen').first().waitFor({ timeout: 20_000 });
    const input = page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]').first();
    await input.fill(QUESTION);
    await input.press('Enter');
    await page.getByText(ANSWER, { exact: false }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'webchat-markup-answer.png'), fullPage: true });
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.equal(await page.locator('a[href*="evil."]').count(), 0, 'neither link syntax nor a bare address became a link');
    const bubble = page.locator('.webchat__bubble', { hasText: 'Zauberflöte' }).last();
    assert.equal(await bubble.locator('strong, b, em').count(), 0);
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    // Our own formatting still works: the welcome's title is bold, its punctuation as written.
    await page.locator('.webchat__bubble strong', { hasText: 'Willkommen beim Bildungslotsen Mittelsachsen!' }).first().waitFor({ timeout: 5_000 });
    await page.getByText('zum Beispiel: „Integrationskurs in Döbeln“ oder „Was kostet ein Kitaplatz?“').first().waitFor({ timeout: 5_000 });
  });

  it('renders generated syntax soup as text with Web Chat’s own renderer (markdown-it 14, linkify, sanitizer)', async () => {
    const page = await suite.browser.newPage();
    await page.goto(suite.running.baseUrl + '/?lang=de');
    await page.waitForFunction('typeof window.WebChat?.renderMarkdown === "function"');
    const sources = [...fc.sample(syntaxSoup, { numRuns: 3000, seed: Date.now() & 0xffff }), ...['https://evil.example', 'www.evil.com', 'a@evil.de', '//evil.example', 'evil.рф', 'ftp://evil.com']];
    // What a newcomer would see for each: the elements Web Chat made, and the text.
    const shown = (await page.evaluate(
      `(${JSON.stringify(sources.map(markdownLiteral))}).map((markdown) => {
        const box = document.createElement('div');
        box.innerHTML = window.WebChat.renderMarkdown(markdown, { markdownRespectCRLF: false }, { externalLinkAlt: '' });
        return { tags: [...box.querySelectorAll('*')].map((e) => e.tagName).filter((t) => t !== 'P' && t !== 'BR'), text: box.textContent };
      })`,
    )) as { tags: string[]; text: string }[];
    const wrong = sources.flatMap((source, i) => {
      const { tags, text } = shown[i]!;
      return tags.length || !sameText(source, text) ? [{ source, escaped: markdownLiteral(source), tags, text }] : [];
    });
    assert.deepEqual(wrong.slice(0, 5), []);
  });
});
