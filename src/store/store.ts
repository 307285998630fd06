import type { ChangeFeed } from './change-feed.js';
import type { ClusterStore } from './cluster-store.js';
import type { ContentStore } from './content-store.js';
import type { DeploymentStore } from './deployment-store.js';
import type { HistoryStore } from './history-store.js';
import type { KeyValueStore } from './key-value-store.js';
import type { RecordStore } from './record-store.js';
import type { WorkflowStore } from './workflow-store.js';

/** What a driver can do beyond the contracts; callers check before relying on it. */
export interface StoreCapabilities {
  /** Writes from several processes are safe (PostgreSQL). SQLite: one process. */
  multiProcess: boolean;
}

/** The part of a store that is about the backend itself rather than a kind of record. */
export interface StoreBackend {
  readonly driver: string;
  readonly capabilities: StoreCapabilities;
  /** Applies pending migrations. Idempotent. */
  migrate(): Promise<void>;
  /** Flushes pending writes and closes connections. */
  close(): Promise<void>;
  /** Changes committed by any process (PostgreSQL); absent: only this process writes. */
  readonly changes?: ChangeFeed;
}

/**
 * Persistence for everything the engine must not lose, one contract per concern. Only the
 * composition root holds the whole Store; each component takes the narrowest contract it uses
 * (the pipeline a RecordStore, the datastore a KeyValueStore, deploy a DeploymentStore). Drivers
 * may group concurrent writes into one transaction; a write resolves once durable.
 */
export interface Store
  extends
    StoreBackend,
    RecordStore,
    KeyValueStore,
    DeploymentStore,
    WorkflowStore,
    HistoryStore,
    ClusterStore,
    ContentStore {}
