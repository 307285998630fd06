import type { JsonSchema } from '../domain/json.js';

const hmac = {
  type: 'object',
  additionalProperties: false,
  required: ['secret', 'header', 'algorithm'],
  properties: {
    secret: { type: 'string', minLength: 1 },
    header: { type: 'string', minLength: 1 },
    algorithm: { enum: ['sha256', 'sha1'] },
    prefix: { type: 'string' },
    timestamp: {
      type: 'object',
      additionalProperties: false,
      required: ['header'],
      properties: {
        header: { type: 'string', minLength: 1 },
        max_age_seconds: { type: 'integer', minimum: 1 },
        signed: { type: 'string', minLength: 1 },
      },
    },
  },
};

/** `webhooks:` and `webhooks.git:`: a body limit and hooks by name, each with only `settings`. */
function hookSection(settings: JsonSchema, more: JsonSchema = {}): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      bodyLimitBytes: { type: 'integer', minimum: 1 },
      hooks: {
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: false, properties: settings },
      },
      ...more,
    },
  };
}

/** A list of strings; a single string is accepted too (squall.yaml written by hand). */
const stringList = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'array', items: { type: 'string', minLength: 1 } },
  ],
};

/**
 * `squall.yaml` as JSON schema: a typo (`api.prt`) or a half-written hook (`hmac` without `algorithm`)
 * is refused when Squall starts, not when the first request arrives. `chatops` is checked by ChatOps.
 */
export const CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    api: {
      type: 'object',
      additionalProperties: false,
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 0, maximum: 65535 },
        api_key: { type: 'string', minLength: 16 },
        public_url: { type: 'string' },
        stream_heartbeat_interval: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    store: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['driver', 'path'],
          properties: { driver: { const: 'sqlite' }, path: { type: 'string' }, worker: { type: 'boolean' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['driver', 'url'],
          properties: { driver: { const: 'postgres' }, url: { type: 'string' }, schema: { type: 'string' } },
        },
      ],
    },
    queue: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['driver'],
          properties: { driver: { const: 'memory' } },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['driver', 'url'],
          properties: {
            driver: { const: 'bullmq' },
            url: { type: 'string', pattern: '^rediss?://' },
            prefix: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' },
            lock_seconds: { type: 'number', minimum: 1 },
          },
        },
      ],
    },
    cluster: {
      type: 'object',
      additionalProperties: false,
      properties: {
        lease_seconds: { type: 'number', minimum: 0.5 },
        heartbeat_seconds: { type: 'number', minimum: 0.2 },
      },
    },
    executions: {
      type: 'object',
      additionalProperties: false,
      properties: { concurrency: { type: 'integer', minimum: 1 } },
    },
    backpressure: {
      type: 'object',
      additionalProperties: false,
      properties: {
        max_backlog: { type: 'integer', minimum: 1 },
        webhooks: { enum: ['reject', 'wait'] },
        max_wait: { type: 'number', exclusiveMinimum: 0 },
        retry_after: { type: 'integer', minimum: 0 },
        status: { enum: [429, 503] },
      },
    },
    webhooks: hookSection(
      { token: { type: 'string' }, token_header: { type: 'string' }, hmac },
      { git: hookSection({ secret: { type: 'string' } }) },
    ),
    chatops: { type: 'object' },
    packs: {
      type: 'object',
      additionalProperties: false,
      properties: { index: { type: 'string' } },
    },
    python: {
      type: 'object',
      additionalProperties: false,
      properties: {
        interpreter: { type: 'string', minLength: 1 },
        pool_size: { type: 'integer', minimum: 0 },
        idle_timeout: { type: 'number', exclusiveMinimum: 0 },
        warm: { type: 'boolean' },
        packs: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            additionalProperties: false,
            properties: { pool_size: { type: 'integer', minimum: 0 } },
          },
        },
        pip: {
          type: 'object',
          additionalProperties: false,
          properties: {
            index_url: { type: 'string', minLength: 1 },
            extra_index_url: stringList,
            find_links: stringList,
            no_index: { type: 'boolean' },
            timeout: { type: 'number', exclusiveMinimum: 0 },
          },
        },
      },
    },
    regex: {
      type: 'object',
      additionalProperties: false,
      properties: {
        budget_ms: { type: 'integer', minimum: 1, maximum: 60_000 },
        cool_down_ms: { type: 'integer', minimum: 0 },
      },
    },
    ssh: {
      type: 'object',
      additionalProperties: false,
      properties: {
        user: { type: 'string', minLength: 1 },
        private_key_file: { type: 'string', minLength: 1 },
        known_hosts_file: { type: 'string', minLength: 1 },
        connect_timeout: { type: 'integer', minimum: 1 },
        max_parallel: { type: 'integer', minimum: 1 },
      },
    },
    history: {
      type: 'object',
      additionalProperties: false,
      properties: {
        retention_days: { type: 'number', minimum: 0 },
        trigger_instances_retention_days: { type: 'number', minimum: 0 },
        output_retention_days: { type: 'number', minimum: 0 },
        gc_interval_seconds: { type: 'number', exclusiveMinimum: 0 },
        gc_batch_size: { type: 'integer', minimum: 1, maximum: 10000 },
      },
    },
  },
};
