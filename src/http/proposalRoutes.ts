import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { User } from '../auth/users';
import { CatalogueRejected } from '../catalogue/catalogueService';
import type { ProposalService } from '../catalogue/proposals';
import { AppError } from '../errors';
import type { Logger } from '../logging/logger';
import type { StaffAuth } from './authRoutes';
import { sendError } from './errors';
import { parseOrThrow } from './validate';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const rejectBody = z.object({ reason: z.string().trim().min(3, 'reason: bitte einen Grund nennen').max(1000) });
const listQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected', 'superseded']).optional() });

function id(req: Request): string {
  const value = String(req.params?.id ?? '');
  if (!ID.test(value)) throw new AppError('notFound', 'Diesen Eintrag gibt es nicht.');
  return value;
}

function proposalId(req: Request): number {
  const value = Number(req.params?.id);
  if (!Number.isInteger(value) || value < 1) throw new AppError('notFound', 'Diesen Vorschlag gibt es nicht.');
  return value;
}

/**
 * Providers (`/api/provider/...`) see and propose changes to their own offers and entry only;
 * coordinators review them (`/api/catalogue/proposals...`).
 */
export function registerProposalRoutes(server: Server, deps: { proposals: ProposalService; auth: StaffAuth; logger: Logger }): void {
  const route =
    (roles: readonly ('provider' | 'coordinator')[], handler: (req: Request, res: Response, user: User) => Promise<void>) =>
    async (req: Request, res: Response) => {
      try {
        await handler(req, res, await deps.auth.require(req, roles));
      } catch (err) {
        if (err instanceof CatalogueRejected) {
          res.send(422, { error: { code: 'importRejected', message: err.message, rows: err.problems } });
          return;
        }
        sendError(res, err, deps.logger);
      }
    };
  const provider = (h: (req: Request, res: Response, user: User) => Promise<void>) => route(['provider'], h);
  const coordinator = (h: (req: Request, res: Response, user: User) => Promise<void>) => route(['coordinator'], h);

  server.get('/api/provider/offers', provider(async (_req, res, user) => {
    const items = await deps.proposals.ownOffers(user);
    res.send(200, { items, total: items.length });
  }));
  server.get('/api/provider/offers/:id', provider(async (req, res, user) => res.send(200, await deps.proposals.ownRecord(user, 'offers', id(req)))));
  server.put('/api/provider/offers/:id', provider(async (req, res, user) => res.send(202, await deps.proposals.propose(user, 'offers', id(req), req.body, false))));
  server.post('/api/provider/offers', provider(async (req, res, user) => {
    const newId = String((req.body as { id?: unknown } | undefined)?.id ?? '');
    if (!ID.test(newId)) throw new AppError('validationFailed', 'id: Die ID darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten.');
    res.send(202, await deps.proposals.propose(user, 'offers', newId, req.body, true));
  }));
  server.get('/api/provider/entry', provider(async (_req, res, user) => res.send(200, await deps.proposals.ownRecord(user, 'providers', user.providerId!))));
  server.put('/api/provider/entry', provider(async (req, res, user) => res.send(202, await deps.proposals.propose(user, 'providers', user.providerId!, req.body, false))));
  server.get('/api/provider/proposals', provider(async (_req, res, user) => {
    const items = await deps.proposals.forProvider(user);
    res.send(200, { items, total: items.length });
  }));

  server.get('/api/catalogue/proposals', coordinator(async (req, res) => {
    const { status } = parseOrThrow(listQuery, req.query);
    const items = await deps.proposals.list({ status: status ?? 'pending' });
    res.send(200, { items, total: items.length });
  }));
  server.post('/api/catalogue/proposals/:id/approve', coordinator(async (req, res, user) => res.send(200, await deps.proposals.approve(proposalId(req), user))));
  server.post('/api/catalogue/proposals/:id/reject', coordinator(async (req, res, user) => {
    const { reason } = parseOrThrow(rejectBody, req.body);
    res.send(200, await deps.proposals.reject(proposalId(req), user, reason));
  }));
}
