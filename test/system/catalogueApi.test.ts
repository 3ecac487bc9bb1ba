import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

const PASSWORD = 'correct horse battery staple';

async function call(method: string, url: string, token: string | undefined, body?: unknown, type = 'application/json') {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as never) : JSON.stringify(body),
  });
  const buffer = Buffer.from(await res.arrayBuffer());
  let json: any = null;
  try {
    json = JSON.parse(buffer.toString('utf8'));
  } catch {
    // a download
  }
  return { status: res.status, body: json, raw: buffer, headers: res.headers };
}

const HEADER = 'id;status;categories;town;providerId;title_de;title_uk;summary_de;validUntil;free;evening';

describe('catalogue administration over REST', function () {
  this.timeout(60_000);
  let running: RunningApp;
  let token: string;
  let advisor: string;
  const url = (path: string) => running.baseUrl + path;
  const ask = (text: string) => postJson(url('/api/ask'), { text }).then((r) => r.body as { offers: { id: string; title: string }[]; answer: { id: string } | null });
  const offerCount = async () => Number((await running.app.db.get<{ n: number }>('SELECT count(*) AS n FROM offers'))!.n);

  before(async () => {
    running = await startTestApp();
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    await running.app.users.add({ username: 'berater', password: PASSWORD, role: 'advisor' });
    token = (await postJson(url('/api/auth/login'), { username: 'koord', password: PASSWORD })).body.token;
    advisor = (await postJson(url('/api/auth/login'), { username: 'berater', password: PASSWORD })).body.token;
  });
  after(async () => running?.app.stop());

  it('offers templates whose example rows import as they are', async () => {
    for (const kind of ['offers', 'providers', 'answers']) {
      const template = await call('GET', url(`/api/catalogue/template?format=csv&kind=${kind}`), token);
      const check = await call('POST', url(`/api/catalogue/import?kind=${kind}&mode=upsert&dryRun=true`), token, template.raw, 'text/csv');
      assert.equal(check.status, 200, `${kind}: ${JSON.stringify(check.body)}`);
    }
    const xlsx = await call('GET', url('/api/catalogue/template?format=xlsx'), token);
    const check = await call('POST', url('/api/catalogue/import?mode=upsert&dryRun=true'), token, xlsx.raw, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(check.status, 200, JSON.stringify(check.body));
  });

  it('reports every problem of a row at once: its own cells, its town and its provider', async () => {
    const row = 'x-three;active;german-course;Atlantis;p-nobody;Kurs;;Ein Kurs.;2099-12-31;vielleicht;nein';
    const res = await call('POST', url('/api/catalogue/import?kind=offers&mode=upsert&dryRun=true'), token, [HEADER, row].join('\n'), 'text/csv');
    assert.equal(res.status, 422);
    const fields = (res.body.error.rows as { row: number; field: string }[]).filter((p) => p.row === 2).map((p) => p.field).sort();
    assert.deepEqual(fields, ['free', 'providerId', 'town']);
  });

  it('says which yes/no value it could not read and what is allowed', async () => {
    const row = 'x-yesno;active;german-course;freiberg;p-vhs-fg;Kurs;;Ein Kurs.;2099-12-31;vielleicht;abends';
    const res = await call('POST', url('/api/catalogue/import?kind=offers&mode=upsert&dryRun=true'), token, [HEADER, row].join('\n'), 'text/csv');
    assert.equal(res.status, 422);
    const text = JSON.stringify(res.body);
    assert.match(text, /„vielleicht“ ist kein Ja\/Nein/);
    assert.match(text, /„abends“ ist kein Ja\/Nein/);
    assert.doesNotMatch(text, /erwartet boolean/);
  });

  it('takes a town by name or another known spelling as well as by id, and stores the id', async () => {
    const rows = ['x-town-1;active;german-course;Döbeln;p-vhs-dl;Kurs eins;;Ein Kurs.;2099-12-31;true;false', 'x-town-2;active;german-course;Doebeln;p-vhs-dl;Kurs zwei;;Ein Kurs.;2099-12-31;true;false', 'x-town-3;active;german-course;Фрайберг;p-vhs-dl;Kurs drei;;Ein Kurs.;2099-12-31;true;false'];
    const res = await call('POST', url('/api/catalogue/import?kind=offers&mode=upsert'), token, [HEADER, ...rows].join('\n'), 'text/csv');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    for (const [id, town] of [['x-town-1', 'doebeln'], ['x-town-2', 'doebeln'], ['x-town-3', 'freiberg']]) {
      assert.equal((await call('GET', url(`/api/catalogue/offers/${id}`), token)).body.town, town, id);
    }
    const bad = await call('POST', url('/api/catalogue/import?kind=offers&mode=upsert&dryRun=true'), token, [HEADER, rows[0]!.replace('Döbeln', 'Atlantis')].join('\n'), 'text/csv');
    assert.equal(bad.status, 422);
    assert.match(JSON.stringify(bad.body), /Unbekannter Ort „Atlantis“/);
  });

  it('finds offers by words in any order across title, provider, town and id', async () => {
    const ids = async (q: string) => ((await call('GET', url(`/api/catalogue/offers?q=${encodeURIComponent(q)}&limit=200`), token)).body.items as { id: string }[]).map((o) => o.id);
    // "MiA Döbeln" found nothing: the title reads "MiA-Frauenkurs in Döbeln".
    for (const q of ['MiA Döbeln', 'doebeln mia', 'Volkshochschule Frauenkurs', 'o-094']) assert.ok((await ids(q)).includes('o-094'), q);
    assert.ok(!(await ids('MiA Freiberg')).includes('o-094'), 'every word must match');
    const providers = (await call('GET', url(`/api/catalogue/providers?q=${encodeURIComponent('Döbeln Volkshochschule')}`), token)).body.items as { id: string }[];
    assert.ok(providers.some((p) => p.id === 'p-vhs-dl'));
  });

  it('refuses a CSV with three broken rows, naming exactly those rows and columns, and changes nothing', async () => {
    const before = await offerCount();
    const csv = [
      HEADER,
      'neu-ok;active;german-course;freiberg;p-vhs-dl;Deutschkurs am Morgen;;Ein Kurs.;2030-01-01;ja;nein',
      'neu-ort;active;german-course;atlantis;p-vhs-dl;Deutschkurs irgendwo;;;;nein;nein',
      'neu-titel;active;german-course;freiberg;p-vhs-dl;;Курс;;;nein;nein',
      'neu-alt;active;german-course;doebeln;p-vhs-dl;Alter Kurs;;;01.01.2020;nein;nein',
    ].join('\r\n');
    const res = await call('POST', url('/api/catalogue/import?kind=offers'), token, csv, 'text/csv');
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.deepEqual(
      res.body.error.rows.map((r: { row: number; field: string }) => [r.row, r.field]),
      [
        [3, 'town'],
        [4, 'title_de'],
        [5, 'validUntil'],
      ],
    );
    assert.match(res.body.error.rows[0].message, /Unbekannter Ort „atlantis“/);
    assert.match(res.body.error.rows[1].message, /Titel auf Deutsch fehlt/);
    assert.match(res.body.error.rows[2].message, /Vergangenheit/);
    assert.equal(await offerCount(), before, 'all or nothing: not even the good row was added');
  });

  it('imports a good file (Windows-1252, with BOM-less ";") and the bot finds the new offer at once', async () => {
    const csv = [HEADER, 'neu-schwimm;active;adult-education;rosswein;p-vhs-dl;Schwimmkurs für Frauen in Roßwein;;Schwimmen lernen, mit Kinderbetreuung.;2030-01-01;ja;nein'].join('\r\n');
    const dry = await call('POST', url('/api/catalogue/import?kind=offers&dryRun=true'), token, Buffer.from(csv, 'latin1'), 'text/csv');
    assert.equal(dry.status, 200, JSON.stringify(dry.body));
    assert.deepEqual(dry.body.offers.added, ['neu-schwimm']);
    assert.match(dry.body.warnings[0], /Windows-1252/);
    assert.equal((await ask('Schwimmkurs Roßwein')).offers.some((o) => o.id === 'neu-schwimm'), false, 'a dry run changes nothing');

    const started = Date.now();
    const done = await call('POST', url('/api/catalogue/import?kind=offers'), token, Buffer.from(csv, 'latin1'), 'text/csv');
    assert.equal(done.status, 200);
    const found = await ask('Schwimmkurs Roßwein');
    assert.equal(found.offers[0]?.id, 'neu-schwimm');
    assert.equal(found.offers[0]?.title, 'Schwimmkurs für Frauen in Roßwein', 'Umlauts and ß survived Windows-1252');
    assert.ok(Date.now() - started < 1000);
    const audit = await running.app.db.all<{ action: string; actor: number }>(`SELECT action, actor FROM audit_log WHERE entity_id = 'neu-schwimm'`);
    assert.deepEqual(audit.map((a) => a.action), ['offers.import']);
  });

  it('round-trips the whole catalogue through XLSX unchanged', async () => {
    const exported = await call('GET', url('/api/catalogue/export?format=xlsx'), token);
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get('content-type') ?? '', /spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.raw as never);
    assert.deepEqual(workbook.worksheets.map((w) => w.name), ['offers', 'providers', 'answers']);
    const back = await call('POST', url('/api/catalogue/import?format=xlsx&dryRun=1&mode=replace'), token, exported.raw, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(back.status, 200, JSON.stringify(back.body?.error?.rows?.slice(0, 3)));
    for (const kind of ['offers', 'providers', 'answers']) {
      assert.deepEqual([back.body[kind].added, back.body[kind].changed, back.body[kind].removed], [[], [], []], kind);
    }
    assert.equal(back.body.offers.unchanged, await offerCount());
    const json = await call('GET', url('/api/catalogue/export?format=json'), token);
    const again = await call('POST', url('/api/catalogue/import?format=json&dryRun=1'), token, json.raw, 'application/json');
    assert.equal(again.body.offers.changed.length, 0);
  });

  it('edits, hides and deletes offers through CRUD, and the bot follows every change', async () => {
    const offer = (await call('GET', url('/api/catalogue/offers/neu-schwimm'), token)).body;
    assert.equal(offer.town, 'rosswein');
    assert.equal(offer.review.translations.uk, 'missing');
    // Every text a newcomer reads gets its Ukrainian version, so the translation is complete.
    const inUkrainian = Object.fromEntries(
      ['summary', 'scheduleNote', 'costNote', 'targetGroup', 'contact'].filter((f) => offer[f]?.de).map((f) => [f, { ...offer[f], uk: `${offer[f].de} (uk)` }]),
    );
    const renamed = await call('PUT', url('/api/catalogue/offers/neu-schwimm'), token, { ...offer, ...inUkrainian, review: undefined, title: { de: 'Aquafitness <b>für</b> Frauen in Roßwein', uk: 'Аквафітнес' } });
    assert.equal((await call('GET', url('/api/catalogue/offers/neu-schwimm'), token)).body.review.translations.uk, 'ok');
    const renamedBy = Date.now();
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    assert.equal(renamed.body.title.de, 'Aquafitness <b>für</b> Frauen in Roßwein', 'HTML is stored as text');
    assert.equal((await ask('Aquafitness Roßwein')).offers[0]?.id, 'neu-schwimm');

    // The German text changes after the Ukrainian one (texts are stamped to the millisecond): the
    // translation is now outdated.
    await waitFor(() => Date.now() > renamedBy, { what: 'the clock to pass the time of the first change', intervalMs: 0 });
    const current = (await call('GET', url('/api/catalogue/offers/neu-schwimm'), token)).body;
    await call('PUT', url('/api/catalogue/offers/neu-schwimm'), token, { ...current, review: undefined, title: { ...current.title, de: 'Aquafitness für Frauen in Roßwein (neu)' } });
    assert.equal((await call('GET', url('/api/catalogue/offers/neu-schwimm'), token)).body.review.translations.uk, 'outdated');

    const hidden = await call('PUT', url('/api/catalogue/offers/neu-schwimm'), token, { ...current, review: undefined, status: 'inactive' });
    assert.equal(hidden.status, 200);
    assert.equal((await ask('Aquafitness Roßwein')).offers.some((o) => o.id === 'neu-schwimm'), false, 'inactive offers are hidden from newcomers');

    const dup = await call('POST', url('/api/catalogue/offers'), token, { ...current, review: undefined });
    assert.equal(dup.status, 409);
    const bad = await call('POST', url('/api/catalogue/offers'), token, { id: 'Kaputt!', title: {} });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.rows.some((r: { field: string }) => r.field === 'id'));

    assert.equal((await call('DELETE', url('/api/catalogue/providers/p-vhs-dl'), token)).status, 409, 'a provider with offers cannot be deleted');
    assert.equal((await call('DELETE', url('/api/catalogue/offers/neu-schwimm'), token)).status, 204);
    assert.equal((await call('GET', url('/api/catalogue/offers/neu-schwimm'), token)).status, 404);
    const trail = await running.app.db.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity_id = 'neu-schwimm' ORDER BY id`);
    assert.deepEqual(trail.map((t) => t.action), ['offers.import', 'offers.update', 'offers.update', 'offers.update', 'offers.delete']);
  });

  it('lists expired and unconfirmed offers for review, and "confirm" stamps the date', async () => {
    const list = await call('GET', url('/api/catalogue/offers?flag=unconfirmed&limit=2'), token);
    assert.equal(list.status, 200);
    assert.equal(list.body.total, 0, 'the seed was just loaded: nothing is older than six months yet');
    const review = await call('GET', url('/api/catalogue/review'), token);
    assert.ok(Array.isArray(review.body.expired));
    assert.ok(review.body.translations.uk);
    const confirmed = await call('POST', url('/api/catalogue/offers/o-001/confirm'), token);
    assert.equal(confirmed.status, 200);
    assert.ok(confirmed.body.reviewedAt);
    const preview = await call('GET', url('/api/catalogue/offers/o-001/preview?lang=uk'), token);
    assert.equal(preview.status, 200);
    assert.ok(preview.body.card.title);
  });

  it('exports CSV that Excel opens safely: BOM, ";" and formulas defused; a round trip restores them', async () => {
    const formula = "=cmd|' /C calc'!A0";
    const base = (await call('GET', url('/api/catalogue/offers/o-001'), token)).body;
    await call('PUT', url('/api/catalogue/offers/o-001'), token, { ...base, review: undefined, schedule: formula, cost: '+49 3731 799' });
    const csv = await call('GET', url('/api/catalogue/export?format=csv&kind=offers'), token);
    assert.deepEqual([...csv.raw.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = csv.raw.subarray(3).toString('utf8');
    assert.ok(text.split('\r\n')[0]!.startsWith('id;status;categories;town'));
    assert.ok(text.includes(`'=cmd|`), 'the formula is text in Excel');
    assert.ok(!/;=cmd/.test(text));
    const back = await call('POST', url('/api/catalogue/import?kind=offers&dryRun=1'), token, csv.raw, 'text/csv');
    assert.equal(back.status, 200, JSON.stringify(back.body?.error?.rows?.slice(0, 3)));
    assert.deepEqual(back.body.offers.changed, [], 'the apostrophe is removed again on import');
    const template = await call('GET', url('/api/catalogue/template?format=csv&kind=offers'), token);
    assert.match(template.raw.toString('utf8'), /beispiel-deutschkurs-a1/);
  });

  it('reports unknown columns and duplicate ids, and refuses 50 MB with 413', async () => {
    const csv = [`${HEADER};notizen`, 'dup-1;active;german-course;freiberg;p-vhs-dl;A;;;;ja;nein;x', 'dup-1;active;german-course;freiberg;p-vhs-dl;B;;;;ja;nein;y'].join('\n');
    const res = await call('POST', url('/api/catalogue/import?kind=offers'), token, csv, 'text/csv');
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.error.rows.map((r: { row: number; field: string }) => [r.row, r.field]), [[1, 'notizen']]);
    const dup = await call('POST', url('/api/catalogue/import?kind=offers'), token, csv.replace(';notizen', '').replace(/;x$|;y$/gm, ''), 'text/csv');
    assert.deepEqual(dup.body.error.rows.map((r: { row: number; field: string }) => [r.row, r.field]), [[3, 'id']]);
    const huge = await call('POST', url('/api/catalogue/import?kind=offers'), token, Buffer.alloc(50 * 1024 * 1024, 0x61), 'text/csv');
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'payloadTooLarge');
  });

  it('collects questions that found nothing, scrubbed and grouped, and adds them to an answer in one step', async () => {
    const questions = [
      'Wo kann ich Schwimmunterricht für Erwachsene machen? Schreiben Sie an anna.schmidt@example.de',
      'Schwimmunterricht für Erwachsene gesucht, Tel 0176 12345678',
      'Gibt es einen Fahrradkurs?',
    ];
    for (const text of questions) assert.equal((await ask(text)).offers.length === 0 || true, true);
    const res = await call('GET', url('/api/catalogue/unanswered'), token);
    assert.equal(res.status, 200);
    const swim = res.body.groups.find((g: { texts: string[] }) => g.texts.some((t) => /Schwimmunterricht/.test(t)));
    assert.ok(swim, JSON.stringify(res.body.groups));
    assert.equal(swim.count, 2, 'the two swimming questions are one group');
    assert.doesNotMatch(JSON.stringify(res.body), /anna\.schmidt|12345678/, 'emails and phone numbers are scrubbed');
    const stored = await running.app.db.all<Record<string, unknown>>('SELECT * FROM unanswered_questions');
    assert.deepEqual(Object.keys(stored[0]!).sort(), ['answer_id', 'created_at', 'hour', 'id', 'lang', 'reason', 'text'], 'no user or conversation is stored');
    assert.equal(swim.reasons.nothing, 2);

    const target = (await call('GET', url('/api/catalogue/answers?limit=1'), token)).body.items[0];
    const assigned = await call('POST', url('/api/catalogue/unanswered/assign'), token, { ids: swim.ids, answerId: target.id });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.ok(assigned.body.answer.questions.de.some((q: string) => /Schwimmunterricht für Erwachsene gesucht/.test(q)));
    assert.equal((await ask('Schwimmunterricht für Erwachsene gesucht')).answer?.id, target.id, 'the bot now answers it');
    const left = (await call('GET', url('/api/catalogue/unanswered'), token)).body.groups;
    assert.ok(!left.some((g: { ids: number[] }) => g.ids.some((id) => swim.ids.includes(id))));
    const bike = left.find((g: { texts: string[] }) => g.texts.some((t) => /Fahrradkurs/.test(t)));
    assert.equal((await call('POST', url('/api/catalogue/unanswered/dismiss'), token, { ids: bike.ids })).status, 204);
    // A question whose answer did not help shows with that answer (written as the bot writes it).
    await running.app.db.run("INSERT INTO unanswered_questions (text, lang, hour, created_at, reason, answer_id) VALUES ('Was kostet der Kurs wirklich, ich arbeite doch?', 'de', '2026-12-06T10', ?, 'notHelpful', 'a-ik-cost')", [Date.now()]);
    const unhelpful = (await call('GET', url('/api/catalogue/unanswered'), token)).body.groups.find((g: { texts: string[] }) => g.texts.some((t) => /wirklich/.test(t)));
    assert.deepEqual([unhelpful.reasons, unhelpful.givenAnswers], [{ nothing: 0, notHelpful: 1 }, ['a-ik-cost']]);
    const remaining = await running.app.db.all<{ text: string }>('SELECT text FROM unanswered_questions');
    assert.ok(!remaining.some((r) => /Fahrradkurs|Schwimmunterricht/.test(r.text)), JSON.stringify(remaining));
  });

  it('answers 401 without a token and 403 for an advisor on every catalogue route', async () => {
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/catalogue/offers'],
      ['GET', '/api/catalogue/offers/o-001'],
      ['POST', '/api/catalogue/offers', {}],
      ['PUT', '/api/catalogue/offers/o-001', {}],
      ['DELETE', '/api/catalogue/offers/o-001'],
      ['POST', '/api/catalogue/offers/o-001/confirm'],
      ['GET', '/api/catalogue/offers/o-001/preview'],
      ['GET', '/api/catalogue/providers'],
      ['PUT', '/api/catalogue/providers/p-lra', {}],
      ['DELETE', '/api/catalogue/providers/p-lra'],
      ['GET', '/api/catalogue/answers'],
      ['POST', '/api/catalogue/answers', {}],
      ['DELETE', '/api/catalogue/answers/a-x'],
      ['GET', '/api/catalogue/review'],
      ['POST', '/api/catalogue/import', 'id'],
      ['GET', '/api/catalogue/export'],
      ['GET', '/api/catalogue/template'],
      ['GET', '/api/catalogue/unanswered'],
      ['POST', '/api/catalogue/unanswered/assign', { ids: [1], answerId: 'a' }],
      ['POST', '/api/catalogue/unanswered/dismiss', { ids: [1] }],
    ];
    for (const [method, path, body] of routes) {
      assert.equal((await call(method, url(path), undefined, body)).status, 401, `${method} ${path} anonymous`);
      assert.equal((await call(method, url(path), advisor, body)).status, 403, `${method} ${path} as advisor`);
    }
    assert.ok((await offerCount()) > 100, 'nothing was deleted by the refused calls');
  });
});
