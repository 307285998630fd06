import { MASK } from './mask-constant.js';
import { maskUrlCredentials } from './url-credentials.js';
import type { ParameterSpec, ParameterSpecs } from '../snapshot/model/action-definition.js';
import { isPlainObject } from '../common/guards.js';

/**
 * Parameters declared `secret: true` replaced by the mask, also inside objects and lists whose
 * schema marks nested properties or items secret. Returns a copy.
 */
export function maskSecretParameters(
  params: Record<string, unknown>,
  specs: ParameterSpecs,
): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) masked[name] = maskBySchema(value, specs[name]);
  return masked;
}

function maskBySchema(value: unknown, spec: ParameterSpec | Record<string, unknown> | undefined): unknown {
  if (!spec || value === undefined) return value;
  if (spec['secret'] === true) return value === null ? value : MASK;
  const properties = spec['properties'];
  if (isPlainObject(value) && isPlainObject(properties)) {
    const masked: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      masked[key] = maskBySchema(item, asSchema(properties[key]));
    return masked;
  }
  const items = spec['items'];
  if (Array.isArray(value) && isPlainObject(items)) return value.map((item) => maskBySchema(item, items));
  return value;
}

function asSchema(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
}

/**
 * A copy of `value` in which every occurrence of a known secret inside any string (object keys
 * included) and every URL credential is masked. Longer secrets are replaced first, so a secret
 * that contains another is masked whole.
 */
export function maskDeep(value: unknown, secrets: readonly string[]): unknown {
  const ordered = [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  return maskValue(value, ordered, new WeakMap());
}

function maskString(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (masked.includes(secret)) masked = masked.replaceAll(secret, MASK);
  return maskUrlCredentials(masked);
}

function maskValue(value: unknown, secrets: readonly string[], seen: WeakMap<object, unknown>): unknown {
  if (typeof value === 'string') return maskString(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(maskValue(item, secrets, seen));
    return copy;
  }
  if (value instanceof Error) {
    const copy = new Error(maskString(value.message, secrets));
    copy.name = value.name;
    seen.set(value, copy);
    return copy;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value))
    copy[maskString(key, secrets)] = maskValue(item, secrets, seen);
  return copy;
}
