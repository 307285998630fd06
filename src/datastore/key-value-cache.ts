import type { KeyValuePair } from '../domain/key-value.js';

/** In-memory copy of the datastore for synchronous lookups; expired entries read as missing. */
export interface KeyValueCache {
  get(scope: string, key: string): string | undefined;
  set(pair: KeyValuePair): void;
  delete(scope: string, key: string): void;
  replace(pairs: readonly KeyValuePair[]): void;
}

interface Entry {
  value: string;
  expireMs: number | null;
}

export function createKeyValueCache(now: () => number): KeyValueCache {
  let entries = new Map<string, Entry>();
  const id = (scope: string, key: string) => `${scope}\u0000${key}`;
  const entry = (pair: KeyValuePair): Entry => ({
    value: pair.value,
    expireMs: pair.expire_at === null ? null : Date.parse(pair.expire_at),
  });

  return {
    get(scope, key) {
      const found = entries.get(id(scope, key));
      if (!found) return undefined;
      if (found.expireMs !== null && !(found.expireMs > now())) {
        entries.delete(id(scope, key));
        return undefined;
      }
      return found.value;
    },
    set(pair) {
      entries.set(id(pair.scope, pair.key), entry(pair));
    },
    delete(scope, key) {
      entries.delete(id(scope, key));
    },
    replace(pairs) {
      entries = new Map(pairs.map((pair) => [id(pair.scope, pair.key), entry(pair)]));
    },
  };
}
