/** Runs tasks one at a time per key (one workflow's steps in order), different keys at once. */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    tail.then(
      () => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      },
      () => undefined,
    );
    return next;
  }

  /** Resolves when nothing is running or waiting (including what is added meanwhile). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
