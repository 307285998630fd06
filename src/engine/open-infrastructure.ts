import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { EventBus } from '../bus/event-bus.js';
import { createLogger, type Logger } from '../common/logger.js';
import { loadConfig } from '../config/load-config.js';
import type { SquallConfig } from '../config/squall-config.js';
import { openQueues } from '../queue/open-queues.js';
import type { ExecutionQueue, TriggerInstanceQueue } from '../queue/queue.js';
import { setRegexBounds } from '../security/bounded-regex/regex-bounds.js';
import { createStore } from '../store/create-store.js';
import type { Store } from '../store/store.js';
import type { EngineOptions } from './engine-options.js';

/** What every stage stands on: the home's config, a logger, the store, the queue and the bus. */
export interface Infrastructure {
  home: string;
  dataDir: string;
  config: SquallConfig;
  logger: Logger;
  store: Store;
  queue: ExecutionQueue;
  /** Trigger instances to the rules of any process (BullMQ); absent: the bus carries them. */
  triggerQueue: TriggerInstanceQueue | undefined;
  bus: EventBus;
  /** Closes the queue, completes the bus, and closes the store when the engine opened it. */
  close(): Promise<void>;
}

export async function openInfrastructure(options: EngineOptions): Promise<Infrastructure> {
  const home = path.resolve(options.home);
  const dataDir = options.dataDir ?? path.join(home, 'data');
  await mkdir(dataDir, { recursive: true });
  const fileConfig = await loadConfig(home, process.env, options.dataDir ? { dataDir } : {});
  const config: SquallConfig = { ...fileConfig, ...options.config };
  const logger = options.logger ?? createLogger();
  setRegexBounds({ budgetMs: config.regex.budget_ms, coolDownMs: config.regex.cool_down_ms });
  const store = options.store ?? (await createStore(config.store));
  await store.migrate();
  const queues = options.queue ? { executions: options.queue } : await openQueues(config.queue, logger);
  const queue = queues.executions;
  const triggerQueue = queues.triggerInstances;
  const bus = new EventBus();
  return {
    home,
    dataDir,
    config,
    logger,
    store,
    queue,
    triggerQueue,
    bus,
    async close() {
      await queue.close();
      await triggerQueue?.close();
      bus.complete();
      if (!options.store) await store.close();
    },
  };
}
