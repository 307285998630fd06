import type { TriggerInstance } from '../domain/trigger.js';

/** A request to run one stored execution. The execution record holds everything else. */
export interface ExecutionJob {
  executionId: string;
}

/** How a job reached its handler. */
export interface Delivery {
  /**
   * The job was taken before by a consumer that died or stalled (BullMQ's stalled-job recovery
   * moved it back): what that consumer did with it is unknown. Never set by the memory queue.
   */
  redelivered: boolean;
}

export type JobHandler<Job = ExecutionJob> = (job: Job, delivery?: Delivery) => Promise<void>;

export interface ConsumeOptions {
  /** Jobs run at once. @default 8 */
  concurrency?: number;
}

export interface QueueCapabilities {
  /** Jobs survive a process restart and are shared by every process of a cluster (BullMQ). */
  durable: boolean;
}

/** What a queue holds now, across every process that uses it. */
export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Milliseconds the oldest waiting job has waited, 0 when none waits. */
  lagMs: number;
}

/**
 * A hop between two stages of the pipeline. Producers and consumers only see this interface; the
 * driver decides whether it is in memory or in Redis.
 */
export interface WorkQueue<Job> {
  readonly driver: string;
  readonly capabilities: QueueCapabilities;
  /** Resolves once the job is queued (durably, for a durable driver). */
  enqueue(job: Job): Promise<void>;
  /** Starts consuming; the returned function stops taking new jobs. */
  consume(handler: JobHandler<Job>, options?: ConsumeOptions): () => void;
  /** Resolves when no job is queued or running (in the whole cluster, for a durable driver). */
  drain(): Promise<void>;
  /** Counts of the jobs it holds now. */
  depth(): Promise<QueueDepth>;
  close(): Promise<void>;
}

/** The hop between the rules engine (producer) and the runners (consumer). */
export type ExecutionQueue = WorkQueue<ExecutionJob>;

/**
 * The hop between where a trigger instance is stored (api, sensors) and the rules that match it,
 * when they run in other processes. The job is the stored instance itself.
 */
export type TriggerInstanceQueue = WorkQueue<TriggerInstance>;
