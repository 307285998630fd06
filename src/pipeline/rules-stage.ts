import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import type { Stage } from '../common/stage.js';
import type { Logger } from '../common/logger.js';
import type { TriggerInstance } from '../domain/trigger.js';
import type { TriggerInstanceQueue } from '../queue/queue.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import type { MatchContext } from '../snapshot/model/rule-definition.js';
import type { RecordStore } from '../store/record-store.js';
import type { DueWorkRegistry } from './due-work.js';
import type { ExecutionService } from './execution-service.js';
import { recoverPendingTriggerInstances } from './recovery.js';
import { createRuleEnforcer, type RuleEnforcer } from './rule-enforcer.js';

export interface RulesStageNeeds {
  store: RecordStore;
  bus: EventBus;
  content: SnapshotSource;
  executions: Pick<ExecutionService, 'prepare' | 'submit'>;
  matchContext: () => MatchContext;
  logger: Logger;
  /** Actions that claim their work before a rule requests them: nothing due, no execution. */
  dueWork?: DueWorkRegistry;
  /**
   * Where trigger instances come from when other processes store them (BullMQ): the stage consumes
   * this queue instead of following the bus. @default the bus
   */
  source?: TriggerInstanceQueue;
  /** Trigger instances matched at once from `source`. @default 16 */
  concurrency?: number;
}

export interface RulesStage extends Stage {
  readonly enforcer: RuleEnforcer;
  /** Resolves when every trigger instance taken so far has been matched and enforced. */
  idle(): Promise<void>;
}

/**
 * Matches stored trigger instances against the serving rules and requests their executions. At
 * start it first follows the bus, then matches what a previous run left pending.
 */
export function createRulesStage(needs: RulesStageNeeds): RulesStage {
  const enforcer = createRuleEnforcer({ ...needs, snapshot: () => needs.content.current() });
  let subscription: Subscription | undefined;
  let stopConsuming: (() => void) | undefined;
  return {
    name: 'rules',
    enforcer,
    async start() {
      const { source } = needs;
      if (!source) {
        subscription = enforcer.start();
        await recoverPendingTriggerInstances({ store: needs.store, enforcer, logger: needs.logger });
        return;
      }
      stopConsuming = source.consume(async (instance) => void (await enforcer.process(instance)), {
        concurrency: needs.concurrency ?? 16,
      });
      // Pending ones go through the queue too: its job ids keep one queued per instance, and a rule
      // already enforced for an instance is never enforced again (the store's once key).
      await recoverPendingTriggerInstances({
        store: needs.store,
        enforcer: { process: (instance: TriggerInstance) => source.enqueue(instance) },
        logger: needs.logger,
      });
    },
    async stop() {
      subscription?.unsubscribe();
      stopConsuming?.();
      await enforcer.idle();
    },
    idle: () => enforcer.idle(),
  };
}
