import type { TurnContext } from 'botbuilder';
import type { Command, CommandRecognizer } from '../src/ask/commands';
import type { Lang } from '../src/language/languages';
import type { QueryAnalysis } from '../src/search/queryAnalyzer';
import { readAction, type BotAction } from './actions';

/** Longer messages are cut: nobody asks for a course in more words, and search cost grows with length. */
export const MAX_MESSAGE_LENGTH = 1000;

/** What the newcomer's message says, read once per turn and handed to every step that needs it. */
export interface TurnInput {
  /** What a pressed button meant; null for typed text. */
  action: BotAction | null;
  /** The typed text, trimmed and cut to MAX_MESSAGE_LENGTH. */
  text: string;
  /** The message was longer than MAX_MESSAGE_LENGTH. */
  tooLong: boolean;
  /** A command typed in any language ("Hilfe", "меню", "/start"); never for a button. */
  command: Command | null;
  /** The language the command was typed in, for the reply to it. */
  commandLang: Lang | null;
  /** A language named on its own ("Deutsch", "فارسی"): the wish to switch to it. */
  chosenLang: Lang | null;
  /** What the text is about: categories, town, levels, wishes, intent cues. */
  analysis: QueryAnalysis;
}

/** What interrupts whatever step is running, in every language and from every button. */
export type Interruption = 'language' | 'deleteData' | 'help' | 'restart' | 'menu' | 'topic' | 'handoff';

export interface TurnReader {
  commands: CommandRecognizer;
  search: { analyze(text: string): QueryAnalysis };
}

const TURN_INPUT = Symbol('turnInput');

/**
 * The turn's input, analysed on first use and kept in the turn state: the bot, the interruption
 * check and the running dialog all read the same value instead of each tokenising the text again.
 */
export function turnInput(context: TurnContext, reader: TurnReader): TurnInput {
  const known = context.turnState.get(TURN_INPUT) as TurnInput | undefined;
  if (known) return known;
  const action = readAction(context.activity);
  const raw = (context.activity.text ?? '').trim();
  const text = raw.slice(0, MAX_MESSAGE_LENGTH);
  // One reading of the words: the commands are looked up in the analysis's tokens.
  const analysis = reader.search.analyze(text);
  const said = action ? { command: null, commandLang: null, chosenLang: null } : reader.commands.read(analysis.tokens);
  const input: TurnInput = { action, text, tooLong: raw.length > MAX_MESSAGE_LENGTH, ...said, analysis };
  context.turnState.set(TURN_INPUT, input);
  return input;
}

/** The one place that decides whether a message interrupts the conversation, and how. */
export function interruptionOf(input: TurnInput): Interruption | null {
  const { action, command } = input;
  if (action?.action === 'language' || command === 'language' || input.chosenLang) return 'language';
  if (action?.action === 'deleteData' || command === 'deleteData') return 'deleteData';
  if (command === 'help') return 'help';
  if (command === 'restart') return 'restart';
  if (command === 'menu' || action?.action === 'menu') return 'menu';
  if (action?.action === 'topic') return 'topic';
  if (action?.action === 'handoff' || (!action && input.analysis.cues.handoff)) return 'handoff';
  return null;
}
