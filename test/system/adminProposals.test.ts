import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { startTestApp, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');
const PASSWORD = 'correct horse battery staple';
const XSS = '<img src=x onerror=window.__xss=1>';
const PROPOSED = 'Vorschlag gespeichert. Er wird sichtbar, sobald die Koordination ihn freigibt.';

interface PublicOffer {
  id: string;
  providerId: string;
  title: Record<string, string>;
  schedule?: string;
}

/**
 * Provider accounts at /admin: a reduced page for their own offers and entry, where saving makes
 * a proposal; coordinators review the proposals (diff, approve, reject with a reason). Markup in
 * proposed texts stays text and the CSP is never violated.
 */
describe('admin page: provider proposals and the review queue (Chromium)', function () {
  this.timeout(120_000);
  let running: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  before(async function () {
    browser = await launchChromium(this);
    running = await startTestApp();
    await running.app.users.add({ username: 'vhs-dl', password: PASSWORD, role: 'provider', providerId: 'p-vhs-dl' });
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await running?.app.stop();
  });

  const publicOffers = async (): Promise<{ text: string; items: PublicOffer[] }> => {
    const text = await fetch(`${running.baseUrl}/api/public/offers`).then((r) => r.text());
    return { text, items: (JSON.parse(text) as { items: PublicOffer[] }).items };
  };

  /** A fresh browser context (own sessionStorage) with a page that records CSP violations. */
  async function openPage(): Promise<{ page: Page; violations: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    contexts.push(context);
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
    return { page, violations };
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(running.baseUrl + '/admin');
    await page.getByLabel('Benutzername').fill(username);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
  }

  async function signInProvider(page: Page): Promise<void> {
    await signIn(page, 'vhs-dl');
    await page.locator('#mine-total').getByText(/^\d+ Angebote/).waitFor();
  }

  async function signInCoordinator(page: Page): Promise<void> {
    await signIn(page, 'koord');
    await page.locator('#offers-total').getByText(/von \d+/).waitFor();
  }

  async function openOwnOffer(page: Page, id: string): Promise<void> {
    await page.locator(`#mine-rows tr[data-id="${id}"] button.link`).click();
    await page.getByRole('heading', { name: 'Angebot bearbeiten' }).waitFor();
    assert.equal(await page.locator('#mine-editor input[name="id"]').inputValue(), id);
  }

  it('a provider proposes, the coordinator approves (public within a second) and rejects with a reason', async () => {
    const initial = await publicOffers();
    const target = initial.items.find((o) => o.providerId === 'p-vhs-dl')!;
    const foreign = initial.items.find((o) => o.providerId === 'p-vhs-fg')!;
    assert.ok(target && foreign, 'the seed has public offers of both Volkshochschulen');
    const oldTitle = target.title.de!;

    // ---- The provider signs in: only the provider's tabs and offers.
    const provider = await openPage();
    const pp = provider.page;
    await signInProvider(pp);
    const pnav = pp.getByRole('navigation', { name: 'Bereiche' });
    assert.deepEqual(await pnav.getByRole('button').allTextContents(), ['Meine Angebote', 'Mein Eintrag', 'Meine Vorschläge']);
    for (const name of ['Import/Export', 'Prüfen', 'Bericht', 'Unbeantwortet', 'Antworten']) {
      assert.equal(await pnav.getByRole('button', { name, exact: true }).count(), 0, `${name} is for coordinators`);
    }
    const providerCells = await pp.locator('#mine-rows tr td.provider').allTextContents();
    assert.ok(providerCells.length > 1);
    assert.ok(providerCells.every((p) => p === 'p-vhs-dl'), JSON.stringify(providerCells));
    assert.equal(await pp.locator(`#mine-rows tr[data-id="${foreign.id}"]`).count(), 0);
    assert.equal(await pp.locator('#mine-rows').getByText(foreign.title.de!, { exact: true }).count(), 0);

    // ---- Edit an offer: the provider id is fixed, nothing can be deleted.
    await openOwnOffer(pp, target.id);
    const providerInput = pp.locator('#mine-editor input[name="providerId"]');
    assert.equal(await providerInput.inputValue(), 'p-vhs-dl');
    assert.equal(await providerInput.evaluate((i) => (i as unknown as { readOnly: boolean }).readOnly), true);
    assert.equal(await pp.locator('#mine-editor').getByRole('button', { name: 'Löschen' }).count(), 0);

    // The form reports the server's field messages like the coordinators' form does.
    await pp.locator('#mine-editor').getByLabel('Titel – Deutsch (de)').fill('');
    await pp.getByRole('button', { name: 'Vorschlag speichern' }).click();
    await pp.locator('#mine-editor .field-error').getByText('Der Titel auf Deutsch fehlt.').waitFor();
    await pp.locator('#mine-editor .summary').getByText(/Titel – Deutsch: Der Titel auf Deutsch fehlt\./).waitFor();

    const words = `Nachtfalterkurs Kieselgrund${Date.now().toString(36).replace(/\d/g, '')}`;
    const newTitle = `${words} ${XSS}`;
    await pp.locator('#mine-editor').getByLabel('Titel – Deutsch (de)').fill(newTitle);
    await pp.getByRole('button', { name: 'Vorschlag speichern' }).click();
    await pp.locator('#mine-editor').getByText(PROPOSED, { exact: true }).waitFor();
    assert.equal(await pp.locator('#mine-editor .summary').isHidden(), true);

    // Not public before approval.
    const pendingState = await publicOffers();
    assert.ok(!pendingState.text.includes(words), 'not visible before approval');
    assert.equal(pendingState.items.find((o) => o.id === target.id)?.title.de, oldTitle);

    // The list marks the offer with a pending proposal.
    await pp.getByRole('button', { name: 'Zurück zur Liste' }).click();
    await pp.locator(`#mine-rows tr[data-id="${target.id}"] .badge`).getByText('Vorschlag offen', { exact: true }).waitFor();
    assert.equal(await pp.locator('#mine-rows .badge', { hasText: 'Vorschlag offen' }).count(), 1);

    // ---- The coordinator (another browser context) reviews the queue.
    const coordinator = await openPage();
    const cp = coordinator.page;
    await signInCoordinator(cp);
    const cnav = cp.getByRole('navigation', { name: 'Bereiche' });
    for (const name of ['Meine Angebote', 'Mein Eintrag', 'Meine Vorschläge']) assert.equal(await cnav.getByRole('button', { name, exact: true }).count(), 0);
    const queueTab = cnav.getByRole('button', { name: /^Vorschläge/ });
    await cp.locator('#proposals-count', { hasText: /^1 offen$/ }).waitFor();
    await queueTab.click();
    const item = cp.locator(`#proposals-list article[data-entity="${target.id}"]`);
    await item.waitFor();
    assert.match((await item.locator('dl').textContent()) ?? '', /Anbieterp-vhs-dl/);
    assert.match((await item.locator('dl').textContent()) ?? '', /Vorgeschlagen vonvhs-dl/);
    const titleRow = item.locator('tr[data-field="title.de"]');
    assert.equal(await titleRow.locator('td.old').textContent(), oldTitle);
    assert.equal(await titleRow.locator('td.new').textContent(), newTitle);
    await titleRow.locator('th').getByText('title.de', { exact: true }).waitFor();
    assert.equal(await item.locator('tbody tr').count(), 1, 'only the changed field is listed');
    assert.equal(await cp.locator('#view-proposals img').count(), 0);

    await item.getByRole('button', { name: 'Freigeben' }).click();
    await waitFor(async () => (await publicOffers()).items.find((o) => o.id === target.id && o.title.de === newTitle), {
      what: 'the approved title in /api/public/offers (public within a second of the approval)',
      timeoutMs: 1000,
      intervalMs: 20,
    });
    await cp.locator('#flash').getByText(/^Freigegeben: /).waitFor();
    await cp.locator('#proposals-summary').getByText('Zurzeit keine offenen Vorschläge.').waitFor();
    assert.equal(await cp.locator('#proposals-count').isHidden(), true);

    // ---- A second proposal, which the coordinator rejects with a reason.
    await openOwnOffer(pp, target.id);
    await pp.locator('#mine-editor .record-name').getByText(newTitle, { exact: true }).waitFor();
    await pp.locator('#mine-editor').getByLabel('Termine und Zeiten').fill('ab 3. März, dienstags 9–12 Uhr');
    await pp.getByRole('button', { name: 'Vorschlag speichern' }).click();
    await pp.locator('#mine-editor').getByText(PROPOSED, { exact: true }).waitFor();

    await cnav.getByRole('button', { name: /^Vorschläge/ }).click();
    const second = cp.locator(`#proposals-list article[data-entity="${target.id}"][data-status="pending"]`);
    await second.waitFor();
    assert.equal(await second.locator('tr[data-field="schedule"] td.new').textContent(), 'ab 3. März, dienstags 9–12 Uhr');
    // A reason is required.
    await second.getByRole('button', { name: 'Ablehnen' }).click();
    await second.getByText('Bitte einen Grund für die Ablehnung angeben (mindestens 3 Zeichen).').waitFor();
    assert.equal(await second.getByLabel('Grund für die Ablehnung').getAttribute('aria-invalid'), 'true');
    await second.getByLabel('Grund für die Ablehnung').fill('Bitte Termine prüfen.');
    await second.getByRole('button', { name: 'Ablehnen' }).click();
    await cp.locator('#flash').getByText(/^Abgelehnt: /).waitFor();
    await cp.locator('#proposals-summary').getByText('Zurzeit keine offenen Vorschläge.').waitFor();
    assert.ok(!(await publicOffers()).text.includes('3. März, dienstags'));

    // The rejected proposal in the status filter.
    await cp.locator('#proposals-filters').getByLabel('Status').selectOption('rejected');
    await cp.locator(`#proposals-list article[data-entity="${target.id}"][data-status="rejected"]`).getByText('Bitte Termine prüfen.', { exact: true }).waitFor();

    // ---- The provider sees the decision and the reason.
    await pnav.getByRole('button', { name: 'Meine Vorschläge' }).click();
    const rejected = pp.locator(`#myproposals-list article[data-entity="${target.id}"][data-status="rejected"]`);
    await rejected.waitFor();
    await rejected.locator('.badge').getByText('abgelehnt', { exact: true }).waitFor();
    await rejected.getByText('Bitte Termine prüfen.', { exact: true }).waitFor();
    const approved = pp.locator(`#myproposals-list article[data-entity="${target.id}"][data-status="approved"]`);
    await approved.locator('.badge').getByText('freigegeben', { exact: true }).waitFor();
    await approved.locator('h3').getByText(newTitle, { exact: true }).waitFor();
    assert.equal(await pp.locator('#myproposals-list img').count(), 0);

    await pp.screenshot({ path: path.join(ARTIFACTS, 'admin-provider.png'), fullPage: true });
    await cp.screenshot({ path: path.join(ARTIFACTS, 'admin-proposals.png'), fullPage: true });
    for (const { page, violations } of [provider, coordinator]) {
      assert.equal(await page.evaluate('window.__xss'), undefined);
      assert.deepEqual(violations, []);
    }
  });

  it('a provider proposes a new offer and a change of its entry; the coordinator sees them marked new/changed', async () => {
    const provider = await openPage();
    const pp = provider.page;
    await signInProvider(pp);

    // A new offer: the provider id is preset and fixed.
    await pp.getByRole('button', { name: 'Neues Angebot vorschlagen' }).click();
    await pp.getByRole('heading', { name: 'Neues Angebot vorschlagen' }).waitFor();
    assert.equal(await pp.locator('#mine-editor input[name="providerId"]').inputValue(), 'p-vhs-dl');
    await pp.locator('#mine-editor').getByLabel('ID', { exact: true }).fill('vhs-dl-lesecafe');
    await pp.locator('#mine-editor').getByLabel('Deutschkurs', { exact: true }).check();
    await pp.locator('#mine-editor').getByLabel('Ort (ID)').fill('doebeln');
    await pp.locator('#mine-editor').getByLabel('Titel – Deutsch (de)').fill(`Lesecafé Bücherwurm ${XSS}`);
    await pp.getByRole('button', { name: 'Vorschlag speichern' }).click();
    await pp.locator('#mine-editor').getByText(PROPOSED, { exact: true }).waitFor();
    await pp.getByRole('button', { name: 'Zurück zur Liste' }).click();
    const row = pp.locator('#mine-rows tr[data-id="vhs-dl-lesecafe"]');
    await row.getByText('neu, noch nicht veröffentlicht').waitFor();
    await row.locator('.badge').getByText('Vorschlag offen').waitFor();

    // The own entry.
    await pp.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: 'Mein Eintrag' }).click();
    await pp.getByRole('heading', { name: 'Mein Eintrag' }).waitFor();
    assert.equal(await pp.locator('#entry-editor input[name="id"]').inputValue(), 'p-vhs-dl');
    await pp.locator('#entry-editor').getByLabel('Telefon').fill('03431 765432');
    await pp.getByRole('button', { name: 'Vorschlag speichern' }).click();
    await pp.locator('#entry-editor').getByText(PROPOSED, { exact: true }).waitFor();

    const coordinator = await openPage();
    const cp = coordinator.page;
    await signInCoordinator(cp);
    await cp.locator('#proposals-count', { hasText: /^2 offen$/ }).waitFor();
    await cp.getByRole('navigation', { name: 'Bereiche' }).getByRole('button', { name: /^Vorschläge/ }).click();
    const fresh = cp.locator('#proposals-list article[data-entity="vhs-dl-lesecafe"]');
    await fresh.locator('.badges .badge').getByText('neu', { exact: true }).waitFor();
    assert.equal(await fresh.locator('tr[data-field="title.de"] td.new').textContent(), `Lesecafé Bücherwurm ${XSS}`);
    assert.equal(await fresh.locator('tr[data-field="title.de"] td.old').textContent(), 'neu');
    const entry = cp.locator('#proposals-list article[data-entity="p-vhs-dl"]');
    assert.equal(await entry.locator('tr[data-field="phone"] td.new').textContent(), '03431 765432');
    assert.equal(await entry.locator('tbody tr').count(), 1);

    await fresh.getByRole('button', { name: 'Freigeben' }).click();
    await cp.locator('#flash').getByText(/^Freigegeben: Angebot/).waitFor();
    assert.ok((await publicOffers()).items.some((o) => o.id === 'vhs-dl-lesecafe'));

    for (const { page, violations } of [provider, coordinator]) {
      assert.equal(await page.evaluate('window.__xss'), undefined);
      assert.deepEqual(violations, []);
    }
  });
});
