import { userInfo } from 'node:os';

import type { Command } from 'commander';

import type { ExecutionView } from '../../api/serialize/serialize-execution.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  print,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';

interface ChatOptions extends CommonOptions {
  user?: string;
  channel?: string;
}

/** What POST /aliasexecution answers to a command that was not refused. */
interface ChatAnswer {
  status: string;
  message: string;
  execution?: ExecutionView;
  result?: { message: string | null };
}

/**
 * `squall chat "<command>"`: a chat command run as a user, as if typed in chat (aliases, allowed
 * users, confirmation, masking). Prints the ack, then the result once the execution ends. Exit 1
 * when the command is refused, matches nothing, or its execution does not succeed.
 */
export function registerChatCommand(program: Command, context: CommandContext): void {
  withCommonOptions(
    program
      .command('chat <command>')
      .description('run a chat command (an action alias, "help", "confirm <code>") and print the answers'),
  )
    .option('--user <name>', 'who sends the command (default: the OS user)')
    .option('--channel <name>', 'the channel it is sent from, for templates and context', 'cli')
    .action(async (command: string, options: ChatOptions) => {
      const user = options.user ?? osUser();
      const answer = await withApi(context, options, (api) =>
        api.call<ChatAnswer>('POST', '/aliasexecution', {
          command,
          user,
          source_channel: options.channel ?? 'cli',
          wait: true,
        }),
      );
      print(context, options, answer, () => humanAnswer(answer));
      if (answer.execution && answer.execution.status !== 'succeeded') context.setExitCode(EXIT_FAILURE);
    });
}

function humanAnswer(answer: ChatAnswer): string {
  const parts = [answer.message, answer.result?.message ?? ''].filter((part) => part !== '');
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'cli';
  }
}
