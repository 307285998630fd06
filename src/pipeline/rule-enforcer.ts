import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import type { Enforcement } from '../domain/enforcement.js';
import type { Execution } from '../domain/execution.js';
import { newId } from '../domain/ids.js';
import type { CompiledRule, MatchContext, MatchResult } from '../snapshot/model/rule-definition.js';
import type { TriggerInstance } from '../domain/trigger.js';
import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { RecordStore } from '../store/record-store.js';
import { DUE_WORK_CONTEXT_KEY, type DueWorkRegistry } from './due-work.js';
import type { ExecutionService } from './execution-service.js';

export interface RuleEnforcerDeps {
  store: RecordStore;
  bus: EventBus;
  executions: Pick<ExecutionService, 'prepare' | 'submit'>;
  snapshot: () => ContentSnapshot;
  matchContext: () => MatchContext;
  logger: Logger;
  /** Actions that claim their work before they are requested (see DueWorkRegistry). */
  dueWork?: DueWorkRegistry;
}

export interface RuleEnforcer {
  /**
   * Matches one stored trigger instance and enforces every matching rule; never throws. `recovered`
   * instances (pending at start) skip the rules that were already enforced before the crash.
   */
  process(instance: TriggerInstance, options?: { recovered?: boolean }): Promise<Enforcement[]>;
  /** Subscribes to the bus; returns the subscription. */
  start(): Subscription;
  /** Resolves when every instance taken from the bus so far has been processed. */
  idle(): Promise<void>;
  /** Instances taken from the bus whose executions are not queued yet (what backpressure counts). */
  pending(): number;
}

/** Trigger instance → matching rules → rendered parameters → requested executions, each recorded. */
export function createRuleEnforcer(deps: RuleEnforcerDeps): RuleEnforcer {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  // Instances taken from the bus whose executions are not queued yet. An instance leaves it when its
  // first execution is submitted (the queue counts what follows), so backpressure counts it once.
  const matching = new Set<string>();

  /**
   * Stores the enforcement with the execution it requests, once per (trigger instance, rule): after a
   * crash, a re-match of a rule already enforced writes nothing, requests nothing and returns
   * undefined.
   */
  const record = async (
    enforcement: Enforcement,
    execution?: Execution,
  ): Promise<Enforcement | undefined> => {
    if (!(await deps.store.recordEnforcement(enforcement, execution))) {
      deps.logger.debug(
        { rule: enforcement.rule, trigger_instance: enforcement.trigger_instance },
        'rule already enforced for this trigger instance; not requested again',
      );
      return undefined;
    }
    deps.bus.publish('enforcement', enforcement);
    if (execution) {
      matching.delete(enforcement.trigger_instance);
      await deps.executions.submit(execution);
    }
    return enforcement;
  };

  const enforce = async (
    rule: CompiledRule,
    instance: TriggerInstance,
    alreadyEnforced: ReadonlySet<string>,
  ): Promise<Enforcement | undefined> => {
    if (alreadyEnforced.has(rule.ref)) return undefined;
    const enforcement = newEnforcement(rule, instance);
    let execution: Execution | undefined;
    try {
      const claim = deps.dueWork?.get(rule.spec.action.ref);
      const claimed = claim ? await claim() : undefined;
      if (claim && !claimed) {
        deps.logger.debug({ rule: rule.ref, trigger_instance: instance.id }, 'nothing due; no execution');
        return undefined;
      }
      execution = await deps.executions.prepare({
        action: rule.spec.action.ref,
        parameters: rule.spec.action.parameters ?? {},
        templateVariables: { trigger: instance.payload },
        context: {
          source: 'rule',
          rule: rule.ref,
          trigger_instance: instance.id,
          ...(rule.spec.context ?? {}),
          ...(claimed ? { [DUE_WORK_CONTEXT_KEY]: claimed } : {}),
        },
        trigger_instance: instance.id,
        rule: rule.ref,
        enforcement: enforcement.id,
        trace_id: instance.trace_id,
      });
      enforcement.execution = execution.id;
    } catch (error) {
      enforcement.status = 'failed';
      enforcement.failure_reason = errorMessage(error);
      deps.logger.warn(
        { rule: rule.ref, trigger_instance: instance.id, err: enforcement.failure_reason },
        'rule enforcement failed',
      );
    }
    return record(enforcement, execution);
  };

  const recordEvaluationFailure = async (
    rule: CompiledRule,
    instance: TriggerInstance,
    result: MatchResult,
  ): Promise<Enforcement | undefined> => {
    const failed = result.criteria.find((criterion) => criterion.error !== undefined);
    const enforcement: Enforcement = {
      ...newEnforcement(rule, instance),
      status: 'failed',
      failure_reason: `criteria could not be evaluated: ${failed ? `${failed.key}: ${failed.error}` : (result.error ?? 'unknown error')}`,
      criteria: result.criteria,
    };
    deps.logger.warn(
      { rule: rule.ref, trigger_instance: instance.id, err: enforcement.failure_reason },
      'rule criteria failed to evaluate',
    );
    return record(enforcement);
  };

  const process = async (
    instance: TriggerInstance,
    options: { recovered?: boolean } = {},
  ): Promise<Enforcement[]> => {
    const snapshot = deps.snapshot();
    try {
      const failures: { rule: CompiledRule; result: MatchResult }[] = [];
      const rules = snapshot.ruleIndex.match(
        instance.trigger,
        instance.payload,
        instance.trigger_parameters,
        deps.matchContext(),
        (rule, result) => failures.push({ rule, result }),
      );
      const enforced =
        rules.length > 0 && options.recovered
          ? new Set(
              (await deps.store.listEnforcements({ trigger_instance: instance.id, limit: 0 })).map(
                (e) => e.rule,
              ),
            )
          : new Set<string>();
      const results: Enforcement[] = [];
      // st2 records a failed enforcement when a criterion cannot be evaluated (bad template, types).
      for (const { rule, result } of failures) {
        const recorded = await recordEvaluationFailure(rule, instance, result);
        if (recorded) results.push(recorded);
      }
      for (const rule of rules) {
        const enforcement = await enforce(rule, instance, enforced);
        if (enforcement) results.push(enforcement);
      }
      if (instance.status !== 'processed')
        await deps.store.setTriggerInstanceStatus(instance.id, 'processed');
      return results;
    } catch (error) {
      deps.logger.error(
        { trigger_instance: instance.id, err: errorMessage(error) },
        'processing a trigger instance failed',
      );
      await deps.store
        .setTriggerInstanceStatus(instance.id, 'processing_failed', errorMessage(error))
        .catch(() => undefined);
      return [];
    }
  };

  const track = (instance: TriggerInstance): void => {
    inFlight++;
    matching.add(instance.id);
    process(instance)
      .catch((error: unknown) =>
        deps.logger.error(
          { trigger_instance: instance.id, err: errorMessage(error) },
          'rule enforcement crashed',
        ),
      )
      .finally(() => {
        matching.delete(instance.id);
        inFlight--;
        if (inFlight === 0) {
          const done = waiters;
          waiters = [];
          for (const resolve of done) resolve();
        }
      });
  };

  return {
    process,
    start: () => deps.bus.on('trigger.instance').subscribe(track),
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    pending: () => matching.size,
  };
}

/** A succeeded enforcement of `rule` for `instance`, not yet dispatched. */
function newEnforcement(rule: CompiledRule, instance: TriggerInstance): Enforcement {
  return {
    id: newId(),
    rule: rule.ref,
    trigger_instance: instance.id,
    execution: null,
    status: 'succeeded',
    failure_reason: null,
    criteria: [],
    enforced_at: new Date().toISOString(),
    trace_id: instance.trace_id,
  };
}
