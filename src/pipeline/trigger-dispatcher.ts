import type { EventBus } from '../bus/event-bus.js';
import { compileSchemaCheck, type SchemaCheck } from '../parsing/json-schema.js';
import { newId } from '../domain/ids.js';
import type { DispatchOptions, TriggerDispatcher, TriggerInstance } from '../domain/trigger.js';
import type { TriggerType } from '../snapshot/model/trigger-type.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { RecordStore } from '../store/record-store.js';
import { assertWithinPayloadLimits } from './payload-bounds.js';

export interface TriggerDispatcherDeps {
  store: RecordStore;
  bus: EventBus;
  snapshot: () => ContentSnapshot;
}

/**
 * Where every event enters: validate against the trigger type's payload schema, store, then publish.
 * An event is on the bus only once it is durable; an invalid one is stored as `invalid` and refused.
 */
export function createTriggerDispatcher(deps: TriggerDispatcherDeps): TriggerDispatcher {
  const checks = new WeakMap<TriggerType, SchemaCheck | null>();

  const checkFor = (type: TriggerType): SchemaCheck | null => {
    let check = checks.get(type);
    if (check === undefined) {
      check = type.payload_schema ? compileSchemaCheck(type.payload_schema) : null;
      checks.set(type, check);
    }
    return check;
  };

  return {
    async dispatch(
      trigger: string,
      payload: unknown,
      options: DispatchOptions = {},
    ): Promise<TriggerInstance> {
      // Refused before it is stored: an over-deep payload must never reach the store.
      assertWithinPayloadLimits(payload, `trigger ${trigger}: the payload`);
      const instance: TriggerInstance = {
        id: newId(),
        trigger,
        payload,
        occurrence_time: new Date().toISOString(),
        trace_id: options.traceTag ?? newId(),
        status: 'pending',
      };
      if (options.triggerParameters) instance.trigger_parameters = options.triggerParameters;
      const snapshot = deps.snapshot();
      const type = snapshot.triggerTypes.get(trigger);
      const problem = type
        ? checkFor(type)?.(payload)
        : `unknown trigger type "${trigger}"; no loaded pack or sensor provides it`;
      if (problem !== undefined) {
        instance.status = 'invalid';
        instance.error = problem;
        await deps.store.insertTriggerInstance(instance);
        const message = `trigger ${trigger}: ${problem}`;
        throw type
          ? new ValidationError(message, {
              code: 'E_INVALID_PAYLOAD',
              details: { trigger_instance: instance.id },
            })
          : new NotFoundError(message, {
              code: 'E_UNKNOWN_TRIGGER',
              details: { trigger_instance: instance.id },
            });
      }
      // With no rule on this trigger type there is nothing to match: store it as processed at once
      // and save the status write (most action triggers). It is still published for other listeners.
      if (!snapshot.ruleIndex.hasRulesFor(trigger)) instance.status = 'processed';
      await deps.store.insertTriggerInstance(instance);
      deps.bus.publish('trigger.instance', instance);
      return instance;
    },
  };
}
