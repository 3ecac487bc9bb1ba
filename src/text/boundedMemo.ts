/**
 * Values worked out once per key, within a bound: what a question word stands for (the same few
 * hundred words make up most questions), a translated string, a client for a service URL. Keys
 * can come from outside (made-up words, values typed, service URLs named by a sender), so when
 * full it starts again: a flood of new keys costs only the work, not memory.
 */
export class BoundedMemo<V> {
  private readonly known = new Map<string, V>();

  constructor(private readonly capacity = 5000) {}

  get(key: string, compute: (key: string) => V): V {
    let value = this.known.get(key);
    if (value === undefined) {
      if (this.known.size >= this.capacity) this.known.clear();
      value = compute(key);
      this.known.set(key, value);
    }
    return value;
  }

  forget(key: string): void {
    this.known.delete(key);
  }
}
