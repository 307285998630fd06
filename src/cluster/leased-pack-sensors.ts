import type { PackSensorTarget } from '../sensors/pack-sensors/sync-pack-sensors.js';
import type { SensorDefinition } from '../snapshot/model/sensor-definition.js';
import type { LeaseKeeper } from './lease-keeper.js';

/**
 * Pack sensors run once per cluster: each sensor's process runs on the node holding the lease
 * `pack-sensor:<ref>`, and moves to another node when that one dies (its lease expires).
 */
export function leasedPackSensors(inner: PackSensorTarget, keeper: LeaseKeeper): PackSensorTarget {
  const definitions = new Map<string, SensorDefinition>();
  const running = new Set<string>();
  const leaseName = (ref: string) => `pack-sensor:${ref}`;
  return {
    async upsert(definition) {
      definitions.set(definition.ref, definition);
      if (running.has(definition.ref)) return inner.upsert(definition);
      keeper.want(leaseName(definition.ref), {
        acquired: () => {
          const current = definitions.get(definition.ref);
          if (!current) return;
          running.add(current.ref);
          // The supervisor reports a sensor that fails to start; the lease stays with this node.
          inner.upsert(current).catch(() => running.delete(current.ref));
        },
        lost: () => {
          running.delete(definition.ref);
          inner.delete(definition.ref).catch(() => undefined);
        },
      });
    },
    async delete(ref) {
      definitions.delete(ref);
      keeper.unwant(leaseName(ref));
      if (running.delete(ref)) await inner.delete(ref);
    },
    async reload(ref) {
      if (running.has(ref)) await inner.reload(ref);
    },
  };
}
