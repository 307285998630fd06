import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { Datastore } from './datastore.js';

/**
 * Keeps the engine's secret registry in step with the datastore: every secret value stored now and
 * every one written later is known, so output echoing it is masked.
 */
export async function learnDatastoreSecrets(deps: {
  bus: EventBus;
  datastore: Datastore;
  secrets: SecretRegistry;
  logger: Logger;
}): Promise<Subscription> {
  const { datastore, secrets } = deps;
  for (const pair of await datastore.list(undefined, undefined, { decrypt: true })) {
    if (pair.secret) secrets.add(pair.value);
  }
  return deps.bus.on('datastore.changed').subscribe((change) => {
    if (!change.pair.secret || change.type === 'delete') return;
    datastore
      .get(change.pair.scope, change.pair.key, { decrypt: true })
      .then((pair) => secrets.add(pair?.value))
      .catch((error: unknown) =>
        deps.logger.error(
          { scope: change.pair.scope, key: change.pair.key, err: errorMessage(error) },
          'datastore: a new secret could not be read back for masking',
        ),
      );
  });
}
