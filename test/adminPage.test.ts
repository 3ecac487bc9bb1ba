import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { postJson, startTestApp, type RunningApp } from './helpers/testApp';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, 'artifacts');
const PASSWORD = 'correct horse battery staple';
const XSS = '<img src=x onerror=window.__xss=1>';
const HEADER = 'id;status;categories;town;providerId;title_de;summary_de;validUntil;free;evening';

/**
 * The coordinators' admin page in a real browser: sign in, find and edit an offer (the bot
 * answers with the edit at once), preview it, import a spreadsheet with a mistake and then a
 * good one; markup in titles stays text and the CSP is never violated.
 */
describe('catalogue admin page (Chromium)', function () {
  this.timeout(90_000);
  let running: RunningApp;
  let browser: Browser;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.REQUIRE_BROWSER) throw new Error(`Chromium not found at ${CHROMIUM}`);
      console.warn(`    (skipped: no Chromium at ${CHROMIUM}; apt-get install -y chromium)`);
      this.skip();
    }
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await running?.app.stop();
  });

  const ask = (text: string) => postJson(`${running.baseUrl}/api/ask`, { text }).then((r) => r.body as { offers: { id: string; title: string }[] });
  const csvFile = (name: string, rows: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8') });

  async function signIn(page: Page): Promise<void> {
    await page.goto(running.baseUrl + '/admin');
    await page.getByLabel('Benutzername').fill('koord');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('#offers-total').getByText(/von \d+/).waitFor();
  }

  it('edits an offer the bot then answers with, previews it, and imports a CSV; nothing injected runs', async () => {
    const violations: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
    await signIn(page);
    const nav = page.getByRole('navigation', { name: 'Bereiche' });

    // Find an integration course and open it.
    const unfiltered = /von (\d+)$/.exec((await page.locator('#offers-total').textContent()) ?? '')![1]!;
    await page.getByRole('search', { name: 'Angebote suchen und filtern' }).getByLabel('Suche').fill('Integrationskurs');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.locator('#offers-total').getByText(new RegExp(`^Angebote 1–\\d+ von (?!${unfiltered}$)\\d+$`)).waitFor();
    const first = page.locator('#offers-rows button.link').first();
    assert.match((await first.textContent()) ?? '', /Integrationskurs/);
    await first.click();
    await page.getByRole('heading', { name: 'Angebot bearbeiten' }).waitFor();
    const offerId = await page.locator('#offers-editor input[name="id"]').inputValue();
    assert.match(offerId, /^o-\d+$/);

    // A new German title, with markup that must stay text.
    const words = `Quendelflötenkurs Zauberwiese${Date.now().toString(36).replace(/\d/g, '')}`;
    const title = `${words} ${XSS}`;
    await page.getByLabel('Titel – Deutsch (de)').fill(title);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Gespeichert. Der Bot verwendet die Änderung sofort.').waitFor();

    // The bot answers with the edit at once.
    const answered = await ask(words);
    assert.equal(answered.offers[0]?.id, offerId, JSON.stringify(answered.offers.slice(0, 3)));
    assert.equal(answered.offers[0]?.title, title);

    // The title shows as literal text: in the editor and in the bot's card.
    await page.locator('#offers-editor .record-name').getByText(title, { exact: true }).waitFor();
    const card = page.locator('#offers-editor .card');
    await card.locator('.card-title').getByText(title, { exact: true }).waitFor();
    await page.getByText('So zeigt der Bot das Angebot').waitFor();
    assert.equal(await page.locator('#offers-editor img').count(), 0);

    // Right to left for Arabic.
    await page.getByLabel('Sprache der Vorschau').selectOption('ar');
    await page.locator('#offers-editor .card[lang="ar"][dir="rtl"]').waitFor();
    await page.getByLabel('Sprache der Vorschau').selectOption('de');
    await card.locator('.card-title').getByText(title, { exact: true }).waitFor();

    // A validation error from the server lands next to the field.
    await page.getByLabel('Titel – Deutsch (de)').fill('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('#offers-editor .field-error').getByText('Der Titel auf Deutsch fehlt.').waitFor();
    await page.locator('#offers-editor .summary').getByText(/Titel – Deutsch: Der Titel auf Deutsch fehlt\./).waitFor();
    assert.equal((await ask(words)).offers[0]?.id, offerId, 'the refused save changed nothing');

    // Back in the list, the title is text as well.
    await page.getByRole('button', { name: 'Zurück zur Liste' }).click();
    await page.locator('#offers-rows').getByText(title, { exact: true }).waitFor();

    // Import: a file with a mistake names its row and column …
    await nav.getByRole('button', { name: 'Import/Export' }).click();
    await page.getByLabel('Datei (.csv, .xlsx oder .json)').setInputFiles(
      csvFile('angebote-fehler.csv', [
        'admin-ok;active;german-course;freiberg;p-vhs-dl;Deutschkurs am Morgen;Ein Kurs.;2030-01-01;ja;nein',
        'admin-kaputt;active;german-course;atlantis;p-vhs-dl;Deutschkurs irgendwo;;;nein;nein',
      ]),
    );
    await page.getByText('Erkanntes Format: CSV').waitFor();
    await page.locator('#import-form').getByRole('button', { name: 'Prüfen' }).click();
    const problems = page.locator('table.problems');
    await problems.waitFor();
    const problem = problems.locator('tbody tr');
    assert.equal(await problem.count(), 1);
    assert.deepEqual((await problem.locator('td').allTextContents()).slice(0, 3), ['Angebote', '3', 'town']);
    assert.match((await problem.locator('td').nth(3).textContent()) ?? '', /Unbekannter Ort „atlantis“/);
    assert.equal(await page.getByRole('button', { name: 'Importieren' }).isVisible(), false);

    // … a good one is checked first (one added), then imported, and the bot finds it.
    const newWords = 'Origamikurs Wolkenschloss';
    await page.getByLabel('Datei (.csv, .xlsx oder .json)').setInputFiles(
      csvFile('angebote.csv', [`admin-origami;active;adult-education;freiberg;p-vhs-dl;${newWords} für Anfänger;Papier falten lernen.;2030-01-01;ja;nein`]),
    );
    await page.locator('#import-form').getByRole('button', { name: 'Prüfen' }).click();
    const diff = page.locator('table.diff');
    await diff.getByText('Prüfergebnis – noch wurde nichts geändert').waitFor();
    assert.equal(await diff.locator('tr[data-kind="offers"] td[data-col="added"]').textContent(), '1');
    assert.equal((await ask(newWords)).offers.some((o) => o.id === 'admin-origami'), false, 'a dry run changes nothing');
    await page.getByRole('button', { name: 'Importieren' }).click();
    await page.getByText('Importiert. Der Bot verwendet die Änderungen sofort.').waitFor();
    assert.equal((await ask(newWords)).offers[0]?.id, 'admin-origami');

    // The review view and the unanswered questions load.
    await nav.getByRole('button', { name: 'Prüfen' }).click();
    await page.getByText(/\d+ Angebote im Katalog\./).waitFor();
    await nav.getByRole('button', { name: 'Unbeantwortet' }).click();
    // The dry-run question above found nothing, so it waits here (or the API is not there yet).
    const summary = page.locator('#unanswered-summary').getByText(/^\d+ Fragen? in \d+ Gruppen?\.$|^Zurzeit keine|^Noch keine Daten\.$/);
    await summary.waitFor();
    if (/Gruppe/.test((await summary.textContent()) ?? '')) await page.locator('#unanswered-groups').getByText(newWords, { exact: true }).waitFor();

    await nav.getByRole('button', { name: 'Angebote' }).click();
    await page.locator('#offers-total').getByText(/von \d+/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin.png'), fullPage: true });

    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(violations, []);
  });

  it('refuses an account that is not a coordinator', async () => {
    await running.app.users.add({ username: 'beraterin', password: PASSWORD, role: 'advisor', languages: ['de'] });
    const page = await browser.newPage();
    await page.goto(running.baseUrl + '/admin');
    await page.getByLabel('Benutzername').fill('beraterin');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Dieses Konto ist kein Koordinationskonto.').waitFor();
    assert.equal(await page.locator('#admin-view').isHidden(), true);
  });
});
