import assert from 'node:assert/strict';
import { WordMemo } from '../../src/text/wordMemo';

describe('WordMemo', () => {
  it('works a word out once, and starts again instead of growing past its capacity', () => {
    const computed: string[] = [];
    const memo = new WordMemo((word) => (computed.push(word), word.length), 3);
    assert.equal(memo.get('kita'), 4);
    assert.equal(memo.get('kita'), 4);
    assert.deepEqual(computed, ['kita']);
    for (const word of ['a', 'bb', 'ccc']) memo.get(word);
    assert.equal(memo.get('kita'), 4);
    assert.deepEqual(computed, ['kita', 'a', 'bb', 'ccc', 'kita'], 'forgotten once full');
  });
});
