import { maskUrlCredentials } from '../../security/mask.js';

/** Copies a JSON-like value with credentials in every URL-bearing string masked. */
export function maskOutput(value: unknown): unknown {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map(maskOutput);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskOutput(item)]));
  }
  return value;
}
