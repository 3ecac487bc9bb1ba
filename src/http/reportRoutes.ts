import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { buildDemandReport } from '../analytics/demandReport';
import { reportCsv, reportHtml } from '../analytics/reportRendering';
import type { UnansweredQuestions } from '../catalogue/unanswered';
import type { Database } from '../db/database';
import type { Logger } from '../logging/logger';
import type { SearchService } from '../search/searchService';
import type { StaffAuth } from './authRoutes';
import { sendError } from './errors';
import { parseOrThrow } from './validate';

const month = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'as YYYY-MM');
const query = z.object({
  format: z.enum(['json', 'csv', 'html']).default('json'),
  table: z.enum(['demand', 'gap']).default('demand'),
  from: month.optional(),
  to: month.optional(),
});

/** GET /api/reports/demand: the steering report, JSON, CSV or a self-contained HTML page. */
export function registerReportRoutes(server: Server, deps: { db: Database; search: SearchService; unanswered: UnansweredQuestions; auth: StaffAuth; logger: Logger }): void {
  server.get('/api/reports/demand', async (req: Request, res: Response) => {
    try {
      await deps.auth.require(req, ['coordinator']);
      const q = parseOrThrow(query, req.query);
      const report = await buildDemandReport(deps.db, deps.search, () => deps.unanswered.groups(), { from: q.from, to: q.to });
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Nothing is returned from the handler: restify logs a returned value, the whole response with it.
      if (q.format === 'json') {
        res.send(200, report);
        return;
      }
      const stamp = report.generatedAt.slice(0, 10);
      if (q.format === 'csv') {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="nachfrage-${q.table}-${stamp}.csv"`);
        res.sendRaw(200, reportCsv(report, q.table));
        return;
      }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      // The report has no script at all; its one style block is allowed by hash-free 'unsafe-inline' for styles only.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      res.sendRaw(200, reportHtml(report));
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}
