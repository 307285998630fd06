import { ValidationError } from '../common/errors.js';

/** A JSON request body as a record, or a 400 that shows the caller the expected shape. */
export function objectBody(body: unknown, route: string, example: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError(`api: ${route} needs a JSON object body like ${example}`, {
      code: 'E_API_BODY',
    });
  }
  return body as Record<string, unknown>;
}

export function optionalText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`api: "${name}" must be text`, { code: 'E_API_BODY' });
  }
  return value;
}
