import assert from 'node:assert/strict';
import { waitFor } from '../helpers/waitFor';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, browserSuite } from '../helpers/browserSuite';
import { postJson } from '../helpers/testApp';

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
  const suite = browserSuite();
  before(async () => {
    await suite.running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
  });

  const ask = (text: string) => postJson(`${suite.running.baseUrl}/api/ask`, { text }).then((r) => r.body as { offers: { id: string; title: string }[] });
  const csvFile = (name: string, rows: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8') });

  async function signIn(page: Page): Promise<void> {
    await page.goto(suite.running.baseUrl + '/admin');
    await page.getByLabel('Benutzername').fill('koord');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('#offers-total').getByText(/von \d+/).waitFor();
  }

  it('edits an offer the bot then answers with, previews it, and imports a CSV; nothing injected runs', async () => {
    const violations: string[] = [];
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 1000 } });
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

    // The schedule as a coordinator types it: read into data, what is not a time kept as the
    // German note, and the preview in Farsi shows the times in Farsi.
    await page.getByLabel('Termine und Zeiten').fill('Di+Do 18:00–19:30, Kinderbetreuung im Haus');
    await page.getByLabel('Hinweis zu den Zeiten – Deutsch (de)').fill('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await waitFor(async () => (await page.getByLabel('Hinweis zu den Zeiten – Deutsch (de)').inputValue()) === 'Kinderbetreuung im Haus', {
      what: 'the unread part of the schedule as its German note',
    });
    assert.equal(await page.getByLabel('Termine und Zeiten').inputValue(), 'Di+Do 18:00–19:30');
    await page.getByLabel('Sprache der Vorschau').selectOption('fa');
    await page.locator('#offers-editor .card[lang="fa"]').getByText(/۱۸:۰۰–۱۹:۳۰/).waitFor();
    await page.getByLabel('Sprache der Vorschau').selectOption('de');

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

  it('shows the demand report with suppressed cells and downloads it', async () => {
    // Demand as the bot records it: six German and two Ukrainian asks for an integration course in Döbeln.
    const iso = new Date().toISOString();
    const [hour, month] = [iso.slice(0, 13), iso.slice(0, 7)];
    const demand = (lang: string) =>
      suite.running.app.db.run(
        `INSERT INTO demand_events (hour, month, lang, intent, categories, town_id, results, handoff) VALUES (?, ?, '${lang}', 'offers', 'integration-course', 'doebeln', 3, 0)`,
        [hour, month],
      );
    for (let i = 0; i < 6; i++) await demand('de');
    for (let i = 0; i < 2; i++) await demand('uk');
    // A question asked five times without an answer reaches the report; its markup must stay text.
    const question = `Harfenunterricht Mondscheinwiese ${XSS}`;
    for (let i = 0; i < 5; i++) {
      await suite.running.app.db.run('INSERT INTO unanswered_questions (text, lang, hour, created_at) VALUES (?, ?, ?, ?)', [question, 'de', hour, Date.now()]);
    }

    const violations: string[] = [];
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
    await signIn(page);
    await page.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Bericht' }).click();
    const view = page.locator('#view-report');
    await view.getByText('Felder mit weniger als 5 Ereignissen werden als <5 angezeigt (k-Anonymität).').waitFor();
    await page.locator('#report-summary').getByText(/^Zeitraum: /).waitFor();

    // Key figures.
    const figures = view.getByRole('group', { name: 'Kennzahlen' });
    assert.equal(await figures.locator('.kpi').filter({ hasText: 'Anfragen' }).locator('strong').textContent(), '8');

    // By topic: both languages together, with a bar.
    const topics = view.getByRole('table', { name: 'Nach Thema' });
    const course = topics.getByRole('row', { name: /Integrationskurs/ });
    assert.equal(await course.locator('td .value').textContent(), '8');
    assert.match((await course.locator('.bar').getAttribute('style')) ?? '', /width: 100%/);

    // By language: two Ukrainian asks are suppressed.
    const languages = view.getByRole('table', { name: 'Nach Sprache' });
    assert.equal(await languages.getByRole('row', { name: /Deutsch/ }).locator('td').textContent(), '6');
    assert.equal(await languages.getByRole('row', { name: /Ukrainisch/ }).locator('td').textContent(), '<5');

    // Town and supply gap.
    assert.equal(await view.getByRole('table', { name: 'Nach Ort' }).getByRole('row', { name: /Döbeln/ }).locator('td').textContent(), '8');
    const gap = view.getByRole('table', { name: 'Versorgungslücken' });
    const gapRow = gap.getByRole('row', { name: /Döbeln/ });
    assert.deepEqual((await gapRow.locator('th, td').allTextContents()).slice(0, 3), ['Döbeln', 'Integrationskurs', '8']);

    // The unanswered question shows as literal text.
    await view.getByRole('table', { name: 'Häufige Fragen ohne Antwort' }).getByText(question, { exact: true }).waitFor();
    assert.equal(await view.locator('img').count(), 0);
    await view.getByRole('heading', { name: 'Beratung' }).waitFor();

    // Downloads carry the bearer token and come out as files.
    const [report] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Bericht (HTML)' }).click()]);
    assert.match(report.suggestedFilename(), /^nachfragebericht-.*\.html$/);
    const html = fs.readFileSync((await report.path())!, 'utf8');
    assert.match(html, /Nachfragebericht/);
    assert.match(html, /Döbeln/);
    const [gapCsv] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Versorgungslücken (CSV)' }).click()]);
    assert.match(gapCsv.suggestedFilename(), /^nachfrage-gap-.*\.csv$/);
    assert.match(fs.readFileSync((await gapCsv.path())!, 'utf8'), /Döbeln;Integrationskurs;8;/);

    // A period without data, then a wrong one.
    await page.getByLabel('Von (Monat)').fill('2001-01');
    await page.getByLabel('Bis (Monat)').fill('2001-02');
    await view.getByRole('button', { name: 'Anzeigen' }).click();
    await page.locator('#report-summary').getByText(/^Zeitraum: Januar 2001 bis Februar 2001 · Für diesen Zeitraum gibt es noch keine Daten\.$/).waitFor();
    assert.equal(await view.getByRole('table', { name: 'Nach Thema' }).count(), 0);
    await view.getByRole('button', { name: 'Gesamter Zeitraum' }).click();
    await course.waitFor();

    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-report.png'), fullPage: true });
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.deepEqual(violations, []);
  });

  it('refuses an account that is not a coordinator', async () => {
    await suite.running.app.users.add({ username: 'beraterin', password: PASSWORD, role: 'advisor', languages: ['de'] });
    const page = await suite.browser.newPage();
    await page.goto(suite.running.baseUrl + '/admin');
    await page.getByLabel('Benutzername').fill('beraterin');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('Dieses Konto ist kein Koordinationskonto.').waitFor();
    assert.equal(await page.locator('#admin-view').isHidden(), true);
  });
});
