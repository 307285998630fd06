import { ValidationError } from '../common/errors.js';
import { isRecord } from '../common/guards.js';

/** The JSON object a POST or PUT must carry; `example` shows the caller one. */
export function objectBody(body: unknown, route: string, example: string): Record<string, unknown> {
  if (!isRecord(body)) {
    throw new ValidationError(`api: ${route} needs a JSON object body like ${example}`, {
      code: 'E_API_BODY',
    });
  }
  return body;
}

export function optionalText(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`api: "${name}" must be text`, { code: 'E_API_BODY' });
  }
  return value;
}
