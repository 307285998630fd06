import { ValidationError } from '../common/errors.js';
import type { Store } from './store.js';

export type StoreConfig =
  | {
      driver: 'sqlite';
      path: string;
      /**
       * Run SQLite in a worker thread, so statements, fsyncs and WAL checkpoints never block the
       * event loop (HTTP, timers, sensors) while a group commit is written. `false` keeps it in
       * this thread.
       * @default true
       */
      worker?: boolean;
    }
  | {
      driver: 'postgres';
      url: string;
      /** PostgreSQL schema holding Squall's tables. @default 'public' */
      schema?: string;
    };

/**
 * Opens the configured store and applies pending migrations. Drivers load lazily, so `pg` is only
 * required when the postgres driver is used.
 */
export async function createStore(config: StoreConfig): Promise<Store> {
  let store: Store;
  if (config.driver === 'sqlite') {
    if (config.worker === false) {
      const { createSqliteStore } = await import('./drivers/sqlite.js');
      store = createSqliteStore({ path: config.path });
    } else {
      const { createSqliteWorkerStore } = await import('./drivers/sqlite-worker.js');
      store = await createSqliteWorkerStore({ path: config.path });
    }
  } else if (config.driver === 'postgres') {
    const { createPostgresStore } = await import('./drivers/postgres.js');
    store = await createPostgresStore({
      url: config.url,
      ...(config.schema ? { schema: config.schema } : {}),
    });
  } else {
    const driver = (config as { driver: unknown }).driver;
    throw new ValidationError(`store: unknown driver ${JSON.stringify(driver)}; use "sqlite" or "postgres"`, {
      code: 'E_STORE_DRIVER',
    });
  }
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
