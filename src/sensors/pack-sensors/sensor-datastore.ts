/**
 * The datastore as pack sensors reach it (system scope). The engine implements it over the Store and
 * its secret handling; the supervisor adds the sensor-local `<pack>.<ClassName>:` prefix for local keys.
 */
export interface SensorDatastore {
  /** Resolves null for a missing or expired key. Secret values are returned decrypted only with `decrypt`. */
  get(key: string, options: { decrypt: boolean }): Promise<string | null>;
  /** `ttl` in seconds. */
  set(key: string, value: string, options: { ttl?: number; encrypt: boolean }): Promise<void>;
  /** Keys starting with `prefix` (full names), secrets masked. */
  list(prefix: string): Promise<Array<{ key: string; value: string }>>;
  delete(key: string): Promise<boolean>;
}

/** st2's local namespace for a sensor's keys. */
export function sensorKeyPrefix(pack: string, className: string): string {
  return `${pack}.${className}:`;
}
