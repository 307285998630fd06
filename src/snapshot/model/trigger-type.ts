import type { JsonSchema } from '../../domain/json.js';

/** A kind of event, e.g. `core.st2.webhook` or `git.push`. */
export interface TriggerType {
  /** `pack.name` */
  ref: string;
  pack: string;
  name: string;
  description?: string;
  /** Validates instance payloads (ajv). Absent: any payload. */
  payload_schema?: JsonSchema;
  /** Validates `trigger.parameters` in rules that use this type. */
  parameters_schema?: JsonSchema;
}

/** The fields a trigger type's metadata may hold (st2's TriggerTypeAPI, less its ids). */
export const TRIGGER_TYPE_FIELDS: readonly string[] = [
  'name',
  'pack',
  'description',
  'payload_schema',
  'parameters_schema',
  'tags',
  'metadata_file',
];

/** Trigger type fields of older StackStorm packs that StackStorm itself no longer reads. */
export const IGNORED_TRIGGER_TYPE_FIELDS: readonly string[] = ['payload_info'];
