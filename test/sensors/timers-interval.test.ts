import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../src/common/logger.js';
import type { TriggerSensor, TriggerUse } from '../../src/sensors/sensor.js';
import { createTimerSensor } from '../../src/sensors/timers/timer-sensor.js';
import { TIMER_TRIGGER_TYPES } from '../../src/sensors/timers/timer-trigger-types.js';
import { recordingDispatcher, sleep } from './helpers/recording-dispatcher.js';

const everySecond: TriggerUse = {
  type: 'core.st2.IntervalTimer',
  parameters: { unit: 'seconds', delta: 1 },
  key: 'interval-1s',
};

describe('IntervalTimer', () => {
  let sensor: TriggerSensor | undefined;
  afterEach(async () => sensor?.stop());

  it('fires every second with st2 payload {executed_at, schedule}', async () => {
    const dispatcher = recordingDispatcher(TIMER_TRIGGER_TYPES);
    sensor = createTimerSensor({ dispatcher, logger: silentLogger() });
    const before = Date.now();
    sensor.add(everySecond);
    const calls = await dispatcher.waitFor(2, 4000);
    const [first, second] = calls;
    expect(first!.trigger).toBe('core.st2.IntervalTimer');
    const payload = first!.payload as { executed_at: string; schedule: unknown };
    expect(payload.executed_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    expect(payload.schedule).toEqual({ unit: 'seconds', delta: 1 });
    expect(first!.options.triggerParameters).toEqual({ unit: 'seconds', delta: 1 });
    expect(first!.options.traceTag).toMatch(/^st2\.IntervalTimer-[0-9a-f]{32}$/);
    const firedAt = Date.parse(payload.executed_at.replace(' ', 'T'));
    expect(firedAt - before).toBeGreaterThanOrEqual(950);
    const gap =
      Date.parse((second!.payload as { executed_at: string }).executed_at.replace(' ', 'T')) - firedAt;
    expect(gap).toBe(1000);
  });

  it('shares one timer between equal uses and stops when removed', async () => {
    const dispatcher = recordingDispatcher(TIMER_TRIGGER_TYPES);
    sensor = createTimerSensor({ dispatcher, logger: silentLogger() });
    sensor.add(everySecond);
    sensor.add({ ...everySecond, parameters: { ...everySecond.parameters } });
    await dispatcher.waitFor(1, 3000);
    await sleep(300);
    expect(dispatcher.calls).toHaveLength(1);
    sensor.remove(everySecond);
    await sleep(1200);
    expect(dispatcher.calls).toHaveLength(1);
  });

  it('refuses a zero delta', () => {
    sensor = createTimerSensor({
      dispatcher: recordingDispatcher(TIMER_TRIGGER_TYPES),
      logger: silentLogger(),
    });
    expect(() =>
      sensor!.add({ ...everySecond, parameters: { unit: 'seconds', delta: 0 }, key: 'bad' }),
    ).toThrow(/positive integer delta/);
  });
});
