import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { CardAction, TurnContext } from 'botbuilder';
import { LEVELS, type CategoryId, type Level } from '../src/catalogue/types';
import { type Lang } from '../src/language/languages';
import { parseAge } from '../src/language/numbers';
import { FACETS, type Facet } from '../src/search/lexicon';
import { DialogIds } from './dialogIds';
import { PAGE_SIZE, type ConversationMemory } from './conversationMemory';
import { button } from './actions';
import { turnInput } from './turnInput';
import type { DialogServices, Replies } from './replies';

type Slot = 'town' | 'age' | 'level' | 'prefs';

export interface GuidedSearchOptions {
  topic: CategoryId;
  lang: Lang;
  townId?: string | null;
}

interface GuidedState {
  topic: CategoryId;
  lang: Lang;
  townId?: string;
  age?: number;
  /** null: asked, and the newcomer does not know their level. */
  level?: Level | null;
  prefs?: Facet[];
  /** Slots in the order they were filled, so "back" undoes the last one. */
  filled: Slot[];
}

const LANGUAGE_TOPICS: readonly CategoryId[] = ['integration-course', 'job-language-course', 'german-course'];
const AGE_TOPICS: readonly CategoryId[] = ['school', 'vocational-training'];
const PREFERENCE_TOPICS: readonly CategoryId[] = [...LANGUAGE_TOPICS, 'language-meetup', 'literacy', 'adult-education'];
const MAIN_TOWNS = ['freiberg', 'doebeln', 'mittweida'];
const LEVEL_CHOICES: readonly Level[] = LEVELS.slice(0, 5);

/** The questions that matter for a topic, in the order they are asked. */
export function slotsFor(topic: CategoryId): Slot[] {
  const slots: Slot[] = ['town'];
  if (AGE_TOPICS.includes(topic)) slots.push('age');
  if (LANGUAGE_TOPICS.includes(topic)) slots.push('level');
  if (PREFERENCE_TOPICS.includes(topic)) slots.push('prefs');
  return slots;
}

/**
 * A topic chosen from the menu, then only the questions that matter for it: town, age for school
 * and training, German level for language courses, wishes (evening, childcare, women only, free).
 * Every step takes free text or a button; "back" undoes the last answer.
 */
export class GuidedSearchDialog extends Dialog<GuidedSearchOptions> {
  constructor(
    private readonly services: DialogServices,
    private readonly replies: Replies,
  ) {
    super(DialogIds.guidedSearch);
  }

  override async beginDialog(dc: DialogContext, options?: GuidedSearchOptions): Promise<DialogTurnResult> {
    const state: GuidedState = { topic: options?.topic ?? 'german-course', lang: options?.lang ?? 'de', filled: [] };
    if (options?.townId) {
      state.townId = options.townId;
      state.filled.push('town');
    }
    dc.activeDialog!.state = state;
    return this.next(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as GuidedState;
    const activity = dc.context.activity;
    const value = activity.value as { action?: string; value?: unknown } | undefined;
    const input = turnInput(dc.context, this.services);
    if (value?.action === 'back' || input.command === 'back') {
      const last = state.filled.pop();
      if (last) delete state[last === 'town' ? 'townId' : last];
      return this.prompt(dc, state);
    }
    const slot = this.nextSlot(state);
    if (!slot) return this.finish(dc, state);
    const chosen = value?.action === 'choose' && typeof value.value === 'string' ? value.value : null;
    const t = this.replies.t(state.lang);
    switch (slot) {
      case 'town': {
        const townId = chosen && this.services.search.towns.has(chosen) ? chosen : input.analysis.townId;
        if (!townId) return this.prompt(dc, state, t('guided.townNotFound'));
        state.townId = townId;
        break;
      }
      case 'age': {
        const age = parseAge(input.text, state.lang);
        if (age === null) return this.prompt(dc, state, t('guided.ageNotUnderstood'));
        state.age = age;
        break;
      }
      case 'level': {
        if (chosen === 'unknown') {
          state.level = null;
          await this.replies.answer(dc.context, 'a-placement-test', state.lang);
        } else {
          const level = (LEVEL_CHOICES as readonly string[]).includes(chosen ?? '') ? (chosen as Level) : input.analysis.levels[0];
          if (!level) return this.prompt(dc, state, t('guided.levelNotUnderstood'));
          state.level = level;
        }
        break;
      }
      case 'prefs': {
        if (chosen === 'none') state.prefs = [];
        else if (chosen && (FACETS as readonly string[]).includes(chosen)) state.prefs = [chosen as Facet];
        else state.prefs = input.analysis.facets;
        break;
      }
    }
    state.filled.push(slot);
    return this.next(dc, state);
  }

  private nextSlot(state: GuidedState): Slot | undefined {
    return slotsFor(state.topic).find((s) => !state.filled.includes(s));
  }

  private async next(dc: DialogContext, state: GuidedState): Promise<DialogTurnResult> {
    return this.nextSlot(state) ? this.prompt(dc, state) : this.finish(dc, state);
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, instance.state as GuidedState);
  }

  private async prompt(dc: DialogContext, state: GuidedState, problem?: string): Promise<DialogTurnResult> {
    if (!this.nextSlot(state)) return this.finish(dc, state);
    await this.ask(dc.context, state, problem);
    return Dialog.EndOfTurn;
  }

  private async ask(context: TurnContext, state: GuidedState, problem?: string): Promise<void> {
    const slot = this.nextSlot(state);
    if (!slot) return;
    const lang = state.lang;
    const t = this.replies.t(lang);
    const choices: CardAction[] = [];
    if (slot === 'town') {
      for (const id of MAIN_TOWNS) choices.push(button(this.services.search.towns.get(id)?.name ?? id, { action: 'choose', value: id }));
    } else if (slot === 'level') {
      for (const level of LEVEL_CHOICES) choices.push(button(level, { action: 'choose', value: level }));
      choices.push(button(t('guided.levelUnknown'), { action: 'choose', value: 'unknown' }));
    } else if (slot === 'prefs') {
      for (const facet of FACETS) choices.push(button(t(`guided.pref.${facet}`), { action: 'choose', value: facet }));
      choices.push(button(t('guided.pref.none'), { action: 'choose', value: 'none' }));
    }
    if (state.filled.length > 0) choices.push(button(t('nav.back'), { action: 'back' }));
    const question = t(`guided.${slot}`);
    await this.replies.text(context, problem ? `${problem}\n\n${question}` : question, lang, choices);
  }

  private async finish(dc: DialogContext, state: GuidedState): Promise<DialogTurnResult> {
    const levels = state.level ? [state.level] : undefined;
    const result = await this.services.ask.ask({
      text: ageHint(state),
      lang: state.lang,
      townId: state.townId,
      categories: [state.topic],
      levels,
      require: state.prefs?.length ? state.prefs : undefined,
      limit: PAGE_SIZE,
      supported: this.services.translator.languages,
    });
    const memory: ConversationMemory = await this.services.memory.get(dc.context, { misses: 0 });
    await this.services.demand?.record({
      lang: state.lang,
      intent: 'guided',
      categories: [state.topic],
      town: state.townId ?? null,
      results: result.offers.length,
      handoff: false,
    });
    if (result.offers.length === 0) {
      await this.replies.text(dc.context, this.replies.t(state.lang)('search.noResults'), state.lang, [this.replies.handoffButton(state.lang)]);
    } else {
      memory.lastQuery = {
        text: ageHint(state),
        townId: state.townId ?? null,
        categories: [state.topic],
        levels,
        require: state.prefs?.length ? state.prefs : undefined,
        offset: PAGE_SIZE,
      };
      await this.replies.offers(dc.context, result);
    }
    await this.services.memory.set(dc.context, memory);
    return dc.endDialog();
  }
}

/**
 * The age steers the ranking through words the catalogue uses: adults looking for school go to
 * the Kolleg (Abitur), children to enrolment and preparatory classes; young people looking for
 * training to preparation years first.
 */
function ageHint(state: GuidedState): string {
  if (state.age === undefined) return '';
  if (state.topic === 'school') return state.age >= 18 ? 'Abitur Kolleg Erwachsene' : 'Schulanmeldung Vorbereitungsklasse Kinder';
  if (state.topic === 'vocational-training') return state.age < 18 ? 'Berufsvorbereitung BVJ Jugendliche' : 'Ausbildung';
  return '';
}
