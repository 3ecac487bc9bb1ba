import { CardFactory, type Activity, type Attachment, type CardAction, type HeroCard } from 'botbuilder';
import { RTL_LANGUAGES, type Lang } from '../language/languages';
import { activityLang } from '../language/locale';
import { markdownLiteral, plainFromMarkdown, webUrl } from '../text/markup';

/** How a channel can show our replies (bot-docs channel reference, ECOSYSTEM.md §4). */
export type Rendering = 'adaptive' | 'hero' | 'text';

const ADAPTIVE = new Set(['webchat', 'directline', 'emulator', 'msteams']);
const HERO = new Set(['telegram', 'facebook', 'line']);

export function renderingFor(channelId: string | undefined): Rendering {
  if (channelId && ADAPTIVE.has(channelId)) return 'adaptive';
  if (channelId && HERO.has(channelId)) return 'hero';
  return 'text';
}

/** Suggested actions a channel shows at most; Teams shows none, so they go into the card. */
export function maxSuggestedActions(channelId: string | undefined): number {
  if (channelId === 'msteams') return 0;
  if (channelId === 'facebook') return 10;
  return renderingFor(channelId) === 'text' ? 0 : 10;
}

/** A button offered in a reply, remembered so that "2" or its label picks it on plain channels. */
export interface OfferedChoice {
  title: string;
  value: unknown;
}

export interface RenderStrings {
  or: string;
  prompt: string;
}

export interface Rendered {
  activity: Partial<Activity>;
  choices: OfferedChoice[];
}

/**
 * Hero card → Adaptive Card 1.5 (rtl for Arabic and Farsi; wraps; links as Action.OpenUrl).
 * Hero cards hold plain text; TextBlocks are Markdown, so every text is made literal here.
 */
export function heroToAdaptive(hero: HeroCard, lang: Lang): Attachment {
  const body: Record<string, unknown>[] = [{ type: 'TextBlock', text: markdownLiteral(hero.title ?? ''), weight: 'Bolder', size: 'Medium', wrap: true }];
  if (hero.subtitle) body.push({ type: 'TextBlock', text: markdownLiteral(hero.subtitle), isSubtle: true, spacing: 'None', wrap: true });
  for (const line of (hero.text ?? '').split('\n\n').filter(Boolean)) body.push({ type: 'TextBlock', text: markdownLiteral(line), wrap: true, spacing: 'Small' });
  const actions = webLinks(hero).map((b) => ({ type: 'Action.OpenUrl', title: b.title, url: b.url }));
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    rtl: RTL_LANGUAGES.includes(lang),
    body,
    actions,
  });
}

/** A card's openUrl buttons that lead to a web page; any other target is dropped, not shown. */
function webLinks(hero: HeroCard): { title: string; url: string }[] {
  return (hero.buttons ?? []).flatMap((b) => {
    const url = b.type === 'openUrl' ? webUrl(b.value) : null;
    return url ? [{ title: b.title, url }] : [];
  });
}

/** Buttons as Action.Submit, for Teams, which shows no suggested actions. */
function actionsCard(actions: CardAction[], lang: Lang): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    version: '1.5',
    rtl: RTL_LANGUAGES.includes(lang),
    body: [],
    actions: actions.map((a) => ({ type: 'Action.Submit', title: a.title, data: typeof a.value === 'object' ? a.value : { text: a.value } })),
  });
}

const shortLink = (url: string) => url.replace(/^https?:\/\/(www\.)?/, '').replace(/\/$/, '');

/** One card as plain text for SMS, e-mail and unknown channels; numbers are kept for the choices. */
function heroToText(hero: HeroCard): string {
  const link = webLinks(hero)[0]?.url;
  const details = (hero.text ?? '').split('\n\n').filter(Boolean).slice(1).join(' · ');
  return [`• ${hero.title ?? ''}`, hero.subtitle, details, link ? shortLink(link) : ''].filter(Boolean).join('\n   ');
}

/** "1 A, 2 B oder 3 C" with the language's own "or" (the SDK's inline list is English). */
export function inlineChoices(titles: readonly string[], or: string): string {
  const items = titles.map((t, i) => `${i + 1} ${t}`);
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}`;
}

/**
 * Adapts one outgoing activity to what the channel can show. The dialogs always produce hero
 * cards and suggested actions; this is the only place that knows about channels.
 *
 * Texts arrive plain (card texts always, message text unless `textFormat` is 'markdown'), so
 * catalogue and chat texts can go in as they are; Markdown channels get them escaped.
 */
export function renderForChannel(activity: Partial<Activity>, channelId: string | undefined, strings: RenderStrings): Rendered {
  const lang = activityLang(activity);
  const rendering = renderingFor(channelId);
  const actions = activity.suggestedActions?.actions ?? [];
  const heroes = (activity.attachments ?? []).filter((a) => a.contentType === CardFactory.contentTypes.heroCard);
  const out: Partial<Activity> = { ...activity };
  const choices: OfferedChoice[] = actions.map((a) => ({ title: a.title, value: a.value }));

  if (rendering === 'adaptive') {
    // Web Chat renders message text as Markdown with inline HTML, and advisor messages, names
    // and catalogue texts are not ours to trust: text is plain unless its composer marked it
    // Markdown (and then escaped its values itself), so plain text is made literal here, once.
    if (out.text) {
      if (activity.textFormat !== 'markdown') out.text = markdownLiteral(out.text);
      out.textFormat = 'markdown';
    }
    out.attachments = (activity.attachments ?? []).map((a) =>
      a.contentType === CardFactory.contentTypes.heroCard ? heroToAdaptive(a.content as HeroCard, lang) : a,
    );
    if (channelId === 'msteams' && actions.length) {
      out.attachments = [...out.attachments, actionsCard(actions, lang)];
      delete out.suggestedActions;
    }
    return { activity: out, choices };
  }

  if (rendering === 'hero') {
    // imBack sends the label itself, which every one of these channels supports; the label is
    // remembered so it still means the button's value.
    const limited = actions.slice(0, maxSuggestedActions(channelId)).map((a) => ({ type: 'imBack', title: a.title, value: a.title }));
    if (limited.length) out.suggestedActions = { actions: limited, to: [] };
    return { activity: out, choices: choices.slice(0, limited.length) };
  }

  const parts = [activity.textFormat === 'markdown' ? plainFromMarkdown(activity.text ?? '') : (activity.text ?? '')];
  for (const h of heroes) parts.push(heroToText(h.content as HeroCard));
  if (actions.length) parts.push(`${strings.prompt} ${inlineChoices(actions.map((a) => a.title), strings.or)}`);
  out.text = parts.filter(Boolean).join('\n\n');
  out.textFormat = 'plain';
  delete out.attachments;
  delete out.attachmentLayout;
  delete out.suggestedActions;
  return { activity: out, choices };
}
