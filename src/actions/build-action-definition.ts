import type { ActionDefinition, ActionSpec, ParameterSpecs } from '../snapshot/model/action-definition.js';
import { ValidationError, type SourceLocation } from '../common/errors.js';
import { shellTemplateProblem } from '../templates/check-shell-template.js';
import { suggestName } from './suggest-name.js';
import type { RunnerRegistry } from './runner.js';

/** Runners that read their code from `entry_point`. */
const ENTRY_POINT_RUNNERS = new Set(['local-shell-script', 'nodejs']);

export interface BuildActionOptions {
  packDir: string;
  runners: RunnerRegistry;
  source?: SourceLocation;
}

/**
 * Turns validated metadata into a runnable action: the runner's parameters merged with the
 * action's. A st2 runner type Squall cannot run gives an action marked `unsupported`.
 */
export function buildActionDefinition(spec: ActionSpec, options: BuildActionOptions): ActionDefinition {
  const ref = `${spec.pack}.${spec.name}`;
  const base = {
    ref,
    spec,
    packDir: options.packDir,
    ...(options.source ? { source: options.source } : {}),
  };
  const runner = options.runners.get(spec.runner_type);
  if (!runner) {
    const reason = options.runners.unsupportedReason(spec.runner_type);
    if (reason) return { ...base, parameters: spec.parameters, unsupported: reason };
    const known = options.runners.list().map((r) => r.name);
    throw invalid(
      options.source,
      `action ${ref}: unknown runner_type "${spec.runner_type}"` +
        suggestName(spec.runner_type, options.runners.knownRunnerTypes(), `; use one of ${known.join(', ')}`),
    );
  }
  if (ENTRY_POINT_RUNNERS.has(runner.name) && !spec.entry_point) {
    throw invalid(
      options.source,
      `action ${ref}: runner ${runner.name} needs "entry_point", the file to run relative to the pack's actions/ folder`,
    );
  }
  const parameters = mergeRunnerParameters(runner.parameters, spec.parameters);
  for (const name of runner.shellParameters) {
    const fallback = parameters[name]?.default;
    const problem =
      typeof fallback === 'string' ? shellTemplateProblem(fallback, `parameters.${name}.default`) : undefined;
    if (problem) throw invalid(options.source, `action ${ref}: ${problem}`);
  }
  return { ...base, parameters, shellParameters: runner.shellParameters };
}

/**
 * st2's merge: runner parameters first, each overridden field by field by the action's
 * declaration of the same name (the action's values win); `immutable` is ORed.
 */
export function mergeRunnerParameters(runner: ParameterSpecs, action: ParameterSpecs): ParameterSpecs {
  const merged: ParameterSpecs = {};
  for (const [name, spec] of Object.entries(runner)) {
    const own = action[name];
    if (!own) {
      merged[name] = { ...spec };
      continue;
    }
    const immutable = spec.immutable === true || own.immutable === true;
    merged[name] = { ...spec, ...own, ...(immutable ? { immutable: true } : {}) };
  }
  for (const [name, spec] of Object.entries(action)) {
    if (!(name in merged)) merged[name] = { ...spec };
  }
  return merged;
}

function invalid(source: SourceLocation | undefined, message: string): ValidationError {
  const where = source ? `${source.file}${source.line === undefined ? '' : `:${source.line}`}: ` : '';
  return new ValidationError(`${where}${message}`, {
    code: 'E_ACTION_INVALID',
    ...(source ? { location: source } : {}),
  });
}
