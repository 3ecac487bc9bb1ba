import { ActivityHandler, MessageFactory, type ConversationState, type StatePropertyAccessor, type TurnContext, type UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { MainDialog } from '../dialogs/mainDialog';
import { localeLang } from '../src/language/locale';
import type { Translator } from '../src/language/i18n';
import { isLang, type Lang } from '../src/catalogue/types';
import type { UserProfile } from '../dialogs/conversationMemory';
import { button } from '../dialogs/replies';

export interface BotDeps {
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  translator: Translator;
  profile: StatePropertyAccessor<UserProfile>;
  /** Stores a language chosen outside the chat (the page's picker) and confirms it. */
  chooseLanguage: (context: TurnContext, lang: Lang) => Promise<void>;
  /** True while the catalogue holds sample offers: the welcome then says so. */
  hasSampleData: () => boolean;
}

/**
 * The Bot Framework edge: welcomes newcomers, routes every message to the main dialog and
 * saves state once at the end of each turn.
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
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.deps.dialog.run(context, this.dialogState);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.conversationState.saveChanges(context, false);
    await this.deps.userState.saveChanges(context, false);
  }

  private async welcome(context: TurnContext): Promise<void> {
    const profile = await this.deps.profile.get(context, {});
    const lang = profile.lang ?? localeLang(context.activity.locale) ?? 'de';
    const t = this.deps.translator.forLanguage(this.deps.translator.languages.includes(lang) ? lang : 'de');
    const parts = [`**${t('welcome.title')}**`, t('welcome.text')];
    if (this.deps.hasSampleData()) parts.push(`⚠ ${t('welcome.sampleData')}`);
    const reply = MessageFactory.text(parts.join('\n\n'));
    reply.locale = lang;
    reply.suggestedActions = {
      to: [],
      actions: [button(t('nav.menu'), { action: 'menu' }), button(t('nav.language'), { action: 'language' })],
    };
    await context.sendActivity(reply);
  }
}
