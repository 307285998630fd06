import { isRecord } from '../../common/guards.js';

/** Narrowing helpers for provider payloads, which arrive as untyped JSON. */
export type JsonRecord = Record<string, unknown>;

export function record(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function strings(value: unknown): string[] {
  return list(value).filter((item): item is string => typeof item === 'string');
}

/** Follows a path of keys through nested objects. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = record(current)[key];
  return current;
}
