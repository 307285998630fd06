import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';

/**
 * Starts stages in order. When one fails to start, the ones already started are stopped again and
 * the error is passed on, so a failed start leaves nothing running.
 */
export async function startStages(stages: readonly Stage[], logger: Logger): Promise<void> {
  const started: Stage[] = [];
  for (const stage of stages) {
    try {
      await stage.start();
      started.push(stage);
    } catch (error) {
      logger.error({ stage: stage.name, err: errorMessage(error) }, 'a stage failed to start');
      await stopStages(started, logger);
      throw error;
    }
  }
}

/** Stops stages in reverse order; a stage that fails to stop is logged and the others still stop. */
export async function stopStages(stages: readonly Stage[], logger: Logger): Promise<void> {
  for (const stage of [...stages].reverse()) {
    try {
      await stage.stop();
    } catch (error) {
      logger.error({ stage: stage.name, err: errorMessage(error) }, 'a stage failed to stop');
    }
  }
}
