/**
 * What a question word stands for, worked out once per word: the same few hundred words
 * ("deutschkurs", "kita", "freiberg") make up most questions, and each look-up compares the word
 * with every lexicon or town word of a similar length. Bounded, so a flood of made-up words
 * costs only the work, not memory: when full it starts again.
 */
export class WordMemo<V> {
  private readonly known = new Map<string, V>();

  constructor(
    private readonly compute: (word: string) => V,
    private readonly capacity = 5000,
  ) {}

  get(word: string): V {
    let value = this.known.get(word);
    if (value === undefined) {
      if (this.known.size >= this.capacity) this.known.clear();
      value = this.compute(word);
      this.known.set(word, value);
    }
    return value;
  }
}
