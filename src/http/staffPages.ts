import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT } from '../projectRoot';

const ROOT = path.join(PROJECT_ROOT, 'public');
const FILES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

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
 * A staff page: a static HTML page, script and style (no build step) that talk to the API with
 * a bearer token. The page itself holds no data, so it needs no login to load.
 */
function registerStaticPage(server: Server, route: string, folder: string, files: Record<string, string>): void {
  const dir = path.join(ROOT, folder);
  const page = fs.readFileSync(path.join(dir, 'index.html'));
  server.get(route, async (_req: Request, res: Response) => {
    setStaffPageHeaders(res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page);
  });
  for (const [file, type] of Object.entries(files)) {
    const body = fs.readFileSync(path.join(dir, file));
    server.get(`${route}/${file}`, async (_req: Request, res: Response) => {
      setStaffPageHeaders(res);
      res.setHeader('Content-Type', type);
      res.end(body);
    });
  }
}

/** What every staff page shares (the words staff read), at /staff. */
export function registerStaffShared(server: Server): void {
  const body = fs.readFileSync(path.join(ROOT, 'staff', 'words.js'));
  server.get('/staff/words.js', async (_req: Request, res: Response) => {
    setStaffPageHeaders(res);
    res.setHeader('Content-Type', FILES.js);
    res.end(body);
  });
}

/** The advisor console at /advisor. */
export function registerAdvisorConsole(server: Server): void {
  registerStaticPage(server, '/advisor', 'advisor', { 'console.js': FILES.js, 'console.css': FILES.css });
}

/** The coordinators' catalogue admin at /admin. */
export function registerAdminPage(server: Server): void {
  registerStaticPage(server, '/admin', 'admin', { 'admin.js': FILES.js, 'admin.css': FILES.css });
}
