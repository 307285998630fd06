import type { ProcessGroupLedger } from './spawn-process.js';
import type { ParameterSpecs } from '../../snapshot/model/action-definition.js';
import type { RunnerContext } from '../runner.js';
import type { SpawnProcessOptions } from './spawn-process.js';

/** Options shared by the runners that start processes. */
export interface ProcessRunnerOptions {
  /** Where `sudo` and `bash` are looked up. @default process.env.PATH */
  searchPath?: string;
  /** Bytes kept of stdout and of stderr each. @default 1 MiB */
  maxOutputBytes?: number;
  /** Between SIGTERM and SIGKILL when a timeout or cancel kills the process group. @default 2000 */
  killGraceMs?: number;
  /** Records running process groups (see ProcessLedger). @default none */
  ledger?: ProcessGroupLedger;
}

/** What a process runner passes spawnProcess besides the command and env: cwd, limits and cancel. */
export function processSettings(
  context: RunnerContext,
  timeoutSeconds: number,
  options: ProcessRunnerOptions,
): Pick<
  SpawnProcessOptions,
  'cwd' | 'timeoutMs' | 'signal' | 'maxOutputBytes' | 'killGraceMs' | 'ledger' | 'owner' | 'onOutput'
> {
  const cwd = context.parameters['cwd'];
  return {
    ...(typeof cwd === 'string' && cwd !== '' ? { cwd } : {}),
    timeoutMs: timeoutSeconds * 1000,
    signal: context.signal,
    ...(options.maxOutputBytes === undefined ? {} : { maxOutputBytes: options.maxOutputBytes }),
    ...(options.killGraceMs === undefined ? {} : { killGraceMs: options.killGraceMs }),
    ...(options.ledger ? { ledger: options.ledger, owner: context.executionId } : {}),
    ...(context.onOutput ? { onOutput: context.onOutput } : {}),
  };
}

/** st2's local runner parameters (contrib/runners/local_runner/runner.yaml), without `cmd`. */
export const LOCAL_RUNNER_PARAMETERS: ParameterSpecs = {
  cwd: { type: 'string', description: 'Working directory where the command will be executed.' },
  env: {
    type: 'object',
    description: 'Environment variables which will be available to the command (e.g. key1=val1,key2=val2).',
  },
  kwarg_op: {
    type: 'string',
    default: '--',
    description: 'Operator to use in front of keyword args i.e. "--" or "-".',
  },
  sudo: { type: 'boolean', default: false, description: 'The command will be executed with sudo.' },
  sudo_password: {
    type: 'string',
    secret: true,
    required: false,
    description: 'Sudo password. To be used when passwordless sudo is not allowed.',
  },
  timeout: {
    type: 'integer',
    default: 60,
    description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.",
  },
};

export const DEFAULT_ACTION_TIMEOUT_SECONDS = 60;
