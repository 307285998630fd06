import type { SquallConfig } from '../config/squall-config.js';
import type {
  Deployment,
  DeploymentChange,
  DeploymentMode,
  DeploymentNotification,
} from '../domain/deployment.js';
import type { Execution } from '../domain/execution.js';
import type { Logger } from '../common/logger.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { DeploymentStore } from '../store/deployment-store.js';
import type { RecordStore } from '../store/record-store.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { RepositoryConfig } from './repository-config.js';
import type { TestOutcome } from './test-command.js';

/** An execution request as the engine takes it (notifications, rollbacks). */
export interface DeployRunRequest {
  action: string;
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
  parent?: string;
  trace_id?: string;
  renderTemplates?: boolean;
}

/** What deploying needs from the engine. */
export interface DeployDeps {
  home: string;
  config: SquallConfig;
  /** Deployments, and the execution of a deploy action (who asked, its trace). */
  store: DeploymentStore & Pick<RecordStore, 'getExecution'>;
  logger: Logger;
  snapshot(): ContentSnapshot;
  reload(): Promise<ContentSnapshot>;
  /** The `packs` pack config, resolved: defaults applied, encrypted values decrypted. */
  packsConfig(): Promise<Record<string, unknown>>;
  run(request: DeployRunRequest): Promise<Execution>;
  /**
   * Known secrets; deploy adds repository tokens and keys, and masks with it what it records, posts
   * and returns (createDeployService masks its logs).
   */
  secrets: SecretRegistry;
  /** Names of the chat adapters configured; notifications are only recorded without one. */
  chatAdapters(): readonly string[];
  /** Writes `packs_auto_deploy_repositories`, which the bundled auto-deploy rule's criteria read. */
  setSystemKey(key: string, value: string): Promise<void>;
  getSystemKey(key: string): Promise<string | undefined>;
  /** @default Date.now */
  now?: () => number;
  /**
   * In a cluster: deploys and installs touching the same packs run one at a time across every
   * node, not only this one (src/cluster/cluster-lock.ts). @default this process only
   */
  clusterLock?: <T>(keys: readonly string[], work: () => Promise<T>) => Promise<T>;
}

/** One packs.deploy run, from its parameters and who asked. */
export interface DeployRequest {
  repoName: string;
  branch?: string;
  /** Pack refs or folder names; none means every pack of the repository. */
  packs?: string[];
  force: boolean;
  mode: DeploymentMode;
  user: string;
  executionId: string;
  /** auto: the files the push changed, and whether the provider listed them. */
  changedFiles?: string[];
  filesKnown?: boolean;
  /** Confirms this pending deployment (its own parameters are used). */
  confirm?: string;
  /** rollback: the claim token packs.rollback_expired obtained. */
  rollbackClaim?: string;
  signal?: AbortSignal;
}

/** packs.deploy's result (st2's alias templates read `packs`, `repo_url` and `branch`). */
export interface DeployResult {
  deployment: string;
  status: 'succeeded' | 'pending' | 'skipped';
  repo_name: string;
  repo_url: string;
  branch: string;
  commit: string | null;
  packs: string[];
  skipped: { pack: string; reason: string }[];
  changelog: DeploymentChange[];
  rollback_at: string | null;
  test?: TestOutcome;
  notification: DeploymentNotification | null;
  message: string;
  /** For a pending deployment: how to confirm it, and until when. */
  confirm?: { command: string; phrase: string; expires_at: string };
}

/** What a deployment run works with besides its own record. */
export interface RunContext {
  deps: DeployDeps;
  now(): number;
  /** Installs run one at a time: each swaps pack folders and reloads the engine's content. */
  installs: KeyedQueue;
}

/** One deployment once it may run, and what was decided along the way. */
export interface Run {
  deployment: Deployment;
  repo: RepositoryConfig;
  request: DeployRequest;
  details: Record<string, unknown>;
  skipped: { pack: string; reason: string }[];
  test?: TestOutcome;
}

export const AUTO_DEPLOY_KEY = 'packs_auto_deploy_repositories';
