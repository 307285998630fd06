import type { TriggerType } from '../../snapshot/model/trigger-type.js';

export const WEBHOOK_TRIGGER = 'core.st2.webhook';

export const WEBHOOK_TRIGGER_TYPES: readonly TriggerType[] = [
  {
    ref: WEBHOOK_TRIGGER,
    pack: 'core',
    name: 'st2.webhook',
    description: 'Trigger type for registering webhooks that can consume arbitrary payload.',
    parameters_schema: {
      type: 'object',
      properties: { url: { type: 'string' } },
      required: ['url'],
      additionalProperties: false,
    },
    payload_schema: {
      type: 'object',
      properties: {
        headers: { type: 'object' },
        body: { type: ['object', 'array'] },
      },
    },
  },
];
