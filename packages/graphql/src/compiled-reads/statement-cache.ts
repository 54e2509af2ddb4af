/**
 * The statements compiled for one operation document, by everything the statement depends on
 * besides the document: the operation's name, the caller, the day and the variables. At most
 * `limit` are kept per document, the least recently used going first; the documents themselves
 * are held weakly (Yoga keeps one parsed document per query text while it is in use).
 */
export class StatementCache<Entry> {
  readonly #byDocument = new WeakMap<object, Map<string, Entry>>();

  constructor(readonly limit: number) {}

  get(document: object, key: string): Entry | undefined {
    const entries = this.#byDocument.get(document);
    const entry = entries?.get(key);
    if (entry !== undefined) {
      // Moved to the end: Map keeps insertion order, so the first key is the least recently used.
      entries!.delete(key);
      entries!.set(key, entry);
    }
    return entry;
  }

  set(document: object, key: string, entry: Entry): void {
    let entries = this.#byDocument.get(document);
    if (!entries) {
      entries = new Map();
      this.#byDocument.set(document, entries);
    }
    entries.set(key, entry);
    if (entries.size > this.limit) entries.delete(entries.keys().next().value!);
  }
}
