import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';

/**
 * `st2kv.system.<key>` and `st2kv.user.<key>` in templates. Nothing is read until a template
 * looks a key up. A key that exists reads as its string value; a missing key reads as an empty
 * string, and further dots extend the key name (`st2kv.system.app.token` reads `app.token`), as
 * StackStorm's KeyValueLookup does.
 */
export class DatastoreScope {
  constructor(
    private readonly kv: KeyValueLookup | undefined,
    /** `system` or `user:<name>` */
    readonly scope: string,
    /** `st2kv.system` or `st2kv.user`, for messages. */
    readonly label: string,
  ) {}

  get(key: string): string | MissingDatastoreKey {
    const value = this.kv?.get(this.scope, key);
    return value ?? new MissingDatastoreKey(this, key);
  }
}

export class MissingDatastoreKey {
  constructor(
    readonly owner: DatastoreScope,
    readonly key: string,
  ) {}

  child(name: string): string | MissingDatastoreKey {
    return this.owner.get(`${this.key}.${name}`);
  }

  get reference(): string {
    return `${this.owner.label}.${this.key}`;
  }

  toString(): string {
    return '';
  }

  valueOf(): string {
    return '';
  }

  toJSON(): string {
    return '';
  }
}

export interface DatastoreView {
  system: DatastoreScope;
  user: DatastoreScope;
}

/** With no user, `st2kv.user.*` reads nothing (every key is missing). */
export function createDatastoreView(kv: KeyValueLookup | undefined, user: string | undefined): DatastoreView {
  return {
    system: new DatastoreScope(kv, 'system', 'st2kv.system'),
    user: new DatastoreScope(user === undefined ? undefined : kv, `user:${user ?? ''}`, 'st2kv.user'),
  };
}

/** Datastore markers become plain strings before a value reaches a filter or the output. */
export function unwrapDatastoreValue(value: unknown): unknown {
  return value instanceof MissingDatastoreKey ? '' : value;
}
