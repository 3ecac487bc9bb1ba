import assert from 'node:assert/strict';
import { postJson, startTestApp, type RunningApp } from '../helpers/testApp';

const PASSWORD = 'correct horse battery staple';

describe('provider accounts propose, coordinators approve', function () {
  this.timeout(30_000);
  let running: RunningApp;
  const tokens: Record<string, string> = {};
  const call = async (method: string, path: string, who: string | null, body?: unknown) => {
    const res = await fetch(running.baseUrl + path, {
      method,
      headers: { ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
  };

  before(async () => {
    running = await startTestApp();
    await running.app.users.add({ username: 'vhs-doebeln', password: PASSWORD, role: 'provider', providerId: 'p-vhs-dl' });
    await running.app.users.add({ username: 'vhs-freiberg', password: PASSWORD, role: 'provider', providerId: 'p-vhs-fg' });
    await running.app.users.add({ username: 'koord', password: PASSWORD, role: 'coordinator' });
    for (const name of ['vhs-doebeln', 'vhs-freiberg', 'koord']) tokens[name] = (await postJson(`${running.baseUrl}/api/auth/login`, { username: name, password: PASSWORD })).body.token;
  });
  after(async () => running?.app.stop());

  it('sees only its own offers, and gets 403 for another provider’s offer and for coordinator routes', async () => {
    const own = await call('GET', '/api/provider/offers', 'vhs-doebeln');
    assert.equal(own.status, 200);
    assert.ok(own.body.total > 0);
    assert.ok(own.body.items.every((o: { providerId: string }) => o.providerId === 'p-vhs-dl'));
    const foreign = (await call('GET', '/api/provider/offers', 'vhs-freiberg')).body.items[0].id;
    assert.equal((await call('GET', `/api/provider/offers/${foreign}`, 'vhs-doebeln')).status, 403);
    assert.equal((await call('PUT', `/api/provider/offers/${foreign}`, 'vhs-doebeln', { title: { de: 'Übernommen' } })).status, 403);
    assert.equal((await call('GET', '/api/catalogue/offers', 'vhs-doebeln')).status, 403);
    assert.equal((await call('GET', '/api/catalogue/proposals', 'vhs-doebeln')).status, 403);
    assert.equal((await call('GET', '/api/provider/offers', 'koord')).status, 403);
    assert.equal((await call('GET', '/api/provider/offers', null)).status, 401);
  });

  it('proposes new course dates that stay invisible until approved, then are public within a second', async () => {
    const offer = (await call('GET', '/api/provider/offers', 'vhs-doebeln')).body.items[0];
    const changed = { ...offer, title: { ...offer.title, de: 'Abendkurs Deutsch Wintersemester Quokka' }, schedule: 'ab 12. Januar, Mo und Mi 18–20 Uhr', providerId: 'p-vhs-fg' };
    const proposed = await call('PUT', `/api/provider/offers/${offer.id}`, 'vhs-doebeln', changed);
    assert.equal(proposed.status, 202, JSON.stringify(proposed.body));
    assert.equal(proposed.body.status, 'pending');
    assert.equal(proposed.body.proposed.providerId, 'p-vhs-dl', 'a provider cannot hand its offer to another provider');
    assert.ok(!(await fetch(`${running.baseUrl}/offers?lang=de&q=Quokka`).then((r) => r.text())).includes(`/offers/${offer.id}`), 'not visible before approval');
    const asked = async () => (await postJson(`${running.baseUrl}/api/ask`, { text: 'Abendkurs Deutsch Wintersemester Quokka in Döbeln', limit: 50 })).body.offers as { id: string; title: string }[];
    assert.ok(!(await asked()).some((o) => o.title.includes('Quokka')), 'the bot does not know it before approval');
    const page = await fetch(`${running.baseUrl}/offers/${offer.id}?lang=de`).then((r) => r.text());
    assert.ok(!page.includes('Quokka'));

    const queue = await call('GET', '/api/catalogue/proposals', 'koord');
    const item = queue.body.items.find((p: { entityId: string }) => p.entityId === offer.id);
    assert.equal(item.current.title.de, offer.title.de, 'the coordinator sees before and after');
    assert.equal(item.proposed.title.de, 'Abendkurs Deutsch Wintersemester Quokka');
    const started = Date.now();
    assert.equal((await call('POST', `/api/catalogue/proposals/${item.id}/approve`, 'koord')).status, 200);
    assert.match(await fetch(`${running.baseUrl}/offers?lang=de&q=Quokka`).then((r) => r.text()), new RegExp(`/offers/${offer.id}`));
    assert.ok((await asked()).some((o) => o.id === offer.id && o.title.includes('Quokka')), 'the bot answers with it after approval');
    assert.match(await fetch(`${running.baseUrl}/offers/${offer.id}?lang=de`).then((r) => r.text()), /12\. Januar/);
    assert.ok(Date.now() - started < 1000);
    assert.equal((await call('POST', `/api/catalogue/proposals/${item.id}/approve`, 'koord')).status, 409);
    const audit = await running.app.db.all<{ action: string; actor: number }>(`SELECT action, actor FROM audit_log WHERE entity_id = ? ORDER BY id`, [offer.id]);
    assert.deepEqual(audit.map((a) => [a.action, a.actor]), [['offers.update', (await running.app.users.list()).find((u) => u.username === 'koord')!.id]]);
  });

  it('rejects with a reason the provider sees, and refuses invalid proposals at once', async () => {
    const offer = (await call('GET', '/api/provider/offers', 'vhs-freiberg')).body.items[1];
    const bad = await call('PUT', `/api/provider/offers/${offer.id}`, 'vhs-freiberg', { ...offer, town: 'atlantis' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.rows[0].field, 'town');
    const proposed = await call('PUT', `/api/provider/offers/${offer.id}`, 'vhs-freiberg', { ...offer, cost: 'kostenlos!!!' });
    assert.equal(proposed.status, 202);
    assert.equal((await call('POST', `/api/catalogue/proposals/${proposed.body.id}/reject`, 'koord', { reason: 'Bitte die genauen Kosten angeben.' })).status, 200);
    const mine = (await call('GET', '/api/provider/proposals', 'vhs-freiberg')).body.items.find((p: { id: number }) => p.id === proposed.body.id);
    assert.equal(mine.status, 'rejected');
    assert.equal(mine.reason, 'Bitte die genauen Kosten angeben.');
    assert.ok(!(await fetch(`${running.baseUrl}/api/public/offers`).then((r) => r.text())).includes('kostenlos!!!'));
  });

  it('proposes a new offer and an update of its own provider entry', async () => {
    const entry = (await call('GET', '/api/provider/entry', 'vhs-doebeln')).body;
    assert.equal(entry.id, 'p-vhs-dl');
    const updated = await call('PUT', '/api/provider/entry', 'vhs-doebeln', { ...entry, phone: '03431 123456' });
    assert.equal(updated.status, 202);
    const created = await call('POST', '/api/provider/offers', 'vhs-doebeln', { id: 'vhs-dl-neu-1', categories: ['german-course'], town: 'doebeln', title: { de: 'Neuer Konversationskurs Zebra' } });
    assert.equal(created.status, 202, JSON.stringify(created.body));
    assert.equal(created.body.current, null);
    const queue = (await call('GET', '/api/catalogue/proposals', 'koord')).body.items;
    for (const p of queue.filter((q: { providerId: string }) => q.providerId === 'p-vhs-dl')) assert.equal((await call('POST', `/api/catalogue/proposals/${p.id}/approve`, 'koord')).status, 200);
    assert.match(await fetch(`${running.baseUrl}/offers?lang=de&q=Zebra`).then((r) => r.text()), /\/offers\/vhs-dl-neu-1/);
    assert.equal((await call('GET', '/api/catalogue/providers/p-vhs-dl', 'koord')).body.phone, '03431 123456');
  });
});
