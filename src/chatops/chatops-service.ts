import path from 'node:path';

import type { InternalAction } from '../actions/runners/internal.js';
import type { EventBus } from '../bus/event-bus.js';
import { createSlackAdapter } from './adapters/slack-adapter.js';
import { createWebhookAdapter, type WebhookChatAdapter } from './adapters/webhook-adapter.js';
import type { ChatAdapter } from './chat-adapter.js';
import type { ChatExecutor } from './chat-executor.js';
import type { PendingRun } from './chat-outcome.js';
import { createChatopsActions } from './chatops-actions.js';
import { createChatopsRuntime, type ChatopsRuntime } from './chatops-runtime.js';
import { resolveChatopsSettings } from './chatops-settings.js';
import { CHATOPS_REFUSED_TRIGGER } from './chatops-triggers.js';
import { CONFIRMATION_KEY_PREFIX, createDatastoreConfirmationStore } from './datastore-confirmation-store.js';
import { createRefreshingSecretRegistry } from './refreshing-secret-registry.js';
import type { ExecutionLike } from './render-alias-message.js';
import { CONFIG_FILE } from '../config/load-config.js';
import type { SquallConfig } from '../config/squall-config.js';
import type { Datastore } from '../datastore/datastore.js';
import type { Execution } from '../domain/execution.js';
import type { Stage } from '../common/stage.js';
import type { Logger } from '../common/logger.js';
import type { SecretRegistry } from '../security/secret-registry.js';
import type { ContentSnapshot } from '../snapshot/model/content-snapshot.js';
import type { RecordStore } from '../store/record-store.js';
import type { ExecutionService } from '../pipeline/execution-service.js';

export interface EngineChatopsDeps {
  home: string;
  config: SquallConfig;
  logger: Logger;
  store: RecordStore;
  bus: EventBus;
  datastore: Datastore;
  snapshot: () => ContentSnapshot;
  executions: Pick<ExecutionService, 'request' | 'waitFor' | 'revealParameters'>;
  dispatch: (trigger: string, payload: unknown) => Promise<unknown>;
  /** Connect the configured chat services (long-running engines only). */
  startAdapters: boolean;
  /** The engine's secret registry; chat masks with it as well as with the datastore's secrets. */
  secrets?: SecretRegistry;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

export interface ChatopsService extends Stage {
  readonly runtime: ChatopsRuntime;
  /** `chatops.post_message` and friends (`runner_type: squall-internal`). */
  readonly actions: ReadonlyMap<string, InternalAction>;
}

/**
 * ChatOps inside the engine: commands run as executions with the user's values taken literally,
 * results are awaited on the bus, every message is masked with the datastore's secrets, pending
 * confirmations live in the datastore, refusals are dispatched as `squall.chatops.refused`.
 */
export function createChatopsService(deps: EngineChatopsDeps): ChatopsService {
  const settings = resolveChatopsSettings(deps.config.chatops, deps.env ?? process.env, {
    file: path.join(deps.home, CONFIG_FILE),
    ...(deps.config.api.public_url ? { apiPublicUrl: deps.config.api.public_url } : {}),
  });
  const logger = deps.logger.child({ component: 'chatops' });
  const stopping = new AbortController();
  const secrets = createRefreshingSecretRegistry(() => knownSecrets(deps), deps.secrets);

  const executor: ChatExecutor = {
    getActionParameters: async (ref) => deps.snapshot().actions.get(ref)?.parameters,
    run: async (action, parameters, context) => {
      // Chat users' values are never rendered: `{{ st2kv... | decrypt_kv }}` stays text.
      const execution = await deps.executions.request({
        action,
        parameters,
        context: { ...context },
        renderTemplates: false,
      });
      return { id: execution.id };
    },
    // Results still awaited are told the engine stopped rather than holding the shutdown.
    waitFor: async (id) =>
      toExecutionLike(await deps.executions.waitFor(id, { timeoutMs: 0, signal: stopping.signal })),
  };

  const webhook: WebhookChatAdapter | undefined = settings.webhook && createWebhookAdapter(settings.webhook);
  const adapters: ChatAdapter[] = [
    ...(webhook ? [webhook] : []),
    ...(settings.slack ? [createSlackAdapter({ ...settings.slack, logger })] : []),
  ];
  const runtime = createChatopsRuntime({
    settings,
    adapters,
    ...(webhook ? { webhook } : {}),
    executor,
    aliases: () => [...deps.snapshot().aliases.values()],
    kv: deps.datastore.lookup,
    decrypt: (ciphertext) => deps.datastore.decrypt(ciphertext),
    secrets,
    confirmationStore: createDatastoreConfirmationStore<PendingRun>(deps.datastore),
    onRefused: async (record) => {
      logger.warn({ alias: record.alias, user: record.user, channel: record.channel }, 'chatops: refused');
      await deps.dispatch(CHATOPS_REFUSED_TRIGGER, record);
    },
    logger,
  });

  const actions = createChatopsActions({
    postMessage: (channel, text, route) => runtime.postMessage(channel, text, route),
    getExecution: async (id) => {
      const execution = await deps.store.getExecution(id);
      return (
        execution && {
          ...toExecutionLike(execution),
          parameters: deps.executions.revealParameters(execution),
        }
      );
    },
    actionParameters: (ref) => deps.snapshot().actions.get(ref)?.parameters,
    alias: (ref) => deps.snapshot().aliases.get(ref),
    secrets,
    ...(settings.publicUrl ? { publicUrl: settings.publicUrl } : {}),
  });
  return {
    name: 'chatops',
    runtime,
    actions,
    async start() {
      await secrets.refresh();
      if (deps.startAdapters) await runtime.start();
    },
    async stop() {
      stopping.abort();
      await runtime.stop();
    },
  };
}

/** Secret datastore values (every scope) and the literal defaults of secret action parameters. */
async function knownSecrets(deps: EngineChatopsDeps): Promise<string[]> {
  const pairs = await deps.datastore.list(undefined, undefined, { decrypt: true });
  const values = pairs
    .filter((pair) => pair.secret && !pair.key.startsWith(CONFIRMATION_KEY_PREFIX))
    .map((pair) => pair.value);
  for (const action of deps.snapshot().actions.values()) {
    for (const spec of Object.values(action.parameters)) {
      const value = spec.default;
      if (spec.secret === true && typeof value === 'string' && !value.includes('{{')) values.push(value);
    }
  }
  return values;
}

function toExecutionLike(execution: Execution): ExecutionLike {
  return {
    id: execution.id,
    action: execution.action,
    runner: execution.runner,
    status: execution.status,
    parameters: execution.parameters,
    result: execution.result,
    stdout: execution.stdout,
    stderr: execution.stderr,
    exit_code: execution.exit_code,
    error: execution.error,
    start_timestamp: execution.start_timestamp,
    end_timestamp: execution.end_timestamp,
    context: execution.context,
  };
}
