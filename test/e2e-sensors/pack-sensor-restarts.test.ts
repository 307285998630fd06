import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SensorProcessEvent } from '../../src/sensors/pack-sensors/sensor-supervisor.js';
import {
  finishedExecutions,
  instancesOf,
  rule,
  startSensorEngine,
  until,
  type SensorEngine,
} from './helpers/sensor-engine.js';

/** Counts its lives in the datastore; its first life crashes on the third poll. */
const flakyModule = (version: number): string => `
export default class Flaky {
  constructor(service) { this.service = service; this.n = 0; }
  async setup() {
    this.life = Number((await this.service.datastore.get('lives')) ?? 0) + 1;
    await this.service.datastore.set('lives', String(this.life));
  }
  async poll() {
    this.n += 1;
    await this.service.dispatch('e2e.beat', { life: this.life, n: this.n, version: ${version} });
    if (this.life === 1 && this.n === 3) throw new Error('flaky boom in life ' + this.life);
  }
}
`;

const STEADY = `
export function createSteady(service) {
  let n = 0;
  return { poll: () => service.dispatch('e2e.pulse', { n: ++n }) };
}
export default createSteady;
`;

const metadata = (className: string, module: string, trigger: string): string => `class_name: ${className}
entry_point: ${module}
description: e2e sensor ${className}
poll_interval: 0.2
trigger_types:
  - name: ${trigger}
    payload_schema:
      type: object
      properties:
        n: { type: integer }
      required: [n]
`;

interface Beat {
  life: number;
  n: number;
  version: number;
}

describe('pack sensors run isolated: a crash restarts only that sensor while timers keep firing', () => {
  let harness: SensorEngine;
  let flakyFile: string;

  beforeAll(async () => {
    harness = await startSensorEngine({
      watch: true,
      files: Object.fromEntries([
        ['packs/e2e/sensors/flaky.yaml', metadata('Flaky', 'flaky.mjs', 'beat')],
        ['packs/e2e/sensors/flaky.mjs', flakyModule(1)],
        ['packs/e2e/sensors/steady.yaml', metadata('Steady', 'steady.mjs', 'pulse')],
        ['packs/e2e/sensors/steady.mjs', STEADY],
        rule({ name: 'on_beat', trigger: 'e2e.beat' }),
        rule({ name: 'on_pulse', trigger: 'e2e.pulse' }),
        rule({ name: 'tick', trigger: 'core.st2.IntervalTimer', parameters: { unit: 'seconds', delta: 1 } }),
        rule({
          name: 'on_sensor_exit',
          trigger: 'core.st2.sensor.process_exit',
          criteria: { 'trigger.object.reason': { type: 'equals', pattern: 'crashed' } },
          action: {
            ref: 'core.local',
            parameters: { cmd: 'echo "{{ trigger.object.sensor }} {{ trigger.object.reason }}"' },
          },
        }),
      ]),
    });
    flakyFile = path.join(harness.temp.home, 'packs/e2e/sensors/flaky.mjs');
  });
  afterAll(async () => {
    await harness.stop();
  });

  const beats = async (): Promise<Beat[]> =>
    (await instancesOf(harness.engine, 'e2e.beat')).map((instance) => instance.payload as Beat);
  const status = (ref: string) => harness.engine.sensorStatus().find((sensor) => sensor.ref === ref);

  it('a sensor that crashes is reported, restarted with backoff, and its events reach rules again', async () => {
    const { engine } = harness;
    await until(
      async () => (await beats()).some((beat) => beat.life === 2),
      'a beat from the second life',
      15_000,
    );

    const [exit] = await instancesOf(engine, 'core.st2.sensor.process_exit');
    const event = (exit?.payload as { object: SensorProcessEvent }).object;
    expect(event).toMatchObject({ type: 'exit', sensor: 'e2e.Flaky', reason: 'crashed', willRestart: true });
    expect(event.type === 'exit' && event.error).toMatch(/flaky boom in life 1/);
    const spawns = await instancesOf(engine, 'core.st2.sensor.process_spawn');
    expect(
      spawns.filter((s) => JSON.stringify(s.payload).includes('e2e.Flaky')).length,
    ).toBeGreaterThanOrEqual(2);

    const crashRun = await until(async () => {
      const done = await finishedExecutions(engine, 'on_sensor_exit');
      return done[0];
    }, 'the rule on process_exit to run');
    expect(crashRun).toMatchObject({ status: 'succeeded', stdout: 'e2e.Flaky crashed' });

    expect(status('e2e.Flaky')).toMatchObject({ state: 'running', restarts: 1 });
    expect(status('e2e.Flaky')?.lastError).toMatch(/flaky boom/);
    expect(status('e2e.Steady')).toMatchObject({ state: 'running', restarts: 0, lastError: null });

    // Lives 1 and 2 both reached the rule; the steady sensor and the timer never paused.
    const beatRuns = await until(async () => {
      const done = await finishedExecutions(engine, 'on_beat');
      return done.length >= 4 && done;
    }, 'beat executions from both lives');
    const lives = new Set<number>();
    for (const run of beatRuns) {
      const instance = await engine.store.getTriggerInstance(run.trigger_instance!);
      lives.add((instance?.payload as Beat).life);
    }
    expect([...lives].sort()).toEqual([1, 2]);
    const crashedAt = Date.parse(exit!.occurrence_time);
    await until(
      async () =>
        (await instancesOf(engine, 'core.st2.IntervalTimer')).some(
          (tick) => Date.parse(tick.occurrence_time) > crashedAt + 1000,
        ),
      'a timer tick after the restart',
    );
    const ticks = (await instancesOf(engine, 'core.st2.IntervalTimer')).map((tick) =>
      Date.parse(tick.occurrence_time),
    );
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeLessThan(1600);
    const pulsesAround = (await instancesOf(engine, 'e2e.pulse')).filter((pulse) => {
      const at = Date.parse(pulse.occurrence_time);
      return at > crashedAt && at < crashedAt + 1000;
    });
    expect(pulsesAround.length).toBeGreaterThanOrEqual(3);
  });

  it('editing a sensor module while running restarts that sensor only, with the new code', async () => {
    const steadyPid = status('e2e.Steady')?.pid;
    const flakyPid = status('e2e.Flaky')?.pid;
    expect(steadyPid).toBeTypeOf('number');
    await writeFile(flakyFile, flakyModule(2));

    await until(
      async () => (await beats()).some((beat) => beat.version === 2),
      'a beat from the edited module',
      15_000,
    );
    await until(() => status('e2e.Flaky')?.state === 'running', 'the edited sensor to be running');
    expect(status('e2e.Flaky')?.pid).not.toBe(flakyPid);
    expect(status('e2e.Steady')).toMatchObject({ pid: steadyPid, restarts: 0, state: 'running' });

    const exits = (await instancesOf(harness.engine, 'core.st2.sensor.process_exit')).map(
      (instance) => (instance.payload as { object: SensorProcessEvent }).object,
    );
    expect(exits.map((exit) => exit.type === 'exit' && `${exit.sensor} ${exit.reason}`)).toEqual([
      'e2e.Flaky crashed',
      'e2e.Flaky stopped',
    ]);
  });
});
