import { CHATOPS_TRIGGER_TYPES } from '../chatops/chatops-triggers.js';
import type { TriggerType } from './model/trigger-type.js';

const internal = (name: string, description: string, properties: Record<string, unknown>): TriggerType => ({
  ref: `core.${name}`,
  pack: 'core',
  name,
  description,
  payload_schema: { type: 'object', properties },
});

const kvPayload = {
  object: { type: 'object' },
};

/** Triggers the engine itself emits, with StackStorm's names and payloads. */
export const INTERNAL_TRIGGER_TYPES: readonly TriggerType[] = [
  internal('st2.generic.actiontrigger', 'An execution ended (any final status).', {
    execution_id: { type: 'string' },
    status: { type: 'string' },
    start_timestamp: { type: ['string', 'null'] },
    action_name: { type: 'string' },
    action_ref: { type: 'string' },
    runner_ref: { type: 'string' },
    parameters: { type: 'object' },
    result: {},
  }),
  internal('st2.generic.notifytrigger', "A notification requested by an action's notify section.", {
    status: { type: 'string' },
    execution_id: { type: 'string' },
    channel: { type: 'string' },
    message: { type: 'string' },
    data: {},
  }),
  internal('st2.generic.inquiry', 'An inquiry (core.ask) waits for a response.', {
    id: { type: 'string' },
    route: { type: 'string' },
  }),
  internal('st2.key_value_pair.create', 'A datastore key was created.', kvPayload),
  internal('st2.key_value_pair.update', 'A datastore key was written.', kvPayload),
  internal('st2.key_value_pair.value_change', 'A datastore key changed value.', {
    old_object: { type: 'object' },
    new_object: { type: 'object' },
  }),
  internal('st2.key_value_pair.delete', 'A datastore key was deleted.', kvPayload),
  internal('st2.sensor.process_spawn', 'A pack sensor process started.', { object: { type: 'object' } }),
  internal('st2.sensor.process_exit', 'A pack sensor process exited or crashed.', {
    object: { type: 'object' },
  }),
  {
    ref: 'squall.content.invalid',
    pack: 'squall',
    name: 'content.invalid',
    description: 'A content file failed to load; its last good version, if any, keeps serving.',
    payload_schema: {
      type: 'object',
      properties: {
        kind: { type: 'string' },
        pack: { type: 'string' },
        file: { type: 'string' },
        line: { type: ['integer', 'null'] },
        code: { type: 'string' },
        message: { type: 'string' },
        kept_previous: { type: 'boolean' },
      },
    },
  },
  ...CHATOPS_TRIGGER_TYPES,
];

export const ACTION_TRIGGER = 'core.st2.generic.actiontrigger';
export const INQUIRY_TRIGGER = 'core.st2.generic.inquiry';
export const CONTENT_INVALID_TRIGGER = 'squall.content.invalid';
export const SENSOR_SPAWN_TRIGGER = 'core.st2.sensor.process_spawn';
export const SENSOR_EXIT_TRIGGER = 'core.st2.sensor.process_exit';
