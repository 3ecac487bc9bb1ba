import { CardFactory, type Attachment, type CardAction } from 'botbuilder';
import type { AskOffer } from '../ask/askService';
import { pickText } from '../catalogue/localized';
import type { Lang, Provider, Town } from '../catalogue/types';
import type { Translate } from '../language/i18n';

export interface CatalogueLookup {
  getProvider(id: string): Provider | undefined;
  towns: ReadonlyMap<string, Town>;
}

/**
 * One hero card per offer: hero cards render on every channel that shows cards at all
 * (Web Chat, Teams, Telegram, Facebook), and degrade to text elsewhere.
 */
export function offerCard(hit: AskOffer, lang: Lang, t: Translate, lookup: CatalogueLookup): Attachment {
  const { offer } = hit;
  const title = pickText(offer.title, lang);
  const summary = pickText(offer.summary, lang);
  const provider = lookup.getProvider(offer.providerId)?.name ?? offer.providerId;
  const town = lookup.towns.get(offer.townId)?.name ?? offer.townId;
  const lines = [
    summary.text,
    `${t('card.schedule')}: ${offer.schedule}`,
    `${t('card.cost')}: ${offer.cost}${offer.free ? ` (${t('card.free')})` : ''}`,
    offer.levels.length ? `${t('card.levels')}: ${offer.levels.join(', ')}` : '',
    offer.contact ? `${t('card.contact')}: ${offer.contact}` : '',
    offer.mode !== 'onsite' ? t('card.online') : hit.distanceKm && hit.distanceKm >= 1 ? t('card.distance', { km: Math.round(hit.distanceKm) }) : '',
    title.fallback ? t('card.germanOnly') : '',
    offer.sample ? `⚠ ${t('card.sample')}` : '',
  ].filter((line) => line.length > 0);
  const buttons: CardAction[] = offer.url ? [{ type: 'openUrl', title: t('card.open'), value: offer.url }] : [];
  return CardFactory.heroCard(title.text, lines.join('\n\n'), [], buttons, { subtitle: `${provider} · ${town}` });
}
