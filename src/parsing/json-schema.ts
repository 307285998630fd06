import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

import type { JsonSchema } from '../domain/json.js';
import { isRecord } from '../common/guards.js';

// ajv-formats ships CommonJS whose default export is the function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Checks a value; returns undefined when valid, else one line per problem. */
export type SchemaCheck = (value: unknown) => string | undefined;

const ajv = addFormats(new Ajv({ strict: false, allErrors: true, coerceTypes: false }));

/**
 * StackStorm's schemas are draft-4 with draft-3's `required: true` inside a property. Rewrites those
 * into draft-7 `required` lists, recursively, without touching the caller's object.
 */
export function normalizeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(normalizeSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const source = schema as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'required' && typeof value === 'boolean') continue;
    result[key] = normalizeSchema(value);
  }
  const properties = source['properties'];
  if (isRecord(properties)) {
    const required = new Set<string>(
      Array.isArray(source['required']) ? (source['required'] as string[]) : [],
    );
    for (const [name, property] of Object.entries(properties)) {
      if (
        typeof property === 'object' &&
        property !== null &&
        (property as { required?: unknown }).required === true
      ) {
        required.add(name);
      }
    }
    if (required.size > 0) result['required'] = [...required];
  }
  return result;
}

export function compileSchemaCheck(schema: JsonSchema): SchemaCheck {
  const validate: ValidateFunction = ajv.compile(normalizeSchema(schema) as object);
  return (value) => (validate(value) ? undefined : formatSchemaErrors(validate.errors ?? []));
}

export function formatSchemaErrors(errors: readonly ErrorObject[]): string {
  return errors
    .map((error) => {
      const at = error.instancePath === '' ? 'payload' : `payload${error.instancePath.replaceAll('/', '.')}`;
      const extra =
        error.keyword === 'additionalProperties'
          ? ` ("${String((error.params as { additionalProperty?: unknown }).additionalProperty)}")`
          : error.keyword === 'enum'
            ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
            : '';
      return `${at} ${error.message ?? 'is invalid'}${extra}`;
    })
    .join('; ');
}
