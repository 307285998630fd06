import type { Enforcement } from '../../../src/domain/enforcement.js';
import type { Execution } from '../../../src/domain/execution.js';
import { newId } from '../../../src/domain/ids.js';
import type { KeyValuePair } from '../../../src/domain/key-value.js';
import type { TriggerInstance } from '../../../src/domain/trigger.js';

const BASE = Date.parse('2024-05-01T00:00:00.000Z');

/** The same id for the same `n` (time part `BASE + n` ms), so fixtures sort by `n`. */
export function idAt(n: number): string {
  return newId(BASE + n).slice(0, 10) + '0'.repeat(16);
}

export function triggerInstance(n: number, overrides: Partial<TriggerInstance> = {}): TriggerInstance {
  return {
    id: idAt(n),
    trigger: 'core.st2.webhook',
    trigger_parameters: { url: 'sample' },
    payload: { body: { n, name: `event ${n}` }, headers: { 'content-type': 'application/json' } },
    occurrence_time: new Date(BASE + n).toISOString(),
    trace_id: `trace-${n}`,
    status: 'pending',
    ...overrides,
  };
}

export function enforcement(n: number, overrides: Partial<Enforcement> = {}): Enforcement {
  return {
    id: idAt(n),
    rule: 'examples.on_webhook',
    trigger_instance: idAt(n),
    execution: idAt(n + 1),
    status: 'succeeded',
    failure_reason: null,
    criteria: [{ key: 'trigger.body.n', operator: 'equals', pattern: n, value: n, passed: true }],
    enforced_at: new Date(BASE + n).toISOString(),
    trace_id: `trace-${n}`,
    ...overrides,
  };
}

export function execution(n: number, overrides: Partial<Execution> = {}): Execution {
  return {
    id: idAt(n),
    action: 'core.local',
    runner: 'local-shell-cmd',
    parameters: { cmd: `echo ${n}`, password: '********' },
    secret_parameters: 'v1:c2VjcmV0',
    status: 'requested',
    result: null,
    stdout: '',
    stderr: '',
    exit_code: null,
    error: null,
    created_at: new Date(BASE + n).toISOString(),
    start_timestamp: null,
    end_timestamp: null,
    trigger_instance: idAt(n - 1),
    rule: 'examples.on_webhook',
    enforcement: idAt(n - 1),
    parent: null,
    trace_id: `trace-${n}`,
    context: { user: 'stanley', source: 'rule' },
    ...overrides,
  };
}

export function keyValuePair(key: string, overrides: Partial<KeyValuePair> = {}): KeyValuePair {
  return {
    scope: 'system',
    key,
    value: `value of ${key}`,
    secret: false,
    expire_at: null,
    updated_at: new Date(BASE).toISOString(),
    ...overrides,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
