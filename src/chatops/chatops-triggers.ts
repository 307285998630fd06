import type { TriggerType } from '../snapshot/model/trigger-type.js';

/** Dispatched (and so stored) each time a chat user is refused an alias. */
export const CHATOPS_REFUSED_TRIGGER = 'squall.chatops.refused';

export const CHATOPS_TRIGGER_TYPES: readonly TriggerType[] = [
  {
    ref: CHATOPS_REFUSED_TRIGGER,
    pack: 'squall',
    name: 'chatops.refused',
    description:
      'A chat user was refused an action alias (not in allowed_users or allowed_groups); the audit trail of refusals.',
    payload_schema: {
      type: 'object',
      properties: {
        alias: { type: 'string' },
        action_ref: { type: 'string' },
        user: { type: 'string' },
        groups: { type: 'array', items: { type: 'string' } },
        channel: { type: 'string' },
        command: { type: 'string' },
        at: { type: 'string' },
      },
      required: ['alias', 'user', 'channel', 'at'],
    },
  },
];
