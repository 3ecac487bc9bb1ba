import { ActivityHandler, MessageFactory, type Activity, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';
import { interruptionOf } from '../dialogs/turnInput';
import type { Translator } from '../src/language/i18n';
import { isLang, type Lang } from '../src/language/languages';
import { remember, type ConversationMemory } from '../dialogs/conversationMemory';
import { DialogIds } from '../dialogs/dialogIds';
import { ERASED } from '../dialogs/deleteDataDialog';
import { button } from '../dialogs/actions';
import type { HandoffService } from '../src/handoff/handoffService';
import type { Handoff } from '../src/handoff/types';
import { shortReply } from '../src/language/shortReplies';
import { plainFromMarkdown } from '../src/text/markup';
import { conversationKey } from './handoffDesk';
import { feedbackButtons } from './newcomerNotifier';

export interface BotDeps {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  translator: Translator;
  memory: StatePropertyAccessor<ConversationMemory>;
  handoffs: HandoffService;
  /** Stores a language chosen outside the chat (the page's picker) and confirms it. */
  chooseLanguage: (context: TurnContext, lang: Lang) => Promise<void>;
  /** True while the catalogue holds sample offers: the welcome then says so. */
  hasSampleData: () => boolean;
}

/** Longest message relayed to an advisor; a chat line, not a document. */
const MAX_RELAYED_LENGTH = 2000;

/**
 * The Bot Framework edge: welcomes newcomers, and sends every message either to the dialogs or,
 * while a person has taken over, to that person (the bot itself stays silent). Saves state once
 * at the end of each turn.
 */
export class BildungslotseBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: BotDeps) {
    super();
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== botId) await this.welcome(context);
      }
      await next();
    });

    this.onEvent(async (context, next) => {
      const { name, value } = context.activity;
      if (name === 'setLanguage' && isLang(value)) await this.deps.chooseLanguage(context, value);
      if (name === 'handoff.status') await this.hubStatus(context, value);
      if (name === 'offerContext' && typeof value === 'string') await this.deps.dialog.showOffer(context, value, await this.lang(context));
      await next();
    });

    this.onMessage(async (context, next) => {
      const open = await this.deps.handoffs.openFor(conversationKey(context.activity));
      if (open && !(await this.isOwnStep(context))) {
        await this.relay(context, open);
      } else {
        await this.rememberTurn(context);
        await this.deps.dialog.run(context, this.dialogState);
      }
      await next();
    });
  }

  /** Invokes this bot does not use (Teams task modules, search extensions...) are acknowledged and ignored. */
  protected override async onInvokeActivity(context: TurnContext): Promise<{ status: number; body?: unknown }> {
    const handled = await super.onInvokeActivity(context).catch(() => ({ status: 501 }));
    return handled.status === 501 ? { status: 200 } : handled;
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // After "delete my data" nothing may be written back for this newcomer.
    if (context.turnState.get(ERASED)) return;
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  /**
   * Messages the bot answers itself while a handoff is open: the handoff's own questions, the
   * deletion's confirmation, and "delete my data", which goes to the bot, not to the advisor.
   * Asked only then: finding the running dialog builds a dialog context, on every turn otherwise.
   */
  private async isOwnStep(context: TurnContext): Promise<boolean> {
    if (interruptionOf(this.deps.dialog.input(context)) === 'deleteData') return true;
    const active = await this.deps.dialog.activeDialogId(context, this.dialogState);
    return active === DialogIds.handoff || active === DialogIds.deleteData;
  }

  /** While a handoff is open, messages go to the advisor; only "end" and the callback buttons reach the bot. */
  private async relay(context: TurnContext, handoff: Handoff): Promise<void> {
    const t = this.deps.translator.forLanguage(handoff.language);
    const { action, analysis } = this.deps.dialog.input(context);
    const text = (context.activity.text ?? '').trim();
    if (action?.action === 'endHandoff' || (!action && shortReply(analysis.tokens) === 'end')) {
      const closed = await this.deps.handoffs.endByNewcomer(handoff);
      if (closed) await this.say(context, handoff.language, `${t('handoff.ended.byNewcomer')}\n\n${t('handoff.feedback.question')}`, feedbackButtons(this.deps.translator, closed));
      return;
    }
    if (action?.action === 'callback' && handoff.status === 'waiting') {
      await this.deps.dialog.beginCallback(context, this.dialogState, { lang: handoff.language, waitingId: handoff.id, townId: handoff.town, topic: handoff.topic });
      return;
    }
    if (action?.action === 'keepWaiting') {
      await this.say(context, handoff.language, t('handoff.callback.keepWaiting'), [button(t('actions.endHandoff'), { action: 'endHandoff' })]);
      return;
    }
    // An external agent hub relays the chat itself; the bot only keeps quiet.
    if (handoff.mode === 'protocol') return;
    const attachments = context.activity.attachments?.length ?? 0;
    const relayed = [text.slice(0, MAX_RELAYED_LENGTH), attachments ? `[${t('handoff.attachmentNotRelayed')}]` : ''].filter(Boolean).join('\n');
    if (!relayed) return;
    const first = handoff.status === 'waiting' && (await this.deps.handoffs.isFirstUserMessage(handoff));
    await this.deps.handoffs.userMessage(handoff, relayed);
    if (attachments) await this.say(context, handoff.language, t('handoff.attachmentNotRelayed'));
    else if (first) await this.say(context, handoff.language, t('handoff.waitingNote'), [button(t('actions.endHandoff'), { action: 'endHandoff' })]);
  }

  /** handoff.status from a channel's agent hub (protocol mode). */
  private async hubStatus(context: TurnContext, value: unknown): Promise<void> {
    if (this.deps.handoffs.settings.mode !== 'protocol') return;
    const state = (value as { state?: unknown } | undefined)?.state;
    if (state !== 'accepted' && state !== 'completed' && state !== 'failed') return;
    const open = await this.deps.handoffs.openFor(conversationKey(context.activity));
    if (!open) return;
    const updated = await this.deps.handoffs.hubStatus(open, state);
    if (!updated || state === 'accepted') return;
    const t = this.deps.translator.forLanguage(open.language);
    if (state === 'completed') {
      await this.say(context, open.language, `${t('handoff.ended.byAdvisor')}\n\n${t('handoff.feedback.question')}`, feedbackButtons(this.deps.translator, updated));
    } else {
      await this.say(context, open.language, t('handoff.hubFailed'), [button(t('nav.menu'), { action: 'menu' })]);
    }
  }

  /** Keeps the last lines of the chat (question and the bot's reply) for a later handoff. */
  private async rememberTurn(context: TurnContext): Promise<void> {
    const memory = await this.deps.memory.get(context, { misses: 0 });
    const at = new Date().toISOString();
    if (context.activity.text) remember(memory, { from: 'user', text: context.activity.text, at });
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) if (a.type === 'message') remember(memory, { from: 'bot', text: summarize(a), at: new Date().toISOString() });
      return next();
    });
  }

  private lang(context: TurnContext): Promise<Lang> {
    return this.deps.dialog.conversationLang(context);
  }

  private async say(context: TurnContext, lang: Lang, text: string, actions: ReturnType<typeof button>[] = []): Promise<void> {
    const reply = MessageFactory.text(text);
    reply.locale = lang;
    if (actions.length) reply.suggestedActions = { to: [], actions };
    await context.sendActivity(reply);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const lang = await this.lang(context);
    const t = this.deps.translator.forLanguage(lang);
    const parts = [`**${t('welcome.title')}**`, t('welcome.text')];
    if (this.deps.hasSampleData()) parts.push(`⚠ ${t('welcome.sampleData')}`);
    const reply = MessageFactory.text(parts.join('\n\n'));
    // The bold title is Markdown of our own, from our own strings only: the one message the
    // channel rendering passes on as it is instead of escaping it.
    reply.textFormat = 'markdown';
    reply.locale = lang;
    reply.suggestedActions = {
      to: [],
      actions: [button(t('nav.menu'), { action: 'menu' }), button(t('nav.language'), { action: 'language' })],
    };
    await context.sendActivity(reply);
  }
}

/**
 * A bot reply as one transcript line: its text and the titles of its cards. It sees replies as
 * rendered for the channel, so Markdown (message text so marked, Adaptive Card TextBlocks) is
 * turned back into the plain text the newcomer read.
 */
function summarize(activity: Partial<Activity>): string {
  const titles = (activity.attachments ?? []).map((a) => cardTitle(a.content)).filter(Boolean);
  const text = activity.textFormat === 'markdown' ? plainFromMarkdown(activity.text ?? '') : (activity.text ?? '');
  return [text, titles.length ? `[${titles.join('; ')}]` : ''].filter(Boolean).join(' ');
}

function cardTitle(content: unknown): string {
  if (!content || typeof content !== 'object') return '';
  const card = content as { title?: unknown; body?: unknown[]; items?: unknown[]; columns?: unknown[]; type?: string; text?: unknown };
  if (typeof card.title === 'string') return card.title;
  if (card.type === 'TextBlock' && typeof card.text === 'string') return plainFromMarkdown(card.text);
  for (const child of [...(card.body ?? []), ...(card.items ?? []), ...(card.columns ?? [])]) {
    const found = cardTitle(child);
    if (found) return found;
  }
  return '';
}
