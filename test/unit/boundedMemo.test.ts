import assert from 'node:assert/strict';
import { BoundedMemo } from '../../src/text/boundedMemo';

describe('BoundedMemo', () => {
  it('works a word out once, and starts again instead of growing past its capacity', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo<number>(3);
    const length = (word: string) => (computed.push(word), word.length);
    assert.equal(memo.get('kita', length), 4);
    assert.equal(memo.get('kita', length), 4);
    assert.deepEqual(computed, ['kita']);
    for (const word of ['a', 'bb', 'ccc']) memo.get(word, length);
    assert.equal(memo.get('kita', length), 4);
    assert.deepEqual(computed, ['kita', 'a', 'bb', 'ccc', 'kita'], 'forgotten once full');
    memo.forget('kita');
    memo.get('kita', length);
    assert.deepEqual(computed, ['kita', 'a', 'bb', 'ccc', 'kita', 'kita'], 'worked out again once forgotten');
  });
});
