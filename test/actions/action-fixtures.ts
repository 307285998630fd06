import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildActionDefinition } from '../../src/actions/build-action-definition.js';
import { createRunnerRegistry } from '../../src/actions/create-runner-registry.js';
import type { RunnerContext } from '../../src/actions/runner.js';
import type { ActionDefinition, ActionSpec } from '../../src/snapshot/model/action-definition.js';
import { silentLogger } from '../../src/common/logger.js';

export const registry = createRunnerRegistry({ process: { killGraceMs: 500 } });

/** An action definition built the way the loader builds it. */
export function defineAction(
  spec: Partial<ActionSpec> & Pick<ActionSpec, 'runner_type'>,
  packDir = '/nonexistent',
): ActionDefinition {
  return buildActionDefinition(
    { name: 'test_action', pack: 'tests', enabled: true, parameters: {}, ...spec },
    { packDir, runners: registry },
  );
}

export function runnerContext(
  action: ActionDefinition,
  parameters: Record<string, unknown>,
  signal: AbortSignal = new AbortController().signal,
): RunnerContext {
  return {
    executionId: 'exec-test',
    action,
    parameters,
    packDir: action.packDir,
    packConfig: {},
    signal,
    logger: silentLogger(),
  };
}

/** Runs `action` with its runner from the shared registry. */
export async function runAction(
  action: ActionDefinition,
  parameters: Record<string, unknown>,
  signal?: AbortSignal,
) {
  const runner = registry.get(action.spec.runner_type);
  if (!runner) throw new Error(`no runner ${action.spec.runner_type}`);
  return runner.run(runnerContext(action, parameters, signal));
}

export async function makeTempDir(
  prefix = 'squall-actions-',
): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** True while a process with this pid runs; a zombie (exited, not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}
