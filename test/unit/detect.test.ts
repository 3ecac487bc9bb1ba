import assert from 'node:assert/strict';
import { LanguageDetector } from '../../src/language/detect';
import { replyLanguage } from '../../src/language/replyLanguage';
import { LANGUAGES } from '../../src/language/languages';

/** The detector alone: which language a short message is answered in. */
describe('LanguageDetector', () => {
  const detector = new LanguageDetector(undefined, ['Döbeln', 'Flöha', 'Großschirma']);
  const lang = (text: string) => detector.detect(text)?.lang;

  it('answers a German word it has never seen in German when it has an umlaut', () => {
    for (const text of ['Quendelflötenkurs Zauberwiese', 'Größenübung Waldschrat', 'Fußpflegeschein']) assert.equal(lang(text), 'de', text);
  });

  it('does not take an umlaut in a town name for German', () => {
    assert.equal(lang('job centre Döbeln opening hours'), 'en');
    assert.equal(lang('courses in Flöha'), 'en');
    assert.equal(lang('Großschirma course'), 'en');
  });

  it('decides by marker words first, and by letters only one language of a script uses', () => {
    assert.equal(lang('Wo gibt es einen Deutschkurs?'), 'de');
    assert.equal(lang('Where can I learn German?'), 'en');
    assert.equal(lang('Де курси німецької?'), 'uk');
    assert.equal(lang('Где курсы немецкого?'), 'ru');
    assert.equal(lang('أين دورة اللغة الألمانية؟'), 'ar');
    assert.equal(lang('کجا کلاس زبان آلمانی هست؟'), 'fa');
  });

  it('lets the conversation, the locale or German decide one or two Latin words without a marker', () => {
    for (const text of ['Zylophonkurs', 'Bewerbungstraining']) {
      const detected = detector.detect(text);
      assert.equal(replyLanguage({ detected }, LANGUAGES).lang, 'de', `${text}: German, the catalogue's language`);
      assert.equal(replyLanguage({ detected, conversation: 'en' }, LANGUAGES).lang, 'en', `${text}: in an English conversation, English`);
      assert.equal(replyLanguage({ detected, locale: 'uk-UA' }, LANGUAGES).lang, 'uk', `${text}: the client's locale`);
    }
    // A marker word still decides at once.
    assert.equal(replyLanguage({ detected: detector.detect('german course') }, LANGUAGES).lang, 'en');
  });

  it('keeps an Arabic question Arabic when it names a German course', () => {
    assert.equal(lang('أين Integrationskurs في Döbeln؟'), 'ar');
  });
});
