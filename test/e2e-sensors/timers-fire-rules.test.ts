import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  finishedExecutions,
  instancesOf,
  rule,
  startSensorEngine,
  until,
  type SensorEngine,
} from './helpers/sensor-engine.js';

/** Wall time of `epochMs` in `timeZone` as st2 users write DateTimer dates: `YYYY-MM-DD HH:MM:SS`. */
function wallTime(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

const echoExecutedAt = {
  ref: 'core.local',
  parameters: { cmd: 'echo "fired {{ trigger.executed_at }}"' },
};

describe('timers fire YAML rules through the engine into recorded executions', () => {
  let harness: SensorEngine;
  let dateDue: number;

  beforeAll(async () => {
    // Two whole seconds ahead (date resolution is one second), written as Tokyo wall time.
    dateDue = (Math.floor(Date.now() / 1000) + 3) * 1000;
    harness = await startSensorEngine({
      files: Object.fromEntries([
        rule({
          name: 'every_second',
          trigger: 'core.st2.IntervalTimer',
          parameters: { unit: 'seconds', delta: 1 },
          action: echoExecutedAt,
        }),
        rule({
          name: 'even_seconds',
          trigger: 'core.st2.CronTimer',
          parameters: { second: '*/2', timezone: 'UTC' },
          action: echoExecutedAt,
        }),
        rule({
          name: 'once_in_tokyo',
          trigger: 'core.st2.DateTimer',
          parameters: { date: wallTime(dateDue, 'Asia/Tokyo'), timezone: 'Asia/Tokyo' },
          action: echoExecutedAt,
        }),
        rule({
          name: 'in_the_past',
          trigger: 'core.st2.DateTimer',
          parameters: { date: '2001-01-01 00:00:00', timezone: 'UTC' },
        }),
      ]),
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('a 1-second IntervalTimer runs its action every second with st2 payload {executed_at, schedule}', async () => {
    const { engine } = harness;
    const executions = await until(async () => {
      const done = await finishedExecutions(engine, 'every_second');
      return done.length >= 3 && done;
    }, 'three interval executions');
    expect(executions.every((execution) => execution.status === 'succeeded')).toBe(true);
    expect(executions[0]?.stdout).toMatch(/^fired \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);

    const instances = (await instancesOf(engine, 'core.st2.IntervalTimer')).slice(0, 3);
    expect(instances[0]?.payload).toMatchObject({ schedule: { unit: 'seconds', delta: 1 } });
    expect(instances[0]?.trigger_parameters).toEqual({ unit: 'seconds', delta: 1 });
    const times = instances.map((instance) => Date.parse(instance.occurrence_time));
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(700);
      expect(times[i]! - times[i - 1]!).toBeLessThan(1600);
    }
  });

  it('a CronTimer with second: "*/2" fires on even seconds only', async () => {
    const executions = await until(async () => {
      const done = await finishedExecutions(harness.engine, 'even_seconds');
      return done.length >= 2 && done;
    }, 'two cron executions');
    for (const execution of executions) {
      expect(execution.status).toBe('succeeded');
      const seconds = Number(/:(\d{2})\.\d{6}\+00:00$/.exec(execution.stdout)?.[1]);
      expect(seconds % 2).toBe(0);
    }
    const instances = await instancesOf(harness.engine, 'core.st2.CronTimer');
    expect(instances[0]?.payload).toMatchObject({ schedule: { second: '*/2', timezone: 'UTC' } });
  });

  it('a DateTimer in another time zone fires once at its instant; one in the past never fires', async () => {
    const [execution] = await until(async () => {
      const done = await finishedExecutions(harness.engine, 'once_in_tokyo');
      return done.length >= 1 && done;
    }, 'the DateTimer execution');
    expect(execution?.status).toBe('succeeded');
    const firedAt = Date.parse(execution!.stdout.replace(/^fired (\S+) (\S+)\+00:00$/, '$1T$2Z'));
    expect(firedAt).toBeGreaterThanOrEqual(dateDue);
    expect(firedAt).toBeLessThan(dateDue + 500);

    // Let the interval timer fire twice more: the date timer must not fire again meanwhile.
    const seen = (await instancesOf(harness.engine, 'core.st2.IntervalTimer')).length;
    await until(
      async () => (await instancesOf(harness.engine, 'core.st2.IntervalTimer')).length >= seen + 2,
      'two more interval ticks',
    );
    const dated = await instancesOf(harness.engine, 'core.st2.DateTimer');
    expect(dated).toHaveLength(1);
    expect(dated[0]?.trigger_parameters).toMatchObject({ timezone: 'Asia/Tokyo' });
    expect(await finishedExecutions(harness.engine, 'in_the_past')).toEqual([]);
  });
});
