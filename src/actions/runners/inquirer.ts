import type { ParameterSpecs } from '../../snapshot/model/action-definition.js';
import type { Runner } from '../runner.js';

/** st2's default inquiry schema (inquirer runner.yaml): one boolean, `continue`. */
export const DEFAULT_INQUIRY_SCHEMA = {
  title: 'response_data',
  type: 'object',
  properties: {
    continue: {
      type: 'boolean',
      description: 'Would you like to continue the workflow?',
      required: true,
    },
  },
};

/** st2's inquirer runner parameters, with its defaults (ttl in minutes, 1440 = a day). */
const INQUIRER_PARAMETERS: ParameterSpecs = {
  schema: {
    type: 'object',
    default: DEFAULT_INQUIRY_SCHEMA,
    description: 'A JSON schema that will be used to validate the response data',
  },
  route: {
    type: 'string',
    default: '',
    description: 'An arbitrary value for allowing rules to route to proper notification channel',
  },
  roles: {
    type: 'array',
    default: [],
    description: 'Roles (groups) permitted to respond; empty permits all',
  },
  users: {
    type: 'array',
    default: [],
    description: 'Usernames permitted to respond; empty permits all',
  },
  ttl: {
    type: 'integer',
    default: 1440,
    description: 'Minutes to wait for a response before the inquiry expires; 0 never expires',
  },
};

/**
 * st2's `inquirer` (core.ask): the execution becomes `pending` with the inquiry as its result
 * (`{schema, roles, users, route, ttl}`) and waits for a response (src/inquiries/inquiry-service.ts).
 */
export function createInquirerRunner(): Runner {
  return {
    name: 'inquirer',
    description: 'Asks a person: the execution stays pending until an answer matching the schema comes.',
    parameters: INQUIRER_PARAMETERS,
    shellParameters: [],
    run: ({ parameters }) =>
      Promise.resolve({
        status: 'pending',
        result: {
          schema: parameters['schema'] ?? DEFAULT_INQUIRY_SCHEMA,
          roles: parameters['roles'] ?? [],
          users: parameters['users'] ?? [],
          route: parameters['route'] ?? '',
          ttl: parameters['ttl'] ?? 1440,
        },
      }),
  };
}
