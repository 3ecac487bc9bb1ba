import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { User } from '../auth/users';
import { AppError } from '../errors';
import type { HandoffEvents, QueueEvent } from '../handoff/events';
import type { HandoffService } from '../handoff/handoffService';
import type { MachineTranslator } from '../handoff/machineTranslation';
import { phrasebook } from '../handoff/phrasebook';
import { HANDOFF_STATUSES, OUTCOMES, type Handoff } from '../handoff/types';
import type { Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import type { StaffAuth } from './authRoutes';
import { sendError } from './errors';
import { parseOrThrow } from './validate';

const ADVISOR = ['advisor'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const MAX_ADVISOR_MESSAGE = 2000;

const listQuery = z.object({ status: z.enum(HANDOFF_STATUSES).default('waiting') });
const messageBody = z.union([
  z.object({ text: z.string().trim().min(1, 'text must not be empty').max(MAX_ADVISOR_MESSAGE, `text must be at most ${MAX_ADVISOR_MESSAGE} characters`) }).strict(),
  z.object({ phrase: z.string().min(1).max(40) }).strict(),
]);
const closeBody = z.object({ outcome: z.enum(OUTCOMES).default('helped') });

export interface HandoffRouteDeps {
  handoffs: HandoffService;
  events: HandoffEvents;
  auth: StaffAuth;
  translator: Translator;
  machineTranslation: MachineTranslator;
  logger: Logger;
  /** German names of the topic and town, for the console. */
  labels: (handoff: Handoff) => { topicLabel: string | null; townName: string | null };
  /** Deletes everything about one newcomer (the privacy module). */
  erase: (who: { channelId: string; userId: string; conversationId: string }) => Promise<object>;
  /** Seconds between keep-alive comments on the event stream (proxies drop silent connections). */
  heartbeatSeconds?: number;
  /** Seconds between checks that the stream's session still holds (revoked on another instance). */
  sessionCheckSeconds?: number;
}

function handoffId(req: Request): string {
  const id = String(req.params?.id ?? '');
  if (!UUID.test(id)) throw new AppError('notFound', 'Dieses Gespräch gibt es nicht (mehr).');
  return id;
}

/** The advisor API of DESIGN.md: queue, one handoff, accept, write, close, and a live event stream. */
export function registerHandoffRoutes(server: Server, deps: HandoffRouteDeps): void {
  const route =
    (handler: (req: Request, res: Response, user: User) => Promise<void>) =>
    async (req: Request, res: Response) => {
      try {
        const user = await deps.auth.require(req, ADVISOR);
        await handler(req, res, user);
      } catch (err) {
        sendError(res, err, deps.logger);
      }
    };

  server.get('/api/handoffs', route(async (req, res, user) => {
    const { status } = parseOrThrow(listQuery, req.query);
    const items = (await deps.handoffs.list(status, user)).map((h) => ({ ...h, ...deps.labels(h) }));
    res.send(200, { items, total: items.length });
  }));

  server.get('/api/handoffs/phrases', route(async (req, res) => {
    const lang = String((req.query as { lang?: unknown })?.lang ?? 'de');
    const target = deps.translator.languages.find((l) => l === lang) ?? 'de';
    res.send(200, { items: phrasebook(deps.translator, target), machineTranslation: deps.machineTranslation.available });
  }));

  server.get('/api/handoffs/events', async (req: Request, res: Response) => {
    let session;
    try {
      session = await deps.auth.requireSession(req, ADVISOR);
    } catch (err) {
      sendError(res, err, deps.logger);
      return;
    }
    const { user, token, msLeft } = session;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream and deliver events in bursts.
      'X-Accel-Buffering': 'no',
    });
    const write = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    let ended = false;
    const cleanups: (() => void)[] = [];
    const end = (reason?: string) => {
      if (ended) return;
      ended = true;
      for (const cleanup of cleanups) cleanup();
      if (reason) write('signedOut', { reason });
      res.end();
    };
    // The stream carries newcomers' messages: it ends with the session that opened it, whether
    // signed out here, expired, or revoked elsewhere (another instance, `npm run user -- disable`).
    cleanups.push(deps.auth.onSignOut(token, () => end('signedOut')));
    const expiry = setTimeout(() => end('expired'), Math.min(Math.max(0, msLeft), 2 ** 31 - 1));
    expiry.unref();
    cleanups.push(() => clearTimeout(expiry));
    const recheck = setInterval(() => {
      deps.auth
        .stillValid(token, user)
        .then((valid) => valid || end('sessionChanged'))
        .catch((err: Error) => {
          deps.logger.warn({ err: err.message }, 'event stream session could not be checked');
          end('sessionChanged');
        });
    }, (deps.sessionCheckSeconds ?? 15) * 1000);
    recheck.unref();
    cleanups.push(() => clearInterval(recheck));
    try {
      write('ready', { advisor: user.username, waiting: (await deps.handoffs.list('waiting', user)).length });
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'event stream could not start');
      end();
      return;
    }
    const unsubscribe = deps.events.subscribe(user.id, (event: QueueEvent) => {
      if (event.type === 'shutdown' || event.type === 'resync') end();
      else if (event.type === 'handoff') write('handoff', { ...event.handoff, ...deps.labels(event.handoff), speaksLanguage: user.languages.includes(event.handoff.language) });
      else write('message', { handoffId: event.handoffId, message: event.message });
    });
    cleanups.push(unsubscribe);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), (deps.heartbeatSeconds ?? 20) * 1000);
    heartbeat.unref();
    cleanups.push(() => clearInterval(heartbeat));
    req.on('close', () => end());
    res.on('close', () => end());
  });

  server.get('/api/handoffs/:id', route(async (req, res) => {
    const detail = await deps.handoffs.detail(handoffId(req));
    res.send(200, { ...detail, ...deps.labels(detail) });
  }));

  server.post('/api/handoffs/:id/accept', route(async (req, res, user) => {
    res.send(200, await deps.handoffs.accept(handoffId(req), user));
  }));

  server.post('/api/handoffs/:id/messages', route(async (req, res, user) => {
    const id = handoffId(req);
    const body = parseOrThrow(messageBody, req.body);
    const message = await deps.handoffs.advisorMessage(id, user, body);
    // 202: stored, but the newcomer's channel could not be reached right now.
    res.send(message.delivered ? 201 : 202, message);
  }));

  server.post('/api/handoffs/:id/erase', route(async (req, res, user) => {
    res.send(200, { erased: await deps.handoffs.eraseNewcomer(handoffId(req), user, deps.erase) });
  }));

  server.post('/api/handoffs/:id/close', route(async (req, res, user) => {
    const id = handoffId(req);
    const { outcome } = parseOrThrow(closeBody, req.body);
    res.send(200, await deps.handoffs.close(id, user, outcome));
  }));
}
