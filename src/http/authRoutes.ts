import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { LoginThrottle } from '../auth/loginThrottle';
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
    const token = bearer(req);
    const user = token ? await this.sessions.authenticate(token) : null;
    if (!user) throw new AppError('unauthorized', 'Please sign in (Authorization: Bearer <token>).');
    if (!roles.includes(user.role)) throw new AppError('forbidden', 'Your account may not use this.');
    return user;
  }
}

/** POST /api/auth/login and /logout (DESIGN.md): staff sign in with a username and password. */
export function registerAuthRoutes(
  server: Server,
  deps: { sessions: SessionService; logger: Logger; throttle: { perUser: LoginThrottle; perAddress: LoginThrottle } },
): void {
  server.post('/api/auth/login', async (req: Request, res: Response) => {
    try {
      const { username, password } = parseOrThrow(loginBody, req.body);
      const account = [username.toLowerCase()];
      const address = [req.socket.remoteAddress ?? ''];
      const wait = Math.max(deps.throttle.perUser.retryAfter(account), deps.throttle.perAddress.retryAfter(address));
      if (wait > 0) {
        res.header('Retry-After', String(wait));
        throw new AppError('tooManyRequests', 'Too many failed sign-ins. Please wait a few minutes.');
      }
      const session = await deps.sessions.login(username, password);
      if (!session) {
        deps.throttle.perUser.fail(account);
        deps.throttle.perAddress.fail(address);
        deps.logger.warn({ username: username.slice(0, 64) }, 'failed sign-in');
        throw new AppError('unauthorized', 'Username or password is wrong.');
      }
      // Only the account's counter: a valid login must not wipe an address's record of guesses.
      deps.throttle.perUser.succeed(account);
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
