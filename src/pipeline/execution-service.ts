import { filter } from 'rxjs';

import { resolveActionParameters } from '../actions/resolve-parameters.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import { FINAL_STATUSES, type Execution } from '../domain/execution.js';
import { isRecord } from '../common/guards.js';
import { newId } from '../domain/ids.js';
import { NonRetriableError, NotFoundError, SquallError } from '../common/errors.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { ExecutionQueue } from '../queue/queue.js';
import { MASK } from '../security/mask-constant.js';
import { maskDeep, maskSecretParameters } from '../security/mask.js';
import { type SecretRegistry } from '../security/secret-registry.js';
import type { RecordStore } from '../store/record-store.js';
import { assertWithinPayloadLimits } from './payload-bounds.js';
import type { TemplateContext } from '../templates/template-types.js';

/** Encrypts what must be stored but never shown (secret parameter values). */
export interface SecretCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export interface ExecutionRequest {
  action: string;
  parameters?: Record<string, unknown>;
  /** Who and what asked: `{user, source: 'api'|'cli'|'rule'|'chatops', ...}`. */
  context?: Record<string, unknown>;
  trigger_instance?: string;
  rule?: string;
  enforcement?: string;
  parent?: string;
  trace_id?: string;
  /**
   * Supplied values are Jinja templates rendered once with the datastore and these variables (a
   * rule passes `{trigger}`), as st2 does for API and CLI runs. `false` takes them literally (the
   * action's defaults are still rendered): for values typed by chat users, which must never be able
   * to read the datastore.
   * @default true
   */
  renderTemplates?: boolean;
  templateVariables?: Partial<TemplateContext>;
}

export interface ExecutionServiceDeps {
  store: RecordStore;
  queue: ExecutionQueue;
  bus: EventBus;
  cipher: SecretCipher;
  snapshot: () => ContentSnapshot;
  runners: RunnerRegistry;
  /** The resolved config of a pack, for `config_context` in parameter templates. */
  packConfig: (pack: string) => Promise<Record<string, unknown>>;
  /** Learns the secret parameter values of each request, so output echoing them is masked. */
  secrets: SecretRegistry;
  templateContext: (user: string | undefined) => TemplateContext;
}

export interface ExecutionService {
  /** Validates and stores an execution as `requested`, then enqueues it. */
  request(request: ExecutionRequest): Promise<Execution>;
  /** Resolves with the execution once it reaches a final status. */
  waitFor(id: string, options?: WaitOptions): Promise<Execution>;
  /** Opens an execution's `secret_parameters` blob. */
  decryptSecrets(blob: string): Record<string, unknown>;
  /** The parameters an execution ran with, secret values in clear text: for the action only. */
  revealParameters(execution: Execution): Record<string, unknown>;
}

export interface WaitOptions {
  /** 0 waits without a limit. @default 300000 */
  timeoutMs?: number;
  /** Stops waiting: the promise rejects with E_WAIT_ABORTED. */
  signal?: AbortSignal;
}

export function createExecutionService(deps: ExecutionServiceDeps): ExecutionService {
  const findAction = (ref: string): ActionDefinition => {
    const action = deps.snapshot().actions.get(ref);
    if (!action) {
      throw new NotFoundError(`action "${ref}" is not installed; see \`squall action list\``, {
        code: 'E_UNKNOWN_ACTION',
      });
    }
    if (action.unsupported) {
      throw new NonRetriableError(`action ${ref} cannot run: ${action.unsupported}`, {
        code: 'E_UNSUPPORTED_RUNNER',
      });
    }
    if (!action.spec.enabled) {
      throw new NonRetriableError(`action ${ref} is disabled (enabled: false in its metadata)`, {
        code: 'E_ACTION_DISABLED',
      });
    }
    return action;
  };

  const decryptSecrets = (blob: string): Record<string, unknown> =>
    JSON.parse(deps.cipher.decrypt(blob)) as Record<string, unknown>;

  return {
    async request(request) {
      assertWithinPayloadLimits(request.parameters ?? {}, `execution of ${request.action}: the parameters`);
      assertWithinPayloadLimits(request.context ?? {}, `execution of ${request.action}: the context`);
      const action = findAction(request.action);
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
      const masked = maskDeep(maskSecretParameters(parameters, action.parameters), []) as Record<
        string,
        unknown
      >;
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
      await deps.store.insertExecution(execution);
      deps.bus.publish('execution.updated', execution);
      await deps.queue.enqueue({ executionId: execution.id });
      return execution;
    },

    waitFor: (id, options = {}) => waitForFinal(deps, id, options),

    decryptSecrets,
    revealParameters: (execution) =>
      execution.secret_parameters
        ? { ...execution.parameters, ...decryptSecrets(execution.secret_parameters) }
        : execution.parameters,
  };
}

/** Resolves when the execution reaches a final status: from the store if it already has, else from the bus. */
function waitForFinal(deps: ExecutionServiceDeps, id: string, options: WaitOptions): Promise<Execution> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { signal } = options;
  return new Promise<Execution>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void =>
      settle(() => reject(new SquallError('E_WAIT_ABORTED', `stopped waiting for execution ${id} to end`)));
    const subscription = deps.bus
      .on('execution.updated')
      .pipe(filter((execution) => execution.id === id && FINAL_STATUSES.has(execution.status)))
      .subscribe((execution) => settle(() => resolve(execution)));
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            settle(() =>
              reject(new SquallError('E_TIMEOUT', `execution ${id} did not finish within ${timeoutMs} ms`)),
            );
          }, timeoutMs)
        : undefined;
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    deps.store.getExecution(id).then(
      (stored) => {
        if (!stored) {
          settle(() =>
            reject(new NotFoundError(`execution ${id} does not exist`, { code: 'E_UNKNOWN_EXECUTION' })),
          );
        } else if (FINAL_STATUSES.has(stored.status)) {
          settle(() => resolve(stored));
        }
      },
      (error: unknown) => settle(() => reject(error)),
    );
  });
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
