import type { Observable } from 'rxjs';
import { merge } from 'rxjs/internal/observable/merge';
import { filter } from 'rxjs/internal/operators/filter';
import { map } from 'rxjs/internal/operators/map';

import type { EventBus } from '../../bus/event-bus.js';
import { serializeEnforcement } from '../serialize/serialize-enforcement.js';
import { serializeExecution } from '../serialize/serialize-execution.js';
import { serializeTriggerInstance } from '../serialize/serialize-trigger-instance.js';

/** One server-sent event: st2's event name and the record in the shape the REST API returns it. */
export interface StreamEvent {
  event: string;
  data: unknown;
  /** The execution it is about, for `execution_ids` filters. */
  executionId?: string;
  /** The action it is about, for `action_refs` filters. */
  actionRef?: string;
}

export const STREAM_EVENT_NAMES = [
  'st2.execution__create',
  'st2.execution__update',
  'st2.execution.output__create',
  'st2.trigger_instances_dispatch__trigger_instance',
  'st2.rule_enforcement__create',
] as const;

/** The bus as st2's stream names it: executions, their output, trigger instances, enforcements. */
export function streamEvents(bus: EventBus): Observable<StreamEvent> {
  return merge(
    bus.on('execution.updated').pipe(
      map((execution) => ({
        // Stored `requested` is the one publication of a new execution; every later one is an update.
        event: execution.status === 'requested' ? 'st2.execution__create' : 'st2.execution__update',
        data: serializeExecution(execution),
        executionId: execution.id,
        actionRef: execution.action,
      })),
    ),
    bus.on('execution.output').pipe(
      map((chunk) => ({
        event: 'st2.execution.output__create',
        data: chunk,
        executionId: chunk.execution_id,
        actionRef: chunk.action_ref,
      })),
    ),
    bus.on('trigger.instance').pipe(
      map((instance) => ({
        event: 'st2.trigger_instances_dispatch__trigger_instance',
        data: serializeTriggerInstance(instance),
      })),
    ),
    bus.on('enforcement').pipe(
      map((enforcement) => ({
        event: 'st2.rule_enforcement__create',
        data: serializeEnforcement(enforcement),
        ...(enforcement.execution ? { executionId: enforcement.execution } : {}),
      })),
    ),
  );
}

export interface StreamFilter {
  events?: readonly string[];
  actionRefs?: readonly string[];
  executionIds?: readonly string[];
}

/** Keeps the events a subscriber asked for (st2's `events`, `action_refs`, `execution_ids`). */
export function selectStreamEvents(wanted: StreamFilter) {
  return (source: Observable<StreamEvent>): Observable<StreamEvent> =>
    source.pipe(
      filter(
        (event) =>
          (wanted.events === undefined || wanted.events.includes(event.event)) &&
          (wanted.actionRefs === undefined || wanted.actionRefs.includes(event.actionRef ?? '')) &&
          (wanted.executionIds === undefined || wanted.executionIds.includes(event.executionId ?? '')),
      ),
    );
}
