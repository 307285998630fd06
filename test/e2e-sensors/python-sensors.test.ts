import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { instancesOf, rule, startSensorEngine, until, type SensorEngine } from './helpers/sensor-engine.js';

const TICKER = `from st2reactor.sensor.base import PollingSensor


class Ticker(PollingSensor):
    def __init__(self, sensor_service, config=None, poll_interval=5):
        super(Ticker, self).__init__(sensor_service=sensor_service, config=config, poll_interval=poll_interval)
        self._n = 0
        self._log = self.sensor_service.get_logger(__name__)

    def setup(self):
        self._log.info("ticker set up, every %s s", self.get_poll_interval())

    def poll(self):
        self._n += 1
        if self._n == 2:
            # Refused by the payload schema: logged, never raised into the sensor.
            self.sensor_service.dispatch(trigger="e2e.tick", payload={"n": "two"})
        self.sensor_service.dispatch(trigger="e2e.tick", payload={"n": self._n, "site": self.config["site"]})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
`;

const WATCHER = `from st2reactor.sensor.base import PollingSensor


class Watcher(PollingSensor):
    def setup(self):
        self._last = None

    def poll(self):
        value = self.sensor_service.get_value("watched", local=False)
        polls = int(self.sensor_service.get_value("polls") or 0) + 1
        self.sensor_service.set_value("polls", str(polls))
        if value is not None and value != self._last:
            self._last = value
            self.sensor_service.dispatch("e2e.seen", {"value": value})

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
`;

const ANNOUNCER = `import threading

from st2reactor.sensor.base import Sensor


class Announcer(Sensor):
    def setup(self):
        self._triggers = {}
        self._stop = threading.Event()

    def run(self):
        while not self._stop.wait(0.1):
            for ref, trigger in list(self._triggers.items()):
                name = trigger["parameters"]["name"]
                self.sensor_service.dispatch(trigger=ref, payload={"name": name, "ref": ref})

    def cleanup(self):
        self._stop.set()

    def add_trigger(self, trigger):
        self._triggers[trigger["ref"]] = trigger

    def update_trigger(self, trigger):
        self._triggers[trigger["ref"]] = trigger

    def remove_trigger(self, trigger):
        self._triggers.pop(trigger["ref"], None)
`;

const BROKEN = `from st2reactor.sensor.base import PollingSensor


class Broken(PollingSensor):
    def setup(self):
        pass

    def poll(self):
        return 1 / 0

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
`;

const metadata = (
  className: string,
  module: string,
  triggers: string,
  poll = 'poll_interval: 0.2\n',
): string => `class_name: ${className}\nentry_point: ${module}\n${poll}trigger_types:\n${triggers}`;

describe('Python sensors (st2reactor.sensor.base) run under the sensor supervisor', () => {
  let harness: SensorEngine;

  beforeAll(async () => {
    harness = await startSensorEngine({
      files: Object.fromEntries([
        ['packs/e2e/config.schema.yaml', 'site:\n  type: string\n  default: lab\n'],
        [
          'packs/e2e/sensors/ticker.yaml',
          metadata(
            'Ticker',
            'ticker.py',
            '  - name: tick\n    payload_schema:\n      type: object\n      properties:\n        n: { type: integer }\n      required: [n]\n',
          ),
        ],
        ['packs/e2e/sensors/ticker.py', TICKER],
        ['packs/e2e/sensors/watcher.yaml', metadata('Watcher', 'watcher.py', '  - name: seen\n')],
        ['packs/e2e/sensors/watcher.py', WATCHER],
        [
          'packs/e2e/sensors/announcer.yaml',
          metadata(
            'Announcer',
            'announcer.py',
            '  - name: announced\n    parameters_schema:\n      type: object\n      properties:\n        name: { type: string }\n',
            '',
          ),
        ],
        ['packs/e2e/sensors/announcer.py', ANNOUNCER],
        ['packs/e2e/sensors/broken.yaml', metadata('Broken', 'broken.py', '  - name: never\n')],
        ['packs/e2e/sensors/broken.py', BROKEN],
        rule({ name: 'on_tick', trigger: 'e2e.tick' }),
        rule({ name: 'on_seen', trigger: 'e2e.seen' }),
        rule({ name: 'on_alice', trigger: 'e2e.announced', parameters: { name: 'alice' } }),
      ]),
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('a PollingSensor polls at once, then every poll_interval, with the pack config; invalid payloads are refused', async () => {
    const ticks = await until(async () => {
      const found = await instancesOf(harness.engine, 'e2e.tick');
      return found.filter((instance) => instance.status !== 'invalid').length >= 3 && found;
    }, 'three ticks');
    const valid = ticks.filter((instance) => instance.status !== 'invalid');
    expect(valid.slice(0, 3).map((instance) => instance.payload)).toEqual([
      { n: 1, site: 'lab' },
      { n: 2, site: 'lab' },
      { n: 3, site: 'lab' },
    ]);
    expect(ticks.filter((instance) => instance.status === 'invalid').map((i) => i.payload)).toEqual([
      { n: 'two' },
    ]);
    const status = harness.engine.sensorStatus().find((sensor) => sensor.ref === 'e2e.Ticker');
    expect(status?.state).toBe('running');
  });

  it('a sensor reads the datastore and keeps its own keys in <pack>.<Class>:', async () => {
    await harness.engine.datastore.set('system', 'watched', 'first');
    await until(async () => {
      const seen = await instancesOf(harness.engine, 'e2e.seen');
      return seen.some((instance) => (instance.payload as { value: string }).value === 'first');
    }, 'the first value seen');
    await harness.engine.datastore.set('system', 'watched', 'second');
    const seen = await until(async () => {
      const found = await instancesOf(harness.engine, 'e2e.seen');
      return found.length >= 2 && found;
    }, 'the second value seen');
    expect(seen.map((instance) => instance.payload)).toEqual([{ value: 'first' }, { value: 'second' }]);
    const polls = await harness.engine.datastore.get('system', 'e2e.Watcher:polls');
    expect(Number(polls?.value)).toBeGreaterThan(1);
  });

  it('add_trigger gets the trigger as StackStorm passes it; dispatching its ref fires the rules with those parameters', async () => {
    const instance = await until(
      async () => (await instancesOf(harness.engine, 'e2e.announced'))[0],
      'an announcement',
    );
    expect(instance.trigger_parameters).toEqual({ name: 'alice' });
    expect(instance.payload).toMatchObject({
      name: 'alice',
      ref: expect.stringMatching(/^e2e\.[0-9a-f-]{36}$/),
    });
    await until(
      async () => (await harness.engine.store.listExecutions({ rule: 'e2e.on_alice', limit: 1 })).length > 0,
      'the parameterised rule to run',
    );
  });

  it('an exception in poll() ends the process with its traceback, and the supervisor restarts it', async () => {
    const status = await until(
      () => {
        const broken = harness.engine.sensorStatus().find((sensor) => sensor.ref === 'e2e.Broken');
        return broken && broken.restarts >= 1 && broken;
      },
      'the broken sensor to be restarted',
      15_000,
    );
    expect(status.lastError).toContain('ZeroDivisionError');
  });
});
