import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { pickText } from '../catalogue/localized';
import { fromOffer, fromProvider } from '../catalogue/records';
import { recordToRow, toCsv } from '../catalogue/tabular';
import { CATEGORY_IDS, LEVELS, isCategoryId, type CategoryId, type Level, type Offer } from '../catalogue/types';
import { LANGUAGES, RTL_LANGUAGES, type Lang } from '../language/languages';
import { NATIVE_LANGUAGE_NAMES } from '../language/languages';
import type { Translate, Translator } from '../language/i18n';
import type { Logger } from '../logging/logger';
import { distanceKm } from '../search/geo';
import type { SearchService } from '../search/searchService';
import { sendError } from './errors';
import { pickLanguage } from './webChatPage';
import { escapeHtml } from '../text/html';
import { listFormat } from '../language/intlCache';
import { providerKind } from '../catalogue/providerKinds';
import { costPieces, notePieces, pieceSeparator, schedulePieces, type Piece } from '../channels/offerDetails';
import { matchesAllWords } from '../text/wordMatch';
import { FACETS, type Facet } from '../search/lexicon';

/** The open data licence, named in every export (the county's portal uses the same). */
export const LICENCE = { name: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', id: 'dl-de/by-2-0', url: 'https://www.govdata.de/dl-de/by-2-0' };
const PAGE_SIZE = 20;
const RADII = [5, 10, 15, 25, 50];

type Throttle = (req: Request, res: Response, next: (err?: unknown) => void) => void;

export interface DirectoryDeps {
  search: SearchService;
  translator: Translator;
  logger: Logger;
  throttle: Throttle;
}

interface Filters {
  q: string;
  category: string;
  town: string;
  radius: number | null;
  level: string;
  provider: string;
  facets: Facet[];
  page: number;
}

const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function readFilters(req: Request): Filters {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const radius = Number(str(q.radius, 3));
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(str(q.page, 6)) || 1)));
  return {
    q: str(q.q, 200),
    category: str(q.category, 40),
    town: str(q.town, 64),
    radius: RADII.includes(radius) ? radius : null,
    level: str(q.level, 2),
    provider: str(q.provider, 64),
    facets: FACETS.filter((f) => q[f] === '1' || q[f] === 'on'),
    page,
  };
}

function query(lang: Lang, f: Partial<Filters>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ lang });
  if (f.q) p.set('q', f.q);
  if (f.category) p.set('category', f.category);
  if (f.town) p.set('town', f.town);
  if (f.radius) p.set('radius', String(f.radius));
  if (f.level) p.set('level', f.level);
  if (f.provider) p.set('provider', f.provider);
  for (const facet of f.facets ?? []) p.set(facet, '1');
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `?${p.toString()}`;
}

/** Text that may be in another script than the page: isolated so Arabic pages keep German names in order. */
const bdi = (text: string) => `<bdi>${escapeHtml(text)}</bdi>`;

function page(lang: Lang, t: Translate, title: string, body: string, options: { head?: string; languageLinks: (l: Lang) => string; sample?: boolean }): { html: string; nonce: string } {
  const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
  const nonce = randomBytes(16).toString('base64');
  const switcher = LANGUAGES.map(
    (l) => `<a href="${escapeHtml(options.languageLinks(l))}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="true"' : ''}>${escapeHtml(NATIVE_LANGUAGE_NAMES[l])}</a>`,
  ).join('');
  const html = `<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Bildungslotse Mittelsachsen</title>
${options.head ?? ''}
<style nonce="${nonce}">
*{box-sizing:border-box}body{font-family:system-ui,"Segoe UI",Tahoma,sans-serif;margin:0;color:#1b1b1b;background:#f6f7f9;line-height:1.45}
header{background:#0b5394;color:#fff;padding:.6rem 1rem}header a{color:#fff}header nav{display:flex;flex-wrap:wrap;gap:.8rem;margin-top:.3rem}
.langs{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.4rem}.langs a{border:1px solid #fff8;border-radius:1rem;padding:.1rem .6rem;text-decoration:none;font-size:.9rem}.langs a[aria-current]{background:#fff;color:#0b5394}
main{max-width:60rem;margin:0 auto;padding:.8rem 1rem}h1{font-size:1.3rem;margin:.3rem 0}
.banner{background:#fff3cd;color:#5c4400;padding:.5rem 1rem;margin:0}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(11rem,100%),1fr));gap:.5rem;background:#fff;border:1px solid #dde;border-radius:.4rem;padding:.6rem}
label{display:grid;gap:.15rem;font-size:.9rem}input,select,button{font:inherit;padding:.3rem .4rem}input,select{min-width:0;max-width:100%;width:100%}fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.6rem;grid-column:1/-1}fieldset label{display:flex;gap:.3rem;align-items:center}
.actions{grid-column:1/-1;display:flex;gap:.6rem;align-items:center}
ul.offers{list-style:none;padding:0;display:grid;gap:.6rem}ul.offers li{background:#fff;border:1px solid #dde;border-radius:.4rem;padding:.6rem .8rem}
ul.offers h2{font-size:1.05rem;margin:0 0 .2rem}.meta{color:#444;font-size:.9rem}.badge{display:inline-block;border:1px solid #99a;border-radius:.8rem;padding:0 .45rem;font-size:.8rem;margin-inline-end:.25rem}
.badge.sample{border-color:#c9a227;background:#fff3cd}.notice{background:#fff;border-inline-start:4px solid #c62828;padding:.4rem .7rem}
dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.3rem .9rem}dt{font-weight:600}dd{margin:0}
@media (max-width:480px){dl{grid-template-columns:1fr;gap:.1rem}dd{margin-bottom:.5rem}}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}footer{max-width:60rem;margin:1rem auto;padding:0 1rem;font-size:.85rem;color:#444}
a{color:#0b5394}
@media print{header nav,.langs,form,.pager{display:none}body{background:#fff}ul.offers li{break-inside:avoid}}
</style>
</head>
<body>
<header>
<div><a href="/offers?lang=${lang}">Bildungslotse Mittelsachsen</a></div>
<nav aria-label="${escapeHtml(t('directory.nav.offers'))}"><a href="/offers?lang=${lang}">${escapeHtml(t('directory.nav.offers'))}</a><a href="/providers?lang=${lang}">${escapeHtml(t('directory.nav.providers'))}</a><a href="/?lang=${lang}">${escapeHtml(t('directory.nav.chat'))}</a><a href="/privacy?lang=${lang}">${escapeHtml(t('directory.nav.privacy'))}</a></nav>
<div class="langs" role="navigation" aria-label="${escapeHtml(t('page.language'))}">${switcher}</div>
</header>
${options.sample ? `<p class="banner" role="note">${escapeHtml(t('page.sample'))}</p>` : ''}
<main>
${body}
</main>
<footer>${escapeHtml(t('directory.openData'))}: <a href="/api/public/offers">JSON</a> · <a href="/api/public/offers?format=csv">CSV</a> · <a href="/api/public/providers">${escapeHtml(t('directory.nav.providers'))} (JSON)</a><br>${escapeHtml(t('directory.licence'))}</footer>
</body>
</html>`;
  return { html, nonce };
}

function send(res: Response, status: number, rendered: { html: string; nonce: string }): void {
  res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${rendered.nonce}'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'public, max-age=60');
  res.sendRaw(status, rendered.html);
}

const option = (value: string, label: string, selected: boolean) => `<option value="${escapeHtml(value)}"${selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;

/** The public face of the catalogue: server-rendered, searchable, in six languages, no tracking. */
export function registerPublicDirectory(server: Server, deps: DirectoryDeps): void {
  const { search } = deps;
  // The search's day: what it ranks as visible is what a page may show.
  const today = () => search.today();
  const townName = (id: string) => search.towns.get(id)?.name ?? id;
  const categoryName = (id: string, lang: Lang) => (isCategoryId(id) ? pickText(search.categories.get(id)!.name, lang).text : id);

  /**
   * The offers a filter asks for, as ids in order: the one offer query, ranked by the query or
   * nearest first. Only the page shown is read from the store.
   */
  const select = async (f: Filters, lang: Lang) => {
    const origin = f.town ? search.towns.get(f.town) : undefined;
    const found = search.findOffers({
      analysis: f.q ? search.analyze(f.q) : undefined,
      townId: f.town || undefined,
      rankBy: f.category && isCategoryId(f.category) ? [f.category] : undefined,
      categories: f.category && isCategoryId(f.category) ? [f.category] : undefined,
      levels: f.level ? [f.level as Level] : undefined,
      providerId: f.provider || undefined,
      require: f.facets,
      radiusKm: f.radius ?? undefined,
      limit: 100_000,
      today: today(),
    });
    const ids = found.hits.map((h) => h.offerId);
    const distance = (o: Offer) => {
      const at = search.towns.get(o.townId);
      return origin && at ? distanceKm(origin, at) : null;
    };
    // Without a town, a plain listing reads best in the alphabet of the reader's language.
    if (!f.q && !origin) {
      const titles = await search.offerTitles(ids, lang);
      const collator = new Intl.Collator(lang);
      ids.sort((a, b) => collator.compare(titles.get(a) ?? '', titles.get(b) ?? ''));
    }
    return { ids, distance };
  };

  server.get('/offers', deps.throttle, async (req: Request, res: Response) => {
    try {
      const lang = pickLanguage(req);
      const t = deps.translator.forLanguage(lang);
      const f = readFilters(req);
      const notices: string[] = [];
      if (f.town && !search.towns.has(f.town)) {
        notices.push(t('directory.unknownTown', { town: f.town }));
        f.town = '';
      }
      if (f.category && !isCategoryId(f.category)) {
        notices.push(t('directory.unknownCategory', { category: f.category }));
        f.category = '';
      }
      if (f.level && !(LEVELS as readonly string[]).includes(f.level)) f.level = '';

      const { ids, distance } = await select(f, lang);
      const pages = Math.max(1, Math.ceil(ids.length / PAGE_SIZE));
      const current = Math.min(f.page, pages);
      const shown = await search.readOffers(ids.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE));

      const towns = [...search.towns.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
      const form = `<form class="filters" method="get" action="/offers" role="search">
<input type="hidden" name="lang" value="${lang}">
<label>${escapeHtml(t('directory.search'))}<input type="search" name="q" value="${escapeHtml(f.q)}" placeholder="${escapeHtml(t('directory.searchPlaceholder'))}"></label>
<label>${escapeHtml(t('directory.category'))}<select name="category">${option('', t('directory.allCategories'), !f.category)}${CATEGORY_IDS.map((c) => option(c, categoryName(c, lang), f.category === c)).join('')}</select></label>
<label>${escapeHtml(t('directory.town'))}<select name="town">${option('', t('directory.anyTown'), !f.town)}${towns.map((tw) => option(tw.id, tw.name, f.town === tw.id)).join('')}</select></label>
<label>${escapeHtml(t('directory.radius'))}<select name="radius">${option('', '–', !f.radius)}${RADII.map((r) => option(String(r), t('directory.radiusKm', { km: r }), f.radius === r)).join('')}</select></label>
<label>${escapeHtml(t('directory.level'))}<select name="level">${option('', t('directory.anyLevel'), !f.level)}${LEVELS.map((l) => option(l, l, f.level === l)).join('')}</select></label>
<fieldset>${FACETS.map((facet) => `<label><input type="checkbox" name="${facet}" value="1"${f.facets.includes(facet) ? ' checked' : ''}>${escapeHtml(t(`guided.pref.${facet}`))}</label>`).join('')}</fieldset>
<div class="actions"><button type="submit">${escapeHtml(t('directory.apply'))}</button><a href="/offers?lang=${lang}">${escapeHtml(t('directory.reset'))}</a></div>
</form>`;
      const items = shown
        .map((o) => {
          const title = pickText(o.title, lang);
          const d = distance(o);
          const badges = [
            ...o.categories.map((c) => categoryName(c, lang)),
            ...FACETS.filter((facet) => o[facet]).map((facet) => t(`guided.pref.${facet}`)),
            ...o.levels,
          ];
          return `<li><h2><a href="/offers/${escapeHtml(o.id)}?lang=${lang}"${title.fallback ? ' lang="de" dir="ltr"' : ''}>${escapeHtml(title.text)}</a></h2>
<div class="meta">${bdi(search.getProvider(o.providerId)?.name ?? o.providerId)} · ${bdi(townName(o.townId))}${d !== null && o.mode === 'onsite' && d >= 1 ? ` · ${escapeHtml(t('directory.distance', { km: Math.round(d) }))}` : ''}${o.mode !== 'onsite' ? ` · ${escapeHtml(t('card.online'))}` : ''}</div>
<div>${badges.map((b) => `<span class="badge">${escapeHtml(b)}</span>`).join('')}${o.sample ? `<span class="badge sample">${escapeHtml(t('card.sample'))}</span>` : ''}</div></li>`;
        })
        .join('');
      const pager =
        pages > 1
          ? `<nav class="pager" aria-label="${escapeHtml(t('directory.page', { page: current, pages }))}">${current > 1 ? `<a rel="prev" href="/offers${escapeHtml(query(lang, f, { page: String(current - 1) }))}">${escapeHtml(t('directory.previous'))}</a>` : ''}<span>${escapeHtml(t('directory.page', { page: current, pages }))}</span>${current < pages ? `<a rel="next" href="/offers${escapeHtml(query(lang, f, { page: String(current + 1) }))}">${escapeHtml(t('directory.next'))}</a>` : ''}</nav>`
          : '';
      const body = `<h1>${escapeHtml(t('directory.title'))}</h1><p>${escapeHtml(t('directory.intro'))}</p>
${notices.map((n) => `<p class="notice" role="alert">${escapeHtml(n)}</p>`).join('')}
${form}
<p role="status">${escapeHtml(t('directory.results', { count: ids.length }))}</p>
${ids.length ? `<ul class="offers">${items}</ul>` : `<p>${escapeHtml(t('directory.none'))} <a href="/?lang=${lang}">${escapeHtml(t('directory.nav.chat'))}</a></p>`}
${pager}`;
      send(res, 200, page(lang, t, t('directory.nav.offers'), body, { languageLinks: (l) => `/offers${query(l, { ...f, page: current })}`, sample: search.hasSampleOffers() }));
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });

  server.get('/offers/:id', deps.throttle, async (req: Request, res: Response) => {
    try {
      const lang = pickLanguage(req);
      const t = deps.translator.forLanguage(lang);
      const id = str(req.params?.id, 64);
      const offer = await search.visibleOffer(id, today());
      if (!offer) {
        send(res, 404, page(lang, t, t('directory.notFound'), `<h1>${escapeHtml(t('directory.notFound'))}</h1><p><a href="/offers?lang=${lang}">${escapeHtml(t('directory.back'))}</a></p>`, { languageLinks: (l) => `/offers?lang=${l}` }));
        return;
      }
      const title = pickText(offer.title, lang);
      const summary = pickText(offer.summary, lang);
      const provider = search.getProvider(offer.providerId);
      const town = search.towns.get(offer.townId);
      const address = [offer.address, town ? `${town.postcode} ${town.name}` : ''].filter(Boolean).join(', ');
      const mapUrl = `https://www.openstreetmap.org/search?query=${encodeURIComponent(address || town?.name || '')}`;
      const row = (label: string, value: string) => (value ? `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>` : '');
      const website = offer.url && /^https?:\/\//i.test(offer.url) ? offer.url : provider?.website && /^https?:\/\//i.test(provider.website) ? provider.website : null;
      const jsonLd = {
        '@context': 'https://schema.org',
        '@type': 'Course',
        '@id': `/offers/${offer.id}`,
        name: title.text,
        description: summary.text,
        inLanguage: offer.instructionLanguages,
        educationalLevel: offer.levels.length ? offer.levels.join(', ') : undefined,
        provider: provider ? { '@type': 'Organization', name: provider.name, url: provider.website ?? undefined, telephone: provider.phone ?? undefined } : undefined,
        isAccessibleForFree: offer.free,
        offers: { '@type': 'Offer', category: offer.free ? 'Free' : 'Paid', description: costPieces(offer.cost, offer.costNote, offer.free, lang, t).map((p) => p.text).join(pieceSeparator(lang)) || undefined, ...(offer.cost.amount !== null && offer.cost.per === null ? { price: offer.cost.amount } : {}), priceCurrency: 'EUR', ...(offer.free ? { price: 0 } : {}), validThrough: offer.validUntil ?? undefined },
        location: {
          '@type': 'Place',
          name: town?.name,
          address: { '@type': 'PostalAddress', streetAddress: offer.address || undefined, postalCode: town?.postcode, addressLocality: town?.name, addressRegion: 'Sachsen', addressCountry: 'DE' },
          geo: town ? { '@type': 'GeoCoordinates', latitude: town.lat, longitude: town.lon } : undefined,
        },
        hasCourseInstance: { '@type': 'CourseInstance', courseMode: offer.mode === 'onsite' ? 'onsite' : 'online', courseSchedule: undefined, description: schedulePieces(offer.schedule, offer.scheduleNote, lang, t).map((p) => p.text).join(pieceSeparator(lang)) || undefined },
      };
      const head = `<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>`;
      // "Back" points to where the reading started: right in Arabic and Farsi.
      const backArrow = RTL_LANGUAGES.includes(lang) ? '→' : '←';
      const body = `<p><a href="/offers?lang=${lang}" class="back"><span aria-hidden="true">${backArrow}</span> ${escapeHtml(t('directory.back'))}</a></p>
<h1${title.fallback ? ' lang="de" dir="ltr"' : ''}>${escapeHtml(title.text)}</h1>
${offer.sample ? `<p class="notice" role="note">${escapeHtml(t('directory.sample'))}</p>` : ''}
<p${summary.fallback ? ' lang="de" dir="ltr"' : ''}>${escapeHtml(summary.text)}</p>
<dl>
${row(t('card.provider'), provider ? `<a href="/providers?lang=${lang}#${escapeHtml(provider.id)}">${bdi(provider.name)}</a>` : '')}
${row(t('directory.address'), address ? `${bdi(address)} · <a href="${escapeHtml(mapUrl)}" rel="noopener noreferrer">${escapeHtml(t('directory.map'))}</a>` : '')}
${row(t('card.schedule'), piecesHtml(schedulePieces(offer.schedule, offer.scheduleNote, lang, t), lang))}
${row(t('card.cost'), piecesHtml(costPieces(offer.cost, offer.costNote, offer.free, lang, t), lang))}
${row(t('card.levels'), offer.levels.length ? escapeHtml(offer.levels.join(', ')) : '')}
${row(t('directory.languages'), escapeHtml(offer.instructionLanguages.map((l) => (LANGUAGES as readonly string[]).includes(l) ? NATIVE_LANGUAGE_NAMES[l as Lang] : l).join(', ')))}
${row(t('directory.target'), [escapeHtml(listFormat(lang).format(offer.audiences.map((a) => t(`audience.${a}`)))), piecesHtml(notePieces(offer.targetGroup, lang), lang)].filter(Boolean).join(' · '))}
${row(t('card.contact'), piecesHtml(notePieces(offer.contact, lang), lang))}
${row(t('directory.validUntil'), offer.validUntil ? escapeHtml(offer.validUntil) : '')}
${row(t('directory.website'), website ? `<a href="${escapeHtml(website)}" rel="noopener noreferrer">${bdi(website.replace(/^https?:\/\//, ''))}</a>` : '')}
</dl>
<p><a href="/?lang=${lang}&amp;offer=${escapeHtml(offer.id)}">${escapeHtml(t('directory.chat'))}</a></p>`;
      send(res, 200, page(lang, t, title.text, body, { head, languageLinks: (l) => `/offers/${offer.id}?lang=${l}`, sample: search.hasSampleOffers() }));
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });

  server.get('/providers', deps.throttle, async (req: Request, res: Response) => {
    try {
      const lang = pickLanguage(req);
      const t = deps.translator.forLanguage(lang);
      const asked = (req.query ?? {}) as Record<string, unknown>;
      const onlyCounselling = asked.counselling === '1';
      const q = str(asked.q, 200);
      const category = isCategoryId(str(asked.category, 40)) ? (str(asked.category, 40) as CategoryId) : '';
      const active = search.activeOffers(today());
      // Like /offers: words in any order over name, type, town and description in every language,
      // and a topic: providers with an active offer of it.
      const providers = search
        .providers()
        .filter((p) => !onlyCounselling || p.counselling)
        .filter((p) => !q || matchesAllWords(q, `${p.name} ${p.type} ${townName(p.townId)} ${Object.values(p.description).join(' ')}`))
        .filter((p) => !category || active.some((o) => o.providerId === p.id && o.categories.includes(category)))
        .sort((a, b) => a.name.localeCompare(b.name, 'de'));
      const items = providers
        .map((p) => {
          const count = active.filter((o) => o.providerId === p.id).length;
          const description = pickText(p.description, lang);
          return `<li id="${escapeHtml(p.id)}"><h2>${bdi(p.name)}</h2>
<div class="meta">${providerType(p.type, lang, t)} · ${bdi(townName(p.townId))}${p.address ? ` · ${bdi(p.address)}` : ''}</div>
${description.text ? `<p${description.fallback ? ' lang="de" dir="ltr"' : ''}>${escapeHtml(description.text)}</p>` : ''}
<div>${p.counselling ? `<span class="badge">${escapeHtml(t('directory.counselling'))}</span>` : ''}${p.phone ? `<span class="badge">☎ ${bdi(p.phone)}</span>` : ''}${p.email ? `<a class="badge" href="mailto:${escapeHtml(p.email)}">${bdi(p.email)}</a>` : ''}${p.website && /^https?:\/\//i.test(p.website) ? `<a class="badge" href="${escapeHtml(p.website)}" rel="noopener noreferrer">${escapeHtml(t('directory.website'))}</a>` : ''}</div>
${count ? `<p><a href="/offers${escapeHtml(query(lang, { provider: p.id }))}">${escapeHtml(t('directory.offerCount', { count }))}</a></p>` : ''}</li>`;
        })
        .join('');
      const form = `<form class="filters" method="get" action="/providers" role="search">
<input type="hidden" name="lang" value="${lang}">
<label>${escapeHtml(t('directory.search'))}<input type="search" name="q" value="${escapeHtml(q)}" placeholder="${escapeHtml(t('directory.searchPlaceholder'))}"></label>
<label>${escapeHtml(t('directory.category'))}<select name="category">${option('', t('directory.allCategories'), !category)}${CATEGORY_IDS.map((c) => option(c, categoryName(c, lang), category === c)).join('')}</select></label>
<fieldset><label><input type="checkbox" name="counselling" value="1"${onlyCounselling ? ' checked' : ''}>${escapeHtml(t('directory.onlyCounselling'))}</label></fieldset>
<div class="actions"><button type="submit">${escapeHtml(t('directory.apply'))}</button><a href="/providers?lang=${lang}">${escapeHtml(t('directory.reset'))}</a></div>
</form>`;
      const body = `<h1>${escapeHtml(t('directory.providersTitle'))}</h1>
${form}
<ul class="offers">${items}</ul>`;
      send(res, 200, page(lang, t, t('directory.providersTitle'), body, { languageLinks: (l) => `/providers?lang=${l}${onlyCounselling ? '&counselling=1' : ''}`, sample: search.hasSampleOffers() }));
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });

  /**
   * The widget's list, for an iframe on a partner's page: compact, links open the full page in a
   * new tab, and this route alone may be framed by any site.
   */
  server.get('/embed/offers', deps.throttle, async (req: Request, res: Response) => {
    try {
      const lang = pickLanguage(req);
      const t = deps.translator.forLanguage(lang);
      const f = readFilters(req);
      if (f.town && !search.towns.has(f.town)) f.town = '';
      if (f.category && !isCategoryId(f.category)) f.category = '';
      const limit = Math.max(1, Math.min(20, Number(str((req.query as Record<string, unknown> | undefined)?.limit, 2)) || 5));
      const { ids, distance } = await select(f, lang);
      const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
      const nonce = randomBytes(16).toString('base64');
      const items = (await search.readOffers(ids.slice(0, limit)))
        .map((o) => {
          const d = distance(o);
          const title = pickText(o.title, lang);
          return `<li><a href="/offers/${escapeHtml(o.id)}?lang=${lang}" target="_blank" rel="noopener"${title.fallback ? ' lang="de" dir="ltr"' : ''}>${escapeHtml(title.text)}</a><br><small>${bdi(search.getProvider(o.providerId)?.name ?? '')} · ${bdi(townName(o.townId))}${d !== null && d >= 1 && o.mode === 'onsite' ? ` · ${escapeHtml(t('directory.distance', { km: Math.round(d) }))}` : ''}${o.sample ? ` · ⚠ ${escapeHtml(t('card.sample'))}` : ''}</small></li>`;
        })
        .join('');
      const html = `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t('directory.nav.offers'))}</title>
<style nonce="${nonce}">body{font-family:system-ui,"Segoe UI",Tahoma,sans-serif;margin:0;padding:.5rem;font-size:15px;color:#1b1b1b}ul{list-style:none;margin:0;padding:0}li{padding:.4rem 0;border-bottom:1px solid #e3e3e3}a{color:#0b5394}small{color:#555}p{margin:.4rem 0}</style></head>
<body>${search.hasSampleOffers() ? `<p><small>⚠ ${escapeHtml(t('page.sample'))}</small></p>` : ''}<ul>${items}</ul>${ids.length ? '' : `<p>${escapeHtml(t('directory.none'))}</p>`}
<p><a href="/offers${escapeHtml(query(lang, f))}" target="_blank" rel="noopener">${escapeHtml(t('directory.results', { count: ids.length }))} →</a> · <a href="/?lang=${lang}" target="_blank" rel="noopener">${escapeHtml(t('directory.nav.chat'))}</a></p></body></html>`;
      res.setHeader('Content-Security-Policy', `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors *`);
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.sendRaw(200, html);
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });

  server.get('/widget.js', async (_req: Request, res: Response) => {
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.sendRaw(200, WIDGET_SCRIPT);
  });

  // Open data: only what newcomers may see (active, not expired), nothing internal.
  // Schedule and cost as data (README, "Open data"); the CSV keeps the coordinators' columns,
  // German schedule and cost text plus one column per language for every note.
  const publicOffers = async (format: 'json' | 'csv') =>
    (await search.readOffers(search.activeOffers(today()).map((o) => o.id))).map((o) => {
      const { status: _status, source: _source, ...rest } = fromOffer(o);
      return format === 'csv' ? rest : { ...rest, schedule: o.schedule, cost: o.cost };
    });
  const publicProviders = () => search.providers().map((p) => {
    const { source: _source, ...rest } = fromProvider(p);
    // The kind as an id (labels per language in data/locales), next to the type as written.
    return { ...rest, kind: providerKind(p.type) };
  });
  const openData = (kind: 'offers' | 'providers') => async (req: Request, res: Response) => {
    try {
      const csv = (req.query as Record<string, unknown> | undefined)?.format === 'csv';
      const items = kind === 'offers' ? await publicOffers(csv ? 'csv' : 'json') : publicProviders();
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (csv) {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${kind}.csv"`);
        res.sendRaw(200, toCsv(kind, items.map((r) => recordToRow(kind, r as never))));
        return;
      }
      res.send(200, { licence: LICENCE, source: 'Landkreis Mittelsachsen – Bildungslotse', generatedAt: new Date().toISOString(), total: items.length, items });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  };
  server.get('/api/public/offers', deps.throttle, openData('offers'));
  server.get('/api/public/providers', deps.throttle, openData('providers'));
}

/**
 * The partner snippet: `<script src="https://HOST/widget.js" data-category="german-course"
 * data-town="doebeln" data-lang="uk" async></script>` shows a list; `data-mode="chat"` a chat
 * button. It adds one iframe or one link next to itself and nothing else: no cookies, no tracking.
 */
const WIDGET_SCRIPT = `(function () {
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src).origin;
  var d = script.dataset;
  var lang = /^(de|en|uk|ru|ar|fa)$/.test(d.lang || '') ? d.lang : 'de';
  var params = new URLSearchParams({ lang: lang });
  ['category', 'town', 'radius', 'level', 'q', 'limit'].forEach(function (k) { if (d[k]) params.set(k, String(d[k]).slice(0, 100)); });
  ['evening', 'childcare', 'womenOnly', 'free'].forEach(function (k) { if (d[k] === '1' || d[k] === 'true') params.set(k, '1'); });
  if (d.mode === 'chat') {
    var labels = { de: 'Chat mit dem Bildungslotsen', en: 'Chat with the Bildungslotse', uk: 'Чат з Bildungslotse', ru: 'Чат с Bildungslotse', ar: 'الدردشة مع Bildungslotse', fa: 'گفتگو با Bildungslotse' };
    var a = document.createElement('a');
    a.href = base + '/?lang=' + lang;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = d.label || labels[lang];
    a.className = 'bildungslotse-chat';
    script.parentNode.insertBefore(a, script.nextSibling);
    return;
  }
  var frame = document.createElement('iframe');
  frame.src = base + '/embed/offers?' + params.toString();
  frame.title = d.title || 'Bildungslotse Mittelsachsen';
  frame.width = '100%';
  frame.height = String(Math.min(1200, Math.max(200, Number(d.height) || 420)));
  frame.style.border = '0';
  frame.setAttribute('referrerpolicy', 'no-referrer');
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
`;

/** Pieces of an offer's details, escaped; German standing in for a missing translation is isolated and marked as German. */
function piecesHtml(pieces: Piece[], lang: Lang): string {
  return pieces.map((p) => (p.german ? `<bdi lang="de">${escapeHtml(p.text)}</bdi>` : escapeHtml(p.text))).join(escapeHtml(pieceSeparator(lang)));
}

/** The provider's kind in the newcomer's language; German as written, or when the kind is unknown. */
function providerType(type: string, lang: Lang, t: Translate): string {
  const kind = lang === 'de' ? null : providerKind(type);
  return kind ? escapeHtml(t(`providerKind.${kind}`)) : bdi(type);
}

