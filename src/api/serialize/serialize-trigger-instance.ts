import type { TriggerInstance } from '../../domain/trigger.js';

/** st2's TriggerInstanceAPI shape plus Squall's trace id and error. */
export type TriggerInstanceView = TriggerInstance;

export function serializeTriggerInstance(instance: TriggerInstance): TriggerInstanceView {
  return instance;
}
