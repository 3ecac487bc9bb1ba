import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { LANGUAGES, RTL_LANGUAGES } from '../language/languages';
import { NATIVE_LANGUAGE_NAMES } from '../language/languages';
import type { Translator } from '../language/i18n';
import type { RetentionPolicy } from '../privacy/retention';
import { pickLanguage } from './webChatPage';
import { escapeHtml } from '../text/html';

/** GET /privacy?lang=: what is stored, why, for how long, and how to delete it, in six languages. */
export function registerPrivacyPage(server: Server, deps: { translator: Translator; retention: RetentionPolicy }): void {
  server.get('/privacy', async (req: Request, res: Response) => {
    const lang = pickLanguage(req);
    const t = deps.translator.forLanguage(lang);
    const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
    const nonce = randomBytes(16).toString('base64');
    const r = deps.retention;
    const p = (key: string, values?: Record<string, unknown>) => `<p>${escapeHtml(t(`privacyPage.${key}`, values))}</p>`;
    const li = (key: string, values?: Record<string, unknown>) => `<li>${escapeHtml(t(`privacyPage.${key}`, values))}</li>`;
    const picker = LANGUAGES.filter((l) => deps.translator.languages.includes(l))
      .map((l) => `<a href="?lang=${l}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="true"' : ''}>${escapeHtml(NATIVE_LANGUAGE_NAMES[l])}</a>`)
      .join(' · ');
    const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t('privacyPage.title'))} – Bildungslotse Mittelsachsen</title>
<style nonce="${nonce}">
body{font-family:system-ui,"Segoe UI",Tahoma,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.4rem}nav a{color:#0b5394}nav a[aria-current]{font-weight:700}li{margin:.4rem 0}
</style>
</head>
<body>
<nav aria-label="${escapeHtml(t('page.language'))}">${picker}</nav>
<h1>${escapeHtml(t('privacyPage.title'))}</h1>
${p('intro')}
<h2>${escapeHtml(t('privacyPage.whatTitle'))}</h2>
<ul>
${li('chat', { days: r.directLineDays })}
${li('state', { days: r.stateDays })}
${li('handoff', { days: r.handoffDays })}
${li('callback', { days: r.callbackDays })}
${li('unanswered', { days: r.unansweredDays })}
${li('statistics')}
</ul>
<h2>${escapeHtml(t('privacyPage.notTitle'))}</h2>
${p('not')}
<h2>${escapeHtml(t('privacyPage.deleteTitle'))}</h2>
${p('delete')}
<h2>${escapeHtml(t('privacyPage.contactTitle'))}</h2>
${p('contact')}
<p><a href="/?lang=${lang}">${escapeHtml(t('privacyPage.back'))}</a></p>
</body>
</html>`;
    res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.sendRaw(200, html);
  });
}
