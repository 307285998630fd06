import type { TriggerDispatcher } from '../../domain/trigger.js';
import type { SensorDatastore } from './sensor-datastore.js';
import { sensorKeyPrefix } from './sensor-datastore.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { RequestOp } from './sensor-protocol.js';

interface RequestDeps {
  dispatcher: TriggerDispatcher;
  datastore?: SensorDatastore;
}

/** Answers one service call from a sensor process. Arguments come from pack code: each is checked. */
export async function serveSensorRequest(
  op: RequestOp,
  args: Record<string, unknown>,
  definition: SensorDefinition,
  deps: RequestDeps,
): Promise<unknown> {
  if (op === 'dispatch') {
    const trigger = requireString(args, 'trigger');
    const traceTag = typeof args['traceTag'] === 'string' ? args['traceTag'] : undefined;
    const parameters = args['triggerParameters'];
    const triggerParameters =
      typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters)
        ? (parameters as Record<string, unknown>)
        : undefined;
    const instance = await deps.dispatcher.dispatch(trigger, args['payload'] ?? {}, {
      source: `sensor:${definition.ref}`,
      ...(traceTag ? { traceTag } : {}),
      ...(triggerParameters ? { triggerParameters } : {}),
    });
    return instance.id;
  }
  const datastore = deps.datastore;
  if (!datastore) throw new Error(`sensor ${definition.ref}: no datastore is configured for pack sensors`);
  const local = args['local'] !== false;
  const prefix = local ? sensorKeyPrefix(definition.pack, definition.className) : '';
  switch (op) {
    case 'kv.get':
      return datastore.get(prefix + requireString(args, 'key'), { decrypt: args['decrypt'] === true });
    case 'kv.set': {
      const ttl = typeof args['ttl'] === 'number' && args['ttl'] > 0 ? args['ttl'] : undefined;
      const value = args['value'];
      if (typeof value !== 'string')
        throw new Error('datastore values are strings; JSON.stringify objects first');
      await datastore.set(prefix + requireString(args, 'key'), value, {
        encrypt: args['encrypt'] === true,
        ...(ttl === undefined ? {} : { ttl }),
      });
      return null;
    }
    case 'kv.list':
      return datastore.list(prefix + (typeof args['prefix'] === 'string' ? args['prefix'] : ''));
    case 'kv.delete':
      return datastore.delete(prefix + requireString(args, 'key'));
    default:
      throw new Error(`unknown sensor service call "${String(op)}"`);
  }
}

function requireString(args: Record<string, unknown>, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
}
