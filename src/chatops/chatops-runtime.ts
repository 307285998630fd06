import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';
import { ValidationError, errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { WebhookChatAdapter } from './adapters/webhook-adapter.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import type { ChatAdapter, IncomingChatMessage } from './chat-adapter.js';
import type { ChatExecutor } from './chat-executor.js';
import type { ChatOutcome, PendingRun, RefusalRecord } from './chat-outcome.js';
import { ChatService, type ChatServiceOptions } from './chat-service.js';
import type { ChatopsSettings } from './chatops-settings.js';
import { withFreshMasking } from './masking-adapter.js';
import type { ConfirmationStore } from './pending-confirmations.js';
import type { RefreshingSecretRegistry } from './refreshing-secret-registry.js';
import { createReplyCollector } from './reply-collector.js';

export interface ChatopsRuntimeOptions {
  settings: ChatopsSettings;
  /** The configured chat services, by name (`webhook`, `slack`); started by start(). */
  adapters: readonly ChatAdapter[];
  /** The webhook adapter among them, whose incoming route the API serves. */
  webhook?: WebhookChatAdapter;
  executor: ChatExecutor;
  aliases: () => readonly AliasDefinition[];
  kv?: KeyValueLookup;
  decrypt?: (ciphertext: string) => string;
  secrets: RefreshingSecretRegistry;
  confirmationStore?: ConfirmationStore<PendingRun>;
  onRefused?: (record: RefusalRecord) => void | Promise<void>;
  logger: Logger;
}

/** How a command sent through the API or CLI was answered. */
export interface CommandAnswer {
  outcome: ChatOutcome;
  /** The immediate answer (ack, help, refusal, confirmation prompt...), masked. */
  messages: string[];
  /** For an executed command: the result message once the execution ends (masked), if the alias posts one. */
  result?: Promise<string | undefined>;
}

export interface CommandOptions {
  /** The adapter the result is posted to; without it the result is only returned. */
  route?: string;
}

/** ChatOps for one engine: a chat service per configured adapter, plus commands from the API and CLI. */
export interface ChatopsRuntime {
  readonly adapterNames: readonly string[];
  readonly webhook?: WebhookChatAdapter;
  start(): Promise<void>;
  command(message: IncomingChatMessage, options?: CommandOptions): Promise<CommandAnswer>;
  /** Posts (masked) through `route`, or the first configured adapter. */
  postMessage(channel: string, text: string, route?: string): Promise<void>;
  /** Waits for results in flight, then stops the adapters. */
  stop(): Promise<void>;
}

export function createChatopsRuntime(options: ChatopsRuntimeOptions): ChatopsRuntime {
  const adapters = new Map(
    options.adapters.map((adapter) => [adapter.name, withFreshMasking(adapter, options.secrets)]),
  );
  const serviceOptions = (adapter: ChatAdapter, executor: ChatExecutor): ChatServiceOptions => ({
    adapter,
    executor,
    aliases: options.aliases,
    secrets: options.secrets,
    confirmationTtlMs: options.settings.confirmationTtlMs,
    logger: options.logger,
    ...(options.kv ? { kv: options.kv } : {}),
    ...(options.decrypt ? { decrypt: options.decrypt } : {}),
    ...(options.settings.publicUrl ? { publicUrl: options.settings.publicUrl } : {}),
    ...(options.settings.maxCommandLength ? { maxCommandLength: options.settings.maxCommandLength } : {}),
    ...(options.onRefused ? { onRefused: options.onRefused } : {}),
    ...(options.confirmationStore ? { confirmationStore: options.confirmationStore } : {}),
  });
  const services = [...adapters.values()].map(
    (adapter) => new ChatService(serviceOptions(adapter, options.executor)),
  );
  const inFlight = new Set<Promise<unknown>>();
  const adapterFor = (route: string | undefined): ChatAdapter => {
    const adapter = route === undefined ? adapters.values().next().value : adapters.get(route);
    if (adapter) return adapter;
    const configured = [...adapters.keys()];
    throw new ValidationError(
      configured.length === 0
        ? 'chatops: no chat adapter is configured; add chatops.webhook or chatops.slack to squall.yaml (see docs/chatops.md)'
        : `chatops: no chat adapter "${route}"; configured: ${configured.join(', ')}`,
      { code: 'E_CHATOPS_NO_ADAPTER' },
    );
  };

  return {
    adapterNames: [...adapters.keys()],
    ...(options.webhook ? { webhook: options.webhook } : {}),
    async start() {
      for (const service of services) await service.start();
    },
    async command(message, commandOptions = {}) {
      const target = commandOptions.route === undefined ? undefined : adapterFor(commandOptions.route);
      const collector = createReplyCollector(
        target && ((channel, text) => target.postMessage(channel, text)),
      );
      // The result must not be collected as part of the immediate answer, however fast the action.
      let answered!: () => void;
      const gate = new Promise<void>((resolve) => (answered = resolve));
      const executor: ChatExecutor = {
        ...options.executor,
        waitFor: async (id) => {
          await gate;
          return options.executor.waitFor(id);
        },
      };
      const service = new ChatService(
        serviceOptions(withFreshMasking(collector.adapter, options.secrets), executor),
      );
      const outcome = await service.handle(message);
      collector.answered();
      answered();
      if (outcome.status !== 'executed') return { outcome, messages: collector.messages };
      const result = outcome.completion.then(() =>
        collector.results.length > 0 ? collector.results.join('\n') : undefined,
      );
      inFlight.add(result);
      void result
        .catch((error: unknown) =>
          options.logger.error(
            { err: error, execution: outcome.executionId },
            'chatops: the result of a command was lost',
          ),
        )
        .finally(() => inFlight.delete(result));
      return { outcome, messages: collector.messages, result };
    },
    async postMessage(channel, text, route) {
      await adapterFor(route).postMessage(channel, text);
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
      for (const service of services) {
        await service
          .stop()
          .catch((error: unknown) =>
            options.logger.warn(
              { err: error },
              `chatops: stopping an adapter failed: ${errorMessage(error)}`,
            ),
          );
      }
    },
  };
}
