import type { InternalAction } from '../actions/runners/internal.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ClusterStatusView } from '../cluster/cluster-status.js';
import type { ChatopsRuntime } from '../chatops/chatops-runtime.js';
import type { Logger } from '../common/logger.js';
import type { SquallConfig } from '../config/squall-config.js';
import type { Datastore } from '../datastore/datastore.js';
import type { Execution } from '../domain/execution.js';
import type { DispatchOptions, TriggerInstance } from '../domain/trigger.js';
import type { EngineHealth } from './engine-health.js';
import type { ExecutionRequest, WaitOptions } from '../pipeline/execution-request.js';
import type { InquiryService } from '../inquiries/inquiry-service.js';
import type { ReRunSpec } from '../pipeline/re-run.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { SensorStatus } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { WebhookRegistry } from '../sensors/webhooks/webhook-registry.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { Store } from '../store/store.js';

/** The running engine, for the CLI, the API and TypeScript users who embed Squall. */
export interface Engine {
  readonly home: string;
  readonly config: SquallConfig;
  readonly store: Store;
  readonly bus: EventBus;
  readonly datastore: Datastore;
  readonly runners: RunnerRegistry;
  /** Secret values known to this engine (secret datastore keys, pack config secrets), masked in output. */
  readonly secrets: SecretRegistry;
  /** Webhook urls that enabled rules listen on (the API serves `POST /api/v1/webhooks/<url>`). */
  readonly webhooks: WebhookRegistry;
  /** Pack sensors: state, restarts, last error. */
  sensorStatus(): SensorStatus[];
  /** Store, queue, sensors and content as they are now (GET /health). */
  health(): Promise<EngineHealth>;
  /** Registers a built-in action implementation (`runner_type: squall-internal`, `entry_point: name`). */
  registerInternalAction(name: string, action: InternalAction): void;
  /** Chat adapters, alias commands from the API and CLI, `chatops.post_message` (docs/chatops.md). */
  readonly chatops: ChatopsRuntime;
  /** Inquiries (core.ask) waiting for a person: list, get, respond (docs/inquiries.md). */
  readonly inquiries: InquiryService;
  readonly logger: Logger;
  /** This node of a cluster (a multi-process store), absent for a single process. */
  readonly cluster: { readonly nodeId: string; contentRevision(): string | null } | undefined;
  /** The content snapshot serving now. */
  snapshot(): ContentSnapshot;
  /** Stores and publishes an event; waits while the pipeline is full (`backpressure` in squall.yaml). */
  dispatch(trigger: string, payload: unknown, options?: DispatchOptions): Promise<TriggerInstance>;
  /** Trigger instances being matched plus executions waiting for a runner in this process now. */
  backlog(): Promise<number>;
  /** Requests an execution (stored, then queued) and resolves with the requested record. */
  run(request: ExecutionRequest): Promise<Execution>;
  waitForExecution(id: string, options?: WaitOptions): Promise<Execution>;
  /**
   * Asks an execution to stop (st2's cancel): queued → canceled; running → canceling, then canceled
   * once its process group is killed; a workflow goes canceling, then canceled once its tasks'
   * children end. False when it had already ended or is unknown.
   */
  cancelExecution(id: string): Promise<boolean>;
  /**
   * Pauses, resumes or cancels a workflow execution (st2's PUT /executions/<id> {status}). Resolves
   * false when the id is not a workflow under way.
   */
  controlWorkflow(id: string, command: 'pause' | 'resume' | 'cancel'): Promise<boolean>;
  /** st2's re-run: a new execution of the same action, parameters merged over the original's. */
  reRun(id: string, spec?: ReRunSpec): Promise<Execution>;
  reload(): Promise<ContentSnapshot>;
  /** Nodes, queue depths and leases (`GET /api/v1/cluster`); one node for a single process. */
  clusterStatus(): Promise<ClusterStatusView>;
  /** Resolves when every accepted trigger instance is matched and every queued execution has ended. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}
