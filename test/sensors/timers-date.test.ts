import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import type { TriggerSensor } from '../../src/sensors/sensor.js';
import { parseSt2Date } from '../../src/sensors/timers/st2-date.js';
import { createTimerSensor } from '../../src/sensors/timers/timer-sensor.js';
import { TIMER_TRIGGER_TYPES } from '../../src/sensors/timers/timer-trigger-types.js';
import { pythonUtcString } from '../../src/sensors/timers/zoned-time.js';
import { recordingDispatcher, sleep } from './helpers/recording-dispatcher.js';

describe('st2 dates', () => {
  it('reads st2 formats, naive ones in the timer timezone', () => {
    expect(parseSt2Date('2014-12-31 23:59:59', 'UTC', 't')).toBe(Date.UTC(2014, 11, 31, 23, 59, 59));
    expect(parseSt2Date('2014-12-31 23:59:59', 'America/New_York', 't')).toBe(
      Date.UTC(2015, 0, 1, 4, 59, 59),
    );
    expect(parseSt2Date('2014-07-01 12:00:00', 'Europe/Paris', 't')).toBe(Date.UTC(2014, 6, 1, 10, 0, 0));
    expect(parseSt2Date('2014-12-31T23:59:59.5Z', 'Europe/Paris', 't')).toBe(
      Date.UTC(2014, 11, 31, 23, 59, 59, 500),
    );
    expect(parseSt2Date('2014-12-31 23:59:59+02:00', 'UTC', 't')).toBe(Date.UTC(2014, 11, 31, 21, 59, 59));
    expect(parseSt2Date(new Date(Date.UTC(2014, 6, 1, 12)), 'Europe/Paris', 't')).toBe(
      Date.UTC(2014, 6, 1, 10),
    );
    expect(() => parseSt2Date('2014-02-30 10:00:00', 'UTC', 'rule x')).toThrow(/rule x: cannot read date/);
    expect(() => parseSt2Date('tomorrow', 'UTC', 't')).toThrow(/cannot read date "tomorrow"/);
  });

  it("formats executed_at like Python's str(datetime)", () => {
    expect(pythonUtcString(Date.UTC(2014, 6, 30, 5, 4, 24, 578))).toBe('2014-07-30 05:04:24.578000+00:00');
  });
});

describe('DateTimer', () => {
  let sensor: TriggerSensor | undefined;
  afterEach(async () => sensor?.stop());

  it('fires once at a date one second ahead', async () => {
    const dispatcher = recordingDispatcher(TIMER_TRIGGER_TYPES);
    sensor = createTimerSensor({ dispatcher, logger: silentLogger() });
    const due = new Date(Date.now() + 1000);
    const date = due.toISOString().replace('T', ' ').replace('Z', '');
    sensor.add({ type: 'core.st2.DateTimer', parameters: { date, timezone: 'UTC' }, key: 'date-soon' });
    const [call] = await dispatcher.waitFor(1, 3000);
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime());
    expect(call!.trigger).toBe('core.st2.DateTimer');
    await sleep(1200);
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('does not schedule a date in the past', async () => {
    const dispatcher = recordingDispatcher(TIMER_TRIGGER_TYPES);
    const now = Date.UTC(2020, 0, 1, 0, 0, 0);
    sensor = createTimerSensor({ dispatcher, logger: silentLogger() }, { now: () => now });
    sensor.add({ type: 'core.st2.DateTimer', parameters: { date: '2019-12-31 23:59:59' }, key: 'past' });
    await sleep(300);
    expect(dispatcher.calls).toHaveLength(0);
  });
});
