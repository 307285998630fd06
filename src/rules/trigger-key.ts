/**
 * The identity of a (parameterised) trigger: its type and parameters as JSON with sorted keys.
 * Rules with equal keys share one trigger; absent parameters equal `{}`.
 */
export function triggerKeyOf(type: string, parameters?: Record<string, unknown>): string {
  if (parameters === undefined) return stableJson({ type, parameters: {} });
  const cached = keys.get(parameters);
  if (cached?.type === type) return cached.key;
  const key = stableJson({ type, parameters });
  keys.set(parameters, { type, key });
  return key;
}

// Sensors pass the rule's own parameters object (from the immutable content snapshot) with every
// event, e.g. a webhook's `{url}`: its key is computed once, not per event. Parameters are never
// mutated once a trigger uses them.
const keys = new WeakMap<object, { type: string; key: string }>();

/** JSON with object keys sorted at every level. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
