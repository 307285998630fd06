/**
 * What a pack sensor module sees (st2's sensor contract in JavaScript). A module's default export (or
 * the export named after `class_name`) is a class `new (service, config)` or a factory
 * `(service, config) => sensor`.
 */
export interface SensorTrigger {
  /** Stable id of the (type, parameters) trigger. */
  id: string;
  /** Trigger type ref, e.g. `mypack.new_issue`. */
  type: string;
  parameters: Record<string, unknown>;
}

export interface SensorLogger {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface DatastoreOptions {
  /** Key in this sensor's own namespace (`<pack>.<ClassName>:<key>`), as st2. @default true */
  local?: boolean;
}

export interface SensorDatastoreClient {
  get(key: string, options?: DatastoreOptions & { decrypt?: boolean }): Promise<string | null>;
  set(
    key: string,
    value: string,
    options?: DatastoreOptions & { ttl?: number; encrypt?: boolean },
  ): Promise<void>;
  list(options?: DatastoreOptions & { prefix?: string }): Promise<Array<{ key: string; value: string }>>;
  delete(key: string, options?: DatastoreOptions): Promise<boolean>;
}

export interface SensorService {
  /** Emits a trigger instance; resolves with its id once stored, rejects when the payload is invalid. */
  dispatch(trigger: string, payload?: unknown, traceTag?: string): Promise<string>;
  logger: SensorLogger;
  /** The pack's config (`configs/<pack>.yaml`, defaults applied). */
  config: Record<string, unknown>;
  datastore: SensorDatastoreClient;
}

/** Every method is optional; a sensor with `poll` is a polling sensor. */
export interface PackSensor {
  setup?(): unknown;
  run?(): unknown;
  poll?(): unknown;
  cleanup?(): unknown;
  add_trigger?(trigger: SensorTrigger): unknown;
  update_trigger?(trigger: SensorTrigger): unknown;
  remove_trigger?(trigger: SensorTrigger): unknown;
}
