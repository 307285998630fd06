import type { KeyValueChangeEvent } from '../datastore/datastore.js';
import type { Enforcement } from '../domain/enforcement.js';
import type { Execution } from '../domain/execution.js';
import type { ExecutionOutputChunk } from '../domain/execution-output.js';
import type { TriggerInstance } from '../domain/trigger.js';
import type { SensorProcessEvent } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { ContentIssue } from '../snapshot/model/content-snapshot.js';

/** Every event on the bus, by name. Emitters and subscribers are typed by this map. */
export interface BusEvents {
  /** A trigger instance was stored and awaits matching. */
  'trigger.instance': TriggerInstance;
  /** A rule matched (or failed to enforce) a trigger instance. */
  enforcement: Enforcement;
  /** An execution changed status. */
  'execution.updated': Execution;
  /** An execution reached a final status (published once, after `execution.updated`). */
  'execution.finished': Execution;
  /** A running action printed something (stdout or stderr), secrets masked; stored as it is published. */
  'execution.output': ExecutionOutputChunk;
  /** A content snapshot was swapped in. */
  'content.reloaded': ContentReloaded;
  /** A content file failed to load (new since the previous snapshot). */
  'content.issue': ContentIssue;
  /** A datastore key was committed or deleted; secret values masked. */
  'datastore.changed': KeyValueChangeEvent;
  /** A pack sensor process started or exited. */
  'sensor.process': SensorProcessEvent;
}

export interface ContentReloaded {
  version: number;
  summary: string;
}

export type BusEventName = keyof BusEvents;
