import { filter } from 'rxjs';

import { resolveActionParameters } from '../actions/resolve-parameters.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import { FINAL_STATUSES, type Execution } from '../domain/execution.js';
import { newId } from '../domain/ids.js';
import { NonRetriableError, NotFoundError, SquallError } from '../common/errors.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { ExecutionQueue } from '../queue/queue.js';
import { MASK, maskSecretParameters, type SecretRegistry } from '../security/mask.js';
import type { RecordStore } from '../store/record-store.js';
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
  waitFor(id: string, options?: { timeoutMs?: number }): Promise<Execution>;
  decryptSecrets(blob: string): Record<string, unknown>;
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

  return {
    async request(request) {
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
      const masked = maskSecretParameters(parameters, action.parameters);
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

    waitFor(id, options = {}) {
      const timeoutMs = options.timeoutMs ?? 300_000;
      return new Promise<Execution>((resolve, reject) => {
        let settled = false;
        const settle = (outcome: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          subscription.unsubscribe();
          outcome();
        };
        const subscription = deps.bus
          .on('execution.updated')
          .pipe(filter((execution) => execution.id === id && FINAL_STATUSES.has(execution.status)))
          .subscribe((execution) => settle(() => resolve(execution)));
        const timer = setTimeout(() => {
          settle(() =>
            reject(new SquallError('E_TIMEOUT', `execution ${id} did not finish within ${timeoutMs} ms`)),
          );
        }, timeoutMs);
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
    },

    decryptSecrets(blob) {
      return JSON.parse(deps.cipher.decrypt(blob)) as Record<string, unknown>;
    },
  };
}

/** The values that masking replaced, found by walking the original beside its masked copy. */
export function maskedValues(original: unknown, masked: unknown, found: unknown[] = []): unknown[] {
  if (masked === MASK && original !== MASK) {
    found.push(original);
  } else if (Array.isArray(original) && Array.isArray(masked)) {
    original.forEach((item, index) => maskedValues(item, masked[index], found));
  } else if (isRecord(original) && isRecord(masked)) {
    for (const key of Object.keys(original)) maskedValues(original[key], masked[key], found);
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
