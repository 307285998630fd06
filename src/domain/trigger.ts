export type TriggerInstanceStatus = 'pending' | 'processed' | 'processing_failed' | 'invalid';

/** One event, stored before it is matched. */
export interface TriggerInstance {
  id: string;
  /** Trigger type ref. */
  trigger: string;
  /** Parameters of the parameterised trigger (e.g. `{url: 'sample'}`), when it has some. */
  trigger_parameters?: Record<string, unknown>;
  payload: unknown;
  /** ISO-8601 UTC. */
  occurrence_time: string;
  trace_id: string;
  status: TriggerInstanceStatus;
  /** Why it is invalid or failed. */
  error?: string;
}

export interface DispatchOptions {
  traceTag?: string;
  /** Identifies which parameterised trigger this is (e.g. the webhook's url). */
  triggerParameters?: Record<string, unknown>;
  /** The component that dispatched (sensor ref, `webhook`, `api`, `engine`). */
  source?: string;
}

/** What sensors, webhooks and the engine itself use to emit events. */
export interface TriggerDispatcher {
  /**
   * Validates the payload against the trigger type's schema, stores the instance durably, then
   * publishes it on the bus. Resolves once stored. An invalid payload is stored with status
   * `invalid` and the promise rejects with a ValidationError.
   */
  dispatch(trigger: string, payload: unknown, options?: DispatchOptions): Promise<TriggerInstance>;
}
