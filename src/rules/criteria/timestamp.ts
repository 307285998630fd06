import { OperatorTypeError, pythonType } from './python-values.js';

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/;
const COMPACT =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Milliseconds since the epoch of a timestamp string as st2's `date_utils.parse` reads it: ISO 8601
 * (with `T` or a space, optional fraction and zone); a timestamp without a zone is UTC. Other
 * formats with an explicit zone (RFC 2822) fall back to Date.parse.
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value !== 'string') {
    throw new OperatorTypeError(`a timestamp must be a string, not ${pythonType(value)}`);
  }
  const text = value.trim();
  const match = ISO.exec(text) ?? COMPACT.exec(text);
  if (match) return fromParts(match, value);
  if (/(?:GMT|UTC|Z|[+-]\d{4})\s*$/.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw new OperatorTypeError(`unknown timestamp format: ${JSON.stringify(value)}`);
}

function fromParts(match: RegExpExecArray, original: string): number {
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const millis = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
    millis,
  );
  const check = new Date(utc);
  if (
    check.getUTCDate() !== Number(day) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    Number(hour ?? 0) > 23
  ) {
    throw new OperatorTypeError(`not a valid date: ${JSON.stringify(original)}`);
  }
  return utc - zoneOffsetMinutes(zone) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(?:z|utc|gmt)$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}

const FLOAT = /^\s*[+-]?(?:(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)\s*$/i;

/** Python's float(x) for a number, bool or numeric string (the timediff patterns). */
export function pythonFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && FLOAT.test(value)) {
    const text = value.trim().replace(/_/g, '').toLowerCase();
    if (text.endsWith('inf') || text.endsWith('infinity')) return text.startsWith('-') ? -Infinity : Infinity;
    if (text.endsWith('nan')) return Number.NaN;
    return Number(text);
  }
  throw new OperatorTypeError(`could not convert ${JSON.stringify(value)} to a number of seconds`);
}
