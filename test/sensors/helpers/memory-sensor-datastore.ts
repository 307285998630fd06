import type { SensorDatastore } from '../../../src/sensors/pack-sensors/sensor-datastore.js';

/** The SensorDatastore contract over a Map, for tests (the engine's implementation uses the Store). */
export function memorySensorDatastore(): SensorDatastore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    async get(key) {
      return values.get(key) ?? null;
    },
    async set(key, value) {
      values.set(key, value);
    },
    async list(prefix) {
      return [...values].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => ({ key, value }));
    },
    async delete(key) {
      return values.delete(key);
    },
  };
}
