import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { turnInput, interruptionOf } from '../../dialogs/turnInput';
import { CommandRecognizer } from '../../src/ask/commands';
import { loadLexicon } from '../../src/search/lexicon';
import { SearchService } from '../../src/search/searchService';
import { buildCatalogue } from '../helpers/builders';
import { DATA_DIR } from '../helpers/files';

const search = new SearchService(buildCatalogue([], []), loadLexicon(DATA_DIR));
const commands = new CommandRecognizer(search.lexicon);

/** The input of a fresh turn carrying `activity`, and how often the text was analysed for it. */
function read(activity: Partial<Activity>) {
  const context = new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'c' } as never, ...activity });
  let analysed = 0;
  const reader = { commands, search: { analyze: (text: string) => (analysed++, search.analyze(text)) } };
  const first = turnInput(context, reader);
  const again = turnInput(context, reader);
  return { input: first, same: first === again, analysed };
}

describe('turnInput: a message read once', () => {
  it('analyses the text once per turn, however often a step asks for it', () => {
    const { input, same, analysed } = read({ text: 'Deutschkurs abends in Mittweida' });
    assert.ok(same);
    assert.equal(analysed, 1);
    assert.equal(input.analysis.townId, 'mittweida');
    assert.equal(input.command, null);
  });

  it('finds commands in the words of the analysis, however they are typed', () => {
    for (const text of ['Hilfe', '  HILFE!! ', '/hilfe', 'help?']) assert.equal(read({ text }).input.command, 'help', text);
    assert.equal(read({ text: 'Neu starten' }).input.command, 'restart');
    // Only a whole message is a command: this is a question about registering.
    assert.equal(read({ text: 'Ich brauche Hilfe bei der Anmeldung' }).input.command, null);
  });

  it('tells the language a command was typed in, and a language named on its own', () => {
    const erase = read({ text: 'Видалити мої дані' }).input;
    assert.equal(erase.command, 'deleteData');
    assert.equal(erase.commandLang, 'uk');
    assert.equal(interruptionOf(erase), 'deleteData');
    assert.equal(read({ text: 'فارسی' }).input.chosenLang, 'fa');
    assert.equal(read({ text: 'English' }).input.chosenLang, 'en');
  });

  it('never reads a button press as a typed command, even when its label is one', () => {
    const { input } = read({ text: 'Hilfe', value: { action: 'menu' } });
    assert.deepEqual(input.action, { action: 'menu' });
    assert.equal(input.command, null);
    assert.equal(interruptionOf(input), 'menu');
  });
});
