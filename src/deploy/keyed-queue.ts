/**
 * A first-come, first-served lock over sets of keys: work waits until every earlier request that
 * shares a key with it has finished, so requests for one pack run one at a time in arrival order
 * while requests for other packs run alongside. The key `*` of a scope (`repo:*`) shares with
 * every key of that scope.
 */
export class KeyedQueue {
  #tail = new Map<string, Promise<void>>();
  #scopeTails = new Map<string, Set<Promise<void>>>();

  /** Runs `work` once the earlier holders of any of `keys` are done. */
  async run<T>(keys: readonly string[], work: () => Promise<T>, onQueued?: () => void): Promise<T> {
    const waits = new Set<Promise<void>>();
    for (const key of keys) for (const wait of this.#blockers(key)) waits.add(wait);
    let release = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    for (const key of keys) this.#hold(key, done);
    if (waits.size > 0) {
      onQueued?.();
      await Promise.all(waits);
    }
    try {
      return await work();
    } finally {
      release();
      for (const key of keys) this.#forget(key, done);
    }
  }

  #blockers(key: string): Promise<void>[] {
    const [scope] = splitKey(key);
    const blockers: Promise<void>[] = [];
    const own = this.#tail.get(key);
    if (own) blockers.push(own);
    const wildcard = this.#tail.get(`${scope}:*`);
    if (wildcard && key !== `${scope}:*`) blockers.push(wildcard);
    if (key === `${scope}:*`) blockers.push(...(this.#scopeTails.get(scope) ?? []));
    return blockers;
  }

  #hold(key: string, done: Promise<void>): void {
    this.#tail.set(key, done);
    const [scope] = splitKey(key);
    const set = this.#scopeTails.get(scope) ?? new Set();
    set.add(done);
    this.#scopeTails.set(scope, set);
  }

  #forget(key: string, done: Promise<void>): void {
    if (this.#tail.get(key) === done) this.#tail.delete(key);
    const [scope] = splitKey(key);
    const set = this.#scopeTails.get(scope);
    set?.delete(done);
    if (set?.size === 0) this.#scopeTails.delete(scope);
  }
}

function splitKey(key: string): [string, string] {
  const at = key.lastIndexOf(':');
  return at < 0 ? ['', key] : [key.slice(0, at), key.slice(at + 1)];
}
