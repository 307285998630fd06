import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { TriggerType } from '../../src/snapshot/model/trigger-type.js';
import { silentLogger } from '../../src/common/logger.js';
import { loadSensorFile } from '../../src/sensors/pack-sensors/load-sensor-file.js';
import type { SensorDefinition } from '../../src/snapshot/model/sensor-definition.js';
import {
  SensorSupervisor,
  type SensorProcessEvent,
  type SensorSupervisorOptions,
} from '../../src/sensors/pack-sensors/sensor-supervisor.js';
import { memorySensorDatastore } from './helpers/memory-sensor-datastore.js';
import { recordingDispatcher, sleep } from './helpers/recording-dispatcher.js';

const TICKER = `
export default class Ticker {
  constructor(service, config) { this.service = service; this.config = config; this.count = 0; }
  async setup() { this.count = Number((await this.service.datastore.get('count')) ?? 0); }
  async poll() {
    this.count += 1;
    await this.service.datastore.set('count', String(this.count));
    await this.service.dispatch('demo.tick', { count: this.count, greeting: this.config.greeting }, 'trace-' + this.count);
  }
}
`;
const CRASHER = `
export default class Crasher {
  poll() { throw new Error('boom from crasher'); }
}
`;
const HUNG = `
export default class Hung {
  run() { setTimeout(() => { for (;;) {} }, 200); }
}
`;
const WATCHER_TS = `
interface Trigger { id: string; type: string; parameters: Record<string, unknown> }
interface Service { dispatch(trigger: string, payload: unknown): Promise<string> }
export default function createWatcher(service: Service) {
  return {
    run(): void {},
    async add_trigger(trigger: Trigger): Promise<void> {
      await service.dispatch('demo.watched', { name: String(trigger.parameters['name']) });
    },
  };
}
`;

const TYPES: TriggerType[] = [
  { ref: 'demo.tick', pack: 'demo', name: 'tick', payload_schema: { type: 'object', required: ['count'] } },
  { ref: 'demo.watched', pack: 'demo', name: 'watched', payload_schema: { type: 'object' } },
  { ref: 'demo.never', pack: 'demo', name: 'never' },
];

describe('SensorSupervisor', () => {
  let packDir: string;
  let supervisor: SensorSupervisor | undefined;

  beforeEach(async () => {
    packDir = await mkdtemp(path.join(tmpdir(), 'squall-pack-sensors-'));
    await mkdir(path.join(packDir, 'sensors'));
  });
  afterEach(async () => {
    await supervisor?.stop();
    await rm(packDir, { recursive: true, force: true });
  });

  async function sensor(
    className: string,
    file: string,
    code: string,
    extra: string[] = [],
  ): Promise<SensorDefinition> {
    await writeFile(path.join(packDir, 'sensors', file), code);
    const meta = path.join(packDir, 'sensors', `${className}.yaml`);
    await writeFile(meta, [`class_name: ${className}`, `entry_point: ${file}`, ...extra, ''].join('\n'));
    return loadSensorFile(meta, { pack: 'demo', packDir });
  }

  function start(options: Partial<SensorSupervisorOptions> = {}) {
    const dispatcher = recordingDispatcher(TYPES);
    const events: SensorProcessEvent[] = [];
    const times: number[] = [];
    const datastore = memorySensorDatastore();
    supervisor = new SensorSupervisor({
      dispatcher,
      logger: silentLogger(),
      datastore,
      packConfig: (pack) => ({ greeting: `hello from ${pack}` }),
      onProcessEvent: (event) => {
        events.push(event);
        times.push(Date.now());
      },
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      heartbeatIntervalMs: 100,
      heartbeatTimeoutMs: 800,
      ...options,
    });
    return { dispatcher, events, times, datastore, supervisor };
  }

  it('runs a polling sensor in a child process that dispatches with its config and datastore', async () => {
    const { dispatcher, events, datastore, supervisor } = start();
    datastore.values.set('demo.Ticker:count', '41');
    await supervisor.upsert(await sensor('Ticker', 'ticker.mjs', TICKER, ['poll_interval: 0.1']));
    const calls = await dispatcher.waitFor(2, 8000);
    expect(calls[0]).toMatchObject({
      trigger: 'demo.tick',
      payload: { count: 42, greeting: 'hello from demo' },
      options: { traceTag: 'trace-42', source: 'sensor:demo.Ticker' },
    });
    expect(datastore.values.get('demo.Ticker:count')).toBeDefined();
    const [status] = supervisor.list();
    expect(status).toMatchObject({ ref: 'demo.Ticker', state: 'running', restarts: 0, lastError: null });
    expect(status!.pid).toBeGreaterThan(0);
    expect(status!.pid).not.toBe(process.pid);
    expect(events[0]).toMatchObject({ type: 'spawn', sensor: 'demo.Ticker' });
  });

  it("does not hand a sensor the engine's SQUALL_* secrets", async () => {
    const saved = process.env['SQUALL_SECRET_KEY'];
    process.env['SQUALL_SECRET_KEY'] = 'k'.repeat(64);
    try {
      const { dispatcher, supervisor } = start();
      const SNOOP = `export default class Snoop {
  async poll() { await this.service.dispatch('demo.tick', { count: 1, greeting: process.env.SQUALL_SECRET_KEY ?? 'absent' }); }
  constructor(service) { this.service = service; }
}`;
      await supervisor.upsert(await sensor('Snoop', 'snoop.mjs', SNOOP, ['poll_interval: 0.1']));
      const [call] = await dispatcher.waitFor(1, 8000);
      expect(call?.payload).toMatchObject({ greeting: 'absent' });
    } finally {
      if (saved === undefined) delete process.env['SQUALL_SECRET_KEY'];
      else process.env['SQUALL_SECRET_KEY'] = saved;
    }
  });

  it('restarts a crashing sensor with backoff, then marks it failed, while another keeps going', async () => {
    const { dispatcher, events, times, supervisor } = start({ maxQuickCrashes: 3 });
    await supervisor.upsert(await sensor('Ticker', 'ticker.mjs', TICKER, ['poll_interval: 0.1']));
    await supervisor.upsert(await sensor('Crasher', 'crasher.mjs', CRASHER, ['poll_interval: 1']));
    const deadline = Date.now() + 12_000;
    while (
      supervisor.list().find((s) => s.ref === 'demo.Crasher')?.state !== 'failed' &&
      Date.now() < deadline
    )
      await sleep(50);
    const crasher = supervisor.list().find((s) => s.ref === 'demo.Crasher')!;
    expect(crasher).toMatchObject({ state: 'failed', restarts: 2 });
    expect(crasher.lastError).toMatch(/boom from crasher/);
    const exits = events.filter((e) => e.type === 'exit' && e.sensor === 'demo.Crasher');
    expect(exits.map((e) => e.type === 'exit' && e.willRestart)).toEqual([true, true, false]);
    expect(exits.map((e) => e.type === 'exit' && [e.reason, e.code])).toEqual([
      ['crashed', 1],
      ['crashed', 1],
      ['crashed', 1],
    ]);
    const crasherTimes = events
      .map((e, i) => ({ e, at: times[i]! }))
      .filter(({ e }) => e.sensor === 'demo.Crasher')
      .map(({ e, at }) => ({ type: e.type, at }));
    expect(crasherTimes.map((t) => t.type)).toEqual(['spawn', 'exit', 'spawn', 'exit', 'spawn', 'exit']);
    // Backoff doubles: 100 ms after the first crash, 200 ms after the second.
    expect(crasherTimes[2]!.at - crasherTimes[1]!.at).toBeGreaterThanOrEqual(95);
    expect(crasherTimes[4]!.at - crasherTimes[3]!.at).toBeGreaterThanOrEqual(195);
    const before = dispatcher.calls.length;
    await dispatcher.waitFor(before + 2, 4000);
    expect(supervisor.list().find((s) => s.ref === 'demo.Ticker')).toMatchObject({
      state: 'running',
      restarts: 0,
    });
    await supervisor.reload('demo.Crasher');
    expect(supervisor.list().find((s) => s.ref === 'demo.Crasher')!.state).toBe('starting');
  });

  it('kills a sensor that stops answering heartbeats and restarts it', async () => {
    const { events, supervisor } = start({ maxQuickCrashes: 10 });
    await supervisor.upsert(await sensor('Hung', 'hung.mjs', HUNG));
    const deadline = Date.now() + 8000;
    while (!events.some((e) => e.type === 'exit') && Date.now() < deadline) await sleep(50);
    const exit = events.find((e) => e.type === 'exit');
    expect(exit).toMatchObject({
      type: 'exit',
      sensor: 'demo.Hung',
      reason: 'hung',
      signal: 'SIGKILL',
      willRestart: true,
    });
    expect(supervisor.list()[0]!.lastError).toMatch(/no heartbeat answer/);
    while (events.filter((e) => e.type === 'spawn').length < 2 && Date.now() < deadline) await sleep(50);
    expect(events.filter((e) => e.type === 'spawn')).toHaveLength(2);
  });

  it('runs a TypeScript factory sensor and passes it the trigger uses of its types', async () => {
    const { dispatcher, supervisor } = start();
    const definition = await sensor('Watcher', 'watcher.ts', WATCHER_TS, [
      'trigger_types:',
      '  - name: watched',
      '    parameters_schema: {type: object}',
    ]);
    supervisor.add({ type: 'demo.watched', parameters: { name: 'early' }, key: 'w1' });
    await supervisor.upsert(definition);
    expect(supervisor.triggerTypes.map((t) => t.ref)).toEqual(['demo.watched']);
    await dispatcher.waitFor(1, 8000);
    supervisor.add({ type: 'demo.watched', parameters: { name: 'late' }, key: 'w2' });
    const calls = await dispatcher.waitFor(2, 4000);
    expect(calls.map((c) => c.payload)).toEqual([{ name: 'early' }, { name: 'late' }]);
  });

  it('lists unsupported and disabled sensors without starting them, and stops cleanly', async () => {
    const { events, supervisor } = start();
    await supervisor.upsert(await sensor('Rb', 'rb_sensor.rb', '', []));
    await supervisor.upsert(await sensor('Off', 'off.mjs', TICKER, ['enabled: false']));
    await supervisor.upsert(await sensor('Ticker', 'ticker.mjs', TICKER, ['poll_interval: 5']));
    await supervisor.stop();
    expect(supervisor.list().map((s) => [s.ref, s.state])).toEqual([
      ['demo.Off', 'disabled'],
      ['demo.Rb', 'unsupported'],
      ['demo.Ticker', 'stopped'],
    ]);
    expect(events.filter((e) => e.type === 'exit')).toMatchObject([
      { sensor: 'demo.Ticker', reason: 'stopped', willRestart: false },
    ]);
  });
});
