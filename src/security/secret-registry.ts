import { maskDeep } from './mask.js';

/** Secrets shorter than this are not masked: replacing "a" or "on" everywhere would wreck output. */
export const MIN_SECRET_LENGTH = 4;

/**
 * The secret values known to one engine (secret datastore values once decrypted, secret
 * parameter values, pack config secrets), masked wherever data leaves: API, CLI, logs, chat.
 */
export interface SecretRegistry {
  /** Remembers a secret; strings shorter than MIN_SECRET_LENGTH, and non-strings other than numbers, are ignored. */
  add(value: unknown): void;
  has(value: string): boolean;
  readonly size: number;
  /** A copy of `value` with every known secret and URL credential masked. */
  mask<T>(value: T): T;
}

export function createSecretRegistry(initial: Iterable<unknown> = []): SecretRegistry {
  const secrets = new Set<string>();
  let ordered: string[] | undefined;
  const registry: SecretRegistry = {
    add(value) {
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || text.length < MIN_SECRET_LENGTH || secrets.has(text)) return;
      secrets.add(text);
      ordered = undefined;
    },
    has: (value) => secrets.has(value),
    get size() {
      return secrets.size;
    },
    mask<T>(value: T): T {
      ordered ??= [...secrets];
      return maskDeep(value, ordered) as T;
    },
  };
  for (const value of initial) registry.add(value);
  return registry;
}
