import type { TriggerType } from '../../snapshot/model/trigger-type.js';

/** st2's TriggerTypeAPI shape. */
export interface TriggerTypeView {
  ref: string;
  uid: string;
  name: string;
  pack: string;
  description: string;
  payload_schema: Record<string, unknown>;
  parameters_schema: Record<string, unknown>;
}

export function serializeTriggerType(type: TriggerType): TriggerTypeView {
  return {
    ref: type.ref,
    uid: `trigger_type:${type.pack}:${type.name}`,
    name: type.name,
    pack: type.pack,
    description: type.description ?? '',
    payload_schema: type.payload_schema ?? {},
    parameters_schema: type.parameters_schema ?? {},
  };
}
