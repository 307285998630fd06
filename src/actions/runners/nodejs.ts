import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { typescriptImportArgs } from '../../common/typescript-loader.js';

import type { Runner, RunnerContext, RunnerResult } from '../runner.js';
import {
  DEFAULT_ACTION_TIMEOUT_SECONDS,
  processSettings,
  type ProcessRunnerOptions,
} from './local-runner-options.js';
import { actionEnvironment, timeoutSeconds } from './process-environment.js';
import { resolveEntryPoint } from './resolve-entry-point.js';
import { stripShellChars } from './shell-result.js';
import { spawnProcess, type ProcessOutcome } from './spawn-process.js';

const RUNNER_PARAMETER_NAMES = new Set(['timeout', 'env', 'cwd']);

/**
 * Squall's `nodejs` runner: the entry point is a .js/.mjs/.ts module in the pack whose default
 * export (or `run`) is `(parameters, context) => result`. It runs in a child process with a
 * timeout; the result comes back over IPC as `{result, stdout, stderr, exit_code}`.
 */
export function createNodejsRunner(options: ProcessRunnerOptions = {}): Runner {
  return {
    name: 'nodejs',
    description: 'Runs a JavaScript or TypeScript function from the pack in a child process.',
    parameters: {
      timeout: {
        type: 'integer',
        default: DEFAULT_ACTION_TIMEOUT_SECONDS,
        description:
          "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.",
      },
      env: { type: 'object', description: 'Environment variables for the action process.' },
      cwd: { type: 'string', description: 'Working directory of the action process.' },
    },
    shellParameters: [],
    run: (context) => runModule(context, options),
  };
}

async function runModule(context: RunnerContext, options: ProcessRunnerOptions): Promise<RunnerResult> {
  const { action, parameters } = context;
  const entry = await resolveEntryPoint(context.packDir, action.spec.entry_point, action.ref);
  if ('error' in entry) return failed(entry.error);
  const host = hostScript();
  const timeout = timeoutSeconds(parameters['timeout'], DEFAULT_ACTION_TIMEOUT_SECONDS);
  const actionParameters = Object.fromEntries(
    Object.entries(parameters).filter(([name]) => !RUNNER_PARAMETER_NAMES.has(name)),
  );
  const request = {
    modulePath: entry.path,
    parameters: actionParameters,
    context: {
      execution_id: context.executionId,
      action_ref: action.ref,
      pack: action.spec.pack,
      pack_dir: context.packDir,
      config: context.packConfig,
    },
  };
  let reply: unknown;
  const outcome = await spawnProcess({
    command: process.execPath,
    args: [...typescriptImportArgs(host, entry.path), host],
    ...processSettings(context, timeout, options),
    env: actionEnvironment(context, { env: parameters['env'] }),
    ipc: true,
    onSpawn: (child) => {
      child.on('message', (message) => {
        reply = message;
      });
      child.send(request);
    },
  });
  return moduleResult(outcome, reply, timeout);
}

/** The host script next to this file: `.js` once built, `.ts` when running from source. */
function hostScript(): string {
  const built = fileURLToPath(new URL('./nodejs-host.js', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('./nodejs-host.ts', import.meta.url));
}

function moduleResult(outcome: ProcessOutcome, reply: unknown, timeout: number): RunnerResult {
  const stdout = stripShellChars(outcome.stdout);
  const stderr = stripShellChars(outcome.stderr);
  const answer = isReply(reply) ? reply : undefined;
  let error: string | undefined;
  if (outcome.spawnError) error = `could not start node: ${outcome.spawnError.message}`;
  else if (outcome.timedOut) error = `Action failed to complete in ${timeout} seconds`;
  else if (outcome.canceled) error = 'Execution was canceled';
  else if (!answer)
    error = `the action process exited with code ${outcome.exitCode} before returning a result`;
  else if (!answer.ok) error = answer.error ?? 'the action failed';
  const status = outcome.timedOut
    ? 'timeout'
    : outcome.canceled
      ? 'canceled'
      : error
        ? 'failed'
        : 'succeeded';
  return {
    status,
    result: {
      result: answer?.ok ? answer.result : null,
      stdout,
      stderr,
      exit_code: outcome.exitCode,
      ...(error ? { error } : {}),
      ...(answer && !answer.ok && answer.stack ? { traceback: answer.stack } : {}),
    },
    stdout,
    stderr,
    exitCode: outcome.exitCode,
    ...(error ? { error } : {}),
  };
}

interface Reply {
  ok: boolean;
  result?: unknown;
  error?: string;
  stack?: string;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && typeof (value as Reply).ok === 'boolean';
}

function failed(error: string): RunnerResult {
  return {
    status: 'failed',
    result: { result: null, stdout: '', stderr: '', exit_code: null, error },
    error,
  };
}
