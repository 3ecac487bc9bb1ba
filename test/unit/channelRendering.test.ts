import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { inlineChoices, renderForChannel, renderingFor } from '../../src/channels/channelRendering';
import { parseChoiceNumber } from '../../src/language/numbers';

const strings = { or: 'oder', prompt: 'Antworten Sie mit der Zahl:' };
const reply = (): Partial<Activity> => ({
  type: 'message',
  locale: 'ar',
  text: 'وجدت عروضًا',
  attachments: [CardFactory.heroCard('دورة اندماج', 'Zeiten: Mo–Fr\n\nKosten: 2,29 €', [], [{ type: 'openUrl', title: 'Web', value: 'https://www.vhs-mittelsachsen.de/' }], { subtitle: 'VHS · Döbeln' })],
  suggestedActions: {
    to: [],
    actions: Array.from({ length: 12 }, (_, i) => ({ type: 'messageBack', title: `Option ${i + 1}`, value: { action: 'answer', answerId: `a-${i}` } })),
  },
});

describe('rendering per channel', () => {
  it('knows the channels', () => {
    for (const id of ['webchat', 'directline', 'emulator', 'msteams']) assert.equal(renderingFor(id), 'adaptive', id);
    for (const id of ['telegram', 'facebook', 'line']) assert.equal(renderingFor(id), 'hero', id);
    for (const id of ['sms', 'email', 'whatsapp', 'somethingnew', undefined]) assert.equal(renderingFor(id), 'text', String(id));
  });

  it('turns hero cards into right-to-left Adaptive Cards 1.5 for Web Chat', () => {
    const { activity } = renderForChannel(reply(), 'webchat', strings);
    const card = activity.attachments![0]!;
    assert.equal(card.contentType, 'application/vnd.microsoft.card.adaptive');
    const content = card.content as { version: string; rtl: boolean; body: { text: string }[]; actions: { type: string; url: string }[] };
    assert.equal(content.version, '1.5');
    assert.equal(content.rtl, true);
    assert.equal(content.body[0]!.text, 'دورة اندماج');
    assert.equal(content.actions[0]!.type, 'Action.OpenUrl');
    assert.equal(activity.suggestedActions?.actions.length, 12);
  });

  it('puts the buttons into an Action.Submit card for Teams, which has no suggested actions', () => {
    const { activity } = renderForChannel(reply(), 'msteams', strings);
    assert.equal(activity.suggestedActions, undefined);
    const actions = (activity.attachments!.at(-1)!.content as { actions: { type: string; data: unknown }[] }).actions;
    assert.equal(actions.length, 12);
    assert.deepEqual(actions[1], { type: 'Action.Submit', title: 'Option 2', data: { action: 'answer', answerId: 'a-1' } });
  });

  it('keeps hero cards and at most 10 label buttons for Telegram and Facebook', () => {
    for (const channel of ['telegram', 'facebook']) {
      const { activity, choices } = renderForChannel(reply(), channel, strings);
      assert.equal(activity.attachments![0]!.contentType, 'application/vnd.microsoft.card.hero');
      assert.equal(activity.suggestedActions!.actions.length, 10);
      assert.equal(activity.suggestedActions!.actions[0]!.type, 'imBack');
      assert.equal(choices.length, 10);
    }
  });

  it('writes cards and choices as plain text with short links and a localized "or" for SMS', () => {
    const { activity, choices } = renderForChannel(reply(), 'sms', strings);
    assert.equal(activity.attachments, undefined);
    assert.equal(activity.suggestedActions, undefined);
    assert.match(activity.text!, /• دورة اندماج/);
    assert.match(activity.text!, /vhs-mittelsachsen\.de(?!\/)/);
    assert.doesNotMatch(activity.text!, /https:/);
    assert.match(activity.text!, /11 Option 11 oder 12 Option 12$/);
    assert.equal(choices.length, 12);
    assert.equal(inlineChoices(['A', 'B', 'C'], 'або'), '1 A, 2 B або 3 C');
  });

  it('reads a choice number in every language and numeral system', () => {
    for (const text of ['2', 'zwei', 'two', 'два', 'дві', 'اثنان', 'دو', '٢', '۲', ' 2. ']) assert.equal(parseChoiceNumber(text), 2, text);
    assert.equal(parseChoiceNumber('2 Kinder'), null);
    assert.equal(parseChoiceNumber('Kita'), null);
  });
});
