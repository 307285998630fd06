import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import { castParameterValue } from './cast-parameter.js';
import { compileTemplate, isTemplate } from './compile-template.js';
import { toOutputString } from './output-value.js';
import { orderParameters } from './parameter-order.js';
import { templateVariables } from './template-variables.js';
import type { CompiledTemplate, TemplateContext } from './template-types.js';
import { isRecord } from '../common/guards.js';

export interface RenderParametersOptions {
  /** Parameters whose values go to a shell (e.g. `cmd`): rendered in shell mode. */
  shellParameters?: ReadonlySet<string>;
  /** What the parameters belong to, for messages (e.g. `rule packs/git/rules/on_push.yaml`). */
  source?: string;
}

/**
 * Renders action parameters as StackStorm does (st2common/util/param.py): each value, or the
 * declared default when the value is absent or null (always the default for an immutable
 * parameter), is rendered deeply — strings inside lists and objects, object keys too — with the
 * other parameters visible by name, in dependency order; then cast to its declared type.
 * Parameters with neither a value nor a default are left out.
 */
export function renderParameters(
  raw: Record<string, unknown>,
  specs: ParameterSpecs,
  context: TemplateContext,
  options: RenderParametersOptions = {},
): Record<string, unknown> {
  const values = initialValues(raw, specs);
  const renderer = new ParameterRenderer(options);
  const dependencies = new Map<string, Set<string>>();
  for (const [name, value] of values) dependencies.set(name, renderer.variables(value));
  const rendered: Record<string, unknown> = {};
  // Values without templates are known first, so templates can read them by name. A template that
  // reads no variable (`{{ 1 + 2 }}`, `{% raw %}…{% endraw %}`) is still rendered.
  const literal = (name: string): boolean => !containsTemplate(values.get(name));
  for (const name of values.keys()) if (literal(name)) rendered[name] = values.get(name);
  for (const name of orderParameters(dependencies)) {
    if (literal(name)) continue;
    const scope: TemplateContext = { ...context, extra: { ...context.extra, ...rendered } };
    rendered[name] = renderer.render(
      values.get(name),
      name,
      scope,
      options.shellParameters?.has(name) === true,
    );
  }
  const result: Record<string, unknown> = {};
  for (const name of values.keys()) {
    const spec = specs[name];
    result[name] = spec ? castParameterValue(name, rendered[name], spec) : rendered[name];
  }
  return result;
}

function initialValues(raw: Record<string, unknown>, specs: ParameterSpecs): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const name of new Set([...Object.keys(raw), ...Object.keys(specs)])) {
    const spec = specs[name];
    const given = raw[name];
    const useDefault =
      spec !== undefined &&
      'default' in spec &&
      (given === undefined || given === null || spec.immutable === true);
    if (useDefault) values.set(name, spec.default);
    else if (Object.hasOwn(raw, name)) values.set(name, given);
  }
  return values;
}

class ParameterRenderer {
  private readonly compiled = new Map<string, CompiledTemplate>();

  constructor(private readonly options: RenderParametersOptions) {}

  /** Every name the templates anywhere in a value read. */
  variables(value: unknown, found = new Set<string>()): Set<string> {
    if (typeof value === 'string') {
      if (isTemplate(value)) for (const name of templateVariables(value)) found.add(name);
    } else if (Array.isArray(value)) {
      for (const item of value) this.variables(item, found);
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        this.variables(key, found);
        this.variables(item, found);
      }
    }
    return found;
  }

  render(value: unknown, name: string, context: TemplateContext, shell: boolean): unknown {
    if (typeof value === 'string') return this.template(value, name, shell)(context);
    if (Array.isArray(value)) return value.map((item) => this.render(item, name, context, shell));
    if (!isRecord(value)) return value;
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      output[toOutputString(this.template(key, name, false)(context))] = this.render(
        item,
        name,
        context,
        shell,
      );
    }
    return output;
  }

  private template(source: string, name: string, shell: boolean): CompiledTemplate {
    const cacheKey = `${shell ? 'sh' : 'tx'}:${name}:${source}`;
    let compiled = this.compiled.get(cacheKey);
    if (!compiled) {
      const owner = this.options.source ? `${this.options.source} ` : '';
      compiled = compileTemplate(source, { shell, name: `${owner}parameter "${name}"` });
      this.compiled.set(cacheKey, compiled);
    }
    return compiled;
  }
}

function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isTemplate(value);
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (isRecord(value))
    return Object.entries(value).some(([key, item]) => isTemplate(key) || containsTemplate(item));
  return false;
}
