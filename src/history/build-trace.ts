import { isRecord } from '../common/guards.js';
import { NotFoundError } from '../common/errors.js';
import type { Enforcement } from '../domain/enforcement.js';
import type { Execution } from '../domain/execution.js';
import type { TriggerInstance } from '../domain/trigger.js';
import { ACTION_TRIGGER } from '../snapshot/internal-triggers.js';
import type { RecordStore } from '../store/record-store.js';
import type {
  EnforcementNode,
  ExecutionNode,
  TraceComponent,
  TraceView,
  TriggerInstanceNode,
} from './trace-types.js';

/** Records of each kind one trace answer holds at most. */
export const TRACE_RECORD_LIMIT = 2000;

/** Everything recorded under one trace id, indexed for walking up and down. */
interface TraceRecords {
  instances: Map<string, TriggerInstance>;
  enforcements: Enforcement[];
  executions: Map<string, Execution>;
  truncated: boolean;
}

/**
 * The trace of a trigger instance, an execution, an enforcement or a trace id: every record under
 * that trace id, and the tree from the event the asked-for record descends from.
 */
export async function buildTrace(store: RecordStore, id: string): Promise<TraceView> {
  const start = await findStart(store, id);
  const records = await loadTrace(store, start.trace_id);
  const root = rootOf(records, start);
  return {
    id: start.trace_id,
    trace_tag: start.trace_id,
    start_timestamp: timeOf(root.kind === 'trigger_instance' ? root.instance : root.execution),
    ...components(records),
    root:
      root.kind === 'trigger_instance'
        ? instanceNode(records, root.instance, new Set())
        : executionNode(records, root.execution, new Set()),
    truncated: records.truncated,
  };
}

type Start = (TriggerInstance & { kind: 'trigger_instance' }) | (Execution & { kind: 'execution' });

async function findStart(store: RecordStore, id: string): Promise<Start> {
  const instance = await store.getTriggerInstance(id);
  if (instance) return { ...instance, kind: 'trigger_instance' };
  const execution = await store.getExecution(id);
  if (execution) return { ...execution, kind: 'execution' };
  const enforcement = await store.getEnforcement(id);
  const ofEnforcement = enforcement && (await store.getTriggerInstance(enforcement.trigger_instance));
  if (ofEnforcement) return { ...ofEnforcement, kind: 'trigger_instance' };
  const [first] = await store.listTriggerInstances({ trace_id: id, limit: 1 });
  if (first) return { ...first, kind: 'trigger_instance' };
  const [run] = await store.listExecutions({ trace_id: id, limit: 1 });
  if (run) return { ...run, kind: 'execution' };
  throw new NotFoundError(
    `no trace for "${id}": it is not a trigger instance, execution, rule enforcement or trace id; see GET /api/v1/triggerinstances`,
    { code: 'E_UNKNOWN_TRACE' },
  );
}

async function loadTrace(store: RecordStore, traceId: string): Promise<TraceRecords> {
  const query = { trace_id: traceId, limit: TRACE_RECORD_LIMIT };
  const [instances, enforcements, executions] = await Promise.all([
    store.listTriggerInstances(query),
    store.listEnforcements(query),
    store.listExecutions(query),
  ]);
  const truncated = [instances, enforcements, executions].some((list) => list.length >= TRACE_RECORD_LIMIT);
  return {
    instances: new Map(instances.reverse().map((i) => [i.id, i])),
    enforcements: enforcements.reverse(),
    executions: new Map(executions.reverse().map((e) => [e.id, e])),
    truncated,
  };
}

/** The execution whose end emitted this action trigger instance, when it did. */
function emittingExecution(instance: TriggerInstance): string | undefined {
  if (instance.trigger !== ACTION_TRIGGER || !isRecord(instance.payload)) return undefined;
  const id = instance.payload['execution_id'];
  return typeof id === 'string' ? id : undefined;
}

type Root =
  { kind: 'trigger_instance'; instance: TriggerInstance } | { kind: 'execution'; execution: Execution };

/** Walks up from the start (parent execution, trigger instance, the execution that emitted it) to the first cause. */
function rootOf(records: TraceRecords, start: Start): Root {
  let current: Root =
    start.kind === 'trigger_instance'
      ? { kind: 'trigger_instance', instance: records.instances.get(start.id) ?? start }
      : { kind: 'execution', execution: records.executions.get(start.id) ?? start };
  const seen = new Set<string>();
  for (;;) {
    const id = current.kind === 'trigger_instance' ? current.instance.id : current.execution.id;
    if (seen.has(id)) return current;
    seen.add(id);
    const up = causeOf(records, current);
    if (!up) return current;
    current = up;
  }
}

function causeOf(records: TraceRecords, node: Root): Root | undefined {
  if (node.kind === 'trigger_instance') {
    const emitter = records.executions.get(emittingExecution(node.instance) ?? '');
    return emitter && { kind: 'execution', execution: emitter };
  }
  const parent = records.executions.get(node.execution.parent ?? '');
  if (parent) return { kind: 'execution', execution: parent };
  const instance = records.instances.get(node.execution.trigger_instance ?? '');
  return instance && { kind: 'trigger_instance', instance };
}

function instanceNode(
  records: TraceRecords,
  instance: TriggerInstance,
  seen: Set<string>,
): TriggerInstanceNode {
  seen.add(instance.id);
  return {
    type: 'trigger_instance',
    id: instance.id,
    trigger: instance.trigger,
    status: instance.status,
    occurrence_time: instance.occurrence_time,
    error: instance.error ?? null,
    enforcements: records.enforcements
      .filter((enforcement) => enforcement.trigger_instance === instance.id)
      .map((enforcement) => enforcementNode(records, enforcement, seen)),
  };
}

function enforcementNode(
  records: TraceRecords,
  enforcement: Enforcement,
  seen: Set<string>,
): EnforcementNode {
  const execution = records.executions.get(enforcement.execution ?? '');
  return {
    type: 'rule_enforcement',
    id: enforcement.id,
    rule: enforcement.rule,
    status: enforcement.status,
    failure_reason: enforcement.failure_reason,
    enforced_at: enforcement.enforced_at,
    execution: execution && !seen.has(execution.id) ? executionNode(records, execution, seen) : null,
  };
}

function executionNode(records: TraceRecords, execution: Execution, seen: Set<string>): ExecutionNode {
  seen.add(execution.id);
  const children = [...records.executions.values()].filter(
    (child) => child.parent === execution.id && !seen.has(child.id),
  );
  const emitted = [...records.instances.values()].filter(
    (instance) => emittingExecution(instance) === execution.id && !seen.has(instance.id),
  );
  return {
    type: 'execution',
    id: execution.id,
    action: execution.action,
    status: execution.status,
    created_at: execution.created_at,
    start_timestamp: execution.start_timestamp,
    end_timestamp: execution.end_timestamp,
    error: execution.error,
    children: children.map((child) => executionNode(records, child, seen)),
    trigger_instances: emitted.map((instance) => instanceNode(records, instance, seen)),
  };
}

/** st2's flat component lists, oldest first, each naming what caused it. */
function components(
  records: TraceRecords,
): Pick<TraceView, 'trigger_instances' | 'rules' | 'action_executions'> {
  return {
    trigger_instances: [...records.instances.values()].map((instance) => {
      const emitter = emittingExecution(instance);
      return component(
        instance.id,
        instance.trigger,
        instance.occurrence_time,
        emitter === undefined ? undefined : ['execution', emitter],
      );
    }),
    rules: records.enforcements.map((enforcement) =>
      component(enforcement.id, enforcement.rule, enforcement.enforced_at, [
        'trigger_instance',
        enforcement.trigger_instance,
      ]),
    ),
    action_executions: [...records.executions.values()].map((execution) =>
      component(execution.id, execution.action, updatedAt(execution), executionCause(execution)),
    ),
  };
}

function executionCause(execution: Execution): ['rule' | 'execution', string] | undefined {
  if (execution.parent) return ['execution', execution.parent];
  if (execution.enforcement) return ['rule', execution.enforcement];
  return undefined;
}

function component(
  id: string,
  ref: string,
  updatedAt: string,
  cause: readonly ['trigger_instance' | 'rule' | 'execution', string] | undefined,
): TraceComponent {
  return {
    object_id: id,
    ref,
    updated_at: updatedAt,
    caused_by: cause ? { type: cause[0], id: cause[1] } : {},
  };
}

function timeOf(record: TriggerInstance | Execution): string {
  return 'occurrence_time' in record ? record.occurrence_time : record.created_at;
}

function updatedAt(execution: Execution): string {
  return execution.end_timestamp ?? execution.start_timestamp ?? execution.created_at;
}
