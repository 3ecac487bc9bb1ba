import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { LANGUAGES, RTL_LANGUAGES, isLang, type Lang } from '../language/languages';
import { NATIVE_LANGUAGE_NAMES } from '../language/languages';
import type { Translator } from '../language/i18n';
import type { WebChatBundle } from './webChatAssets';
import type { WebChatStrings } from './webChatStrings';
import { escapeHtml } from '../text/html';


/** Web Chat's locale per language; where its strings are missing (all of Farsi), ours override them. */
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
  strings: WebChatStrings;
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
        ...deps.strings[lang],
        TEXT_INPUT_PLACEHOLDER: t('page.placeholder'),
        TEXT_INPUT_SEND_BUTTON_ALT: t('page.send'),
      },
      azure: deps.azureDirectLine,
      deleteText: t('privacy.button'),
      // "Chat about this" from the offer directory: the bot starts with that offer.
      offer: /^[a-z0-9][a-z0-9-]{0,63}$/.test(String((req.query as { offer?: unknown } | undefined)?.offer ?? '')) ? String((req.query as { offer: string }).offer) : null,
    };
    // On a phone the short form: the long one took three lines of a 740 px screen.
    const banner = deps.hasSampleData()
      ? `<p class="banner" role="note"><span class="long">${escapeHtml(t('page.sample'))}</span><span class="short">⚠ ${escapeHtml(t('page.sampleShort'))}</span></p>`
      : '';
    const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bildungslotse Mittelsachsen</title>
<style nonce="${nonce}">
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font-family:system-ui,"Segoe UI",Tahoma,sans-serif;display:flex;flex-direction:column;height:100dvh;background:#f6f7f9;color:#1b1b1b}
header{padding:.6rem 1rem;background:#0b5394;color:#fff}
header h1{font-size:1.15rem;margin:0 0 .3rem}
header p{margin:0;font-size:.9rem}
nav{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.5rem}
nav a{color:#fff;border:1px solid #fff8;border-radius:1rem;padding:.25rem .7rem;text-decoration:none;font-size:.95rem;white-space:nowrap}
nav a[aria-current]{background:#fff;color:#0b5394;font-weight:600}
:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
.banner{margin:0;padding:.45rem 1rem;background:#fff3cd;color:#5c4400;font-size:.9rem}
.banner .short{display:none}
main{flex:1;min-height:0;display:flex;flex-direction:column}
#webchat{flex:1;min-height:0;background:#fff}
#webchat .webchat__send-box:focus-within{box-shadow:inset 0 0 0 3px #0b5394}
footer{padding:.4rem 1rem;font-size:.8rem;color:#444;background:#eef0f3}
footer a{color:#0b5394}
footer button{font:inherit;margin-inline-start:.4rem;padding:.1rem .5rem;border:1px solid #888;border-radius:.8rem;background:#fff;cursor:pointer}
/* A phone: the header is one line of title and languages (they scroll sideways), the intro goes
   once the conversation has begun, the notices shrink to a line each, and the chat keeps the rest. */
@media (max-width:600px){
header{padding:.35rem .75rem}
header h1{font-size:1rem;margin:0}
header p{font-size:.85rem;margin-top:.2rem}
body.chatting header p{display:none}
nav{flex-wrap:nowrap;overflow-x:auto;margin-top:.35rem;padding-bottom:.15rem;scrollbar-width:none}
nav a{font-size:.85rem;padding:.15rem .6rem}
.banner{padding:.25rem .75rem;font-size:.8rem}
.banner .long{display:none}
.banner .short{display:inline}
footer{padding:.25rem .75rem;font-size:.75rem}
body.chatting footer .notice{display:none}
}
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
<footer><span class="notice">${escapeHtml(t('page.privacy', { days: deps.retentionDays }))}</span> <a href="/privacy?lang=${lang}">${escapeHtml(t('privacyPage.title'))}</a> <button type="button" id="bl-delete">${escapeHtml(t('privacy.button'))}</button></footer>
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

  var phone = window.matchMedia('(max-width: 600px)');
  // On a phone the languages scroll sideways: the chosen one must be in sight, not off the edge.
  var current = document.querySelector('nav a[aria-current]');
  if (current && current.scrollIntoView) current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (saved && saved.conversationId) document.body.classList.add('chatting');

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
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && action.payload && action.payload.activity && action.payload.activity.type === 'message') {
            document.body.classList.add('chatting');
          }
          // On a phone, offer cards one below the other: side by side, all but the first lay
          // outside the screen.
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && phone.matches && action.payload.activity.attachmentLayout === 'carousel') {
            action = Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: Object.assign({}, action.payload.activity, { attachmentLayout: 'list' }) }) });
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
      styleOptions: Object.assign(
        { hideUploadButton: true, bubbleBorderRadius: 10, bubbleFromUserBorderRadius: 10, suggestedActionLayout: 'flow', primaryFont: 'system-ui, "Segoe UI", Tahoma, sans-serif' },
        // A phone: bubbles as wide as the screen allows, and choices in a scrolling column of
        // about three, so thirteen topics never push the text box off the screen.
        phone.matches ? {
          bubbleMaxWidth: Math.max(200, window.innerWidth - 44),
          bubbleMinWidth: 0,
          suggestedActionLayout: 'stacked',
          suggestedActionsStackedHeight: Math.round(Math.min(200, window.innerHeight * 0.3)),
          suggestedActionsStackedOverflow: 'scroll',
          suggestedActionsStackedLayoutButtonTextWrap: true
        } : {}
      )
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
