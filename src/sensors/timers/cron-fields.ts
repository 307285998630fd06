import { ValidationError } from '../../common/errors.js';
import { isoWeek, zonedParts } from './zoned-time.js';

/** APScheduler's CronTrigger fields, most significant first. */
const FIELD_NAMES = ['year', 'month', 'day', 'week', 'day_of_week', 'hour', 'minute', 'second'] as const;
type FieldName = (typeof FIELD_NAMES)[number];

// Fields after the least significant one given take these (APScheduler's DEFAULT_VALUES); fields
// before it are "*". So {hour: 5} fires once at 05:00:00, not every second of that hour.
const DEFAULTS: Record<FieldName, string> = {
  year: '*',
  month: '1',
  day: '1',
  week: '*',
  day_of_week: '*',
  hour: '0',
  minute: '0',
  second: '0',
};

const BOUNDS: Record<FieldName, [number, number]> = {
  year: [1970, 9999],
  month: [1, 12],
  day: [1, 31],
  week: [1, 53],
  day_of_week: [0, 6],
  hour: [0, 23],
  minute: [0, 59],
  second: [0, 59],
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const NTH: Record<string, string> = { '1st': '1', '2nd': '2', '3rd': '3', '4th': '4', '5th': '5' };

/** A CronTimer translated for node-cron, plus what node-cron cannot express, checked when it fires. */
export interface CronPlan {
  expression: string;
  /** False when the fire time falls outside the `year`/`week` constraints. */
  accepts(epochMs: number): boolean;
}

export function planCron(parameters: Record<string, unknown>, timezone: string, where: string): CronPlan {
  const given = FIELD_NAMES.filter((name) => parameters[name] !== undefined && parameters[name] !== null);
  const last = given.length === 0 ? -1 : FIELD_NAMES.indexOf(given[given.length - 1]!);
  const text = (name: FieldName, index: number): string => {
    const value = parameters[name];
    if (value !== undefined && value !== null) return String(value).trim().toLowerCase();
    return index > last && last >= 0 ? DEFAULTS[name] : '*';
  };
  const fields = Object.fromEntries(FIELD_NAMES.map((name, i) => [name, text(name, i)])) as Record<
    FieldName,
    string
  >;

  const numeric = (name: FieldName) => cronList(parseSet(fields[name], name, where), name);
  let day = fields.day;
  let dayOfWeek = cronList(
    [...parseSet(fields.day_of_week, 'day_of_week', where)].map((n) => (n + 1) % 7),
    'day_of_week',
  );
  const nth = /^(1st|2nd|3rd|4th|5th|last) (mon|tue|wed|thu|fri|sat|sun)$/.exec(day);
  if (nth) {
    if (fields.day_of_week !== '*') {
      throw refuse(where, `day "${day}" together with day_of_week "${fields.day_of_week}"`);
    }
    const weekday = (WEEKDAYS.indexOf(nth[2]!) + 1) % 7;
    dayOfWeek = nth[1] === 'last' ? `${weekday}L` : `${weekday}#${NTH[nth[1]!]}`;
    day = '*';
  } else if (day === 'last') {
    day = 'L';
  } else {
    day = numeric('day');
  }
  const expression = [
    numeric('second'),
    numeric('minute'),
    numeric('hour'),
    day,
    numeric('month'),
    dayOfWeek,
  ].join(' ');

  const years = fields.year === '*' ? undefined : parseSet(fields.year, 'year', where);
  const weeks = fields.week === '*' ? undefined : parseSet(fields.week, 'week', where);
  return {
    expression,
    accepts(epochMs) {
      if (!years && !weeks) return true;
      const p = zonedParts(epochMs, timezone);
      if (years && !years.has(p.year)) return false;
      return !weeks || weeks.has(isoWeek(p.year, p.month, p.day));
    },
  };
}

function cronList(values: Iterable<number>, name: FieldName): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const [min, max] = BOUNDS[name];
  return sorted.length === max - min + 1 ? '*' : sorted.join(',');
}

/** Parses an APScheduler field expression ("*", "*\/5", "1-5/2", "mon-fri", "3,7") into its values. */
function parseSet(expression: string, name: FieldName, where: string): Set<number> {
  const [min, max] = BOUNDS[name];
  const values = new Set<number>();
  for (const part of expression.split(',')) {
    const match = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/.exec(part.trim());
    if (!match) throw refuse(where, `${name} "${expression}"`);
    const [, first, lastText, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    const from = first === '*' ? min : atom(first!, name, where);
    const to = lastText !== undefined ? atom(lastText, name, where) : first === '*' || stepText ? max : from;
    if (step < 1 || from < min || to > max || from > to) throw refuse(where, `${name} "${expression}"`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

function atom(text: string, name: FieldName, where: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const names = name === 'month' ? MONTHS : name === 'day_of_week' ? WEEKDAYS : undefined;
  const index = names ? names.indexOf(text) : -1;
  if (index < 0) throw refuse(where, `${name} value "${text}"`);
  return name === 'month' ? index + 1 : index;
}

function refuse(where: string, what: string): ValidationError {
  return new ValidationError(
    `${where}: CronTimer ${what} is not supported; use numbers, "*", "*/n", "a-b", "a-b/n", lists, ` +
      'month/weekday names (day_of_week 0 = mon), and in day also "last" or "1st fri"/"last fri"',
    { code: 'E_TIMER_CRON' },
  );
}
