import type { ExecutionRequest, SecretCipher, WaitOptions } from './execution-request.js';
import type { RunnerRegistry } from '../actions/runner.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ActionDefinition } from '../snapshot/model/action-definition.js';
import type { Execution } from '../domain/execution.js';
import { NonRetriableError, NotFoundError } from '../common/errors.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { ExecutionQueue } from '../queue/queue.js';
import { type SecretRegistry } from '../security/secret-registry.js';
import type { RecordStore } from '../store/record-store.js';
import { prepareExecution } from './prepare-execution.js';
import { waitForFinal } from './wait-for-execution.js';
import type { TemplateContext } from '../templates/template-types.js';

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
  /**
   * When runners may be other processes (a cluster), a wait also reads the store this often: this
   * process's bus only sees the executions it runs. @default 0 (the bus alone)
   */
  waitPollMs?: number;
}

export interface ExecutionService {
  /** Validates and stores an execution as `requested`, then enqueues it. */
  request(request: ExecutionRequest): Promise<Execution>;
  /**
   * Validates a request and builds its `requested` record without storing it, for a caller that
   * stores it together with other records (a rule's enforcement); then `submit` it.
   */
  prepare(request: ExecutionRequest): Promise<Execution>;
  /** Announces and enqueues an execution the caller has stored. */
  submit(execution: Execution): Promise<void>;
  /** Resolves with the execution once it reaches a final status. */
  waitFor(id: string, options?: WaitOptions): Promise<Execution>;
  /** Opens an execution's `secret_parameters` blob. */
  decryptSecrets(blob: string): Record<string, unknown>;
  /** The parameters an execution ran with, secret values in clear text: for the action only. */
  revealParameters(execution: Execution): Record<string, unknown>;
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
    prepare: (request) => prepareExecution(deps, request, findAction(request.action)),

    async submit(execution) {
      deps.bus.publish('execution.updated', execution);
      await deps.queue.enqueue({ executionId: execution.id });
    },

    async request(request) {
      const execution = await prepareExecution(deps, request, findAction(request.action));
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
