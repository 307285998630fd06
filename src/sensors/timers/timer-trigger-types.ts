import type { TriggerType } from '../../snapshot/model/trigger-type.js';

export const INTERVAL_TIMER = 'core.st2.IntervalTimer';
export const DATE_TIMER = 'core.st2.DateTimer';
export const CRON_TIMER = 'core.st2.CronTimer';

/** `{executed_at, schedule}`; `executed_at` is Python's `str(datetime)` of the UTC fire time, as in st2. */
const TIMER_PAYLOAD_SCHEMA = {
  type: 'object',
  properties: {
    executed_at: { type: 'string', format: 'date-time' },
    schedule: { type: ['object', 'null'] },
  },
  required: ['executed_at'],
};

// A cron field is an integer or an APScheduler expression ("*/5", "mon-fri", "last fri").
const cronField = (minimum: number, maximum: number) => ({
  anyOf: [{ type: 'integer', minimum, maximum }, { type: 'string' }],
});

export const TIMER_TRIGGER_TYPES: readonly TriggerType[] = [
  {
    ref: INTERVAL_TIMER,
    pack: 'core',
    name: 'st2.IntervalTimer',
    description: 'Triggers on specified intervals. e.g. every 30s, 1week etc.',
    payload_schema: TIMER_PAYLOAD_SCHEMA,
    parameters_schema: {
      type: 'object',
      properties: {
        timezone: { type: 'string' },
        unit: { enum: ['weeks', 'days', 'hours', 'minutes', 'seconds'] },
        delta: { type: 'integer', minimum: 1 },
      },
      required: ['unit', 'delta'],
      additionalProperties: false,
    },
  },
  {
    ref: DATE_TIMER,
    pack: 'core',
    name: 'st2.DateTimer',
    description:
      'Triggers exactly once when the current time matches the specified time. e.g. timezone:UTC date:2014-12-31 23:59:59.',
    payload_schema: TIMER_PAYLOAD_SCHEMA,
    parameters_schema: {
      type: 'object',
      properties: {
        timezone: { type: 'string' },
        date: { type: 'string' },
      },
      required: ['date'],
      additionalProperties: false,
    },
  },
  {
    ref: CRON_TIMER,
    pack: 'core',
    name: 'st2.CronTimer',
    description:
      'Triggers whenever current time matches the specified time constraints like a UNIX cron scheduler.',
    payload_schema: TIMER_PAYLOAD_SCHEMA,
    parameters_schema: {
      type: 'object',
      properties: {
        timezone: { type: 'string' },
        year: cronField(1970, 9999),
        month: cronField(1, 12),
        day: cronField(1, 31),
        week: cronField(1, 53),
        day_of_week: cronField(0, 6),
        hour: cronField(0, 23),
        minute: cronField(0, 59),
        second: cronField(0, 59),
      },
      additionalProperties: false,
    },
  },
];
