import { MissingDatastoreKey } from './datastore-view.js';
import { SafeString } from './nunjucks-internals.js';

/**
 * How a value reads inside text: strings as they are, null/undefined and missing datastore keys
 * as nothing, numbers and booleans as JSON spells them, lists and objects as JSON (StackStorm
 * prints Python's repr there; JSON is what the receiving tools parse).
 */
export function toOutputString(value: unknown): string {
  if (value === undefined || value === null || value instanceof MissingDatastoreKey) return '';
  if (typeof value === 'string') return value;
  if (value instanceof SafeString) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** The value a single-expression template returns: markers and safe strings become plain values. */
export function toTemplateValue(value: unknown): unknown {
  if (value instanceof MissingDatastoreKey) return '';
  if (value instanceof SafeString) return String(value);
  return value === undefined ? '' : value;
}
