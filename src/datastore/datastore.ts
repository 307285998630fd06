import type { KeyValuePair } from '../domain/key-value.js';
import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';
import { ValidationError, errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { KeyValueStore } from '../store/key-value-store.js';
import { createKeyValueCache } from './key-value-cache.js';
import type { SecretBox } from './secret-box.js';

export const MASKED_VALUE = '********';

export interface DatastoreSetOptions {
  /** Store the value encrypted; reads return ciphertext unless they ask to decrypt. */
  secret?: boolean;
  /** Seconds until the key expires (a whole number >= 1). */
  ttlSeconds?: number;
}

export interface DatastoreReadOptions {
  /** Return secret values in clear text. */
  decrypt?: boolean;
}

/** st2's core.st2.key_value_pair.* triggers: a set of an existing key is `update`, plus `value_change` when the value differs. */
export type KeyValueChangeType = 'create' | 'update' | 'delete' | 'value_change';

export interface KeyValueChangeEvent {
  type: KeyValueChangeType;
  /** The pair after the change (for `delete`, the deleted pair); secret values masked. */
  pair: KeyValuePair;
  /** The pair before the change, for `update` and `value_change`; secret values masked. */
  old?: KeyValuePair;
}

export interface DatastoreOptions {
  store: KeyValueStore;
  secretBox: SecretBox;
  /** Called after each committed change. Errors it throws are logged, never returned to the writer. */
  onChange?: (event: KeyValueChangeEvent) => void;
  logger?: Logger;
  /** @default Date.now */
  now?: () => number;
}

export interface Datastore {
  /** Synchronous view for rule matching and templates; secret values stay ciphertext. */
  readonly lookup: KeyValueLookup;
  /** Fills the lookup from the store; call once at start. */
  load(): Promise<void>;
  /** Creates or replaces a key. Resolves with the stored pair, secret value masked. */
  set(scope: string, key: string, value: string, options?: DatastoreSetOptions): Promise<KeyValuePair>;
  get(scope: string, key: string, options?: DatastoreReadOptions): Promise<KeyValuePair | undefined>;
  /** Keys of a scope (or all scopes) by key prefix, sorted; secrets as ciphertext unless decrypted. */
  list(scope?: string, prefix?: string, options?: DatastoreReadOptions): Promise<KeyValuePair[]>;
  /** Resolves true when the key existed. */
  delete(scope: string, key: string): Promise<boolean>;
  /** Decrypts a secret value read through `lookup` (the decrypt_kv filter). */
  decrypt(ciphertext: string): string;
}

const SCOPE = /^(system|user:\S+)$/;

export function maskPair(pair: KeyValuePair): KeyValuePair {
  return pair.secret ? { ...pair, value: MASKED_VALUE } : pair;
}

function checkScope(scope: string): void {
  if (!SCOPE.test(scope)) {
    throw new ValidationError(`datastore: scope "${scope}" is invalid; use "system" or "user:<name>"`, {
      code: 'E_DATASTORE_SCOPE',
    });
  }
}

function checkKey(scope: string, key: string): void {
  checkScope(scope);
  if (key === '' || key.includes('\u0000')) {
    throw new ValidationError(`datastore: key ${JSON.stringify(key)} in ${scope} must be non-empty text`, {
      code: 'E_DATASTORE_KEY',
    });
  }
}

function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds !== undefined && (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)) {
    throw new ValidationError(`datastore: ttl must be a whole number of seconds >= 1, got ${ttlSeconds}`, {
      code: 'E_DATASTORE_TTL',
    });
  }
}

export function createDatastore(options: DatastoreOptions): Datastore {
  const { store, secretBox } = options;
  const now = options.now ?? Date.now;
  const cache = createKeyValueCache(now);
  const chains = new Map<string, Promise<unknown>>();

  /** Writes to one key run one after another, so create/update events come in order. */
  function serial<T>(scope: string, key: string, work: () => Promise<T>): Promise<T> {
    const id = `${scope}\u0000${key}`;
    const result = (chains.get(id) ?? Promise.resolve()).then(work, work);
    // The chain only orders writes: the caller gets `result` and its failure.
    const release = (): void => {
      if (chains.get(id) === settled) chains.delete(id);
    };
    const settled: Promise<void> = result.then(release, release);
    chains.set(id, settled);
    return result;
  }

  function emit(event: KeyValueChangeEvent): void {
    if (!options.onChange) return;
    try {
      options.onChange(event);
    } catch (error) {
      options.logger?.warn(
        { err: error, type: event.type },
        `datastore: onChange failed: ${errorMessage(error)}`,
      );
    }
  }

  function plain(pair: KeyValuePair): string {
    return pair.secret ? secretBox.decrypt(pair.value) : pair.value;
  }

  function reveal(pair: KeyValuePair, readOptions: DatastoreReadOptions | undefined): KeyValuePair {
    return readOptions?.decrypt && pair.secret ? { ...pair, value: secretBox.decrypt(pair.value) } : pair;
  }

  return {
    lookup: { get: (scope, key) => cache.get(scope, key) },

    async load() {
      cache.replace(await store.listKeys());
    },

    async set(scope, key, value, setOptions = {}) {
      checkKey(scope, key);
      checkTtl(setOptions.ttlSeconds);
      if (typeof value !== 'string') {
        throw new ValidationError(`datastore: the value of ${scope}/${key} must be a string`, {
          code: 'E_DATASTORE_VALUE',
        });
      }
      return serial(scope, key, async () => {
        const old = await store.getKey(scope, key);
        const at = now();
        const secret = setOptions.secret === true;
        const pair: KeyValuePair = {
          scope,
          key,
          value: secret ? secretBox.encrypt(value) : value,
          secret,
          expire_at: setOptions.ttlSeconds ? new Date(at + setOptions.ttlSeconds * 1000).toISOString() : null,
          updated_at: new Date(at).toISOString(),
        };
        await store.putKey(pair);
        cache.set(pair);
        if (!old) {
          emit({ type: 'create', pair: maskPair(pair) });
        } else {
          emit({ type: 'update', pair: maskPair(pair), old: maskPair(old) });
          if (old.secret !== secret || plain(old) !== value) {
            emit({ type: 'value_change', pair: maskPair(pair), old: maskPair(old) });
          }
        }
        return maskPair(pair);
      });
    },

    async get(scope, key, readOptions) {
      checkKey(scope, key);
      const pair = await store.getKey(scope, key);
      if (pair) cache.set(pair);
      else cache.delete(scope, key);
      return pair && reveal(pair, readOptions);
    },

    async list(scope, prefix, readOptions) {
      if (scope !== undefined) checkScope(scope);
      const pairs = await store.listKeys(scope, prefix);
      return pairs.map((pair) => reveal(pair, readOptions));
    },

    async delete(scope, key) {
      checkKey(scope, key);
      return serial(scope, key, async () => {
        const old = await store.getKey(scope, key);
        const deleted = await store.deleteKey(scope, key);
        cache.delete(scope, key);
        if (deleted && old) emit({ type: 'delete', pair: maskPair(old) });
        return deleted;
      });
    },

    decrypt: (ciphertext) => secretBox.decrypt(ciphertext),
  };
}
