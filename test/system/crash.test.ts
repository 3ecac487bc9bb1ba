import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Newcomer } from '../helpers/newcomer';
import { postJson, tempDir } from '../helpers/testApp';
import { waitFor } from '../helpers/waitFor';

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'correct horse battery staple';

/** The real service in its own process, so it can be killed with SIGKILL. */
async function startService(databasePath: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--no-deprecation', '--require', 'tsx/cjs', 'src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, LOG_LEVEL: 'warn', HANDOFF_HOURS: 'always', HANDOFF_PUBLIC_HOLIDAYS: 'none' },
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`service did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /localhost:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
  });
  return { child, baseUrl };
}

const kill9 = (child: ChildProcess) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGKILL')));

describe('crash: SIGKILL in the middle of a handoff and a web chat', function () {
  this.timeout(120_000);

  it('loses no message, no queue state and no web chat history', async () => {
    const db = path.join(tempDir(), 'crash.db');
    const added = spawnSync(process.execPath, ['--no-deprecation', '--require', 'tsx/cjs', 'scripts/user.ts', 'add', 'olena', '--role', 'advisor', '--languages', 'de,uk'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_PATH: db },
      input: `${PASSWORD}\n`,
      encoding: 'utf8',
    });
    assert.equal(added.status, 0, added.stderr);
    let service = await startService(db);
    const advisor = (await postJson(`${service.baseUrl}/api/auth/login`, { username: 'olena', password: PASSWORD })).body.token as string;
    const dlToken = (await postJson(`${service.baseUrl}/v3/directline/tokens/generate`, {})).body.token as string;
    const n = new Newcomer(service.baseUrl, dlToken, 'u-crash');
    await n.next(/./);
    await n.ask('Ich möchte mit einem Menschen sprechen', /Darf die Beratung|прочитати/);
    await n.ask('Ja', /Worum geht es|Про що/, { action: 'choose', value: 'yes' });
    await n.ask('x', /welchem Ort|населеному/, { action: 'choose', value: 'school' });
    await n.ask('Döbeln', /Warteschlange|черзі/);
    const api = (method: string, url: string, body?: unknown) =>
      fetch(service.baseUrl + url, { method, headers: { authorization: `Bearer ${advisor}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as any }));
    const id = (await api('GET', '/api/handoffs?status=waiting')).body.items[0].id;
    assert.equal((await api('POST', `/api/handoffs/${id}/accept`)).status, 200);
    const first = n.next(/Guten Tag/);
    assert.equal((await api('POST', `/api/handoffs/${id}/messages`, { text: 'Guten Tag, wie kann ich helfen?' })).status, 201);
    await first;
    await n.say('Ich suche eine Schule für meine Tochter');
    const messages = async () => (await api('GET', `/api/handoffs/${id}`)).body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`) as string[];
    const before = await waitFor(async () => {
      const list = await messages();
      return list.includes('user:Ich suche eine Schule für meine Tochter') && list;
    }, { what: 'the newcomer’s message in the handoff', intervalMs: 20 });
    const resume = n.position;
    n.dl.end();

    await kill9(service.child);
    service = await startService(db);
    try {
      const after = await api('GET', `/api/handoffs/${id}`);
      assert.equal(after.body.status, 'active', 'the chat is still active');
      assert.deepEqual(after.body.messages.map((m: { from: string; text: string }) => `${m.from}:${m.text}`), before, 'every message is still there');
      assert.ok(before.includes('user:Ich suche eine Schule für meine Tochter'));

      const n2 = new Newcomer(service.baseUrl, dlToken, 'u-crash', resume);
      const second = n2.next(/Bitte bringen Sie/);
      assert.equal((await api('POST', `/api/handoffs/${id}/messages`, { phrase: 'bringDocuments' })).status, 201);
      await second;
      const history = await fetch(`${service.baseUrl}/v3/directline/conversations/${resume.conversationId}/activities`, { headers: { authorization: `Bearer ${dlToken}` } }).then((r) => r.json() as Promise<{ activities: { text?: string }[] }>);
      const texts = history.activities.map((a) => a.text ?? '');
      assert.ok(texts.includes('Ich möchte mit einem Menschen sprechen'), 'the web chat history survived');
      assert.ok(texts.some((t) => t.includes('Guten Tag, wie kann ich helfen?')));
      n2.dl.end();
    } finally {
      await kill9(service.child);
    }
  });
});
