import type { ContentSnapshot } from './model/content-snapshot.js';
import { triggerKeyOf } from '../rules/trigger-key.js';
import type { TriggerSensor, TriggerUse } from '../sensors/sensor.js';

/** Every (trigger type, parameters) that an enabled rule of the snapshot uses, by key. */
export function triggerUsesOf(snapshot: ContentSnapshot): Map<string, TriggerUse> {
  const uses = new Map<string, TriggerUse>();
  for (const rule of snapshot.rules.values()) {
    if (!rule.spec.enabled) continue;
    const parameters = rule.spec.trigger.parameters ?? {};
    const key = triggerKeyOf(rule.spec.trigger.type, parameters);
    if (!uses.has(key)) uses.set(key, { type: rule.spec.trigger.type, parameters, key });
  }
  return uses;
}

export interface TriggerUseChanges {
  added: TriggerUse[];
  removed: TriggerUse[];
}

export function diffTriggerUses(
  before: ReadonlyMap<string, TriggerUse>,
  after: ReadonlyMap<string, TriggerUse>,
): TriggerUseChanges {
  return {
    added: [...after.values()].filter((use) => !before.has(use.key)),
    removed: [...before.values()].filter((use) => !after.has(use.key)),
  };
}

/**
 * Hands trigger uses to the sensors that provide their types, so that a timer, hook or watch exists
 * exactly while an enabled rule uses it. Sensors' types are read at each change (pack sensors come
 * and go with content). A sensor refusing a use (bad parameters) is reported, not fatal.
 */
export class TriggerUseRouter {
  readonly #sensors: readonly TriggerSensor[];
  readonly #onRefused: (use: TriggerUse, error: unknown) => void;
  #current = new Map<string, TriggerUse>();

  constructor(sensors: readonly TriggerSensor[], onRefused: (use: TriggerUse, error: unknown) => void) {
    this.#sensors = sensors;
    this.#onRefused = onRefused;
  }

  apply(snapshot: ContentSnapshot): TriggerUseChanges {
    const next = triggerUsesOf(snapshot);
    const changes = diffTriggerUses(this.#current, next);
    for (const use of changes.removed) this.#call(use, 'remove');
    for (const use of changes.added) this.#call(use, 'add');
    this.#current = next;
    return changes;
  }

  clear(): void {
    for (const use of this.#current.values()) this.#call(use, 'remove');
    this.#current = new Map();
  }

  #call(use: TriggerUse, method: 'add' | 'remove'): void {
    const sensor = this.#sensors.find((candidate) =>
      candidate.triggerTypes.some((type) => type.ref === use.type),
    );
    try {
      sensor?.[method](use);
    } catch (error) {
      this.#onRefused(use, error);
    }
  }
}
