import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LoginThrottle } from '../../src/auth/loginThrottle';
import { hashPassword, verifyPassword, DUMMY_HASH } from '../../src/auth/passwords';
import { SessionService } from '../../src/auth/sessions';
import { UserRepository } from '../../src/auth/users';
import { SqliteDatabase } from '../../src/db/sqliteDatabase';
import { migrate } from '../../src/db/migrations';
import { parseContact } from '../../src/handoff/contact';
import { OpeningHours, parseWeeklyHours, saxonyHolidays } from '../../src/handoff/openingHours';
import { createTranslator } from '../../src/language/i18n';
import { isAppError } from '../../src/errors';
import { createHandoffs } from '../helpers/handoffs';
import { DATA_DIR } from '../helpers/files';

const berlin = (iso: string) => new Date(iso);

describe('opening hours', () => {
  const hours = new OpeningHours({
    weekly: parseWeeklyHours('mon-thu 08:00-16:00; fri 08:00-12:00'),
    closedDays: ['2026-12-24'],
    publicHolidays: 'saxony',
    timeZone: 'Europe/Berlin',
  });

  it('is open on weekdays in Berlin time, across daylight saving time', () => {
    assert.equal(hours.isOpen(berlin('2026-11-26T07:30:00Z')), true, 'Thursday 08:30 CET');
    assert.equal(hours.isOpen(berlin('2026-11-26T06:59:00Z')), false, 'Thursday 07:59 CET');
    assert.equal(hours.isOpen(berlin('2026-11-27T11:30:00Z')), false, 'Friday 12:30 CET');
    assert.equal(hours.isOpen(berlin('2026-07-02T06:30:00Z')), true, 'Thursday 08:30 CEST');
    assert.equal(hours.isOpen(berlin('2026-11-28T09:00:00Z')), false, 'Saturday');
  });

  it('is closed on Saxon public holidays and configured closed days', () => {
    assert.deepEqual(saxonyHolidays(2026).slice(1, 3), ['2026-04-03', '2026-04-06'], 'Good Friday and Easter Monday 2026');
    assert.ok(saxonyHolidays(2026).includes('2026-11-18'), 'Buß- und Bettag 2026 is Wednesday 18 November');
    assert.ok(saxonyHolidays(2025).includes('2025-11-19'));
    assert.equal(hours.isOpen(berlin('2026-11-18T09:00:00Z')), false);
    assert.equal(hours.isOpen(berlin('2026-12-24T09:00:00Z')), false);
    assert.equal(hours.isOpen(berlin('2026-12-23T09:00:00Z')), true);
  });

  it('describes itself with weekday names in the newcomer’s language', () => {
    assert.equal(hours.describe('de'), 'Mo–Do 08:00–16:00, Fr 08:00–12:00');
    assert.match(hours.describe('uk'), /пн–чт 08:00–16:00/);
    assert.match(hours.describe('ar'), /08:00–16:00/);
  });

  it('rejects what it cannot read, naming the variable', () => {
    for (const bad of ['montag 8-16', 'mon 08:00', 'mon 16:00-08:00', 'fri-mon 08:00-12:00', 'mon 25:00-26:00']) {
      assert.throws(() => parseWeeklyHours(bad), (e: unknown) => isAppError(e) && /HANDOFF_HOURS/.test(e.message), bad);
    }
    assert.deepEqual(parseWeeklyHours('mon 08:00-12:00, 13:00-16:00').mon, [{ from: 480, to: 720 }, { from: 780, to: 960 }]);
  });
});

describe('callback contacts', () => {
  it('accepts German and international phone numbers and emails, normalised', () => {
    assert.deepEqual(parseContact('0176 12345678'), { kind: 'phone', value: '+4917612345678' });
    assert.deepEqual(parseContact('٠١٧٦١٢٣٤٥٦٧٨'), { kind: 'phone', value: '+4917612345678' }, 'Arabic-Indic digits');
    assert.deepEqual(parseContact('۰۱۷۶۱۲۳۴۵۶۷۸'), { kind: 'phone', value: '+4917612345678' }, 'Persian digits');
    assert.deepEqual(parseContact('+380 67 123 4567'), { kind: 'phone', value: '+380671234567' });
    assert.deepEqual(parseContact('Meine Nummer: 03731 799-0'), { kind: 'phone', value: '+4937317990' });
    assert.deepEqual(parseContact('Name@Example.DE'), { kind: 'email', value: 'name@example.de' });
  });

  it('refuses what is neither', () => {
    for (const bad of ['12', '12345', 'ja', 'x@y', '<script>alert(1)</script>@x.de', '', 'call me', '0'.repeat(40)]) assert.equal(parseContact(bad), null, bad);
  });

  it('never throws and only returns E.164 numbers or addresses with an @', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const c = parseContact(text);
        return c === null || (c.kind === 'phone' ? /^\+\d{7,15}$/.test(c.value) : c.value.includes('@') && !/[\s<>]/.test(c.value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('staff accounts and sign-in', () => {
  let db: SqliteDatabase;
  beforeEach(async () => {
    db = await SqliteDatabase.open(':memory:');
    await migrate(db);
  });
  afterEach(async () => db.close());

  it('stores scrypt hashes, never the password, and verifies them', async () => {
    const hash = await hashPassword('ein langes Passwort');
    assert.match(hash, /^scrypt\$32768\$8\$1\$/);
    assert.doesNotMatch(hash, /langes/);
    assert.equal(await verifyPassword('ein langes Passwort', hash), true);
    assert.equal(await verifyPassword('ein langes passwort', hash), false);
    assert.equal(await verifyPassword('anything', DUMMY_HASH), false);
  });

  it('signs in with a token that expires, and refuses wrong passwords, unknown and disabled users', async () => {
    let now = 1_000_000;
    const users = new UserRepository(db);
    await users.add({ username: 'anna', password: 'ein langes Passwort', role: 'advisor', languages: ['de', 'ar'] });
    await assert.rejects(users.add({ username: 'ANNA', password: 'ein langes Passwort', role: 'advisor' }), /already exists/);
    await assert.rejects(users.add({ username: 'bob', password: 'kurz', role: 'advisor' }), /10 characters/);
    await assert.rejects(users.add({ username: '<b>', password: 'ein langes Passwort', role: 'advisor' }), /username/);
    await assert.rejects(users.add({ username: 'prov', password: 'ein langes Passwort', role: 'provider' }), /--provider/);
    const sessions = new SessionService(db, users, 60_000, () => now);
    assert.equal(await sessions.login('anna', 'falsch falsch falsch'), null);
    assert.equal(await sessions.login('nobody', 'ein langes Passwort'), null);
    const session = (await sessions.login('anna', 'ein langes Passwort'))!;
    assert.equal((await sessions.authenticate(session.token))?.username, 'anna');
    const stored = await db.all<{ token_hash: string }>('SELECT token_hash FROM auth_tokens');
    assert.notEqual(stored[0]!.token_hash, session.token, 'only a hash of the token is stored');
    now += 61_000;
    assert.equal(await sessions.authenticate(session.token), null, 'expired');
    const again = (await sessions.login('anna', 'ein langes Passwort'))!;
    await users.disable('anna');
    assert.equal(await sessions.authenticate(again.token), null, 'disabling ends sign-ins');
  });

  it('slows password guessing per username and per address', () => {
    let now = 0;
    const throttle = new LoginThrottle(5, 15 * 60_000, () => now);
    const keys = ['u:anna', 'ip:1.2.3.4'];
    for (let i = 0; i < 4; i++) throttle.fail(keys);
    assert.equal(throttle.retryAfter(keys), 0);
    throttle.fail(keys);
    assert.equal(throttle.retryAfter(keys), 900);
    assert.equal(throttle.retryAfter(['u:anna', 'ip:5.6.7.8']), 900, 'another address cannot keep guessing anna');
    now += 15 * 60_000 + 1;
    assert.equal(throttle.retryAfter(keys), 0);
  });
});

describe('a chat the newcomer ends', () => {
  it('still takes the outcome from the advisor who had it, and from nobody else', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const { service, db } = await createHandoffs(translator);
    const users = new UserRepository(db);
    const anna = await users.add({ username: 'anna', password: 'ein langes Passwort', role: 'advisor', languages: ['ar'] });
    const ben = await users.add({ username: 'ben', password: 'ein langes Passwort', role: 'advisor', languages: ['ar'] });
    const { handoff } = await service.enqueue({ conversationKey: 'webchat:c1', userKey: 'webchat:u1', channel: 'local', reference: {}, language: 'ar', topic: null, town: null, consent: false, transcript: [] });
    await service.accept(handoff.id, anna);
    // Staff read German: the race for a request is lost in German, not "Someone else accepted it".
    await assert.rejects(service.accept(handoff.id, ben), (e: unknown) => isAppError(e) && e.code === 'conflict' && /^Das Gespräch ist aktiv, nicht wartend/.test(e.message));
    const ended = await service.endByNewcomer((await service.detail(handoff.id)) as never);
    assert.equal(ended?.outcome, 'ended-by-newcomer');
    await assert.rejects(service.close(handoff.id, ben, 'helped'), (e: unknown) => isAppError(e) && e.code === 'conflict' && /schon abgeschlossen/.test(e.message), 'a colleague cannot, told in German');
    const recorded = await service.close(handoff.id, anna, 'referred');
    assert.equal(recorded.status, 'closed');
    assert.equal(recorded.outcome, 'referred');
    await assert.rejects(service.close(handoff.id, anna, 'helped'), (e: unknown) => isAppError(e) && e.code === 'conflict', 'once recorded, it is closed');
  });
});

describe('the handoff queue over time', () => {
  it('offers a callback once after the accept timeout, expires abandoned requests, and estimates waits honestly', async () => {
    let now = Date.parse('2026-11-26T09:00:00Z');
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const { service, notifier, db } = await createHandoffs(translator, { now: () => now });
    const users = new UserRepository(db);
    const advisor = await users.add({ username: 'anna', password: 'ein langes Passwort', role: 'advisor', languages: ['ar'] });
    const origin = (n: number) => ({
      conversationKey: `webchat:c${n}`,
      userKey: `webchat:u${n}`,
      channel: 'local' as const,
      reference: {},
      language: 'ar' as const,
      topic: null,
      town: null,
      consent: false,
      transcript: [{ from: 'user' as const, text: 'secret', at: '' }],
    });

    const first = await service.enqueue(origin(1));
    assert.equal(first.position, 1);
    assert.equal(first.estimateMinutes, null, 'no history, no made-up estimate');
    assert.deepEqual(await service.detail(first.handoff.id).then((d) => d.transcript), [], 'without consent the chat is not stored');

    now += 11 * 60_000;
    assert.deepEqual(await service.sweep(), { offered: 1, expired: 0 });
    assert.deepEqual(await service.sweep(), { offered: 0, expired: 0 }, 'offered once only');
    assert.equal(notifier.sent.filter((s) => s.kind === 'callbackOffer').length, 1);

    // Three accepted requests that each waited 4 minutes give an estimate of 4.
    for (let i = 2; i <= 4; i++) {
      const q = await service.enqueue(origin(i));
      now += 4 * 60_000;
      await service.accept(q.handoff.id, advisor);
    }
    const next = await service.enqueue(origin(9));
    assert.equal(next.estimateMinutes, 4);
    assert.equal(next.position, 2, 'the first request still waits ahead');

    now += 25 * 3_600_000;
    const swept = await service.sweep();
    assert.ok(swept.expired >= 2, `expired ${swept.expired}`);
    assert.equal((await service.get(first.handoff.id))?.outcome, 'expired');
    assert.equal(await service.openFor('webchat:c1'), null, 'a newcomer who comes back days later talks to the bot again');
  });

  it('keeps an advisor’s audit trail of accept and close', async () => {
    const translator = await createTranslator(DATA_DIR, { strict: true });
    const { service, db } = await createHandoffs(translator);
    const advisor = await new UserRepository(db).add({ username: 'anna', password: 'ein langes Passwort', role: 'advisor' });
    const { handoff } = await service.enqueue({
      conversationKey: 'x:1', userKey: 'x:u', channel: 'bot-service', reference: {}, language: 'de', topic: 'school', town: 'freiberg', consent: true, transcript: [],
    });
    await service.accept(handoff.id, advisor);
    await service.close(handoff.id, advisor, 'appointment');
    const rows = await db.all<{ action: string; actor: number; after: string }>('SELECT action, actor, after FROM audit_log ORDER BY id');
    assert.deepEqual(rows.map((r) => [r.action, r.actor]), [['handoff.accept', advisor.id], ['handoff.close', advisor.id]]);
    assert.match(rows[1]!.after, /appointment/);
  });
});
