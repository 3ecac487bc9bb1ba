import { ActivityTypes, type Activity, type CardAction } from 'botbuilder';
import { isCategoryId, type CategoryId } from '../src/catalogue/types';
import { isLang, type Lang } from '../src/language/languages';

/** What a button means; carried in `value` so it works whatever its label says. */
export type BotAction =
  | { action: 'more' }
  | { action: 'handoff' }
  | { action: 'endHandoff' }
  | { action: 'deleteData' }
  | { action: 'callback'; handoffId: string }
  | { action: 'keepWaiting' }
  | { action: 'feedback'; helpful: boolean; handoffId?: string }
  | { action: 'menu' }
  | { action: 'back' }
  | { action: 'answer'; answerId: string }
  | { action: 'topic'; category: CategoryId }
  | { action: 'language'; lang?: Lang }
  | { action: 'choose'; value: string };

export function button(title: string, value: BotAction): CardAction {
  return { type: 'messageBack', title, text: title, displayText: title, value };
}

/** Reads what a button meant from `value`; plain-text channels send the label, which the ask pipeline handles. */
export function readAction(activity: Partial<Activity>): BotAction | null {
  if (activity.type !== ActivityTypes.Message) return null;
  const value = activity.value as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return null;
  switch (value.action) {
    case 'more':
    case 'handoff':
    case 'menu':
    case 'back':
    case 'endHandoff':
    case 'keepWaiting':
    case 'deleteData':
      return { action: value.action };
    case 'callback':
      return typeof value.handoffId === 'string' ? { action: 'callback', handoffId: value.handoffId } : null;
    case 'feedback':
      return typeof value.helpful === 'boolean'
        ? { action: 'feedback', helpful: value.helpful, handoffId: typeof value.handoffId === 'string' ? value.handoffId : undefined }
        : null;
    case 'answer':
      return typeof value.answerId === 'string' ? { action: 'answer', answerId: value.answerId } : null;
    case 'topic':
      return isCategoryId(value.category) ? { action: 'topic', category: value.category } : null;
    case 'language':
      return { action: 'language', lang: isLang(value.lang) ? value.lang : undefined };
    case 'choose':
      return typeof value.value === 'string' ? { action: 'choose', value: value.value } : null;
    default:
      return null;
  }
}
