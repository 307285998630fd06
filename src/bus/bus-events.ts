import type { Enforcement } from '../domain/enforcement.js';
import type { Execution } from '../domain/execution.js';
import type { TriggerInstance } from '../domain/trigger.js';

/** Every event on the bus, by name. Emitters and subscribers are typed by this map. */
export interface BusEvents {
  /** A trigger instance was stored and awaits matching. */
  'trigger.instance': TriggerInstance;
  /** A rule matched (or failed to enforce) a trigger instance. */
  enforcement: Enforcement;
  /** An execution changed status. */
  'execution.updated': Execution;
  /** A content snapshot was swapped in. */
  'content.reloaded': ContentReloaded;
}

export interface ContentReloaded {
  version: number;
  summary: string;
}

export type BusEventName = keyof BusEvents;
