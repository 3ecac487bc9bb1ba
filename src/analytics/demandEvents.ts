import type { CategoryId } from '../catalogue/types';
import type { Lang } from '../language/languages';
import type { Database } from '../db/database';

export type EventIntent = 'offers' | 'answer' | 'handoff' | 'greeting' | 'unknown' | 'guided' | 'feedback';

/** One turn as the steering report sees it: what was asked for, where, in which language, with what result. */
export interface DemandEvent {
  lang: Lang;
  intent: EventIntent;
  categories: readonly CategoryId[];
  town: string | null;
  results: number;
  handoff: boolean;
  feedback?: 'helpful' | 'not-helpful';
}

export interface DemandRecorder {
  record(event: DemandEvent): Promise<void>;
}

/** Writes anonymous events: the hour, never the moment; no user, conversation or text. */
export class DemandEvents implements DemandRecorder {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  async record(e: DemandEvent): Promise<void> {
    const iso = new Date(this.now()).toISOString();
    await this.db.run(
      'INSERT INTO demand_events (hour, month, lang, intent, categories, town_id, results, handoff, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [iso.slice(0, 13), iso.slice(0, 7), e.lang, e.intent, [...new Set(e.categories)].join(','), e.town, e.results, e.handoff ? 1 : 0, e.feedback ?? null],
    );
  }
}
