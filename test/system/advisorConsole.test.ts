import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite';
import { parseWeeklyHours } from '../../src/handoff/openingHours';
import { testConfig } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';
const XSS = '<img src=x onerror="window.__xss=1">';

/**
 * The "done when", in two real browser tabs: a newcomer asks for a person in Arabic in
 * the web chat, an advisor accepts in the console, they write both ways, the advisor closes;
 * and markup in names and messages stays text on both sides.
 */
describe('advisor console and web chat together (Chromium)', function () {
  this.timeout(90_000);
  const config = testConfig();
  const suite = browserSuite({ ...config, handoff: { ...config.handoff, hours: { ...config.handoff.hours, weekly: parseWeeklyHours('always'), publicHolidays: 'none' } } });
  before(async () => {
    await suite.running.app.users.add({ username: 'layla', password: PASSWORD, role: 'advisor', languages: ['ar', 'de'], displayName: `Layla ${XSS}` });
  });

  const suggested = (page: Page, name: string) => page.locator('.webchat__suggested-actions__button', { hasText: name }).first();
  const sendbox = (page: Page) => page.locator('input[data-id="webchat-sendbox-input"], textarea[data-id="webchat-sendbox-input"]').first();

  it('an Arabic request is accepted, answered both ways and closed; nothing injected runs', async () => {
    const violations: string[] = [];
    const chat = await suite.browser.newPage({ viewport: { width: 420, height: 900 } });
    const console_ = await suite.browser.newPage({ viewport: { width: 1200, height: 900 } });
    for (const page of [chat, console_]) page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));

    await console_.goto(suite.running.baseUrl + '/advisor');
    await console_.getByLabel('Benutzername').fill('layla');
    await console_.getByLabel('Passwort').fill(PASSWORD);
    await console_.getByRole('button', { name: 'Anmelden' }).click();
    await console_.getByText('Niemand wartet.').waitFor();

    await chat.goto(suite.running.baseUrl + '/?lang=ar');
    await chat.getByText('أهلًا بك في Bildungslotse').first().waitFor({ timeout: 20_000 });
    await sendbox(chat).fill('أريد التحدث مع شخص');
    await sendbox(chat).press('Enter');
    await suggested(chat, 'نعم، مشاركة المحادثة').click({ timeout: 20_000 });
    await suggested(chat, 'شيء آخر').click({ timeout: 20_000 });
    await suggested(chat, 'تخطّي').click({ timeout: 20_000 });
    await chat.getByText('رقمك في قائمة الانتظار: 1').first().waitFor({ timeout: 20_000 });

    // The console hears about it live: a badge in the title and the request, marked as in a language Layla speaks.
    await console_.getByText('★ Arabisch (ar)').waitFor({ timeout: 10_000 });
    // Polled from here: waitForFunction would evaluate a string, which the console's CSP forbids.
    for (let i = 0; i < 50 && !(await console_.title()).startsWith('(1) '); i++) await console_.waitForTimeout(100);
    assert.match(await console_.title(), /^\(1\) /, 'the tab title shows the waiting count');
    await console_.getByRole('button', { name: 'Annehmen' }).click();
    await console_.getByText('أريد التحدث مع شخص').first().waitFor();
    // The consented Arabic transcript reads right to left (the German label before it decided it before).
    const lineDirection = await console_.locator('#transcript .text', { hasText: 'أريد التحدث مع شخص' }).first().evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { direction: string } }).getComputedStyle(e).direction);
    assert.equal(lineDirection, 'rtl');
    // On a phone the console fits the screen, transcript and all.
    await console_.setViewportSize({ width: 360, height: 740 });
    const consoleWidth = await console_.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(consoleWidth <= 360, `the console is ${consoleWidth} px wide on a phone`);
    await console_.screenshot({ path: path.join(ARTIFACTS, 'advisor-console-phone.png') });
    await console_.setViewportSize({ width: 1200, height: 900 });
    await chat.getByText('Layla').first().waitFor({ timeout: 10_000 });

    await console_.getByLabel('Nachricht').fill('مرحبا، كيف يمكنني مساعدتك؟');
    await console_.getByRole('button', { name: 'Senden' }).click();
    await chat.getByText('مرحبا، كيف يمكنني مساعدتك؟', { exact: false }).first().waitFor({ timeout: 10_000 });

    await sendbox(chat).fill(`${XSS}أبحث عن دورة لغة`);
    await sendbox(chat).press('Enter');
    await console_.locator('#messages').getByText(`${XSS}أبحث عن دورة لغة`).waitFor({ timeout: 10_000 });

    await console_.locator('#phrases summary').click();
    await console_.getByRole('button', { name: /Einen Moment bitte/ }).click();
    await chat.getByText('لحظة من فضلك، سأبحث عن ذلك.', { exact: false }).first().waitFor({ timeout: 10_000 });

    await console_.getByLabel('Ergebnis').selectOption('referred');
    await console_.getByRole('button', { name: 'Gespräch beenden' }).click();
    await chat.getByText('هل ساعدتك المحادثة؟', { exact: false }).first().waitFor({ timeout: 10_000 });
    await console_.screenshot({ path: path.join(ARTIFACTS, 'advisor-console.png'), fullPage: true });
    await chat.screenshot({ path: path.join(ARTIFACTS, 'webchat-handoff-ar.png'), fullPage: true });

    for (const page of [chat, console_]) assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(violations, []);
    const closed = (await suite.running.app.handoffs.list('closed', (await suite.running.app.users.list())[0]!))[0]!;
    assert.equal(closed.outcome, 'referred');
    // The closed list says the outcome in the staff's words (public/staff/words.js), not its code.
    await console_.getByRole('button', { name: 'Abgeschlossen' }).click();
    await console_.getByText(/Ergebnis: Weitervermittelt/).first().waitFor({ timeout: 10_000 });
  });
});
