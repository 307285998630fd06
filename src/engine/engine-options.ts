import type { SquallConfig } from '../config/squall-config.js';
import type { Logger } from '../common/logger.js';
import type { ExecutionQueue } from '../queue/queue.js';
import type { Role } from './roles.js';
import type { TriggerSensor } from '../sensors/sensor.js';
import type { Store } from '../store/store.js';

export interface EngineOptions {
  /** The install's folder: `packs/`, `rules/`, `sensors/`, `configs/`, `squall.yaml` and `data/`. */
  home: string;
  /** @default `<home>/data` */
  dataDir?: string;
  /** Overrides `<home>/squall.yaml`. */
  config?: Partial<SquallConfig>;
  /** An already-open store; the engine then does not close it. @default the configured driver */
  store?: Store;
  /** @default the configured driver (in memory) */
  queue?: ExecutionQueue;
  logger?: Logger;
  /** Folders of packs shipped with Squall. @default `<package>/packs` */
  bundledPacksDirs?: string[];
  /** Start the built-in sensors (timers, file watchers). @default true */
  sensors?: boolean;
  /** Connect the chat adapters configured under `chatops:`. @default the value of `sensors` */
  chatAdapters?: boolean;
  /** Reload content when files under packs/, rules/, sensors/ or configs/ change. @default false */
  watch?: boolean;
  /** What this process does in a cluster (docs/scaling.md). @default every role */
  roles?: readonly Role[];
  /** Executions run at once by this process. @default executions.concurrency in squall.yaml */
  concurrency?: number;
  /** Extra in-process trigger sensors (for embedding). */
  extraSensors?: TriggerSensor[];
}
