import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { EventBus } from '../bus/event-bus.js';
import { ValidationError } from '../common/errors.js';
import { createLogger, type Logger } from '../common/logger.js';
import { loadConfig } from '../config/load-config.js';
import type { SquallConfig } from '../config/squall-config.js';
import { createMemoryQueue } from '../queue/drivers/memory.js';
import type { ExecutionQueue } from '../queue/queue.js';
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
  if (config.queue.driver !== 'memory' && !options.queue) {
    throw new ValidationError(
      `squall.yaml: queue.driver "${config.queue.driver}" is not available in this version; remove the queue section (the in-memory queue is used) or pass a queue to createEngine`,
      { code: 'E_CONFIG' },
    );
  }
  const logger = options.logger ?? createLogger();
  const store = options.store ?? (await createStore(config.store));
  await store.migrate();
  const queue =
    options.queue ??
    createMemoryQueue({
      onHandlerError: (error) => logger.error({ err: error }, 'execution handler failed'),
    });
  const bus = new EventBus();
  return {
    home,
    dataDir,
    config,
    logger,
    store,
    queue,
    bus,
    async close() {
      await queue.close();
      bus.complete();
      if (!options.store) await store.close();
    },
  };
}
