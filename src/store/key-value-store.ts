import type { KeyValuePair } from '../domain/key-value.js';

/** The datastore's keys (st2kv). A key past its `expire_at` reads as absent. */
export interface KeyValueStore {
  /** Creates or replaces the pair at (scope, key). */
  putKey(pair: KeyValuePair): Promise<void>;
  getKey(scope: string, key: string): Promise<KeyValuePair | undefined>;
  /** All keys of a scope (or every scope), optionally by key prefix, sorted by scope then key. */
  listKeys(scope?: string, prefix?: string): Promise<KeyValuePair[]>;
  /** Resolves true when a live key was deleted. */
  deleteKey(scope: string, key: string): Promise<boolean>;
}
