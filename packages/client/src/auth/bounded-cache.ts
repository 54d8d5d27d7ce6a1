/** A Map that keeps the `limit` most recently used entries and drops the rest. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  getOrCreate(key: K, create: () => V): V {
    const found = this.#entries.get(key);
    if (found !== undefined) {
      // Re-inserting moves the key to the end of the Map's order: most recently used last.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found;
    }
    const created = create();
    this.#entries.set(key, created);
    if (this.#entries.size > this.#limit) {
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
    return created;
  }

  get size(): number {
    return this.#entries.size;
  }
}
