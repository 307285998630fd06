import { PayloadTooLargeError, ValidationError } from '../common/errors.js';

/** What one event's payload, or one execution's parameters, may hold. */
export interface PayloadLimits {
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Size as JSON text, approximately (strings and keys by length). */
  maxBytes: number;
}

export const PAYLOAD_LIMITS: Readonly<PayloadLimits> = { maxDepth: 64, maxBytes: 1024 * 1024 };

/**
 * Refuses a value deeper or larger than the limits before anything stores or clones it: every
 * trigger instance and execution request passes here, whatever its source (webhooks, the API, chat,
 * pack sensors, embedders). Walks with its own stack, so a deep value cannot overflow this one; a
 * cyclic value is deeper than any limit.
 */
export function assertWithinPayloadLimits(
  value: unknown,
  what: string,
  limits: PayloadLimits = PAYLOAD_LIMITS,
): void {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let bytes = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    bytes += approximateBytes(current);
    if (bytes > limits.maxBytes) {
      throw new PayloadTooLargeError(
        `${what} is larger than ${limits.maxBytes} bytes as JSON; send less, or a reference to where the data is`,
      );
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limits.maxDepth) {
      throw new ValidationError(
        `${what} nests deeper than ${limits.maxDepth} levels of objects and arrays; flatten it`,
        { code: 'E_PAYLOAD_TOO_DEEP' },
      );
    }
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
    } else {
      for (const [key, item] of Object.entries(current)) {
        bytes += key.length + 3;
        stack.push({ value: item, depth: depth + 1 });
      }
    }
  }
}

function approximateBytes(value: unknown): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value === 'object' && value !== null) return 2;
  return 8;
}
