import { filter } from 'rxjs/internal/operators/filter';

import type { EventBus } from '../bus/event-bus.js';
import { NotFoundError, SquallError } from '../common/errors.js';
import { FINAL_STATUSES, type Execution } from '../domain/execution.js';
import type { RecordStore } from '../store/record-store.js';
import type { WaitOptions } from './execution-request.js';

/**
 * Resolves when the execution reaches a final status: from the store if it already has, else from
 * the bus, and, with `waitPollMs` (a runner of another node may run it), from the store again.
 */
export function waitForFinal(
  deps: { bus: EventBus; store: Pick<RecordStore, 'getExecution'>; waitPollMs?: number | undefined },
  id: string,
  options: WaitOptions,
): Promise<Execution> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { signal } = options;
  return new Promise<Execution>((resolve, reject) => {
    let settled = false;
    let poll: NodeJS.Timeout | undefined;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      subscription.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void =>
      settle(() => reject(new SquallError('E_WAIT_ABORTED', `stopped waiting for execution ${id} to end`)));
    const subscription = deps.bus
      .on('execution.updated')
      .pipe(filter((execution) => execution.id === id && FINAL_STATUSES.has(execution.status)))
      .subscribe((execution) => settle(() => resolve(execution)));
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            settle(() =>
              reject(new SquallError('E_TIMEOUT', `execution ${id} did not finish within ${timeoutMs} ms`)),
            );
          }, timeoutMs)
        : undefined;
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const read = (): void => {
      deps.store.getExecution(id).then(
        (stored) => {
          if (stored && FINAL_STATUSES.has(stored.status)) settle(() => resolve(stored));
        },
        () => undefined,
      );
    };
    if (deps.waitPollMs) poll = setInterval(read, deps.waitPollMs);
    deps.store.getExecution(id).then(
      (stored) => {
        if (!stored) {
          settle(() =>
            reject(new NotFoundError(`execution ${id} does not exist`, { code: 'E_UNKNOWN_EXECUTION' })),
          );
        } else if (FINAL_STATUSES.has(stored.status)) {
          settle(() => resolve(stored));
        }
      },
      (error: unknown) => settle(() => reject(error)),
    );
  });
}
