import type { Datastore } from '../datastore/datastore.js';
import type { TriggerDispatcher } from '../domain/trigger.js';
import type { Logger } from '../common/logger.js';
import { createFileWatchSensor } from './files/file-watch-sensor.js';
import { SensorSupervisor, type SensorProcessEvent } from './pack-sensors/sensor-supervisor.js';
import type { SensorDatastore } from './pack-sensors/sensor-datastore.js';
import type { PythonSensorOptions } from './pack-sensors/python-sensor-launch.js';
import type { TriggerSensor } from './sensor.js';
import { createTimerSensor } from './timers/timer-sensor.js';
import { createWebhookSensor, WebhookRegistry } from './webhooks/webhook-registry.js';

export interface BuiltinSensors {
  /** Timers, file watches, webhooks and pack sensors, for the trigger-use router. */
  all: TriggerSensor[];
  /** Webhook urls that rules listen on; the API serves them. */
  webhooks: WebhookRegistry;
  packSensors: SensorSupervisor;
}

export interface BuiltinSensorDeps {
  dispatcher: TriggerDispatcher;
  logger: Logger;
  datastore: Datastore;
  packConfig: (pack: string) => Promise<Record<string, unknown>>;
  onProcessEvent: (event: SensorProcessEvent) => void;
  /** Python sensors: the home (virtualenvs) and squall.yaml's `python:`. */
  python?: PythonSensorOptions;
}

/** The sensors every engine runs; they provide the built-in trigger types. */
export function createBuiltinSensors(deps: BuiltinSensorDeps, enabled: boolean): BuiltinSensors {
  const context = { dispatcher: deps.dispatcher, logger: deps.logger };
  const webhooks = new WebhookRegistry();
  const packSensors = new SensorSupervisor({
    dispatcher: deps.dispatcher,
    logger: deps.logger,
    datastore: sensorDatastore(deps.datastore),
    packConfig: deps.packConfig,
    onProcessEvent: deps.onProcessEvent,
    ...(deps.python ? { python: deps.python } : {}),
  });
  const all: TriggerSensor[] = [createWebhookSensor(context, webhooks)];
  if (enabled) all.push(createTimerSensor(context), createFileWatchSensor(context), packSensors);
  return { all, webhooks, packSensors };
}

/** Pack sensors reach the datastore in the system scope. */
function sensorDatastore(datastore: Datastore): SensorDatastore {
  return {
    async get(key, options) {
      return (await datastore.get('system', key, { decrypt: options.decrypt }))?.value ?? null;
    },
    async set(key, value, options) {
      await datastore.set('system', key, value, {
        secret: options.encrypt,
        ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }),
      });
    },
    async list(prefix) {
      return (await datastore.list('system', prefix)).map((pair) => ({
        key: pair.key,
        value: pair.secret ? '********' : pair.value,
      }));
    },
    delete: (key) => datastore.delete('system', key),
  };
}
