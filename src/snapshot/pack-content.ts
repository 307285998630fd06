import type { ContentSnapshot } from './model/content-snapshot.js';

/** Something of a pack that loads but cannot run, or does not load, and why. */
export interface UnsupportedItem {
  /** `pack.name` */
  ref: string;
  file: string;
  reason: string;
}

/** What of one pack's content cannot do its job in Squall. */
export interface UnsupportedContent {
  actions: UnsupportedItem[];
  sensors: UnsupportedItem[];
  rules: UnsupportedItem[];
}

/** How much one pack loaded, and what of it is unsupported (with the reasons). */
export interface PackContent {
  actions: number;
  rules: number;
  triggers: number;
  sensors: number;
  unsupported: UnsupportedContent;
}

/**
 * One pack's content in a snapshot. Unsupported: actions on a runner Squall does not have, sensors
 * Squall cannot run, rules that run such an action. Files that do not load are issues, not counted.
 */
export function packContent(snapshot: ContentSnapshot, pack: string): PackContent {
  const actions = [...snapshot.actions.values()].filter((action) => action.spec.pack === pack);
  const rules = [...snapshot.rules.values()].filter((rule) => rule.spec.pack === pack);
  const sensors = [...snapshot.sensors.values()].filter((sensor) => sensor.pack === pack);
  const unsupported: UnsupportedContent = { actions: [], sensors: [], rules: [] };
  for (const action of actions) {
    if (action.unsupported)
      unsupported.actions.push({
        ref: action.ref,
        file: action.source?.file ?? '',
        reason: action.unsupported,
      });
  }
  for (const sensor of sensors) {
    if (sensor.runtime === 'unsupported')
      unsupported.sensors.push({
        ref: sensor.ref,
        file: sensor.file,
        reason: sensor.unsupportedReason ?? '',
      });
  }
  for (const rule of rules) {
    const action = snapshot.actions.get(rule.spec.action.ref);
    if (!action?.unsupported) continue;
    const reason = `runs ${action.ref}, which cannot run: ${action.unsupported}`;
    unsupported.rules.push({ ref: rule.ref, file: rule.source?.file ?? '', reason });
  }
  return {
    actions: actions.length,
    rules: rules.length,
    triggers: [...snapshot.triggerTypes.values()].filter((type) => type.pack === pack).length,
    sensors: sensors.length,
    unsupported,
  };
}

/** `3 actions (1 unsupported), 2 sensors, 1 rule` */
export function describePackContent(content: PackContent): string {
  const part = (count: number, noun: string, unsupported: number): string =>
    `${count} ${noun}${count === 1 ? '' : 's'}${unsupported > 0 ? ` (${unsupported} unsupported)` : ''}`;
  const { unsupported } = content;
  return [
    part(content.actions, 'action', unsupported.actions.length),
    part(content.sensors, 'sensor', unsupported.sensors.length),
    part(
      content.rules + unsupported.rules.filter((rule) => rule.ref === undefined).length,
      'rule',
      unsupported.rules.length,
    ),
  ].join(', ');
}
