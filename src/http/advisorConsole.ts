import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';

const DIR = path.resolve(__dirname, '..', '..', 'public', 'advisor');
const FILES: Record<string, string> = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/** Headers for every staff page: nothing inline, nothing foreign, never framed. */
export function setStaffPageHeaders(res: Response): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cache-Control', 'no-store');
}

/**
 * The advisor console: a static page and script (no build step) that talk to the handoff API
 * with a bearer token. The page itself holds no data, so it needs no login to load.
 */
export function registerAdvisorConsole(server: Server): void {
  const page = fs.readFileSync(path.join(DIR, 'index.html'));
  server.get('/advisor', async (_req: Request, res: Response) => {
    setStaffPageHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page);
  });
  for (const [file, type] of Object.entries(FILES)) {
    const body = fs.readFileSync(path.join(DIR, file));
    server.get(`/advisor/${file}`, async (_req: Request, res: Response) => {
      setStaffPageHeaders(res);
      res.setHeader('Content-Type', type);
      res.end(body);
    });
  }
}
