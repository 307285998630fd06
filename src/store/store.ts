import type { Enforcement } from '../domain/enforcement.js';
import type { Execution, ExecutionPatch, ExecutionStatus } from '../domain/execution.js';
import type { KeyValuePair } from '../domain/key-value.js';
import type { TriggerInstance, TriggerInstanceStatus } from '../domain/trigger.js';

/** Newest first. `limit` defaults to 50; 0 means no limit. */
export interface ListQuery {
  limit?: number;
  offset?: number;
}

export interface ExecutionQuery extends ListQuery {
  action?: string;
  status?: ExecutionStatus | ExecutionStatus[];
  rule?: string;
  trigger_instance?: string;
  parent?: string;
  trace_id?: string;
}

export interface TriggerInstanceQuery extends ListQuery {
  trigger?: string;
  status?: TriggerInstanceStatus;
  trace_id?: string;
}

export interface EnforcementQuery extends ListQuery {
  rule?: string;
  trigger_instance?: string;
  execution?: string;
}

export interface StoreCapabilities {
  /** Writes from several processes are safe (PostgreSQL). SQLite: one process. */
  multiProcess: boolean;
}

/**
 * Persistence for everything the engine must not lose. Writes resolve once durable (drivers may
 * group concurrent writes into one transaction). Records come back as they went in.
 */
export interface Store {
  readonly driver: string;
  readonly capabilities: StoreCapabilities;

  /** Applies pending migrations. Idempotent. */
  migrate(): Promise<void>;
  /** Flushes pending writes and closes connections. */
  close(): Promise<void>;

  insertTriggerInstance(instance: TriggerInstance): Promise<void>;
  setTriggerInstanceStatus(id: string, status: TriggerInstanceStatus, error?: string): Promise<void>;
  getTriggerInstance(id: string): Promise<TriggerInstance | undefined>;
  listTriggerInstances(query?: TriggerInstanceQuery): Promise<TriggerInstance[]>;

  insertEnforcement(enforcement: Enforcement): Promise<void>;
  listEnforcements(query?: EnforcementQuery): Promise<Enforcement[]>;

  insertExecution(execution: Execution): Promise<void>;
  /** Applies the patch; rejects with NotFoundError for an unknown id. Returns the updated record. */
  updateExecution(id: string, patch: ExecutionPatch): Promise<Execution>;
  getExecution(id: string): Promise<Execution | undefined>;
  listExecutions(query?: ExecutionQuery): Promise<Execution[]>;
  /**
   * At start: executions left `running` by a dead process become `abandoned` (with an error saying
   * so and an end time). Returns them.
   */
  abandonRunningExecutions(reason: string): Promise<Execution[]>;

  putKey(pair: KeyValuePair): Promise<void>;
  getKey(scope: string, key: string): Promise<KeyValuePair | undefined>;
  /** All keys of a scope (or every scope), optionally by key prefix; expired keys are left out. */
  listKeys(scope?: string, prefix?: string): Promise<KeyValuePair[]>;
  /** Resolves true when a key was deleted. */
  deleteKey(scope: string, key: string): Promise<boolean>;
}
