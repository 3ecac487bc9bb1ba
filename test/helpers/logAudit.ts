import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { SessionService } from '../../src/auth/sessions';
import { TokenSigner } from '../../src/directline/tokens';

/**
 * Every test app logs at debug level into this one buffer, and every staff or Direct Line token
 * issued anywhere in the run is noted. After the whole run no token may appear in the log: a
 * handler that logs a request or response whole (restify's "Discarded returned value") fails it.
 */
const chunks: string[] = [];
let size = 0;
const MAX_LOG_BYTES = 256 * 1024 * 1024;
const issued = new Set<string>();

export const capturedLog = new Writable({
  write(chunk, _encoding, done) {
    const text = String(chunk);
    if (size + text.length <= MAX_LOG_BYTES) {
      chunks.push(text);
      size += text.length;
    }
    done();
  },
});

const login = SessionService.prototype.login;
SessionService.prototype.login = async function (this: SessionService, ...args: Parameters<typeof login>) {
  const session = await login.apply(this, args);
  if (session) issued.add(session.token);
  return session;
};
const issue = TokenSigner.prototype.issue;
TokenSigner.prototype.issue = function (this: TokenSigner, ...args: Parameters<typeof issue>) {
  const result = issue.apply(this, args);
  issued.add(result.token);
  return result;
};

/** True inside a mocha run; elsewhere (npm run bench) test apps log nothing and nothing is kept. */
export let auditing = false;

export const mochaHooks = {
  beforeAll() {
    auditing = true;
  },
  afterAll(this: Mocha.Context) {
    const log = chunks.join('');
    if (size === 0 || issued.size === 0) return;
    const leaked = [...issued].filter((token) => log.includes(token));
    assert.deepEqual(leaked.map((t) => `${t.slice(0, 6)}…`), [], `${leaked.length} of ${issued.size} issued tokens appear in ${Math.round(size / 1024)} KB of the test run's log`);
  },
};
