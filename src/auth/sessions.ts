import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database';
import { CheckQueue } from './checkQueue';
import { DUMMY_HASH, verifyPassword } from './passwords';
import type { User, UserRepository } from './users';

const sha256 = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Bearer tokens for staff. Only a hash is stored, so a copy of the database does not let anyone
 * sign in; a token lives for one working day.
 */
export class SessionService {
  private readonly checks = new CheckQueue();
  /** Called with a token's hash when it ends here, so open event streams close at once. */
  private readonly endListeners = new Set<(tokenHash: string) => void>();

  constructor(
    private readonly db: Queryable,
    private readonly users: UserRepository,
    private readonly lifetimeMs = 12 * 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  async login(username: string, password: string): Promise<{ token: string; user: User } | null> {
    const found = await this.users.findForLogin(username);
    // Hash even for unknown names: the response time must not tell which usernames exist.
    const ok = await this.checks.run(() => verifyPassword(password, found?.passwordHash ?? DUMMY_HASH));
    if (!found || !ok) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    await this.db.run('DELETE FROM auth_tokens WHERE expires_at < ?', [now]);
    await this.db.run('INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      sha256(token),
      found.user.id,
      now,
      now + this.lifetimeMs,
    ]);
    return { token, user: found.user };
  }

  async authenticate(token: string): Promise<User | null> {
    return (await this.session(token))?.user ?? null;
  }

  /** The signed-in user and when the token ends; null once it has expired or was revoked. */
  async session(token: string): Promise<{ user: User; expiresAt: number; msLeft: number } | null> {
    const row = await this.db.get<{ user_id: number; expires_at: number }>('SELECT user_id, expires_at FROM auth_tokens WHERE token_hash = ? AND expires_at > ?', [
      sha256(token),
      this.now(),
    ]);
    const user = row ? await this.users.get(row.user_id) : null;
    return user && row ? { user, expiresAt: row.expires_at, msLeft: row.expires_at - this.now() } : null;
  }

  async logout(token: string): Promise<void> {
    const hash = sha256(token);
    await this.db.run('DELETE FROM auth_tokens WHERE token_hash = ?', [hash]);
    for (const listener of this.endListeners) listener(hash);
  }

  /** Runs `onEnd` when this token is signed out in this process; returns the unsubscribe. */
  onEnd(token: string, onEnd: () => void): () => void {
    const mine = sha256(token);
    const listener = (hash: string) => hash === mine && onEnd();
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }
}
