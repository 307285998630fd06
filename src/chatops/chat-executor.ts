import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import type { ExecutionLike } from './render-alias-message.js';

/** Who asked for an execution from chat; becomes the execution's `context`. */
export interface ChatExecutionContext {
  user: string;
  source: 'chatops';
  source_channel: string;
  action_alias_ref: string;
  command: string;
  groups?: string[];
}

/** What the chat service needs from the engine. */
export interface ChatExecutor {
  /** The action's parameter specs (runner's merged in), or undefined when there is no such action. */
  getActionParameters(actionRef: string): Promise<ParameterSpecs | undefined>;
  /** Schedules the action; resolves once the execution is stored. */
  run(
    actionRef: string,
    parameters: Record<string, unknown>,
    context: ChatExecutionContext,
  ): Promise<{ id: string }>;
  /** Resolves with the execution once it has ended (any final status). */
  waitFor(id: string): Promise<ExecutionLike>;
}
