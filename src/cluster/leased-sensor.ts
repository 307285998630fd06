import type { TriggerSensor } from '../sensors/sensor.js';
import type { LeaseKeeper } from './lease-keeper.js';

/**
 * A sensor whose every trigger use (a timer) runs on one node of the cluster: the node holding the
 * lease `<sensor>:<use key>` runs it; when that node dies its lease expires and another takes it.
 */
export function leasedSensor(inner: TriggerSensor, keeper: LeaseKeeper): TriggerSensor {
  const leaseName = (key: string) => `${inner.name}:${key}`;
  const running = new Set<string>();
  return {
    name: inner.name,
    get triggerTypes() {
      return inner.triggerTypes;
    },
    add(use) {
      keeper.want(leaseName(use.key), {
        acquired: () => {
          running.add(use.key);
          inner.add(use);
        },
        lost: () => {
          running.delete(use.key);
          inner.remove(use);
        },
      });
    },
    remove(use) {
      keeper.unwant(leaseName(use.key));
      if (running.delete(use.key)) inner.remove(use);
    },
    async stop() {
      running.clear();
      await inner.stop();
    },
  };
}
