import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Stage } from '../common/stage.js';
import type { KeyValueChangeEvent } from '../datastore/datastore.js';
import type { Execution } from '../domain/execution.js';
import type { KeyValuePair } from '../domain/key-value.js';
import type { TriggerDispatcher } from '../domain/trigger.js';
import type { SensorProcessEvent } from '../sensors/pack-sensors/sensor-supervisor.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import {
  ACTION_TRIGGER,
  CONTENT_INVALID_TRIGGER,
  SENSOR_EXIT_TRIGGER,
  SENSOR_SPAWN_TRIGGER,
} from '../snapshot/internal-triggers.js';
import type { ContentIssue } from '../snapshot/model/content-snapshot.js';

export interface EngineTriggersNeeds {
  bus: EventBus;
  dispatcher: TriggerDispatcher;
  content: SnapshotSource;
  logger: Logger;
}

/**
 * Turns what happens inside the engine into StackStorm's internal triggers, so rules can chain on
 * them: an execution ended (`core.st2.generic.actiontrigger`), a datastore key changed
 * (`core.st2.key_value_pair.*`), a pack sensor process started or exited, a content file failed to
 * load (`squall.content.invalid`). A dispatch that fails is logged, always in one shape.
 */
export function createEngineTriggersStage(needs: EngineTriggersNeeds): Stage {
  const { bus } = needs;
  const subscriptions: Subscription[] = [];
  const emit = (trigger: string, payload: unknown, traceTag?: string): void => {
    needs.dispatcher
      .dispatch(trigger, payload, { source: 'engine', ...(traceTag ? { traceTag } : {}) })
      .catch((error: unknown) =>
        needs.logger.error({ trigger, err: errorMessage(error) }, 'internal trigger dispatch failed'),
      );
  };
  const emitIssue = (issue: ContentIssue): void => {
    if (issue.severity === 'error') emit(CONTENT_INVALID_TRIGGER, contentInvalidPayload(issue));
  };
  return {
    name: 'engine-triggers',
    async start() {
      subscriptions.push(
        bus
          .on('execution.finished')
          .subscribe((execution) =>
            emit(ACTION_TRIGGER, actionTriggerPayload(execution), execution.trace_id),
          ),
        bus.on('datastore.changed').subscribe((change) => emit(kvTrigger(change), kvPayload(change))),
        bus.on('sensor.process').subscribe((event) => emit(sensorTrigger(event), { object: event })),
        bus.on('content.issue').subscribe(emitIssue),
      );
      // The first load's problems were published before anyone listened.
      for (const issue of needs.content.current().issues) emitIssue(issue);
      await Promise.resolve();
    },
    async stop() {
      for (const subscription of subscriptions.splice(0)) subscription.unsubscribe();
      await Promise.resolve();
    },
  };
}

function actionTriggerPayload(execution: Execution): Record<string, unknown> {
  const [pack, ...rest] = execution.action.split('.');
  return {
    execution_id: execution.id,
    status: execution.status,
    start_timestamp: execution.start_timestamp,
    action_name: rest.join('.') || pack,
    action_ref: execution.action,
    runner_ref: execution.runner,
    parameters: execution.parameters,
    result: execution.result,
  };
}

function contentInvalidPayload(issue: ContentIssue): Record<string, unknown> {
  return {
    kind: issue.kind,
    pack: issue.pack,
    file: issue.file,
    line: issue.line ?? null,
    code: issue.code,
    message: issue.message,
    kept_previous: issue.keptPrevious ?? false,
  };
}

function sensorTrigger(event: SensorProcessEvent): string {
  return event.type === 'spawn' ? SENSOR_SPAWN_TRIGGER : SENSOR_EXIT_TRIGGER;
}

function kvTrigger(change: KeyValueChangeEvent): string {
  return `core.st2.key_value_pair.${change.type}`;
}

function kvPayload(change: KeyValueChangeEvent): Record<string, unknown> {
  return change.type === 'value_change' && change.old
    ? { old_object: st2KeyValue(change.old), new_object: st2KeyValue(change.pair) }
    : { object: st2KeyValue(change.pair) };
}

/** A datastore pair in StackStorm's KeyValuePair shape, so ported rules (`trigger.object.name`) work. */
function st2KeyValue(pair: KeyValuePair): Record<string, unknown> {
  const user = pair.scope.startsWith('user:') ? pair.scope.slice('user:'.length) : undefined;
  return {
    name: pair.key,
    value: pair.value,
    secret: pair.secret,
    encrypted: pair.secret,
    scope: user === undefined ? 'st2kv.system' : 'st2kv.user',
    ...(user === undefined ? {} : { user }),
    expire_timestamp: pair.expire_at,
  };
}
