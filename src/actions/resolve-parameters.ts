import type { ActionDefinition, ParameterSpecs } from '../snapshot/model/action-definition.js';
import { errorMessage, ValidationError } from '../common/errors.js';
import { castParameterValue } from '../templates/cast-parameter.js';
import { renderParameters } from '../templates/render-parameters.js';
import type { TemplateContext } from '../templates/template-types.js';
import { checkParameterValues, type ParameterProblem } from './check-parameter-values.js';
import { createRunnerRegistry } from './create-runner-registry.js';
import { suggestName } from './suggest-name.js';
import type { RunnerRegistry } from './runner.js';

export interface ResolveParametersOptions {
  /**
   * Given when the supplied values are still templates (a rule's action parameters): they are
   * rendered with this context. Without it supplied values are taken literally, so a value that
   * came from a trigger payload is never rendered a second time. Defaults are always rendered.
   */
  context?: TemplateContext;
  /**
   * Take the supplied values literally even though a context is given (values typed by chat users):
   * only the action's defaults are rendered, with the context and the supplied values.
   */
  literal?: boolean;
  /** Tells which parameters a shell runs (their rendered values are shell-quoted). @default createRunnerRegistry() */
  runners?: RunnerRegistry;
}

type Problem = { parameter: string; code: string; message: string };

/**
 * The final parameters of one run of `action`, as st2 computes them: unknown and immutable
 * parameters refused, defaults applied (template defaults such as core.echo's
 * `echo "{{message}}"` rendered with the other parameters), values cast to their declared
 * types, then required, type and enum checked. Throws one ValidationError listing every problem.
 */
export function resolveActionParameters(
  action: ActionDefinition,
  supplied: Record<string, unknown>,
  options: ResolveParametersOptions = {},
): Record<string, unknown> {
  const specs = action.parameters;
  const given = Object.fromEntries(Object.entries(supplied).filter(([, value]) => value !== undefined));
  fail(action, refusedParameters(action, given));
  // null means "no value": the default applies, as st2 does.
  const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== null));

  const shellParameters = new Set(
    (options.runners ?? createRunnerRegistry()).get(action.spec.runner_type)?.shellParameters ?? [],
  );
  const problems: Problem[] = [];
  let values: Record<string, unknown>;
  try {
    if (options.context && options.literal !== true) {
      values = renderParameters(present, specs, options.context, { shellParameters });
    } else {
      const literal = castAll(present, specs, problems);
      values = { ...renderDefaults(specs, literal, shellParameters, options.context), ...literal };
    }
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`action ${action.ref}: ${error.message}`, { code: error.code, cause: error });
    }
    throw error;
  }
  const uncast = new Set(problems.map((problem) => problem.parameter));
  fail(action, [
    ...problems,
    ...checkParameterValues(action, values).filter((p) => !uncast.has(p.parameter)),
  ]);

  const ordered: Record<string, unknown> = {};
  for (const name of Object.keys(specs)) {
    if (values[name] !== undefined) ordered[name] = values[name];
  }
  return ordered;
}

/** Defaults of the parameters not supplied, rendered with the supplied values visible by name. */
function renderDefaults(
  specs: ParameterSpecs,
  literal: Record<string, unknown>,
  shellParameters: ReadonlySet<string>,
  base: TemplateContext = {},
): Record<string, unknown> {
  const unsupplied: ParameterSpecs = {};
  for (const [name, spec] of Object.entries(specs)) if (!(name in literal)) unsupplied[name] = spec;
  return renderParameters(
    {},
    unsupplied,
    { ...base, extra: { ...base.extra, ...literal } },
    { shellParameters },
  );
}

function castAll(
  given: Record<string, unknown>,
  specs: ParameterSpecs,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const spec = specs[name];
    if (!spec) continue;
    try {
      out[name] = castParameterValue(name, value, spec);
    } catch (error) {
      problems.push({ parameter: name, code: 'E_PARAMETER_INVALID', message: errorMessage(error) });
    }
  }
  return out;
}

function refusedParameters(action: ActionDefinition, given: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const names = Object.keys(action.parameters);
  for (const name of Object.keys(given)) {
    const spec = action.parameters[name];
    if (!spec) {
      problems.push({
        parameter: name,
        code: 'E_UNKNOWN_PARAMETER',
        message:
          `unknown parameter "${name}"` +
          suggestName(name, names, `; the action accepts ${names.join(', ') || 'no parameters'}`),
      });
    } else if (spec.immutable === true) {
      problems.push({
        parameter: name,
        code: 'E_IMMUTABLE_PARAMETER',
        message: `parameter "${name}" is immutable (fixed by the action's metadata); remove it from the supplied parameters`,
      });
    }
  }
  return problems;
}

function fail(action: ActionDefinition, problems: readonly (Problem | ParameterProblem)[]): void {
  const first = problems[0];
  if (!first) return;
  throw new ValidationError(`action ${action.ref}: ${problems.map((p) => p.message).join('; ')}`, {
    code: first.code,
    details: { problems: problems.map((p) => ({ ...p })) },
  });
}
