import type { InternalAction } from '../actions/runners/internal.js';
import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import { createChatMasker } from './chat-masker.js';
import { parseAliasDefinition } from './parse-alias-definition.js';
import { renderResultMessage, type ExecutionLike } from './render-alias-message.js';

/** Entry points of the `chatops` pack's actions (`runner_type: squall-internal`). */
export const POST_MESSAGE_ENTRY = 'chatops.post_message';
export const POST_RESULT_ENTRY = 'chatops.post_result';

export interface ChatopsActionDeps {
  /** Posts through the adapter named `route`, or the first one; masks on the way out. */
  postMessage(channel: string, text: string, route?: string): Promise<void>;
  /** The execution with its secret parameters' real values, and the context it ran with. */
  getExecution(id: string): Promise<(ExecutionLike & { context?: Record<string, unknown> }) | undefined>;
  actionParameters(ref: string): ParameterSpecs | undefined;
  alias(ref: string): AliasDefinition | undefined;
  secrets: SecretRegistry;
  publicUrl?: string;
}

/** `chatops.post_message` and `chatops.post_result`, for registerInternalAction. */
export function createChatopsActions(deps: ChatopsActionDeps): Map<string, InternalAction> {
  return new Map<string, InternalAction>([
    [
      POST_MESSAGE_ENTRY,
      async ({ parameters }) => {
        const channel = requiredText(parameters, 'channel', POST_MESSAGE_ENTRY);
        const message = requiredText(parameters, 'message', POST_MESSAGE_ENTRY);
        const route = routeOf(parameters);
        await deps.postMessage(channel, message, route);
        return { channel, ...(route ? { route } : {}), posted: true };
      },
    ],
    [
      POST_RESULT_ENTRY,
      async ({ parameters }) => {
        const id = requiredText(parameters, 'execution_id', POST_RESULT_ENTRY);
        const channel = requiredText(parameters, 'channel', POST_RESULT_ENTRY);
        const route = routeOf(parameters);
        const text = await resultMessage(deps, id);
        if (text !== undefined) await deps.postMessage(channel, text, route);
        return { channel, execution_id: id, ...(route ? { route } : {}), posted: text !== undefined };
      },
    ],
  ]);
}

/**
 * The execution's result as chat shows it: through its alias's `result.format` when it ran from
 * an alias, else the default message (status and output). Secret parameters are masked.
 */
async function resultMessage(deps: ChatopsActionDeps, id: string): Promise<string | undefined> {
  const execution = await deps.getExecution(id);
  if (!execution) {
    throw new NotFoundError(`${POST_RESULT_ENTRY}: execution ${id} does not exist`, {
      code: 'E_UNKNOWN_EXECUTION',
    });
  }
  const aliasRef = execution.context?.['action_alias_ref'];
  const alias = (typeof aliasRef === 'string' ? deps.alias(aliasRef) : undefined) ?? plainAlias(execution);
  const specs = deps.actionParameters(alias.action_ref) ?? {};
  const masker = createChatMasker({ secrets: deps.secrets });
  const base = deps.publicUrl?.replace(/\/+$/, '');
  const text = renderResultMessage(alias, masker.maskExecution(execution, specs), {
    ...(base ? { executionUrl: `${base}/api/v1/executions/${id}` } : {}),
  });
  return text === undefined
    ? undefined
    : masker.maskText(text, { parameters: execution.parameters ?? {}, specs });
}

/** An alias that only carries the defaults, for executions that did not come from chat. */
function plainAlias(execution: ExecutionLike): AliasDefinition {
  return parseAliasDefinition(
    { name: 'post_result', action_ref: execution.action ?? 'unknown.action', formats: [] },
    { pack: 'chatops' },
  );
}

function routeOf(parameters: Record<string, unknown>): string | undefined {
  const route = parameters['route'];
  // st2's default route "chatops" means "the chat service"; Squall's is the first adapter.
  return typeof route === 'string' && route !== '' && route !== 'chatops' ? route : undefined;
}

function requiredText(parameters: Record<string, unknown>, name: string, action: string): string {
  const value = parameters[name];
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${action}: "${name}" must be non-empty text`, { code: 'E_CHATOPS_PARAMETER' });
  }
  return value;
}
