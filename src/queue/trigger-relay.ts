import type { Subscription } from 'rxjs';
import { filter } from 'rxjs/internal/operators/filter';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { TriggerInstanceQueue } from './queue.js';

/**
 * Puts every trigger instance stored in this process and waiting to be matched on the queue the
 * rules of every process consume. One that fails to reach the queue stays `pending` in the store
 * and is queued again when a rules process starts.
 */
export function relayTriggerInstances(
  bus: EventBus,
  queue: TriggerInstanceQueue,
  logger: Logger,
): Subscription {
  return bus
    .on('trigger.instance')
    .pipe(filter((instance) => instance.status === 'pending'))
    .subscribe((instance) => {
      queue
        .enqueue(instance)
        .catch((error: unknown) =>
          logger.error(
            { trigger_instance: instance.id, err: errorMessage(error) },
            'could not queue a trigger instance for the rules; it stays pending until a rules process starts',
          ),
        );
    });
}
