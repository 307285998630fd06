import type { AliasDefinition } from '../../src/snapshot/model/alias-definition.js';
import type { ChatAdapter, ChatMessageHandler } from '../../src/chatops/chat-adapter.js';
import type { ChatExecutionContext, ChatExecutor } from '../../src/chatops/chat-executor.js';
import { parseAliasDefinition } from '../../src/chatops/parse-alias-definition.js';
import type { ExecutionLike } from '../../src/chatops/render-alias-message.js';
import type { ParameterSpecs } from '../../src/snapshot/model/action-definition.js';

export function defineAlias(fields: Record<string, unknown>, pack = 'ops'): AliasDefinition {
  return parseAliasDefinition(fields, { pack });
}

/** An adapter that keeps what it was asked to post. */
export interface RecordingAdapter extends ChatAdapter {
  posts: { channel: string; text: string }[];
  handler?: ChatMessageHandler;
}

export function recordingAdapter(): RecordingAdapter {
  const adapter: RecordingAdapter = {
    name: 'recording',
    posts: [],
    start: async (onMessage) => {
      adapter.handler = onMessage;
    },
    stop: async () => {
      delete adapter.handler;
    },
    postMessage: async (channel, text) => {
      adapter.posts.push({ channel, text });
    },
  };
  return adapter;
}

export interface RecordedRun {
  actionRef: string;
  parameters: Record<string, unknown>;
  context: ChatExecutionContext;
}

/**
 * The engine side of ChatOps, in memory: actions are parameter specs, and an execution's outcome
 * is computed from its parameters by `outcome`. The engine's own tests cover real execution.
 */
export function memoryExecutor(
  actions: Record<string, ParameterSpecs>,
  outcome: (run: RecordedRun) => Partial<ExecutionLike> = () => ({ status: 'succeeded' }),
): ChatExecutor & { runs: RecordedRun[]; hold(): () => void } {
  const runs: RecordedRun[] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    runs,
    /** Executions do not end until the returned function is called. */
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
    getActionParameters: async (ref) => actions[ref],
    run: async (actionRef, parameters, context) => {
      runs.push({ actionRef, parameters, context });
      return { id: `ex${runs.length}` };
    },
    waitFor: async (id) => {
      await gate;
      const run = runs[Number(id.slice(2)) - 1];
      if (!run) throw new Error(`no execution ${id}`);
      return { id, action: run.actionRef, status: 'succeeded', parameters: run.parameters, ...outcome(run) };
    },
  };
}
