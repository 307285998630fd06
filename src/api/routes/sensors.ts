import type { FastifyInstance } from 'fastify';

import type { Engine } from '../../engine/engine.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { SensorState, SensorStatus } from '../../sensors/pack-sensors/sensor-supervisor.js';
import { stringParam, type QueryString } from '../query-params.js';
import { notFound } from '../not-found.js';

/** st2's SensorTypeAPI fields, plus the supervisor's view of the sensor's process. */
export interface SensorView {
  ref: string;
  uid: string;
  pack: string;
  class_name: string;
  description: string;
  enabled: boolean;
  entry_point: string;
  poll_interval: number | null;
  trigger_types: string[];
  /** `stopped` for every sensor when this engine does not run pack sensors (a CLI in-process). */
  state: SensorState;
  pid: number | null;
  restarts: number;
  last_error: string | null;
  started_at: string | null;
  next_restart_at: string | null;
  metadata_file: string;
}

/** `GET /sensors` (`?pack=`) and `GET /sensors/:ref`: pack sensors with state, restarts and last error. */
export function registerSensorRoutes(app: FastifyInstance, engine: Engine): void {
  const views = (): SensorView[] => {
    const statuses = new Map(engine.sensorStatus().map((status) => [status.ref, status]));
    return [...engine.snapshot().sensors.values()]
      .map((definition) => serializeSensor(definition, statuses.get(definition.ref)))
      .sort((a, b) => a.ref.localeCompare(b.ref));
  };

  app.get<{ Querystring: QueryString }>('/sensors', async (request) => {
    const pack = stringParam(request.query, 'pack');
    return views().filter((sensor) => pack === undefined || sensor.pack === pack);
  });

  app.get<{ Params: { ref: string } }>('/sensors/:ref', async (request) => {
    const found = views().find((sensor) => sensor.ref === request.params.ref);
    if (!found) throw notFound(`sensor "${request.params.ref}" is not loaded`, 'sensors', 'E_UNKNOWN_SENSOR');
    return found;
  });
}

export function serializeSensor(definition: SensorDefinition, status: SensorStatus | undefined): SensorView {
  return {
    ref: definition.ref,
    uid: `sensor_type:${definition.pack}:${definition.className}`,
    pack: definition.pack,
    class_name: definition.className,
    description: definition.description ?? '',
    enabled: definition.enabled,
    entry_point: definition.entryPoint,
    poll_interval: definition.pollInterval ?? null,
    trigger_types: definition.triggerTypes.map((type) => type.ref),
    state: status?.state ?? idleState(definition),
    pid: status?.pid ?? null,
    restarts: status?.restarts ?? 0,
    last_error:
      status?.lastError ??
      (definition.runtime === 'unsupported' ? (definition.unsupportedReason ?? null) : null),
    started_at: status?.startedAt ?? null,
    next_restart_at: status?.nextRestartAt ?? null,
    metadata_file: definition.file,
  };
}

function idleState(definition: SensorDefinition): SensorState {
  if (definition.runtime === 'unsupported') return 'unsupported';
  return definition.enabled ? 'stopped' : 'disabled';
}
