import { toTokens } from '../text/normalize';

/**
 * Yes, no and "end the chat" as people type them when they ignore the buttons. Only a whole
 * message counts, so "nein, ich meine Freiberg" is not a no.
 */
const WORDS = {
  yes: [
    'ja', 'jo', 'klar', 'gerne', 'gern', 'ok', 'okay', 'einverstanden', 'yes', 'yeah', 'yep', 'sure', 'please',
    'так', 'добре', 'гаразд', 'звісно', 'да', 'хорошо', 'ладно', 'конечно', 'согласен', 'согласна',
    'نعم', 'أجل', 'اجل', 'حسنا', 'موافق', 'طيب', 'بله', 'آره', 'اره', 'باشه', 'موافقم', 'حتما',
  ],
  no: [
    'nein', 'nee', 'ne', 'no', 'nope', 'no thanks', 'nein danke', 'ні', 'нi', 'не треба', 'нет', 'не надо', 'لا', 'كلا', 'لا شكرا',
    'نه', 'خیر', 'نه ممنون', 'нет спасибо', 'ні дякую',
  ],
  end: [
    'ende', 'beenden', 'chat beenden', 'tschüss', 'end', 'end chat', 'stop', 'bye', 'кінець', 'завершити', 'завершить',
    'конец', 'закончить', 'إنهاء', 'انهاء', 'انهاء المحادثة', 'إنهاء المحادثة', 'پایان', 'پایان گفتگو', 'تمام',
  ],
} as const;

export type ShortReply = keyof typeof WORDS;

const phrase = (text: string) => toTokens(text).join(' ');
const table = new Map<string, ShortReply>();
for (const [kind, words] of Object.entries(WORDS) as [ShortReply, readonly string[]][]) for (const w of words) table.set(phrase(w), kind);

/** What a whole message says, from its words as `toTokens` reads them (the turn's analysis has them). */
export function shortReply(words: readonly string[]): ShortReply | null {
  return table.get(words.join(' ')) ?? null;
}
