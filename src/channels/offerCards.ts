import { CardFactory, type Attachment, type CardAction } from 'botbuilder';
import type { AskOffer } from '../ask/askService';
import { pickText } from '../catalogue/localized';
import { type Offer, type Provider, type Town } from '../catalogue/types';
import { RTL_LANGUAGES, type Lang } from '../language/languages';
import { listFormat } from '../language/intlCache';
import type { Translate } from '../language/i18n';
import { webUrl } from '../text/markup';
import { costPieces, notePieces, pieceSeparator, schedulePieces, type Piece } from './offerDetails';

/**
 * Wraps a value in first-strong isolation marks (U+2068 … U+2069) so a German address or
 * schedule inside an Arabic or Farsi line keeps its own direction and does not reorder the label.
 */
export function isolate(value: string, lang: Lang): string {
  return RTL_LANGUAGES.includes(lang) ? `\u2068${value}\u2069` : value;
}

export interface CatalogueLookup {
  getProvider(id: string): Provider | undefined;
  towns: ReadonlyMap<string, Town>;
}

/**
 * One hero card per offer: hero cards render on every channel that shows cards at all
 * (Web Chat, Teams, Telegram, Facebook), and degrade to text elsewhere.
 *
 * Its texts are plain, exactly as the catalogue has them, even when they look like markup:
 * the channel rendering makes them literal for Markdown channels (src/text/markup.ts), and
 * SMS or e-mail show them as they are.
 */
export function offerCard(hit: AskOffer, lang: Lang, t: Translate, lookup: CatalogueLookup): Attachment {
  const { offer } = hit;
  const text = cardText(offer, lang, t, lookup);
  const distance = offer.mode !== 'onsite' ? t('card.online') : hit.distanceKm && hit.distanceKm >= 1 ? t('card.distance', { km: Math.round(hit.distanceKm) }) : '';
  const lines = distance ? [...text.lines, distance, ...text.notes] : [...text.lines, ...text.notes];
  // Offer URLs come from imports and proposals: a javascript: or data: "website" gets no button.
  const buttons: CardAction[] = text.url ? [{ type: 'openUrl', title: t('card.open'), value: text.url }] : [];
  return CardFactory.heroCard(text.title, lines.join('\n\n'), [], buttons, { subtitle: text.subtitle });
}

/** A card's texts apart from the distance, which differs from search to search. */
interface CardText {
  title: string;
  subtitle: string;
  /** Summary, times, cost, levels, audiences and contact. */
  lines: string[];
  /** Whether it is in German, and whether it is sample data. */
  notes: string[];
  url: string | null;
}

/**
 * The same offer is shown in the same language again and again, and formatting its times, cost
 * and audiences through `Intl` and the translations was most of what a card cost. An offer and
 * a provider are replaced, not changed, when a coordinator edits them, so a text is kept per
 * offer object and language for as long as the offer object lives, and made again when its
 * provider or the translations are another object.
 */
const cardTexts = new WeakMap<Offer, Map<Lang, { t: Translate; provider: Provider | undefined; text: CardText }>>();

function cardText(offer: Offer, lang: Lang, t: Translate, lookup: CatalogueLookup): CardText {
  const provider = lookup.getProvider(offer.providerId);
  let byLang = cardTexts.get(offer);
  const kept = byLang?.get(lang);
  if (kept && kept.t === t && kept.provider === provider) return kept.text;
  const text = composeCardText(offer, lang, t, provider?.name ?? offer.providerId, lookup.towns.get(offer.townId)?.name ?? offer.townId);
  if (!byLang) cardTexts.set(offer, (byLang = new Map()));
  byLang.set(lang, { t, provider, text });
  return text;
}

function composeCardText(offer: Offer, lang: Lang, t: Translate, provider: string, town: string): CardText {
  const title = pickText(offer.title, lang);
  const summary = pickText(offer.summary, lang);
  const i = (value: string) => isolate(value, lang);
  const details = {
    schedule: schedulePieces(offer.schedule, offer.scheduleNote, lang, t),
    cost: costPieces(offer.cost, offer.costNote, offer.free, lang, t),
    target: notePieces(offer.targetGroup, lang),
    contact: notePieces(offer.contact, lang),
  };
  const line = (label: string, pieces: Piece[]) => (pieces.length ? `${label}: ${pieces.map((p) => (p.german ? i(p.text) : p.text)).join(pieceSeparator(lang))}` : '');
  const partlyGerman = !title.fallback && (summary.fallback || Object.values(details).some((pieces) => pieces.some((p) => p.german)));
  const present = (line: string) => line.length > 0;
  return {
    title: title.fallback ? i(title.text) : title.text,
    subtitle: `${i(provider)} · ${i(town)}`,
    lines: [
      summary.fallback ? i(summary.text) : summary.text,
      line(t('card.schedule'), details.schedule),
      line(t('card.cost'), details.cost),
      offer.levels.length ? `${t('card.levels')}: ${i(offer.levels.join(', '))}` : '',
      // Who it is for, in the newcomer's language: the audiences are ids with labels per language.
      line(t('card.audiences'), [...(offer.audiences.length ? [{ text: listFormat(lang).format(offer.audiences.map((a) => t(`audience.${a}`))), german: false }] : []), ...details.target]),
      line(t('card.contact'), details.contact),
    ].filter(present),
    notes: [title.fallback ? t('card.germanOnly') : partlyGerman ? t('card.partlyGerman') : '', offer.sample ? `⚠ ${t('card.sample')}` : ''].filter(present),
    url: webUrl(offer.url),
  };
}
