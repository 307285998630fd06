import { ValidationError } from '../../common/errors.js';
import { checkTimezone, wallTimeAsUtc, wallTimeToEpoch, type ZonedParts } from './zoned-time.js';

// dateutil-style dates as st2 users write them: "2014-12-31 23:59:59", "2014-12-31T23:59:59.5Z",
// "2014-12-31 23:59:59+02:00", "2014-12-31".
const DATE_PATTERN =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Resolves a DateTimer `date` to an instant. A date without an offset is wall time in `timezone`,
 * as APScheduler localizes naive dates. A `Date` (YAML timestamps load as one, naive ones as UTC)
 * has its UTC fields reinterpreted in `timezone`.
 */
export function parseSt2Date(date: unknown, timezone: string, where: string): number {
  checkTimezone(timezone, where);
  if (date instanceof Date) {
    if (Number.isNaN(date.getTime())) throw invalid(String(date), where);
    return wallTimeToEpoch(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
      },
      date.getUTCMilliseconds(),
      timezone,
    );
  }
  if (typeof date !== 'string') throw invalid(JSON.stringify(date), where);
  const match = DATE_PATTERN.exec(date.trim());
  if (!match) throw invalid(date, where);
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const parts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
  };
  const millisecond = fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0;
  if (!validParts(parts)) throw invalid(date, where);
  if (offset === undefined) return wallTimeToEpoch(parts, millisecond, timezone);
  return wallTimeAsUtc(parts, millisecond) - offsetMinutes(offset) * 60_000;
}

function validParts(p: ZonedParts): boolean {
  const check = new Date(Date.UTC(p.year, p.month - 1, p.day));
  return (
    check.getUTCMonth() === p.month - 1 &&
    check.getUTCDate() === p.day &&
    p.hour < 24 &&
    p.minute < 60 &&
    p.second < 60
  );
}

function offsetMinutes(offset: string): number {
  if (/^(Z|UTC)$/i.test(offset)) return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

function invalid(value: string, where: string): ValidationError {
  return new ValidationError(
    `${where}: cannot read date "${value}"; write it as "2014-12-31 23:59:59" (optionally with "+02:00" or "Z")`,
    { code: 'E_TIMER_DATE' },
  );
}
