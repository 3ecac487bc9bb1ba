import type { Activity } from 'botbuilder';
import { isLang, type Lang } from './languages';

/** "de-DE" → "de"; unknown or missing locales give undefined. */
export function localeLang(locale: string | undefined): Lang | undefined {
  const base = locale?.split(/[-_]/)[0]?.toLowerCase();
  return isLang(base) ? base : undefined;
}

/** The language an outgoing reply was written in (its locale), German when it has none. */
export function activityLang(activity: Partial<Activity>): Lang {
  return localeLang(activity.locale) ?? 'de';
}
