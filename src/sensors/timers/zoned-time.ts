import { ValidationError } from '../../common/errors.js';

/** Wall-clock fields of an instant in a time zone. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Throws a ValidationError naming the parameter when the zone is not an IANA zone Node knows. */
export function checkTimezone(timezone: string, where: string): void {
  try {
    formatterFor(timezone);
  } catch (error) {
    throw new ValidationError(
      `${where}: unknown timezone "${timezone}"; use an IANA name such as "UTC" or "Europe/Paris"`,
      { code: 'E_TIMER_TIMEZONE', cause: error },
    );
  }
}

export function zonedParts(epochMs: number, timezone: string): ZonedParts {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

/** The instant these wall-clock fields name when read as UTC. */
export function wallTimeAsUtc(parts: ZonedParts, millisecond = 0): number {
  return Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    millisecond,
  );
}

/** The zone's offset from UTC at that instant, in milliseconds. */
function offsetAt(epochMs: number, timezone: string): number {
  const asUtc = wallTimeAsUtc(zonedParts(epochMs, timezone));
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

/** The instant at which the zone's clocks show this wall time (the earlier one across a DST fold). */
export function wallTimeToEpoch(parts: ZonedParts, millisecond: number, timezone: string): number {
  const wall = wallTimeAsUtc(parts, millisecond);
  const first = wall - offsetAt(wall, timezone);
  const second = wall - offsetAt(first, timezone);
  return Math.min(first, second);
}

/** ISO-8601 week number (1-53) of a calendar date. */
export function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Python's `str(datetime)` of a UTC instant: `2014-07-30 05:04:24.578000+00:00`. */
export function pythonUtcString(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}
