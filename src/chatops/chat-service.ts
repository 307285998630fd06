import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import type { KeyValueLookup } from '../snapshot/model/rule-definition.js';
import { ConflictError, NotFoundError, SquallError, errorMessage } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { AliasDefinition } from '../snapshot/model/alias-definition.js';
import { isAliasAllowed, refusalMessage } from './alias-access.js';
import { castAliasParameters } from './cast-alias-parameters.js';
import type { ChatAdapter, IncomingChatMessage } from './chat-adapter.js';
import type { ChatExecutionContext, ChatExecutor } from './chat-executor.js';
import {
  createChatMasker,
  type ChatMasker,
  type ChatMaskerOptions,
  type SecretParameters,
} from './chat-masker.js';
import type { ChatOutcome, PendingRun, RefusalRecord } from './chat-outcome.js';
import { formatHelp } from './format-help.js';
import { matchAlias, type AliasMatch } from './match-alias.js';
import { PendingConfirmations, type ConfirmationStore } from './pending-confirmations.js';
import { renderAckMessage, renderResultMessage, type ExecutionLike } from './render-alias-message.js';
import { renderImmutableParameters } from './render-immutable-parameters.js';

export interface ChatServiceOptions extends ChatMaskerOptions {
  adapter: ChatAdapter;
  executor: ChatExecutor;
  /** The aliases of the current content snapshot (read on every command). */
  aliases: () => readonly AliasDefinition[];
  /** Datastore for templates in `immutable_parameters`. */
  kv?: KeyValueLookup;
  /** The datastore's decryption, for `decrypt_kv` in `immutable_parameters`. */
  decrypt?: (ciphertext: string) => string;
  /** Base URL where people reach Squall; ack messages link to `<publicUrl>/api/v1/executions/<id>`. */
  publicUrl?: string;
  /** Called (and awaited) when a user is refused an alias, for the audit trail. */
  onRefused?: (record: RefusalRecord) => void | Promise<void>;
  /** Pending confirmations of `confirm: true` aliases; in memory by default. */
  confirmationStore?: ConfirmationStore<PendingRun>;
  /** @default 120_000 */
  confirmationTtlMs?: number;
  /** @default Date.now */
  now?: () => number;
  /**
   * Longer commands are refused unread: st2's format regexes backtrack polynomially in the
   * command length (O(n^k) for k adjacent parameters), and matching runs on the event loop.
   * @default 1000
   */
  maxCommandLength?: number;
  logger?: Logger;
}

const CONFIRM = /^confirm\s+([0-9a-z]+)$/i;
const HELP = /^help(?:\s+(.*))?$/is;

/**
 * ChatOps: turns chat commands into executions through the aliases, answers with an ack now and
 * the result when the execution ends. Every outgoing message is masked first.
 */
export class ChatService {
  private readonly options: ChatServiceOptions;
  private readonly logger: Logger;
  private readonly masker: ChatMasker;
  private readonly confirmations: PendingConfirmations<PendingRun>;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: ChatServiceOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger();
    this.masker = createChatMasker(options);
    this.confirmations = new PendingConfirmations<PendingRun>({
      ...(options.confirmationStore ? { store: options.confirmationStore } : {}),
      ...(options.confirmationTtlMs === undefined ? {} : { ttlMs: options.confirmationTtlMs }),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  async start(): Promise<void> {
    await this.options.adapter.start(async (message) => void (await this.handle(message)));
  }

  /** Stops the adapter after the results still being awaited have been posted. */
  async stop(): Promise<void> {
    await this.idle();
    await this.options.adapter.stop();
  }

  /** Resolves when every result message in flight has been posted. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Answers one command. Never throws: problems are told to the user and logged. */
  async handle(message: IncomingChatMessage): Promise<ChatOutcome> {
    try {
      return await this.route(message);
    } catch (error) {
      this.logger.error(
        { err: error, user: message.user, channel: message.channel },
        'chatops: command failed',
      );
      await this.post(
        message.channel,
        'Something went wrong with that command; the server log has the details.',
      );
      return { status: 'failed' };
    }
  }

  private async route(message: IncomingChatMessage): Promise<ChatOutcome> {
    const command = message.text.trim();
    if (command === '') return { status: 'ignored' };
    if (command.length > (this.options.maxCommandLength ?? 1000)) {
      await this.post(message.channel, 'That command is too long; shorten it or use the API.');
      return { status: 'invalid' };
    }
    const help = HELP.exec(command);
    if (help) {
      await this.post(message.channel, formatHelp(this.options.aliases(), message, help[1] ?? ''));
      return { status: 'help' };
    }
    const confirm = CONFIRM.exec(command);
    if (confirm) return this.confirm(message, confirm[1]!);
    let match: AliasMatch;
    try {
      match = matchAlias(this.options.aliases(), command);
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof ConflictError)) throw error;
      await this.post(message.channel, error.message);
      return { status: error instanceof NotFoundError ? 'no_match' : 'ambiguous' };
    }
    return this.dispatch(message, command, match);
  }

  private async dispatch(
    message: IncomingChatMessage,
    command: string,
    match: AliasMatch,
  ): Promise<ChatOutcome> {
    const { alias } = match;
    if (!isAliasAllowed(alias, message)) return this.refuse(message, command, alias);
    const specs = await this.options.executor.getActionParameters(alias.action_ref);
    if (!specs) {
      await this.post(message.channel, `The action ${alias.action_ref} of ${alias.ref} is not installed.`);
      return { status: 'invalid' };
    }
    let parameters: Record<string, unknown>;
    try {
      parameters = castAliasParameters(match.parameters, specs, {
        immutableParameters: renderImmutableParameters(alias, message, this.options.kv, this.options.decrypt),
        aliasRef: alias.ref,
        actionRef: alias.action_ref,
      });
    } catch (error) {
      await this.post(message.channel, `Cannot run ${alias.ref}: ${errorMessage(error)}`, {
        parameters: match.parameters,
        specs,
      });
      return { status: 'invalid' };
    }
    const run: PendingRun = { alias: alias.ref, command, parameters, groups: message.groups ?? [] };
    if (!alias.confirm) return this.execute(message, alias, run, specs);
    const pending = await this.confirmations.request(message.user, message.channel, run);
    const minutes = Math.max(1, Math.round((pending.expires_at - this.now()) / 60_000));
    const shown = describe(this.masker.maskParameters(parameters, specs)) || 'no parameters';
    await this.post(
      message.channel,
      `This runs ${alias.action_ref} with ${shown}. ` +
        `${message.user}, reply \`confirm ${pending.code}\` within ${minutes} minute${minutes > 1 ? 's' : ''} to go ahead.`,
      { parameters, specs },
    );
    return { status: 'confirmation_requested', code: pending.code };
  }

  private async confirm(message: IncomingChatMessage, code: string): Promise<ChatOutcome> {
    const outcome = await this.confirmations.confirm(message.user, code);
    if (outcome.status !== 'confirmed') {
      const answers = {
        unknown: `No command is waiting for confirmation ${code}.`,
        expired: `Confirmation ${code} has expired; send the command again.`,
        wrong_user: `Only the person who sent the command can confirm it.`,
      };
      await this.post(message.channel, answers[outcome.status]);
      return { status: 'confirmation_rejected', reason: outcome.status };
    }
    const run = outcome.confirmation.payload;
    const alias = this.options.aliases().find((candidate) => candidate.ref === run.alias);
    const specs = alias ? await this.options.executor.getActionParameters(alias.action_ref) : undefined;
    if (
      !alias ||
      !alias.enabled ||
      !specs ||
      !isAliasAllowed(alias, { user: message.user, groups: run.groups })
    ) {
      await this.post(message.channel, `${run.alias} is no longer available; nothing was run.`);
      return { status: 'invalid' };
    }
    return this.execute({ ...message, channel: outcome.confirmation.channel }, alias, run, specs);
  }

  private async refuse(
    message: IncomingChatMessage,
    command: string,
    alias: AliasDefinition,
  ): Promise<ChatOutcome> {
    await this.post(message.channel, refusalMessage(alias, message));
    const record: RefusalRecord = {
      alias: alias.ref,
      action_ref: alias.action_ref,
      user: message.user,
      groups: message.groups ?? [],
      channel: message.channel,
      command,
      at: new Date(this.now()).toISOString(),
    };
    try {
      await this.options.onRefused?.(record);
    } catch (error) {
      this.logger.error({ err: error, alias: alias.ref }, 'chatops: recording a refusal failed');
    }
    return { status: 'refused' };
  }

  private async execute(
    message: IncomingChatMessage,
    alias: AliasDefinition,
    run: PendingRun,
    specs: ParameterSpecs,
  ): Promise<ChatOutcome> {
    const context: ChatExecutionContext = {
      user: message.user,
      source: 'chatops',
      source_channel: message.channel,
      action_alias_ref: alias.ref,
      command: run.command,
      ...(run.groups.length > 0 ? { groups: run.groups } : {}),
    };
    let id: string;
    try {
      ({ id } = await this.options.executor.run(alias.action_ref, run.parameters, context));
    } catch (error) {
      this.logger.warn({ err: error, alias: alias.ref }, 'chatops: could not start the action');
      const reason = error instanceof SquallError ? error.message : 'internal error (see the server log)';
      await this.post(message.channel, `Could not run ${alias.action_ref}: ${reason}`, {
        parameters: run.parameters,
        specs,
      });
      return { status: 'failed' };
    }
    const scheduled: ExecutionLike = {
      id,
      action: alias.action_ref,
      status: 'requested',
      parameters: run.parameters,
    };
    const ack = renderAckMessage(
      alias,
      this.masker.maskExecution(scheduled, specs),
      this.renderOptions(message, id),
    );
    if (ack !== undefined) await this.post(message.channel, ack, { parameters: run.parameters, specs });
    const completion = this.postResult(message, alias, id, specs, run.parameters);
    this.inFlight.add(completion);
    void completion
      .catch((error: unknown) =>
        this.logger.error({ err: error, execution: id }, 'chatops: posting the result failed'),
      )
      .finally(() => this.inFlight.delete(completion));
    return { status: 'executed', executionId: id, completion };
  }

  private async postResult(
    message: IncomingChatMessage,
    alias: AliasDefinition,
    id: string,
    specs: ParameterSpecs,
    parameters: Record<string, unknown>,
  ): Promise<void> {
    try {
      const execution = await this.options.executor.waitFor(id);
      const masked = this.masker.maskExecution(execution, specs);
      const text = renderResultMessage(alias, masked, this.renderOptions(message, id));
      // The values typed in chat win: a stored execution already has its secrets masked.
      const secret = { parameters: { ...execution.parameters, ...parameters }, specs };
      if (text !== undefined) await this.post(message.channel, text, secret);
    } catch (error) {
      this.logger.warn({ err: error, execution: id }, 'chatops: lost track of an execution');
      await this.post(
        message.channel,
        `Lost track of execution ${id} (${alias.action_ref}); check it with the CLI.`,
      );
    }
  }

  private renderOptions(message: IncomingChatMessage, id: string) {
    const base = this.options.publicUrl?.replace(/\/+$/, '');
    return {
      ...(base ? { executionUrl: `${base}/api/v1/executions/${id}` } : {}),
      extra: { user: message.user, channel: message.channel },
    };
  }

  /** Masks, then posts; a failing adapter is logged, never thrown at the user's command. */
  private async post(channel: string, text: string, secret?: SecretParameters): Promise<void> {
    const safe = this.masker.maskText(text, secret);
    try {
      await this.options.adapter.postMessage(channel, safe);
    } catch (error) {
      this.logger.error(
        { err: error, channel, adapter: this.options.adapter.name },
        'chatops: posting failed',
      );
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function describe(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}
