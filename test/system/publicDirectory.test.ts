import { LANGUAGES } from '../../src/language/languages';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium';
import { waitFor } from '../helpers/waitFor';
import { bigOffersCsv } from '../helpers/bigCatalogue';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';

describe('public offer directory and open data', function () {
  this.timeout(90_000);
  let running: RunningApp;
  let token: string;
  const get = async (url: string) => {
    const res = await fetch(running.baseUrl + url);
    return { status: res.status, text: await res.text(), headers: res.headers };
  };

  before(async () => {
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    token = (await postJson(`${running.baseUrl}/api/auth/login`, { username: 'koord', password: PASSWORD })).body.token;
  });
  after(async () => running?.app.stop());

  it('fits a 360 px phone screen in every language: no public page scrolls sideways', async function () {
    const browser = await launchChromium(this);
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      const wide: string[] = [];
      for (const lang of ['de', 'en', 'uk', 'ru', 'ar', 'fa']) {
        for (const path of [`/offers?lang=${lang}`, `/providers?lang=${lang}`, `/offers/o-001?lang=${lang}`, `/privacy?lang=${lang}`, `/embed/offers?lang=${lang}`]) {
          await page.goto(running.baseUrl + path);
          const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
          if (width > 360) wide.push(`${path}: ${width} px`);
        }
      }
      // The topic drop-down was as wide as its longest option: /offers was 511 px in Ukrainian, 587 px in Russian.
      assert.deepEqual(wide, []);
      await page.goto(`${running.baseUrl}/offers?lang=ru`);
      await page.screenshot({ path: path.resolve(__dirname, '..', 'artifacts', 'offers-ru-phone.png') });

      // On an offer, "back" points the way the language reads, and the values get the width.
      for (const [lang, arrow] of [['ar', '→'], ['fa', '→'], ['uk', '←']] as const) {
        await page.goto(`${running.baseUrl}/offers/o-001?lang=${lang}`);
        assert.equal((await page.locator('a.back span').innerText()).trim(), arrow, lang);
        const value = await page.locator('dl dd').first().boundingBox();
        assert.ok(value && value.width >= 280, `${lang}: the values are ${value?.width} px wide`);
      }
    } finally {
      await browser.close();
    }
  });

  it('names each provider’s kind in the newcomer’s language, and publishes it as an id', async () => {
    const fa = await (await fetch(`${running.baseUrl}/providers?lang=fa`)).text();
    assert.match(fa, /اداره اتباع خارجی \(Ausländerbehörde\)/);
    assert.doesNotMatch(fa, /Behörde \(Ausländerbehörde\)/);
    // The description too, from data/seed/translations/fa.json, not the German with a note.
    assert.match(fa, /Stabsstelle Ausländer- und Asylangelegenheiten \(بخش امور اتباع خارجی و پناهندگی\)/);
    const de = await (await fetch(`${running.baseUrl}/providers?lang=de`)).text();
    assert.match(de, /Behörde \(Ausländerbehörde\)/, 'German as the coordinators wrote it');
    const open = ((await (await fetch(`${running.baseUrl}/api/public/providers`)).json()) as { items: { type: string; kind: string | null }[] }).items;
    assert.ok(open.every((p) => p.kind !== null), JSON.stringify(open.filter((p) => p.kind === null).map((p) => p.type)));
    assert.ok(open.some((p) => p.kind === 'foreigners-office' && p.type === 'Behörde (Ausländerbehörde)'));
  });

  it('searches providers by words and by topic, like the offers', async () => {
    const names = async (query: string) => {
      const html = await (await fetch(`${running.baseUrl}/providers?lang=de&${query}`)).text();
      return [...html.matchAll(/<li id="([^"]+)"/g)].map((m) => m[1]!);
    };
    const all = await names('');
    assert.ok(all.length > 20);
    const vhs = await names('q=Volkshochschule%20D%C3%B6beln');
    assert.ok(vhs.includes('p-vhs-dl'), vhs.join(' '));
    assert.ok(vhs.length < all.length);
    const childcare = await names('category=childcare');
    assert.ok(childcare.length > 0 && childcare.length < all.length);
    const form = await (await fetch(`${running.baseUrl}/providers?lang=uk&category=childcare`)).text();
    assert.match(form, /<form class="filters" method="get" action="\/providers"/);
    assert.match(form, /<option value="childcare" selected>/);
  });

  it('filters German courses near Döbeln in Ukrainian in Chromium, opens the nearest, and its JSON-LD names the town; Arabic is right to left', async function () {
    const browser = await launchChromium(this);
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const violations: string[] = [];
      page.on('console', (m) => /Content Security Policy|Refused to/.test(m.text()) && violations.push(m.text()));
      await page.goto(`${running.baseUrl}/offers?lang=uk`);
      assert.equal(await page.getAttribute('html', 'lang'), 'uk');
      await page.locator('select[name="category"]').selectOption('german-course');
      await page.locator('select[name="town"]').selectOption('doebeln');
      await page.locator('form.filters button[type="submit"]').click();
      await page.waitForURL(/category=german-course/);
      const first = page.locator('ul.offers li h2 a').first();
      await first.waitFor();
      assert.match(await page.locator('[role="status"]').innerText(), /\d+/);
      assert.match((await page.locator('ul.offers li .meta').first().innerText()), /Döbeln/, 'nearest first: Döbeln itself');
      await first.click();
      await page.waitForURL(/\/offers\/o-/);
      const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
      assert.equal(ld['@type'], 'Course');
      assert.equal(ld.location.address.addressLocality, 'Döbeln');
      assert.equal(ld.location.address.addressCountry, 'DE');
      assert.ok(ld.offers['@type'] === 'Offer');
      assert.ok(await page.getByRole('link', { name: /чат/i }).first().isVisible(), 'a "chat about this" link');
      await page.screenshot({ path: path.resolve(__dirname, '..', 'artifacts', 'offer-uk.png'), fullPage: true });

      await page.goto(`${running.baseUrl}/offers?lang=ar`);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      await page.goto(`${running.baseUrl}/offers?lang=fa&category=childcare&town=floeha&radius=15`);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      const towns = await page.locator('ul.offers li .meta').allInnerTexts();
      assert.ok(towns[0]!.includes('Flöha'), `childcare near Flöha, Flöha first: ${towns.join(' | ')}`);
      assert.deepEqual(violations, []);
    } finally {
      await browser.close();
    }
  });

  it('escapes hostile query strings and explains unknown towns and topics instead of an empty page', async () => {
    const res = await get('/offers?lang=de&q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&town=%3Cimg%20src%3Dx%3E&category=%22onmouseover%3D&radius=abc&page=-5&level=ZZ');
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>alert'), 'the query is never reflected raw');
    assert.ok(!res.text.includes('<img src=x>'));
    assert.match(res.text, /Den Ort „&lt;img src=x&gt;“ kennen wir nicht/);
    assert.match(res.text, /Das Thema „&quot;onmouseover=“ kennen wir nicht/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    for (const url of ['/offers?lang=de', '/offers/o-001?lang=de', '/providers?lang=de', '/embed/offers?lang=de']) {
      assert.match((await get(url)).text, /Beispieldaten/, `${url} says the catalogue holds sample data`);
    }
    const unknownLang = await get('/offers?lang=tr');
    assert.equal(unknownLang.status, 200);
    assert.match(unknownLang.text, /<html lang="de"/);
    assert.equal((await get('/offers/%3Cscript%3E')).status, 404);
  });

  it('keeps verification notes internal: no "nicht verifiziert" or "(Stand 2015)" in what newcomers and open data see', async () => {
    const internal = /nicht verifiziert|nicht (eigens )?belegt|ältere Quelle|Stand \d{4}|belegt( \d{4})?\b|(Angabe|Wert) aus|not verified|older source|as of \d{4}|documented( in)? \d{4}/;
    const offers = ((await (await fetch(`${running.baseUrl}/api/public/offers`)).json()) as { items: Record<string, unknown>[] }).items;
    const providers = ((await (await fetch(`${running.baseUrl}/api/public/providers`)).json()) as { items: Record<string, unknown>[] }).items;
    const leaks: string[] = [];
    for (const o of offers) {
      for (const f of ['title', 'summary', 'address', 'contact', 'cost', 'costNote', 'schedule', 'scheduleNote', 'targetGroup']) {
        if (internal.test(JSON.stringify(o[f]))) leaks.push(`${o.id} ${f}: ${JSON.stringify(o[f])}`);
      }
    }
    for (const p of providers) {
      if (internal.test(String(p.address))) leaks.push(`${p.id} address: ${p.address}`);
      for (const text of Object.values(p.description as Record<string, string>)) if (internal.test(text)) leaks.push(`${p.id} description: ${text}`);
    }
    assert.deepEqual(leaks, []);
    assert.ok(offers.every((o) => !('source' in o)) && providers.every((p) => !('source' in p)), 'sources and notes are not published');
    // The notes are kept for staff, in the offer's source.
    const [staff] = await running.app.search.readOffers(['o-002']);
    assert.match(staff?.source ?? '', /Interne Hinweise – address: \(ältere Quelle – prüfen\)/);
    const page = await (await fetch(`${running.baseUrl}/offers/o-002?lang=de`)).text();
    assert.doesNotMatch(page, internal);
  });

  it('shows an offer page in Farsi: weekdays, times and digits in Farsi, every note in Farsi with German names inside', async () => {
    const html = await (await fetch(`${running.baseUrl}/offers/o-001?lang=fa`)).text();
    assert.match(html, /<html lang="fa" dir="rtl"/);
    assert.match(html, /دوشنبه–جمعه ۰۸:۳۰–۱۱:۴۵/, 'weekdays and time from the data, in Persian digits');
    assert.match(html, /روزی 4 واحد درسی 45 دقیقه‌ای/, 'the schedule note in Farsi');
    assert.match(html, /VHS Mittelsachsen \(آموزشگاه عمومی بزرگسالان\)/, 'the contact in Farsi, the German name in Latin letters');
    assert.match(html, /رایگان با معافیت از هزینه \(Kostenbefreiung\)/, 'the fee waiver from the data, the German term in brackets');
    assert.doesNotMatch(html, /Anmeldung über|kostenfrei mit|<bdi lang="de">/, 'no German stand-in where Farsi exists');
    // A German note without a translation is shown, marked as German so it keeps its direction.
    const before = (await running.app.catalogue.get('offers', 'o-001')) as Record<string, unknown>;
    await running.app.catalogue.update('offers', 'o-001', { ...before, scheduleNote: { de: 'Kinderbetreuung im Haus' } }, null);
    try {
      await waitFor(async () => (await (await fetch(`${running.baseUrl}/offers/o-001?lang=fa`)).text()).includes('<bdi lang="de">Kinderbetreuung im Haus</bdi>'), {
        what: 'the German note, isolated, on the Farsi page',
      });
    } finally {
      await running.app.catalogue.update('offers', 'o-001', before, null);
    }
  });

  it('publishes every offer’s newcomer texts as data or in all six languages', async () => {
    type Map = Partial<Record<string, string>>;
    const offers = ((await (await fetch(`${running.baseUrl}/api/public/offers`)).json()) as { items: Record<string, unknown>[] }).items;
    const gaps: string[] = [];
    for (const o of offers) {
      for (const f of ['title', 'summary', 'scheduleNote', 'costNote', 'targetGroup', 'contact']) {
        const text = o[f] as Map;
        if (!text.de) continue;
        for (const lang of LANGUAGES) if (!text[lang]) gaps.push(`${o.id} ${f} ${lang}`);
      }
    }
    assert.deepEqual(gaps, []);
    // Schedules and costs are data a page renders per language, not German strings.
    const o001 = offers.find((o) => o.id === 'o-001')!;
    assert.deepEqual((o001.schedule as { days: number[] }).days, [0, 1, 2, 3, 4]);
    assert.equal((o001.schedule as { from: string }).from, '08:30');
    assert.match((o001.scheduleNote as Map).fa ?? '', /[\u0600-\u06FF]/);
    const structured = offers.filter((o) => Object.values(o.schedule as object).some((v) => v === true || (Array.isArray(v) ? v.length > 0 : v !== null && v !== false)));
    assert.ok(structured.length >= 100, `${structured.length} schedules with data`);
    assert.ok(offers.some((o) => (o.cost as { amount: number | null }).amount !== null));
  });

  it('publishes open data as JSON and CSV with the licence, and the CSV imports cleanly', async () => {
    const json = JSON.parse((await get('/api/public/offers')).text);
    assert.equal(json.licence.id, 'dl-de/by-2-0');
    assert.ok(json.total > 100);
    assert.equal(json.items[0].status, undefined, 'nothing internal');
    assert.equal(json.items[0].source, undefined);
    const providers = JSON.parse((await get('/api/public/providers')).text);
    assert.ok(providers.items.some((p: { counselling: boolean }) => p.counselling));
    const csv = await fetch(`${running.baseUrl}/api/public/offers?format=csv`);
    assert.equal(csv.headers.get('access-control-allow-origin'), '*');
    const body = Buffer.from(await csv.arrayBuffer());
    const imported = await fetch(`${running.baseUrl}/api/catalogue/import?kind=offers&dryRun=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body,
    });
    const result = (await imported.json()) as any;
    assert.equal(imported.status, 200, JSON.stringify(result.error?.rows?.slice(0, 3)));
    assert.deepEqual(result.offers.added, []);
  });

  it('shows expired and inactive offers nowhere public, and a detail page 404s for them', async () => {
    const offer = (await (await fetch(`${running.baseUrl}/api/catalogue/offers/o-051`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;
    const { review: _review, ...record } = offer;
    const res = await fetch(`${running.baseUrl}/api/catalogue/offers/o-051`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...record, status: 'inactive', validUntil: '2020-01-01' }),
    });
    assert.equal(res.status, 200);
    assert.equal((await get('/offers/o-051?lang=de')).status, 404);
    assert.ok(!(await get('/offers?lang=de&category=childcare')).text.includes('/offers/o-051'));
    assert.ok(!(await get('/api/public/offers')).text.includes('"o-051"'));
    assert.ok(!(await get('/api/public/offers?format=csv')).text.includes('o-051;'));
  });

  it('pages through 10,000 offers', async () => {
    const bytes = bigOffersCsv(10_000);
    const res = await fetch(`${running.baseUrl}/api/catalogue/import?kind=offers`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: bytes });
    assert.equal(res.status, 200);
    const page = await get('/offers?lang=de&page=300');
    assert.equal(page.status, 200);
    assert.match(page.text, /Seite 300 von \d{3}/);
    assert.equal((page.text.match(/<li><h2>/g) ?? []).length, 20);
    assert.ok(page.text.length < 60_000, `${page.text.length} bytes: one page, not the catalogue`);
  });

  it('embeds on a partner page with one line: German courses in Döbeln in Ukrainian, and a chat button', async function () {
    const embed = await get('/embed/offers?lang=uk&category=german-course&town=doebeln&limit=3');
    assert.equal(embed.status, 200);
    assert.match(embed.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
    assert.match((await get('/offers?lang=uk')).headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/, 'only the widget may be framed');
    const script = await get('/widget.js');
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    const dir = path.dirname(running.config.databasePath);
    const partner = path.join(dir, 'partner.html');
    fs.writeFileSync(
      partner,
      `<!doctype html><meta charset="utf-8"><h1>Partner</h1>
<script src="${running.baseUrl}/widget.js" data-category="german-course" data-town="doebeln" data-lang="uk" data-limit="3"></script>
<script src="${running.baseUrl}/widget.js" data-mode="chat" data-lang="fa"></script>`,
    );
    const browser = await launchChromium(this);
    try {
      const page = await browser.newPage();
      // A partner site on another origin ("*" does not match file: pages, only network schemes).
      const http = await import('node:http');
      const site = http.createServer((_req, res) => res.end(fs.readFileSync(partner)));
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      after(() => site.close());
      await page.goto(`http://127.0.0.1:${(site.address() as { port: number }).port}/`);
      const frame = page.frameLocator('iframe');
      await frame.locator('li').first().waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('li').count(), 3);
      assert.match(await frame.locator('li').first().innerText(), /Döbeln/);
      assert.equal(await page.locator('a.bildungslotse-chat').getAttribute('href'), `${running.baseUrl}/?lang=fa`);
    } finally {
      await browser.close();
    }
  });

  it('passes an offer from the directory into the chat', async () => {
    const chat = await get('/?lang=uk&offer=o-001');
    assert.match(chat.text, /"offer":"o-001"/);
    const hostile = await get('/?lang=uk&offer=%3Cscript%3E');
    assert.match(hostile.text, /"offer":null/);
  });
});
