import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { spawnProcess, type ProcessOutcome } from '../../actions/runners/spawn-process.js';
import type { PipConfig } from '../../config/squall-config.js';
import { BackendError } from '../../common/errors.js';
import { childEnvironment } from '../../security/child-environment.js';
import type { PythonInterpreter } from './python-interpreter.js';
import { VENV_RECORD, type VenvRecord } from './venv-paths.js';

export interface BuildVenvOptions {
  pack: string;
  dir: string;
  interpreter: PythonInterpreter;
  fingerprint: string;
  /** Lines of requirements.txt; none: a virtualenv without pip (it takes a second, not ten). */
  requirements: readonly string[];
  requirementsFile: string;
  pip: PipConfig;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

const VENV_TIMEOUT_MS = 180_000;
const DEFAULT_PIP_TIMEOUT_S = 900;
const ERROR_TAIL = 4000;

/**
 * Creates a virtualenv at `dir` and installs the requirements into it with pip, then writes its
 * record (the sign that it is complete). pip runs from the interpreter's own installation with
 * `--python` when it is recent enough (pip ≥ 22.3), so the virtualenv needs no pip of its own.
 */
export async function buildVirtualenv(options: BuildVenvOptions): Promise<void> {
  const { interpreter, dir } = options;
  const python = path.join(dir, 'bin', 'python');
  options.onProgress?.(
    `creating the virtualenv of ${options.pack} in ${dir} (Python ${interpreter.version})`,
  );
  check(
    options,
    'create its virtualenv',
    await run(options, interpreter.executable, ['-m', 'venv', '--without-pip', dir], VENV_TIMEOUT_MS),
  );
  if (options.requirements.length > 0) {
    options.onProgress?.(`installing ${options.requirements.join(', ')} with pip`);
    const timeoutMs = (options.pip.timeout ?? DEFAULT_PIP_TIMEOUT_S) * 1000;
    const install = ['install', '--no-input', '-r', options.requirementsFile, ...pipIndexArgs(options.pip)];
    if (await pipHasPythonOption(interpreter)) {
      const args = ['-m', 'pip', '--python', python, ...install];
      check(options, 'install its requirements', await run(options, interpreter.executable, args, timeoutMs));
    } else {
      check(
        options,
        'install pip',
        await run(options, python, ['-m', 'ensurepip', '--default-pip'], timeoutMs),
      );
      const args = ['-m', 'pip', ...install];
      check(options, 'install its requirements', await run(options, python, args, timeoutMs));
    }
  }
  const record: VenvRecord = {
    pack: options.pack,
    fingerprint: options.fingerprint,
    interpreter: interpreter.executable,
    python_version: interpreter.version,
    requirements: [...options.requirements],
    created_at: new Date().toISOString(),
  };
  await writeFile(path.join(dir, VENV_RECORD), `${JSON.stringify(record, null, 2)}\n`);
}

/** squall.yaml's python.pip as pip options. */
export function pipIndexArgs(pip: PipConfig): string[] {
  const args: string[] = [];
  if (pip.no_index) args.push('--no-index');
  if (pip.index_url) args.push('--index-url', pip.index_url);
  for (const url of pip.extra_index_url ?? []) args.push('--extra-index-url', url);
  for (const link of pip.find_links ?? []) args.push('--find-links', link);
  return args;
}

const pipVersions = new Map<string, Promise<boolean>>();

function pipHasPythonOption(interpreter: PythonInterpreter): Promise<boolean> {
  let known = pipVersions.get(interpreter.executable);
  if (!known) {
    known = spawnProcess({
      command: interpreter.executable,
      args: ['-m', 'pip', '--version'],
      env: pipEnvironment(),
      timeoutMs: 60_000,
    }).then((outcome) => {
      const match = /^pip (\d+)\.(\d+)/.exec(outcome.stdout);
      if (outcome.exitCode !== 0 || !match) return false;
      const [major, minor] = [Number(match[1]), Number(match[2])];
      return major > 22 || (major === 22 && minor >= 3);
    });
    pipVersions.set(interpreter.executable, known);
  }
  return known;
}

function run(
  options: BuildVenvOptions,
  command: string,
  args: string[],
  timeoutMs: number,
): Promise<ProcessOutcome> {
  return spawnProcess({
    command,
    args,
    env: pipEnvironment(),
    timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

function pipEnvironment(): NodeJS.ProcessEnv {
  return {
    ...childEnvironment(),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
  };
}

function check(options: BuildVenvOptions, what: string, outcome: ProcessOutcome): void {
  if (!outcome.spawnError && !outcome.timedOut && !outcome.canceled && outcome.exitCode === 0) return;
  const how = outcome.spawnError
    ? `could not start: ${outcome.spawnError.message}`
    : outcome.timedOut
      ? 'timed out'
      : outcome.canceled
        ? 'was canceled'
        : `exited with code ${outcome.exitCode}`;
  const output = `${outcome.stdout}\n${outcome.stderr}`.trim();
  const tail = output.length > ERROR_TAIL ? `…${output.slice(-ERROR_TAIL)}` : output;
  throw new BackendError(`pack ${options.pack}: could not ${what} (${how})${tail ? `:\n${tail}` : ''}`, {
    code: 'E_PACK_VENV',
    details: { pack: options.pack },
  });
}
