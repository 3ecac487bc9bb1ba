/**
 * A conversation's state is a few kilobytes of JSON that a turn would otherwise stringify three
 * times: to know what it was, to see whether it changed, and to store it. The storage hands the
 * text it read to the state, and the state hands the text it compared to the storage; each text
 * is taken once, so a text never outlives the object as it was.
 */
const readAs = new WeakMap<object, string>();
const writeAs = new WeakMap<object, string>();

export const stateJson = {
  /** The storage read `item` from this JSON (without its eTag). */
  read(item: object, json: string): void {
    readAs.set(item, json);
  },
  takeRead(item: object): string | undefined {
    const json = readAs.get(item);
    readAs.delete(item);
    return json;
  },
  /** `item` is about to be written, and this is its JSON (without its eTag). */
  write(item: object, json: string): void {
    writeAs.set(item, json);
  },
  takeWrite(item: object): string | undefined {
    const json = writeAs.get(item);
    writeAs.delete(item);
    return json;
  },
};
