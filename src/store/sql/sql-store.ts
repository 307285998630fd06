import type { Store, StoreBackend } from '../store.js';
import type { SqlConnection } from './sql-connection.js';
import { sqlClusterStore } from './sql-cluster-store.js';
import { sqlContentStore } from './sql-content-store.js';
import { sqlDeploymentStore } from './sql-deployment-store.js';
import { sqlHistoryStore } from './sql-history-store.js';
import { sqlKeyValueStore } from './sql-key-value-store.js';
import { sqlRecordStore } from './sql-record-store.js';
import { sqlWorkflowStore } from './sql-workflow-store.js';

/** A whole Store from a SQL driver's backend part and its connection: each contract's SQL, once. */
export function sqlStore(backend: StoreBackend, connection: SqlConnection): Store {
  return {
    ...backend,
    ...sqlRecordStore(connection),
    ...sqlKeyValueStore(connection),
    ...sqlDeploymentStore(connection),
    ...sqlWorkflowStore(connection),
    ...sqlHistoryStore(connection),
    ...sqlClusterStore(connection),
    ...sqlContentStore(connection),
  };
}
