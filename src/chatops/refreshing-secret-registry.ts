import { createSecretRegistry, type SecretRegistry } from '../security/secret-registry.js';

export interface RefreshingSecretRegistry extends SecretRegistry {
  /** Adds the values `load` returns now; concurrent calls share one load. */
  refresh(): Promise<void>;
}

/**
 * A secret registry fed from a source that changes (secret datastore values), masking with
 * `base` too (the engine's own registry) when given. Values are only ever added: a rotated
 * secret's old value stays masked, since old output may still carry it.
 */
export function createRefreshingSecretRegistry(
  load: () => Promise<Iterable<unknown>>,
  base?: SecretRegistry,
): RefreshingSecretRegistry {
  const registry = createSecretRegistry();
  let loading: Promise<void> | undefined;
  return {
    add: (value) => registry.add(value),
    has: (value) => registry.has(value) || (base?.has(value) ?? false),
    get size() {
      return registry.size + (base?.size ?? 0);
    },
    mask: (value) => (base ? base.mask(registry.mask(value)) : registry.mask(value)),
    refresh() {
      loading ??= load()
        .then((values) => {
          for (const value of values) registry.add(value);
        })
        .finally(() => {
          loading = undefined;
        });
      return loading;
    },
  };
}
