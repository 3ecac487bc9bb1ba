import assert from 'node:assert/strict';
import type { Config } from '../../src/config/config';
import { parseWeeklyHours } from '../../src/handoff/openingHours';
import { Newcomer } from './newcomer';
import { postJson, tempDir, testConfig } from './testApp';

/**
 * The two sides of a handoff as the system tests drive them over HTTP: a newcomer in the web
 * chat (Direct Line) and an advisor using the REST routes and the event stream, as the console does.
 */
export const PASSWORD = 'correct horse battery staple';

/** An advisor's event stream read the way the console reads it (fetch, bearer token). */
export async function openEvents(baseUrl: string, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/handoffs/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: { event: string; data: any }[] = [];
  let waiters: { test: (e: { event: string; data: any }) => boolean; resolve: (e: { event: string; data: any }) => void }[] = [];
  void (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const chunk = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(chunk)?.[1];
          const data = /^data: (.*)$/m.exec(chunk)?.[1];
          if (!event || !data) continue;
          const e = { event, data: JSON.parse(data) };
          events.push(e);
          waiters = waiters.filter((w) => (w.test(e) ? (w.resolve(e), false) : true));
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    next(test: (e: { event: string; data: any }) => boolean, timeoutMs = 5000) {
      const found = events.find(test);
      if (found) return Promise.resolve(found);
      return new Promise<{ event: string; data: any }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event; got ${events.map((e) => e.event).join(',')}`)), timeoutMs);
        waiters.push({ test, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close: () => controller.abort(),
  };
}

export const api = async (method: string, url: string, token?: string, body?: unknown) => {
  const res = await fetch(url, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

export function handoffConfig(hours: string, dir = tempDir()): Config {
  const config = testConfig({}, dir);
  return { ...config, handoff: { ...config.handoff, hours: { ...config.handoff.hours, weekly: parseWeeklyHours(hours === 'never' ? 'mon-thu 08:00-16:00; fri 08:00-12:00' : hours), publicHolidays: 'none', closedDays: hours === 'never' ? allDays() : [] } } };
}

/** Every day of this and next year: closed whatever the clock says. */
function allDays(): string[] {
  const days: string[] = [];
  const start = Date.UTC(new Date().getUTCFullYear(), 0, 1);
  for (let i = 0; i < 800; i++) days.push(new Date(start + i * 86_400_000).toISOString().slice(0, 10));
  return days;
}

export async function login(baseUrl: string, username: string) {
  const res = await postJson(`${baseUrl}/api/auth/login`, { username, password: PASSWORD });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token as string;
}

/** A newcomer in the web chat; `label` only names them in the test, the service picks the user id. */
export async function newcomer(baseUrl: string, label: string) {
  const res = await postJson(`${baseUrl}/v3/directline/tokens/generate`, {});
  assert.equal(res.status, 200);
  const token = res.body.token as string;
  const { userId } = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { userId: string };
  const n = new Newcomer(baseUrl, token, label);
  await n.next(/./); // the welcome
  return { newcomer: n, token, userId };
}

/** Asks for a person in Ukrainian, consents, and answers topic and town if they are asked. */
export async function requestInUkrainian(n: Newcomer) {
  await n.ask('Хочу поговорити з людиною', /прочитати/i);
  const step = /Про що|населеному|черзі/i;
  let reply = await n.ask('Так', step, { action: 'choose', value: 'yes' });
  for (;;) {
    if (/черзі/.test(reply.text ?? '')) return reply;
    if (/Про що/.test(reply.text ?? '')) reply = await n.ask('Інтеграційний курс', step, { action: 'choose', value: 'integration-course' });
    else reply = await n.ask('Фрайберг', step);
  }
}

