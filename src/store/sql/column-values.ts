import { ValidationError, errorMessage } from '../../common/errors.js';
import type { SqlValue } from './sql-dialect.js';

/**
 * Record fields to column values and back, the same for both dialects: JSON columns travel as JSON
 * text both ways (the PostgreSQL driver turns off pg's json parsing), booleans as 1/0 (PostgreSQL
 * reads '1'/'0' into a boolean column and returns true/false).
 */

/** JSON text for a JSON column; `undefined` is stored as SQL NULL and comes back as `undefined`. */
export function toJson(value: unknown, what: string): string | null {
  if (value === undefined) return null;
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new ValidationError(`store: ${what} is not JSON-serialisable (${errorMessage(error)})`, {
      code: 'E_STORE_NOT_JSON',
      cause: error,
    });
  }
}

export function fromJson(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return JSON.parse(String(value)) as unknown;
}

export function text(value: unknown): string {
  return String(value);
}

export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function flag(value: boolean): SqlValue {
  return value ? 1 : 0;
}

/** A boolean column as SQLite (1/0) or PostgreSQL (true/false) returns it. */
export function isSet(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/** Epoch milliseconds of an ISO-8601 time, for columns that queries compare; null stays null. */
export function epochMs(iso: string | null, what: string): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) {
    throw new ValidationError(`store: ${what} "${iso}" is not an ISO-8601 time`, {
      code: 'E_STORE_BAD_TIME',
    });
  }
  return ms;
}
