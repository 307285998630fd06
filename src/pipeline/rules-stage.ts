import type { Subscription } from 'rxjs';

import type { EventBus } from '../bus/event-bus.js';
import type { Stage } from '../common/stage.js';
import type { Logger } from '../common/logger.js';
import type { SnapshotSource } from '../snapshot/content-manager.js';
import type { MatchContext } from '../snapshot/model/rule-definition.js';
import type { RecordStore } from '../store/record-store.js';
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
  return {
    name: 'rules',
    enforcer,
    async start() {
      subscription = enforcer.start();
      await recoverPendingTriggerInstances({ store: needs.store, enforcer, logger: needs.logger });
    },
    async stop() {
      subscription?.unsubscribe();
      await enforcer.idle();
    },
    idle: () => enforcer.idle(),
  };
}
