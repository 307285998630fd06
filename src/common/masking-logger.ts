import type { ChildLoggerOptions } from 'pino';

import { isPlainObject } from './guards.js';
import type { Logger } from './logger.js';

/** What masks a value for a log line: the engine's SecretRegistry. */
export interface LogMasker {
  mask<T>(value: T): T;
}

const LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * The logger as the logs' boundary: every line written through it, and through its children,
 * has known secrets and URL credentials masked in its message, its fields, its bindings and the
 * errors it carries. An error keeps its class, code and stack (masked) so that pino's error
 * serializer shows it as usual. Lines below the level are not masked at all.
 */
export function maskingLogger(logger: Logger, secrets: LogMasker): Logger {
  return new Proxy(logger, {
    get(target, property) {
      if (property === 'child') {
        return (bindings: Record<string, unknown>, options?: ChildLoggerOptions<never>) =>
          maskingLogger(target.child(maskFields(bindings, secrets), options), secrets);
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !LEVELS.has(property)) return value.bind(target);
      return (...args: unknown[]) => {
        if (!target.isLevelEnabled(property)) return;
        value.apply(
          target,
          args.map((arg) => maskArgument(arg, secrets)),
        );
      };
    },
  });
}

function maskArgument(value: unknown, secrets: LogMasker): unknown {
  if (value instanceof Error) return maskError(value, secrets);
  if (isPlainObject(value)) return maskFields(value, secrets);
  return secrets.mask(value);
}

function maskFields(fields: Record<string, unknown>, secrets: LogMasker): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(fields))
    masked[key] = item instanceof Error ? maskError(item, secrets) : secrets.mask(item);
  return masked;
}

/** A copy of the same class whose own values (message, stack, code, details...) are masked. */
function maskError(error: Error, secrets: LogMasker): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object | null) as Error;
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor) continue;
    if ('value' in descriptor) descriptor.value = secrets.mask(descriptor.value);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}
