import type { HistoryConfig } from '../config/squall-config.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import { idFloor } from '../domain/ids.js';
import type { HistoryKind, HistoryStore } from '../store/history-store.js';

const DAY_MS = 86_400_000;
const FIRST_COLLECTION_MS = 60_000;

export interface RetentionStageDeps {
  history: Pick<HistoryStore, 'deleteHistoryBefore'>;
  config: HistoryConfig;
  logger: Logger;
  /** @default Date.now */
  now?: () => number;
}

/** What one collection deleted, by kind. */
export type CollectionReport = Record<HistoryKind, number>;

export interface RetentionStage extends Stage {
  /** Runs one collection now (the timer runs them every `gc_interval_seconds`). */
  collect(): Promise<CollectionReport>;
}

/**
 * StackStorm's garbage collector: every `gc_interval_seconds`, deletes the history older than its
 * time to live, oldest first, `gc_batch_size` rows per statement with a turn of the event loop
 * between statements, so the engine never waits on it. Unfinished executions and pending trigger
 * instances are never deleted (the store's `deleteHistoryBefore` keeps them).
 */
export function createRetentionStage(deps: RetentionStageDeps): RetentionStage {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CollectionReport> | undefined;
  let stopping = false;

  async function deleteOlder(kind: HistoryKind, days: number): Promise<number> {
    if (!(days > 0)) return 0;
    const before = idFloor(now() - days * DAY_MS);
    let total = 0;
    while (!stopping) {
      const deleted = await deps.history.deleteHistoryBefore(kind, before, config.gc_batch_size);
      total += deleted;
      if (deleted < config.gc_batch_size) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return total;
  }

  async function collectOnce(): Promise<CollectionReport> {
    const retention = config.retention_days;
    // Output goes first, then enforcements and executions, then the trigger instances they came from.
    const report: CollectionReport = {
      execution_output: await deleteOlder('execution_output', outputDays(config)),
      enforcements: await deleteOlder('enforcements', retention),
      executions: await deleteOlder('executions', retention),
      trigger_instances: await deleteOlder(
        'trigger_instances',
        config.trigger_instances_retention_days ?? retention,
      ),
    };
    const deleted = Object.values(report).reduce((sum, count) => sum + count, 0);
    if (deleted > 0) logger.info({ deleted: report }, `history retention: deleted ${deleted} old records`);
    return report;
  }

  function collect(): Promise<CollectionReport> {
    running ??= collectOnce().finally(() => (running = undefined));
    return running;
  }

  return {
    name: 'history-retention',
    collect,
    start() {
      stopping = false;
      const tick = (): void => {
        collect().catch((error: unknown) =>
          logger.error(
            { err: errorMessage(error) },
            'history retention: a collection failed; retrying at the next',
          ),
        );
      };
      // The first collection waits (a minute at most) so it never competes with the engine's start.
      const interval = config.gc_interval_seconds * 1000;
      timer = setTimeout(
        () => {
          tick();
          timer = setInterval(tick, interval);
          timer.unref();
        },
        Math.min(interval, FIRST_COLLECTION_MS),
      );
      timer.unref();
      return Promise.resolve();
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}

/** Output is kept at most as long as the executions it belongs to. */
function outputDays(config: HistoryConfig): number {
  const { retention_days: executions, output_retention_days: output } = config;
  return executions > 0 && (output === 0 || output > executions) ? executions : output;
}
