import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Datastore } from '../datastore/datastore.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { ChangeFeed } from '../store/change-feed.js';

/**
 * Keeps this node's datastore cache (the `st2kv` lookups of templates and criteria) in step with
 * keys written or deleted on other nodes: each announced key is read again; after the feed lost
 * its connection, every key is. A secret learned this way is masked here too.
 */
export async function followDatastoreChanges(deps: {
  changes: ChangeFeed;
  datastore: Datastore;
  secrets: SecretRegistry;
  logger: Logger;
}): Promise<{ unsubscribe(): void }> {
  const { datastore, logger } = deps;
  const failed = (what: string) => (error: unknown) =>
    logger.warn({ err: errorMessage(error) }, `datastore: could not re-read ${what} changed on another node`);
  const stop = await deps.changes.listen('key_value', (payload) => {
    if (!Array.isArray(payload)) {
      datastore.load().catch(failed('every key'));
      return;
    }
    const [scope, key] = payload as unknown[];
    if (typeof scope !== 'string' || typeof key !== 'string') return;
    datastore
      .get(scope, key, { decrypt: true })
      .then((pair) => {
        if (pair?.secret) deps.secrets.add(pair.value);
      })
      .catch(failed(`${scope}/${key}`));
  });
  return { unsubscribe: stop };
}
