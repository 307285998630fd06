import type { FastifyInstance, FastifyReply } from 'fastify';

import { registerWebhookChatRoute } from '../../chatops/adapters/webhook-adapter.js';
import type { ChatOutcome } from '../../chatops/chat-outcome.js';
import type { CommandAnswer } from '../../chatops/chatops-runtime.js';
import type { Engine } from '../../engine/create-engine.js';
import { ValidationError } from '../../common/errors.js';
import type { ApiErrorBody } from '../http-errors.js';
import { serializeAlias } from '../serialize/serialize-alias.js';
import { serializeExecution } from '../serialize/serialize-execution.js';
import { objectBody, optionalText } from '../request-body.js';

interface AliasExecutionInput {
  command: string;
  user: string;
  source_channel: string;
  groups?: string[];
  /** The adapter the result is posted to (st2's field); "chatops" or absent: the first one. */
  route?: string;
  /** Squall: hold the answer until the execution ends and return the result message too. */
  wait: boolean;
}

/** Answers that are not an execution, as `{faultstring, code}` errors with their HTTP status. */
const REFUSALS: Partial<Record<ChatOutcome['status'], { status: number; code: string }>> = {
  no_match: { status: 404, code: 'E_ALIAS_NO_MATCH' },
  ambiguous: { status: 409, code: 'E_ALIAS_AMBIGUOUS' },
  refused: { status: 403, code: 'E_ALIAS_FORBIDDEN' },
  invalid: { status: 400, code: 'E_ALIAS_INVALID' },
  failed: { status: 400, code: 'E_ALIAS_RUN_FAILED' },
  confirmation_rejected: { status: 400, code: 'E_ALIAS_CONFIRMATION' },
};

/**
 * `POST /aliasexecution {command, user, source_channel}`: runs a chat command as `user`. Answers
 * 201 with the ack and the execution; the result goes to `source_channel` through the chat adapter
 * when the execution ends (or, with `wait: true`, comes back in the answer instead).
 */
export function registerAliasExecutionRoutes(app: FastifyInstance, engine: Engine): void {
  app.post<{ Body: unknown }>('/aliasexecution', async (request, reply) => {
    const input = aliasExecutionInput(request.body);
    // A named route that is not configured is refused; without one, the first adapter (if any).
    const route = input.wait ? undefined : (input.route ?? engine.chatops.adapterNames[0]);
    const answer = await engine.chatops.command(
      {
        text: input.command,
        user: input.user,
        channel: input.source_channel,
        ...(input.groups ? { groups: input.groups } : {}),
      },
      route === undefined ? {} : { route },
    );
    return sendAnswer(engine, reply, answer, { wait: input.wait, route });
  });
}

/** The incoming route of the webhook chat adapter, when one is configured (outside /api/v1's key check). */
export async function registerChatWebhookRoute(app: FastifyInstance, engine: Engine): Promise<void> {
  if (engine.chatops.webhook) await registerWebhookChatRoute(app, engine.chatops.webhook);
}

async function sendAnswer(
  engine: Engine,
  reply: FastifyReply,
  answer: CommandAnswer,
  { wait, route }: { wait: boolean; route: string | undefined },
) {
  const { outcome } = answer;
  const message = answer.messages.join('\n');
  const refusal = REFUSALS[outcome.status];
  if (refusal) {
    return reply.status(refusal.status).send({
      faultstring: message,
      code: refusal.code,
      status: outcome.status,
    } satisfies ApiErrorBody & {
      status: string;
    });
  }
  if (outcome.status === 'confirmation_requested') {
    return reply.status(202).send({ status: outcome.status, message, confirmation_code: outcome.code });
  }
  if (outcome.status !== 'executed') return reply.status(200).send({ status: outcome.status, message });
  const resultMessage = wait ? await answer.result : undefined;
  const execution = await engine.store.getExecution(outcome.executionId);
  const aliasRef = execution?.context['action_alias_ref'];
  const alias = typeof aliasRef === 'string' ? engine.snapshot().aliases.get(aliasRef) : undefined;
  return reply.status(201).send({
    status: outcome.status,
    message,
    execution: execution ? serializeExecution(execution) : { id: outcome.executionId },
    ...(alias ? { actionalias: serializeAlias(alias) } : {}),
    // Where the result will be posted; null when it is returned (wait) or no adapter is configured.
    result_route: route ?? null,
    ...(wait ? { result: { message: resultMessage ?? null } } : {}),
  });
}

function aliasExecutionInput(body: unknown): AliasExecutionInput {
  const fields = objectBody(
    body,
    'POST /aliasexecution',
    '{"command": "...", "user": "alice", "source_channel": "ops"}',
  );
  const fail = (message: string): never => {
    throw new ValidationError(`api: POST /aliasexecution ${message}`, { code: 'E_API_BODY' });
  };
  const command = optionalText(fields, 'command')?.trim();
  if (!command) return fail('needs "command", the chat command text');
  const user = optionalText(fields, 'user');
  if (!user) return fail('needs "user", who runs the command (aliases may allow only some users)');
  const wait = fields['wait'] ?? false;
  if (typeof wait !== 'boolean') return fail('"wait" must be true or false');
  const channel = optionalText(fields, 'source_channel');
  if (!channel && !wait) return fail('needs "source_channel", where the result is posted');
  const groups = fields['groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string'))) {
    return fail('"groups" must be a list of names');
  }
  const route = optionalText(fields, 'notification_route');
  return {
    command,
    user,
    source_channel: channel || 'api',
    wait,
    ...(groups ? { groups: groups as string[] } : {}),
    ...(route && route !== 'chatops' ? { route } : {}),
  };
}
