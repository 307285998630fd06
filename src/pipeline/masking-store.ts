import type { SecretRegistry } from '../security/secret-registry.js';
import type { RecordStore } from '../store/record-store.js';

/**
 * The store as the executor sees it: what an action printed or returned is stored with known secret
 * values masked, so history never holds a secret the action echoed.
 */
export function maskingStore<S extends RecordStore>(store: S, secrets: SecretRegistry): S {
  return Object.assign(Object.create(store) as S, {
    updateExecution: (id: string, patch: Parameters<RecordStore['updateExecution']>[1]) =>
      store.updateExecution(id, secrets.size === 0 ? patch : secrets.mask(patch)),
    transitionExecution: (
      id: string,
      from: Parameters<RecordStore['transitionExecution']>[1],
      patch: Parameters<RecordStore['transitionExecution']>[2],
    ) => store.transitionExecution(id, from, secrets.size === 0 ? patch : secrets.mask(patch)),
  });
}
