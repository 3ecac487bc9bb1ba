import assert from 'node:assert/strict';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

describe('POST /api/ask and GET /healthz over HTTP', () => {
  let running: RunningApp;
  before(async () => {
    running = await startTestApp();
  });
  after(async () => {
    await running.app.stop();
  });

  it('returns integration courses in Döbeln first for the German question', async () => {
    const { status, body } = await postJson(`${running.baseUrl}/api/ask`, { text: 'Wo gibt es einen Integrationskurs in Döbeln?' });
    assert.equal(status, 200);
    assert.equal(body.lang, 'de');
    assert.equal(body.intent, 'offers');
    assert.equal(body.town, 'doebeln');
    assert.ok(body.offers.length >= 1);
    const first = body.offers[0];
    assert.ok(first.categories.includes('integration-course'), JSON.stringify(first));
    assert.equal(first.town, 'doebeln');
    assert.equal(typeof first.title, 'string');
    assert.equal(typeof first.score, 'number');
  });

  it('answers an English question in English with an English title', async () => {
    const { body } = await postJson(`${running.baseUrl}/api/ask`, { text: 'Where can I find a kindergarten in Mittweida?' });
    assert.equal(body.lang, 'en');
    assert.equal(body.intent, 'offers');
    assert.ok(body.offers[0].categories.includes('childcare'));
    assert.equal(body.offers[0].town, 'mittweida');
  });

  it('answers a factual question from the answer catalogue', async () => {
    const { body } = await postJson(`${running.baseUrl}/api/ask`, { text: 'Was kostet ein Integrationskurs?' });
    assert.equal(body.intent, 'answer');
    assert.equal(body.answer.category, 'integration-course');
    assert.match(body.answer.text, /2,29/);
  });

  it('uses the town given in the request when the question names none', async () => {
    const { body } = await postJson(`${running.baseUrl}/api/ask`, { text: 'Deutschkurs', town: 'freiberg' });
    assert.equal(body.town, 'freiberg');
    assert.equal(body.offers[0].town, 'freiberg');
  });

  it('says unknown to an off-topic question instead of a random offer', async () => {
    const { body } = await postJson(`${running.baseUrl}/api/ask`, { text: 'Wie ist das Wetter?' });
    assert.equal(body.intent, 'unknown');
    assert.deepEqual(body.offers, []);
    assert.equal(body.answer, null);
  });

  it('reports health with the number of offers', async () => {
    const res = await fetch(`${running.baseUrl}/healthz`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; offers: number };
    assert.equal(body.status, 'ok');
    assert.ok(body.offers >= 120);
  });

  describe('bad input', () => {
    const bad: [string, unknown, number, string][] = [
      ['malformed JSON', '{"text": "Kita', 400, 'invalidJson'],
      ['a number as text', { text: 42 }, 400, 'validationFailed'],
      ['no text at all', {}, 400, 'validationFailed'],
      ['an unknown language', { text: 'Kita', lang: 'tr' }, 400, 'validationFailed'],
      ['an unknown town', { text: 'Kita', town: 'berlin' }, 400, 'validationFailed'],
      ['20,000 characters', { text: 'a'.repeat(20_000) }, 400, 'validationFailed'],
      ['an array body', [1, 2], 400, 'validationFailed'],
    ];
    for (const [what, body, status, code] of bad) {
      it(`refuses ${what} with ${status} ${code} and no stack trace`, async () => {
        const res = await postJson(`${running.baseUrl}/api/ask`, body);
        assert.equal(res.status, status);
        assert.equal(res.body.error.code, code);
        assert.equal(typeof res.body.error.message, 'string');
        assert.doesNotMatch(JSON.stringify(res.body), /at .*\.ts:\d+/);
      });
    }

    it('treats SQL-looking and binary-looking text as a question like any other', async () => {
      for (const text of ["'; DROP TABLE offers; --", '\u0000\u0001\uFFFD\uD800', '   ', '🙂🙂🙂']) {
        const res = await postJson(`${running.baseUrl}/api/ask`, { text });
        assert.equal(res.status, 200, text);
      }
      const health = (await (await fetch(`${running.baseUrl}/healthz`)).json()) as { offers: number };
      assert.ok(health.offers >= 120);
    });

    it('answers unknown routes with a JSON 404', async () => {
      const res = await fetch(`${running.baseUrl}/api/nothing-here`);
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'notFound');
    });

    it('refuses malformed JSON on /api/messages with the same error shape', async () => {
      const res = await postJson(`${running.baseUrl}/api/messages`, '{not json');
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'invalidJson');
    });
  });
});
