import type { StoreItem } from 'botbuilder';

/**
 * A conversation's state is a few kilobytes of JSON that a turn would otherwise stringify three
 * times: to know what it was, to see whether it changed, and to store it. The storage hands the
 * text it read to the state, and the state hands the text it compared to the storage; each text
 * is taken once, so a text never outlives the object as it was.
 */
class HandedJson {
  private readonly texts = new WeakMap<object, string>();

  give(item: object, json: string): void {
    this.texts.set(item, json);
  }

  take(item: object): string | undefined {
    const json = this.texts.get(item);
    this.texts.delete(item);
    return json;
  }
}

/** The storage read the item from this JSON. */
export const readJson = new HandedJson();
/** The item is about to be written, and this is its JSON. */
export const writeJson = new HandedJson();

/** The state as stored: its JSON without the eTag, which only the storage reads. */
export function storedJson(item: StoreItem): string {
  const { eTag: _eTag, ...value } = item;
  return JSON.stringify(value);
}
