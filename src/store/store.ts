import type {
  DeployedPack,
  Deployment,
  DeploymentPatch,
  DeploymentStatus,
  RollbackPatch,
} from '../domain/deployment.js';
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

export interface DeploymentQuery extends ListQuery {
  /** Deployments that deployed (or asked for) this pack. */
  pack?: string;
  repo_name?: string;
  status?: DeploymentStatus | DeploymentStatus[];
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

  insertDeployment(deployment: Deployment): Promise<void>;
  /** Applies the patch; rejects with NotFoundError for an unknown id. Returns the updated record. */
  updateDeployment(id: string, patch: DeploymentPatch): Promise<Deployment>;
  getDeployment(id: string): Promise<Deployment | undefined>;
  listDeployments(query?: DeploymentQuery): Promise<Deployment[]>;
  /**
   * A `pending` deployment whose confirmation has not expired at `now` (epoch ms) becomes
   * `queued`, once: resolves with it, or undefined when it is not pending (anymore) or expired.
   */
  confirmDeployment(id: string, now: number): Promise<Deployment | undefined>;
  /** `pending` deployments whose confirmation expired at `now` become `expired`. Returns them. */
  expirePendingDeployments(now: number): Promise<Deployment[]>;

  /** Creates or replaces the record of what a pack serves. */
  putDeployedPack(state: DeployedPack): Promise<void>;
  getDeployedPack(pack: string): Promise<DeployedPack | undefined>;
  /** Sorted by pack. */
  listDeployedPacks(): Promise<DeployedPack[]>;
  /**
   * Atomically claims every pack whose rollback fell due at `now` (epoch ms) and is not claimed,
   * or whose claim expired: sets `rollback_state: 'claimed'`, a fresh `rollback_claim` token and
   * `claim_expires_at = now + claimTtlMs`. Each due pack is returned to one caller only.
   */
  claimDueRollbacks(now: number, claimTtlMs: number): Promise<DeployedPack[]>;
  /** Applies a rollback outcome when `claim` still holds the pack; resolves false otherwise. */
  settleRollbackClaim(pack: string, claim: string, patch: RollbackPatch): Promise<boolean>;
}
