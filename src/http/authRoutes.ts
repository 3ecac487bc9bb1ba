import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { LoginAttempt, LoginThrottle } from '../auth/loginThrottle';
import type { SessionService } from '../auth/sessions';
import type { Role, User } from '../auth/users';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import { sendError } from './errors';
import { parseOrThrow } from './validate';

const loginBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(200),
});

function bearer(req: Request): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,100})\s*$/i.exec(req.header('authorization') ?? '');
  return match ? match[1]! : null;
}

/** Checks the bearer token and the role on every staff route; throws 401 or 403. */
export class StaffAuth {
  constructor(private readonly sessions: SessionService) {}

  async require(req: Request, roles: readonly Role[]): Promise<User> {
    return (await this.requireSession(req, roles)).user;
  }

  /** As `require`, with the token and its end: long-lived streams watch both. */
  async requireSession(req: Request, roles: readonly Role[]): Promise<{ user: User; token: string; expiresAt: number; msLeft: number }> {
    const token = bearer(req);
    const session = token ? await this.sessions.session(token) : null;
    if (!token || !session) throw new AppError('unauthorized', 'Bitte melden Sie sich an (Authorization: Bearer <token>).');
    if (!roles.includes(session.user.role)) throw new AppError('forbidden', 'Ihr Zugang darf das nicht.');
    return { ...session, token };
  }

  /** Whether the token still belongs to this user with this role (not signed out, expired or changed). */
  async stillValid(token: string, user: User): Promise<boolean> {
    const session = await this.sessions.session(token);
    return !!session && session.user.id === user.id && session.user.role === user.role && session.user.languages.join() === user.languages.join();
  }

  /** Runs `onEnd` when the token is signed out in this process. */
  onSignOut(token: string, onEnd: () => void): () => void {
    return this.sessions.onEnd(token, onEnd);
  }
}

/** One attempt counted against several throttles, or the longest wait if any refuses. */
function attemptAll(parts: [LoginThrottle, string][]): LoginAttempt | { retryAfter: number } {
  const taken: LoginAttempt[] = [];
  for (const [throttle, key] of parts) {
    const attempt = throttle.attempt([key]);
    if ('retryAfter' in attempt) {
      for (const t of taken) t.forgive();
      return attempt;
    }
    taken.push(attempt);
  }
  return { forgive: () => taken.forEach((t) => t.forgive()) };
}

export interface LoginThrottles {
  /** Failures of one account from one address: a guesser elsewhere cannot lock its owner out. */
  perAccountAddress: LoginThrottle;
  /** Failures from one address across accounts: one guesser cannot try every name. */
  perAddress: LoginThrottle;
}

/** POST /api/auth/login and /logout (DESIGN.md): staff sign in with a username and password. */
export function registerAuthRoutes(
  server: Server,
  deps: {
    sessions: SessionService;
    logger: Logger;
    throttle: LoginThrottles;
    /** The client's address as our trusted proxy reports it. */
    clientOf: (req: Request) => string;
    /** Per-client request budget of the login route. */
    limit: (req: Request, res: Response, next: (err?: unknown) => void) => void;
  },
): void {
  server.post('/api/auth/login', deps.limit, async (req: Request, res: Response) => {
    try {
      const { username, password } = parseOrThrow(loginBody, req.body);
      const address = deps.clientOf(req);
      // Counted before the check: parallel guesses cannot all slip in under the limit.
      const accountKey = `${username.toLowerCase()}\u0000${address}`;
      const attempt = attemptAll([
        [deps.throttle.perAccountAddress, accountKey],
        [deps.throttle.perAddress, address],
      ]);
      if ('retryAfter' in attempt) {
        res.header('Retry-After', String(attempt.retryAfter));
        throw new AppError('tooManyRequests', 'Zu viele fehlgeschlagene Anmeldungen. Bitte warten Sie einige Minuten.');
      }
      let session;
      try {
        session = await deps.sessions.login(username, password);
      } catch (err) {
        // Not checked (the check queue was full): it does not count as a guess.
        attempt.forgive();
        if (err instanceof AppError && err.code === 'tooManyRequests') res.header('Retry-After', '5');
        throw err;
      }
      if (!session) {
        deps.logger.warn({ username: username.slice(0, 64) }, 'failed sign-in');
        throw new AppError('unauthorized', 'Benutzername oder Passwort ist falsch.');
      }
      // The owner's own typos are forgiven; the address keeps its record of guesses at other accounts.
      attempt.forgive();
      deps.throttle.perAccountAddress.succeed([accountKey]);
      deps.logger.info({ user: session.user.id, role: session.user.role }, 'signed in');
      const { user } = session;
      res.send(200, { token: session.token, role: user.role, user: { id: user.id, username: user.username, displayName: user.displayName, languages: user.languages } });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });

  server.post('/api/auth/logout', async (req: Request, res: Response) => {
    const token = bearer(req);
    if (token) await deps.sessions.logout(token);
    res.send(204);
  });
}
