import type { Logger } from '../common/logger.js';
import type { QueueConfig } from '../config/squall-config.js';
import { createMemoryQueue } from './drivers/memory.js';
import type { ExecutionQueue, TriggerInstanceQueue } from './queue.js';

/** The queues of the pipeline's hops. */
export interface PipelineQueues {
  executions: ExecutionQueue;
  /**
   * Trigger instances on their way to the rules, when rules may run in another process (BullMQ).
   * Absent for the memory queue: the bus carries them inside the process.
   */
  triggerInstances?: TriggerInstanceQueue;
}

export const DEFAULT_QUEUE_PREFIX = 'squall';

/** Opens the configured queues. `bullmq` is loaded only when it is configured. */
export async function openQueues(config: QueueConfig, logger: Logger): Promise<PipelineQueues> {
  if (config.driver === 'memory') {
    return {
      executions: createMemoryQueue({
        onHandlerError: (error) => logger.error({ err: error }, 'execution handler failed'),
      }),
    };
  }
  const { createBullmqQueue } = await import('./drivers/bullmq.js');
  const common = {
    url: config.url,
    prefix: config.prefix ?? DEFAULT_QUEUE_PREFIX,
    ...(config.lock_seconds ? { lockMs: config.lock_seconds * 1000 } : {}),
    onConnectionError: (error: unknown) => logger.error({ err: error }, 'queue: Redis connection error'),
  };
  return {
    executions: createBullmqQueue({
      ...common,
      name: 'executions',
      jobId: (job) => job.executionId,
      onHandlerError: (error, job) =>
        logger.error({ err: error, execution: job.executionId }, 'execution handler failed; retrying'),
    }),
    triggerInstances: createBullmqQueue({
      ...common,
      name: 'trigger-instances',
      jobId: (instance) => instance.id,
      onHandlerError: (error, instance) =>
        logger.error(
          { err: error, trigger_instance: instance.id },
          'matching a trigger instance failed; retrying',
        ),
    }),
  };
}
