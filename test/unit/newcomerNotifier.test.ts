import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { BotNewcomerNotifier } from '../../bots/newcomerNotifier';
import { createTranslator } from '../../src/language/i18n';
import type { Handoff } from '../../src/handoff/types';
import { DATA_DIR } from '../helpers/files';

describe('messages pushed to the newcomer', () => {
  it('keeps an advisor’s German inside an Arabic or Farsi bubble in its own order', async () => {
    const sent: Partial<Activity>[] = [];
    const repository = { reference: async () => ({ channel: 'local', reference: {} }) };
    const notifier = new BotNewcomerNotifier(repository as never, await createTranslator(DATA_DIR, { strict: true }), async (_channel, _reference, activity) => {
      sent.push(activity);
    });
    const handoff = (language: Handoff['language']) => ({ id: 'h1', language, acceptedByName: 'Layla', channel: 'local', reference: {} }) as unknown as Handoff;
    await notifier.advisorMessage(handoff('ar'), 'Wie kann ich helfen, Sie?');
    await notifier.advisorMessage(handoff('uk'), 'Wie kann ich helfen, Sie?');
    assert.equal(sent[0]!.text, 'Layla: \u2068Wie kann ich helfen, Sie?\u2069', 'isolated: a first-strong isolate keeps "Sie?" from becoming "?Sie"');
    assert.equal(sent[1]!.text, 'Layla: Wie kann ich helfen, Sie?', 'left-to-right languages need no isolate');
  });
});
