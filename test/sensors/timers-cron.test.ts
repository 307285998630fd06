import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import type { TriggerSensor } from '../../src/sensors/sensor.js';
import { planCron } from '../../src/sensors/timers/cron-fields.js';
import { createTimerSensor } from '../../src/sensors/timers/timer-sensor.js';
import { TIMER_TRIGGER_TYPES } from '../../src/sensors/timers/timer-trigger-types.js';
import { recordingDispatcher } from './helpers/recording-dispatcher.js';

const plan = (parameters: Record<string, unknown>, timezone = 'UTC') =>
  planCron(parameters, timezone, 'test');

describe('CronTimer fields (APScheduler semantics)', () => {
  it('defaults fields below the least significant given one to their minimum, above it to *', () => {
    expect(plan({ hour: 5 }).expression).toBe('0 0 5 * * *');
    expect(plan({ minute: '*/15' }).expression).toBe('0 0,15,30,45 * * * *');
    expect(plan({}).expression).toBe('* * * * * *');
    expect(plan({ second: '*' }).expression).toBe('* * * * * *');
    expect(plan({ month: 2 }).expression).toBe('0 0 0 1 2 *');
  });

  it('maps day_of_week 0 = Monday and weekday names to cron numbers', () => {
    expect(plan({ day_of_week: 0, hour: 9 }).expression).toBe('0 0 9 * * 1');
    expect(plan({ day_of_week: 6 }).expression).toBe('0 0 0 * * 0');
    expect(plan({ day_of_week: 'mon-fri', hour: 8, minute: 30 }).expression).toBe('0 30 8 * * 1,2,3,4,5');
    expect(plan({ day_of_week: '*/2' }).expression).toBe('0 0 0 * * 0,1,3,5');
    expect(plan({ month: 'jan,jul', day: 1 }).expression).toBe('0 0 0 1 1,7 *');
  });

  it('translates "last" and "last fri" days', () => {
    expect(plan({ day: 'last', hour: 23 }).expression).toBe('0 0 23 L * *');
    expect(plan({ day: 'last fri' }).expression).toBe('0 0 0 * * 5L');
    expect(plan({ day: '2nd mon' }).expression).toBe('0 0 0 * * 1#2');
  });

  it('checks year and ISO week when the timer fires', () => {
    const p = plan({ year: 2031, week: 2 });
    expect(p.accepts(Date.UTC(2031, 0, 7, 0, 0, 0))).toBe(true);
    expect(p.accepts(Date.UTC(2031, 0, 1, 0, 0, 0))).toBe(false);
    expect(p.accepts(Date.UTC(2030, 0, 8, 0, 0, 0))).toBe(false);
    expect(plan({ year: '2030-2032' }).accepts(Date.UTC(2032, 5, 1))).toBe(true);
  });

  it('refuses what it cannot express, naming the field', () => {
    expect(() => plan({ hour: 25 })).toThrow(/hour "25"/);
    expect(() => plan({ day_of_week: 'funday' })).toThrow(/day_of_week value "funday"/);
    expect(() => plan({ day: 'last fri', day_of_week: 1 })).toThrow(/together with day_of_week/);
  });
});

describe('CronTimer', () => {
  let sensor: TriggerSensor | undefined;
  afterEach(async () => sensor?.stop());

  it('fires on a seconds schedule in the given timezone', async () => {
    const dispatcher = recordingDispatcher(TIMER_TRIGGER_TYPES);
    sensor = createTimerSensor({ dispatcher, logger: silentLogger() });
    sensor.add({
      type: 'core.st2.CronTimer',
      parameters: { second: '*', timezone: 'Europe/Paris' },
      key: 'cron-every-second',
    });
    const calls = await dispatcher.waitFor(2, 4000);
    const times = calls.map((call) =>
      Date.parse((call.payload as { executed_at: string }).executed_at.replace(' ', 'T')),
    );
    expect(times[1]! - times[0]!).toBe(1000);
    expect(times[0]! % 1000).toBe(0);
    sensor.remove({ type: 'core.st2.CronTimer', parameters: {}, key: 'cron-every-second' });
    const count = dispatcher.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(dispatcher.calls.length).toBe(count);
  });

  it('refuses an unknown timezone', () => {
    sensor = createTimerSensor({
      dispatcher: recordingDispatcher(TIMER_TRIGGER_TYPES),
      logger: silentLogger(),
    });
    expect(() =>
      sensor!.add({ type: 'core.st2.CronTimer', parameters: { timezone: 'Mars/Olympus' }, key: 'tz' }),
    ).toThrow(/unknown timezone "Mars\/Olympus"/);
  });
});
