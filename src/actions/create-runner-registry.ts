import type { Runner, RunnerRegistry } from './runner.js';
import { createHttpRequestRunner, type HttpRequestRunnerOptions } from './runners/http-request.js';
import type { ProcessRunnerOptions } from './runners/local-runner-options.js';
import { createLocalShellCmdRunner } from './runners/local-shell-cmd.js';
import { createLocalShellScriptRunner } from './runners/local-shell-script.js';
import { createNodejsRunner } from './runners/nodejs.js';
import { createNoopRunner } from './runners/noop.js';
import { createInquirerRunner } from './runners/inquirer.js';
import { createPythonRunner, type PythonRunnerOptions } from './runners/python/python-runner.js';
import { createRemoteShellCmdRunner } from './runners/remote-shell/remote-shell-cmd.js';
import { createRemoteShellScriptRunner } from './runners/remote-shell/remote-shell-script.js';
import type { SshConfig } from '../config/squall-config.js';
import { canonicalRunnerType, RUNNER_ALIASES, UNSUPPORTED_RUNNERS } from './unsupported-runners.js';

export interface RunnerRegistryOptions {
  process?: ProcessRunnerOptions;
  http?: HttpRequestRunnerOptions;
  /** python-script: home (virtualenvs), squall.yaml's `python:` and the datastore for action_service. */
  python?: PythonRunnerOptions;
  /** remote-shell-cmd / remote-shell-script: squall.yaml's `ssh:`. */
  ssh?: Partial<SshConfig>;
  /** More runners (or replacements of built-in ones, by name). */
  extra?: readonly Runner[];
}

/**
 * The built-in runners: local-shell-cmd, local-shell-script, nodejs, http-request, noop,
 * python-script, remote-shell-cmd, remote-shell-script and inquirer (core.ask).
 */
export function createRunnerRegistry(options: RunnerRegistryOptions = {}): RunnerRegistry {
  const runners = new Map<string, Runner>();
  const python = createPythonRunner({
    ...options.python,
    ...(options.process?.maxOutputBytes === undefined
      ? {}
      : { maxOutputBytes: options.process.maxOutputBytes }),
    ...(options.process?.killGraceMs === undefined ? {} : { killGraceMs: options.process.killGraceMs }),
  });
  const remote = {
    ...options.process,
    ...(options.ssh ? { ssh: options.ssh } : {}),
  };
  for (const runner of [
    createLocalShellCmdRunner(options.process),
    createLocalShellScriptRunner(options.process),
    createNodejsRunner(options.process),
    createHttpRequestRunner(options.http),
    createNoopRunner(),
    createInquirerRunner(),
    python,
    createRemoteShellCmdRunner(remote),
    createRemoteShellScriptRunner(remote),
    ...(options.extra ?? []),
  ]) {
    runners.set(runner.name, runner);
  }
  return {
    get: (runnerType) => runners.get(canonicalRunnerType(runnerType)),
    list: () => [...runners.values()],
    unsupportedReason: (runnerType) => {
      const type = canonicalRunnerType(runnerType);
      return runners.has(type) ? undefined : UNSUPPORTED_RUNNERS[type];
    },
    close: () => python.close(),
    knownRunnerTypes: () =>
      [
        ...new Set([...runners.keys(), ...Object.keys(UNSUPPORTED_RUNNERS), ...Object.keys(RUNNER_ALIASES)]),
      ].sort(),
  };
}
