import { compileTemplate, isTemplate } from '../../templates/compile-template.js';
import { pythonStr } from '../../templates/python-repr.js';
import type { CompiledTemplate, TemplateContext } from '../../templates/template-types.js';

const compiled = new Map<string, CompiledTemplate>();

function render(text: string, context: TemplateContext, shell: boolean): string {
  const cacheKey = `${shell ? 'sh' : 'tx'}:${text}`;
  let template = compiled.get(cacheKey);
  if (!template) {
    if (compiled.size > 5000) compiled.clear();
    template = compileTemplate(text, { strict: true, shell, name: 'value' });
    compiled.set(cacheKey, template);
  }
  const value = template(context);
  return typeof value === 'string' ? value : pythonStr(value);
}

/** Which value failed, for StackStorm's message. */
export class RenderValueError extends Error {
  constructor(
    readonly key: string,
    readonly template: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * st2's `render_values` (st2common/util/jinja.py), which ActionChain uses for vars, params and
 * publish: a string renders to text; a list or dict is rendered as its JSON text and read back;
 * anything else, or a value that renders to itself, keeps its original value. Undefined names are
 * errors (StrictUndefined). Values of `shell` keys (a shell command such as core.local's `cmd`)
 * are rendered with Squall's shell quoting, as every action parameter a shell runs.
 */
export function renderValues(
  mapping: Record<string, unknown>,
  context: TemplateContext,
  shell: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    const structured = typeof value === 'object' && value !== null;
    const text = structured ? JSON.stringify(value) : typeof value === 'string' ? value : pythonStr(value);
    if (!isTemplate(text)) {
      rendered[key] = value;
      continue;
    }
    let output: string;
    try {
      output = render(text, context, !structured && shell.has(key));
    } catch (error) {
      throw new RenderValueError(key, text, error);
    }
    rendered[key] = output === text ? value : structured ? (JSON.parse(output) as unknown) : output;
  }
  return rendered;
}
