import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { activityLang } from '../language/locale';
import type { Translator } from '../language/i18n';
import { parseChoiceNumber } from '../language/numbers';
import { renderForChannel, renderingFor, type OfferedChoice } from './channelRendering';

/**
 * Adapts every reply to its channel on the way out (Adaptive Cards, hero cards, or numbered
 * plain text), and on the way in turns "2", "zwei", "٢" or a button's label on channels without
 * real buttons back into the value that button carries. Adaptive Card Action.Submit values
 * arrive in `activity.value` and need nothing.
 */
export class ChannelRenderingMiddleware implements Middleware {
  constructor(
    private readonly offered: StatePropertyAccessor<OfferedChoice[]>,
    private readonly translator: Translator,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const channelId = context.activity.channelId;
    // An Adaptive Card's Action.Submit may carry only { text }: treat it like typed text.
    const submitted = context.activity.value as { text?: unknown } | undefined;
    if (context.activity.type === 'message' && !context.activity.text && typeof submitted?.text === 'string' && Object.keys(submitted).length === 1) {
      context.activity.text = submitted.text;
      context.activity.value = undefined;
    }
    if (context.activity.type === 'message' && context.activity.value === undefined && renderingFor(channelId) !== 'adaptive') {
      await this.pickChoice(context);
    }
    context.onSendActivities(async (ctx, activities, sendNext) => {
      let choices: OfferedChoice[] | null = null;
      activities.forEach((activity, i) => {
        if (activity.type !== 'message') return;
        const t = this.translator.forLanguage(activityLang(activity));
        const rendered = renderForChannel(activity, channelId, { or: t('choice.or'), prompt: t('choice.prompt') });
        activities[i] = rendered.activity as Partial<Activity>;
        if (rendered.choices.length) choices = rendered.choices;
      });
      if (choices) await this.offered.set(ctx, choices);
      return sendNext();
    });
    await next();
  }

  private async pickChoice(context: TurnContext): Promise<void> {
    const offered = await this.offered.get(context, []);
    if (!offered.length) return;
    const text = (context.activity.text ?? '').trim();
    const n = parseChoiceNumber(text);
    const pick = n !== null ? offered[n - 1] : offered.find((c) => c.title.toLowerCase() === text.toLowerCase());
    if (!pick) return;
    context.activity.value = pick.value;
    context.activity.text = pick.title;
  }
}
