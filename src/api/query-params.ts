import { ValidationError } from '../common/errors.js';

/** Query strings as fastify parses them: a name maps to a string, or to a list when repeated. */
export type QueryString = Record<string, string | string[] | undefined>;

export function stringParam(query: QueryString, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    throw new ValidationError(`api: query parameter "${name}" is given more than once; give it once`, {
      code: 'E_API_QUERY',
    });
  }
  return value;
}

/** `true/1/yes` or `false/0/no`; absent means the default. */
export function booleanParam(query: QueryString, name: string, fallback = false): boolean {
  const value = stringParam(query, name);
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new ValidationError(`api: query parameter "${name}" must be true or false, got "${value}"`, {
    code: 'E_API_QUERY',
  });
}

export function countParam(query: QueryString, name: string): number | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new ValidationError(`api: query parameter "${name}" must be a whole number >= 0, got "${value}"`, {
      code: 'E_API_QUERY',
    });
  }
  return Number(value);
}

/** `limit` and `offset` as the store takes them (newest first; limit 0 means all). */
export function pageParams(query: QueryString): { limit?: number; offset?: number } {
  const limit = countParam(query, 'limit');
  const offset = countParam(query, 'offset');
  return { ...(limit === undefined ? {} : { limit }), ...(offset === undefined ? {} : { offset }) };
}

/** A comma-separated or repeated parameter as a list. */
export function listParam(query: QueryString, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(','));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** An ISO-8601 time (a date alone is midnight UTC), normalised to `toISOString()` form for comparisons. */
export function timeParam(query: QueryString, name: string): string | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new ValidationError(
      `api: query parameter "${name}" must be an ISO-8601 time such as 2026-12-04T15:00:00Z, got "${value}"`,
      { code: 'E_API_QUERY' },
    );
  }
  return new Date(ms).toISOString();
}

/** One of `allowed`, or undefined when absent. */
export function choiceParam<T extends string>(
  query: QueryString,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = stringParam(query, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ValidationError(`api: ${name} must be one of ${allowed.join(', ')}; got "${value}"`, {
      code: 'E_API_QUERY',
    });
  }
  return value as T;
}
