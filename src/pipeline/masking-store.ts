import type { SecretRegistry } from '../security/mask.js';
import type { Store } from '../store/store.js';

/**
 * The store as the executor sees it: what an action printed or returned is stored with known secret
 * values masked, so history never holds a secret the action echoed.
 */
export function maskingStore(store: Store, secrets: SecretRegistry): Store {
  return Object.assign(Object.create(store) as Store, {
    updateExecution: (id: string, patch: Parameters<Store['updateExecution']>[1]) =>
      store.updateExecution(id, secrets.size === 0 ? patch : secrets.mask(patch)),
  });
}
