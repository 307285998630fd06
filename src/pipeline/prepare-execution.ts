import { resolveActionParameters } from '../actions/resolve-parameters.js';
import { isRecord } from '../common/guards.js';
import type { Execution } from '../domain/execution.js';
import { newId } from '../domain/ids.js';
import { MASK } from '../security/mask-constant.js';
import { maskDeep, maskSecretParameters } from '../security/mask.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { TemplateContext } from '../templates/template-types.js';
import type { ExecutionRequest, SecretCipher } from './execution-request.js';
import { assertWithinPayloadLimits } from './payload-bounds.js';

/**
 * A request turned into the `requested` execution record: bounded, parameters rendered and resolved
 * against the action's schema, secrets masked in the record and kept encrypted apart. Stores nothing.
 */
export interface PrepareDeps {
  runners: RunnerRegistry;
  cipher: SecretCipher;
  packConfig: (pack: string) => Promise<Record<string, unknown>>;
  /** Learns the secret values of each request, so output echoing them is masked. */
  secrets: SecretRegistry;
  templateContext: (user: string | undefined) => TemplateContext;
}

export async function prepareExecution(
  deps: PrepareDeps,
  request: ExecutionRequest,
  action: ActionDefinition,
): Promise<Execution> {
  assertWithinPayloadLimits(request.parameters ?? {}, `execution of ${request.action}: the parameters`);
  assertWithinPayloadLimits(request.context ?? {}, `execution of ${request.action}: the context`);
  const user = typeof request.context?.['user'] === 'string' ? request.context['user'] : undefined;
  const context = {
    ...deps.templateContext(user),
    config_context: await deps.packConfig(action.spec.pack),
    action_context: request.context ?? {},
    ...request.templateVariables,
  };
  const parameters = resolveActionParameters(action, request.parameters ?? {}, {
    runners: deps.runners,
    context,
    literal: request.renderTemplates === false,
  });
  // Credentials in URLs (`https://user:token@host/repo.git`) are kept like secret parameters.
  const masked = maskDeep(maskSecretParameters(parameters, action.parameters), []) as Record<string, unknown>;
  // Secret values (top-level or nested) are known from here on, so output echoing them is masked.
  const hidden = maskedValues(parameters, masked);
  for (const value of hidden) deps.secrets.add(value);
  const execution: Execution = {
    id: newId(),
    action: action.ref,
    runner: action.spec.runner_type,
    parameters: masked,
    // The real values of the whole parameter set, encrypted, when any of it is secret.
    secret_parameters: hidden.length > 0 ? deps.cipher.encrypt(JSON.stringify(parameters)) : null,
    status: 'requested',
    result: null,
    stdout: '',
    stderr: '',
    exit_code: null,
    error: null,
    created_at: new Date().toISOString(),
    start_timestamp: null,
    end_timestamp: null,
    trigger_instance: request.trigger_instance ?? null,
    rule: request.rule ?? null,
    enforcement: request.enforcement ?? null,
    parent: request.parent ?? null,
    trace_id: request.trace_id ?? newId(),
    context: request.context ?? {},
  };
  return execution;
}

/** The values that masking replaced, found by walking the original beside its masked copy. */
export function maskedValues(original: unknown, masked: unknown, found: unknown[] = []): unknown[] {
  if (masked === MASK && original !== MASK) {
    found.push(original);
  } else if (typeof original === 'string' && typeof masked === 'string' && original !== masked) {
    found.push(...urlCredentialsIn(original));
  } else if (Array.isArray(original) && Array.isArray(masked)) {
    original.forEach((item, index) => maskedValues(item, masked[index], found));
  } else if (isRecord(original) && isRecord(masked)) {
    for (const key of Object.keys(original)) maskedValues(original[key], masked[key], found);
  }
  return found;
}

/** The `user:token` of every URL in the text, and the token alone, so output echoing either is masked. */
function urlCredentialsIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/?#@'"<>]+)@/gi)) {
    const userinfo = match[1] ?? '';
    found.push(userinfo);
    const token = userinfo.slice(userinfo.indexOf(':') + 1);
    if (token !== userinfo) found.push(token);
  }
  return found;
}
