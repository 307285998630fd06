import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

import { childEnvironment } from '../../security/child-environment.js';
import type { RunnerContext } from '../runner.js';

export interface ActionEnvironmentOptions {
  /** The action's `env` runner parameter. */
  env?: unknown;
  /** More variables (e.g. parameters exported by local-shell-script). */
  extra?: Record<string, string>;
  /** @default process.env */
  base?: NodeJS.ProcessEnv;
}

/**
 * The environment an action process gets: the engine's own (without `SQUALL_*` variables, which
 * may hold the encryption key or database credentials), the action's `env`, and st2's common
 * `ST2_ACTION_*` variables.
 */
export function actionEnvironment(
  context: RunnerContext,
  options: ActionEnvironmentOptions = {},
): NodeJS.ProcessEnv {
  const env = childEnvironment(options.base);
  Object.assign(env, stringValues(options.env), options.extra);
  env['ST2_ACTION_PACK_NAME'] = context.action.spec.pack;
  env['ST2_ACTION_EXECUTION_ID'] = context.executionId;
  env['ST2_ACTION_NAME'] = context.action.ref;
  return env;
}

/** `{KEY: value}` with every value as text; objects become JSON. */
export function stringValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    out[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return out;
}

/** The first executable file called `name` on `searchPath`, or undefined. */
export function findExecutable(
  name: string,
  searchPath: string = process.env['PATH'] ?? '',
): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/** Reads a runner parameter that must be a non-negative number of seconds. */
export function timeoutSeconds(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
