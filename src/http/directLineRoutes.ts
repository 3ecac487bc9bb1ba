import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Response, Server } from 'restify';
import { WebSocketServer } from 'ws';
import { AppError } from '../errors';
import { sendError } from './errors';
import { isLoopbackAddress } from '../guard/clientAddress';
import type { Logger } from '../logging/logger';
import type { DirectLineService } from '../directline/directLineService';

type Middleware = (req: Request, res: Response, next: (err?: unknown) => void) => void;

export interface DirectLineRouteDeps {
  directLine: DirectLineService;
  logger: Logger;
  /** Per-client limit on the public routes. */
  throttle: Middleware;
  /** Unguessable path segment of the connector routes the bot replies to. */
  connectorSecret: string;
}

const bearer = (req: Request | IncomingMessage) => /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];

/** ws:// or wss:// and host as the client reached us, also behind a TLS proxy. */
function streamBase(req: Request | IncomingMessage): string {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  const secure = proto === 'https' || (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${secure ? 'wss' : 'ws'}://${req.headers.host ?? 'localhost'}`;
}


/** The Direct Line 3.0 client routes, the bot's connector routes and the WebSocket stream. */
export function registerDirectLineRoutes(server: Server, deps: DirectLineRouteDeps): void {
  const { directLine, logger } = deps;
  const handle =
    (work: (req: Request) => Promise<unknown> | unknown, status = 200) =>
    async (req: Request, res: Response) => {
      try {
        res.send(status, await work(req));
      } catch (err) {
        sendError(res, err, logger);
      }
    };
  const claims = (req: Request) => directLine.verify(bearer(req));
  const body = (req: Request) => (req.body ?? {}) as Record<string, unknown>;

  // A `user` in the body is ignored: the service always picks the user id itself.
  server.post('/v3/directline/tokens/generate', deps.throttle, handle(() => directLine.generateToken()));
  server.post('/v3/directline/tokens/refresh', deps.throttle, handle((req) => directLine.refreshExisting(claims(req))));
  server.post('/v3/directline/conversations', deps.throttle, handle((req) => directLine.start(claims(req), body(req).locale, streamBase(req)), 201));
  server.get(
    '/v3/directline/conversations/:conversationId',
    handle((req) => directLine.reconnect(claims(req), req.params.conversationId, req.query?.watermark, streamBase(req))),
  );
  server.get(
    '/v3/directline/conversations/:conversationId/activities',
    handle((req) => directLine.activities(claims(req), req.params.conversationId, req.query?.watermark)),
  );
  server.post(
    '/v3/directline/conversations/:conversationId/activities',
    deps.throttle,
    handle((req) => directLine.post(claims(req), req.params.conversationId, req.body)),
  );

  // The bot's side (Bot Framework connector protocol). Its serviceUrl carries the secret path
  // segment; only this process knows it, and it is only accepted from loopback.
  const connector = async (req: Request, res: Response) => {
    try {
      if (req.params.secret !== deps.connectorSecret || !isLoopbackAddress(req.socket.remoteAddress)) throw new AppError('notFound', 'No such route.');
      res.send(200, await directLine.botReply(req.params.conversationId, body(req)));
    } catch (err) {
      sendError(res, err, logger);
    }
  };
  server.post('/directline/connector/:secret/v3/conversations/:conversationId/activities', connector);
  server.post('/directline/connector/:secret/v3/conversations/:conversationId/activities/:activityId', connector);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/.exec(url.pathname);
    let verified = null;
    try {
      verified = match ? directLine.verify(url.searchParams.get('t') ?? bearer(req)) : null;
    } catch {
      verified = null;
    }
    if (!match || !verified) {
      socket.end(`HTTP/1.1 ${match ? '403 Forbidden' : '404 Not Found'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      directLine.attach(verified, match[1]!, url.searchParams.get('watermark') ?? undefined, ws).catch((err: unknown) => {
        ws.close(err instanceof AppError && err.code === 'notFound' ? 4404 : 4403, err instanceof Error ? err.message : 'refused');
      });
    });
  });
}
