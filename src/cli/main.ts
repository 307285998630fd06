import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Command, CommanderError } from 'commander';

import { SquallError, ValidationError, errorMessage } from '../common/errors.js';
import { packageRoot } from '../common/package-root.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, processIo, type CliIo } from './cli-io.js';
import type { CommandContext } from './command-context.js';
import { registerActionCommand } from './commands/action-command.js';
import { registerAliasCommand } from './commands/alias-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerDeployCommand } from './commands/deploy-command.js';
import { registerExecutionCommand } from './commands/execution-command.js';
import { registerKeyCommand } from './commands/key-command.js';
import { registerPackCommand } from './commands/pack-command.js';
import { registerReloadCommand } from './commands/reload-command.js';
import { registerRuleCommand } from './commands/rule-command.js';
import { registerRuleEnforcementCommand } from './commands/rule-enforcement-command.js';
import { registerRunCommand } from './commands/run-command.js';
import { registerSensorCommand } from './commands/sensor-command.js';
import { registerStartCommand } from './commands/start-command.js';
import { registerTraceCommand } from './commands/trace-command.js';
import { registerInquiryCommand } from './commands/inquiry-command.js';
import { registerPolicyCommand } from './commands/policy-command.js';
import { registerClusterCommand } from './commands/cluster-command.js';
import { registerTriggerCommand } from './commands/trigger-command.js';
import { registerTriggerInstanceCommand } from './commands/trigger-instance-command.js';
import { registerWebhookCommand } from './commands/webhook-command.js';
import { ApiCallError } from './connect.js';

/** The `squall` binary: `argv` as `process.argv` has it. Sets `process.exitCode`. */
export async function main(argv: string[]): Promise<void> {
  process.exitCode = await runCli(argv.slice(2), processIo());
}

/** Runs one CLI command with the given arguments (without `node squall`) and returns its exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_OK;
  const context: CommandContext = {
    io,
    setExitCode: (code) => {
      exitCode = Math.max(exitCode, code);
    },
  };
  const program = createProgram(context);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    reportError(io, error, args.includes('--json'));
    return errorExitCode(error);
  }
}

export function createProgram(context: CommandContext): Command {
  const program = new Command('squall')
    .description('Event-driven automation: sensors, StackStorm-format rules, actions and packs')
    .version(packageVersion())
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
    });
  registerStartCommand(program, context);
  registerClusterCommand(program, context);
  registerRunCommand(program, context);
  registerActionCommand(program, context);
  registerRuleCommand(program, context);
  registerRuleEnforcementCommand(program, context);
  registerTriggerCommand(program, context);
  registerTriggerInstanceCommand(program, context);
  registerSensorCommand(program, context);
  registerWebhookCommand(program, context);
  registerExecutionCommand(program, context);
  registerTraceCommand(program, context);
  registerInquiryCommand(program, context);
  registerPolicyCommand(program, context);
  registerKeyCommand(program, context);
  registerPackCommand(program, context);
  registerDeployCommand(program, context);
  registerReloadCommand(program, context);
  registerAliasCommand(program, context);
  registerChatCommand(program, context);
  return program;
}

/** Help and version exit 0; every usage error (unknown command, bad option value) is invalid input. */
function commanderExitCode(error: CommanderError): number {
  return error.exitCode === 0 ? EXIT_OK : EXIT_INVALID;
}

/** Invalid input (bad arguments, a 400 from the API) is 2; anything else that failed is 1. */
export function errorExitCode(error: unknown): number {
  if (error instanceof ValidationError) return EXIT_INVALID;
  if (error instanceof ApiCallError && error.status === 400) return EXIT_INVALID;
  return EXIT_FAILURE;
}

function reportError(io: CliIo, error: unknown, json: boolean): void {
  const code = error instanceof SquallError ? error.code : 'E_INTERNAL';
  if (json) {
    io.stdout.write(`${JSON.stringify({ faultstring: errorMessage(error), code }, null, 2)}\n`);
  } else {
    const message = errorMessage(error);
    io.stderr.write(message.startsWith('squall') ? `${message}\n` : `squall: ${message}\n`);
  }
}

function packageVersion(): string {
  const file = path.join(packageRoot(), 'package.json');
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}
