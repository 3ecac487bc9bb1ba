import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { LANGUAGES, RTL_LANGUAGES, isLang, type Lang } from '../language/languages';
import { NATIVE_LANGUAGE_NAMES } from '../language/languages';
import type { Translator } from '../language/i18n';
import type { WebChatBundle } from './webChatAssets';
import { escapeHtml } from '../text/html';


/**
 * Web Chat has no Farsi UI strings and would show English: these replace the ones a newcomer
 * sees and hears (screen readers read the *_ALT strings).
 */
const FARSI_WEBCHAT_STRINGS: Record<string, string> = {
  ACTIVITY_STATUS_TIMESTAMP_JUST_NOW: 'همین حالا',
  ACTIVITY_STATUS_TIMESTAMP_ONE_MINUTE_AGO: 'یک دقیقه پیش',
  ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING: 'در حال ارسال',
  ACTIVITY_STATUS_SEND_FAILED_RETRY: 'ارسال نشد. [دوباره تلاش کنید][RETRY].',
  CONNECTIVITY_STATUS_ALT_CONNECTING: 'در حال اتصال…',
  CONNECTIVITY_STATUS_ALT_CONNECTED: 'وصل شد',
  CONNECTIVITY_STATUS_ALT_RECONNECTING: 'اتصال قطع شد. در حال اتصال دوباره…',
  TRANSCRIPT_NEW_MESSAGES: 'پیام‌های تازه',
  ACTIVITY_BOT_SAID_ALT: 'ربات $1 گفت:',
  ACTIVITY_YOU_SAID_ALT: 'شما گفتید:',
  TEXT_INPUT_ALT: 'کادر نوشتن پیام',
};

/** Web Chat ships UI strings for these locales; Farsi gets ours through overrideLocalizedStrings. */
const WEBCHAT_LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-US', uk: 'uk-UA', ru: 'ru-RU', ar: 'ar-SA', fa: 'fa-IR' };

export function pickLanguage(req: Request): Lang {
  const asked = (req.query as { lang?: unknown } | undefined)?.lang;
  if (isLang(asked)) return asked;
  for (const part of String(req.headers['accept-language'] ?? '').split(',')) {
    const base = part.trim().split(/[-;]/)[0]?.toLowerCase();
    if (isLang(base)) return base;
  }
  return 'de';
}

export interface WebChatPageDeps {
  translator: Translator;
  bundle: WebChatBundle | null;
  hasSampleData: () => boolean;
  retentionDays: number;
  /** When set, the page asks /api/directline/token for an Azure Direct Line token instead. */
  azureDirectLine: boolean;
}

/**
 * The newcomer's page: Web Chat over the built-in Direct Line (or Azure's), a language picker in
 * native names, right to left for Arabic and Farsi, the privacy notice and the sample-data banner.
 * Every script and style carries the request's nonce; nothing else may run.
 */
export function registerWebChatPage(server: Server, deps: WebChatPageDeps): void {
  server.get('/', async (req: Request, res: Response) => {
    const lang = pickLanguage(req);
    const t = deps.translator.forLanguage(lang);
    const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
    const nonce = randomBytes(16).toString('base64');
    const picker = LANGUAGES.filter((l) => deps.translator.languages.includes(l))
      .map(
        (l) =>
          `<a href="?lang=${l}" lang="${l}" hreflang="${l}" data-lang="${l}"${l === lang ? ' aria-current="true"' : ''}>${escapeHtml(NATIVE_LANGUAGE_NAMES[l])}</a>`,
      )
      .join('');
    const config = {
      lang,
      dir,
      webChatLocale: WEBCHAT_LOCALE[lang],
      strings: {
        ...(lang === 'fa' ? FARSI_WEBCHAT_STRINGS : {}),
        TEXT_INPUT_PLACEHOLDER: t('page.placeholder'),
        TEXT_INPUT_SEND_BUTTON_ALT: t('page.send'),
      },
      azure: deps.azureDirectLine,
      deleteText: t('privacy.button'),
      // "Chat about this" from the offer directory: the bot starts with that offer.
      offer: /^[a-z0-9][a-z0-9-]{0,63}$/.test(String((req.query as { offer?: unknown } | undefined)?.offer ?? '')) ? String((req.query as { offer: string }).offer) : null,
    };
    const banner = deps.hasSampleData() ? `<p class="banner" role="note">${escapeHtml(t('page.sample'))}</p>` : '';
    const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bildungslotse Mittelsachsen</title>
<style nonce="${nonce}">
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font-family:system-ui,"Segoe UI",Tahoma,sans-serif;display:flex;flex-direction:column;background:#f6f7f9;color:#1b1b1b}
header{padding:.6rem 1rem;background:#0b5394;color:#fff}
header h1{font-size:1.15rem;margin:0 0 .3rem}
header p{margin:0;font-size:.9rem}
nav{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.5rem}
nav a{color:#fff;border:1px solid #fff8;border-radius:1rem;padding:.25rem .7rem;text-decoration:none;font-size:.95rem}
nav a[aria-current]{background:#fff;color:#0b5394;font-weight:600}
nav a:focus-visible{outline:3px solid #ffd54f;outline-offset:2px}
.banner{margin:0;padding:.45rem 1rem;background:#fff3cd;color:#5c4400;font-size:.9rem}
main{flex:1;min-height:0;display:flex;flex-direction:column}
#webchat{flex:1;min-height:0;background:#fff}
footer{padding:.4rem 1rem;font-size:.8rem;color:#444;background:#eef0f3}
footer a{color:#0b5394}
footer button{font:inherit;margin-inline-start:.4rem;padding:.1rem .5rem;border:1px solid #888;border-radius:.8rem;background:#fff;cursor:pointer}
@media print{nav,#webchat{display:none}}
</style>
</head>
<body>
<header>
<h1>Bildungslotse Mittelsachsen</h1>
<p>${escapeHtml(t('page.intro'))}</p>
<nav aria-label="${escapeHtml(t('page.language'))}">${picker}</nav>
</header>
${banner}
<main>
<div id="webchat" role="region" aria-label="${escapeHtml(t('page.chat'))}"></div>
<noscript><p>${escapeHtml(t('page.noscript'))}</p></noscript>
</main>
<footer>${escapeHtml(t('page.privacy', { days: deps.retentionDays }))} <a href="/privacy?lang=${lang}">${escapeHtml(t('privacyPage.title'))}</a> <button type="button" id="bl-delete">${escapeHtml(t('privacy.button'))}</button></footer>
<script nonce="${nonce}" id="bl-config" type="application/json">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>
${deps.bundle ? `<script nonce="${nonce}" src="/webchat/${escapeHtml(deps.bundle.file)}"></script>` : ''}
<script nonce="${nonce}">${PAGE_SCRIPT}</script>
</body>
</html>`;
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        // The hash is that of an empty string: Web Chat creates one empty <style> without the nonce.
        `style-src 'self' 'nonce-${nonce}' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='`,
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        // The Azure mode talks to Microsoft's Direct Line from the browser.
        `connect-src 'self' ws: wss:${deps.azureDirectLine ? ' https://*.botframework.com wss://*.botframework.com' : ''}`,
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ].join('; '),
    );
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res.sendRaw(200, html);
  });
}

/**
 * Runs in the browser. Keeps the Direct Line token in sessionStorage so a reload continues the
 * conversation; tells the bot when the newcomer picks a language.
 */
const PAGE_SCRIPT = `
(function () {
  var config = JSON.parse(document.getElementById('bl-config').textContent);
  var el = document.getElementById('webchat');
  if (!window.WebChat) { el.textContent = 'Web Chat is not installed: run npm install.'; return; }
  var KEY = 'bildungslotse.directline';
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { saved = null; }
  var previousLang = sessionStorage.getItem(KEY + '.lang');
  sessionStorage.setItem(KEY + '.lang', config.lang);

  function post(url, token, body) {
    return fetch(url, {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json' }, token ? { authorization: 'Bearer ' + token } : {}),
      body: JSON.stringify(body || {})
    }).then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); });
  }

  function session() {
    if (config.azure) return post('/api/directline/token').then(function (s) { return { token: s.token, conversationId: s.conversationId, fresh: true }; });
    var base = location.origin + '/v3/directline';
    if (saved && saved.token && saved.conversationId) {
      return post(base + '/tokens/refresh', saved.token).then(function (s) {
        return { token: s.token, conversationId: s.conversationId, fresh: false };
      }, function () { return post(base + '/tokens/generate').then(function (s) { return { token: s.token, conversationId: s.conversationId, fresh: true }; }); });
    }
    return post(base + '/tokens/generate').then(function (s) { return { token: s.token, conversationId: s.conversationId, fresh: true }; });
  }

  session().then(function (s) {
    sessionStorage.setItem(KEY, JSON.stringify({ token: s.token, conversationId: s.conversationId }));
    var options = { token: s.token, webSocket: true, conversationStartProperties: { locale: config.webChatLocale } };
    if (!config.azure) options.domain = location.origin + '/v3/directline';
    if (!s.fresh) options.conversationId = s.conversationId;
    var directLine = window.WebChat.createDirectLine(options);
    setInterval(function () {
      if (directLine.token) sessionStorage.setItem(KEY, JSON.stringify({ token: directLine.token, conversationId: s.conversationId }));
    }, 60000);
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !s.fresh && previousLang && previousLang !== config.lang) {
            directLine.postActivity({ type: 'event', name: 'setLanguage', value: config.lang, from: { id: 'user' }, locale: config.webChatLocale }).subscribe();
          }
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && config.offer) {
            directLine.postActivity({ type: 'event', name: 'offerContext', value: config.offer, from: { id: 'user' }, locale: config.webChatLocale }).subscribe();
            config.offer = null;
          }
          return next(action);
        };
      };
    });
    window.WebChat.renderWebChat({
      directLine: directLine,
      store: store,
      locale: config.webChatLocale,
      dir: config.dir,
      nonce: document.getElementById('bl-config').nonce,
      overrideLocalizedStrings: config.strings,
      styleOptions: { hideUploadButton: true, bubbleBorderRadius: 10, bubbleFromUserBorderRadius: 10, suggestedActionLayout: 'flow', primaryFont: 'system-ui, "Segoe UI", Tahoma, sans-serif' }
    }, el);
    // "Delete my data" from the page: the same command typed into the chat, so the bot asks first.
    document.getElementById('bl-delete').addEventListener('click', function () {
      store.dispatch({ type: 'WEB_CHAT/SEND_MESSAGE', payload: { text: config.deleteText } });
    });
    var input = el.querySelector('input, textarea');
    if (input) input.focus();
  }).catch(function (e) {
    el.textContent = 'The chat is not available right now (' + e.message + ').';
  });
})();
`;
