import type { TriggerDispatcher } from '../domain/trigger.js';
import type { TriggerType } from '../snapshot/model/trigger-type.js';
import type { Logger } from '../common/logger.js';

/** A trigger (type + parameters) that at least one enabled rule uses. */
export interface TriggerUse {
  type: string;
  parameters: Record<string, unknown>;
  /** Stable key of (type, parameters); equal parameters share one key and one timer/hook/watch. */
  key: string;
}

export interface SensorContext {
  dispatcher: TriggerDispatcher;
  logger: Logger;
}

/**
 * A built-in, in-process sensor for parameterised triggers (timers, file watches, webhooks). The
 * engine diffs the trigger uses of two content snapshots and calls `add`/`remove`, so a timer exists
 * exactly while a rule uses it.
 */
export interface TriggerSensor {
  readonly name: string;
  /** The trigger types this sensor provides. */
  readonly triggerTypes: readonly TriggerType[];
  add(use: TriggerUse): void;
  remove(use: TriggerUse): void;
  /** Stops everything it started. */
  stop(): Promise<void>;
}
