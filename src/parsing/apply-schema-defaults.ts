import { isRecord } from '../common/guards.js';

/**
 * Fills missing properties that declare a `default`, recursively through objects, as st2
 * validates inquiry responses (`use_default=True`). Returns a new value; the input is untouched.
 */
export function applySchemaDefaults(schema: unknown, value: unknown): unknown {
  if (!isRecord(schema) || !isRecord(schema['properties'])) return value;
  if (value !== undefined && !isRecord(value)) return value;
  const filled: Record<string, unknown> = { ...value };
  for (const [name, property] of Object.entries(schema['properties'])) {
    if (!isRecord(property)) continue;
    if (filled[name] === undefined && 'default' in property)
      filled[name] = structuredClone(property['default']);
    if (isRecord(filled[name])) filled[name] = applySchemaDefaults(property, filled[name]);
  }
  return filled;
}
