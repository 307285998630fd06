import type { TriggerType } from './trigger-type.js';

/** A pack sensor as its metadata YAML describes it, resolved against its pack. */
export interface SensorDefinition {
  /** `pack.ClassName` */
  ref: string;
  pack: string;
  className: string;
  description?: string;
  enabled: boolean;
  /** Seconds between `poll()` calls; set for polling sensors. */
  pollInterval?: number;
  /** As written in the metadata. */
  entryPoint: string;
  /** Absolute path of the module (entry points are relative to the metadata file's folder). */
  entryPath: string;
  /** `node` and `python` sensors run in a child process; others are listed but never started. */
  runtime: 'node' | 'python' | 'unsupported';
  /** The pack's folder (Python sensors get its lib/ on their path). */
  packDir?: string;
  /** Why an unsupported sensor cannot run, e.g. a Python entry point. */
  unsupportedReason?: string;
  triggerTypes: TriggerType[];
  /** The metadata file. */
  file: string;
}
