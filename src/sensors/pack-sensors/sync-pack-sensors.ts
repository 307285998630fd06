import path from 'node:path';

import type { SnapshotSwap } from '../../snapshot/content-manager.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { SensorSupervisor } from './sensor-supervisor.js';

/** What syncing drives: the supervisor, or the supervisor behind a cluster lease. */
export type PackSensorTarget = Pick<SensorSupervisor, 'upsert' | 'delete' | 'reload'>;

/**
 * Starts new pack sensors, stops removed ones, and restarts only the sensors whose metadata, module
 * folder or pack config changed.
 */
export async function syncPackSensors(
  supervisor: PackSensorTarget,
  home: string,
  { previous, next, changedPaths }: SnapshotSwap,
): Promise<void> {
  for (const ref of previous?.sensors.keys() ?? []) {
    if (!next.sensors.has(ref)) await supervisor.delete(ref);
  }
  const configs = path.join(home, 'configs');
  // Sensors of a pack share one folder: a file that is some sensor's own module or metadata
  // restarts that sensor only; any other file there (a shared helper) restarts them all.
  const ownFiles = new Set([...next.sensors.values()].flatMap((sensor) => [sensor.entryPath, sensor.file]));
  const touches = (definition: SensorDefinition): boolean => {
    const moduleDir = path.dirname(definition.entryPath) + path.sep;
    return [...changedPaths].some(
      (file) =>
        file === definition.entryPath ||
        (file.startsWith(moduleDir) && !ownFiles.has(file)) ||
        file === path.join(configs, `${definition.pack}.yaml`),
    );
  };
  for (const definition of next.sensors.values()) {
    const before = previous?.sensors.get(definition.ref);
    if (!before || JSON.stringify(before) !== JSON.stringify(definition)) await supervisor.upsert(definition);
    else if (touches(definition)) await supervisor.reload(definition.ref);
  }
}
