/** A datastore item as runners see it (the engine's KeyValuePair has these fields). */
export interface RunnerKeyValue {
  key: string;
  value: string;
  secret: boolean;
  expire_at: string | null;
}

/**
 * The datastore a runner may use, passed through the runner registry's options (the engine's
 * Datastore fits it). Writes are visible to rules and actions as soon as they resolve.
 */
export interface RunnerDatastore {
  get(scope: string, key: string, options?: { decrypt?: boolean }): Promise<RunnerKeyValue | undefined>;
  set(
    scope: string,
    key: string,
    value: string,
    options?: { secret?: boolean; ttlSeconds?: number },
  ): Promise<unknown>;
  delete(scope: string, key: string): Promise<boolean>;
  list(scope?: string, prefix?: string, options?: { decrypt?: boolean }): Promise<RunnerKeyValue[]>;
}

const SYSTEM = 'system';

/**
 * Answers a Python action's action_service call. Names arrive complete (the worker adds the
 * `<pack>.<Class>:` prefix of local keys, as StackStorm's service does); everything is in the
 * system scope. Arguments come from pack code: each is checked.
 */
export async function serveDatastoreRequest(
  datastore: RunnerDatastore | undefined,
  op: string,
  args: Record<string, unknown>,
): Promise<unknown> {
  if (!datastore) throw new Error('no datastore is available to this runner');
  switch (op) {
    case 'kv.get': {
      const pair = await datastore.get(SYSTEM, key(args), { decrypt: args['decrypt'] === true });
      return pair?.value ?? null;
    }
    case 'kv.set': {
      const value = args['value'];
      if (typeof value !== 'string') throw new Error('datastore values are strings');
      const ttl = typeof args['ttl'] === 'number' && args['ttl'] >= 1 ? Math.floor(args['ttl']) : undefined;
      await datastore.set(SYSTEM, key(args), value, {
        secret: args['encrypt'] === true,
        ...(ttl === undefined ? {} : { ttlSeconds: ttl }),
      });
      return true;
    }
    case 'kv.delete':
      return datastore.delete(SYSTEM, key(args));
    case 'kv.list': {
      const prefix = typeof args['prefix'] === 'string' ? args['prefix'] : '';
      return (await datastore.list(SYSTEM, prefix)).map((pair) => ({
        key: pair.key,
        value: pair.value,
        secret: pair.secret,
        expire_timestamp: pair.expire_at,
      }));
    }
    default:
      throw new Error(`unknown request "${op}"`);
  }
}

function key(args: Record<string, unknown>): string {
  const name = args['key'];
  if (typeof name !== 'string' || name === '') throw new Error('a datastore key must be a non-empty string');
  return name;
}
