/** A request to run one stored execution. The execution record holds everything else. */
export interface ExecutionJob {
  executionId: string;
}

export type JobHandler = (job: ExecutionJob) => Promise<void>;

export interface ConsumeOptions {
  /** Jobs run at once. @default 8 */
  concurrency?: number;
}

export interface QueueCapabilities {
  /** Jobs survive a process restart (BullMQ). The memory queue relies on the store instead. */
  durable: boolean;
}

/**
 * The hop between the rules engine (producer) and the runners (consumer). Rules and runners only
 * see this interface; the driver decides whether it is in memory or in Redis.
 */
export interface ExecutionQueue {
  readonly driver: string;
  readonly capabilities: QueueCapabilities;
  enqueue(job: ExecutionJob): Promise<void>;
  /** Starts consuming; the returned function stops taking new jobs. */
  consume(handler: JobHandler, options?: ConsumeOptions): () => void;
  /** Resolves when no job is queued or running. */
  drain(): Promise<void>;
  close(): Promise<void>;
}
