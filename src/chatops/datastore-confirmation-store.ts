import type { Datastore } from '../datastore/datastore.js';
import type { ConfirmationStore, PendingConfirmation } from './pending-confirmations.js';

/** Datastore keys (scope `system`) holding pending confirmations. */
export const CONFIRMATION_KEY_PREFIX = 'squall.chatops.confirmation.';

/**
 * Pending confirmations as encrypted datastore keys with a TTL: they survive a restart, are shared
 * by every process on the same store, and a CLI run can confirm what an earlier run asked. The
 * payload (the cast parameters) may hold secrets, hence `secret: true`.
 */
export function createDatastoreConfirmationStore<T>(
  datastore: Pick<Datastore, 'set' | 'get' | 'delete'>,
  now: () => number = Date.now,
): ConfirmationStore<T> {
  const key = (code: string) => `${CONFIRMATION_KEY_PREFIX}${code}`;
  return {
    async put(confirmation) {
      const ttlSeconds = Math.max(1, Math.ceil((confirmation.expires_at - now()) / 1000));
      await datastore.set('system', key(confirmation.code), JSON.stringify(confirmation), {
        secret: true,
        ttlSeconds,
      });
    },
    async get(code) {
      if (!/^[0-9a-z]+$/.test(code)) return undefined;
      const pair = await datastore.get('system', key(code), { decrypt: true });
      return pair === undefined ? undefined : (JSON.parse(pair.value) as PendingConfirmation<T>);
    },
    async delete(code) {
      await datastore.delete('system', key(code));
    },
    // Keys carry a TTL: the store drops them when they expire.
    deleteExpired: async () => undefined,
  };
}
