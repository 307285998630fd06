import type { EventBus } from '../bus/event-bus.js';
import { leasedPackSensors } from '../cluster/leased-pack-sensors.js';
import { leasedSensor } from '../cluster/leased-sensor.js';
import type { LeaseKeeper } from '../cluster/lease-keeper.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { Datastore } from '../datastore/datastore.js';
import type { TriggerDispatcher } from '../domain/trigger.js';
import type { SnapshotSource, SnapshotSwap } from '../snapshot/content-manager.js';
import { TriggerUseRouter } from '../snapshot/trigger-uses.js';
import { createFileWatchSensor } from './files/file-watch-sensor.js';
import type { PythonSensorOptions } from './pack-sensors/python-sensor-launch.js';
import type { SensorDatastore } from './pack-sensors/sensor-datastore.js';
import { SensorSupervisor, type SensorStatus } from './pack-sensors/sensor-supervisor.js';
import { syncPackSensors } from './pack-sensors/sync-pack-sensors.js';
import type { TriggerSensor } from './sensor.js';
import { createTimerSensor } from './timers/timer-sensor.js';
import { createWebhookSensor, WebhookRegistry } from './webhooks/webhook-registry.js';

export interface SensorsStageNeeds {
  home: string;
  content: SnapshotSource;
  dispatcher: TriggerDispatcher;
  datastore: Datastore;
  bus: EventBus;
  packConfig: (pack: string) => Promise<Record<string, unknown>>;
  logger: Logger;
  /** Run timers, file watches and pack sensors; webhooks are always routed (the API serves them). */
  runSensors: boolean;
  /** In-process sensors an embedder adds. */
  extraSensors?: readonly TriggerSensor[];
  /** Python sensors: the home (virtualenvs) and squall.yaml's `python:`. */
  python?: PythonSensorOptions;
  /** In a cluster: timers and pack sensors run on the node holding their lease (docs/scaling.md). */
  leases?: LeaseKeeper;
}

export interface SensorsStage extends Stage {
  /** Webhook urls that enabled rules listen on; the API serves them. */
  readonly webhooks: WebhookRegistry;
  /** Pack sensors: state, restarts, last error. */
  status(): SensorStatus[];
}

/**
 * Where events come from. Follows the serving snapshot: a timer, hook or watch exists exactly while
 * an enabled rule uses it, and pack sensors start, stop and restart with their content.
 */
export function createSensorsStage(needs: SensorsStageNeeds): SensorsStage {
  const context = { dispatcher: needs.dispatcher, logger: needs.logger };
  const webhooks = new WebhookRegistry();
  const packSensors = new SensorSupervisor({
    dispatcher: needs.dispatcher,
    logger: needs.logger,
    datastore: sensorDatastore(needs.datastore),
    packConfig: needs.packConfig,
    onProcessEvent: (event) => needs.bus.publish('sensor.process', event),
    ...(needs.python ? { python: needs.python } : {}),
  });
  const leases = needs.leases;
  const timers = leases ? leasedSensor(createTimerSensor(context), leases) : createTimerSensor(context);
  const packTarget = leases ? leasedPackSensors(packSensors, leases) : packSensors;
  const sensors: TriggerSensor[] = [createWebhookSensor(context, webhooks)];
  if (needs.runSensors) {
    sensors.push(
      timers,
      createFileWatchSensor(context),
      leases ? allPackTriggers(packSensors, needs.content) : packSensors,
    );
  }
  sensors.push(...(needs.extraSensors ?? []));
  const router = new TriggerUseRouter(sensors, (use, error) => {
    needs.logger.error(
      { trigger: use.type, parameters: use.parameters, err: errorMessage(error) },
      'a sensor refused a trigger used by rules',
    );
  });
  const follow = async (swap: SnapshotSwap): Promise<void> => {
    if (needs.runSensors) await syncPackSensors(packTarget, needs.home, swap);
    const changes = router.apply(swap.next);
    if (swap.previous && changes.added.length + changes.removed.length > 0) {
      needs.logger.info(
        { version: swap.next.version, added: changes.added.length, removed: changes.removed.length },
        `triggers used by rules: +${changes.added.length} -${changes.removed.length}`,
      );
    }
  };
  let unfollow: (() => void) | undefined;
  return {
    name: 'sensors',
    webhooks,
    status: () => packSensors.list(),
    async start() {
      unfollow = needs.content.onSwap(follow);
      await follow({ previous: undefined, next: needs.content.current(), changedPaths: new Set() });
    },
    async stop() {
      unfollow?.();
      router.clear();
      await Promise.all(sensors.map((sensor) => sensor.stop()));
    },
  };
}

/**
 * The pack sensors as the trigger router sees them in a cluster: providing the trigger types of
 * every sensor of the content, running here or not, so a sensor that starts here later (its lease
 * moved) is handed the trigger uses it provides.
 */
function allPackTriggers(packSensors: SensorSupervisor, content: SnapshotSource): TriggerSensor {
  return {
    name: packSensors.name,
    get triggerTypes() {
      return [...content.current().sensors.values()].flatMap((sensor) => sensor.triggerTypes);
    },
    add: (use) => packSensors.add(use),
    remove: (use) => packSensors.remove(use),
    stop: () => packSensors.stop(),
  };
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
