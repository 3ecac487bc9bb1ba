import assert from 'node:assert/strict';
import { readAge } from '../../src/language/ages';
import fs from 'node:fs';
import path from 'node:path';
import { AUDIENCES, isForAge, suitsAge } from '../../src/catalogue/types';
import { toTokens } from '../../src/text/normalize';

describe('an age named in a question', () => {
  const cases: [string, number][] = [
    ['Kita für meine Tochter, sie ist 3', 3],
    ['Kitaplatz, Kind 2 Jahre alt', 2],
    ['mein 3jähriger Sohn', 3],
    ['Sohn 15 J. ist neu aus Syrien', 15],
    ["I'm 19, who helps young newcomers?", 19],
    ['daycare for my 2 year old', 2],
    ['синові 11 років, яка школа?', 11],
    ['мені 19', 19],
    ['сыну 7 лет', 7],
    ['ابني عمره ١٢ سنة', 12],
    ['عمري ١٧ وبدي Ausbildung', 17],
    ['دخترم ۳ سالشه', 3],
  ];
  for (const [text, age] of cases) {
    it(`reads ${age} from "${text}"`, () => assert.equal(readAge(toTokens(text))?.age, age));
  }

  it('takes prices, grades, levels and times for no age', () => {
    for (const text of ['Kosten 2,29 € pro Stunde', 'Hort für Klasse 1–4', 'B1 Kurs in Döbeln', 'Kurs um 18 Uhr', 'Integrationskurs 700 Stunden']) {
      assert.equal(readAge(toTokens(text)), null, text);
    }
  });
});

describe('audiences and ages', () => {
  it('lets an offer for no particular age suit everyone, and an age-bound one only its ages', () => {
    assert.ok(suitsAge([], 3) && suitsAge(['parents', 'asylum-seekers'], 40));
    assert.ok(suitsAge(['young-children', 'parents'], 3));
    assert.ok(!suitsAge(['primary-pupils', 'parents'], 3));
    assert.ok(isForAge(['adults'], 35) && !isForAge(['adults'], 19) && isForAge(['youth'], 19));
    assert.ok(!isForAge(['parents'], 30), 'parents are not an age');
  });
});

describe('the audiences on the admin page', () => {
  it('are the catalogue’s own, with the German labels newcomers see', () => {
    const root = path.resolve(__dirname, '..', '..');
    const admin = fs.readFileSync(path.join(root, 'public', 'admin', 'admin.js'), 'utf8');
    const block = /const AUDIENCES = \[([\s\S]*?)\];/.exec(admin)?.[1] ?? '';
    const pairs = [...block.matchAll(/\['([a-z-]+)', '([^']+)'\]/g)].map((m) => [m[1], m[2]]);
    const german = (JSON.parse(fs.readFileSync(path.join(root, 'data', 'locales', 'de.json'), 'utf8')) as { audience: Record<string, string> }).audience;
    assert.deepEqual(pairs, AUDIENCES.map((a) => [a, german[a]]));
  });
});
