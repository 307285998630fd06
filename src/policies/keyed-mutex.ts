/** Runs work one at a time per key, in arrival order; other keys run in parallel. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    tail
      .then(() => {
        if (this.#tails.get(key) === tail) this.#tails.delete(key);
      })
      .catch(() => undefined);
    return result;
  }
}
