import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT } from '../projectRoot';

export interface WebChatBundle {
  /** Versioned file name, so the page can cache it for a year. */
  file: string;
}

const vendorDir = path.join(PROJECT_ROOT, 'public', 'vendor');

/** The bundle copied by scripts/build-webchat.js, or null when `npm install` has not run it. */
export function findWebChatBundle(): WebChatBundle | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(vendorDir, 'webchat.json'), 'utf8')) as { file: string };
    return fs.existsSync(path.join(vendorDir, manifest.file)) ? { file: manifest.file } : null;
  } catch {
    return null;
  }
}

/** Serves the Web Chat bundle precompressed (brotli, gzip) with long-lived cache headers. */
export function registerWebChatAssets(server: Server, bundle: WebChatBundle | null): void {
  // Three files of 0.7–3.9 MB, read once instead of on every page view.
  const cache = new Map<string, Buffer>();
  const read = (file: string) => cache.get(file) ?? cache.set(file, fs.readFileSync(file)).get(file)!;
  server.get('/webchat/:file', async (req: Request, res: Response) => {
    if (!bundle || req.params.file !== bundle.file) {
      res.send(404, { error: { code: 'notFound', message: 'No such file.' } });
      return;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null;
    const file = path.join(vendorDir, encoding === 'br' ? `${bundle.file}.br` : encoding === 'gzip' ? `${bundle.file}.gz` : bundle.file);
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.sendRaw(200, read(file));
  });
}
