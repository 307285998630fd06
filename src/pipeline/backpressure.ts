import { SquallError } from '../common/errors.js';
import type { DispatchOptions, TriggerDispatcher, TriggerInstance } from '../domain/trigger.js';
import type { ExecutionQueue } from '../queue/queue.js';

export interface BackpressureSettings {
  /** Trigger instances being matched plus executions waiting for a runner, at most. */
  max_backlog: number;
  /** A webhook over the limit: `reject` answers at once, `wait` holds the request until there is room. */
  webhooks: 'reject' | 'wait';
  /** Seconds a waiting webhook is held before it is refused after all. */
  max_wait: number;
  retry_after: number;
  status: 429 | 503;
}

export const DEFAULT_BACKPRESSURE: BackpressureSettings = {
  max_backlog: 10_000,
  webhooks: 'reject',
  max_wait: 30,
  retry_after: 1,
  status: 503,
};

/** The pipeline is full: the event was refused before it was stored (nothing to lose, retry later). */
export class SaturatedError extends SquallError {
  readonly status: 429 | 503;
  readonly retryAfterSeconds: number;
  constructor(message: string, status: 429 | 503, retryAfterSeconds: number) {
    super('E_SATURATED', message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface BackpressureNeeds {
  settings: BackpressureSettings;
  /** Trigger instances taken by the rules stage and not yet matched and enforced. */
  matching: () => number;
  /** Executions waiting for a runner; counted only when the queue keeps them in this heap. */
  queue: ExecutionQueue;
}

export interface Backpressure {
  /** The backlog held in this process now, admitted dispatches included. */
  backlog(): Promise<number>;
  /** Wraps a dispatcher: a dispatch waits (or, for a webhook set to `reject`, is refused) while full. */
  gate(dispatcher: TriggerDispatcher): TriggerDispatcher;
}

const WAIT_POLL_MS = 5;

/**
 * Bounds what waits in memory between ingress and the runners. An event is admitted only while the
 * backlog is under `max_backlog`; admission reserves a place synchronously, so a burst of
 * concurrent requests cannot all slip past one check. Admitted events are stored before they are
 * acknowledged, as always: a refused one was never accepted, an accepted one is never dropped.
 * With a durable queue (BullMQ) waiting executions are in Redis, not in this heap, and not counted.
 */
export function createBackpressure(needs: BackpressureNeeds): Backpressure {
  const { settings } = needs;
  let admitted = 0;
  const queued = async (): Promise<number> =>
    needs.queue.capabilities.durable ? 0 : (await needs.queue.depth()).waiting;
  const backlog = async (): Promise<number> => {
    const waiting = await queued(); // first: the counts below are then read in the same tick
    return admitted + needs.matching() + waiting;
  };

  const admit = async (trigger: string, options: DispatchOptions): Promise<void> => {
    const webhook = options.source === 'webhook';
    const deadline = webhook ? Date.now() + settings.max_wait * 1000 : Infinity;
    for (;;) {
      // Read and reserve in one synchronous step after the await.
      const waiting = await queued();
      if (admitted + needs.matching() + waiting < settings.max_backlog) {
        admitted++;
        return;
      }
      if ((webhook && settings.webhooks === 'reject') || Date.now() >= deadline) {
        throw new SaturatedError(
          `the pipeline is full (${settings.max_backlog} events and executions waiting, ` +
            `backpressure.max_backlog); ${trigger} was not accepted: retry after ${settings.retry_after} s`,
          settings.status,
          settings.retry_after,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  };

  return {
    backlog,
    gate: (dispatcher) => ({
      async dispatch(trigger, payload, options = {}): Promise<TriggerInstance> {
        await admit(trigger, options);
        try {
          // Once it resolves the instance is on the bus and counted by the rules stage instead.
          return await dispatcher.dispatch(trigger, payload, options);
        } finally {
          admitted--;
        }
      },
    }),
  };
}
